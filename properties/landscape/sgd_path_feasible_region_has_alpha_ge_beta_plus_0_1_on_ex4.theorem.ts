import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  FINITE_SUMS,
  sgdBallStep,
  spec,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
} from '../../src/index.js';

/** An SGD path on Example 4: start, step, the index sequence, and an optional cap on β (the negative control's). */
interface PathSpec {
  readonly x0: readonly Num[];
  readonly lr: Num;
  readonly indices: readonly number[];
  readonly betaMax?: Num;
}

const R = spec.rational;
const GAP = '0.1';
const ex4 = FINITE_SUMS.islamovEx4;
const n = ex4.components.length;
const STEPS = 12;

const coord = spec.dyadic({ min: '-1.5', max: '1.5', bits: 5 });
const lrArb = spec.dyadic({ min: '0.03125', max: '0.125', bits: 6 });
const path = fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: STEPS, maxLength: STEPS });

export default defineTheorem<PathSpec>({
  id: 'sgd_path_feasible_region_has_alpha_ge_beta_plus_0_1_on_ex4',
  title:
    "The paper's diagnostic on an SGD path of Example 4: the feasible (α, β) region of T(x_k) ≥ 0 contains a pair with α = β + 0.1",
  status: 'phenomenon',
  kind: 'lower',
  claim: String.raw`\exists\beta\ge0,\ \alpha=\beta+0.1:\ \langle\nabla f_{i_k}(x_k),x_k-x_K\rangle-\alpha(f_{i_k}(x_k)-f_{i_k}(x_K))+\beta f_{i_k}(x_k)\ge0\ \ \forall k<K`,
  refs: [
    {
      arxiv: '2410.12455',
      where: 'Figs. 4–7 (T(x_k) with the last iterate for the projection, α ≥ β + 0.1); Example 4, eq. (7)',
    },
    {
      key: 'docs/theorems/landscape.md#le7-the-empirical-diagnostic-on-example-4',
      where: 'the region as half-planes and why it always has such a pair when every f_{i_k}(x_K) > 0 (derived)',
    },
  ],
  // a path of 12 uniformly drawn indices (given explicitly) from a start in [−1.5, 1.5]⁴ with γ ∈ [1/32, 1/8]
  hypotheses: fc
    .record({ x0: fc.array(coord, { minLength: 4, maxLength: 4 }), lr: lrArb, indices: path })
    .map(({ x0, lr, indices }) => ({ x0, lr, indices })),
  // Negative control: β capped at 0 (the pair α = 0.1, β = 0), from a start with w_2 = s_2 = 0 and first index f_22:
  // ∇f_22(x_0) = 0, so T(x_0) = −0.1(f_22(x_0) − f_22(x_K)) < 0 once f_22(x_K) < f_22(x_0) = 0.02
  violations: fc.record({ w1: coord, s1: coord, lr: lrArb, indices: path }).map(({ w1, s1, lr, indices }) => ({
    x0: [w1, '0', s1, '0'],
    lr,
    indices: [3, ...indices.slice(1)],
    betaMax: '0',
  })),
  witnesses: [{ x0: ['1', '0.5', '1', '0.5'], lr: '0.125', indices: Array.from({ length: STEPS }, (_, k) => k % n) }],
  evaluate(B, s) {
    const K = ballArith(B);
    const step = sgdBallStep(B, ex4.components, K.num(s.lr));
    const xs: Ball<Opaque>[][] = [s.x0.map((v) => K.num(v))];
    for (const i of s.indices) xs.push(step(xs[xs.length - 1]!, i));
    const xK = xs[xs.length - 1]!;
    // the half-planes A_k − αB_k + βC_k ≥ 0 (C_k = f_{i_k}(x_k), f_i* = 0); on α = β + 0.1 they read
    // A_k − 0.1B_k + β f_{i_k}(x_K) ≥ 0, so the least β is max_k (0.1B_k − A_k)/f_{i_k}(x_K) (LE7)
    const rows = s.indices.map((i, k) => {
      const c = ex4.components[i]!;
      const x = xs[k]!;
      const g = c.grad(K, x);
      const A = g.reduce((acc: Ball<Opaque>, gj, j) => K.add(acc, K.mul(gj, K.sub(x[j]!, xK[j]!))), K.int(0));
      const fx = c.value(K, x);
      const fK = c.value(K, xK);
      return { A, Bk: K.sub(fx, fK), C: fx, fK };
    });
    let need = 0;
    for (const { A, Bk, fK } of rows) {
      const num = B.toNumber(B.sub(B.mul(B.num(GAP), Bk.value), A.value));
      const den = B.toNumber(fK.value);
      if (num > 0 && den > 0) need = Math.max(need, num / den);
    }
    // β*: the least β, rounded up (a decimal) so the rounding of the claims cannot undo it; capped by betaMax
    let beta = R.parseNum((need * 1.001 + 1e-9).toFixed(12));
    if (s.betaMax !== undefined) beta = R.min(beta, R.parseNum(s.betaMax));
    const betaNum = R.toPlainNum(beta);
    const alphaNum = R.toPlainNum(R.add(beta, R.parseNum(GAP)));
    const alpha = K.num(alphaNum);
    const bet = K.num(betaNum);
    const out: Claim[] = rows.map(({ A, Bk, C }, k) =>
      claims.ge(B, K.add(A, K.mul(bet, C)), K.mul(alpha, Bk), `T_nonneg@step${k}`),
    );
    return { claims: out, observed: { beta_star: betaNum, alpha_star: alphaNum, steps: String(s.indices.length) } };
  },
});
