import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { residualUpper, roundoff, up } from './bounds.js';
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
    .tuple(
      householderVector(m),
      householderVector(n),
      fc.array(fc.integer({ min: 0, max: 64 }), { minLength: Math.min(m, n), maxLength: Math.min(m, n) }),
    )
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
const smallBar = (B: AnyBackend, mn: number, normF: number) =>
  B.mul(B.eps, B.fromDouble(100 * mn * Math.max(normF, Number.MIN_VALUE)));

/**
 * sin²∠(x, q) computed as 1 − d²/(xᵀx·qᵀq), d = xᵀq: no square root, and ‖q‖ ≠ 1 costs nothing. Against the exact
 * value it errs by ≤ γ_k (Higham Lemma 3.1), k = 3n + 3 for x with small integer entries (xᵀx exact): d² carries 2γ_n
 * (|x|ᵀ|q| ≤ ‖x‖‖q‖ ≈ |d|, cos ≈ 1) and one rounding, qᵀq γ_n, product and quotient 2; 1 − ĉ² is exact (Sterbenz).
 */
function sin2(B: AnyBackend, x: unknown, q: unknown): unknown {
  const d = B.dot(x, q);
  return B.sub(B.one, B.div(B.mul(d, d), B.mul(B.dot(x, x), B.dot(q, q))));
}
const gamma = (B: AnyBackend, k: number) => B.div(B.mul(B.int(k), B.eps), B.sub(B.one, B.mul(B.int(k), B.eps)));

/**
 * Bounds on the residuals the test evaluates, ‖A_w y_j − σ̂_j x_j‖ ("built") and ‖A_wᵀx_j − σ̂_j y_j‖ ("other"), where
 * svd.ts builds x_j = fl(A_w y_j)/σ̂_j from the Jacobi vectors y_j (A_w = A, x = u, y = v when m ≥ n; A_w = Aᵀ, x = v,
 * y = u otherwise). Built: the exact residual is ≤ g(‖A‖_F + σ̂)·(1 + g) (gemv γ_k, scaling γ_2, σ̂ = fl(‖w‖)) and
 * evaluating it adds as much: 2g(‖A‖_F + σ̂)(1 + g)², g = 2(max(m,n) + 2)u (bounds.ts). Other: with E = A_wY − XΣ̂ and
 * Y square, A_wᵀx_j − σ̂_j y_j = Y^{-T}[Σ̂(XᵀX − I)e_j − σ̂_j(YᵀY − I)e_j + Eᵀx_j], so it is ≤ (‖Σ̂(XᵀX − I)e_j‖ +
 * σ̂_j·η_Y
 * + ‖E‖_F‖x_j‖)/√(1 − η_Y), η_Y ≥ ‖YᵀY − I‖₂; ‖E‖_F from the computed built residuals (residualUpper). The
 * σ̂_i/σ̂_j conditioning of x_j for small σ̂_j enters through the measured cosines x_iᵀx_j, not through a constant.
 * Gram entries err by ≤ g‖·‖‖·‖; the final (1 + g)² covers the rounding of evaluating the bounds themselves.
 */
function residualBars(
  B: AnyBackend,
  X: readonly unknown[],
  Y: readonly unknown[],
  sig: readonly unknown[],
  builtRes: readonly unknown[],
  normFUp: unknown,
  big: number,
): { built: unknown[]; other: unknown[] } {
  const g = roundoff(B, big);
  const g1 = B.add(B.one, g);
  const fin = (x: unknown) => B.mul(x, B.mul(g1, g1));
  const built = sig.map((s) => fin(B.mul(B.add(g, g), B.add(normFUp, s))));
  const gram = (Z: readonly unknown[]) => Z.map((zi) => Z.map((zj) => B.dot(zi, zj)));
  const GX = gram(X);
  const GY = gram(Y);
  const normX = X.map((_, i) => B.sqrt(up(B, GX[i]![i], g)));
  const normY = Y.map((_, i) => B.sqrt(up(B, GY[i]![i], g)));
  let offY = B.zero;
  let sumY = B.zero;
  GY.forEach((row, i) => {
    sumY = B.add(sumY, B.mul(normY[i], normY[i]));
    row.forEach((gij, j) => {
      const d = i === j ? B.sub(gij, B.one) : gij;
      offY = B.add(offY, B.mul(d, d));
    });
  });
  const etaY = B.add(B.sqrt(offY), B.mul(g, sumY));
  expect(B.cmp(etaY, B.num('0.5')) < 0).toBe(true);
  let e2 = B.zero;
  builtRes.forEach((r, j) => {
    const re = residualUpper(B, r, g, normFUp, sig[j], B.max(normX[j], normY[j])); // A_w y_j and σ̂_j x_j
    e2 = B.add(e2, B.mul(re, re));
  });
  const normE = B.sqrt(e2);
  const sYlo = B.sqrt(B.sub(B.one, etaY));
  const other = sig.map((sj, j) => {
    // ‖Σ̂(XᵀX − I)e_j‖ ≤ √Σ_i σ̂_i²(ĝ_ij − δ_ij)² + g‖x_j‖·√Σ_i σ̂_i²‖x_i‖²
    let a = B.zero;
    let b = B.zero;
    GX.forEach((row, i) => {
      const d = i === j ? B.sub(row[j], B.one) : row[j];
      const si2 = B.mul(sig[i], sig[i]);
      a = B.add(a, B.mul(si2, B.mul(d, d)));
      b = B.add(b, B.mul(si2, B.mul(normX[i], normX[i])));
    });
    const cross = B.add(B.sqrt(a), B.mul(B.mul(g, normX[j]), B.sqrt(b)));
    const exact = B.div(B.add(B.add(cross, B.mul(sj, etaY)), B.mul(normE, normX[j])), sYlo);
    // the test's own evaluation of it: gemv γ_m, scaling, subtraction and nrm2 (as residualUpper, read backwards)
    return fin(B.add(B.mul(exact, g1), B.mul(g, B.add(B.mul(normFUp, normX[j]), B.mul(sj, normY[j])))));
  });
  return { built, other };
}

describe.each(backends.map((B) => [B.id, B] as const))('svd on %s', (_id, B) => {
  it('puts every prescribed singular value of H·Σ·Hᵀ inside its error bar, with bars ≤ 100·max(m,n)·u·‖A‖_F', () => {
    fc.assert(
      fc.property(prescribed, ({ m, n, A, sigma }) => {
        const normF = frobenius(A);
        const s = svd(B, B.mat(toStrings(A)));
        expect(s.values.length).toBe(Math.min(m, n));
        sigma.forEach((sig, j) => {
          const bar = B.add(s.errors[j], inputError(B, normF));
          expect(
            within(B, s.values[j], sig, bar),
            `σ_${j} = ${sig}, got ${B.show(s.values[j])} ± ${B.show(s.errors[j])}`,
          ).toBe(true);
          expect(B.cmp(s.errors[j], smallBar(B, Math.max(m, n), normF)) <= 0).toBe(true);
        });
      }),
      { numRuns: B.id === 'f64' ? 100 : 20 },
    );
  });

  it('returns singular triples with A·v ≈ σ·u and Aᵀ·u ≈ σ·v (residuals within residualBars)', () => {
    fc.assert(
      fc.property(prescribed, ({ m, n, A, sigma }) => {
        const M = B.mat(toStrings(A));
        const s = svd(B, M);
        const k = Math.min(m, n);
        const normFUp = up(B, B.nrm2(B.flatten(M)), roundoff(B, m * n));
        const r = s.V.map((v, j) => B.nrm2(B.axpy(B.neg(s.values[j]), s.U[j], B.gemv(M, v))));
        const t = s.U.map((u, j) => B.nrm2(B.axpy(B.neg(s.values[j]), s.V[j], B.gemv(M, u, true))));
        const tall = m >= n;
        const bars = tall
          ? residualBars(B, s.U, s.V, s.values, r, normFUp, Math.max(m, n))
          : residualBars(B, s.V, s.U, s.values, t, normFUp, Math.max(m, n));
        for (let j = 0; j < k; j++) {
          // for an exactly zero σ_j the computed σ̂_j is rounding noise and u_j carries no information
          if (sigma[j] === '0') continue;
          const [rb, ro] = tall ? [r[j], t[j]] : [t[j], r[j]];
          expect(B.cmp(rb, bars.built[j]) <= 0, `built residual ${B.show(rb)} > ${B.show(bars.built[j])}`).toBe(true);
          expect(B.cmp(ro, bars.other[j]) <= 0, `other residual ${B.show(ro)} > ${B.show(bars.other[j])}`).toBe(true);
        }
      }),
      { numRuns: B.id === 'f64' ? 50 : 10 },
    );
  });

  it('finds σ = (5, 3) for [[3, 2, 2], [2, 3, −2]] and for its transpose', () => {
    const A = B.mat([
      ['3', '2', '2'],
      ['2', '3', '-2'],
    ]);
    for (const M of [A, B.transpose(A)]) {
      const s = svd(B, M);
      expect(within(B, s.values[0], '5', s.errors[0])).toBe(true);
      expect(within(B, s.values[1], '3', s.errors[1])).toBe(true);
      expect(B.cmp(s.errors[0], smallBar(B, 3, 5)) <= 0).toBe(true);
      expect(B.dim(s.U[0])).toBe(B.rows(M));
      expect(B.dim(s.V[0])).toBe(B.cols(M));
    }
    // u₁ = ±(1, 1)/√2 and v₁ = ±(1, 1, 0)/√2 within the angle bar; sin2 errs by ≤ γ_{3n+3} (x exact, xᵀx = 2 exact)
    const top = topSingular(B, A);
    const e2 = B.mul(top.vectorErr, top.vectorErr);
    expect(B.cmp(sin2(B, B.vec(['1', '1']), top.u), B.add(e2, gamma(B, 9))) <= 0).toBe(true);
    expect(B.cmp(sin2(B, B.vec(['1', '1', '0']), top.v), B.add(e2, gamma(B, 12))) <= 0).toBe(true);
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
    const sr = stableRank(
      B,
      B.mat([
        ['3', '0'],
        ['0', '4'],
      ]),
    );
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

const DD = ddBackend();
/** The doubles of a as a dd matrix (exactly). */
const ddMat = (a: readonly (readonly number[])[]) =>
  DD.reshape(DD.pack(a.flat().map((x) => DD.fromDouble(x))), a.length, a[0]!.length);

/**
 * ml-matrix's singular values (descending) with a rigorous bar from its own output, since its Golub–Kahan SVD has no
 * citable constant (GVL 4th ed. §8.6.3: backward error p(m,n)·u‖A‖, p "modest"). Over the r columns with σ̂ > 0, with
 * η_U, η_V ≥ ‖UᵀU − I‖₂, ‖VᵀV − I‖₂ ≤ 1/2: σ_i(UΣVᵀ) ∈ σ̂_i·[σ_min(U)σ_min(V), ‖U‖‖V‖] ⊂ σ̂_i·[1 − η_U − η_V, 1 + η_U +
 * η_V] (and 0 for i > r), and Weyl adds ‖A − UΣVᵀ‖₂ ≤ ‖·‖_F. Evaluated in dd (U·Σ exact, then ≤ (k + 2)·2^-102 relative
 * per entry): the 1e-25 terms cover that and the f64 roundings of the comparison.
 */
function mlSingular(a: number[][]): { values: number[]; bars: number[] } {
  const svdMl = new SingularValueDecomposition(new Matrix(a), { autoTranspose: true });
  const sv = svdMl.diagonal;
  const order = sv
    .map((_, i) => i)
    .filter((i) => sv[i]! > 0)
    .sort((i, j) => sv[j]! - sv[i]!);
  const values = [...sv].sort((x, y) => y - x);
  const slack = 1e-25 * (Math.hypot(...a.flat()) + Math.max(...values));
  let normE = Math.hypot(...a.flat());
  let eta = 0;
  if (order.length > 0) {
    const cols = (Mx: Matrix) => ddMat(Array.from({ length: Mx.rows }, (_, i) => order.map((j) => Mx.get(i, j))));
    const U = cols(svdMl.leftSingularVectors);
    const V = cols(svdMl.rightSingularVectors);
    const US = DD.gemm(U, DD.diag(DD.pack(order.map((j) => DD.fromDouble(sv[j]!)))));
    normE = DD.toNumber(DD.nrm2(DD.vsub(DD.flatten(ddMat(a)), DD.flatten(DD.gemm(US, V, false, true)))));
    const orth = (Q: ReturnType<typeof ddMat>) =>
      DD.toNumber(DD.nrm2(DD.vsub(DD.flatten(DD.gemm(Q, Q, true, false)), DD.flatten(DD.eye(order.length))))) + 1e-25;
    eta = orth(U) + orth(V);
    expect(eta).toBeLessThanOrEqual(0.5);
  }
  return { values, bars: values.map((x) => normE + slack + eta * x) };
}

describe('svd against ml-matrix (f64)', () => {
  const B = f64Backend();
  it("agrees with ml-matrix singular values on random matrices within our bar plus ml-matrix's a-posteriori bar", () => {
    // Both bars are rigorous (ours: svd.ts; ml-matrix's: mlSingular), so the two intervals around σ_j(A) must
    // intersect.
    const entry = fc.integer({ min: -1000, max: 1000 }).map((k) => k / 64);
    const mat = fc
      .tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }))
      .chain(([m, n]) => fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }));
    fc.assert(
      fc.property(mat, (a) => {
        const m = a.length;
        const n = a[0]!.length;
        const s = svd(B, B.mat(a.map((r) => r.map(String))));
        const ml = mlSingular(a);
        for (let j = 0; j < Math.min(m, n); j++) {
          expect(Math.abs(s.values[j]! - ml.values[j]!)).toBeLessThanOrEqual(s.errors[j]! + ml.bars[j]!);
        }
      }),
      { numRuns: 200 },
    );
  });
});
