/**
 * F(θ), ∇F(θ) and the dense ∇²F(θ) with componentwise bounds on their rounding error, from the objective's own
 * `errorModel` member (objective/errorModel.ts): the empirical risk's and the quadratic's rounding models
 * (objective/roundingModels.ts), one a user supplies, or one derived by ball arithmetic over the user's code
 * (objective/field.ts). Dispatch is on that member only: an objective without one gets a clear InputError, never a
 * model chosen from its field names.
 */
import { requireCapabilities } from '../objective/capabilities.js';
import { isDataObjective, type Objective } from '../objective/objective.js';
import type { Model } from '../models/types.js';
import type { M, Measured, Repr, V } from '../numeric/types.js';
import { hasLossBounds } from './lossErrors.js';
import { defaultMajorant } from './rounding.js';

export { isDataObjective } from '../objective/objective.js';

/** True when F has an error model that applies here (loss, gradNorm apply; sharpness also needs a Hessian one). */
export function hasObjectiveBounds<R extends Repr>(F: Objective<R>): boolean {
  if (F.errorModel === undefined) return false;
  if (!isDataObjective(F)) return true;
  // the empirical risk's model needs a loss rounding model and the model's default majorant
  if (!hasLossBounds(F.loss)) return false;
  try {
    defaultMajorant(F.model);
    return true;
  } catch {
    return false;
  }
}

/** F(θ) with an error bar (F.errorModel.value). */
export function valueWithError<R extends Repr>(F: Objective<R>, theta: V<R>, majorant?: Model<R>): Measured<R> {
  const G = requireCapabilities(F, ['errorModel'], 'valueWithError');
  return G.errorModel.value(theta, majorant === undefined ? {} : { majorant });
}

/** ∇F(θ) with a componentwise error bound (F.errorModel.grad). */
export function gradWithError<R extends Repr>(
  F: Objective<R>,
  theta: V<R>,
  majorant?: Model<R>,
): { grad: V<R>; err: V<R> } {
  const G = requireCapabilities(F, ['errorModel'], 'gradWithError');
  const g = G.errorModel.grad(theta, majorant === undefined ? {} : { majorant });
  return { grad: g.value, err: g.err };
}

/**
 * The dense Hessian with an exactly symmetric midpoint H and an entrywise bound err ≥ |H − ∇²F(θ)|
 * (F.errorModel.hessian); throws when the midpoint is not symmetric (the eigensolver needs it).
 */
export function hessianWithError<R extends Repr>(
  F: Objective<R>,
  theta: V<R>,
  majorant?: Model<R>,
): { H: M<R>; err: M<R> } {
  const G = requireCapabilities(F, ['hessianErrorModel'], 'hessianWithError');
  const h = G.errorModel.hessian!(theta, majorant === undefined ? {} : { majorant });
  const B = F.B;
  const d = B.rows(h.value);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (B.cmp(B.mget(h.value, i, j), B.mget(h.value, j, i)) !== 0) {
        throw new Error(
          `hessianWithError: errorModel.hessian returned a midpoint with H[${i}][${j}] ≠ H[${j}][${i}]; return (H + Hᵀ)/2 (and widen the radius)`,
        );
      }
    }
  }
  return { H: h.value, err: h.err };
}
