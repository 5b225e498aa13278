/**
 * SVAG (Li, Malladi, Arora 2021, arXiv 2102.12470) as a gradient-oracle transform: draw two independent stochastic
 * gradients g⁽¹⁾, g⁽²⁾ at the same point and use g = r₁g⁽¹⁾ + r₂g⁽²⁾ with r₁,₂ = (1 ± √(2ℓ − 1))/2, at learning rate
 * η/ℓ. Since r₁ + r₂ = 1 and r₁² + r₂² = ℓ, the mean is kept and the noise covariance is multiplied by ℓ
 * (docs/theorems/momentum.md M5).
 */
import type { Backend, M, Repr, S } from '../numeric/types.js';
import type { QuadraticNoise } from './linearGaussian.js';
import { madd } from './linearGaussian.js';

/** (r₁, r₂) = ((1 + √(2ℓ − 1))/2, (1 − √(2ℓ − 1))/2) for ℓ ≥ 1/2. */
export function svagCoefficients<R extends Repr>(B: Backend<R>, ell: S<R>): { readonly r1: S<R>; readonly r2: S<R> } {
  const w = B.sub(B.mul(B.int(2), ell), B.one);
  if (B.cmp(w, B.zero) < 0) throw new RangeError(`svag: ℓ = ${B.show(ell)} must be ≥ 1/2 (SVAG uses ℓ ≥ 1)`);
  const root = B.sqrt(w);
  const half = B.div(B.one, B.int(2));
  return { r1: B.mul(half, B.add(B.one, root)), r2: B.mul(half, B.sub(B.one, root)) };
}

const mscal = <R extends Repr>(B: Backend<R>, a: S<R>, X: M<R>): M<R> =>
  B.reshape(B.scal(a, B.flatten(X)), B.rows(X), B.cols(X));

/**
 * The noise factor of the SVAG oracle for additive Gaussian noise C ξ (Cov = CCᵀ): g = r₁(∇F + Cξ₁) + r₂(∇F + Cξ₂)
 * = (r₁ + r₂)∇F + [r₁C | r₂C](ξ₁; ξ₂), so an `sgd`/`sgdm` stepper with noiseFactor [r₁C | r₂C] and learning rate η/ℓ
 * runs SVAG (the gradient coefficient r₁ + r₂ is 1).
 */
export function svagNoiseFactor<R extends Repr>(B: Backend<R>, C: M<R>, ell: S<R>): M<R> {
  const { r1, r2 } = svagCoefficients(B, ell);
  const d = B.rows(C);
  const rows: S<R>[] = [];
  for (let i = 0; i < d; i++) rows.push(...B.unpack(B.scal(r1, B.row(C, i))), ...B.unpack(B.scal(r2, B.row(C, i))));
  return B.reshape(B.pack(rows), d, 2 * B.cols(C));
}

/**
 * The SVAG oracle of a quadratic with Gaussian noise, as a `QuadraticNoise` (the moment engine's input): the same H
 * and x* (mean r₁∇F + r₂∇F), and the covariance r₁²Σ + r₂²Σ of two independent draws. Use it with learning rate η/ℓ.
 */
export function svagProblem<R extends Repr>(B: Backend<R>, q: QuadraticNoise<R>, ell: S<R>): QuadraticNoise<R> {
  const { r1, r2 } = svagCoefficients(B, ell);
  return { ...q, Sigma: madd(B, mscal(B, B.mul(r1, r1), q.Sigma), mscal(B, B.mul(r2, r2), q.Sigma)) };
}
