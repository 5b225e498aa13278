import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  spec,
  type Ball,
  type Claim,
  type JetBall,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { backprop, mlpStepArb, orKink, type MlpStepSpec } from './mlp.lib.js';

/**
 * One depthwise-scaled GD step W_k ← W_k − ηξ_kG_k on a bias-free ReLU MLP (square loss). `conserved`: the negative
 * control's claim that ‖W_k‖²/ξ_k − ‖W_l‖²/ξ_l is conserved by the step (true for gradient flow, not for GD).
 */
interface DriftSpec {
  readonly net: MlpStepSpec;
  readonly xi: Num[];
  readonly lr: Num;
  readonly conserved: boolean;
}

const arb = (conserved: boolean) =>
  fc.record({
    net: mlpStepArb(),
    xi: fc.array(spec.dyadic({ min: '0.25', max: '4', bits: 4, minExcluded: true }), { minLength: 3, maxLength: 3 }),
    lr: spec.dyadic({ min: '0.0625', max: '2', bits: 6, minExcluded: true }),
    conserved: fc.constant(conserved),
  });

export default defineTheorem<DriftSpec>({
  id: 'relu_mlp_scaled_gd_balance_drift_is_lr2_xi_grad_norms',
  title:
    'Bias-free ReLU MLP: ⟨W_k, G_k⟩ is the same for every layer (Euler), so one scaled GD step changes ‖W_k‖²/ξ_k − ‖W_l‖²/ξ_l by exactly η²(ξ_k‖G_k‖² − ξ_l‖G_l‖²)',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`\langle W_k,G_k\rangle=\tfrac1B\textstyle\sum_i\langle\delta_{L,i},F_i\rangle\ \forall k,\qquad \Delta\Bigl(\tfrac{\|W_k\|_F^2}{\xi_k}-\tfrac{\|W_l\|_F^2}{\xi_l}\Bigr)=\eta^2\bigl(\xi_k\|G_k\|_F^2-\xi_l\|G_l\|_F^2\bigr)`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): homogeneous parameterization, depthwise gradient scaling; derived here',
    },
    {
      key: 'docs/theorems/taylor.md#t8-euler-identity-and-the-balance-drift-of-scaled-gd',
      where: '(I7) and its discrete form (derived)',
    },
  ],
  hypotheses: arb(false),
  // Negative control: claim the balance is conserved by a GD step (it is by gradient flow): off by the η² term.
  violations: arb(true),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    return orKink(() => {
      const K = ballArith(B);
      const { A, G, deltas, F, Ws, n } = backprop(B, s.net);
      const L = Ws.length;
      const lr = K.num(s.lr);
      const xi = s.xi.slice(0, L).map((x) => K.num(x));
      const out: Claim[] = [];
      // Euler: ⟨W_k, G_k⟩ = (1/n)⟨δ_L, F⟩ for every layer
      const euler = A.scalar(A.ratio(A.total(A.hadamard(deltas[L - 1]!, F)), 1, n));
      Ws.forEach((W, k) => {
        out.push(claims.eq(B, A.scalar(A.total(A.hadamard(W, G[k]!))), euler, `Euler, layer ${k + 1}`));
      });
      // one step: W_k' = W_k − ηξ_kG_k (balls), and the drift of the scaled balance between adjacent layers
      const sq = (x: JetBall<Opaque>) => K.sqr(K.frobenius(x));
      const bal = (Wsq: Ball<Opaque>[], k: number, l: number) => K.sub(K.div(Wsq[k]!, xi[k]!), K.div(Wsq[l]!, xi[l]!));
      const before = Ws.map((W) => sq(W));
      const after = Ws.map((W, k) => {
        const c = K.mul(lr, xi[k]!);
        const step = A.scal(
          { value: B.reshape(B.pack([c.value]), 1, 1), err: B.reshape(B.pack([c.err]), 1, 1) },
          G[k]!,
        );
        return sq(A.sub(W, step));
      });
      const g2 = G.map((Gk) => sq(Gk));
      for (let k = 0; k + 1 < L; k++) {
        const drift = K.sub(bal(after, k, k + 1), bal(before, k, k + 1));
        const predicted = s.conserved
          ? K.int(0)
          : K.mul(K.sqr(lr), K.sub(K.mul(xi[k]!, g2[k]!), K.mul(xi[k + 1]!, g2[k + 1]!)));
        out.push(claims.eq(B, drift, predicted, `balance drift W${k + 1}-W${k + 2}`));
      }
      return { claims: out, observed: { euler: B.show(euler.value) } };
    });
  },
});
