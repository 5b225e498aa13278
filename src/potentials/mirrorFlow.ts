/**
 * Mirror flow d/dt ∇Φ(θ) = −∇F(θ), integrated on the dual variable z = ∇Φ(θ): ż = −∇F((∇Φ)⁻¹(z)), θ = (∇Φ)⁻¹(z), with
 * the flow module's solvers and controllers. Mirror descent is its explicit Euler method with dt = η.
 */
import { pid } from '../flow/controller.js';
import { integrate } from '../flow/integrate.js';
import { dopri5, fehlberg78 } from '../flow/solvers.js';
import type { IntegrateOptions, OdeSolver, Solution, StepController, VectorField } from '../flow/types.js';
import type { Objective } from '../objective/objective.js';
import type { Num, Repr, S, V } from '../numeric/types.js';
import type { MirrorPotential } from './types.js';

/** The dual field (t, z) ↦ −∇F((∇Φ)⁻¹(z)). */
export function mirrorFlowField<R extends Repr>(F: Objective<R>, P: MirrorPotential<R>): VectorField<R> {
  return (_t, z) => F.B.map('neg', F.grad(P.gradInv(z)));
}

export interface MirrorFlowOptions<R extends Repr> {
  /** End time. */
  readonly t1: S<R> | Num;
  /** Default: dopri5 on f64, fehlberg78 otherwise (as gradient flow). */
  readonly solver?: OdeSolver;
  /** Default: the PI controller with the backend's default tolerances. */
  readonly controller?: StepController<R>;
  /** Save times, stop predicate, maxSteps: as `integrate` (on the dual variable z). */
  readonly saveAt?: IntegrateOptions<R>['saveAt'];
  readonly maxSteps?: number;
}

/** A mirror-flow run: the dual solution and θ at its saved times and at the end. */
export interface MirrorFlowSolution<R extends Repr> {
  readonly dual: Solution<R>;
  /** θ = (∇Φ)⁻¹(z) at the saved times (dual.ts), when the saved values are states. */
  readonly thetas: V<R>[];
  /** θ at the final time reached. */
  readonly theta: V<R>;
}

/** Integrates mirror flow from θ₀ on [0, t1]. */
export function mirrorFlow<R extends Repr>(
  F: Objective<R>,
  P: MirrorPotential<R>,
  theta0: V<R>,
  opts: MirrorFlowOptions<R>,
): MirrorFlowSolution<R> {
  const B = F.B;
  const solver = opts.solver ?? (B.id === 'f64' ? dopri5 : fehlberg78);
  const controller = opts.controller ?? pid(B);
  const t1 = typeof opts.t1 === 'string' ? B.num(opts.t1) : opts.t1;
  const dual = integrate(mirrorFlowField(F, P), solver, controller, {
    t1,
    y0: P.grad(theta0),
    ...(opts.saveAt !== undefined ? { saveAt: opts.saveAt } : {}),
    ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
  });
  const thetas = opts.saveAt?.fn === undefined ? dual.ys.map((z) => P.gradInv(z as V<R>)) : [];
  return { dual, thetas, theta: P.gradInv(dual.y) };
}
