import fc from 'fast-check';
import { ballArith, claims, defineTheorem, sgdSystem, spec, type Claim, type Num } from '../../src/index.js';
import { curvatureAndNoise, fromRestAtCheckpoints, oneDim, R } from './momentum.lib.js';

/** Curvature h, noise variance σ², ηh = 2u, horizon K. */
interface SgdSpec {
  readonly h: Num;
  readonly sigma2: Num;
  readonly u: Num;
  readonly lr: Num;
  readonly steps: number;
}

const build = (h: Num, sigma2: Num, u: Num, steps: number): SgdSpec => ({
  h,
  sigma2,
  u,
  lr: R.toPlainNum(R.div(R.mul(R.fromInt(2), R.parseNum(u)), R.parseNum(h))),
  steps,
});

const arb = (lo: Num, hi: Num, steps: number) =>
  fc
    .record({
      ...curvatureAndNoise(),
      u: spec.dyadic({ min: lo, max: hi, bits: 6 }),
    })
    .map(({ h, sigma2, u }) => build(h, sigma2, u, steps));

export default defineTheorem<SgdSpec>({
  id: 'sgd_stationary_variance_of_lr_h_lt_2',
  title:
    'SGD on ½hx² with N(0, σ²) gradient noise: from rest, Var x_k = V(1 − (1 − ηh)^{2k}) ≤ V = ησ²/(h(2 − ηh)) when 0 < ηh < 2',
  status: 'theorem',
  kind: 'tight',
  claim: String.raw`0<\eta h<2 \implies \operatorname{Var}x_k=V\bigl(1-(1-\eta h)^{2k}\bigr)\le V=\frac{\eta\sigma^2}{h(2-\eta h)}`,
  refs: [
    { key: 'docs/theorems/momentum.md#m3-stationary-variances', where: 'SGD: fixed point and geometric sum (derived)' },
    { key: 'docs/theorems/momentum.md#m2-the-linear-gaussian-oracle', where: 'exact moment recursion (derived)' },
    {
      arxiv: '2307.15196',
      where: 'the SGD side of the SGD/SGDM comparison (setting only; the closed form is derived)',
    },
  ],
  // ηh = 2u with u ∈ [1/32, 31/32]: |1 − ηh| ≤ 15/16 < 1, inside the threshold by construction.
  hypotheses: arb('0.03125', '0.96875', 300),
  // Negative control: ηh = 2u just past the threshold, u ∈ (1, 17/16]: the variance grows without bound while the
  // formula turns negative, so Var x_k ≤ V must fail.
  violations: arb('1.015625', '1.0625', 300),
  witnesses: [build('1', '1', '0.5', 300), build('4', '0.0625', '0.96875', 300)],
  evaluate(B, s) {
    const K = ballArith(B);
    const sys = sgdSystem(B, oneDim(B, s.h, s.sigma2), B.num(s.lr));
    const out = fromRestAtCheckpoints(B, sys, s.steps);
    const [h, s2, lr] = [K.num(s.h), K.num(s.sigma2), K.num(s.lr)];
    const a = K.sub(K.int(1), K.mul(lr, h));
    const V = K.div(K.mul(lr, s2), K.mul(h, K.sub(K.int(2), K.mul(lr, h))));
    const cs: Claim[] = [];
    for (const p of out.points) {
      if (p.k === 0) continue;
      const Vk = B.mget(p.moments.cov, 0, 0);
      // V_{j+1} = a·V_j·a + η²σ² adds nonnegative terms (two products and a sum per step, no cancellation): the
      // computed V_k is within (1 + 3u)^k − 1 ≤ 4ku of the exact one, relative.
      const Vb = K.of(Vk, B.mul(B.mul(B.int(4 * p.k), B.eps), B.abs(Vk)));
      cs.push(claims.eq(B, Vb, K.mul(V, K.sub(K.int(1), K.powi(a, 2 * p.k))), `closed_form@${p.k}`));
      cs.push(claims.le(B, Vb, V, `below_stationary@${p.k}`));
    }
    return {
      claims: cs,
      observed: {
        lr_h: B.show(B.mul(B.num(s.lr), B.num(s.h))),
        V_stationary: B.show(V.value),
        V_K: B.show(B.mget(out.last.moments.cov, 0, 0)),
      },
    };
  },
});
