import fc from 'fast-check';
import { defineTheorem, FINITE_SUMS, spec } from '../../src/index.js';
import { diagnosticEvidence, type PathSpec } from './diagnostic.lib.js';

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
    .map(({ x0, lr, indices }) => ({ x0, lr, indices, gap: GAP })),
  // Negative control: β capped at 0 (the pair α = 0.1, β = 0), from a start with w_2 = s_2 = 0 and first index f_22:
  // ∇f_22(x_0) = 0, so T(x_0) = −0.1(f_22(x_0) − f_22(x_K)) < 0 once f_22(x_K) < f_22(x_0) = 0.02
  violations: fc.record({ w1: coord, s1: coord, lr: lrArb, indices: path }).map(({ w1, s1, lr, indices }) => ({
    x0: [w1, '0', s1, '0'],
    lr,
    indices: [3, ...indices.slice(1)],
    gap: GAP,
    betaMax: '0',
  })),
  witnesses: [
    { x0: ['1', '0.5', '1', '0.5'], lr: '0.125', indices: Array.from({ length: STEPS }, (_, k) => k % n), gap: GAP },
  ],
  evaluate(B, s) {
    return diagnosticEvidence(B, ex4, s);
  },
});
