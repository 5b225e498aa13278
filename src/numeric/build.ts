/**
 * Vectors and matrices from a mix of exact decimal strings and computed backend scalars. `B.vec`/`B.mat` read
 * decimal strings only (exact input); user code that builds a matrix from values it computed (a step size, an entry
 * of another matrix) uses these instead of printing and re-reading them. No backend represents a scalar as a string,
 * so a string is always read as a decimal (`B.num`, correctly rounded) and anything else is taken as it is.
 */
import type { Backend, M, Num, Repr, S, V } from './types.js';

/** One entry: a decimal string (read by B.num) or a backend scalar (used as is). */
export type ScalarInput<R extends Repr> = Num | S<R>;

function scalar<R extends Repr>(B: Backend<R>, x: ScalarInput<R>): S<R> {
  return typeof x === 'string' ? B.num(x) : x;
}

/** The vector of `xs` (decimal strings and/or backend scalars). */
export function vecOf<R extends Repr>(B: Backend<R>, xs: readonly ScalarInput<R>[]): V<R> {
  return B.pack(xs.map((x) => scalar(B, x)));
}

/** The matrix with these rows (decimal strings and/or backend scalars); rows must have equal lengths. */
export function matOf<R extends Repr>(B: Backend<R>, rows: readonly (readonly ScalarInput<R>[])[]): M<R> {
  const r = rows.length;
  if (r === 0) throw new RangeError('matOf: no rows (a matrix needs at least one)');
  const c = rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== c) throw new RangeError(`matOf: row ${i} has ${row.length} entries, row 0 has ${c}`);
  });
  return B.reshape(B.pack(rows.flat().map((x) => scalar(B, x))), r, c);
}
