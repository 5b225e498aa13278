import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  exactDecimal,
  spec,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { exactWeakGap, type TestFunction } from './momentum.lib.js';

/**
 * A ladder of effective learning rates `lrEffs` η_j = η₀2^{−j} (j = 0 … 3; SGD's rate, and heavy-ball SGDM's
 * γ_j/(1 − β_j)) with 1 − β_j ≈ c·η_j^a (stored exactly, rounded up to 30 bits), curvature h, noise σ² (or σ²/η, the
 * noise-dominated scaling), start x₀, horizon T and a test function. SGDM's `lr` γ_j = η_j(1 − β_j) is derived.
 */
interface LadderSpec {
  readonly h: Num;
  readonly a: Num;
  readonly x0: Num;
  readonly sigma2: Num;
  readonly noiseDominated: boolean;
  readonly test: TestFunction;
  readonly T: number;
  readonly lrEffs: Num[];
  readonly oneMinusBetas: Num[];
}

const RUNGS = 4;
const T = 2;
/** Slack of the per-rung claim: D(η_{j+1}) ≤ D(η_j)·f_j·(1 + ε). */
const EPS = '0.0625';

/** η₀ ≤ (1 − β₀)/(10h) by construction: c = 10h·η₀^{1−a}(1 + v), so 1 − β₀ = 10hη₀(1 + v) (then rounded up). */
function build(h: Num, a: Num, log2LrEff0: number, v: Num, x0: Num, sigma2: Num, nd: boolean, test: TestFunction) {
  const lrEff0 = 2 ** -log2LrEff0;
  const c = 10 * Number(h) * lrEff0 ** (1 - Number(a)) * (1 + Number(v));
  const lrEffs: Num[] = [];
  const oneMinusBetas: Num[] = [];
  for (let j = 0; j < RUNGS; j++) {
    const lrEff = lrEff0 / 2 ** j; // a power of two: exact
    lrEffs.push(exactDecimal(lrEff));
    oneMinusBetas.push(exactDecimal(Math.ceil(c * lrEff ** Number(a) * 2 ** 30) / 2 ** 30));
  }
  return { h, a, x0, sigma2, noiseDominated: nd, test, T, lrEffs, oneMinusBetas };
}

const arb = (as: readonly Num[]) =>
  fc
    .record({
      h: fc.constantFrom<Num>('0.5', '1'),
      a: fc.constantFrom(...as),
      log2LrEff0: fc.integer({ min: 5, max: 6 }),
      v: spec.dyadic({ min: '0', max: '1', bits: 3 }),
      x0: spec.dyadic({ min: '0.5', max: '2', bits: 3 }),
      sigma2: spec.dyadic({ min: '0.25', max: '1', bits: 3 }),
      nd: fc.boolean(),
      test: fc.constantFrom<TestFunction>('square', 'cos'),
    })
    .map((s) => build(s.h, s.a, s.log2LrEff0, s.v, s.x0, s.sigma2, s.nd, s.test));

export default defineTheorem<LadderSpec>({
  id: 'sgdm_sgd_weak_gap_shrinks_like_sqrt_lr_over_one_minus_beta',
  title:
    'SGDM (γ = η(1 − β), β) vs SGD (η) on a noisy quadratic: the exact weak gap D(η) = max_{k ≤ T/η}|E h(x_k^SGDM) − E h(x_k^SGD)| shrinks per halving of η by √(η_{j+1}(1 − β_j)/(η_j(1 − β_{j+1}))) (1 − β = cη^a, a ∈ [0, 1))',
  status: 'conjecture',
  kind: 'upper',
  claim: String.raw`1-\beta_j=c\,\eta_j^{a},\ a\in[0,1),\ \eta_0\le\tfrac{1-\beta_0}{10h} \implies D(\eta_{j+1})\le D(\eta_j)\sqrt{\tfrac{\eta_{j+1}(1-\beta_j)}{\eta_j(1-\beta_{j+1})}}\,(1+\epsilon)`,
  refs: [
    {
      arxiv: '2307.15196',
      where:
        'Theorem 3.5 as the public reviews describe it (closeness O(√(η/(1 − β))) over O(1/η) steps, 1 − β = Θ(η^a), a ∈ [0, 1)); its exact statement was not read: a per-rung reading, hence a conjecture',
    },
    { key: 'docs/theorems/momentum.md#m7-the-weak-gap-ladder', where: 'the exact weak gap and what is conjectured' },
  ],
  hypotheses: arb(['0', '0.25', '0.5', '0.75']),
  // Negative control: a = 1 (1 − β ∝ η): the momentum memory lasts O(1) in time and the gap does not shrink
  // (docs/theorems/momentum.md M7), while the factor asked for is 1.
  violations: arb(['1']),
  budget: { quick: { runs: 4, negativeRuns: 4 }, ci: { runs: 8, negativeRuns: 8 }, nightly: { runs: 60 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const gaps: Ball<Opaque>[] = [];
    for (let j = 0; j < s.lrEffs.length; j++) {
      const lrEff = B.num(s.lrEffs[j]!);
      const omb = B.num(s.oneMinusBetas[j]!);
      const beta = B.sub(B.one, omb); // exact: omb is a 30-bit dyadic ≤ 1
      const lr = B.mul(lrEff, omb); // exact: a product of dyadics
      const sig = s.noiseDominated ? B.div(B.num(s.sigma2), lrEff) : B.num(s.sigma2); // η a power of two: exact
      const steps = Math.round(s.T / Number(s.lrEffs[j]!));
      gaps.push(exactWeakGap(B, { h: s.h, sigma2: sig, x0: s.x0, lrSgd: lrEff, lr, beta, steps, test: s.test }));
    }
    const cs: Claim[] = [];
    const ratios: string[] = [];
    for (let j = 0; j + 1 < gaps.length; j++) {
      const f = K.sqrt(
        K.div(
          K.mul(K.num(s.lrEffs[j + 1]!), K.num(s.oneMinusBetas[j]!)),
          K.mul(K.num(s.lrEffs[j]!), K.num(s.oneMinusBetas[j + 1]!)),
        ),
      );
      const rhs = K.mul(K.mul(gaps[j]!, f), K.add(K.int(1), K.num(EPS)));
      cs.push(claims.le(B, gaps[j + 1]!, rhs, `shrinks@rung${j + 1}`));
      ratios.push((B.toNumber(gaps[j + 1]!.value) / B.toNumber(gaps[j]!.value) / B.toNumber(f.value)).toPrecision(4));
    }
    const d0 = B.toNumber(gaps[0]!.value);
    const dJ = B.toNumber(gaps[gaps.length - 1]!.value);
    return {
      claims: cs,
      observed: {
        D: gaps.map((g) => B.toNumber(g.value).toPrecision(6)).join(' '),
        ratio_over_factor: ratios.join(' '),
        // log₂ of the total shrink over the ladder, per rung: ≈ 1 means D = Θ(η)
        fitted_order: String((Math.log2(d0 / dJ) / (gaps.length - 1)).toPrecision(4)),
      },
    };
  },
});
