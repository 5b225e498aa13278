import fc from 'fast-check';
import {
  claims,
  defineTheorem,
  spec,
  svagCoefficients,
  svagNoiseFactor,
  svagProblem,
  type Claim,
  type Num,
} from '../../src/index.js';

/** A noise factor C (d × d, lower triangular, nonzero diagonal), the SVAG factor ℓ, and whether the two gradient draws
 * are independent (the hypothesis) or one draw used twice. */
interface SvagSpec {
  readonly C: Num[][];
  readonly ell: Num;
  readonly draws: 'independent' | 'shared';
}

const entry = spec.dyadic({ min: '-2', max: '2', bits: 4 });
const diagEntry = spec.nonzeroDyadic({ minAbs: '0.25', maxAbs: '2', bits: 4 });

const factor: fc.Arbitrary<Num[][]> = fc
  .integer({ min: 1, max: 3 })
  .chain((d) =>
    fc
      .tuple(
        fc.array(entry, { minLength: d * d, maxLength: d * d }),
        fc.array(diagEntry, { minLength: d, maxLength: d }),
      )
      .map(([xs, ds]) =>
        Array.from({ length: d }, (_, i) =>
          Array.from({ length: d }, (_, j) => (j < i ? xs[i * d + j]! : j === i ? ds[i]! : '0')),
        ),
      ),
  );

export default defineTheorem<SvagSpec>({
  id: 'svag_preserves_mean_and_scales_noise_covariance_by_ell',
  title:
    'SVAG: g = r₁g⁽¹⁾ + r₂g⁽²⁾ with r₁,₂ = (1 ± √(2ℓ − 1))/2 and independent draws keeps the mean and multiplies the noise covariance by ℓ',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`r_{1,2}=\tfrac{1\pm\sqrt{2\ell-1}}{2},\ g^{(1)}\perp g^{(2)} \implies \mathbb E g=\nabla F,\ \operatorname{Cov}g=(r_1^2+r_2^2)\Sigma=\ell\Sigma`,
  refs: [
    { arxiv: '2102.12470', where: 'SVAG (abstract read; the update rule as in public SVAG code)' },
    { key: 'docs/theorems/momentum.md#m5-svag', where: 'r₁ + r₂ = 1, r₁² + r₂² = ℓ, independence (derived)' },
  ],
  hypotheses: fc.record({
    C: factor,
    ell: spec.dyadic({ min: '1', max: '64', bits: 4 }),
    draws: fc.constant('independent' as const),
  }),
  // Negative control: one gradient draw used twice (r₁ξ + r₂ξ = ξ): Cov g = Σ, not ℓΣ, once ℓ ≥ 2.
  violations: fc.record({
    C: factor,
    ell: spec.dyadic({ min: '2', max: '64', bits: 4 }),
    draws: fc.constant('shared' as const),
  }),
  witnesses: [{ C: [['1']], ell: '1', draws: 'independent' }],
  evaluate(B, s) {
    const d = s.C.length;
    const C = B.mat(s.C);
    const Sigma = B.gemm(C, C, false, true); // dyadic entries with ≤ 8 bits each: exact in every backend
    const ell = B.num(s.ell);
    const { r1, r2 } = svagCoefficients(B, ell);
    const shared = s.draws === 'shared';
    // The oracle's covariance as the moment engine sees it (two independent draws: r₁²Σ + r₂²Σ), or (r₁ + r₂)²Σ for a
    // shared draw; and the stepper's noise factor [r₁C | r₂C] (or (r₁ + r₂)C).
    const sum = B.add(r1, r2);
    const mscal = (a: typeof sum, X: typeof C) => B.reshape(B.scal(a, B.flatten(X)), d, d);
    const Sig = shared
      ? mscal(B.mul(sum, sum), Sigma)
      : svagProblem(B, { H: B.eye(d), xStar: B.zeros(d), Sigma }, ell).Sigma;
    const Cs = shared ? mscal(sum, C) : svagNoiseFactor(B, C, ell);
    const CsCs = B.gemm(Cs, Cs, false, true);
    const absGram = (X: typeof C) => {
      const A = B.reshape(B.map('abs', B.flatten(X)), B.rows(X), B.cols(X));
      return B.gemm(A, A, false, true);
    };
    const absProd = absGram(Cs);
    const absC = absGram(C);
    const cs: Claim[] = [];
    // Rounding of r₁, r₂: √(2ℓ − 1) ≤ ℓ is within 2u·ℓ, then an add and a halving: each r_i is within
    // e_r = 4u(ℓ + 1) of its exact value (absolute: r₂ may cancel), and r₁ + r₂ within 2e_r of 1.
    const u = B.eps;
    const lp1 = B.add(ell, B.one);
    const er = B.mul(B.mul(B.int(4), u), lp1);
    cs.push(claims.eq(B, sum, B.one, B.mul(B.int(2), er), 'mean_preserved'));
    // |r_i| ≤ ℓ + 1, so r₁² + r₂² is within 4(ℓ + 1)e_r + 4u(ℓ + 1)² of ℓ; times Σ_ij and one more rounding
    const errSq = B.add(B.mul(B.mul(B.int(4), lp1), er), B.mul(B.mul(B.int(4), u), B.mul(lp1, lp1)));
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        const target = B.mul(ell, B.mget(Sigma, i, j)); // ℓΣ_ij: a product of dyadics, exact
        const barS = B.mul(B.mul(B.int(2), errSq), B.abs(B.mget(Sigma, i, j)));
        cs.push(claims.eq(B, B.mget(Sig, i, j), target, barS, `cov_is_ell_sigma[${i}][${j}]`));
        // C'C'ᵀ: entries r·C_ik within (e_r + u(ℓ + 1))|C_ik|, so the exact-r Gram differs by ≤ 2(ℓ + 1)(e_r +
        // u(ℓ + 1))(|C||C|ᵀ)_ij per draw (two draws); the 2d-term dot rounds by ≤ (2d + 2)u(|C'||C'|ᵀ)_ij
        const perEntry = B.add(er, B.mul(u, lp1));
        const barC = B.add(
          B.mul(B.mul(B.mul(B.int(4), lp1), perEntry), B.mget(absC, i, j)),
          B.mul(B.mul(B.int(2 * d + 2), u), B.mget(absProd, i, j)),
        );
        cs.push(claims.eq(B, B.mget(CsCs, i, j), target, barC, `factor_squares_to_ell_sigma[${i}][${j}]`));
      }
    }
    return {
      claims: cs,
      observed: { r1: B.show(r1), r2: B.show(r2), r1sq_plus_r2sq: B.show(B.add(B.mul(r1, r1), B.mul(r2, r2))) },
    };
  },
});
