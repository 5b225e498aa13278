import fc from 'fast-check';
import { defineTheorem, spec } from '../../src/index.js';
import { betaOf, definition1, type Ex1Spec } from './ex1.lib.js';

const R = spec.rational;

/** α dyadic in [5/2, 16]; β = α(1 − s/5) with s ∈ (0, 1] dyadic: β ∈ [4α/5, α) exactly (an exact decimal). */
const alphaArb = spec.dyadic({ min: '2.5', max: '16', bits: 4 });
// points in the box [−16, 16]² around S (S crosses it), dyadic with 6 bits: exact in every backend
const points = fc.array(
  fc.tuple(spec.dyadic({ min: '-16', max: '16', bits: 6 }), spec.dyadic({ min: '-16', max: '16', bits: 6 })),
  { minLength: 8, maxLength: 8 },
);

export default defineTheorem<Ex1Spec>({
  id: 'alpha_beta_condition_holds_on_ex1_of_beta_ge_4_5_alpha',
  title: 'Example 1 of Islamov et al. satisfies the α-β-condition for α ≥ 5/2, 4α/5 ≤ β < α',
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge\tfrac52,\ \tfrac45\alpha\le\beta<\alpha \implies \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 1, eq. (3)' },
    { key: 'docs/theorems/landscape.md#l1-setting-and-the-α-β-condition', where: 'Definition 1 (read)' },
    {
      key: 'docs/theorems/landscape.md#l2-example-1-a-line-of-minimizers',
      where: 'S, Proj, f_i(x_p) = 1/5 and the necessity of β ≥ 4α/5 (derived)',
    },
  ],
  // s ∈ (0, 1]: β = α(1 − s/5) ∈ [4α/5, α) by construction
  hypotheses: fc
    .record({ alpha: alphaArb, s: spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true }), points })
    .map(({ alpha, s, points: p }) => ({
      alpha,
      beta: betaOf(alpha, R.toPlainNum(R.div(R.parseNum(s), R.fromInt(5)))),
      points: p,
    })),
  // Negative control: β = α(4/5 − w), w ∈ [1/8, 3/4], i.e. 0 < β ≤ 4α/5 − α/8: outside the stated range; it fails far
  // from S, where the left side → 0 and the right side → 4α/5 − β ≥ α/8 (docs/theorems/landscape.md L2).
  violations: fc
    .record({ alpha: alphaArb, w: spec.dyadic({ min: '0.125', max: '0.75', bits: 6 }), points })
    .map(({ alpha, w, points: p }) => ({
      alpha,
      beta: betaOf(alpha, R.toPlainNum(R.add(R.parseNum(w), R.parseNum('0.2')))),
      points: p,
    })),
  witnesses: [
    // on S (x_p = x), at the two f_i minimizers t = 0, t = −1, and at the boundary pair β = 4α/5 far from S
    {
      alpha: '2.5',
      beta: '2',
      points: [
        ['0', '-0.5'],
        ['0', '0'],
        ['0', '-1'],
        ['16', '16'],
        ['-16', '-16'],
        ['-0.25', '0'],
        ['-0.75', '0'],
        ['3', '-1'],
      ],
    },
  ],
  evaluate: definition1,
});
