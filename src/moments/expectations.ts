/**
 * Closed-form expectations of test functions of a Gaussian x ~ N(μ, P) (the law `propagate` returns):
 *   E[xᵀQx] = tr(QP) + μᵀQμ,   E cos(aᵀx) = cos(aᵀμ)·e^{−aᵀPa/2},   E e^{aᵀx} = e^{aᵀμ + aᵀPa/2},
 * the last two from the characteristic function E e^{i t aᵀx} = e^{i t aᵀμ − t² aᵀPa/2} of the scalar Gaussian aᵀx.
 */
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import type { Moments } from './linearGaussian.js';
import { cosSin } from './trig.js';

function dims<R extends Repr>(B: Backend<R>, m: Moments<R>, n: number, who: string): void {
  if (B.dim(m.mean) !== n || B.rows(m.cov) !== n || B.cols(m.cov) !== n) {
    throw new RangeError(
      `${who}: the test function has dimension ${n}, the Gaussian ${B.dim(m.mean)} (mean) and ${B.rows(m.cov)}×${B.cols(m.cov)} (covariance); take the marginal of x first`,
    );
  }
}

/** E[xᵀQx] = tr(QP) + μᵀQμ (Q any square matrix; tr(QP) = Σ_ij Q_ij P_ji). */
export function expectQuadratic<R extends Repr>(B: Backend<R>, m: Moments<R>, Q: M<R>): S<R> {
  dims(B, m, B.rows(Q), 'expectQuadratic');
  const tr = B.dot(B.flatten(Q), B.flatten(B.transpose(m.cov)));
  return B.add(tr, B.dot(m.mean, B.gemv(Q, m.mean)));
}

/** (aᵀμ, aᵀPa): the mean and variance of the scalar Gaussian aᵀx. */
export function projected<R extends Repr>(B: Backend<R>, m: Moments<R>, a: V<R>): { mean: S<R>; variance: S<R> } {
  dims(B, m, B.dim(a), 'projected');
  return { mean: B.dot(a, m.mean), variance: B.dot(a, B.gemv(m.cov, a)) };
}

/** E cos(aᵀx) = cos(aᵀμ)·e^{−aᵀPa/2}. */
export function expectCos<R extends Repr>(B: Backend<R>, m: Moments<R>, a: V<R>): S<R> {
  const p = projected(B, m, a);
  return B.mul(cosSin(B, p.mean).cos, B.exp(B.neg(B.div(p.variance, B.int(2)))));
}

/** E e^{aᵀx} = e^{aᵀμ + aᵀPa/2}. */
export function expectExp<R extends Repr>(B: Backend<R>, m: Moments<R>, a: V<R>): S<R> {
  const p = projected(B, m, a);
  return B.exp(B.add(p.mean, B.div(p.variance, B.int(2))));
}
