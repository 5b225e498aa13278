/**
 * E[stat(x_k)] for k = 0, …, K and several statistics at once, for SGD x_{k+1} = x_k − γ_k∇f_{i_k}(x_k) with
 * i_k i.i.d. ~ Unif[n] (Islamov et al., arXiv 2410.12455, Algorithm 1; γ_k = γ for a constant step, γ_k = γ₀/√(k+1)
 * for Theorem 4), exactly: the same depth-first walk of the tree of index paths as `exactExpectation`
 * (./expectation.ts), in ball arithmetic, so every expectation carries a rigorous rounding bar.
 *
 * Statistics are written over a `Field` (like the f_i), so the per-node work can be traced once (./trace.ts) and
 * replayed on typed-array registers (./ballMachine.ts): no allocation per node, one buffer per depth for the n
 * children. On f64 and dd backends that fast path runs; on others (dec:P), or when a ball turns non-finite or a
 * divisor may contain 0, the generic path below (exactExpectation over ball.ts) runs instead and says what ball.ts
 * says. Both visit the nodes and add the sums in the same order, so their midpoints are the same bits; their radii
 * are the same on f64 and on dd agree to ~1e-14 relative per operation of the chain (./ballMachine.ts says why).
 */
import { ballArith, type Ball } from '../ball/ball.js';
import { asDdBackend } from '../numeric/dd.js';
import type { Backend, Repr } from '../numeric/types.js';
import { ddRegisters, f64Registers, machine, type Machine, type Registers } from './ballMachine.js';
import { assertTreeFits, exactExpectation } from './expectation.js';
import type { Field } from './field.js';
import { OP_ADD, traceProgram } from './trace.js';
import type { Component } from './types.js';

/** A statistic g(x) of the iterate, written over a Field (e.g. f(x), dist(x, S)², one coordinate of x). */
export type FieldStat = <T>(F: Field<T>, x: readonly T[]) => T;

export interface SgdExpectationOptions<R extends Repr> {
  /** γ_k of step k: one ball (a constant step) or a schedule k ↦ γ_k (e.g. `invSqrtSchedule`). */
  readonly lr: Ball<R> | ((k: number) => Ball<R>);
  readonly x0: readonly Ball<R>[];
  /** The horizon K: expectations at k = 0, …, K. */
  readonly steps: number;
}

/** Which implementation: `auto` (the fast path where it applies, module comment) or `generic` (ball.ts only). */
export type ExpectationPath = 'auto' | 'generic';

/** f(x) = (1/n) Σ f_i(x) over a Field. */
export function meanValueStat(components: readonly Component[]): FieldStat {
  return <T>(F: Field<T>, x: readonly T[]): T => {
    let s = components[0]!.value(F, x);
    for (let i = 1; i < components.length; i++) s = F.add(s, components[i]!.value(F, x));
    return components.length === 1 ? s : F.div(s, F.int(components.length));
  };
}

/** The j-th coordinate of x. */
export function coordinateStat(j: number): FieldStat {
  return <T>(_F: Field<T>, x: readonly T[]): T => x[j]!;
}

/** γ_k = γ₀/√(k + 1) (Theorem 4's decreasing step), each a ball. */
export function invSqrtSchedule<R extends Repr>(B: Backend<R>, gamma0: Ball<R>): (k: number) => Ball<R> {
  const K = ballArith(B);
  const cache: Ball<R>[] = [];
  return (k) => (cache[k] ??= k === 0 ? gamma0 : K.div(gamma0, K.sqrt(K.int(k + 1))));
}

/** One SGD step in the Field: x − γ∇f_i(x), as `sgdBallStep` (./expectation.ts) writes it. */
function stepIn<T>(F: Field<T>, c: Component, x: readonly T[], lr: T): T[] {
  const g = c.grad(F, x);
  return x.map((xj, j) => F.sub(xj, F.mul(lr, g[j]!)));
}

/**
 * E[stats[s](x_k)] for every statistic s and k = 0, …, K: result[s][k], each a ball. Throws a one-line RangeError
 * naming n, K and the cap when n^K paths are too many (`EXPECTATION_CAP`), and one naming γ_k when a step is not > 0.
 */
export function sgdExpectations<R extends Repr>(
  B: Backend<R>,
  components: readonly Component[],
  opts: SgdExpectationOptions<R>,
  stats: readonly FieldStat[],
  path: ExpectationPath = 'auto',
): Ball<R>[][] {
  const n = components.length;
  assertTreeFits(n, opts.steps, 'sgdExpectations');
  const d = opts.x0.length;
  for (const c of components) {
    if (c.dim !== d)
      throw new RangeError(`sgdExpectations: component ${c.name} has dim ${c.dim}, but x0 has length ${d}`);
  }
  const lr = typeof opts.lr === 'function' ? opts.lr : () => opts.lr as Ball<R>;
  for (let k = 0; k < opts.steps; k++) {
    const g = lr(k);
    if (!(B.cmp(g.value, B.zero) > 0))
      throw new RangeError(`sgdExpectations: γ_${k} = ${B.show(g.value)} must be > 0 (the step size; none is clamped)`);
  }
  if (path === 'auto') {
    const regs: Registers<R> | undefined =
      asDdBackend(B) === B
        ? ddRegisters<R>()
        : B.id === 'f64' && typeof B.zero === 'number'
          ? f64Registers<R>()
          : undefined;
    if (regs !== undefined) {
      const fast = fastWalk(B, components, opts.x0, opts.steps, lr, stats, regs);
      if (fast !== null) return fast;
    }
  }
  const K = ballArith(B);
  return stats.map((stat) =>
    exactExpectation(
      K,
      n,
      opts.steps,
      opts.x0,
      (x, i, k) => stepIn(K, components[i]!, x, lr(k)),
      (x) => stat(K, x),
    ),
  );
}

/** The fast path (module comment); null when a ball turned non-finite or a divisor may contain 0. */
function fastWalk<R extends Repr>(
  B: Backend<R>,
  components: readonly Component[],
  x0: readonly Ball<R>[],
  steps: number,
  lr: (k: number) => Ball<R>,
  stats: readonly FieldStat[],
  regs: Registers<R>,
): Ball<R>[][] | null {
  const K = ballArith(B);
  const n = components.length;
  const d = x0.length;
  const m = stats.length;
  // inputs: x (registers 0 … d − 1) and γ_k (register d); outputs: the m statistics, then child i's d coordinates
  const leaf = machine(
    traceProgram(K, d + 1, (F, r) => stats.map((g) => g(F, r.slice(0, d)))),
    regs,
  );
  const inner =
    steps === 0
      ? leaf
      : machine(
          traceProgram(K, d + 1, (F, r) => {
            const x = r.slice(0, d);
            return [...stats.map((g) => g(F, x)), ...components.flatMap((c) => stepIn(F, c, x, r[d]!))];
          }),
          regs,
        );
  // γ_k per depth and the sums per (statistic, depth), as registers
  const G = { H: new Float64Array(steps + 1), L: new Float64Array(steps + 1), E: new Float64Array(steps + 1) };
  for (let k = 0; k < steps; k++) regs.put(G.H, G.L, G.E, k, lr(k));
  const size = m * (steps + 1);
  const S = { H: new Float64Array(size), L: new Float64Array(size), E: new Float64Array(size) };
  const sumInto = sumAdder(regs, S.H, S.L, S.E);
  // children of the node at depth k: n·d balls
  const kids = Array.from({ length: steps }, () => ({
    H: new Float64Array(n * d),
    L: new Float64Array(n * d),
    E: new Float64Array(n * d),
  }));
  const load = (M: Machine, k: number) => {
    M.H[d] = G.H[k]!;
    M.L[d] = G.L[k]!;
    M.E[d] = G.E[k]!;
  };
  const at = (k: number) => (k === steps ? leaf : inner);
  let ok = true;
  const visit = (k: number): void => {
    const M = at(k);
    if (!M.run()) {
      ok = false;
      return;
    }
    for (let s = 0; s < m; s++) ok = sumInto(s * (steps + 1) + k, M, M.outputs[s]!) && ok;
    if (k === steps || !ok) return;
    const buf = kids[k]!;
    for (let q = 0; q < n * d; q++) {
      const r = M.outputs[m + q]!;
      buf.H[q] = M.H[r]!;
      buf.L[q] = M.L[r]!;
      buf.E[q] = M.E[r]!;
    }
    const C = at(k + 1);
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j < d; j++) {
        C.H[j] = buf.H[i * d + j]!;
        C.L[j] = buf.L[i * d + j]!;
        C.E[j] = buf.E[i * d + j]!;
      }
      load(C, k + 1);
      visit(k + 1);
    }
  };
  const root = at(0);
  x0.forEach((b, j) => regs.put(root.H, root.L, root.E, j, b));
  load(root, 0);
  visit(0);
  if (!ok) return null;
  return stats.map((_, s) =>
    Array.from({ length: steps + 1 }, (_u, k) => {
      const sum = regs.get(S.H, S.L, S.E, s * (steps + 1) + k);
      // n^k < 2^53 (the cap), so K.int(n^k) is exact; the division as exactExpectation does it
      return k === 0 ? sum : K.div(sum, K.int(n ** k));
    }),
  );
}

/** sums[i] ← sums[i] + M's register r: ball.ts's add (the accumulation of exactExpectation), on registers. */
function sumAdder<R extends Repr>(
  regs: Registers<R>,
  H: Float64Array,
  L: Float64Array,
  E: Float64Array,
): (i: number, M: Machine, r: number) => boolean {
  // a two-register machine: register 0 the running sum, register 1 the term; code: r2 = r0 + r1
  const P = {
    inputs: 2,
    code: Int32Array.from([OP_ADD, 2, 0, 1]),
    registers: 3,
    constants: [],
    outputs: Int32Array.from([2]),
  };
  const A = machine<R>(P, regs);
  return (i, M, r) => {
    A.H[0] = H[i]!;
    A.L[0] = L[i]!;
    A.E[0] = E[i]!;
    A.H[1] = M.H[r]!;
    A.L[1] = M.L[r]!;
    A.E[1] = M.E[r]!;
    const fine = A.run();
    H[i] = A.H[2]!;
    L[i] = A.L[2]!;
    E[i] = A.E[2]!;
    return fine;
  };
}
