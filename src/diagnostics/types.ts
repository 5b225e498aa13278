/**
 * Diagnostics: quantities measured at a point θ (loss, sharpness, norms, invariants, margin, spectra), each as a
 * value with an absolute error bar (`Measured`), written once over the Backend kernels.
 *
 * What an error bar bounds: the rounding error of evaluating the diagnostic's formula at the given θ (and data) in
 * this backend — θ and the data are taken as exactly the backend's values. It does not cover the rounding of
 * decimal inputs on entry (`B.num`), nor discretization (GD vs gradient flow), nor points where the quantity is not
 * differentiable (ReLU kinks hit exactly).
 */
import type { Model } from '../models/types.js';
import type { Capability } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, Measured, Num, Repr, V } from '../numeric/types.js';

/** A diagnostic's output: one measured scalar, or an array / record of them (nested). */
export type DiagnosticValue<R extends Repr> =
  Measured<R> | readonly DiagnosticValue<R>[] | { readonly [key: string]: DiagnosticValue<R> };

/** JSON form of a `DiagnosticValue`: every `Measured` becomes `{ value, err }` with exact strings (`B.show`). */
export type DiagnosticJson =
  { readonly value: Num; readonly err: Num } | readonly DiagnosticJson[] | { readonly [key: string]: DiagnosticJson };

/** Everything a diagnostic may read at one point. */
export interface DiagnosticContext<R extends Repr> {
  /**
   * The objective. Model-based diagnostics need an empirical risk (its `kind` tag 'empiricalRisk'); loss, gradNorm and
   * sharpness need its `errorModel` (declared in `needs`); norms needs nothing beyond θ.
   */
  readonly F: Objective<R>;
  /** The point θ. */
  readonly theta: V<R>;
  /** Step index (when called from `run`). */
  readonly k?: number;
  /** Reference direction ŵ for `directionalGap` (e.g. the hard-margin SVM solution, docs/theorems/maxmargin.md M4). */
  readonly direction?: V<R>;
  /**
   * An enclosure of the Bregman oracle w* = argmin_{Xw = y} D_Φ(w, θ₀) in the coordinates of θ, for `bregmanGap`
   * (e.g. `bregmanProjection(…).wStar`, docs/theorems/mirror.md M2): w*_j lies within err_j of value_j.
   */
  readonly oracle?: { readonly value: V<R>; readonly err: V<R> };
  /**
   * Majorant model for rounding bounds: evaluated on |θ|, |X| it bounds Σ|monomials| of f, Ju, Jᵀg and Σg_i∇²f_i u
   * (models/cases.ts `ModelEntry.majorant`). Default: the model itself for the multilinear models, an identity
   * two-layer net for a fully trainable two-layer net (|σ(z)| ≤ |z|, |σ'| ≤ 1).
   */
  readonly majorant?: Model<R>;
}

/** A registered diagnostic: whether it applies to an objective, and how to compute it. */
export interface Diagnostic {
  /** Registry name ("loss", "sharpness", …). */
  readonly name: string;
  /** One line: the definition (shown by the CLI). */
  readonly doc: string;
  /**
   * Set when `compute` needs `ctx.direction` (a reference direction the caller supplies, e.g. a spec's "reference").
   */
  readonly needsDirection?: true;
  /** Set when `compute` needs `ctx.oracle` (a Bregman oracle's enclosure from the caller, e.g. a spec's "oracle"). */
  readonly needsOracle?: true;
  /**
   * Objective members `compute` calls beyond value and grad (objective/capabilities.ts), e.g. ['errorModel'] for the
   * loss; checked when the diagnostic is set up (`diagnosticHooks` → `run`), naming what to add.
   */
  readonly needs?: readonly Capability[];
  /** True when `compute` is defined for this objective (e.g. `margin` needs a homogeneous model). */
  applies<R extends Repr>(F: Objective<R>): boolean;
  /** The value with error bars; throws an Error naming the model/field when it is undefined. */
  compute<R extends Repr>(ctx: DiagnosticContext<R>): DiagnosticValue<R>;
}

/** True when x is a `Measured` leaf (exactly the keys value and err). */
export function isMeasured<R extends Repr>(x: DiagnosticValue<R>): x is Measured<R> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && 'value' in x && 'err' in x;
}

/** JSON-able form with exact strings: `Measured` → { value: B.show(value), err: B.show(err) }, recursively. */
export function diagnosticToJson<R extends Repr>(B: Backend<R>, x: DiagnosticValue<R>): DiagnosticJson {
  if (isMeasured(x)) return { value: B.show(x.value), err: B.show(x.err) };
  if (Array.isArray(x)) return (x as readonly DiagnosticValue<R>[]).map((e) => diagnosticToJson(B, e));
  const out: Record<string, DiagnosticJson> = {};
  for (const [k, v] of Object.entries(x as { readonly [key: string]: DiagnosticValue<R> }))
    out[k] = diagnosticToJson(B, v);
  return out;
}
