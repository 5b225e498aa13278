/**
 * A parametric predictor f(θ; x) over one flat parameter vector θ, with the first- and second-order maps the engine
 * needs. Every model supplies them analytically (no finite differences in the engine); the model law suite checks them
 * against central differences at dec:60.
 */
import type { Backend, M, Repr, S, V } from '../numeric/types.js';

export interface Block {
  /** Name of the block of θ (e.g. "a", "b", "W1", "u", "v"). */
  readonly name: string;
  /** Shape: [n] for a vector, [rows, cols] for a row-major matrix. */
  readonly shape: readonly number[];
}

export interface Model<R extends Repr> {
  readonly B: Backend<R>;
  /** "scalarNet" | "linear2" | "deepLinear" | "linearClassifier" | "twoLayer" … */
  readonly kind: string;
  /** dim θ */
  readonly dim: number;
  /** Blocks of θ in order; their sizes sum to dim. */
  readonly layout: readonly Block[];
  /** L when f(cθ; x) = c^L f(θ; x) for all c > 0 (declared, checked by the model law suite). */
  readonly homogeneity?: number;
  /** Predictions f(θ; x_i) for the rows x_i of X (n × d). */
  predict(theta: V<R>, X: M<R>): V<R>;
  /** Jacobian-vector product: (∇_θ f(θ; x_i)·u)_i. */
  jvp(theta: V<R>, X: M<R>, u: V<R>): V<R>;
  /** Vector-Jacobian product: Σ_i g_i ∇_θ f(θ; x_i). */
  vjp(theta: V<R>, X: M<R>, g: V<R>): V<R>;
  /** Weighted second-order term: Σ_i g_i ∇²_θ f(θ; x_i) u (zero where f is linear in θ, a.e. for ReLU kinks). */
  hvpWeighted(theta: V<R>, X: M<R>, g: V<R>, u: V<R>): V<R>;
  /**
   * Optional fused gradient path: f = predict(θ, X) and vjp(θ, X, weights(f)) with θ's blocks taken apart once. Must
   * equal the two calls bit for bit (model law suite); the objective's grad uses it when present.
   */
  predictVjp?(theta: V<R>, X: M<R>, weights: (f: V<R>) => V<R>): { f: V<R>; vjp: V<R> };
}

/** The scalar type of a model's backend, for helpers. */
export type ModelScalar<R extends Repr> = S<R>;
