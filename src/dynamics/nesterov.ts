/**
 * Nesterov's accelerated gradient, constant-momentum variant.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

export interface NesterovHyper<R extends Repr> {
  /** Learning rate η. */
  readonly lr: S<R>;
  /** Constant momentum β (e.g. (√κ − 1)/(√κ + 1) for κ-conditioned strongly convex F; Nesterov 2018, (2.2.22)). */
  readonly beta: S<R>;
}

export interface NesterovState<R extends Repr> extends StepperState<R> {
  /** θ_{k−1} (θ_{−1} = θ_0: start from rest). */
  readonly prev: V<R>;
}

/**
 * Nesterov momentum, constant β, "look-ahead" form:
 *   y_k = θ_k + β (θ_k − θ_{k−1}),   θ_{k+1} = y_k − η ∇F(y_k),   θ_{−1} = θ_0.
 * (The time-varying schedule β_k = (k − 1)/(k + 2) of the convex case is not this stepper.) β = 0 is `gd` bit for bit.
 */
export function nesterov<R extends Repr>(B: Backend<R>, hyper: NesterovHyper<R>): Stepper<R, NesterovState<R>> {
  const negLr = B.neg(hyper.lr);
  const { beta } = hyper;
  return {
    name: 'nesterov',
    params: { lr: B.show(hyper.lr), beta: B.show(beta) },
    init: (_F: Objective<R>, theta0: V<R>) => ({ theta: theta0, prev: theta0 }),
    step: (F, s) => {
      const y = B.axpy(beta, B.vsub(s.theta, s.prev), s.theta);
      return { theta: B.axpy(negLr, F.grad(y), y), prev: s.theta };
    },
    theta: (s) => s.theta,
  };
}
