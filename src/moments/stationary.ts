/**
 * One-dimensional closed forms of the linear-Gaussian oracle (docs/theorems/momentum.md M2): curvature h > 0, gradient
 * noise variance σ², x* = 0. They are the fixed points of the covariance recursion of ./linearGaussian.ts, i.e. the
 * solutions P of P = APAᵀ + Q, and the limits of P_k when the mean recursion is stable.
 */
import type { Backend, Repr, S } from '../numeric/types.js';

/** SGD: V = ησ²/(h(2 − ηh)), the stationary variance for 0 < ηh < 2. */
export function sgdStationaryVariance<R extends Repr>(B: Backend<R>, lr: S<R>, h: S<R>, sigma2: S<R>): S<R> {
  return B.div(B.mul(lr, sigma2), B.mul(h, B.sub(B.int(2), B.mul(lr, h))));
}

/** The stationary covariance of the heavy-ball state (x, m): entries xx, xm and mm. */
export interface SgdmStationary<R extends Repr> {
  readonly xx: S<R>;
  readonly xm: S<R>;
  readonly mm: S<R>;
}

/**
 * SGDM (γ, β): with D = (1 − β)(2(1 + β) − γh),
 *   P_xx = γσ²(1 + β)/(hD),   P_xm = −γσ²/D,   P_mm = 2σ²/D,
 * the stationary covariance for 0 < γh < 2(1 + β), |β| < 1.
 */
export function sgdmStationaryCovariance<R extends Repr>(
  B: Backend<R>,
  lr: S<R>,
  beta: S<R>,
  h: S<R>,
  sigma2: S<R>,
): SgdmStationary<R> {
  const onePlus = B.add(B.one, beta);
  const D = B.mul(B.sub(B.one, beta), B.sub(B.mul(B.int(2), onePlus), B.mul(lr, h)));
  const gs = B.mul(lr, sigma2);
  return {
    xx: B.div(B.mul(gs, onePlus), B.mul(h, D)),
    xm: B.neg(B.div(gs, D)),
    mm: B.div(B.mul(B.int(2), sigma2), D),
  };
}
