import { ballArith, defineTheorem, spec } from '../../src/index.js';
import { stationaryGap, alphaAbove, pairsBelow, type PairSpec } from './certified.lib.js';

export default defineTheorem<PairSpec>({
  id: 'stationary_gap_le_beta_sigma_int_over_gap_at_ex2_saddle',
  title: 'At the saddle (1, 1) of Example 2, f − f* ≤ βσ²_int/(α − β) for the paper’s pairs (α ≥ 8/c, β = α − 8)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\nabla f(\hat x)=0 \implies f(\hat x)-f^*\le\frac{\beta\,\sigma^2_{\rm int}}{\alpha-\beta},\quad \hat x=(1,1),\ \beta=\alpha-8,\ \alpha\ge 8/c`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Assumption 2 (σ²_int); Example 2, eq. (4) (the saddle)' },
    {
      key: 'docs/theorems/landscape.md#le6-stationary-points-under-the-α-β-condition',
      where: 'the consequence (derived) and ∇f(1, 1) = 0 exactly',
    },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'f* and σ²_int certified',
    },
  ],
  // the pairs of alpha_beta_condition_holds_on_ex2_of_beta_alpha_minus_8: α ≥ 8796687 > 8/c, β = α − 8
  hypotheses: pairsBelow(alphaAbove('8796687', '67108864', 2), '8'),
  // Negative control: β = α − 8 with α ∈ [8.25, 13.5], outside the range (Definition 1 fails there): the bound
  // (α − 8)σ²_int/8 ≤ 0.344 is below f(1, 1) − f* ≈ 0.3648
  violations: pairsBelow(spec.dyadic({ min: '8.25', max: '13.5', bits: 4 }), '8'),
  witnesses: [{ alpha: '8796687', beta: '8796679' }],
  evaluate(B, s) {
    const K = ballArith(B);
    // ∇f(1, 1) = ½(2e^{−2}(1, 1) + 2e^{−2}(−1, −1)) = 0 exactly (LE6)
    return stationaryGap(B, 'islamovEx2', [K.int(1), K.int(1)], s);
  },
});
