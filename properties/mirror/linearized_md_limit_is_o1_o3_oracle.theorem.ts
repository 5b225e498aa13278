import fc from 'fast-check';
import { defineTheorem } from '../../src/index.js';
import { lazyInstances, linearizedLimitClaims, otherPotential, type LazySpec } from './lazy.lib.js';

// P2.1 (docs/theorems/mirror.md M6, derived from M2–M4): on the linearized shallow network (features frozen at the
// stated initialization, output weights from 0), mirror descent with an admissible potential, unscaled (O1) or
// scaled to the width (O3), converges to argmin_{Ψa = y} D_Φ(a, 0), at every width. Negative control: the oracle of
// another potential.
export default defineTheorem<LazySpec>({
  id: 'linearized_md_limit_is_o1_o3_oracle',
  title: 'Mirror descent on the linearized shallow network converges to its Bregman oracle (O1)/(O3) at every width',
  status: 'theorem',
  kind: 'eventually',
  claim: String.raw`a_t \to a_\infty,\ \Psi a_\infty = y \implies a_\infty = \arg\min_{\Psi a = y} D_{\Phi}(a, 0),\ \Phi \in \{\Phi, \Phi_n\}`,
  refs: [
    { arxiv: '2410.03988', where: 'lazy limit of mirror flow, unscaled and scaled potentials (recalled)' },
    {
      key: 'docs/theorems/mirror.md#m6-univariate-shallow-networks-in-the-lazy-setting',
      where: 'the linearized model and its oracles (derived)',
    },
    { key: 'docs/theorems/mirror.md#m4-the-limit-is-the-bregman-projection', where: 'finite-time form (derived)' },
  ],
  hypotheses: (profile) => lazyInstances(profile === 'nightly' ? [16, 64, 256] : [16, 64], (p) => fc.constant(p), 6000),
  violations: (profile) => lazyInstances(profile === 'nightly' ? [16, 64, 256] : [16], otherPotential, 6000),
  budget: { ci: { runs: 6, negativeRuns: 6 }, nightly: { runs: 200 } },
  // equality claims on certified enclosures: no slack for a targeted search to shrink
  search: 'random',
  evaluate: (B, s) => linearizedLimitClaims(B, s),
});
