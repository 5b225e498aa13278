import fc from 'fast-check';
import { ballArith, defineTheorem, hypothesisViolated, spec } from '../../src/index.js';
import {
  bisectorPoints,
  boxPoints,
  definition1Certified,
  minGapOnS,
  minus,
  type Def1Spec,
  alphaAbove,
} from './certified.lib.js';

const R = spec.rational;
/** α ≥ 8796687 > 8/c (c = f_1(x*_1) ≈ 9.0943·10⁻⁷, 8/c ≈ 8796686.405), dyadic steps above. */
const alphaArb = alphaAbove('8796687', '67108864', 2);

export default defineTheorem<Def1Spec>({
  id: 'alpha_beta_condition_holds_on_ex2_of_beta_alpha_minus_8',
  title: 'Example 2 of Islamov et al. (with a saddle) satisfies the α-β-condition for α ≥ 8/c, β = α − 8',
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`\alpha\ge 8/c,\ c=\min_i\min_{S}f_i,\ \beta=\alpha-8 \implies \exists x_p\in\mathrm{Proj}(x,S):\ \langle\nabla f_i(x),x-x_p\rangle\ge\alpha(f_i(x)-f_i(x_p))-\beta(f_i(x)-f_i^*),\ i=1,2`,
  refs: [
    { arxiv: '2410.12455', where: 'Definition 1, eq. (2); Example 2, eq. (4) (proof: α − β = 8, α ≥ 8/c)' },
    {
      key: 'docs/theorems/landscape.md#le3-certified-solution-sets-of-examples-2-3-and-6',
      where: 'S and Proj(x, S) certified (derived)',
    },
    { key: 'docs/theorems/landscape.md#le4-definition-1-on-examples-2-3-and-6', where: 'the pair, read' },
  ],
  // α ≥ 8796687 > 8/c and β = α − 8 by construction; points in [−3, 5]² around S, on the
  // bisector x + y = 2 (through the saddle), and far out, where the margin is smallest (f_i → 1)
  hypotheses: fc
    .record({
      alpha: alphaArb,
      box: boxPoints('-3', '5', 4),
      far: boxPoints('-16', '16', 2),
      tie: bisectorPoints('2', '-3', '5', 1),
    })
    .map(({ alpha, box, far, tie }) => ({ alpha, beta: minus(alpha, '8'), points: [...box, ...far, ...tie] })),
  // Negative control: β = α − 8 with α ∈ [9, 4194304], below 8/c: far from S the margin is α·c − 8f_i(x) + o(1) < 0
  // (LE4)
  violations: fc
    .record({ alpha: spec.dyadic({ min: '9', max: '4194304', bits: 0 }), far: boxPoints('-16', '16', 4) })
    .map(({ alpha, far }) => ({ alpha, beta: minus(alpha, '8'), points: far })),
  witnesses: [
    {
      alpha: '8796687',
      beta: '8796679',
      points: [
        ['0', '0'],
        ['2', '2'],
        ['1', '1'],
        ['0.5', '1.5'],
        ['-16', '16'],
        ['16', '-16'],
      ],
    },
  ],
  evaluate(B, s) {
    if (R.cmp(R.sub(R.parseNum(s.alpha), R.parseNum(s.beta)), R.fromInt(8)) !== 0)
      return hypothesisViolated(`β = ${s.beta} is not α − 8`);
    const K = ballArith(B);
    const ev = definition1Certified(B, 'islamovEx2', s);
    // α·c ≥ 8 is the paper's hypothesis (8/c < 8796687 is proved in src/finiteSum/certify.test.ts); shown, not assumed
    const ac = K.mul(K.num(s.alpha), minGapOnS(B, 'islamovEx2'));
    return { ...ev, observed: { ...ev.observed, alpha_times_c: B.show(ac.value) } };
  },
});
