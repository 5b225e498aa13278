/**
 * `directionalGap`: ‖w/‖w‖ − ŵ/‖ŵ‖‖₂ for a linear classifier θ = w and a given direction ŵ (e.g. the hard-margin SVM
 * solution; Soudry et al. 2018, docs/theorems/maxmargin.md M5: O(1/log t) along GD).
 *
 * Bar: x̂ = fl(w·(1/‖w‖)) has |x̂_i − x_i| ≤ (ρ + 3u)|x̂_i|(1 + O(u)) with ρ = (n + 8)u the nrm2 error (recip and
 * scaling add u each); same for ŷ; the difference adds u|x̂ − ŷ| and the final nrm2 (n + 8)u. So
 * err ≤ (ρ + 3u)(‖x̂‖ + ‖ŷ‖) + (n + 10)u·gap, × MARGIN.
 */
import type { Objective } from '../objective/objective.js';
import type { Measured, Repr } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { ku, margin } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** True for a linear predictor f = θᵀx (the model declares `linearPredictor`; e.g. linearClassifier, θ = w). */
export function isLinearPredictor<R extends Repr>(F: Objective<R>): boolean {
  return isDataObjective(F) && F.model.linearPredictor === true;
}

/** directionalGap: ‖w/‖w‖ − ŵ/‖ŵ‖‖ ± err; needs ctx.direction = ŵ. */
export function directionalGapDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Measured<R> {
  const { F, theta, direction } = ctx;
  const B = F.B;
  if (!isLinearPredictor(F)) {
    throw new Error(
      `directionalGap: defined for a linear predictor f = θᵀx (e.g. linearClassifier), not ${isDataObjective(F) ? F.model.kind : 'this objective'}`,
    );
  }
  if (direction === undefined) throw new Error('directionalGap: ctx.direction (the reference direction ŵ) is required');
  const n = B.dim(theta);
  if (B.dim(direction) !== n)
    throw new RangeError(`directionalGap: direction has length ${B.dim(direction)}, expected ${n}`);
  const nw = B.nrm2(theta);
  const nd = B.nrm2(direction);
  if (B.isZero(nw)) throw new Error('directionalGap: w = 0, its direction is undefined');
  if (B.isZero(nd)) throw new Error('directionalGap: direction ŵ = 0, its direction is undefined');
  const x = B.scal(B.div(B.one, nw), theta);
  const y = B.scal(B.div(B.one, nd), direction);
  const value = B.nrm2(B.vsub(x, y));
  const rho = ku(B, n + 11);
  const err = B.add(B.mul(rho, B.add(B.nrm2(x), B.nrm2(y))), B.mul(ku(B, n + 10), value));
  return { value, err: margin(B, err) };
}
