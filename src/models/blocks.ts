/**
 * Helpers shared by the models: θ-layout bookkeeping and broadcasts written with Backend kernels only (so they run
 * unchanged on f64, dd and dec).
 */
import type { Backend, M, Repr, V } from '../numeric/types.js';
import type { Block } from './types.js';

/** Number of entries of a block (product of its shape). */
export function blockSize(b: Block): number {
  return b.shape.reduce((p, s) => p * s, 1);
}

/** dim θ for a layout. */
export function layoutDim(layout: readonly Block[]): number {
  return layout.reduce((s, b) => s + blockSize(b), 0);
}

/** Throws an Error naming `what` when a vector does not have the model's dim θ. */
export function checkDim<R extends Repr>(B: Backend<R>, x: V<R>, dim: number, what: string, kind: string): void {
  const n = B.dim(x);
  if (n !== dim) throw new RangeError(`${kind}: ${what} has length ${n}, expected dim θ = ${dim}`);
}

/** Throws unless X has `cols` columns and g (if given) one entry per row of X. */
export function checkData<R extends Repr>(B: Backend<R>, X: M<R>, cols: number, kind: string, g?: V<R>): void {
  if (B.cols(X) !== cols) {
    throw new RangeError(`${kind}: X has ${B.cols(X)} columns, expected input dimension ${cols}`);
  }
  if (g !== undefined && B.dim(g) !== B.rows(X)) {
    throw new RangeError(
      `${kind}: per-sample weights have length ${B.dim(g)}, expected one per row of X (${B.rows(X)})`,
    );
  }
}

/** Splits θ into its blocks in layout order (vectors; reshape matrices at the call site). */
export function splitBlocks<R extends Repr>(B: Backend<R>, theta: V<R>, layout: readonly Block[]): V<R>[] {
  const out: V<R>[] = [];
  let o = 0;
  for (const b of layout) {
    const n = blockSize(b);
    out.push(B.slice(theta, o, o + n));
    o += n;
  }
  return out;
}

/** The all-ones vector of length n. */
export function ones<R extends Repr>(B: Backend<R>, n: number): V<R> {
  return B.fill(n, B.one);
}

/** n×m matrix whose every row is c (c ∈ R^m): 1·cᵀ, exact (products with 1). */
export function rowBroadcast<R extends Repr>(B: Backend<R>, c: V<R>, n: number): M<R> {
  return B.ger(ones(B, n), c);
}

/** Entrywise sum of two matrices of the same shape. */
export function madd<R extends Repr>(B: Backend<R>, P: M<R>, Q: M<R>): M<R> {
  return B.reshape(B.vadd(B.flatten(P), B.flatten(Q)), B.rows(P), B.cols(P));
}

/** Entrywise (Hadamard) product of two matrices of the same shape. */
export function mmul<R extends Repr>(B: Backend<R>, P: M<R>, Q: M<R>): M<R> {
  return B.reshape(B.vmul(B.flatten(P), B.flatten(Q)), B.rows(P), B.cols(P));
}

/** The single column of an n×1 matrix as a vector (zero-copy). */
export function column<R extends Repr>(B: Backend<R>, X: M<R>, kind: string): V<R> {
  if (B.cols(X) !== 1) throw new RangeError(`${kind}: X must be n×1 (scalar inputs), got ${B.rows(X)}×${B.cols(X)}`);
  return B.flatten(X);
}

/** Checks a positive integer option, naming it in the error. */
export function checkPositiveInt(x: unknown, what: string, min = 1): number {
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min) {
    throw new RangeError(`${what} must be an integer ≥ ${min}, got ${String(x)}`);
  }
  return x;
}
