/**
 * An objective's error model: F(θ), ∇F(θ) and (optionally) ∇²F(θ) at a point θ, each as a ball (value ± radius)
 * whose radius bounds the rounding error of evaluating the formula at the given θ in the objective's backend (θ taken
 * as exactly the backend's values). `valueWithError` and the diagnostics dispatch on this member, never on other
 * field names: the empirical risk and the quadratic carry theirs (roundingModels.ts), a user objective supplies one
 * or gets one from ball arithmetic over its own code (field.ts `fieldObjective`; docs/objectives.md).
 */
import type { Ball, MatBall, VecBall } from '../ball/ball.js';
import type { Model } from '../models/types.js';
import type { Repr, V } from '../numeric/types.js';

/** Per-call hints an error model may use (ignored by those that need none). */
export interface ErrorModelOptions<R extends Repr> {
  /**
   * Empirical risk only: a model whose evaluation on |θ|, |X| bounds Σ|monomials| of f, Ju, Jᵀg and Σg_i∇²f_i u
   * (default: the model's own `majorant()`; see diagnostics/types.ts `DiagnosticContext.majorant`).
   */
  readonly majorant?: Model<R>;
}

export interface ErrorModel<R extends Repr> {
  /** F(θ) as computed, ± a rigorous bound on its rounding error. */
  value(theta: V<R>, opts?: ErrorModelOptions<R>): Ball<R>;
  /** ∇F(θ) as computed, ± a componentwise rigorous bound. */
  grad(theta: V<R>, opts?: ErrorModelOptions<R>): VecBall<R>;
  /** ∇²F(θ) with an exactly symmetric midpoint (the eigensolver requires it), ± an entrywise bound. */
  hessian?(theta: V<R>, opts?: ErrorModelOptions<R>): MatBall<R>;
}
