/**
 * Polyak's heavy-ball method.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

export interface HeavyBallHyper<R extends Repr> {
  /** Learning rate η. */
  readonly lr: S<R>;
  /** Momentum β (Polyak 1964: 0 ≤ β < 1). */
  readonly beta: S<R>;
}

export interface HeavyBallState<R extends Repr> extends StepperState<R> {
  /** θ_{k−1} (θ_{−1} = θ_0: start from rest). */
  readonly prev: V<R>;
}

/**
 * Heavy ball (Polyak 1964): θ_{k+1} = θ_k − η ∇F(θ_k) + β (θ_k − θ_{k−1}), with θ_{−1} = θ_0 (from rest).
 *
 * Evaluated as axpy(β, θ_k − θ_{k−1}, axpy(−η, ∇F(θ_k), θ_k)), so β = 0 reproduces `gd` bit for bit.
 */
export function heavyBall<R extends Repr>(B: Backend<R>, hyper: HeavyBallHyper<R>): Stepper<R, HeavyBallState<R>> {
  const negLr = B.neg(hyper.lr);
  const { beta } = hyper;
  return {
    name: 'heavyBall',
    params: { lr: B.show(hyper.lr), beta: B.show(beta) },
    init: (_F: Objective<R>, theta0: V<R>) => ({ theta: theta0, prev: theta0 }),
    step: (F, s) => {
      const gdStep = B.axpy(negLr, F.grad(s.theta), s.theta);
      return { theta: B.axpy(beta, B.vsub(s.theta, s.prev), gdStep), prev: s.theta };
    },
    theta: (s) => s.theta,
  };
}
