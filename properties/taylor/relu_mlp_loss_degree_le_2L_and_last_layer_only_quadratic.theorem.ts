import fc from 'fast-check';
import { ballArith, claims, defineTheorem, lossAtBall, taylor, type Claim } from '../../src/index.js';
import { mlpProblem, mlpStepArb, orKink, type MlpStepSpec } from './mlp.lib.js';

/** An MLP step; `lastOnly`: Δ_k = 0 below the last layer; `claimDegree`: the degree bound claimed (control: 2L − 1). */
interface DegreeSpec {
  readonly net: MlpStepSpec;
  readonly lastOnly: boolean;
  readonly tooLow: boolean;
}

export default defineTheorem<DegreeSpec>({
  id: 'relu_mlp_loss_degree_le_2L_and_last_layer_only_quadratic',
  title:
    'Bias-free ReLU MLP with frozen masks, square loss: the Taylor coefficients c_j of L(θ − ηΔ) vanish for j > 2L, and for j > 2 when only the last layer moves',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`c_j = 0\ (j>2L);\qquad \Delta_k=0\ (k<L)\implies c_j=0\ (j>2)`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): Taylor coefficients of the minibatch loss; the degree bound is derived',
    },
    {
      key: 'docs/theorems/taylor.md#t3-frozen-masks-exact-polynomials-and-η',
      where: 'degree ≤ L of the output in η; last-layer-only updates make the output affine (derived)',
    },
  ],
  hypotheses: fc.oneof(
    fc.record({ net: mlpStepArb(false), lastOnly: fc.constant(false), tooLow: fc.constant(false) }),
    fc.record({ net: mlpStepArb(true), lastOnly: fc.constant(true), tooLow: fc.constant(false) }),
  ),
  // Negative control: claim degree ≤ 2L − 1 for a general direction: c_{2L} = ½‖F_L‖²/n ≠ 0 in general.
  violations: fc.record({ net: mlpStepArb(false), lastOnly: fc.constant(false), tooLow: fc.constant(true) }),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    return orKink(() => {
      const K = ballArith(B);
      const { problem, theta, delta, L } = mlpProblem(B, s.net);
      const order = 2 * L + 2;
      const c = taylor(B, problem, theta, delta, order);
      const from = s.tooLow ? 2 * L : s.lastOnly ? 3 : 2 * L + 1;
      // c_0 is the loss itself (the forward pass with the true masks at θ): a non-vacuous anchor of the series
      const out: Claim[] = [claims.eq(B, c[0]!, lossAtBall(B, problem, K.vexact(theta)), 'c_0 = L(θ)')];
      for (let j = from; j <= order; j++) out.push(claims.eq(B, c[j]!, K.int(0), `c_${j} = 0`));
      return { claims: out, observed: { c2: B.show(c[2]!.value), [`c${2 * L}`]: B.show(c[2 * L]!.value) } };
    });
  },
});
