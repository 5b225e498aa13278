/**
 * Rounding-error helpers shared by the a-posteriori bounds in eigh.ts and svd.ts.
 *
 * Error model (the Backend contract): every basic operation satisfies fl(x∘y) = (x∘y)(1+δ), |δ| ≤ u = B.eps.
 * Standard consequences (Higham, "Accuracy and Stability of Numerical Algorithms", 2nd ed., §3.1, Lemma 3.1):
 * a dot product of length n has |fl(xᵀy) − xᵀy| ≤ γ_n |x|ᵀ|y| with γ_n = nu/(1 − nu), and a matrix-vector product
 * |fl(Ax) − Ax| ≤ γ_n |A||x| (componentwise). We never need γ_n exactly: `roundoff(B, n)` = 2(n+2)u, which is
 * ≥ γ_{n+2} whenever (n+2)u ≤ 1/2, so it also absorbs the few extra roundings of a scaling, a subtraction or a
 * square root. Every bound below carries that factor-2 margin instead of a tuned constant.
 */
import type { Backend, Repr, S } from '../numeric/types.js';

/** g(n) = 2(n+2)·u: an upper bound on γ_{n+2}, the relative error of a length-n dot product plus a few ops. */
export function roundoff<R extends Repr>(B: Backend<R>, n: number): S<R> {
  return B.mul(B.int(2 * (n + 2)), B.eps);
}

/** x·(1 + g): turns a computed nonnegative quantity into an upper bound for the exact one. */
export function up<R extends Repr>(B: Backend<R>, x: S<R>, g: S<R>): S<R> {
  return B.mul(x, B.add(B.one, g));
}

/** x·(1 − g), clamped at 0: a lower bound for the exact value of a computed nonnegative quantity. */
export function down<R extends Repr>(B: Backend<R>, x: S<R>, g: S<R>): S<R> {
  return B.max(B.zero, B.mul(x, B.sub(B.one, g)));
}

/** Largest element of a nonempty list. */
export function maxOf<R extends Repr>(B: Backend<R>, xs: readonly S<R>[]): S<R> {
  let m = B.zero;
  for (const x of xs) m = B.max(m, x);
  return m;
}

/** True when a < b strictly (backend comparison). */
export function lt<R extends Repr>(B: Backend<R>, a: S<R>, b: S<R>): boolean {
  return B.cmp(a, b) < 0;
}

/** Upper bound on ‖Ax − μx‖ from its computed value, when the residual was formed as fl(fl(Ax) − μx).
 *
 * True r = r̂ − e3 − e1 + e2 with |e1| ≤ γ_n|A||x| (so ‖e1‖ ≤ γ_n‖A‖_F‖x‖), ‖e2‖ ≤ u|μ|‖x‖ (scaling), ‖e3‖ ≤ u‖r̂‖
 * (subtraction); nrm2 adds a relative γ_n. Hence ‖r‖ ≤ ‖r̂‖_computed(1 + 2g) + 2g(‖A‖_F + |μ|)‖x‖ with g = g(n). */
export function residualUpper<R extends Repr>(
  B: Backend<R>,
  computedNorm: S<R>,
  g: S<R>,
  normAUpper: S<R>,
  mu: S<R>,
  xNormUpper: S<R>,
): S<R> {
  const twoG = B.add(g, g);
  return B.add(up(B, computedNorm, twoG), B.mul(twoG, B.mul(B.add(normAUpper, B.abs(mu)), xNormUpper)));
}
