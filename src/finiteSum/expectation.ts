/**
 * Exact expectations over the sampling: for i_0, …, i_{K−1} i.i.d. ~ Unif[n] and x_{k+1} = step(x_k, i_k),
 *   E[stat(x_k)] = n^{−k} Σ_{(i_0,…,i_{k−1}) ∈ [n]^k} stat(x_k(i_0, …, i_{k−1}))   for every k ≤ K,
 * computed by a depth-first walk of the tree of index paths: each node (a prefix) is stepped once and shared by its
 * n^{K−k} extensions, so the work is Σ_{k≤K} n^k node steps. The arithmetic is a `Field` (./field.ts): over a
 * `BallArith` the nodes and the sums are balls, so each expectation carries a rigorous rounding bar; K = 1 is the
 * conditional expectation E_i[stat(step(x, i)) | x].
 */
import { ballArith, type Ball } from '../ball/ball.js';
import type { Backend, Repr, S } from '../numeric/types.js';
import type { Field } from './field.js';
import type { Component } from './types.js';

/** The most tree nodes Σ_{k≤K} n^k one exact expectation may visit (n = 2, K = 21 fits). */
export const EXPECTATION_CAP = 2 ** 22;

/** Σ_{k≤K} n^k, or Infinity once it exceeds the cap. */
export function treeSize(n: number, K: number): number {
  let total = 0;
  let level = 1;
  for (let k = 0; k <= K; k++) {
    total += level;
    if (total > EXPECTATION_CAP) return Infinity;
    level *= n;
  }
  return total;
}

/** Throws a one-line RangeError (prefixed by `who`) naming n, K and the cap unless the tree of n^K paths fits. */
export function assertTreeFits(n: number, K: number, who: string): void {
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`${who}: n = ${n} must be a positive integer (the number of samples)`);
  if (!Number.isInteger(K) || K < 0)
    throw new RangeError(`${who}: K = ${K} must be a non-negative integer (the horizon)`);
  if (treeSize(n, K) === Infinity) {
    throw new RangeError(
      `${who}: n = ${n}, K = ${K} gives n^K = ${n ** K} index paths, more than the cap of ${EXPECTATION_CAP} tree nodes (EXPECTATION_CAP); lower K or n`,
    );
  }
}

/**
 * E[stat(x_k)] for k = 0, …, K (module comment). `child(node, i, k)` is the state after step k with index i;
 * `stat(node, k)` the statistic at depth k. Throws a one-line RangeError naming n, K and the cap when the tree is too
 * large.
 */
export function exactExpectation<T, N>(
  A: Field<T>,
  n: number,
  K: number,
  root: N,
  child: (node: N, i: number, k: number) => N,
  stat: (node: N, k: number) => T,
): T[] {
  assertTreeFits(n, K, 'exactExpectation');
  const sums: T[] = Array.from({ length: K + 1 }, () => A.int(0));
  const walk = (node: N, k: number): void => {
    sums[k] = A.add(sums[k]!, stat(node, k));
    if (k === K) return;
    for (let i = 0; i < n; i++) walk(child(node, i, k), k + 1);
  };
  walk(root, 0);
  // n^k < 2^53 (the cap), so A.int(n^k) is exact
  return sums.map((s, k) => (k === 0 ? s : A.div(s, A.int(n ** k))));
}

/**
 * SGD on a finite sum in ball arithmetic: x_{k+1} = x_k − γ∇f_{i_k}(x_k) with x_k a vector of balls, so the whole
 * path (and any statistic of it) is enclosed rigorously. γ and x_0 are exact decimals.
 */
export function sgdBallStep<R extends Repr>(B: Backend<R>, components: readonly Component[], lr: Ball<R>) {
  const K = ballArith(B);
  return (x: readonly Ball<R>[], i: number): Ball<R>[] => {
    const g = components[i]!.grad(K, x);
    return x.map((xj, j) => K.sub(xj, K.mul(lr, g[j]!)));
  };
}

/** E[stat(x_k)], k ≤ K, of SGD with step γ from x_0 on f = (1/n)Σ f_i, every quantity a ball (module comment). */
export function sgdExactExpectation<R extends Repr>(
  B: Backend<R>,
  components: readonly Component[],
  opts: { readonly lr: Ball<R>; readonly x0: readonly Ball<R>[]; readonly steps: number },
  stat: (x: readonly Ball<R>[], k: number) => Ball<R>,
): Ball<R>[] {
  const K = ballArith(B);
  const step = sgdBallStep(B, components, opts.lr);
  return exactExpectation(K, components.length, opts.steps, opts.x0, (x, i) => step(x, i), stat);
}

/** The backend's scalars as the accumulator (fast, no bar): for cross-checks and sampling-free point estimates. */
export function plainField<R extends Repr>(B: Backend<R>): Field<S<R>> {
  return B;
}
