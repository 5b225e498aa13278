/**
 * Matrix factorization as a finite sum (Islamov et al., arXiv 2410.12455, Example 4, eq. (7)):
 * f(W, S) = (1/(nm)) Σ_{i,j} f_ij with f_ij = ½(X_ij − w_iᵀs_j)², W = [w_1 … w_n], S = [s_1 … s_m] ∈ R^{k×·}.
 * The parameter vector is x = (w_1, …, w_n, s_1, …, s_m) (each block of length k). With r = w_iᵀs_j − X_ij:
 * ∇_{w_i} f_ij = r s_j, ∇_{s_j} f_ij = r w_i (other blocks 0); ∇²f_ij·u = (u_{w_i}ᵀs_j + w_iᵀu_{s_j})(s_j, w_i) +
 * r(u_{s_j}, u_{w_i}) on the (w_i, s_j) blocks.
 *
 * Derivative bounds along a line (for the law suite's domain |x_l| ≤ 4, k = 1): h(t) = (w + tu_w)(s + tu_s) − X =
 * h₀ + bt + ct² with b = u_w s + w u_s, c = u_w u_s, so (½h²)''' = 3h'h'' = 6bc at t = 0 and (½h²)'''' = 12c².
 * |b| ≤ 4(|u_w| + |u_s|) ≤ 4√2‖u‖ and |c| ≤ ‖u‖²/2 give B_3 = 12√2 < 17 and B_4 = 3. Not globally L-smooth (the
 * Hessian grows with ‖x‖): Example 4's statement is on bounded sets.
 *
 * Smoothness on the box [−R, R]^d (k = 1). f_ij depends on (a, b) = (w_i, s_j) only, with Hessian
 * [[b², 2ab − c], [2ab − c, a²]] (c = X_ij). Its eigenvalues are (a² + b²)/2 ± √(((a² − b²)/2)² + (2ab − c)²), so
 * ‖∇²f_ij‖ = (a² + b²)/2 + √(((a² − b²)/2)² + (2ab − c)²) ≤ max(a², b²) + 2|ab| + |c| ≤ 3R² + |c|, with equality at
 * a = R, b = −sign(c)R ((a² − b²)/2 = 0, |2ab − c| = 2R² + |c|). So L_R = 3R² + max|X_ij|, attained by the f_ij with
 * the largest |X_ij|.
 */
import type { Num } from '../numeric/types.js';
import type { FiniteSumEntry } from './examples.js';
import { fdot, type Field } from './field.js';
import type { Component } from './types.js';

/** f(x) = ½(X − x_Wᵀx_S)² where x_W = x[wIdx], x_S = x[sIdx] (blocks of equal length); inf f = 0. */
export function bilinearResidual(
  name: string,
  dim: number,
  wIdx: readonly number[],
  sIdx: readonly number[],
  target: Num,
): Component {
  if (wIdx.length !== sIdx.length) throw new RangeError(`bilinearResidual ${name}: blocks of different lengths`);
  const pick = <T>(x: readonly T[], idx: readonly number[]) => idx.map((l) => x[l]!);
  const resid = <T>(F: Field<T>, x: readonly T[]) => F.sub(fdot(F, pick(x, wIdx), pick(x, sIdx)), F.num(target));
  return {
    name,
    dim,
    infimum: '0',
    value(F, x) {
      const r = resid(F, x);
      return F.div(F.mul(r, r), F.int(2));
    },
    grad(F, x) {
      const r = resid(F, x);
      const g = x.map(() => F.int(0));
      wIdx.forEach((l, a) => (g[l] = F.mul(r, x[sIdx[a]!]!)));
      sIdx.forEach((l, a) => (g[l] = F.mul(r, x[wIdx[a]!]!)));
      return g;
    },
    hvp(F, x, u) {
      const r = resid(F, x);
      const dr = F.add(fdot(F, pick(u, wIdx), pick(x, sIdx)), fdot(F, pick(x, wIdx), pick(u, sIdx)));
      const out = x.map(() => F.int(0));
      wIdx.forEach((l, a) => (out[l] = F.add(F.mul(dr, x[sIdx[a]!]!), F.mul(r, u[sIdx[a]!]!))));
      sIdx.forEach((l, a) => (out[l] = F.add(F.mul(dr, x[wIdx[a]!]!), F.mul(r, u[wIdx[a]!]!))));
      return out;
    },
  };
}

/** The components f_ij of an n×m target X with rank-k factors (x = (w_1, …, w_n, s_1, …, s_m)). */
export function factorizationComponents(X: readonly (readonly Num[])[], k: number): Component[] {
  const n = X.length;
  const m = X[0]!.length;
  const dim = (n + m) * k;
  const block = (start: number) => Array.from({ length: k }, (_, l) => start + l);
  const out: Component[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < m; j++)
      out.push(bilinearResidual(`mf.f${i + 1}${j + 1}`, dim, block(i * k), block((n + j) * k), X[i]![j]!));
  return out;
}

/**
 * Example 4 instance: X = w*s*ᵀ + noise with w* = s* = (1, 0.5) and noise (0.1, 0; 0, −0.05), so X = (1.1, 0.5;
 * 0.5, 0.2) has rank 2 > k = 1 (det = −0.03): no factorization fits every entry (σ²_int > 0), as the example requires.
 */
export const EX4_TARGET: readonly (readonly Num[])[] = [
  ['1.1', '0.5'],
  ['0.5', '0.2'],
];

export const example4: FiniteSumEntry = {
  name: 'islamovEx4',
  source: 'arXiv 2410.12455, Example 4, eq. (7) (n = m = 2, k = 1)',
  components: factorizationComponents(EX4_TARGET, 1),
  derivBound: { 3: 17, 4: 3 },
  // L_R = 3R² + max|X_ij| on [−R, R]⁴ (module comment) with R = 4, the law suite's domain: 3·16 + 1.1, attained by
  // f_11 at w_1 = 4, s_1 = −4 (x = (w_1, w_2, s_1, s_2))
  smoothness: { L: '49.1', attainedBy: 0, attainedAt: ['4', '0', '-4', '0'], box: '4' },
};
