import { defineTheorem, spec, type MinimizerDisk } from '../../src/index.js';
import { criticalPointIn, stationaryGap, alphaAbove, pairsBelow, type PairSpec } from './certified.lib.js';

/** The disk around Example 3's non-global local minimum ≈ (0.2589, 0.2589) on which ∇²f ⪰ 0.05·I (proved on use). */
const LOCAL_MIN: MinimizerDisk = { centre: ['0.258876387', '0.258876387'], radius: '0.1', mu: '0.05' };

export default defineTheorem<PairSpec>({
  id: 'stationary_gap_le_beta_sigma_int_over_gap_at_ex3_local_min',
  title: 'At the local minimum of Example 3, f − f* ≤ βσ²_int/(α − β) for the paper’s pairs (α ≥ 1512.4586, β = α − 1)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\nabla f(\hat x)=0 \implies f(\hat x)-f^*\le\frac{\beta\,\sigma^2_{\rm int}}{\alpha-\beta},\quad \hat x\approx(0.2589,0.2589),\ \beta=\alpha-1,\ \alpha\ge 1512.4586`,
  refs: [
    {
      arxiv: '2410.12455',
      where: 'Definition 1, eq. (2); Assumption 2 (σ²_int); Example 3, eq. (6) (the local minimum)',
    },
    {
      key: 'docs/theorems/landscape.md#le6-stationary-points-under-the-α-β-condition',
      where: 'the consequence (derived); the local minimum certified',
    },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'f* and σ²_int certified',
    },
  ],
  // the pairs of alpha_beta_condition_holds_on_ex3_of_beta_alpha_minus_1: α ≥ 1512.4586, β = α − 1
  hypotheses: pairsBelow(alphaAbove('1512.4586', '16384', 2), '1'),
  // Negative control: β = α − 1 with α ∈ (1, 1.25], outside the range: the bound (α − 1)σ²_int ≤ 0.0702 is below
  // f(x̂) − f* ≈ 0.0890
  violations: pairsBelow(spec.dyadic({ min: '1', max: '1.25', bits: 6, minExcluded: true }), '1'),
  witnesses: [{ alpha: '1512.4586', beta: '1511.4586' }],
  evaluate: (B, s) => stationaryGap(B, 'islamovEx3', criticalPointIn(B, 'islamovEx3', LOCAL_MIN), s),
});
