/**
 * One-line domain and parameter errors of the potentials (a RangeError naming the potential, the value and what to
 * do), checked with kernels (one pass over the vector) and located only when the check fails.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';

/** Throws unless the parameter is finite and > 0. */
export function requirePositiveParam<R extends Repr>(B: Backend<R>, potential: string, param: string, v: S<R>): void {
  if (!(B.isFinite(v) && B.cmp(v, B.zero) > 0)) {
    throw new RangeError(`${potential}: ${param} = ${B.show(v)} must be finite and > 0`);
  }
}

/** Throws unless every entry of x is > 0 (the domain of the negative entropy). */
export function requirePositive<R extends Repr>(B: Backend<R>, potential: string, x: V<R>): void {
  const n = B.dim(x);
  // step(x_j) = 1 exactly when x_j > 0 (0 for x_j ≤ 0 and NaN), so the sum is n exactly when all are inside
  if (B.cmp(B.sum(B.map('step', x)), B.int(n)) === 0) return;
  const j = B.unpack(x).findIndex((v) => !(B.cmp(v, B.zero) > 0));
  throw new RangeError(
    `${potential}: x[${j}] = ${B.show(B.at(x, j))} is outside the domain x > 0 (start inside the positive orthant)`,
  );
}
