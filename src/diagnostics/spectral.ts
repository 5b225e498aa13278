/**
 * Spectral diagnostics of the matrix blocks of θ (layers W_l, or u of a two-layer net), from the linalg SVD whose
 * error bars are rigorous a-posteriori bounds (linalg/svd.ts):
 * - `singularValues`: σ_1 ≥ … ≥ σ_k of every matrix block, each ± its bar;
 * - `stableRank`: ‖W‖_F²/‖W‖₂² per matrix block (linalg `stableRank`; docs/theorems/lowrank.md R4, R11);
 * - `alignment`: |⟨v_{l+1}, u_l⟩| for adjacent layers W_l (d_l × d_{l−1}) and W_{l+1} (d_{l+1} × d_l), u_l the top left
 *   singular vector of W_l and v_{l+1} the top right singular vector of W_{l+1} (Ji & Telgarsky 2019;
 *   docs/theorems/lowrank.md R5). The layers are the model's `layers(θ)` when it declares them (a two-layer net: u,
 *   then its second layer v, trained or fixed, as the 1×width matrix vᵀ, so its pair "u-v" is |⟨v/‖v‖, u_1(U)⟩|;
 *   docs/theorems/lowrank.md R11: the rows of W̄ lie along ±a), else the matrix blocks of the layout.
 *
 * Alignment bar. A singular-vector error bound needs the gap: svd.ts applies Davis–Kahan to the Jordan–Wielandt matrix
 * J = [0 W; Wᵀ 0], sin∠(x̂, x) ≤ ‖Jx̂ − σ̂x̂‖/gap with gap = the distance from σ̂₁ to the rest of J's spectrum (σ₂ and
 * 0, from the global bars), giving s ≥ sin∠(û, u) and sin∠(v̂, v) (= 1 when σ₁ is not isolated). The angle between
 * lines is a metric, so |∠(u, v) − ∠(û, v̂)| ≤ arcsin s_l + arcsin s_{l+1} ≤ (π/2)(s_l + s_{l+1}) (arcsin is convex on
 * [0, 1]), and |⟨u, v⟩| = cos∠(u, v) with cos 1-Lipschitz. Add the rounding of |⟨û, v̂⟩|/(‖û‖‖v̂‖) ((2d + 20)·u), and
 * intersect with [0, 1].
 */
import { stableRank, svd, topSingular } from '../linalg/svd.js';
import type { Objective } from '../objective/objective.js';
import type { M, Measured, Repr, V } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { ku, margin, matrixBlocks } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** Matrix blocks of F's model (none when F has no model). */
function blocksOf<R extends Repr>(
  F: Objective<R>,
  theta: ReturnType<Objective<R>['grad']>,
): { name: string; W: M<R> }[] {
  if (!isDataObjective(F)) return [];
  return matrixBlocks(F.B, F.model, theta);
}

/** True when F's model has at least one matrix block. */
export function hasMatrixBlocks<R extends Repr>(F: Objective<R>): boolean {
  return isDataObjective(F) && F.model.layout.some((b) => b.shape.length === 2);
}

/** The layers for `alignment`: the model's declared `layers(θ)`, else its matrix blocks. */
function alignmentBlocks<R extends Repr>(F: Objective<R>, theta: V<R>): { name: string; W: M<R> }[] {
  if (isDataObjective(F) && F.model.layers !== undefined) return F.model.layers(theta);
  return blocksOf(F, theta);
}

/** Adjacent layer pairs (W_l, W_{l+1}) whose shapes chain: cols(W_{l+1}) = rows(W_l) (declared layers always do). */
export function hasAlignedPairs<R extends Repr>(F: Objective<R>): boolean {
  if (!isDataObjective(F)) return false;
  if (F.model.layers !== undefined) return true;
  const mats = F.model.layout.filter((b) => b.shape.length === 2);
  for (let l = 0; l + 1 < mats.length; l++) if (mats[l + 1]!.shape[1] === mats[l]!.shape[0]) return true;
  return false;
}

function needBlocks<R extends Repr>(F: Objective<R>, theta: ReturnType<Objective<R>['grad']>, who: string) {
  const blocks = blocksOf(F, theta);
  if (blocks.length === 0) {
    const what = isDataObjective(F) ? `model ${F.model.kind}` : 'this objective (no model)';
    throw new Error(`${who}: ${what} has no matrix block (shape [rows, cols]) in its layout`);
  }
  return blocks;
}

/** singularValues: { [block]: [σ_1 ± e_1, …] } for every matrix block. */
export function singularValuesDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Record<string, Measured<R>[]> {
  const B = ctx.F.B;
  const out: Record<string, Measured<R>[]> = {};
  for (const { name, W } of needBlocks(ctx.F, ctx.theta, 'singularValues')) {
    const s = svd(B, W);
    out[name] = s.values.map((value, j) => ({ value, err: s.errors[j]! }));
  }
  return out;
}

/** stableRank: { [block]: ‖W‖_F²/‖W‖₂² ± err } for every matrix block (throws for a zero block: undefined). */
export function stableRankDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Record<string, Measured<R>> {
  const B = ctx.F.B;
  const out: Record<string, Measured<R>> = {};
  for (const { name, W } of needBlocks(ctx.F, ctx.theta, 'stableRank')) out[name] = stableRank(B, W);
  return out;
}

/** alignment: { "W1-W2": |⟨v(W2), u(W1)⟩| ± err, … } for adjacent chained matrix blocks (module comment). */
export function alignmentDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Record<string, Measured<R>> {
  const B = ctx.F.B;
  needBlocks(ctx.F, ctx.theta, 'alignment');
  const blocks = alignmentBlocks(ctx.F, ctx.theta);
  const out: Record<string, Measured<R>> = {};
  const halfPi = B.num('1.5708'); // ≥ π/2
  for (let l = 0; l + 1 < blocks.length; l++) {
    const { name: n1, W: W1 } = blocks[l]!;
    const { name: n2, W: W2 } = blocks[l + 1]!;
    if (B.cols(W2) !== B.rows(W1)) continue;
    const t1 = topSingular(B, W1);
    const t2 = topSingular(B, W2);
    const nu = B.nrm2(t1.u);
    const nv = B.nrm2(t2.v);
    let value = B.zero;
    let err = B.one;
    if (!B.isZero(nu) && !B.isZero(nv)) {
      value = B.div(B.abs(B.dot(t1.u, t2.v)), B.mul(nu, nv));
      const rounding = margin(B, B.mul(ku(B, 2 * B.dim(t1.u) + 20), value));
      err = B.add(B.mul(halfPi, B.add(t1.vectorErr, t2.vectorErr)), rounding);
    }
    // The true value lies in [0, 1].
    err = B.min(err, B.max(value, B.sub(B.one, value)));
    out[`${n1}-${n2}`] = { value, err };
  }
  if (Object.keys(out).length === 0) {
    throw new Error('alignment: no adjacent matrix blocks W_l, W_{l+1} with cols(W_{l+1}) = rows(W_l)');
  }
  return out;
}
