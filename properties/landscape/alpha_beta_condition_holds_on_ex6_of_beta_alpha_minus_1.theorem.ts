import { defineTheorem, spec } from '../../src/index.js';
import {
  bisectorPoints,
  boxPoints,
  EX6_NEAR_POINTS,
  def1Instances,
  definition1Certified,
  type Def1Spec,
  alphaAbove,
} from './certified.lib.js';

/** α ≥ 41.369325 (the paper's 2/c, c = min_i min_S f_i ≈ 0.048345), dyadic steps above it. */
const alphaArb = alphaAbove('41.369325', '1024', 4);

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_holds_on_ex6_of_beta_alpha_minus_1',
  title: 'Example 6 of Islamov et al. satisfies the α-β-condition for α ≥ 41.369325, β = α − 1',
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge 41.369325,\ \beta=\alpha-1 \implies \exists x_p\in\mathrm{Proj}(x,S):\ \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 6, eq. (14) (App. B)' },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'S and Proj(x, S) certified (derived)',
    },
    { key: 'docs/theorems/landscape.md#le4-definition-1-on-examples-2-3-and-6', where: 'the pairs, read' },
  ],
  // α ≥ 41.369325 and β = α − 1 by construction; points in the box [−3, 4]² around S, on the bisector x + y = 1, and
  // farther out (where the margin is smallest: f_i → 1 while f_i(x_p) stays ≥ c)
  hypotheses: def1Instances(alphaArb, '1', {
    box: boxPoints('-3', '4', 4),
    far: boxPoints('-16', '16', 2),
    tie: bisectorPoints('1', '-3', '4', 1),
  }),
  // Negative control: β = α − 1 with α ∈ [1.5, 12], below the paper's range: far from S the condition needs
  // α ≥ (f_i(x) − ⟨∇f_i(x), x − x_p⟩)/c → 1/c ≈ 20.7, so it fails at points at distance ≳ 2 from S (LE4)
  violations: def1Instances(spec.dyadic({ min: '1.5', max: '12', bits: 4 }), '1', { far: boxPoints('-16', '16', 4) }),
  witnesses: [
    {
      alpha: '41.369325',
      beta: '40.369325',
      points: [...EX6_NEAR_POINTS, ['-16', '16'], ['16', '16']],
    },
  ],
  evaluate: (B, s) => definition1Certified(B, 'islamovEx6', s),
});
