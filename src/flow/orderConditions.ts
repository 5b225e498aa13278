/**
 * Rooted-tree order conditions (Butcher 1963; Hairer–Nørsett–Wanner I, §II.2): an explicit RK method has order p iff
 * bᵀΦ(τ) = 1/γ(τ) for every rooted tree τ with |τ| ≤ p, where Φ(leaf) = 𝟙, Φ([τ₁…τ_m]) = ∏_k A·Φ(τ_k) (elementwise)
 * and γ([τ₁…τ_m]) = |τ|·∏ γ(τ_k). Evaluated in exact rational arithmetic, so a single wrong digit in a tableau shows.
 */
import { add, div, eq, mul, ONE, parseRat, q, showRat, ZERO, type Q } from '../numeric/rational.js';
import type { Tableau } from './tableaus.js';

/** A rooted tree as the sorted list of its children's indices in the global tree list. */
interface Tree {
  readonly order: number;
  readonly children: readonly number[];
}

/** All rooted trees of order ≤ maxOrder (1, 1, 2, 4, 9, 20, 48, 115, 286 of each order). */
function treesUpTo(maxOrder: number): Tree[] {
  const trees: Tree[] = [{ order: 1, children: [] }];
  const byOrder: number[][] = [[], [0]];
  for (let n = 2; n <= maxOrder; n++) {
    byOrder[n] = [];
    // children: multisets of tree indices (non-increasing) with orders summing to n − 1
    const rec = (remaining: number, maxIdx: number, acc: number[]): void => {
      if (remaining === 0) {
        byOrder[n]!.push(trees.length);
        trees.push({ order: n, children: [...acc] });
        return;
      }
      for (let i = Math.min(maxIdx, trees.length - 1); i >= 0; i--) {
        const t = trees[i]!;
        if (t.order <= remaining && t.order < n) rec(remaining - t.order, i, [...acc, i]);
      }
    };
    rec(n - 1, trees.length - 1, []);
  }
  return trees;
}

/** Parsed exact tableau. */
export interface ExactTableau {
  readonly s: number;
  readonly c: Q[];
  readonly a: Q[][];
  readonly b: Q[];
  readonly bHat?: Q[];
}

export function exactTableau(T: Tableau): ExactTableau {
  const s = T.c.length;
  const a = T.a.map((row, i) => {
    if (row.length !== i) throw new RangeError(`tableau: row ${i} of a has ${row.length} entries, expected ${i}`);
    return row.map((x) => parseRat(x));
  });
  if (a.length !== s || T.b.length !== s || (T.bHat && T.bHat.length !== s)) {
    throw new RangeError(`tableau: c, a, b (and bHat) must all have ${s} stages`);
  }
  return {
    s,
    c: T.c.map((x) => parseRat(x)),
    a,
    b: T.b.map((x) => parseRat(x)),
    ...(T.bHat ? { bHat: T.bHat.map((x) => parseRat(x)) } : {}),
  };
}

/** The first violated order condition of weights w (b or b̂) up to order p, or undefined when all hold. Also checks
 * the row-sum condition c_i = Σ_j a_ij that the tree conditions assume. */
export function firstViolatedCondition(T: ExactTableau, w: readonly Q[], p: number): string | undefined {
  for (let i = 0; i < T.s; i++) {
    const rs = T.a[i]!.reduce(add, ZERO);
    if (!eq(rs, T.c[i]!)) return `row sum of a[${i}] = ${showRat(rs)} ≠ c[${i}] = ${showRat(T.c[i]!)}`;
  }
  const trees = treesUpTo(p);
  const phi: Q[][] = [];
  const gamma: Q[] = [];
  for (const [k, t] of trees.entries()) {
    let v = Array.from({ length: T.s }, () => ONE);
    let g = q(BigInt(t.order));
    for (const ch of t.children) {
      const pc = phi[ch]!;
      const Apc = T.a.map((row) => row.reduce((acc, aij, j) => add(acc, mul(aij, pc[j]!)), ZERO));
      v = v.map((x, i) => mul(x, Apc[i]!));
      g = mul(g, gamma[ch]!);
    }
    phi[k] = v;
    gamma[k] = g;
    const lhs = w.reduce((acc, wi, i) => add(acc, mul(wi, v[i]!)), ZERO);
    const rhs = div(ONE, g);
    if (!eq(lhs, rhs)) return `tree #${k} (order ${t.order}): bᵀΦ = ${showRat(lhs)} ≠ 1/γ = ${showRat(rhs)}`;
  }
  return undefined;
}

/** Largest p ≤ maxOrder such that all order conditions up to p hold for weights w. */
export function exactOrder(T: ExactTableau, w: readonly Q[], maxOrder: number): number {
  let p = 0;
  while (p < maxOrder && firstViolatedCondition(T, w, p + 1) === undefined) p++;
  return p;
}
