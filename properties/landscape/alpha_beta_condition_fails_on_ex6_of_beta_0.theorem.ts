import fc from 'fast-check';
import { ballArith, claims, defineTheorem, spec, type Ball, type Opaque } from '../../src/index.js';
import { bestMargin, minus, type Def1Spec } from './certified.lib.js';

const R = spec.rational;
/**
 * The two points of docs/theorems/landscape.md LE5: the centre of f_1 (fails for α > 0.875) and (0.4, 0.4) (fails for
 * α < 1.168).
 */
const POINTS = [
  ['0', '0'],
  ['0.4', '0.4'],
];

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_fails_on_ex6_of_beta_0',
  title: 'Example 6 of Islamov et al. violates the α-β-condition with β = 0 for every α > 0 (at (0, 0) or (0.4, 0.4))',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\beta=0,\ \alpha>0 \implies \min_{x\in\{(0,0),(0.4,0.4)\}}\ \min_i\big(\langle\nabla f_i(x),x-x_p\rangle-\alpha(f_i(x)-f_i(x_p))\big)<0`,
  refs: [
    { arxiv: '2410.12455', where: 'Example 6 (App. B): "Definition 1 does not hold with β = 0"' },
    {
      key: 'docs/theorems/landscape.md#le5-example-6-fails-with-β--0',
      where: 'the two points and the α ranges where each fails (derived)',
    },
  ],
  // β = 0, α ∈ (0, 4096] (dyadic, fine near the ranges' overlap (0.875, 1.168))
  hypotheses: fc
    .oneof(
      spec.dyadic({ min: '0', max: '4', bits: 8, minExcluded: true }),
      spec.dyadic({ min: '0', max: '4096', bits: 2, minExcluded: true }),
    )
    .map((alpha) => ({ alpha, beta: '0', points: POINTS })),
  // Negative control: the paper's pairs (α ≥ 41.369325, β = α − 1) satisfy Definition 1 at both points
  violations: spec
    .dyadic({ min: '0', max: '1024', bits: 2 })
    .map((a) => R.toPlainNum(R.add(R.parseNum(a), R.parseNum('41.369325'))))
    .map((alpha) => ({ alpha, beta: minus(alpha, '1'), points: POINTS })),
  witnesses: [
    { alpha: '0.875', beta: '0', points: POINTS },
    { alpha: '1.168', beta: '0', points: POINTS },
    { alpha: '0.0001', beta: '0', points: POINTS },
  ],
  evaluate(B, s) {
    const K = ballArith(B);
    const m = s.points
      .map((pt) => bestMargin(B, 'islamovEx6', s, pt))
      .reduce((a: Ball<Opaque>, b: Ball<Opaque>) => K.min(a, b));
    return {
      claims: [claims.le(B, m, K.int(0), 'definition1_fails_at_one_point')],
      observed: { alpha: s.alpha, beta: s.beta, smallest_margin: B.show(m.value) },
    };
  },
});
