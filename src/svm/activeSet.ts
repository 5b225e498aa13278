/**
 * A bound-constrained convex QP  min_{u ≥ 0} ½uᵀMu − cᵀu  (M symmetric positive semidefinite, small) solved by the
 * Lawson–Hanson active-set method (Lawson & Hanson, "Solving Least Squares Problems", 1974, Ch. 23, Algorithm NNLS),
 * written once over any Backend.
 *
 * The KKT conditions are u ≥ 0, g := c − Mu ≤ 0 and u_n g_n = 0. Lawson–Hanson keeps a passive set P (free
 * variables, u_P > 0) and u_R = 0 on the rest:
 *   outer: g = c − Mu; if max_{n∉P} g_n ≤ tol, stop; else move t = argmax g_n into P;
 *   inner: s_P = M_PP⁻¹ c_P, s_R = 0; while some s_n ≤ 0 (n ∈ P), step u ← u + τ(s − u) with the largest τ ∈ [0, 1]
 *          keeping u ≥ 0, drop the indices that hit 0 from P, and re-solve; then u ← s.
 * Each P-solve is LU with partial pivoting plus one step of iterative refinement (residual in working precision), so
 * the KKT residual on P reaches ~n·u·|M||s|. When M_PP is singular to working precision (dependent columns, e.g.
 * duplicated points) the entering index is excluded for this outer iteration instead: in exact arithmetic
 * Lawson–Hanson never lets a dependent column enter with g_t > 0, so this only happens at rounding level.
 */
import { solve } from '../linalg/solve.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';

/** Outcome of `activeSetQP`: the minimizer with its passive set, or why it stopped. */
export type ActiveSetResult<R extends Repr> =
  | { readonly kind: 'ok'; readonly u: V<R>; readonly passive: readonly number[]; readonly iterations: number }
  | { readonly kind: 'failed'; readonly reason: string; readonly u: V<R>; readonly passive: readonly number[] };

export interface ActiveSetOptions<R extends Repr> {
  /** Stop when max_{n∉P} (c − Mu)_n ≤ tol (a rounding-level threshold ≥ 0 chosen by the caller). */
  readonly tol: S<R>;
  /** Outer-iteration cap (Lawson–Hanson suggest 3·n). */
  readonly maxIter: number;
  /** Indices to start with in P (a warm start: the inner loop repairs any that do not belong). */
  readonly start?: readonly number[];
}

/** M_PP as a backend matrix. */
function sub<R extends Repr>(B: Backend<R>, Mx: M<R>, P: readonly number[]): M<R> {
  const rows = P.map((i) => B.pack(P.map((j) => B.mget(Mx, i, j))));
  return B.reshape(B.concat(rows), P.length, P.length);
}

/** s_P = M_PP⁻¹ c_P with one iterative-refinement step, as a full-length vector (zeros off P); null if singular. */
function solveOn<R extends Repr>(B: Backend<R>, Mx: M<R>, c: V<R>, P: readonly number[], n: number): S<R>[] | null {
  const A = sub(B, Mx, P);
  const b = B.pack(P.map((i) => B.at(c, i)));
  const first = solve(B, A, b);
  if (!first.ok) return null;
  let x = first.x;
  const corr = solve(B, A, B.vsub(b, B.gemv(A, x)));
  if (corr.ok) x = B.vadd(x, corr.x);
  const out: S<R>[] = new Array<S<R>>(n).fill(B.zero);
  P.forEach((i, k) => (out[i] = B.at(x, k)));
  return out;
}

/**
 * `activeSetQP(B, M, c, { tol, maxIter, start })`: min_{u ≥ 0} ½uᵀMu − cᵀu by Lawson–Hanson (module comment).
 * Returns u with its passive set P (u_n > 0 exactly on P), or `failed` when the iteration cap is hit.
 */
export function activeSetQP<R extends Repr>(
  B: Backend<R>,
  Mx: M<R>,
  c: V<R>,
  opts: ActiveSetOptions<R>,
): ActiveSetResult<R> {
  const n = B.dim(c);
  if (B.rows(Mx) !== n || B.cols(Mx) !== n) {
    throw new RangeError(`activeSetQP: M is ${B.rows(Mx)}×${B.cols(Mx)}, expected ${n}×${n} (the length of c)`);
  }
  let u: S<R>[] = new Array<S<R>>(n).fill(B.zero);
  let P: number[] = [];
  const inP = (i: number): boolean => P.includes(i);
  const positive = (x: S<R>): boolean => B.cmp(x, B.zero) > 0;

  /** Inner loop of Lawson–Hanson from the current (u, P); returns false when a P-solve is singular. */
  const inner = (entering: number | null): 'ok' | 'singular' | 'rejected' => {
    for (;;) {
      if (P.length === 0) return 'ok';
      const s = solveOn(B, Mx, c, P, n);
      if (s === null) return 'singular';
      if (P.every((i) => positive(s[i]!))) {
        u = s;
        return 'ok';
      }
      // The entering variable itself came out ≤ 0 with u = current: its positive gradient was rounding noise.
      if (entering !== null && !positive(s[entering]!) && !positive(u[entering]!)) return 'rejected';
      entering = null;
      let tau: S<R> | null = null;
      for (const i of P) {
        if (positive(s[i]!)) continue;
        const t = B.div(u[i]!, B.sub(u[i]!, s[i]!)); // u_i ≥ 0, s_i ≤ 0 ⇒ t ∈ [0, 1]
        if (tau === null || B.cmp(t, tau) < 0) tau = t;
      }
      const step = tau!;
      const next = u.map((ui, i) => (inP(i) ? B.add(ui, B.mul(step, B.sub(s[i]!, ui))) : B.zero));
      // Drop every index that reached 0 (the blocking one is set to exactly 0 by construction of τ).
      const keep: number[] = [];
      for (const i of P) {
        const blocking = !positive(s[i]!) && B.cmp(B.div(u[i]!, B.sub(u[i]!, s[i]!)), step) === 0;
        if (blocking || !positive(next[i]!)) next[i] = B.zero;
        else keep.push(i);
      }
      u = next;
      P = keep;
    }
  };

  if (opts.start !== undefined && opts.start.length > 0) {
    P = [...new Set(opts.start)].sort((a, b) => a - b);
    for (const i of P)
      if (!Number.isInteger(i) || i < 0 || i >= n)
        throw new RangeError(`activeSetQP: start index ${i} is not in [0, ${n})`);
    if (inner(null) === 'singular') P = [];
  }

  const excluded = new Set<number>();
  for (let iter = 0; iter < opts.maxIter; iter++) {
    const g = B.unpack(B.vsub(c, B.gemv(Mx, B.pack(u))));
    let t = -1;
    for (let i = 0; i < n; i++) {
      if (inP(i) || excluded.has(i)) continue;
      if (t < 0 || B.cmp(g[i]!, g[t]!) > 0) t = i;
    }
    if (t < 0 || B.cmp(g[t]!, opts.tol) <= 0) return { kind: 'ok', u: B.pack(u), passive: P, iterations: iter };
    const saveU = u;
    const saveP = P;
    P = [...P, t].sort((a, b) => a - b);
    const r = inner(t);
    if (r !== 'ok') {
      u = saveU;
      P = saveP;
      excluded.add(t);
      continue;
    }
    excluded.clear();
  }
  return {
    kind: 'failed',
    reason:
      `activeSetQP: no KKT point within ${opts.maxIter} outer iterations (cycling at rounding level); ` +
      're-run at higher precision',
    u: B.pack(u),
    passive: P,
  };
}
