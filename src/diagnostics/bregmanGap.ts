/**
 * `bregmanGap`: ‖θ − w*‖∞ for an enclosure of the Bregman oracle w* = argmin_{Xw = y} D_Φ(w, θ₀) that the caller
 * supplies (`ctx.oracle`, e.g. from `bregmanProjection`, docs/theorems/mirror.md M2), in the coordinates of θ.
 *
 * Bar: computed in ball arithmetic from the exact θ and the oracle's ball, so the exact distance from θ to the exact
 * w* lies within value ± err (the oracle's radius plus the rounding of the subtraction).
 * Applies to the models in which the oracle lives in θ: linear predictors f = θᵀx (w* for the data matrix) and
 * models linear in θ through fixed features f = Ψ(x)ᵀθ (w* for the feature matrix, e.g. the linearized shallow net).
 */
import { ballArith, type Ball } from '../ball/ball.js';
import type { Objective } from '../objective/objective.js';
import type { Repr } from '../numeric/types.js';
import { isLinearPredictor } from './direction.js';
import { isDataObjective } from './objectiveBounds.js';
import type { DiagnosticContext } from './types.js';

/** True for an empirical risk whose model is linear in θ (a linear predictor, or fixed features: `features(X)`). */
export function isLinearInTheta<R extends Repr>(F: Objective<R>): boolean {
  return isLinearPredictor(F) || (isDataObjective(F) && 'features' in F.model);
}

/** bregmanGap: max_j |θ_j − w*_j| ± err; needs ctx.oracle (an enclosure of w*). */
export function bregmanGapDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Ball<R> {
  const { F, theta, oracle } = ctx;
  const B = F.B;
  if (oracle === undefined)
    throw new Error('bregmanGap: ctx.oracle (an enclosure of w* = argmin_{Xw = y} D_Φ(w, θ₀)) is required');
  const n = B.dim(theta);
  if (B.dim(oracle.value) !== n || B.dim(oracle.err) !== n)
    throw new RangeError(`bregmanGap: the oracle has ${B.dim(oracle.value)} entries, expected ${n} (dim θ)`);
  const K = ballArith(B);
  let gap: Ball<R> = K.exact(B.zero);
  for (let j = 0; j < n; j++) {
    const w = K.of(B.at(oracle.value, j), B.at(oracle.err, j));
    gap = K.max(gap, K.abs(K.sub(K.exact(B.at(theta, j)), w)));
  }
  return gap;
}
