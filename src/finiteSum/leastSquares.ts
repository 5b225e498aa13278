/**
 * Convex least squares as a finite sum: f_i(x) = ½(a_iᵀx − b_i)², ∇f_i = (a_iᵀx − b_i)a_i, ∇²f_i·u = (a_iᵀu)a_i,
 * inf f_i = 0 (attained on the hyperplane a_iᵀx = b_i, a_i ≠ 0). Every f_i is convex, so Definition 1 of arXiv
 * 2410.12455 holds with α = 1, β = 0 (⟨∇f_i(x), x − x_p⟩ ≥ f_i(x) − f_i(x_p) by convexity), the paper's "convex case".
 */
import { div, fromInt, mul, parseNum, toPlainNum } from '../numeric/rational.js';
import type { Num } from '../numeric/types.js';
import type { FiniteSumEntry } from './examples.js';
import { fdot, type Field } from './field.js';
import type { Component } from './types.js';

/** f(x) = ½(aᵀx − b)² (a ≠ 0): inf f = 0. */
export function affineSquare(name: string, a: readonly Num[], b: Num): Component {
  if (a.every((v) => Number(v) === 0)) throw new RangeError(`affineSquare ${name}: a = 0 (f would be constant)`);
  const av = <T>(F: Field<T>) => a.map((v) => F.num(v));
  const r = <T>(F: Field<T>, x: readonly T[]) => F.sub(fdot(F, av(F), x), F.num(b));
  return {
    name,
    dim: a.length,
    infimum: '0',
    value(F, x) {
      const s = r(F, x);
      return F.div(F.mul(s, s), F.int(2));
    },
    grad(F, x) {
      const s = r(F, x);
      return av(F).map((ai) => F.mul(s, ai));
    },
    hvp(F, _x, u) {
      const A = av(F);
      const au = fdot(F, A, u);
      return A.map((ai) => F.mul(au, ai));
    },
  };
}

/**
 * An inconsistent 3 × 2 least-squares problem: a_1 = (1, 0), a_2 = (0, 1), a_3 = (1, 1), b = (3/2, 3/4, −3/4).
 * The normal equations AᵀAx = Aᵀb ([[2, 1], [1, 2]]x = (3/4, 0)) give the unique minimizer x* = (1/2, −1/4), where the
 * residuals a_iᵀx* − b_i are (−1, −1, 1): f_i(x*) = ½, f* = ½, while f_i* = 0, so σ²_int = f* − E_i f_i* = ½ (no
 * interpolation). S = {x*}, Proj(x, S) = x*. L = max_i ‖a_i‖² = 2. Derivatives of order ≥ 3 vanish.
 */
export const leastSquares3: FiniteSumEntry = {
  name: 'leastSquares3',
  source: 'a convex least-squares instance (α = 1, β = 0: the convex case of arXiv 2410.12455, Definition 1)',
  components: [
    affineSquare('lsq.f1', ['1', '0'], '1.5'),
    affineSquare('lsq.f2', ['0', '1'], '0.75'),
    affineSquare('lsq.f3', ['1', '1'], '-0.75'),
  ],
  fStar: '0.5',
  solutionSet: {
    description: 'the point x* = (1/2, −1/4)',
    project<T>(F: Field<T>, x: readonly T[]): T[] {
      void x;
      return [F.num('0.5'), F.num('-0.25')];
    },
  },
  derivBound: { 3: 0, 4: 0 },
};

/**
 * f(x) = ½(aᵀx − b)²: one row of a least-squares problem. A zero row is the constant ½b² (its infimum), not an
 * affine square: generated problems may contain one.
 */
export function leastSquaresRow(name: string, a: readonly Num[], b: Num): Component {
  if (!a.every((v) => Number(v) === 0)) return affineSquare(name, a, b);
  const bq = parseNum(b, `${name}.b`);
  const c = toPlainNum(div(mul(bq, bq), fromInt(2)), `${name}: ½b²`);
  return {
    name,
    dim: a.length,
    infimum: c,
    value: (F) => F.num(c),
    grad: (F) => a.map(() => F.int(0)),
    hvp: (F) => a.map(() => F.int(0)),
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
