/**
 * The paper's empirical diagnostic (arXiv 2410.12455, Figs. 4–7) on one SGD path, as exact half-planes in (α, β)
 * (docs/theorems/landscape.md LE7): T(x_k) = A_k − αB_k + βC_k ≥ 0 with A_k = ⟨∇f_{i_k}(x_k), x_k − x_K⟩,
 * B_k = f_{i_k}(x_k) − f_{i_k}(x_K), C_k = f_{i_k}(x_k) (f_i* taken as 0, as the captions do). On the line α = β + δ
 * the least feasible β is β* = max(0, max_k (δB_k − A_k)/f_{i_k}(x_K)) when every f_{i_k}(x_K) > 0.
 */
import {
  ballArith,
  BallDomainError,
  claims,
  inconclusive,
  sgdBallStep,
  spec,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type FiniteSumEntry,
  type Num,
  type Opaque,
} from '../../src/index.js';

/** An SGD path: start, step, the index sequence; the pair is (β + gap, β) with β = min(β*, betaMax). */
export interface PathSpec {
  readonly x0: readonly Num[];
  readonly lr: Num;
  readonly indices: readonly number[];
  readonly gap: Num;
  readonly betaMax?: Num;
}

const R = spec.rational;

/**
 * Runs the path in ball arithmetic, computes β* on the line α = β + gap (rounded up to a decimal, so the claims'
 * rounding cannot undo it; capped by betaMax) and certifies T(x_k) ≥ 0 at every step for that pair. A ball of some
 * pre-activation that reaches 0 (a ReLU kink, where ∇f_i is undefined) makes the instance inconclusive.
 */
export function diagnosticEvidence(B: Backend<Opaque>, entry: FiniteSumEntry, s: PathSpec): Evidence {
  const K = ballArith(B);
  let rows: { A: Ball<Opaque>; Bk: Ball<Opaque>; C: Ball<Opaque>; fK: Ball<Opaque> }[];
  try {
    const step = sgdBallStep(B, entry.components, K.num(s.lr));
    const xs: Ball<Opaque>[][] = [s.x0.map((v) => K.num(v))];
    for (const i of s.indices) xs.push(step(xs[xs.length - 1]!, i));
    const xK = xs[xs.length - 1]!;
    rows = s.indices.map((i, k) => {
      const c = entry.components[i]!;
      const x = xs[k]!;
      const g = c.grad(K, x);
      const A = g.reduce((acc: Ball<Opaque>, gj, j) => K.add(acc, K.mul(gj, K.sub(x[j]!, xK[j]!))), K.int(0));
      const fx = c.value(K, x);
      const fK = c.value(K, xK);
      return { A, Bk: K.sub(fx, fK), C: fx, fK };
    });
  } catch (e) {
    if (e instanceof BallDomainError) return inconclusive(`the path reaches a kink of ${entry.name}: ${e.message}`);
    throw e;
  }
  let need = 0;
  for (const { A, Bk, fK } of rows) {
    const num = B.toNumber(B.sub(B.mul(B.num(s.gap), Bk.value), A.value));
    const den = B.toNumber(fK.value);
    if (num > 0 && den > 0) need = Math.max(need, num / den);
  }
  let beta = R.parseNum((need * 1.001 + 1e-9).toFixed(12));
  if (s.betaMax !== undefined) beta = R.min(beta, R.parseNum(s.betaMax));
  const betaNum = R.toPlainNum(beta);
  const alphaNum = R.toPlainNum(R.add(beta, R.parseNum(s.gap)));
  const alpha = K.num(alphaNum);
  const bet = K.num(betaNum);
  const out: Claim[] = rows.map(({ A, Bk, C }, k) =>
    claims.ge(B, K.add(A, K.mul(bet, C)), K.mul(alpha, Bk), `T_nonneg@step${k}`),
  );
  return { claims: out, observed: { beta_star: betaNum, alpha_star: alphaNum, steps: String(s.indices.length) } };
}
