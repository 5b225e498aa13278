import { defineTheorem } from '../../src/index.js';
import { labelLinearityClaims, linearityInstances, type LinearitySpec } from './lazy.lib.js';

// P2.2 (docs/theorems/mirror.md M6, derived): on the linearized shallow network, the limit of gradient descent
// (mirror descent with φ = x²/2, whose scaled version is the same potential) is the minimum-norm solution
// Ψᵀ(ΨΨᵀ)⁻¹Y, so the learned function is linear in the labels: f_{Y₁+Y₂} = f_{Y₁} + f_{Y₂}, at every width. The
// limit is the certified (O1) oracle (P2.1). Negative control: a non-quadratic potential (x² + |x|³ or x² + x⁴,
// unscaled), whose limit map is nonlinear; its defect shrinks with the width (M6) but is far above the bars.
export default defineTheorem<LinearitySpec>({
  id: 'linearized_gd_limit_is_linear_in_labels',
  title: 'The gradient-descent limit of the linearized shallow network is linear in the labels',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`f^{\infty}_{Y_1 + Y_2} = f^{\infty}_{Y_1} + f^{\infty}_{Y_2},\quad f^\infty_Y = \Psi(\cdot)^\top \Psi^\top(\Psi\Psi^\top)^{-1}Y`,
  refs: [
    { arxiv: '2410.03988', where: 'scaled potentials are not in the kernel regime (recalled)' },
    {
      key: 'docs/theorems/mirror.md#m6-univariate-shallow-networks-in-the-lazy-setting',
      where: 'the linearized model and its oracles (derived)',
    },
  ],
  hypotheses: (profile) =>
    linearityInstances(profile === 'nightly' ? [16, 64, 256] : [16, 64], (n) => [
      { name: 'squared' },
      { name: 'squared', width: n },
    ]),
  violations: linearityInstances([16], () => [{ name: 'squaredPlusCubic' }, { name: 'squaredPlusQuartic' }]),
  budget: { ci: { runs: 8, negativeRuns: 8 }, nightly: { runs: 300 } },
  // equality claims on certified enclosures: no slack for a targeted search to shrink
  search: 'random',
  evaluate: (B, s) => labelLinearityClaims(B, s),
});
