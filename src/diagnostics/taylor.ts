/**
 * `taylor`: c_0 … c_6 of F(θ − η∇F(θ)) = Σ_j c_jη^j at the point, each ± its bar (docs/theorems/taylor.md T2), by
 * Taylor-mode differentiation (src/jet/). The direction is the exact gradient, enclosed by the objective's
 * gradient rounding bar (`gradWithError`), so each ball contains the coefficient of the exact gradient step.
 * Applies to empirical risks (with error bars) whose model has a jet forward (`jetOfModel`): every model built by a
 * `MODELS` factory (its registry spec rebuilds the jet, `JET_MODELS`), and the layout-determined kinds built
 * directly; not a quadratic or a user's objective, nor a user's model (no jet forward).
 */
import type { Ball } from '../ball/index.js';
import { jetOfModel } from '../jet/models.js';
import { taylor } from '../jet/taylor.js';
import type { Objective } from '../objective/objective.js';
import type { Repr } from '../numeric/types.js';
import { gradWithError, hasObjectiveBounds, isDataObjective } from './objectiveBounds.js';
import type { DiagnosticContext } from './types.js';

/** The order of the `taylor` diagnostic (c_0 … c_6). */
export const TAYLOR_ORDER = 6;

/** Why the diagnostic does not apply to a model (one line). */
export function taylorNoJet(kind: string): string {
  return `taylor: model ${JSON.stringify(kind)} has no jet forward (JET_MODELS in src/jet/models.ts has one per MODELS kind, built from its registry spec; a model built outside MODELS, or a user's objective, has none)`;
}

/** True for an empirical risk with error bars whose model has a jet forward. */
export function hasTaylorJet<R extends Repr>(F: Objective<R>): boolean {
  return isDataObjective(F) && hasObjectiveBounds(F) && jetOfModel(F.model) !== null;
}

/** [c_0 ± e_0, …, c_6 ± e_6] of F(θ − η∇F(θ)). */
export function taylorDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Ball<R>[] {
  const F = ctx.F;
  if (!isDataObjective(F)) throw new Error('taylor: needs an empirical risk (model, loss, data)');
  const net = jetOfModel(F.model);
  if (net === null) throw new Error(taylorNoJet(F.model.kind));
  const g = gradWithError(F, ctx.theta);
  const problem = { model: net, loss: F.loss.kind, X: F.data.X, y: F.data.y, reduction: F.reduction };
  return taylor(F.B, problem, ctx.theta, g.grad, TAYLOR_ORDER, g.err);
}
