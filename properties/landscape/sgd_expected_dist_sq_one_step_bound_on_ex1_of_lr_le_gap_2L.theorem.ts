import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  FINITE_SUMS,
  sgdExactExpectation,
  spec,
  type Ball,
  type Num,
  type Opaque,
} from '../../src/index.js';

/** An instance: (α, β), the step γ and the point x_k. */
interface StepSpec {
  readonly alpha: Num;
  readonly beta: Num;
  readonly lr: Num;
  readonly x: readonly Num[];
}

const R = spec.rational;
const ex1 = FINITE_SUMS.islamovEx1;
const S = ex1.solutionSet;
/**
 * Each f_i of Example 1 is L-smooth with L = 4: ∇²f_i = φ''(t)·11ᵀ, ‖11ᵀ‖ = 2, |φ''(t)| = |2 − 6t²|/(1 + t²)³ ≤ 2
 * (docs/theorems/landscape.md L5).
 */
const L = '4';

const alphaArb = spec.dyadic({ min: '2.5', max: '16', bits: 4 });
const point = fc.tuple(
  spec.dyadic({ min: '-16', max: '16', bits: 6 }),
  spec.dyadic({ min: '-16', max: '16', bits: 6 }),
);
/** β = α(1 − b), γ = u(α − β)/(2L): exact decimals. */
function build(alpha: Num, b: Num, u: Num, x: readonly Num[]): StepSpec {
  const a = R.parseNum(alpha);
  const beta = R.mul(a, R.sub(R.ONE, R.parseNum(b)));
  const lr = R.div(R.mul(R.parseNum(u), R.sub(a, beta)), R.mul(R.fromInt(2), R.parseNum(L)));
  return { alpha, beta: R.toPlainNum(beta), lr: R.toPlainNum(lr), x };
}

export default defineTheorem<StepSpec>({
  id: 'sgd_expected_dist_sq_one_step_bound_on_ex1_of_lr_le_gap_2L',
  title:
    'Under the α-β-condition, one SGD step with γ ≤ (α − β)/(2L) obeys the key inequality of the proof of Theorem 1 (Example 1, exact E_i)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\gamma\le\tfrac{\alpha-\beta}{2L} \implies \mathbb E_i\,\mathrm{dist}(x-\gamma\nabla f_i(x),S)^2\le\mathrm{dist}(x,S)^2-\gamma(\alpha-\beta)\,\mathbb E_i[f_i(x)-f_i(x_p)]+2\gamma(\beta+L\gamma)\,\mathbb E_i[f_i(x_p)-f_i^*]`,
  refs: [
    { arxiv: '2410.12455', where: 'Theorem 1, proof in App. C.2.1 (the one-step inequality); Example 1, eq. (3)' },
    {
      key: 'docs/theorems/landscape.md#l5-the-one-step-inequality-of-theorem-1',
      where: 'the step (derived) and L = 4 for Example 1',
    },
    {
      key: 'docs/theorems/landscape.md#l4-sgd-and-exact-expectations-over-the-sampling',
      where: 'E_i as an exact finite average',
    },
  ],
  // (α, β) in the range of Example 1 (β = α(1 − b), b ∈ (0, 1/5]) and γ = u(α − β)/(2L), u ∈ (0, 1]: by construction
  hypotheses: fc
    .record({
      alpha: alphaArb,
      b: spec.dyadic({ min: '0', max: '0.2', bits: 8, minExcluded: true }),
      u: spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true }),
      x: point,
    })
    .map(({ alpha, b, u, x }) => build(alpha, b, u, x)),
  // Negative control: β ≤ α/4 (b ∈ [3/4, 15/16]), outside Example 1's range, so the α-β-condition fails far from S and
  // the inequality with it: there the right side is ≈ dist² − γ(4α/5 − 6β/5) + 2Lγ²/5 while the left side is ≈ dist²
  // (docs/theorems/landscape.md L5); u ≤ 1/4 keeps the γ² term below the gap.
  violations: fc
    .record({
      alpha: alphaArb,
      b: spec.dyadic({ min: '0.75', max: '0.9375', bits: 6 }),
      u: spec.dyadic({ min: '0', max: '0.25', bits: 6, minExcluded: true }),
      x: point,
    })
    .map(({ alpha, b, u, x }) => build(alpha, b, u, x)),
  witnesses: [
    build('2.5', '0.2', '1', ['0', '0']),
    build('2.5', '0.2', '1', ['16', '16']),
    build('4', '0.125', '0.5', ['-0.25', '0']),
  ],
  evaluate(B, s) {
    const K = ballArith(B);
    if (S === undefined) throw new Error('Example 1 has no solution set registered');
    const [f1, f2] = ex1.components;
    const comps = [f1!, f2!];
    const x = s.x.map((v) => K.num(v));
    const xp = S.project(K, x);
    const dist2 = (y: readonly Ball<Opaque>[]) => {
      const p = S.project(K, y);
      return K.add(K.sqr(K.sub(y[0]!, p[0]!)), K.sqr(K.sub(y[1]!, p[1]!)));
    };
    const gamma = K.num(s.lr);
    const alpha = K.num(s.alpha);
    const beta = K.num(s.beta);
    // E_i over i ∈ {1, 2} uniform: the K = 1 exact expectation (E[dist(x_0)²], E[dist(x_1)²])
    const [d0, e1] = sgdExactExpectation(B, comps, { lr: gamma, x0: x, steps: 1 }, (y) => dist2(y));
    const mean = (g: (i: number) => Ball<Opaque>) => K.div(K.add(g(0), g(1)), K.int(2));
    const gapX = mean((i) => K.sub(comps[i]!.value(K, x), comps[i]!.value(K, xp)));
    const gapP = mean((i) => K.sub(comps[i]!.value(K, xp), K.num(comps[i]!.infimum ?? '0')));
    const rhs = K.add(
      K.sub(d0!, K.mul(K.mul(gamma, K.sub(alpha, beta)), gapX)),
      K.mul(K.mul(K.int(2), K.mul(gamma, K.add(beta, K.mul(K.num(L), gamma)))), gapP),
    );
    return {
      claims: [claims.le(B, e1!, rhs, 'one_step')],
      observed: { E_dist1_sq: B.show(e1!.value), rhs: B.show(rhs.value), dist0_sq: B.show(d0!.value) },
    };
  },
});
