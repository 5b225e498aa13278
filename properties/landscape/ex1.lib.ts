/**
 * Definition 1 of arXiv 2410.12455 (eq. (2)) on Example 1 (eq. (3)), evaluated in ball arithmetic at exact points:
 * shared by the Example 1 theorems of this folder (docs/theorems/landscape.md L2).
 */
import {
  ballArith,
  claims,
  FINITE_SUMS,
  spec,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type Num,
  type Opaque,
} from '../../src/index.js';

/** An instance: (α, β) and points (x, y) at which Definition 1 is checked for both f_i. */
export interface Ex1Spec {
  readonly alpha: Num;
  readonly beta: Num;
  readonly points: readonly (readonly Num[])[];
}

const R = spec.rational;

/** β = α(1 − frac), exactly. */
export const betaOf = (alpha: Num, frac: Num): Num =>
  R.toPlainNum(R.mul(R.parseNum(alpha), R.sub(R.ONE, R.parseNum(frac))));

/**
 * Claims ⟨∇f_i(x), x − x_p⟩ ≥ α(f_i(x) − f_i(x_p)) − β(f_i(x) − f_i*) for i = 1, 2 at every point (x_p: the unique
 * projection).
 */
export function definition1(B: Backend<Opaque>, s: Ex1Spec): Evidence {
  const ex1 = FINITE_SUMS.islamovEx1;
  const S = ex1.solutionSet;
  if (S === undefined) throw new Error('Example 1 has no solution set registered');
  const K = ballArith(B);
  const alpha = K.num(s.alpha);
  const beta = K.num(s.beta);
  const out: Claim[] = [];
  const seen: { gap: Ball<Opaque> | null } = { gap: null }; // the smallest lhs − rhs (tightness)
  s.points.forEach((pt, j) => {
    const x: Ball<Opaque>[] = pt.map((v) => K.num(v));
    const xp = S.project(K, x); // the unique projection onto the line x + y = −1/2
    const diff = x.map((xi, k) => K.sub(xi, xp[k]!));
    ex1.components.forEach((c, i) => {
      const fx = c.value(K, x);
      const fxp = c.value(K, xp);
      const g = c.grad(K, x);
      const lhs = K.add(K.mul(g[0]!, diff[0]!), K.mul(g[1]!, diff[1]!));
      const rhs = K.sub(K.mul(alpha, K.sub(fx, fxp)), K.mul(beta, K.sub(fx, K.num(c.infimum ?? '0'))));
      out.push(claims.ge(B, lhs, rhs, `definition1_f${i + 1}@point${j}`));
      const gap = K.sub(lhs, rhs);
      if (seen.gap === null || B.cmp(gap.value, seen.gap.value) < 0) seen.gap = gap;
    });
  });
  return {
    claims: out,
    observed: { alpha: s.alpha, beta: s.beta, min_lhs_minus_rhs: seen.gap === null ? '0' : B.show(seen.gap.value) },
  };
}
