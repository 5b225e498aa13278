/**
 * The objective F(θ) every stepper, flow, diagnostic and theorem works with, and `objective`, the empirical risk
 * F(θ) = (1/n) Σ_i ℓ(f(θ; x_i), y_i) (reduction 'mean') or Σ_i ℓ(f(θ; x_i), y_i) (reduction 'sum', Soudry et al.
 * 2018, eq. (2.1); docs/theorems/maxmargin.md M1) of a model and a loss on a dataset.
 *
 * An objective needs only `B`, `dim`, `value` and `grad`; everything else is an optional capability that the code
 * needing it declares and checks at setup (capabilities.ts). Behaviour is never chosen from field names: the
 * library's structured objectives carry an explicit `kind` tag and their `errorModel` as a member.
 */
import type { Loss } from '../losses/types.js';
import type { Model } from '../models/types.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import type { ErrorModel } from './errorModel.js';
import { riskErrorModel } from './roundingModels.js';

export interface Objective<R extends Repr> {
  readonly B: Backend<R>;
  /** dim θ */
  readonly dim: number;
  /** F(θ) */
  value(theta: V<R>): S<R>;
  /** ∇F(θ) */
  grad(theta: V<R>): V<R>;
  // ---- optional capabilities (capabilities.ts): present when the objective can provide them
  /** F(θ) and ∇F(θ) sharing the forward pass. */
  valueAndGrad?(theta: V<R>): { value: S<R>; grad: V<R> };
  /** Exact Hessian-vector product ∇²F(θ)·u (gradient flow's sharpness cap, gfLimit). */
  hvp?(theta: V<R>, u: V<R>): V<R>;
  /** Dense exact Hessian (small dim only; the `sharpness` diagnostic). */
  hessian?(theta: V<R>): M<R>;
  /** Number of samples in the mean or sum (read as 1 when absent: `samplesOf`). */
  readonly nSamples?: number;
  /** The same objective over a subset of the samples (same reduction over those): minibatches for SGD. */
  subset?(indices: readonly number[]): Objective<R>;
  /** Error bars of F, ∇F (and ∇²F): what `valueWithError` and the loss/gradNorm/sharpness diagnostics use. */
  readonly errorModel?: ErrorModel<R>;
  /**
   * Explicit tag of the library's structured objectives: 'empiricalRisk' (`objective`), 'quadratic' (`quadratic`).
   * Model-based diagnostics (norms per block, margin, spectra) apply to 'empiricalRisk' only. A user objective
   * leaves it unset.
   */
  readonly kind?: string;
}

/**
 * 'mean': F = (1/n)Σℓ_i (the default; Beneventano–Woodworth, Ji–Telgarsky, Frei et al.); 'sum': F = Σℓ_i (Soudry et
 * al.).
 */
export type Reduction = 'mean' | 'sum';

/** A dataset: inputs X (n × inputDim, one sample per row) and targets/labels y (n; n·C for C outputs per sample). */
export interface Data<R extends Repr> {
  readonly X: M<R>;
  readonly y: V<R>;
}

export interface ObjectiveOptions {
  readonly reduction?: Reduction;
}

/** An `Objective` that is an empirical risk; exposes its parts for diagnostics (margins, predictions, residuals). */
export interface DataObjective<R extends Repr> extends Objective<R> {
  readonly kind: 'empiricalRisk';
  readonly model: Model<R>;
  readonly loss: Loss<R>;
  readonly data: Data<R>;
  readonly reduction: Reduction;
  /** f(θ; x_i) for every sample. */
  predict(theta: V<R>): V<R>;
  valueAndGrad(theta: V<R>): { value: S<R>; grad: V<R> };
  hvp(theta: V<R>, u: V<R>): V<R>;
  hessian(theta: V<R>): M<R>;
  readonly nSamples: number;
  subset(indices: readonly number[]): DataObjective<R>;
  /** The rounding model of roundingModels.ts (it throws naming the loss or model when they have none). */
  readonly errorModel: ErrorModel<R>;
}

/** True when F is an empirical risk built by `objective` (its explicit tag; never inferred from other fields). */
export function isDataObjective<R extends Repr>(F: Objective<R>): F is DataObjective<R> {
  return F.kind === 'empiricalRisk';
}

/**
 * `objective(B, model, loss, { X, y }, { reduction })`: with w = 1/n ('mean') or 1 ('sum'),
 * F(θ) = w Σ_i ℓ(f_i, y_i), ∇F = w Jᵀℓ', ∇²F·u = w [Jᵀ diag(ℓ'') J u + Σ_i ℓ'_i ∇²f_i u].
 * The mean divides each entry by n once (one rounding; exact for n a power of two in the binary backends f64/dd).
 * `hessian` assembles the columns ∇²F e_j exactly (not symmetrized: the law suite tests its symmetry).
 */
export function objective<R extends Repr>(
  B: Backend<R>,
  model: Model<R>,
  loss: Loss<R>,
  data: Data<R>,
  opts: ObjectiveOptions = {},
): DataObjective<R> {
  if (model.B !== B)
    throw new Error(
      `objective: model is bound to backend ${model.B.id}, not ${B.id} (build it with the same backend instance)`,
    );
  if (loss.B !== B)
    throw new Error(
      `objective: loss is bound to backend ${loss.B.id}, not ${B.id} (build it with the same backend instance)`,
    );
  const reduction = opts.reduction ?? 'mean';
  if (reduction !== 'mean' && reduction !== 'sum') {
    throw new RangeError(`objective: reduction must be 'mean' or 'sum', got ${JSON.stringify(reduction)}`);
  }
  const { X, y } = data;
  const n = B.rows(X);
  if (n < 1) throw new RangeError('objective: data.X has no rows (need at least one sample)');
  const C = model.outputs ?? 1; // outputs per sample: y holds C targets per row of X, row-major
  if (B.dim(y) !== n * C)
    throw new RangeError(
      C === 1
        ? `objective: data.y has length ${B.dim(y)}, expected one target per row of X (${n})`
        : `objective: data.y has length ${B.dim(y)}, expected ${C} targets per row of X (${n}·${C})`,
    );
  const dim = model.dim;
  const nS = B.int(n);
  const nVec = reduction === 'mean' && n > 1 ? B.fill(dim, nS) : null;
  const reduceS = (s: S<R>): S<R> => (reduction === 'mean' && n > 1 ? B.div(s, nS) : s);
  const reduceV = (v: V<R>): V<R> => (nVec === null ? v : B.vdiv(v, nVec));
  const check = (theta: V<R>, what = 'θ'): void => {
    if (B.dim(theta) !== dim)
      throw new RangeError(`objective: ${what} has length ${B.dim(theta)}, expected dim θ = ${dim}`);
  };
  /** ∇²F·u given the per-sample ℓ' and ℓ'' at θ (shared by hvp and the Hessian's columns). */
  const hvpWith = (theta: V<R>, l1: V<R>, l2: V<R>, u: V<R>): V<R> =>
    reduceV(B.vadd(model.vjp(theta, X, B.vmul(l2, model.jvp(theta, X, u))), model.hvpWeighted(theta, X, l1, u)));

  /** f = predict(θ) and Σ ℓ'(f_i, y_i)∇f_i: the model's fused path when it has one (same values bit for bit). */
  const d1 = (f: V<R>): V<R> => loss.d1(f, y);
  const predictVjp = (theta: V<R>): { f: V<R>; vjp: V<R> } => {
    if (model.predictVjp !== undefined) return model.predictVjp(theta, X, d1);
    const f = model.predict(theta, X);
    return { f, vjp: model.vjp(theta, X, d1(f)) };
  };

  const self: DataObjective<R> = {
    kind: 'empiricalRisk',
    B,
    dim,
    nSamples: n,
    model,
    loss,
    data,
    reduction,
    predict(theta) {
      check(theta);
      return model.predict(theta, X);
    },
    value(theta) {
      check(theta);
      return reduceS(B.sum(loss.value(model.predict(theta, X), y)));
    },
    grad(theta) {
      check(theta);
      return reduceV(predictVjp(theta).vjp);
    },
    valueAndGrad(theta) {
      check(theta);
      const { f, vjp } = predictVjp(theta);
      return { value: reduceS(B.sum(loss.value(f, y))), grad: reduceV(vjp) };
    },
    hvp(theta, u) {
      check(theta);
      check(u, 'direction u');
      const f = model.predict(theta, X);
      return hvpWith(theta, loss.d1(f, y), loss.d2(f, y), u);
    },
    hessian(theta) {
      check(theta);
      const f = model.predict(theta, X);
      const l1 = loss.d1(f, y);
      const l2 = loss.d2(f, y);
      const cols: V<R>[] = [];
      for (let j = 0; j < dim; j++) cols.push(hvpWith(theta, l1, l2, B.basis(dim, j)));
      // rows of this matrix are the columns H e_j, i.e. it is Hᵀ
      return B.transpose(B.reshape(B.concat(cols), dim, dim));
    },
    subset(indices) {
      if (indices.length === 0)
        throw new RangeError('objective.subset: indices is empty (a minibatch needs at least one sample)');
      for (const i of indices) {
        if (!Number.isInteger(i) || i < 0 || i >= n) {
          throw new RangeError(`objective.subset: index ${i} is not a sample index in [0, ${n})`);
        }
      }
      const Xs = B.reshape(B.concat(indices.map((i) => B.row(X, i))), indices.length, B.cols(X));
      const ys = B.pack(indices.flatMap((i) => Array.from({ length: C }, (_, c) => B.at(y, i * C + c))));
      return objective(B, model, loss, { X: Xs, y: ys }, { reduction });
    },
    get errorModel() {
      return errors;
    },
  };
  const errors = riskErrorModel(self);
  return self;
}
