import { defineTheorem, spec } from '../../src/index.js';
import {
  boxPoints,
  EX3_NEAR_POINTS,
  def1Instances,
  definition1Certified,
  type Def1Spec,
  alphaAbove,
} from './certified.lib.js';

/** α ≥ 1512.4586 (the paper's threshold for Example 3), dyadic steps above it. */
const alphaArb = alphaAbove('1512.4586', '16384', 2);

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_holds_on_ex3_of_beta_alpha_minus_1',
  title: 'Example 3 of Islamov et al. (with a local minimum) satisfies the α-β-condition for α ≥ 1512.4586, β = α − 1',
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge 1512.4586,\ \beta=\alpha-1 \implies \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 3, eq. (6) (proof: α ≳ 1512.4586)' },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'S and Proj(x, S) certified (derived)',
    },
    { key: 'docs/theorems/landscape.md#le4-definition-1-on-examples-2-3-and-6', where: 'the pair, read' },
  ],
  // α ≥ 1512.4586 and β = α − 1 by construction; points in [−3, 6]² (S, both centres and the local minimum) and far out
  hypotheses: def1Instances(alphaArb, '1', { box: boxPoints('-3', '6', 5), far: boxPoints('-32', '32', 2) }),
  // Negative control: β = α − 1 with α ∈ [1.5, 64], below the paper's range: far from S the condition for f_2 needs
  // α ≥ (f_2(x) − ⟨∇f_2(x), x − x_p⟩)/f_2(x_p) → 1/f_2(x_p) ≈ 131 (LE4), so it fails at points far from S
  violations: def1Instances(spec.dyadic({ min: '1.5', max: '64', bits: 2 }), '1', { far: boxPoints('-32', '32', 4) }),
  witnesses: [
    {
      alpha: '1512.4586',
      beta: '1511.4586',
      points: [...EX3_NEAR_POINTS, ['-32', '32'], ['32', '32']],
    },
  ],
  evaluate: (B, s) => definition1Certified(B, 'islamovEx3', s),
});
