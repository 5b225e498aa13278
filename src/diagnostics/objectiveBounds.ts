/**
 * F(θ), ∇F(θ) and the dense ∇²F(θ) together with componentwise bounds on their rounding error, for the objectives
 * that carry their structure: an empirical risk `objective(B, model, loss, data)` and a closed-form `quadratic`.
 *
 * Empirical risk F = w Σ_i ℓ(f_i, y_i) (w = 1/n or 1), f̂ = fl(predict):
 *  - prediction: |f̂_i − f_i| ≤ δ_i := γ_K·M_i, M = majorant.predict(|θ|, |X|) = Σ|monomials| of f_i (models/laws.ts);
 *  - loss: |ℓ̂_i − ℓ(f_i)| ≤ e0_i, |ℓ̂'_i − ℓ'(f_i)| ≤ e1_i, |ℓ̂''_i − ℓ''(f_i)| ≤ e2_i (lossErrors.ts);
 *  - value: |F̂ − F| ≤ w(Σ e0_i + γ_n Σ|ℓ̂_i|) + u|F̂|;
 *  - gradient: ∇F = w Jᵀℓ'; |fl(Jᵀĝ) − Jᵀĝ| ≤ γ_{2K} |J|ᵀ|ĝ| and |Jᵀ(ĝ − ℓ')| ≤ |J|ᵀe1, with |J| ≤ J_maj, so
 *    |∇̂F − ∇F| ≤ w·vjp_maj(γ_{2K}|ĝ| + e1) + u|∇̂F|;
 *  - Hessian column j: w[Jᵀdiag(ℓ'')J e_j + Σ_i ℓ'_i∇²f_i e_j], each product rounded within γ_{3K} of its majorant:
 *    |Ĥe_j − He_j| ≤ w[vjp_maj((γ_{3K}|ℓ̂''| + e2) ⊙ jvp_maj(e_j)) + hvpW_maj(γ_{3K}|ℓ̂'| + e1, e_j)] + u|Ĥe_j|.
 * Quadratic ½θᵀAθ − bᵀθ + c: value within γ_{2d+4}(|θ|ᵀ|A||θ| + |b|ᵀ|θ| + |c|), gradient within γ_{d+2}(|A||θ| + |b|),
 * Hessian A exactly.
 * Every final bound carries MARGIN (rounding.ts).
 */
import type { Model } from '../models/types.js';
import type { DataObjective, Objective } from '../objective/objective.js';
import type { QuadraticObjective } from '../objective/quadratic.js';
import type { Backend, M, Measured, Repr, S, V } from '../numeric/types.js';
import { hasLossBounds, lossBounds } from './lossErrors.js';
import { defaultMajorant, depthBound, gamma, ku, mabs, margin, vabs } from './rounding.js';

/** Duck-typed: an empirical risk exposes model, loss and data. */
export function isDataObjective<R extends Repr>(F: Objective<R>): F is DataObjective<R> {
  const o = F as Partial<DataObjective<R>>;
  return o.model !== undefined && o.loss !== undefined && o.data !== undefined && typeof o.predict === 'function';
}

/** Duck-typed: a closed-form quadratic exposes A, b, c. */
export function isQuadratic<R extends Repr>(F: Objective<R>): F is QuadraticObjective<R> {
  const o = F as Partial<QuadraticObjective<R>>;
  return o.A !== undefined && o.b !== undefined && o.c !== undefined;
}

/** True when F has a rounding model (loss, gradNorm, sharpness apply). */
export function hasObjectiveBounds<R extends Repr>(F: Objective<R>): boolean {
  if (isQuadratic(F)) return true;
  if (!isDataObjective(F) || !hasLossBounds(F.loss)) return false;
  try {
    defaultMajorant(F.model);
    return true;
  } catch {
    return false;
  }
}

function noModel<R extends Repr>(F: Objective<R>): Error {
  return new Error(
    `diagnostics: no rounding-error model for this objective (dim ${F.dim}): build it with objective(B, model, loss, data) ` +
      'or quadratic(B, { A }) so that F, ∇F and ∇²F get error bars',
  );
}

interface Risk<R extends Repr> {
  B: Backend<R>;
  F: DataObjective<R>;
  maj: Model<R>;
  absTheta: V<R>;
  absX: M<R>;
  K: number;
  w: S<R>;
  n: number;
}

function risk<R extends Repr>(F: DataObjective<R>, theta: V<R>, majorant?: Model<R>): Risk<R> {
  const B = F.B;
  const n = F.nSamples;
  return {
    B,
    F,
    maj: majorant ?? defaultMajorant(F.model),
    absTheta: vabs(B, theta),
    absX: mabs(B, F.data.X),
    K: depthBound(F.model, n, B.cols(F.data.X)),
    w: F.reduction === 'mean' ? B.div(B.one, B.int(n)) : B.one,
    n,
  };
}

/** Computed predictions and the loss bounds at them. */
function lossesAt<R extends Repr>(r: Risk<R>, theta: V<R>) {
  const { B, F } = r;
  const fhat = F.model.predict(theta, F.data.X);
  const delta = B.scal(B.mul(B.int(2), gamma(B, r.K)), r.maj.predict(r.absTheta, r.absX));
  return lossBounds(B, F.loss, fhat, delta, F.data.y);
}

/** F(θ) with an error bar (module comment). */
export function valueWithError<R extends Repr>(F: Objective<R>, theta: V<R>, majorant?: Model<R>): Measured<R> {
  const B = F.B;
  const value = F.value(theta);
  if (isQuadratic(F)) {
    const d = F.dim;
    const at = vabs(B, theta);
    const s = B.add(B.add(B.dot(at, B.gemv(mabs(B, F.A), at)), B.dot(vabs(B, F.b), at)), B.abs(F.c));
    return { value, err: margin(B, B.mul(gamma(B, 2 * d + 4), s)) };
  }
  if (!isDataObjective(F)) throw noModel(F);
  const r = risk(F, theta, majorant);
  const lb = lossesAt(r, theta);
  const sumAbs = B.sum(vabs(B, lb.value));
  const e = B.add(B.sum(lb.valueErr), B.mul(gamma(B, r.n + 2), sumAbs));
  return { value, err: margin(B, B.add(B.mul(r.w, e), B.mul(B.eps, B.abs(value)))) };
}

/** ∇F(θ) with a componentwise error bound (module comment). */
export function gradWithError<R extends Repr>(F: Objective<R>, theta: V<R>, majorant?: Model<R>): { grad: V<R>; err: V<R> } {
  const B = F.B;
  const grad = F.grad(theta);
  if (isQuadratic(F)) {
    const at = vabs(B, theta);
    const e = B.vadd(B.gemv(mabs(B, F.A), at), vabs(B, F.b));
    return { grad, err: B.scal(B.add(gamma(B, F.dim + 2), gamma(B, F.dim + 2)), e) };
  }
  if (!isDataObjective(F)) throw noModel(F);
  const r = risk(F, theta, majorant);
  const lb = lossesAt(r, theta);
  const weights = B.vadd(B.scal(gamma(B, 2 * r.K), vabs(B, lb.d1)), lb.d1Err);
  const e = B.vadd(B.scal(r.w, r.maj.vjp(r.absTheta, r.absX, weights)), B.scal(B.eps, vabs(B, grad)));
  return { grad, err: B.scal(B.int(2), e) };
}

/**
 * The dense Hessian, symmetrized as H_s = (Ĥ + Ĥᵀ)/2 (exactly symmetric, as the eigensolver requires), with an
 * entrywise bound E ≥ |H_s − ∇²F(θ)| (module comment; symmetrizing adds (E_ij + E_ji)/2 + 2u|H_s,ij|).
 */
export function hessianWithError<R extends Repr>(F: Objective<R>, theta: V<R>, majorant?: Model<R>): { H: M<R>; err: M<R> } {
  const B = F.B;
  const d = F.dim;
  const Hraw = F.hessian(theta);
  const half = B.num('0.5');
  const Hs = B.reshape(B.scal(half, B.vadd(B.flatten(Hraw), B.flatten(B.transpose(Hraw)))), d, d);
  if (isQuadratic(F)) return { H: Hs, err: B.mzeros(d, d) };
  if (!isDataObjective(F)) throw noModel(F);
  const r = risk(F, theta, majorant);
  const lb = lossesAt(r, theta);
  const g3 = gamma(B, 3 * r.K);
  const w2 = B.vadd(B.scal(g3, vabs(B, lb.d2)), lb.d2Err);
  const w1 = B.vadd(B.scal(g3, vabs(B, lb.d1)), lb.d1Err);
  const cols: V<R>[] = [];
  for (let j = 0; j < d; j++) {
    const ej = B.basis(d, j);
    const gn = B.vmul(w2, r.maj.jvp(r.absTheta, r.absX, ej));
    cols.push(B.vadd(r.maj.vjp(r.absTheta, r.absX, gn), r.maj.hvpWeighted(r.absTheta, r.absX, w1, ej)));
  }
  // rows of Ecols are the column bounds, i.e. Ecols = Eᵀ; symmetrizing needs E + Eᵀ, so orientation is irrelevant.
  const Ecols = B.flatten(B.reshape(B.concat(cols), d, d));
  const Esym = B.scal(half, B.vadd(Ecols, B.flatten(B.transpose(B.reshape(B.concat(cols), d, d)))));
  const abs = vabs(B, B.flatten(Hs));
  // w·E + u|Ĥ| (the reduction) + 2u|H_s| (symmetrization), times MARGIN.
  const e = B.vadd(B.scal(r.w, Esym), B.scal(ku(B, 3), abs));
  return { H: Hs, err: B.reshape(B.scal(B.int(2), e), d, d) };
}
