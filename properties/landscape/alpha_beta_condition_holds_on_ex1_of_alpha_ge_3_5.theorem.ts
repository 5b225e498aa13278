import fc from 'fast-check';
import { defineTheorem, spec } from '../../src/index.js';
import { betaOf, definition1, type Ex1Spec } from './ex1.lib.js';

const R = spec.rational;

/** α dyadic in [5/8, 4] (below the paper's 5/2, above the derived 3/5); β = α(1 − s/5), s ∈ (0, 1]: β ∈ [4α/5, α). */
const alphaArb = spec.dyadic({ min: '0.625', max: '4', bits: 5 });
const coord = spec.dyadic({ min: '-16', max: '16', bits: 6 });
const boxPoints = fc.array(fc.tuple(coord, coord), { minLength: 8, maxLength: 8 });
/**
 * Points with x + y = τ, τ ∈ [−0.3, −0.18] (where f_1's margin is smallest), and their mirror x + y = −1 − τ (f_2's).
 */
const nearS = fc
  .array(
    fc.tuple(spec.dyadic({ min: '-4', max: '4', bits: 6 }), spec.decimalNum({ min: '-0.3', max: '-0.18', digits: 3 })),
    { minLength: 4, maxLength: 4 },
  )
  .map((ps) =>
    ps.flatMap(([x, tau]) => {
      const y1 = R.sub(R.parseNum(tau), R.parseNum(x));
      const y2 = R.sub(R.sub(R.fromInt(-1), R.parseNum(tau)), R.parseNum(x));
      return [
        [x, R.toPlainNum(y1)],
        [x, R.toPlainNum(y2)],
      ];
    }),
  );
const sFrac = spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true });
const fifth = (s: string) => R.toPlainNum(R.div(R.parseNum(s), R.fromInt(5)));

export default defineTheorem<Ex1Spec>({
  id: 'alpha_beta_condition_holds_on_ex1_of_alpha_ge_3_5',
  title: "Example 1 satisfies the α-β-condition already for α ≥ 3/5, 4α/5 ≤ β < α (the paper's α ≥ 5/2 is not needed)",
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge\tfrac35,\ \tfrac45\alpha\le\beta<\alpha \implies \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 1, eq. (3) (states α ∈ [5/2, ∞))' },
    {
      key: 'docs/theorems/landscape.md#l2-example-1-a-line-of-minimizers',
      where: 'the reduction to 2t(t + ½)/(1 + t²) ≥ −α/5 and its minimum > −0.12 (derived)',
    },
  ],
  // α ≥ 5/8 > 3/5 and β ∈ [4α/5, α) by construction; points in the box and near S where the margin is smallest
  hypotheses: fc
    .record({ alpha: alphaArb, s: sFrac, box: boxPoints, near: nearS })
    .map(({ alpha, s, box, near }) => ({ alpha, beta: betaOf(alpha, fifth(s)), points: [...box, ...near] })),
  // Negative control: α ∈ [1/8, 1/2] (below 3/5; β = 4α/5), at points with x + y ∈ [−0.3, −0.18], where
  // 2t(t + ½)/(1 + t²) < −0.1 ≤ −α/5: Definition 1 fails for f_1 there (docs/theorems/landscape.md L2).
  violations: fc
    .record({ alpha: spec.dyadic({ min: '0.125', max: '0.5', bits: 5 }), near: nearS })
    .map(({ alpha, near }) => ({ alpha, beta: betaOf(alpha, '0.2'), points: near })),
  witnesses: [
    {
      alpha: '0.6',
      beta: '0.48',
      points: [
        ['0', '-0.25'],
        ['0', '-0.75'],
        ['0', '-0.5'],
        ['16', '16'],
        ['-16', '-16'],
      ],
    },
  ],
  evaluate: definition1,
});
