/**
 * Gradient descent.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

export interface GdHyper<R extends Repr> {
  /** Learning rate η. */
  readonly lr: S<R>;
}

export type GdState<R extends Repr> = StepperState<R>;

/**
 * Gradient descent: θ_{k+1} = θ_k − η ∇F(θ_k).
 *
 * Computed as one kernel call `axpy(−η, ∇F(θ), θ)`; this is also explicit Euler on the gradient flow θ' = −∇F(θ)
 * with dt = η (a law test checks it step for step).
 */
export function gd<R extends Repr>(B: Backend<R>, hyper: GdHyper<R>): Stepper<R, GdState<R>> {
  const negLr = B.neg(hyper.lr);
  return {
    name: 'gd',
    params: { lr: B.show(hyper.lr) },
    init: (_F: Objective<R>, theta0: V<R>) => ({ theta: theta0 }),
    step: (F, s) => ({ theta: B.axpy(negLr, F.grad(s.theta), s.theta) }),
    theta: (s) => s.theta,
  };
}
