import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absorbExact, bruteForceSvm } from '../svm/exact.testkit.js';
import { assertExactJson } from './laws.js';
import { type Q, ONE, ZERO, add, cmp, div, dot, eq, isZero, mul, parseNum, qsolve, sub } from '../numeric/rational.js';
import type { PlantedSvmSpec } from './separable.js';
import { plantedSvmData } from './separable.js';

/** Rank of a rational matrix (rows), by exact elimination. */
function rank(rows: Q[][]): number {
  const M = rows.map((r) => [...r]);
  let rk = 0;
  const cols = M[0]?.length ?? 0;
  for (let c = 0; c < cols && rk < M.length; c++) {
    const p = M.findIndex((r, i) => i >= rk && !isZero(r[c]!));
    if (p < 0) continue;
    [M[rk], M[p]] = [M[p]!, M[rk]!];
    for (let i = rk + 1; i < M.length; i++) {
      const f = div(M[i]![c]!, M[rk]![c]!);
      M[i] = M[i]!.map((x, j) => sub(x, mul(f, M[rk]![j]!)));
    }
    rk++;
  }
  return rk;
}

describe('plantedSvmData', () => {
  it('plants exact KKT conditions: ŵ = Σα_n y_n x_n, y_n x_nᵀŵ ≥ 1 with equality exactly on the margin set, α ≥ 0, ‖ŵ‖ = 1/γ', () => {
    fc.assert(
      fc.property(plantedSvmData({ d: { min: 1, max: 4 }, extraOnMargin: { min: 0, max: 1 } }), (s) => {
        assertExactJson(s);
        const Z = absorbExact(s.X, s.y);
        const a = s.alpha.map((x) => parseNum(x));
        const w = s.wHat.map((x) => parseNum(x));
        const gamma = parseNum(s.margin);
        for (let j = 0; j < w.length; j++) {
          expect(
            eq(
              Z.reduce((acc, z, n) => add(acc, mul(a[n]!, z[j]!)), ZERO),
              w[j]!,
            ),
          ).toBe(true);
        }
        Z.forEach((z, n) => {
          const m = dot(z, w);
          expect(cmp(m, ONE)).toBeGreaterThanOrEqual(0);
          expect(eq(m, ONE)).toBe(s.marginSet.includes(n));
          expect(cmp(a[n]!, ZERO)).toBeGreaterThanOrEqual(0);
          expect(!isZero(a[n]!)).toBe(s.support.includes(n));
        });
        expect(eq(mul(dot(w, w), mul(gamma, gamma)), ONE)).toBe(true);
        // Support vectors linearly independent (unique α) and, with the default k = d, spanning R^d (Theorem 4).
        const ZS = s.support.map((i) => Z[i]!);
        expect(rank(ZS)).toBe(ZS.length);
        expect(ZS.length).toBe(s.wHat.length);
        expect(
          qsolve(
            ZS.map((zi) => ZS.map((zj) => dot(zi, zj))),
            ZS.map(() => ONE),
          ),
        ).not.toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('agrees with the exact brute-force SVM on small instances (independent of the planted formula)', () => {
    fc.assert(
      fc.property(plantedSvmData({ d: { min: 1, max: 3 }, offMargin: { min: 0, max: 3 } }), (s) => {
        const exact = bruteForceSvm(absorbExact(s.X, s.y));
        expect(exact).not.toBeNull();
        exact!.w.forEach((x, j) => expect(eq(x, parseNum(s.wHat[j]!))).toBe(true));
        expect(exact!.support).toEqual(s.support);
      }),
      { numRuns: 100 },
    );
  });

  it('shrinks toward d = 1, one support vector and γ = 1', () => {
    const out = fc.check(
      fc.property(plantedSvmData(), () => false),
      { seed: 1 },
    );
    const [s] = out.counterexample! as [PlantedSvmSpec];
    expect(s.X.length).toBe(1);
    expect(s.margin).toBe('1');
  });

  it('rejects a margin that is not of the form 2^a·5^b', () => {
    expect(() => plantedSvmData({ margins: ['0.3'] })).toThrow(/2\^a·5\^b/);
  });
});
