import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { svd, topSingular, stableRank } from './svd.js';
import { backends, within } from './backends.testkit.js';
import { diagonal, frobenius, householder, isDecimalDivisor, mul, toStrings } from './exact.testkit.js';

const householderVector = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }).filter((v) => {
    const s = v.reduce((a, x) => a + x * x, 0);
    return s > 0 && isDecimalDivisor(s);
  });

/** A = H_m(v)·Σ·H_n(w)ᵀ (m×n, exact decimals) with prescribed singular values k/8, k ∈ [0, 64], sorted descending. */
const prescribed = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })).chain(([m, n]) =>
  fc
    .tuple(householderVector(m), householderVector(n), fc.array(fc.integer({ min: 0, max: 64 }), { minLength: Math.min(m, n), maxLength: Math.min(m, n) }))
    .map(([v, w, ks]) => {
      const sigma = ks.map((k) => String(k / 8));
      const A = mul(mul(householder(v), diagonal(m, n, sigma)), householder(w), true);
      return { m, n, A, sigma: [...sigma].sort((a, b) => Number(b) - Number(a)) };
    }),
);

/** Input rounding of the exact entries moves singular values by ≤ ‖ΔA‖₂ ≤ u‖A‖_F (doubled for the double ‖A‖_F). */
const inputError = (B: AnyBackend, normF: number) => B.mul(B.eps, B.fromDouble(2 * normF));

/** Smallness target for the bars: the global bar is ≈ (η_U + η_V)/2·σ + e_W with η ≲ 4k(k+2)u and
 * e_W = 2g‖A‖_F‖V‖_F ≈ 4(k+2)√k·u‖A‖_F, i.e. ≲ 40·k·u·‖A‖_F at k ≤ 5; 100·max(m,n)·u·‖A‖_F leaves room only for
 * real regressions. */
const smallBar = (B: AnyBackend, mn: number, normF: number) => B.mul(B.eps, B.fromDouble(100 * mn * Math.max(normF, Number.MIN_VALUE)));

describe.each(backends.map((B) => [B.id, B] as const))('svd on %s', (_id, B) => {
  it('puts every prescribed singular value of H·Σ·Hᵀ inside its error bar, with bars ≤ 100·max(m,n)·u·‖A‖_F', () => {
    fc.assert(
      fc.property(prescribed, ({ m, n, A, sigma }) => {
        const normF = frobenius(A);
        const s = svd(B, B.mat(toStrings(A)));
        expect(s.values.length).toBe(Math.min(m, n));
        sigma.forEach((sig, j) => {
          const bar = B.add(s.errors[j], inputError(B, normF));
          expect(within(B, s.values[j], sig, bar), `σ_${j} = ${sig}, got ${B.show(s.values[j])} ± ${B.show(s.errors[j])}`).toBe(true);
          expect(B.cmp(s.errors[j], smallBar(B, Math.max(m, n), normF)) <= 0).toBe(true);
        });
      }),
      { numRuns: B.id === 'f64' ? 100 : 20 },
    );
  });

  it('returns singular triples with A·v ≈ σ·u and Aᵀ·u ≈ σ·v', () => {
    fc.assert(
      fc.property(prescribed, ({ m, n, A, sigma }) => {
        const M = B.mat(toStrings(A));
        const s = svd(B, M);
        const normF = frobenius(A);
        for (let j = 0; j < Math.min(m, n); j++) {
          // for an exactly zero σ_j the computed σ̂_j is rounding noise and u_j carries no information
          if (sigma[j] === '0') continue;
          const r = B.nrm2(B.axpy(B.neg(s.values[j]), s.U[j], B.gemv(M, s.V[j])));
          const t = B.nrm2(B.axpy(B.neg(s.values[j]), s.V[j], B.gemv(M, s.U[j], true)));
          expect(B.cmp(B.max(r, t), smallBar(B, Math.max(m, n), normF)) <= 0).toBe(true);
        }
      }),
      { numRuns: B.id === 'f64' ? 50 : 10 },
    );
  });

  it('finds σ = (5, 3) for [[3, 2, 2], [2, 3, −2]] and for its transpose', () => {
    const A = B.mat([['3', '2', '2'], ['2', '3', '-2']]);
    for (const M of [A, B.transpose(A)]) {
      const s = svd(B, M);
      expect(within(B, s.values[0], '5', s.errors[0])).toBe(true);
      expect(within(B, s.values[1], '3', s.errors[1])).toBe(true);
      expect(B.cmp(s.errors[0], smallBar(B, 3, 5)) <= 0).toBe(true);
      expect(B.dim(s.U[0])).toBe(B.rows(M));
      expect(B.dim(s.V[0])).toBe(B.cols(M));
    }
    // u₁ = ±(1, 1)/√2 and v₁ = ±(1, 1, 0)/√2 within the angle bar
    const top = topSingular(B, A);
    const cu = B.div(B.abs(B.dot(top.u, B.vec(['1', '1']))), B.sqrt(B.int(2)));
    const cv = B.div(B.abs(B.dot(top.v, B.vec(['1', '1', '0']))), B.sqrt(B.int(2)));
    const bound = B.add(B.mul(top.vectorErr, top.vectorErr), B.mul(B.int(10), B.eps));
    expect(B.cmp(B.sub(B.one, B.mul(cu, cu)), bound) <= 0).toBe(true);
    expect(B.cmp(B.sub(B.one, B.mul(cv, cv)), bound) <= 0).toBe(true);
    expect(B.cmp(top.vectorErr, smallBar(B, 3, 5)) <= 0).toBe(true);
  });

  it('gives stable rank exactly 1 (within its small bar) for rank-one matrices x·yᵀ', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 5 }),
        (x, y) => {
          fc.pre(x.some((v) => v !== 0) && y.some((v) => v !== 0));
          const A = B.ger(B.vec(x.map((v) => String(v / 4))), B.vec(y.map((v) => String(v))));
          const sr = stableRank(B, A);
          expect(within(B, sr.value, '1', sr.err)).toBe(true);
          // bar from σ₁'s relative bar (≈ 2·err/σ) plus ‖A‖_F rounding: ≲ 100·max(m,n)·u
          expect(B.cmp(sr.err, smallBar(B, Math.max(x.length, y.length), 2)) <= 0).toBe(true);
          const s = svd(B, A);
          for (let j = 1; j < s.values.length; j++) expect(within(B, s.values[j], '0', s.errors[j])).toBe(true);
        },
      ),
      { numRuns: B.id === 'f64' ? 100 : 20 },
    );
  });

  it('gives the stable rank 25/16 of diag(3, 4) within its bar', () => {
    const sr = stableRank(B, B.mat([['3', '0'], ['0', '4']]));
    expect(within(B, sr.value, '1.5625', sr.err)).toBe(true);
    expect(B.cmp(sr.err, smallBar(B, 2, 2)) <= 0).toBe(true);
  });

  it('handles 1×1, row, column and zero matrices', () => {
    const one = svd(B, B.mat([['-2.5']]));
    expect(within(B, one.values[0], '2.5', one.errors[0])).toBe(true);
    const row = svd(B, B.mat([['3', '4']]));
    expect(within(B, row.values[0], '5', row.errors[0])).toBe(true);
    expect(B.dim(row.U[0])).toBe(1);
    expect(B.dim(row.V[0])).toBe(2);
    const col = svd(B, B.mat([['3'], ['4']]));
    expect(within(B, col.values[0], '5', col.errors[0])).toBe(true);
    const z = svd(B, B.mzeros(3, 2));
    expect(z.values.every((v) => B.isZero(v))).toBe(true);
    expect(z.errors.every((v) => B.isZero(v))).toBe(true);
    expect(() => stableRank(B, B.mzeros(2, 2))).toThrow(/undefined/);
    expect(() => svd(B, B.mzeros(0, 3))).toThrow(/empty/);
  });
});

describe('svd against ml-matrix (f64)', () => {
  const B = f64Backend();
  it('agrees with ml-matrix singular values on random matrices within our bar plus ml-matrix\'s backward error', () => {
    // ml-matrix's Golub–Kahan SVD is backward stable: |σ̂ − σ| ≲ c·max(m,n)·u·‖A‖; we allow c = 100.
    const entry = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 64);
    const mat = fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })).chain(([m, n]) =>
      fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }),
    );
    fc.assert(
      fc.property(mat, (a) => {
        const m = a.length;
        const n = a[0]!.length;
        const s = svd(B, B.mat(a.map((r) => r.map(String))));
        const ml = new SingularValueDecomposition(new Matrix(a), { autoTranspose: true }).diagonal.slice().sort((x, y) => y - x);
        const normF = Math.hypot(...a.flat());
        for (let j = 0; j < Math.min(m, n); j++) {
          expect(Math.abs(s.values[j]! - ml[j]!)).toBeLessThanOrEqual(s.errors[j]! + 100 * Math.max(m, n) * B.eps * normF);
        }
      }),
      { numRuns: 200 },
    );
  });
});
