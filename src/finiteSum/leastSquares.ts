/**
 * Least squares as a finite sum: f_i(x) = ½(a_iᵀx − b_i)², the i-th row (a_i, b_i) of data (A, b). Each f_i is convex
 * with inf f_i = 0 (attained: a_i ≠ 0), L_i = ‖a_i‖² (∇²f_i = a_i a_iᵀ), so for a consistent system (Ax = b solvable)
 * f* = 0 and the α-β-condition of arXiv 2410.12455 holds with α = 1, β = 0 (convexity: docs/theorems/landscape.md L6).
 */
import type { Num } from '../numeric/types.js';
import { fdot, type Field } from './field.js';
import type { Component } from './types.js';

/** f(x) = ½(aᵀx − b)². */
export function leastSquaresRow(name: string, a: readonly Num[], b: Num): Component {
  const av = <T>(F: Field<T>) => a.map((v) => F.num(v));
  const residual = <T>(F: Field<T>, x: readonly T[]) => F.sub(fdot(F, av(F), x), F.num(b));
  return {
    name,
    dim: a.length,
    infimum: '0',
    value(F, x) {
      const r = residual(F, x);
      return F.mul(F.num('0.5'), F.mul(r, r));
    },
    grad(F, x) {
      const r = residual(F, x);
      return av(F).map((ai) => F.mul(r, ai));
    },
    hvp(F, _x, u) {
      const A = av(F);
      const au = fdot(F, A, u);
      return A.map((ai) => F.mul(au, ai));
    },
  };
}

/** The rows of (A, b) as components `${name}.f1`, …; every row must have the same length. */
export function leastSquares(name: string, A: readonly (readonly Num[])[], b: readonly Num[]): Component[] {
  if (A.length === 0 || A.length !== b.length)
    throw new RangeError(`leastSquares: ${A.length} rows and ${b.length} targets (need as many, at least one)`);
  const d = A[0]!.length;
  return A.map((row, i) => {
    if (row.length !== d) throw new RangeError(`leastSquares: row ${i} has ${row.length} entries, expected ${d}`);
    return leastSquaresRow(`${name}.f${i + 1}`, row, b[i]!);
  });
}
