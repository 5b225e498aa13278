/**
 * Rounding-error helpers shared by the diagnostics (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed.,
 * §3.1): every basic operation satisfies fl(x∘y) = (x∘y)(1 + δ), |δ| ≤ u = B.eps, so a sum or dot product of n terms
 * is within γ_n·Σ|terms| of the exact value, γ_n = n·u/(1 − n·u).
 *
 * Every bound a diagnostic returns is computed in the same backend, so the bound itself is rounded; we multiply final
 * bounds by MARGIN = 2, which covers that (each bound is a sum/product of a few nonnegative terms, relative rounding
 * ≤ γ_{few} ≪ 1) and is stated here once rather than tuned per diagnostic.
 */
import { blockSize } from '../models/blocks.js';
import type { Block, Model } from '../models/types.js';
import { twoLayer } from '../models/twoLayer.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';

/** γ_n = n·u/(1 − n·u); throws when n·u ≥ 1/2 (no meaningful bound: the problem is too large for this backend). */
export function gamma<R extends Repr>(B: Backend<R>, n: number): S<R> {
  const nu = B.mul(B.int(n), B.eps);
  if (B.cmp(nu, B.num('0.5')) >= 0) {
    throw new RangeError(`diagnostics: n·u = ${n}·${B.show(B.eps)} ≥ 1/2; rounding bounds are meaningless on ${B.id} at this size`);
  }
  return B.div(nu, B.sub(B.one, nu));
}

/** The final-bound margin (module comment). */
export function margin<R extends Repr>(B: Backend<R>, err: S<R>): S<R> {
  return B.add(err, err);
}

/** k·u as a backend scalar. */
export function ku<R extends Repr>(B: Backend<R>, k: number): S<R> {
  return B.mul(B.int(k), B.eps);
}

/** Entrywise |x|. */
export function vabs<R extends Repr>(B: Backend<R>, x: V<R>): V<R> {
  return B.map('abs', x);
}

/** Entrywise |A|. */
export function mabs<R extends Repr>(B: Backend<R>, A: M<R>): M<R> {
  return B.reshape(B.map('abs', B.flatten(A)), B.rows(A), B.cols(A));
}

/** ‖x‖₂ with its bar: nrm2 is accurate to (n + 8)·u relative (backend law suite, numeric/laws.ts §5). */
export function norm2<R extends Repr>(B: Backend<R>, x: V<R>): { value: S<R>; err: S<R> } {
  const value = B.nrm2(x);
  return { value, err: margin(B, B.mul(ku(B, B.dim(x) + 8), value)) };
}

/**
 * An upper bound on ‖x‖₂ for a nonnegative error vector (rounding of nrm2 absorbed by (1 + (n + 8)·u)·MARGIN).
 */
export function normUpper<R extends Repr>(B: Backend<R>, x: V<R>): S<R> {
  const n = B.nrm2(x);
  return B.mul(n, B.add(B.one, ku(B, 2 * (B.dim(x) + 8))));
}

/** Matrix blocks of a layout with their offsets in θ. */
export function blocksWithOffsets(layout: readonly Block[]): { block: Block; start: number; end: number }[] {
  const out: { block: Block; start: number; end: number }[] = [];
  let o = 0;
  for (const block of layout) {
    const n = blockSize(block);
    out.push({ block, start: o, end: o + n });
    o += n;
  }
  return out;
}

/** Block `name` of θ as a vector (throws naming the model when absent). */
export function blockVec<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>, name: string): V<R> {
  const b = blocksWithOffsets(model.layout).find((x) => x.block.name === name);
  if (b === undefined) throw new Error(`diagnostics: model ${model.kind} has no block "${name}" (layout: ${model.layout.map((x) => x.name).join(', ')})`);
  return B.slice(theta, b.start, b.end);
}

/** Matrix blocks (shape [r, c]) of θ, in layout order. */
export function matrixBlocks<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>): { name: string; W: M<R> }[] {
  return blocksWithOffsets(model.layout)
    .filter((x) => x.block.shape.length === 2)
    .map((x) => ({ name: x.block.name, W: B.reshape(B.slice(theta, x.start, x.end), x.block.shape[0]!, x.block.shape[1]!) }));
}

/** Models whose own evaluation on |θ|, |X| is a majorant (polynomials with coefficients +1). */
const SELF_MAJORANT = new Set(['scalarNet', 'linear2', 'deepLinear', 'linearClassifier']);

/**
 * The fixed second layer v of a two-layer net trained in its first layer only (Frei et al. 2023's setting), read
 * from the model exactly by one vector-Jacobian probe: with one sample x = e₁, u_j = e₁ (and c = 0) every
 * pre-activation is z_j = 1, σ'(1) = 1 for every activation, so for g = 1 the gradient of the u block is
 * σ'(Z) ⊙ (g vᵀ) times x = v e₁ᵀ, whose first column is v (products with 1 and sums with 0: no rounding).
 * Returns null unless the model is a twoLayer with a trained u block and no trained v block.
 */
export function fixedSecondLayer<R extends Repr>(model: Model<R>): V<R> | null {
  if (model.kind !== 'twoLayer') return null;
  const names = model.layout.map((b) => b.name);
  const u = model.layout.find((b) => b.name === 'u');
  if (u === undefined || names.includes('v')) return null;
  const B = model.B;
  const [m, d] = [u.shape[0]!, u.shape[1]!];
  const col0 = (x: S<R>) => B.pack(Array.from({ length: m * d }, (_, i) => (i % d === 0 ? x : B.zero)));
  const probe = (x: S<R>) => B.concat([col0(x), ...(names.includes('c') ? [B.zeros(m)] : [])]);
  const X = B.reshape(B.basis(d, 0), 1, d);
  const g = B.vec(['1']);
  const v = B.pack(Array.from({ length: m }, (_, j) => B.at(model.vjp(probe(B.one), X, g), j * d)));
  return v;
}

/**
 * |σ'(−1)·v_j| ≤ |v_j| for all j, probed as in `fixedSecondLayer` with u_j = −e₁: the leaky slope satisfies |α| ≤ 1
 * (up to one rounding of α·v_j), so |σ(z)| ≤ |z| and |σ'| ≤ 1 as the identity majorant assumes.
 */
function slopeAtMostOne<R extends Repr>(model: Model<R>, v: V<R>): boolean {
  const B = model.B;
  const u = model.layout.find((b) => b.name === 'u')!;
  const [m, d] = [u.shape[0]!, u.shape[1]!];
  const U = B.pack(Array.from({ length: m * d }, (_, i) => (i % d === 0 ? B.neg(B.one) : B.zero)));
  const theta = B.concat([U, ...(model.layout.some((b) => b.name === 'c') ? [B.zeros(m)] : [])]);
  const gr = model.vjp(theta, B.reshape(B.basis(d, 0), 1, d), B.vec(['1']));
  for (let j = 0; j < m; j++) if (B.cmp(B.abs(B.at(gr, j * d)), B.abs(B.at(v, j))) > 0) return false;
  return true;
}

/**
 * The default majorant model (see `DiagnosticContext.majorant`): the model itself for the multilinear models; an
 * identity-activation two-layer net of the same shape for a two-layer net whose layers are all trainable (|σ(z)| ≤ |z|
 * and |σ'| ≤ 1, assuming a leaky slope |α| ≤ 1), or whose first layer only is trainable, with the fixed second
 * layer |v| read from the model (`fixedSecondLayer`; the slope is probed too). A fixed FIRST layer cannot be read
 * back through the model's maps (σ loses information), so that case throws: pass `majorant` explicitly
 * (MODELS.twoLayer.factory(B, MODELS.twoLayer.majorant(spec))). Throws naming the model otherwise.
 */
export function defaultMajorant<R extends Repr>(model: Model<R>): Model<R> {
  if (SELF_MAJORANT.has(model.kind)) return model;
  if (model.kind === 'twoLayer') {
    const names = model.layout.map((b) => b.name);
    const u = model.layout.find((b) => b.name === 'u');
    // the identity-activation net of u's shape: second layer trainable, or fixed at `fixedV`
    const identityNet = (first: Block, fixedV?: V<R>): Model<R> =>
      twoLayer(model.B, {
        width: first.shape[0]!,
        inputDim: first.shape[1]!,
        activation: 'identity',
        trainFirst: true,
        trainSecond: fixedV === undefined,
        bias: names.includes('c'),
        ...(fixedV === undefined ? {} : { fixed: { v: fixedV } }),
      });
    if (u !== undefined && names.includes('v')) return identityNet(u);
    const v = fixedSecondLayer(model);
    if (u !== undefined && v !== null && slopeAtMostOne(model, v)) return identityNet(u, vabs(model.B, v));
  }
  throw new Error(
    `diagnostics: no default rounding majorant for model ${model.kind} with blocks [${model.layout.map((b) => b.name).join(', ')}]; ` +
      'pass ctx.majorant (e.g. MODELS[kind].factory(B, MODELS[kind].majorant(spec)))',
  );
}

/** The depth bound K of models/laws.ts: 4·(dim θ + n + inputDim + degree + 4) ≥ the length of every sum/product chain. */
export function depthBound<R extends Repr>(model: Model<R>, n: number, inputDim: number): number {
  const degree = Math.max(model.homogeneity ?? 0, model.layout.length, 2);
  return 4 * (model.dim + n + inputDim + degree + 4);
}
