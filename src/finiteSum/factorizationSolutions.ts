/**
 * The solution set of matrix factorization (Example 4 of arXiv 2410.12455, eq. (7)), certified by a theorem instead
 * of a search: f(W, S) = (1/(2nm))‖X − WᵀS‖²_F, and WᵀS ranges over exactly the n×m matrices of rank ≤ k. By the
 * Eckart–Young–Mirsky theorem min_{rank Y ≤ k}‖X − Y‖²_F = Σ_{l>k} σ_l(X)², attained only at the truncated SVD
 * X_k = Σ_{l≤k} σ_l u_l v_lᵀ when σ_k > σ_{k+1} (which is proved here, in ball arithmetic). So
 *   f* = Σ_{l>k} σ_l²/(2nm),   S = {(W, S): WᵀS = X_k},   σ²_int = f* (every f_ij* = 0).
 * For k = 1, S = {(c·u_1, (σ_1/c)·v_1): c ≠ 0}: two curves (c > 0, c < 0), each unbounded (c → 0 or ∞). No bounded
 * set contains S, so the example's "let X be any bounded set that contains S" cannot be met literally
 * (docs/theorems/landscape.md LE8).
 */
import { ballArith, type Ball } from '../ball/ball.js';
import type { Backend, Num, Repr } from '../numeric/types.js';

/** What the certificate establishes, at one backend's precision. */
export interface FactorizationSolutions<R extends Repr> {
  /** σ_1(X) ≥ σ_2(X) ≥ … (balls). */
  readonly sigma: readonly Ball<R>[];
  /** f* = Σ_{l>k} σ_l²/(2nm), enclosed. */
  readonly fStar: Ball<R>;
  /** σ²_int = f* − mean f_ij* = f* (Assumption 2). */
  readonly sigma2: Ball<R>;
  readonly description: string;
}

/**
 * Certifies S for the target X (n×m, decimal strings) and rank k; throws an Error naming the gap when σ_k > σ_{k+1}
 * cannot be proved (then S is larger than the factorizations of one matrix, and f* alone is still right).
 */
export function factorizationSolutionsOn<R extends Repr>(
  B: Backend<R>,
  X: readonly (readonly Num[])[],
  k: number,
): FactorizationSolutions<R> {
  const n = X.length;
  const m = X[0]!.length;
  if (!(Number.isInteger(k) && k >= 1 && k < Math.min(n, m)))
    throw new RangeError(`factorization: rank k = ${k} must be an integer in [1, ${Math.min(n, m) - 1}]`);
  const K = ballArith(B);
  const sigma = K.singularValues(K.mnum(X));
  const [sk, sk1] = [sigma[k - 1]!, sigma[k]!];
  if (!(B.cmp(K.lower(sk), K.upper(sk1)) > 0))
    throw new Error(
      `factorization: σ_${k} = ${B.show(sk.value)} and σ_${k + 1} = ${B.show(sk1.value)} are not proved distinct [${B.id}]: the best rank-${k} approximation may not be unique; use a higher precision or another X`,
    );
  let tail = K.int(0);
  for (const s of sigma.slice(k)) tail = K.add(tail, K.sqr(s));
  const fStar = K.div(tail, K.int(2 * n * m));
  return {
    sigma,
    fStar,
    sigma2: fStar,
    description: `{(W, S): WᵀS = X_${k}}, the factorizations of the truncated SVD of X (Eckart–Young; σ_${k} > σ_${k + 1} proved)`,
  };
}
