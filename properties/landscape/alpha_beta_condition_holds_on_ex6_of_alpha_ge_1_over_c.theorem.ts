import { defineTheorem, spec } from '../../src/index.js';
import {
  bisectorPoints,
  boxPoints,
  EX6_NEAR_POINTS,
  def1Instances,
  definition1Certified,
  type Def1Spec,
} from './certified.lib.js';

/**
 * α ∈ [20.685, 41.369325]: from 1/c (c = min_i min_S f_i ≈ 0.0483448, 1/c ≈ 20.68473 < 20.685: certify.test.ts) to
 * the paper's lower end 2/c, the range the paper leaves out.
 */
const alphaArb = spec.decimalNum({ min: '20.685', max: '41.369325', digits: 6 });

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_holds_on_ex6_of_alpha_ge_1_over_c',
  title: "Example 6 satisfies the α-β-condition for α ≥ 1/c ≈ 20.685, β = α − 1 (half the paper's 2/c; 1/c is exact)",
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge 1/c\approx 20.685,\ \beta=\alpha-1 \implies \exists x_p\in\mathrm{Proj}(x,S):\ \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 6, eq. (14) (App. B)' },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'S and Proj(x, S) certified (derived)',
    },
    {
      key: 'docs/theorems/landscape.md#le4-definition-1-on-examples-2-3-and-6',
      where: 'α ≥ δ/c is necessary and sufficient for β = α − δ (derived)',
    },
  ],
  // 1/c < α ≤ 2/c and β = α − 1 by construction; points in the box [−3, 4]² around S, on the bisector x + y = 1, and
  // farther out (where the margin is smallest: f_i → 1 while f_i(x_p) stays ≥ c)
  hypotheses: def1Instances(alphaArb, '1', {
    box: boxPoints('-3', '4', 4),
    far: boxPoints('-1024', '1024', 2),
    tie: bisectorPoints('1', '-3', '4', 1),
  }),
  // Negative control: β = α − 1 with α ∈ [1.5, 20], below 1/c: far from S the condition needs
  // α ≥ (f_1(x) − ⟨∇f_1(x), x − x_p⟩)/c → 1/c, so it fails at points far enough from S (LE4)
  violations: def1Instances(spec.dyadic({ min: '1.5', max: '20', bits: 4 }), '1', { far: boxPoints('-64', '64', 4) }),
  witnesses: [
    {
      alpha: '20.685',
      beta: '19.685',
      points: [...EX6_NEAR_POINTS, ['-64', '64'], ['-1024', '-1024']],
    },
  ],
  evaluate: (B, s) => definition1Certified(B, 'islamovEx6', s),
});
