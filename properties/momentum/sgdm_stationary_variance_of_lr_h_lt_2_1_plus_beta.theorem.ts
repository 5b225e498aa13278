import fc from 'fast-check';
import { ballArith, claims, defineTheorem, sgdmSystem, spec, type Claim, type Num } from '../../src/index.js';
import {
  curvatureAndNoise,
  fromRestAtCheckpoints,
  heavyBallRho,
  heavyBallShape,
  lrOfFraction,
  oneDim,
  powerBounds,
} from './momentum.lib.js';

/** Curvature h, noise variance σ², momentum β, γh = 2(1 + β)u, horizon K. */
interface SgdmSpec {
  readonly h: Num;
  readonly sigma2: Num;
  readonly beta: Num;
  readonly u: Num;
  readonly lr: Num;
  readonly steps: number;
}

const build = (h: Num, sigma2: Num, beta: Num, u: Num, steps: number): SgdmSpec => ({
  h,
  sigma2,
  beta,
  u,
  lr: lrOfFraction(beta, u, h),
  steps,
});

const arb = (lo: Num, hi: Num, steps: number) =>
  fc
    .record({
      ...curvatureAndNoise(),
      beta: spec.dyadic({ min: '0', max: '0.875', bits: 4 }),
      u: spec.dyadic({ min: lo, max: hi, bits: 6 }),
    })
    .map(({ h, sigma2, beta, u }) => build(h, sigma2, beta, u, steps));

export default defineTheorem<SgdmSpec>({
  id: 'sgdm_stationary_variance_of_lr_h_lt_2_1_plus_beta',
  title:
    'Heavy-ball SGDM (γ, β) on ½hx² with N(0, σ²) noise: from rest Var x_k ≤ V and V − Var x_k ≤ ‖A^k‖²tr P_∞ → 0, V = γσ²(1 + β)/(h(1 − β)(2(1 + β) − γh)), when 0 < γh < 2(1 + β)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`0<\gamma h<2(1+\beta),\ 0\le\beta<1 \implies V-\|A^k\|_2^2\operatorname{tr}P_\infty\le\operatorname{Var}x_k\le V=\frac{\gamma\sigma^2(1+\beta)}{h(1-\beta)(2(1+\beta)-\gamma h)}`,
  refs: [
    { arxiv: '2307.15196', where: 'eq. (1) (heavy-ball SGDM), read; the stationary covariance is derived' },
    { key: 'docs/theorems/momentum.md#m3-stationary-variances', where: 'P_∞ and P_k = P_∞ − A^kP_∞(A^k)ᵀ (derived)' },
    {
      key: 'docs/theorems/momentum.md#m4-stability-thresholds-and-the-power-bound',
      where: 'threshold γh < 2(1 + β), ρ(A) and ‖A^k‖₂ ≤ b_k (derived)',
    },
  ],
  // γh = 2(1 + β)u with u ∈ [1/16, 15/16] and β ≤ 7/8: inside the threshold, ρ(A) ≤ 0.94 (M4).
  hypotheses: arb('0.0625', '0.9375', 400),
  // Negative control: γh just past 2(1 + β) (u ∈ (1, 33/32]): the covariance grows, the formula turns negative.
  violations: arb('1.015625', '1.03125', 400),
  witnesses: [build('1', '1', '0.875', '0.0625', 400), build('4', '2', '0', '0.5', 400)],
  evaluate(B, s) {
    const K = ballArith(B);
    const sys = sgdmSystem(B, oneDim(B, s.h, s.sigma2), B.num(s.lr), B.num(s.beta));
    const out = fromRestAtCheckpoints(B, sys, s.steps);
    const [h, s2, lr, beta] = [K.num(s.h), K.num(s.sigma2), K.num(s.lr), K.num(s.beta)];
    const onePlus = K.add(K.int(1), beta);
    const D = K.mul(K.sub(K.int(1), beta), K.sub(K.mul(K.int(2), onePlus), K.mul(lr, h)));
    const Pxx = K.div(K.mul(K.mul(lr, s2), onePlus), K.mul(h, D));
    const Pmm = K.div(K.mul(K.int(2), s2), D);
    const trP = K.add(Pxx, Pmm);
    // Bars (M4): ‖A^i‖₂ ≤ b_i. From rest P_j = Σ_{i<j} A^iQ(A^i)ᵀ, so ‖P_j‖_F ≤ ‖Q‖_F·Σ_{i<j} b_i² =: p_j; one step's
    // rounding ‖Δ_j‖_F ≤ 8u(‖A‖_F²p_j + ‖Q‖_F) reaches step k multiplied by at most b_{k−1−j}².
    const [g, b, hh, sig] = [Number(s.lr), Number(s.beta), Number(s.h), Number(s.sigma2)];
    const { t, normA } = heavyBallShape(g, b, hh);
    const bk = powerBounds(normA, b, heavyBallRho(t, b), s.steps);
    const normQ = sig * Math.hypot(g * g, g, g, 1);
    const pj = [0];
    for (let i = 0; i < s.steps; i++) pj.push(pj[i]! + normQ * bk[i]! ** 2);
    const u = B.toNumber(B.eps);
    const barAt = (k: number): number => {
      let e = 0;
      for (let i = 0; i < k; i++) e += bk[k - 1 - i]! ** 2 * (normA * normA * pj[i]! + normQ);
      return 8 * u * e * 1.01;
    };
    const cs: Claim[] = [];
    for (const p of out.points) {
      if (p.k === 0) continue;
      const Vk = K.of(B.mget(p.moments.cov, 0, 0), B.fromDouble(barAt(p.k)));
      // tail ‖A^k‖₂²·tr P_∞ (meaningful only where tr P_∞ > 0, i.e. inside the threshold)
      const tail = K.mul(K.of(B.fromDouble(bk[p.k]! ** 2), B.zero), K.abs(trP));
      cs.push(claims.le(B, Vk, Pxx, `below_stationary@${p.k}`));
      cs.push(claims.ge(B, Vk, K.sub(Pxx, tail), `converges@${p.k}`));
    }
    return {
      claims: cs,
      observed: {
        gamma_h: B.show(B.mul(B.num(s.lr), B.num(s.h))),
        V_stationary: B.show(Pxx.value),
        V_K: B.show(B.mget(out.last.moments.cov, 0, 0)),
        rho_upper: String(heavyBallRho(t, b)),
      },
    };
  },
});
