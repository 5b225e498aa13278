import { defineTheorem } from '../../src/index.js';
import { EX1_RATE_WITNESS, RATE_DOC_REFS, rateEvidence, rateInstances, type RateSpec } from './sgdRate.lib.js';

/** The negative control's factor on the right side (below the largest LHS/RHS seen: docs/theorems/landscape.md L7). */
const DEFLATE = '0.0625';

export default defineTheorem<RateSpec>({
  id: 'sgd_min_expected_gap_le_eq9_bound_of_lr_le_gap_over_2L',
  title:
    'SGD with a constant step γ ≤ (α − β)/(2L) under the α-β-condition: min_k E[f(x_k) − f*] obeys Theorem 1 (eq. (9)), exact E over all index paths',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\gamma\le\tfrac{\alpha-\beta}{2L}\implies\min_{0\le k<K}\mathbb E[f(x_k)-f^*]\le\frac{\mathbb E\,\mathrm{dist}(x_0,S)^2}{K\gamma(\alpha-\beta)}+\frac{2L\gamma}{\alpha-\beta}\sigma^2_{\rm int}+\frac{2\beta}{\alpha-\beta}\sigma^2_{\rm int}`,
  refs: [
    { arxiv: '2410.12455', where: 'Theorem 1, eq. (9); Algorithm 1 (App. C.2); Example 1, eq. (3)' },
    ...RATE_DOC_REFS,
  ],
  // Example 1 in the paper's range and consistent least squares, γ = u(α − β)/(2L), u ∈ (0, 1]: by construction
  hypotheses: (profile) => rateInstances(profile, '1'),
  // Negative control: the right side scaled by DEFLATE, below the largest LHS/RHS seen on these instances
  violations: (profile) => rateInstances(profile, DEFLATE, true),
  witnesses: [
    EX1_RATE_WITNESS,
    {
      problem: 'leastSquares',
      alpha: '1',
      beta: '0',
      L: '1',
      lr: '0.5',
      x0: ['1', '1'],
      steps: 1,
      rows: [
        ['1', '0'],
        ['0', '1'],
        ['1', '0'],
      ],
      targets: ['0', '0', '0'],
      xStar: ['0', '0'],
      scale: '1',
    },
  ],
  evaluate: (B, s) => rateEvidence(B, s, 'thm1'),
});
