/**
 * A parametric predictor f(θ; x) over one flat parameter vector θ, with the first- and second-order maps the engine
 * needs. Every model supplies them analytically (no finite differences in the engine); the model law suite checks them
 * against central differences at dec:60.
 */
import type { JsonObject } from '../json/read.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';

export interface Block {
  /** Name of the block of θ (e.g. "a", "b", "W1", "u", "v"). */
  readonly name: string;
  /** Shape: [n] for a vector, [rows, cols] for a row-major matrix. */
  readonly shape: readonly number[];
}

/**
 * Families of quantities conserved by gradient flow, each read from named blocks of θ:
 * - `scalarFactors`: block "w" of scalar factors, w_i² − w_{i+1}² (f = (Π w_i)·x);
 * - `factorPair`: blocks "a", "b" of f = (aᵀb)·x, the matrix aaᵀ − bbᵀ;
 * - `layerBalance`: the matrix blocks W_1 … W_L (L ≥ 2) of f = W_L⋯W_1 x, D_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ;
 * - `neuronBalance`: blocks "u" (m×d), "c" (m, optional) and "v" (m) of Σ_j v_j σ(u_jᵀx + c_j) with σ positively
 *   1-homogeneous, ‖u_j‖² + c_j² − v_j² per neuron (Du, Hu & Lee 2018, arXiv 1806.00900 Thm 2.1–2.2).
 */
export type InvariantFamily = 'scalarFactors' | 'factorPair' | 'layerBalance' | 'neuronBalance';

export interface Model<R extends Repr> {
  readonly B: Backend<R>;
  /** "scalarNet" | "linear2" | "deepLinear" | "linearClassifier" | "twoLayer" … */
  readonly kind: string;
  /** dim θ */
  readonly dim: number;
  /** Blocks of θ in order; their sizes sum to dim. */
  readonly layout: readonly Block[];
  /**
   * Outputs per sample (default 1). With C > 1, `predict` returns n·C values row-major (entry i·C + c is output c of
   * sample i), `jvp` as many, `vjp`/`hvpWeighted` take n·C weights, and an objective's targets are n·C values.
   */
  readonly outputs?: number;
  /**
   * The exact spec of its `MODELS` entry the model was built from (set by the registry's factories), so engines that
   * re-express the network (the jet forwards of src/jet, `JET_MODELS`) can rebuild it; absent for models built
   * directly.
   */
  readonly spec?: unknown;
  /** L when f(cθ; x) = c^L f(θ; x) for all c > 0 (declared, checked by the model law suite). */
  readonly homogeneity?: number;
  /** Declared when f(θ; x) = θᵀx: θ is a weight vector in input space, whose direction `directionalGap` compares
   * with a reference ŵ. */
  readonly linearPredictor?: true;
  /** The quantities gradient flow conserves for this model (computed with bars by the `invariants` diagnostic). */
  readonly invariants?: InvariantFamily;
  /**
   * The rounding majorant: a model that, evaluated on |θ| and |X|, returns an upper bound on the sum of |monomials| of
   * every quantity this model computes (f, Ju, Jᵀg, Σg_i∇²f_i u), as the model law suite and the diagnostics' error
   * bars assume. The model itself for multilinear models. Absent: the model has no rounding model (diagnostics with
   * error bars do not apply to it unless a majorant is passed explicitly).
   */
  majorant?(): Model<R>;
  /**
   * The weight matrices W_1, …, W_L in forward order (cols(W_{l+1}) = rows(W_l), L ≥ 2), fixed ones included, for
   * the alignment of adjacent layers. Absent: the matrix blocks of the layout.
   */
  layers?(theta: V<R>): { readonly name: string; readonly W: M<R> }[];
  /**
   * Per layer k (the blocks of the layout, in order): ‖H_{k−1}‖_F and ‖D_k‖_F, where H_{k−1} (n × n_{k−1}) holds the
   * layer's inputs and D_k (n × n_k) the deltas back-propagated from the per-sample output weights g, so that the
   * layer's block of vjp(θ, X, g) is D_kᵀH_{k−1}. Layered networks only (the normalized depthwise scaling of
   * src/dynamics/depthwiseGd.ts reads it).
   */
  layerFactorNorms?(theta: V<R>, X: M<R>, g: V<R>): { readonly forward: S<R>; readonly backward: S<R> }[];
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

/**
 * A model's part of a `thm simulate` spec (README.md "thm simulate"), kept next to the model: `spec.model` is
 * {"kind": <registry name>, …fields}, the parameter values being θ₀.
 */
export interface ModelJson<Spec> {
  /** Fields of spec.model besides "kind" (any other is rejected as a typo). */
  readonly fields: readonly string[];
  /**
   * spec.model → the registry spec (`MODELS[kind].factory(B, spec)`), θ₀ flat in layout order, and the input
   * dimension of each row of data.x. Throws InputErrors (json/read.ts) naming the field under `path`.
   */
  parse(
    o: JsonObject,
    path: string,
  ): {
    readonly spec: Spec;
    readonly theta0: Num[];
    readonly inputDim: number;
    /** Outputs per sample when more than 1 (then each data.y entry is a row of that many targets). */
    readonly outputDim?: number;
  };
}
