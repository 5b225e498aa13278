import { defineTheorem } from '../../src/index.js';
import { EX1_RATE_WITNESS, RATE_DOC_REFS, rateEvidence, rateInstances, type RateSpec } from './sgdRate.lib.js';

/** The negative control's factor on the right side (below the largest LHS/RHS seen: docs/theorems/landscape.md L7). */
const DEFLATE = '0.03125';

export default defineTheorem<RateSpec>({
  id: 'sgd_invsqrt_min_expected_gap_le_eq24_bound_of_lr0_le_gap_2L',
  title:
    'SGD with γ_k = γ₀/√(k+1), γ₀ ≤ (α − β)/(2L), under the α-β-condition: min_k E[f(x_k) − f*] obeys Theorem 4 (eq. (24)), exact E over all index paths',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\gamma_k=\tfrac{\gamma_0}{\sqrt{k+1}},\ \gamma_0\le\tfrac{\alpha-\beta}{2L}\implies\min_{0\le k<K}\mathbb E[f(x_k)-f^*]\le\frac{5\,\mathbb E\,\mathrm{dist}(x_0,S)^2}{4(\alpha-\beta)\gamma_0\sqrt K}+\frac{5\gamma_0L\sigma^2_{\rm int}}{\alpha-\beta}\frac{\log(K+1)}{\sqrt K}+\frac{2\beta}{\alpha-\beta}\sigma^2_{\rm int}`,
  refs: [{ arxiv: '2410.12455', where: 'Theorem 4, eq. (24) (App. C.2.1); Example 1, eq. (3)' }, ...RATE_DOC_REFS],
  // the same instances as Theorem 1 (γ₀ in place of γ): by construction
  hypotheses: (profile) => rateInstances(profile, '1'),
  // Negative control: the right side scaled by DEFLATE, below the largest LHS/RHS seen on these instances
  violations: (profile) => rateInstances(profile, DEFLATE, true),
  witnesses: [EX1_RATE_WITNESS],
  evaluate: (B, s) => rateEvidence(B, s, 'thm4'),
});
