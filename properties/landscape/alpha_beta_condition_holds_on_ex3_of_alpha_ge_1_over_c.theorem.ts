import { defineTheorem, spec } from '../../src/index.js';
import { boxPoints, EX3_NEAR_POINTS, def1Instances, definition1Certified, type Def1Spec } from './certified.lib.js';

/**
 * α ∈ [131.49, 1512.4586]: from 1/c (c = min_i min_S (f_i − f_i*) = f_2(x*) ≈ 0.00760529, 1/c ≈ 131.4874 < 131.49:
 * certify.test.ts) to the paper's threshold, the range the paper leaves out.
 */
const alphaArb = spec.decimalNum({ min: '131.49', max: '1512.4586', digits: 4 });

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_holds_on_ex3_of_alpha_ge_1_over_c',
  title:
    "Example 3 satisfies the α-β-condition for α ≥ 1/c ≈ 131.49, β = α − 1 (the paper's 1512.46 is 11.5× the exact 1/c)",
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge 1/c\approx 131.49,\ \beta=\alpha-1 \implies \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 3, eq. (6) (proof: α ≳ 1512.4586)' },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'S and Proj(x, S) certified (derived)',
    },
    {
      key: 'docs/theorems/landscape.md#le4-definition-1-on-examples-2-3-and-6',
      where: 'α ≥ δ/c is necessary and sufficient for β = α − δ (derived)',
    },
  ],
  // 1/c < α ≤ 1512.4586 and β = α − 1 by construction; points in [−3, 6]² (S, both centres and the local minimum)
  // and far out
  hypotheses: def1Instances(alphaArb, '1', { box: boxPoints('-3', '6', 5), far: boxPoints('-1024', '1024', 2) }),
  // Negative control: β = α − 1 with α ∈ [1.5, 128], below 1/c: far from S the condition for f_2 needs
  // α ≥ (f_2(x) − ⟨∇f_2(x), x − x_p⟩)/f_2(x_p) → 1/c (LE4), so it fails at points far enough from S
  violations: def1Instances(spec.dyadic({ min: '1.5', max: '128', bits: 2 }), '1', {
    far: boxPoints('-256', '256', 4),
  }),
  witnesses: [
    {
      alpha: '131.49',
      beta: '130.49',
      points: [...EX3_NEAR_POINTS, ['-256', '256'], ['-1024', '-1024']],
    },
  ],
  evaluate: (B, s) => definition1Certified(B, 'islamovEx3', s),
});
