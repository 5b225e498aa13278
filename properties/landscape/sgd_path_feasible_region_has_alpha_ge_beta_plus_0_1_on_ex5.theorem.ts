import fc from 'fast-check';
import { defineTheorem, FINITE_SUMS, spec } from '../../src/index.js';
import { diagnosticEvidence, type PathSpec } from './diagnostic.lib.js';

const GAP = '0.1';
/** The negative control's pair (10, 0): β capped at 0 and a gap of 10 (docs/theorems/landscape.md LE9). */
const NEG_GAP = '10';
const ex5 = FINITE_SUMS.islamovEx5;
const n = ex5.components.length;
const STEPS = 12;

// starts in [−1.5, 1.5]⁶ on a grid of 1/32, with no zero entry in W: a zero row w_j puts every sample on a kink of
// unit j (w_jᵀx_i = 0). Nonzero dyadic entries keep w_jᵀx_i ≠ 0 exactly (the inputs are p/1000 with primes p > 256).
const coord = spec.dyadic({ min: '-1.5', max: '1.5', bits: 5 });
const nonzero = coord.filter((c) => Number(c) !== 0);
const lrArb = spec.dyadic({ min: '0.03125', max: '0.125', bits: 6 });
const path = fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: STEPS, maxLength: STEPS });
const start = fc
  .tuple(fc.array(nonzero, { minLength: 4, maxLength: 4 }), fc.array(coord, { minLength: 2, maxLength: 2 }))
  .map(([w, v]) => [...w, ...v]);

export default defineTheorem<PathSpec>({
  id: 'sgd_path_feasible_region_has_alpha_ge_beta_plus_0_1_on_ex5',
  title:
    "The paper's diagnostic on an SGD path of Example 5 (two-layer ReLU net, logistic loss): the feasible (α, β) region of T(x_k) ≥ 0 contains a pair with α = β + 0.1",
  status: 'phenomenon',
  kind: 'lower',
  claim: String.raw`\exists\beta\ge0,\ \alpha=\beta+0.1:\ \langle\nabla f_{i_k}(x_k),x_k-x_K\rangle-\alpha(f_{i_k}(x_k)-f_{i_k}(x_K))+\beta f_{i_k}(x_k)\ge0\ \ \forall k<K`,
  refs: [
    {
      arxiv: '2410.12455',
      where: 'Figs. 4–7 (T(x_k) with the last iterate for the projection, α ≥ β + 0.1); Example 5, eq. (8)',
    },
    {
      key: 'docs/theorems/landscape.md#le7-the-empirical-diagnostic-on-example-4',
      where: 'the region as half-planes and why it always has such a pair when every f_{i_k}(x_K) > 0 (derived)',
    },
    {
      key: 'docs/theorems/landscape.md#le9-the-diagnostic-on-example-5-and-a-control-that-fails',
      where: 'f_i > 0 on Example 5, so only a capped β can fail; why (10, 0) fails at the last step (derived)',
    },
  ],
  // a path of 12 uniformly drawn indices (given explicitly) from a start in [−1.5, 1.5]⁶ with γ ∈ [1/32, 1/8]
  hypotheses: fc
    .record({ x0: start, lr: lrArb, indices: path })
    .map(({ x0, lr, indices }) => ({ x0, lr, indices, gap: GAP })),
  // Negative control: β capped at 0 and the gap raised to 10, the pair (10, 0). With β free no gap can fail (every
  // f_i > 0); at β = 0 the last step has A = γ‖g‖² and B = f_i(x) − f_i(x − γg) ≥ γ‖g‖²(1 − γM/2), so
  // A − 10B < 0 whenever γM < 1.8 on that segment (LE9)
  violations: fc
    .record({ x0: start, lr: lrArb, indices: path })
    .map(({ x0, lr, indices }) => ({ x0, lr, indices, gap: NEG_GAP, betaMax: '0' })),
  witnesses: [
    {
      x0: ['1', '0.5', '-1', '0.5', '1', '-1'],
      lr: '0.125',
      indices: Array.from({ length: STEPS }, (_, k) => k % n),
      gap: GAP,
    },
  ],
  budget: { ci: { runs: 40 } },
  evaluate(B, s) {
    return diagnosticEvidence(B, ex5, s);
  },
});
