/**
 * Lemma 1's engine (Soudry et al. 2018, arXiv 1710.10345; docs/theorems/maxmargin.md M3 and docs/theorems/smooth.md
 * S1): the sum-logistic loss L(w) = Σ_n log(1 + exp(−z_nᵀw)) is β'-smooth with β' = βσ_max²(X) = σ_max²/4 (ℓ'' ≤ 1/4),
 * so GD with η < 8/σ_max² satisfies the descent lemma  L(w_{k+1}) ≤ L(w_k) − η(1 − ηβ'/2)‖∇L(w_k)‖²  and the loss
 * decreases at every step.
 *
 * STATUS: theorem (a standard consequence of smoothness, the first step of the proof of Lemma 1). σ_max² is not
 * computed in the backend: the claim uses an exact rational upper bound S ≥ σ_max² (min of ‖X‖_F² and the
 * Gershgorin bound of XᵀX, maxmargin.lib.ts), L is then also (S/4)-smooth, and η = u·8/S rounded down (u ∈ (0, 1))
 * so η < 8/σ_max² holds by construction. With β' = S/4 the lemma reads L(w⁺) ≤ L(w) − η(1 − ηS/8)‖∇L(w)‖².
 *
 * Error bars (per step, w_k = the computed iterate, taken exactly as the backend holds it):
 *  - L(w_k), L(w_{k+1}): `valueWithError` (evaluation at the backend's data) + the data's own entry rounding,
 *    |L_X̂(w) − L_X(w)| ≤ Σ_n|ℓ'|·|(ẑ_n − z_n)ᵀw| ≤ 2u·√d·Σ_n‖z_n‖·‖w‖ (|ℓ'| ≤ 1);
 *  - Δ ≥ ‖computed w_{k+1} − (w_k − η∇L(w_k))‖: η·(gradient bar from `gradWithError` + the data rounding of ∇L,
 *    2u√d·Σ_n‖z_n‖(1 + ‖z_n‖‖w‖/4)) + 2u(‖w_{k+1}‖ + η‖ĝ‖) (the axpy); then
 *    |L(exact w⁺) − L(computed w⁺)| ≤ ‖∇L(w_{k+1})‖Δ + (S/4)Δ²/2 (convexity one way, (S/4)-smoothness the other), with
 *    ‖∇L(w_{k+1})‖ ≤ ‖ĝ(w_{k+1})‖ + its `gradWithError` bar + the data rounding;
 *  - ‖∇L‖², η(1 − ηS/8) and the products and sums of the two claims: ball arithmetic (src/ball).
 *
 * NEGATIVE CONTROL: η = v·8/S_lo rounded up with v ∈ (2, 4) and S_lo ≤ σ_max² an exact lower bound
 * (max(max_n‖z_n‖², ‖X‖_F²/min(N, d), ‖Xŵ‖²/‖ŵ‖²)), so η > 16/σ_max²; started from w₀ = 0, where the curvature is
 * largest (ℓ''(0) = 1/4), the loss must be seen to increase (decrease@k fails).
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  gradWithError,
  run,
  gd,
  spec,
  valueWithError,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { logisticSum, maxMarginData, normBounds, stepBelow, type MaxMarginData } from './maxmargin.lib.js';

const { div, mul, parseNum, q, roundNum } = spec.rational;

export interface DescentSpec {
  readonly data: MaxMarginData;
  readonly lr: Num;
  readonly w0: Num[];
  readonly steps: number;
}

const STEPS = 20;
/**
 * The negative control's increase shows within the first steps; a short run keeps the referee's dec:50/dec:100 re-run
 * cheap.
 */
const NEG_STEPS = 6;
const data = maxMarginData({ d: { min: 1, max: 3 }, offMargin: { min: 0, max: 3 } });
const start = fc.array(spec.dyadic({ min: '-2', max: '2', bits: 3 }), { minLength: 3, maxLength: 3 });

export default defineTheorem<DescentSpec>({
  id: 'logistic_gd_loss_decreases_of_lr_lt_8_over_sigma_max_sq',
  title: 'GD on the sum-logistic loss with η < 8/σ_max²(X) decreases the loss at every step (descent lemma)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`L(w)=\sum_n\log(1+e^{-x_n^\top w}),\ \sigma_{\max}^2(X)\le S,\ \eta=u\cdot\tfrac{8}{S},\ u\in(0,1)\implies L(w_{k+1})\le L(w_k)-\eta\bigl(1-\tfrac{\eta S}{8}\bigr)\|\nabla L(w_k)\|^2\le L(w_k)`,
  refs: [
    {
      arxiv: '1710.10345',
      where:
        'Lemma 1 (η < 2β⁻¹σ_max⁻²(X), L(w(t)) → 0) with Assumption 2 (β-smooth ℓ; logistic β = 1/4), sum loss eq. (2.1) (ICLR-2018 numbering)',
    },
    { key: 'Nesterov2018', where: 'Lectures on Convex Optimization, Lemma 1.2.3 (descent lemma)' },
    {
      key: 'docs/theorems/maxmargin.md#m3-loss-decrease-for-lr-below-8-over-sigma-max-squared',
      where: 'logistic β = 1/4, step bound 8/σ_max², per-step decrease (derived)',
    },
  ],
  hypotheses: fc.record({ data, u: spec.openUnit({ bits: 6 }), w0: start }).map(({ data, u, w0 }) => ({
    data,
    lr: stepBelow(u, data.sigmaSqUpper),
    w0: data.wHat.map((_, j) => w0[j]!),
    steps: STEPS,
  })),
  violations: fc
    .record({
      data: maxMarginData({ d: { min: 1, max: 3 }, offMargin: { min: 1, max: 3 } }),
      v: spec.unitInterval({ lo: '2', hi: '4', bits: 4 }),
    })
    .map(({ data, v }) => ({
      data,
      lr: roundNum(div(mul(parseNum(v), q(8n)), parseNum(data.sigmaSqLower)), 4, 'up'),
      w0: data.wHat.map(() => '0'),
      steps: NEG_STEPS,
    })),
  budget: { ci: { runs: 40, negativeRuns: 40 } },
  evaluate(B, s) {
    const d = s.data.wHat.length;
    const K = ballArith(B);
    const F = logisticSum(B, s.data.X);
    const lr = B.num(s.lr);
    const lrB = K.exact(lr); // the step the run used
    const Sb = K.num(s.data.sigmaSqUpper);
    const coef = K.mul(lrB, K.sub(K.int(1), K.div(K.mul(lrB, Sb), K.int(8)))); // η(1 − ηS/8)
    const sol = run(F, gd(B, { lr }), B.vec(s.w0), { steps: s.steps, save: { every: 1 } });
    const { norms, sumNorm } = normBounds(B, s.data.X);
    const sumNorm2 = K.upper(K.mul(K.num('0.25'), K.sum(norms.map((x) => K.sqr(x))))); // Σ‖z_n‖²/4
    // Input bars (structural: the data's entry rounding, which valueWithError/gradWithError do not cover), module
    // comment.
    const u2sd = K.mul(K.mul(K.int(2), K.exact(B.eps)), K.sqrt(K.int(d)));
    const dataL = (nw: Ball<Opaque>) => K.upper(K.mul(u2sd, K.mul(K.exact(sumNorm), nw)));
    const dataG = (nw: Ball<Opaque>) => K.upper(K.mul(u2sd, K.add(K.exact(sumNorm), K.mul(K.exact(sumNorm2), nw))));
    const pts = sol.trajectory;
    const out: Claim[] = [];
    for (let k = 0; k + 1 < pts.length; k++) {
      const w = pts[k]!.theta;
      const w1 = pts[k + 1]!.theta;
      const nw = K.norm2(K.vexact(w));
      const nw1 = K.norm2(K.vexact(w1));
      const L0 = K.widen(valueWithError(F, w), dataL(nw));
      const g = gradWithError(F, w);
      const gn = K.norm2(K.vof(g.grad, g.err)); // ‖∇L(w_k)‖ at the backend's data
      const gnX = K.widen(gn, dataG(nw)); // … and at the exact data
      // Structural bar (the run's backward error): Δ ≥ ‖computed w_{k+1} − (w_k − η∇L(w_k))‖ (module comment).
      const Delta = K.add(
        K.mul(lrB, K.exact(gnX.err)),
        K.mul(K.mul(K.int(2), K.exact(B.eps)), K.add(nw1, K.mul(lrB, gn))),
      );
      const gw1 = gradWithError(F, w1);
      const g1 = K.widen(K.norm2(K.vof(gw1.grad, gw1.err)), dataG(nw1));
      const stepErr = K.add(K.mul(g1, Delta), K.mul(K.div(Sb, K.int(8)), K.sqr(Delta)));
      const L1 = K.widen(K.widen(valueWithError(F, w1), dataL(nw1)), K.upper(stepErr));
      out.push(claims.le(B, L1, K.sub(L0, K.mul(coef, K.sqr(gnX))), `descent_lemma@${k}`));
      out.push(claims.le(B, L1, L0, `decrease@${k}`));
    }
    const observed: Record<string, Num> = { lr: s.lr, S: s.data.sigmaSqUpper, L_final: B.show(F.value(sol.theta)) };
    if (sol.result === 'diverged') observed.diverged = `at step ${sol.steps}`;
    return { claims: out, observed };
  },
});
