/**
 * `bregmanGap`: ‖θ − w*‖∞ for an enclosure of the Bregman oracle w* = argmin_{Xw = y} D_Φ(w, θ₀) that the caller
 * supplies (`ctx.oracle`, e.g. from `bregmanProjection`, docs/theorems/mirror.md M2), in the coordinates of θ.
 *
 * Bar: computed in ball arithmetic from the exact θ and the oracle's ball, so the exact distance from θ to the exact
 * w* lies within value ± err (the oracle's radius plus the rounding of the subtraction).
 * Applies to the models in which the oracle lives in θ: linear predictors f = θᵀx (w* for the data matrix) and
 * models linear in θ through fixed features f = Ψ(x)ᵀθ (w* for the feature matrix, e.g. the linearized shallow net);
 * and to the diagonal linear network θ = [u; v], whose oracle lives in its weights w = u ⊙ u − v ⊙ v (Q_α of
 * Woodworth et al. 2020: gradient flow from u = v = α·1 is mirror flow on w), enclosed from the exact θ.
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

/** The diagonal linear network (w = u ⊙ u − v ⊙ v): its oracle is in w, not in θ. */
const isDiagonal = <R extends Repr>(F: Objective<R>): boolean =>
  isDataObjective(F) && F.model.kind === 'diagonalLinear';

/** Where bregmanGap applies: models linear in θ, and the diagonal network through its weights. */
export function hasBregmanCoordinates<R extends Repr>(F: Objective<R>): boolean {
  return isLinearInTheta(F) || isDiagonal(F);
}

/** bregmanGap: max_j |θ_j − w*_j| ± err; needs ctx.oracle (an enclosure of w*). */
export function bregmanGapDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Ball<R> {
  const { F, theta, oracle } = ctx;
  const B = F.B;
  if (oracle === undefined)
    throw new Error('bregmanGap: ctx.oracle (an enclosure of w* = argmin_{Xw = y} D_Φ(w, θ₀)) is required');
  const K = ballArith(B);
  // the coordinates the oracle lives in: θ, or the diagonal network's w_j = u_j² − v_j² (enclosed: u, v exact)
  const d = isDiagonal(F) ? B.dim(theta) / 2 : B.dim(theta);
  const coord = (j: number): Ball<R> => {
    if (d === B.dim(theta)) return K.exact(B.at(theta, j));
    return K.sub(K.sqr(K.exact(B.at(theta, j))), K.sqr(K.exact(B.at(theta, d + j))));
  };
  if (B.dim(oracle.value) !== d || B.dim(oracle.err) !== d)
    throw new RangeError(`bregmanGap: the oracle has ${B.dim(oracle.value)} entries, expected ${d} (its coordinates)`);
  let gap: Ball<R> = K.exact(B.zero);
  for (let j = 0; j < d; j++) {
    const w = K.of(B.at(oracle.value, j), B.at(oracle.err, j));
    gap = K.max(gap, K.abs(K.sub(coord(j), w)));
  }
  return gap;
}
