/**
 * A per-sample loss ℓ(f, y) with its first and second derivatives in f, evaluated for all samples at once.
 */
import type { Backend, Repr, V } from '../numeric/types.js';

export interface Loss<R extends Repr> {
  readonly B: Backend<R>;
  /** "square" | "logistic" | "exponential" */
  readonly kind: string;
  /** ℓ(f_i, y_i) */
  value(f: V<R>, y: V<R>): V<R>;
  /** ∂ℓ/∂f at (f_i, y_i) */
  d1(f: V<R>, y: V<R>): V<R>;
  /** ∂²ℓ/∂f² at (f_i, y_i) */
  d2(f: V<R>, y: V<R>): V<R>;
}
