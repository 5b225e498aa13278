import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  spec,
  taylor,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { backprop, mlpProblem, mlpStepArb, orKink, type MlpStepSpec } from './mlp.lib.js';

/** An MLP with per-layer scales ξ_k > 0; `dropXi`: the negative control's claim c_1 = −Σ‖G_k‖² (ξ ignored). */
interface GramSpec {
  readonly net: MlpStepSpec;
  readonly xi: Num[];
  readonly dropXi: boolean;
}

const xiArb = (distinctFromOne: boolean) =>
  fc.array(
    distinctFromOne
      ? spec.dyadic({ min: '1.5', max: '4', bits: 4 })
      : spec.dyadic({ min: '0.0625', max: '4', bits: 4, minExcluded: true }),
    { minLength: 3, maxLength: 3 },
  );

export default defineTheorem<GramSpec>({
  id: 'relu_mlp_c1_is_minus_sum_xi_gram_form_of_layer_gradients',
  title:
    'Bias-free ReLU MLP: ‖G_k‖_F² = (1/B²)⟨D_kᵀD_k, H_{k−1}ᵀH_{k−1}⟩ (Gram form) and, for the depthwise-scaled step Δ = (ξ_kG_k), c_1 = −Σ_k ξ_k‖G_k‖_F²',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`\|G_k\|_F^2=\tfrac1{B^2}\langle D_k^\top D_k,\,H_{k-1}^\top H_{k-1}\rangle_F,\qquad c_1=-\sum_k\xi_k\|G_k\|_F^2`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): coefficients via Gram matrices, depthwise gradient scaling; the identities are derived',
    },
    {
      key: 'docs/theorems/taylor.md#t6-gram-form-of-layer-gradients-and-the-first-coefficient',
      where: '(I1) and (I2) (derived)',
    },
  ],
  hypotheses: fc.record({ net: mlpStepArb(), xi: xiArb(false), dropXi: fc.constant(false) }),
  // Negative control: c_1 = −Σ‖G_k‖² with the scales dropped, ξ_k ∈ [3/2, 4]: off by a factor ≥ 3/2 unless G = 0.
  violations: fc.record({ net: mlpStepArb(), xi: xiArb(true), dropXi: fc.constant(true) }),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    return orKink(() => {
      const K = ballArith(B);
      const { A, G, deltas, H, n } = backprop(B, s.net);
      const { problem, theta, L } = mlpProblem(B, s.net);
      const out: Claim[] = [];
      const sq: Ball<Opaque>[] = [];
      // Δ = (ξ_k G_k) as a ball vector (the exact gradients are inside G's balls)
      const steps = G.map((Gk, k) => A.scal(A.num(s.xi[k]!), Gk));
      const delta = B.concat(steps.map((x) => B.flatten(x.value)));
      const deltaErr = B.concat(steps.map((x) => B.flatten(x.err)));
      for (let k = 0; k < L; k++) {
        const direct = K.sqr(K.frobenius(G[k]!));
        // (1/n²)⟨δ_kδ_kᵀ, H_{k−1}H_{k−1}ᵀ⟩: both n × n (rows = samples)
        const DD = A.gemm(deltas[k]!, deltas[k]!, false, true);
        const HH = A.gemm(H[k]!, H[k]!, false, true);
        const gram = A.scalar(A.ratio(A.total(A.hadamard(DD, HH)), 1, n * n));
        out.push(claims.eq(B, direct, gram, `gram form, layer ${k + 1}`));
        sq.push(direct);
      }
      const c = taylor(B, problem, theta, delta, 1, deltaErr);
      const predicted = K.neg(K.sum(sq.map((x, k) => (s.dropXi ? x : K.mul(K.num(s.xi[k]!), x)))));
      out.push(claims.eq(B, c[1]!, predicted, 'c_1 = −Σ ξ_k ‖G_k‖²'));
      return { claims: out, observed: { c1: B.show(c[1]!.value) } };
    });
  },
});
