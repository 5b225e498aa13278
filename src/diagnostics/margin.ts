/**
 * `margin`: the normalized margin of an L-homogeneous predictor, γ(θ) = min_i y_i f(θ; x_i) / ‖θ‖^L
 * (L = model.homogeneity; Lyu & Li 2020; for a linear classifier with labels absorbed it is min_n x_nᵀw/‖w‖,
 * docs/theorems/maxmargin.md M5). Invariant under θ → cθ, c > 0.
 *
 * Bar: q_i = y_i f̂_i is within |y_i|δ_i + u|q̂_i| of y_i f_i (δ_i = 2γ_K·M_i, the prediction bound of
 * objectiveBounds.ts), so min_i q̂_i is within max_i of those; N̂ = fl(‖θ‖^L) has relative error η ≤
 * 2(L(n + 8)u + (3L + 4)u) (nrm2, then powi); then |q̂/N̂ − q/N| ≤ (e_q + |q̂|η)/(N̂(1 − η)) + u|q̂/N̂|, × MARGIN.
 */
import type { Objective } from '../objective/objective.js';
import type { Measured, Repr, S } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { defaultMajorant, depthBound, gamma, ku, mabs, margin, vabs } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** True when F is an empirical risk of a model with declared positive homogeneity. */
export function hasMargin<R extends Repr>(F: Objective<R>): boolean {
  return isDataObjective(F) && F.model.homogeneity !== undefined && F.model.homogeneity > 0;
}

/** margin: min_i y_i f(θ; x_i) / ‖θ‖^L with a rounding bar (module comment). */
export function marginDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Measured<R> {
  const { F, theta } = ctx;
  const B = F.B;
  if (!isDataObjective(F))
    throw new Error('margin: needs an empirical risk objective(B, model, loss, data) (labels y and a model)');
  const model = F.model;
  const L = model.homogeneity;
  if (L === undefined || L <= 0) {
    throw new Error(
      `margin: model ${model.kind} declares no positive homogeneity degree, so the normalized margin y·f/‖θ‖^L is undefined`,
    );
  }
  const nrm = B.nrm2(theta);
  if (B.isZero(nrm)) throw new Error(`margin: θ = 0 for model ${model.kind}; the normalized margin is undefined there`);
  const X = F.data.X;
  const y = F.data.y;
  const maj = ctx.majorant ?? defaultMajorant(model);
  const K = depthBound(model, B.rows(X), B.cols(X));
  const delta = B.scal(B.mul(B.int(2), gamma(B, K)), maj.predict(vabs(B, theta), mabs(B, X)));
  const q = B.vmul(y, model.predict(theta, X));
  const eq = B.vadd(B.vmul(vabs(B, y), delta), B.scal(B.eps, vabs(B, q)));
  const qs = B.unpack(q);
  const es = B.unpack(eq);
  let qmin: S<R> = qs[0]!;
  let emax: S<R> = es[0]!;
  for (let i = 1; i < qs.length; i++) {
    qmin = B.min(qmin, qs[i]!);
    emax = B.max(emax, es[i]!);
  }
  const N = B.powi(nrm, L);
  const eta = B.mul(B.int(2), B.add(B.mul(B.int(L), ku(B, B.dim(theta) + 8)), ku(B, 3 * L + 4)));
  if (B.cmp(eta, B.num('0.5')) >= 0)
    throw new RangeError(`margin: ‖θ‖^L rounding bound η = ${B.show(eta)} ≥ 1/2 on ${B.id}`);
  const value = B.div(qmin, N);
  const err = B.add(
    B.div(B.add(emax, B.mul(B.abs(qmin), eta)), B.mul(N, B.sub(B.one, eta))),
    B.mul(B.eps, B.abs(value)),
  );
  return { value, err: margin(B, err) };
}
