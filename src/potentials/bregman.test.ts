import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend, type Dec } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import { parseMat, parseVec, qmatmul, qsolve, qtranspose, sub, type Q } from '../numeric/rational.js';
import type { AnyBackend } from '../numeric/types.js';
import { bregmanProjection, certifyIterate, bregmanData, type BregmanProblem } from './bregman.js';
import { makePotential, potentialLabel, potentialSpecArb, type PotentialSpec } from './registry.js';

const D = decBackend(60);
const qToDec = (v: Q) => D.div(D.num(v.n.toString()), D.num(v.d.toString()));

/** w₀ + Xᵀ(XXᵀ)⁻¹(y − Xw₀) in exact rationals: the least-norm correction (squared potential's oracle). */
function leastNorm(p: BregmanProblem): Q[] {
  const X = parseMat(p.X);
  const w0 = parseVec(p.w0);
  const r = parseVec(p.y).map((yi, i) =>
    sub(
      yi,
      qmatmul(
        [X[i]!],
        w0.map((v) => [v]),
      )[0]![0]!,
    ),
  );
  const lam = qsolve(qmatmul(X, qtranspose(X)), r);
  if (lam === null) throw new Error('singular XXᵀ');
  const corr = qmatmul(
    qtranspose(X),
    lam.map((v) => [v]),
  );
  return w0.map((v, j) => ({ n: v.n * corr[j]![0]!.d + corr[j]![0]!.n * v.d, d: v.d * corr[j]![0]!.d }));
}

/** Contains: |mid − exact| ≤ err, in dec:60 (exact conversions of the backend's numbers). */
function contains(B: AnyBackend, value: unknown, err: unknown, exact: ReturnType<typeof qToDec>): boolean {
  const m = D.num(B.show(value));
  const r = D.num(B.show(err));
  return D.cmp(D.abs(D.sub(m, exact)), r) <= 0;
}

const P1: BregmanProblem = {
  X: [
    ['1', '0.5', '-0.25', '0'],
    ['0.25', '1', '0.5', '-1'],
  ],
  y: ['0.75', '-0.5'],
  w0: ['0.5', '0.25', '1', '0.125'],
};

/** Under-determined X = L·[I | A] (L unit lower triangular: full row rank by construction), dyadic entries. */
const problemArb: fc.Arbitrary<BregmanProblem> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([m, extra]) => {
    const d = m + extra;
    const e = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => k / 8);
    return fc.record({
      L: fc.array(fc.array(e(-4, 4), { minLength: m, maxLength: m }), { minLength: m, maxLength: m }),
      A: fc.array(fc.array(e(-8, 8), { minLength: extra, maxLength: extra }), { minLength: m, maxLength: m }),
      wt: fc.array(e(1, 8), { minLength: d, maxLength: d }),
      w0: fc.array(e(1, 8), { minLength: d, maxLength: d }),
    });
  })
  .map(({ L, A, wt, w0 }) => {
    const m = L.length;
    const base = A.map((row, i) => [...Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)), ...row]);
    const Lu = L.map((row, i) => row.map((v, j) => (i === j ? 1 : j < i ? v : 0)));
    const X = Lu.map((row) => base[0]!.map((_, c) => row.reduce((s, v, k) => s + v * base[k]![c]!, 0)));
    // y = X·w_t with w_t > 0 (so the negative entropy's feasible set meets its domain); all dyadic, exact in doubles
    const y = X.map((row) => row.reduce((s, v, c) => s + v * wt[c]!, 0));
    return { X: X.map((r) => r.map(String)), y: y.map(String), w0: w0.map(String) };
  });

describe('bregmanProjection', () => {
  it.each([f64Backend(), ddBackend(), D] as AnyBackend[])(
    'squared potential on %s: encloses the exact least-norm solution from w₀, with a radius at the precision',
    (B) => {
      const r = bregmanProjection(makePotential(B, { name: 'squared' }), P1);
      if (!r.ok) throw new Error(r.reason);
      const exact = leastNorm(P1);
      const scale = B.id === 'f64' ? 1e-12 : B.id === 'dd' ? 1e-27 : 1e-50;
      exact.forEach((q, j) => {
        expect(contains(B, B.at(r.wStar.value, j), B.at(r.wStar.err, j), qToDec(q))).toBe(true);
        expect(B.toNumber(B.at(r.wStar.err, j))).toBeLessThanOrEqual(scale);
      });
    },
  );

  it('encloses the exact least-norm solution on random instances (f64 and dd)', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const exact = leastNorm(p);
        for (const B of [f64Backend(), ddBackend()] as AnyBackend[]) {
          const r = bregmanProjection(makePotential(B, { name: 'squared' }), p);
          if (!r.ok) throw new Error(r.reason);
          exact.forEach((q, j) =>
            expect(contains(B, B.at(r.wStar.value, j), B.at(r.wStar.err, j), qToDec(q)), `${B.id} w*[${j}]`).toBe(true),
          );
        }
      }),
      { numRuns: 25 },
    );
  });

  it('every registered potential: the dd enclosure is tight and contains the dec:40 oracle; w* is feasible and stationary', () => {
    const H = decBackend(40);
    fc.assert(
      fc.property(potentialSpecArb, problemArb, (s: PotentialSpec, p) => {
        const B = ddBackend();
        const r = bregmanProjection(makePotential(B, s), p);
        const hi = bregmanProjection(makePotential<Dec>(H, s), p);
        if (!r.ok || !hi.ok) {
          // the p-norm with p < 2 has φ″ = ∞ at 0: no certificate when w* has a zero entry (a documented limit)
          const reason = r.ok ? (hi.ok ? '' : hi.reason) : r.reason;
          expect(s.name === 'pNorm' && Number(s.param) < 2, `${potentialLabel(s)}: ${reason}`).toBe(true);
          return;
        }
        for (let j = 0; j < p.w0.length; j++) {
          const ref = H.at(hi.wStar.value, j);
          expect(H.toNumber(H.at(hi.wStar.err, j))).toBeLessThanOrEqual(1e-32);
          // dd's ball contains dec:40's midpoint up to dec:40's own radius
          const m = H.num(B.show(B.at(r.wStar.value, j)));
          const rad = H.add(H.num(B.show(B.at(r.wStar.err, j))), H.at(hi.wStar.err, j));
          expect(H.cmp(H.abs(H.sub(m, ref)), rad) <= 0, `${potentialLabel(s)} w*[${j}]`).toBe(true);
          expect(B.toNumber(B.at(r.wStar.err, j))).toBeLessThanOrEqual(1e-20);
        }
        // the oracle is an exact projection: X w* = y, and ∇Φ(w*) − ∇Φ(w₀) ∈ row(X) (its own dual point)
        const it = certifyIterate(makePotential<Dec>(H, s), bregmanData(makePotential<Dec>(H, s), p), hi.wStar.value);
        if ('reason' in it) throw new Error(it.reason);
        expect(H.toNumber(it.feasibility)).toBeLessThanOrEqual(1e-30);
      }),
      { numRuns: 8 },
    );
  });

  it('the enclosure has teeth: the oracle of x² + x⁴ excludes the least-norm solution', () => {
    const B = ddBackend();
    const r = bregmanProjection(makePotential(B, { name: 'squaredPlusQuartic' }), P1);
    if (!r.ok) throw new Error(r.reason);
    const exact = leastNorm(P1);
    expect(exact.some((q, j) => !contains(B, B.at(r.wStar.value, j), B.at(r.wStar.err, j), qToDec(q)))).toBe(true);
  });

  it('says why when there is no certificate, and rejects malformed problems in one line', () => {
    const B = f64Backend();
    const P = makePotential(B, { name: 'squared' });
    const rankOne = {
      X: [
        ['1', '2'],
        ['2', '4'],
      ],
      y: ['1', '2'],
      w0: ['0', '0'],
    };
    const r = bregmanProjection(P, rankOne);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/full row rank/);
    expect(() => bregmanProjection(P, { X: [['1', '2']], y: ['1', '2'], w0: ['0', '0'] })).toThrow(
      /^bregman: y has 2 entries, expected 1/,
    );
    expect(() => bregmanProjection(P, { X: [['1'], ['2']], y: ['1', '2'], w0: ['0'] })).toThrow(/m ≤ d/);
    expect(() => bregmanProjection(P, { X: [['1', '2']], y: ['1'], w0: ['0'] })).toThrow(
      /w0 has 1 entries, expected 2/,
    );
  });
});
