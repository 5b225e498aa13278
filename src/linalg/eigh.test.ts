import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { eigh, topEigen, bottomEigen } from './eigh.js';
import { backends, within } from './backends.testkit.js';
import { diagonal, frobenius, householder, isDecimalDivisor, mul, toStrings, type ExactMat } from './exact.testkit.js';

/** An integer vector of length n with vᵀv = 2^a·5^b, so its Householder reflection has finite-decimal entries. */
const householderVector = (n: number): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: -3, max: 3 }), { minLength: n, maxLength: n }).filter((v) => {
    const s = v.reduce((a, x) => a + x * x, 0);
    return s > 0 && isDecimalDivisor(s);
  });

/** Eigenvalues k/8, k ∈ [−64, 64] (exact decimals, often repeated for small ranges). */
const eigenvalue = fc.integer({ min: -64, max: 64 }).map((k) => String(k / 8));

/** A = Q D Qᵀ with Q = H(v₁)H(v₂), built exactly; returns A and the prescribed spectrum sorted descending. */
const prescribed = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc
    .tuple(householderVector(n), householderVector(n), fc.array(eigenvalue, { minLength: n, maxLength: n }))
    .map(([v1, v2, d]) => {
      const Q = mul(householder(v1), householder(v2));
      const A: ExactMat = mul(mul(Q, diagonal(n, n, d)), Q, true);
      return { n, A, spectrum: [...d].sort((a, b) => Number(b) - Number(a)) };
    }),
);

/** How much rounding the exact decimal entries on input may shift the eigenvalues: ‖ΔA‖₂ ≤ u‖A‖_F (one rounding per
 * entry), doubled for the double-valued ‖A‖_F used to state it. */
const inputError = (B: AnyBackend, normF: number) => B.mul(B.eps, B.fromDouble(2 * normF));

/** Stated smallness target for the bars (brief: ≤ ~100·n·u·‖A‖): the derived bars are ≈ 24·n·u·‖A‖_F for isolated
 * eigenvalues (the Rayleigh-quotient rounding 2g(‖A‖_F + |θ|), g = 2(n+2)u) and ≲ 60·n·u·‖A‖_F for clusters at
 * n ≤ 8 (the n²·u orthogonality term), so 100·n·u·‖A‖_F can only be exceeded by a real regression. */
const smallBar = (B: AnyBackend, n: number, normF: number) =>
  B.mul(B.eps, B.fromDouble(100 * n * Math.max(normF, Number.MIN_VALUE)));

/**
 * sin²∠(x, q) computed as 1 − d²/(xᵀx·qᵀq), d = xᵀq: no square root, and ‖q‖ ≠ 1 costs nothing. Against the exact
 * value it errs by ≤ γ_k (Higham Lemma 3.1), k = 4n + 3: d² carries 2γ_n (|x|ᵀ|q| ≤ ‖x‖‖q‖ ≈ |d|, cos ≈ 1) and one
 * rounding, qᵀq and xᵀx γ_n each (xᵀx exact for small integers: k = 3n + 3), product and quotient 2; 1 − ĉ² is exact
 * (Sterbenz, ĉ² ≈ 1).
 */
function sin2(B: AnyBackend, x: unknown, q: unknown): unknown {
  const d = B.dot(x, q);
  return B.sub(B.one, B.div(B.mul(d, d), B.mul(B.dot(x, x), B.dot(q, q))));
}
const gamma = (B: AnyBackend, k: number) => B.div(B.mul(B.int(k), B.eps), B.sub(B.one, B.mul(B.int(k), B.eps)));

describe.each(backends.map((B) => [B.id, B] as const))('eigh on %s', (_id, B) => {
  it('puts every prescribed eigenvalue of Q·D·Qᵀ inside its error bar, and the bars are ≤ 100·n·u·‖A‖_F', () => {
    fc.assert(
      fc.property(prescribed, ({ n, A, spectrum }) => {
        const normF = frobenius(A);
        const e = eigh(B, B.mat(toStrings(A)));
        expect(e.values.length).toBe(n);
        for (let k = 0; k < n; k++) {
          const bar = B.add(e.errors[k], inputError(B, normF));
          expect(
            within(B, e.values[k], spectrum[k]!, bar),
            `λ_${k} = ${spectrum[k]}, got ${B.show(e.values[k])} ± ${B.show(e.errors[k])}`,
          ).toBe(true);
          expect(B.cmp(e.errors[k], smallBar(B, n, normF)) <= 0, `bar ${B.show(e.errors[k])} too large`).toBe(true);
        }
      }),
      { numRuns: B.id === 'f64' ? 100 : 25 },
    );
  });

  it('returns orthonormal eigenvectors with small residuals ‖Aq − λq‖', () => {
    fc.assert(
      fc.property(prescribed, ({ n, A }) => {
        const M = B.mat(toStrings(A));
        const e = eigh(B, M);
        for (let i = 0; i < n; i++) {
          const qi = e.vectors[i];
          // residual bound is an upper bound on the true residual: check the computed one against it
          const r = B.nrm2(B.axpy(B.neg(e.values[i]), qi, B.gemv(M, qi)));
          expect(B.cmp(r, e.residuals[i]) <= 0).toBe(true);
          for (let j = 0; j < n; j++) {
            const target = i === j ? '1' : '0';
            // ‖QᵀQ − I‖₂ ≤ η, hence every entry is within η
            expect(within(B, B.dot(qi, e.vectors[j]), target, e.orthogonality)).toBe(true);
          }
        }
        expect(B.cmp(e.orthogonality, smallBar(B, n, 1)) <= 0).toBe(true);
      }),
      { numRuns: B.id === 'f64' ? 50 : 10 },
    );
  });

  it('gives eigenvector bars that contain the exact eigenvector of an isolated eigenvalue', () => {
    // A = H diag(3, 1, −2) H with H = I − 2vvᵀ/vᵀv, v = (1, 2, 0, ...): exact eigenvectors are the columns of H.
    const H = householder([1, 2, 0]);
    const A = mul(mul(H, diagonal(3, 3, ['3', '1', '-2'])), H, true);
    const e = eigh(B, B.mat(toStrings(A)));
    const cols = toStrings(H);
    for (let k = 0; k < 3; k++) {
      const x = B.vec(cols.map((row) => row[k]!));
      // x's entries (±0.6, ±0.8, …) round on input: sin∠(x̂, x) ≤ u, so sin∠(x̂, q) ≤ vectorErr + u; n = 3, k = 4n + 3
      const s = B.add(e.vectorErrors[k], B.eps);
      expect(B.cmp(sin2(B, x, e.vectors[k]), B.add(B.mul(s, s), gamma(B, 15))) <= 0).toBe(true);
      expect(B.cmp(e.vectorErrors[k], smallBar(B, 3, 5)) <= 0).toBe(true);
    }
  });

  it('handles repeated eigenvalues: a 4×4 Householder-rotated diag(2, 2, 2, −1)', () => {
    const H = householder([1, 1, 1, 1]);
    const A = mul(mul(H, diagonal(4, 4, ['2', '2', '2', '-1'])), H, true);
    const e = eigh(B, B.mat(toStrings(A)));
    const normF = frobenius(A);
    ['2', '2', '2', '-1'].forEach((lam, k) => {
      expect(within(B, e.values[k], lam, B.add(e.errors[k], inputError(B, normF)))).toBe(true);
      expect(B.cmp(e.errors[k], smallBar(B, 4, normF)) <= 0).toBe(true);
    });
    // the triple eigenvalue is not isolated: no eigenvector claim
    expect(B.cmp(e.vectorErrors[0], B.one)).toBe(0);
    expect(B.cmp(e.vectorErrors[3], B.one) < 0).toBe(true);
  });

  it('solves 1×1 and 2×2 cases exactly or within the bar', () => {
    const one = eigh(B, B.mat([['-3.5']]));
    expect(B.show(one.values[0])).toBe(B.show(B.num('-3.5')));
    // exact here, but the bar still carries the worst-case rounding of evaluating the residual
    expect(B.cmp(one.errors[0], smallBar(B, 1, 3.5)) <= 0).toBe(true);
    expect(B.show(B.abs(B.at(one.vectors[0], 0)))).toBe(B.show(B.one));
    // [[2, 1], [1, 2]]: eigenvalues 3 and 1
    const two = eigh(
      B,
      B.mat([
        ['2', '1'],
        ['1', '2'],
      ]),
    );
    expect(within(B, two.values[0], '3', two.errors[0])).toBe(true);
    expect(within(B, two.values[1], '1', two.errors[1])).toBe(true);
    expect(B.cmp(two.errors[0], smallBar(B, 2, 4)) <= 0).toBe(true);
  });

  it('returns zero eigenvalues with zero error for the zero matrix', () => {
    const e = eigh(B, B.mzeros(3, 3));
    for (let k = 0; k < 3; k++) {
      expect(B.isZero(e.values[k])).toBe(true);
      expect(B.isZero(e.errors[k])).toBe(true);
    }
  });

  it('finds the rank-one spectrum {‖x‖², 0, 0} of x·xᵀ', () => {
    const x = ['1', '-2', '0.5']; // ‖x‖² = 5.25, entries of xxᵀ are exact
    const A = B.ger(B.vec(x), B.vec(x));
    const e = eigh(B, A);
    expect(within(B, e.values[0], '5.25', e.errors[0])).toBe(true);
    expect(within(B, e.values[1], '0', e.errors[1])).toBe(true);
    expect(within(B, e.values[2], '0', e.errors[2])).toBe(true);
    const top = topEigen(B, A);
    expect(B.show(top.value)).toBe(B.show(e.values[0]));
    expect(B.show(top.err)).toBe(B.show(e.errors[0]));
    // the top eigenvector is ±x/‖x‖ within its angle bar (x exact, xᵀx = 5.25 exact: k = 3n + 3 = 12)
    expect(B.cmp(sin2(B, B.vec(x), top.vector), B.add(B.mul(top.vectorErr, top.vectorErr), gamma(B, 12))) <= 0).toBe(
      true,
    );
    const bottom = bottomEigen(B, A);
    expect(B.show(bottom.value)).toBe(B.show(e.values[2]));
  });

  it('rejects non-square, non-symmetric, empty and non-finite input with a message naming the problem', () => {
    expect(() => eigh(B, B.mzeros(2, 3))).toThrow(/square/);
    expect(() =>
      eigh(
        B,
        B.mat([
          ['1', '2'],
          ['3', '4'],
        ]),
      ),
    ).toThrow(/not symmetric/);
    expect(() => eigh(B, B.mzeros(0, 0))).toThrow(/empty/);
  });
});

const DD = ddBackend();
/** The doubles of a as a dd matrix (exactly). */
const ddMat = (a: readonly (readonly number[])[]) =>
  DD.reshape(DD.pack(a.flat().map((x) => DD.fromDouble(x))), a.length, a[0]!.length);

/**
 * ml-matrix's eigenvalues (descending) with a rigorous bar from its own output, since tred2 + tql2 have no citable
 * constant (GVL 4th ed. §8.3.6: backward error "≈ u‖A‖"). With η ≥ ‖VᵀV − I‖₂ < 1, Ostrowski's theorem puts λ_k(VDVᵀ)
 * in d_[k]·[1 − η, 1 + η] and Weyl adds ‖A − VDVᵀ‖₂: |λ_k(A) − d_[k]| ≤ ‖A − VDVᵀ‖_F + η·|d_[k]|. Evaluated in dd
 * (V·D exact, then ≤ (n + 2)·2^-102 relative per entry, < 1e-27·(‖A‖_F + max|d|) in all): 1e-25 covers it and the f64
 * roundings of the comparison.
 */
function mlEigen(a: number[][]): { values: number[]; bars: number[] } {
  const n = a.length;
  const ev = new EigenvalueDecomposition(new Matrix(a), { assumeSymmetric: true });
  const lam = ev.realEigenvalues;
  const order = lam.map((_, i) => i).sort((i, j) => lam[j]! - lam[i]!);
  const d = order.map((i) => lam[i]!);
  const V = ddMat(Array.from({ length: n }, (_, r) => order.map((i) => ev.eigenvectorMatrix.get(r, i))));
  const VD = DD.gemm(V, DD.diag(DD.pack(d.map((x) => DD.fromDouble(x)))));
  const normE = DD.toNumber(DD.nrm2(DD.vsub(DD.flatten(ddMat(a)), DD.flatten(DD.gemm(VD, V, false, true)))));
  const eta = DD.toNumber(DD.nrm2(DD.vsub(DD.flatten(DD.gemm(V, V, true, false)), DD.flatten(DD.eye(n))))) + 1e-25;
  expect(eta).toBeLessThan(1);
  const slack = 1e-25 * (Math.hypot(...a.flat()) + Math.max(...d.map(Math.abs)));
  return { values: d, bars: d.map((x) => normE + slack + eta * Math.abs(x)) };
}

describe('eigh against ml-matrix (f64)', () => {
  const B = f64Backend();
  it("agrees with ml-matrix on random symmetric matrices within our bar plus ml-matrix's a-posteriori bar", () => {
    // Both bars are rigorous (ours: eigh.ts; ml-matrix's: mlEigen), so the two intervals around λ_k(A) must intersect.
    const entry = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 64);
    const sym = fc.integer({ min: 1, max: 10 }).chain((n) =>
      fc.array(entry, { minLength: n * n, maxLength: n * n }).map((xs) => {
        const a = Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) => xs[Math.min(i, j) * n + Math.max(i, j)]!),
        );
        return a;
      }),
    );
    fc.assert(
      fc.property(sym, (a) => {
        const n = a.length;
        const e = eigh(B, B.mat(a.map((r) => r.map(String))));
        const ml = mlEigen(a);
        const normF = Math.hypot(...a.flat());
        for (let k = 0; k < n; k++) {
          expect(Math.abs(e.values[k]! - ml.values[k]!)).toBeLessThanOrEqual(e.errors[k]! + ml.bars[k]!);
          // smallness target of our bars, as smallBar above
          expect(e.errors[k]!).toBeLessThanOrEqual(100 * n * B.eps * Math.max(normF, 1e-300));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stays accurate on a 40×40 random symmetric matrix (bars ≤ 100·n·u·‖A‖_F) ', () => {
    const n = 40;
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i]![j] = a[j]![i] = Math.round(rnd() * 1000) / 256;
    const e = eigh(B, B.mat(a.map((r) => r.map(String))));
    const ml = mlEigen(a);
    const normF = Math.hypot(...a.flat());
    for (let k = 0; k < n; k++) {
      expect(Math.abs(e.values[k]! - ml.values[k]!)).toBeLessThanOrEqual(e.errors[k]! + ml.bars[k]!);
      expect(e.errors[k]!).toBeLessThanOrEqual(100 * n * B.eps * normF);
    }
    expect(e.converged).toBe(true);
  });
});
