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
import type { Backend, M, Repr, S, V } from '../numeric/types.js';

/** γ_n = n·u/(1 − n·u); throws when n·u ≥ 1/2 (no meaningful bound: the problem is too large for this backend). */
export function gamma<R extends Repr>(B: Backend<R>, n: number): S<R> {
  const nu = B.mul(B.int(n), B.eps);
  if (B.cmp(nu, B.num('0.5')) >= 0) {
    throw new RangeError(
      `diagnostics: n·u = ${n}·${B.show(B.eps)} ≥ 1/2; rounding bounds are meaningless on ${B.id} at this size`,
    );
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
  if (b === undefined)
    throw new Error(
      `diagnostics: model ${model.kind} has no block "${name}" (layout: ${model.layout.map((x) => x.name).join(', ')})`,
    );
  return B.slice(theta, b.start, b.end);
}

/** Matrix blocks (shape [r, c]) of θ, in layout order. */
export function matrixBlocks<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>): { name: string; W: M<R> }[] {
  return blocksWithOffsets(model.layout)
    .filter((x) => x.block.shape.length === 2)
    .map((x) => ({
      name: x.block.name,
      W: B.reshape(B.slice(theta, x.start, x.end), x.block.shape[0]!, x.block.shape[1]!),
    }));
}

/** Models whose own evaluation on |θ|, |X| is a majorant (polynomials with coefficients +1). */
/**
 * The default majorant model (see `DiagnosticContext.majorant`): the model's own `majorant()` (models/types.ts).
 * Throws naming the model when it declares none.
 */
export function defaultMajorant<R extends Repr>(model: Model<R>): Model<R> {
  if (model.majorant !== undefined) return model.majorant();
  throw new Error(
    `diagnostics: no default rounding majorant for model ${model.kind} with blocks [${model.layout.map((b) => b.name).join(', ')}]; ` +
      "pass ctx.majorant (e.g. MODELS[kind].factory(B, spec) of a model that bounds this one's monomials)",
  );
}

/**
 * The depth bound K of models/laws.ts: 4·(dim θ + n + inputDim + degree + 4) ≥ the length of every sum/product chain.
 */
export function depthBound<R extends Repr>(model: Model<R>, n: number, inputDim: number): number {
  const degree = Math.max(model.homogeneity ?? 0, model.layout.length, 2);
  return 4 * (model.dim + n + inputDim + degree + 4);
}
