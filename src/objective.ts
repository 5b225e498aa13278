/**
 * The objective F(θ) every stepper, flow, diagnostic and theorem works with.
 */
import type { Backend, M, Repr, S, V } from './numeric/types.js';

export interface Objective<R extends Repr> {
  readonly B: Backend<R>;
  /** dim θ */
  readonly dim: number;
  /** F(θ) */
  value(theta: V<R>): S<R>;
  /** ∇F(θ) */
  grad(theta: V<R>): V<R>;
  /** F(θ) and ∇F(θ) sharing the forward pass. */
  valueAndGrad(theta: V<R>): { value: S<R>; grad: V<R> };
  /** Exact Hessian-vector product ∇²F(θ)·u. */
  hvp(theta: V<R>, u: V<R>): V<R>;
  /** Dense exact Hessian (small dim only). */
  hessian(theta: V<R>): M<R>;
  /** Number of samples in the mean (1 for closed-form objectives). */
  readonly nSamples: number;
  /** The same objective over a subset of the samples (the mean over those): minibatches for SGD. */
  subset(indices: readonly number[]): Objective<R>;
}
