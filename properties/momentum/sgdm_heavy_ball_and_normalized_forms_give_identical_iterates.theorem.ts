import fc from 'fast-check';
import { claims, defineTheorem, quadratic, sgdm, sgdmNormalized, spec, type Claim, type Num } from '../../src/index.js';
import { R } from './momentum.lib.js';

/** A quadratic with a prescribed spectrum, momentum β, effective rate η (γ = η(1 − β)), noise scale c, seed; the
 * normalized form runs at `etaNormalized` (= η under the hypotheses). */
interface FormsSpec {
  readonly quad: spec.SpectralQuadraticSpec;
  readonly beta: Num;
  readonly eta: Num;
  readonly lr: Num;
  readonly etaNormalized: Num;
  readonly noise: Num;
  readonly seed: number;
  readonly steps: number;
}

const STEPS = 30;
const SAVE_EVERY = 5;

const quad = spec.spectralQuadratic({
  n: { min: 1, max: 3 },
  eigenvalues: spec.dyadic({ min: '0.0625', max: '1', bits: 4 }),
  maxReflections: 2,
});

/** w = 0: the hypotheses (η' = η); w > 0: the normalized form at η' = η(1 + w). */
const arb = (w: fc.Arbitrary<Num>) =>
  fc
    .record({
      quad,
      beta: spec.dyadic({ min: '0', max: '0.875', bits: 4 }),
      eta: spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true }),
      noise: spec.dyadic({ min: '0.125', max: '1', bits: 3 }),
      seed: spec.seed(),
      w,
    })
    .map(({ quad: q, beta, eta, noise, seed, w: ww }) => ({
      quad: q,
      beta,
      eta,
      lr: R.toPlainNum(R.mul(R.parseNum(eta), R.sub(R.ONE, R.parseNum(beta)))),
      etaNormalized: R.toPlainNum(R.mul(R.parseNum(eta), R.add(R.ONE, R.parseNum(ww)))),
      noise,
      seed,
      steps: STEPS,
    }));

export default defineTheorem<FormsSpec>({
  id: 'sgdm_heavy_ball_and_normalized_forms_give_identical_iterates',
  title:
    'Heavy-ball SGDM (γ, β) and the normalized form (η = γ/(1 − β), β) produce the same iterates from the same start and noise sequence',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`\eta=\tfrac{\gamma}{1-\beta},\ \tilde m_0=m_0=0 \implies x_k^{\mathrm{HB}(\gamma,\beta)}=x_k^{\mathrm{EMA}(\eta,\beta)}\ \ \forall k`,
  refs: [
    {
      arxiv: '2307.15196',
      where: 'eq. (1) (heavy-ball form, read); the normalized form of its analysis (per the reviews)',
    },
    {
      key: 'docs/theorems/momentum.md#m1-heavy-ball-and-normalized-forms',
      where: 'm̃_k = (1 − β)m_k by induction (derived)',
    },
  ],
  hypotheses: arb(fc.constant('0')),
  // Negative control: the normalized form at η(1 + w), w ∈ [1/16, 1/4]: one hypothesis (η = γ/(1 − β)) broken.
  violations: arb(spec.dyadic({ min: '0.0625', max: '0.25', bits: 4 })),
  evaluate(B, s) {
    const H = B.mat(s.quad.A.matrix);
    const F = quadratic(B, { A: H });
    const d = B.rows(H);
    const [beta, lr, eta] = [B.num(s.beta), B.num(s.lr), B.num(s.etaNormalized)];
    const noiseFactor = B.diag(B.fill(d, B.num(s.noise)));
    const hb = sgdm(B, { lr, beta, seed: s.seed, noiseFactor });
    const ema = sgdmNormalized(B, { lr: eta, beta, seed: s.seed, noiseFactor });
    const theta0 = B.vec(s.quad.theta0);
    let a = hb.init(F, theta0);
    let e = ema.init(F, theta0);
    // Bar (docs/theorems/momentum.md M1): a state error grows per step by at most Γ (the larger of the two forms'
    // Jacobian ∞-norms); one step rounds by δ ≤ 4(d + 8)u(1 + ‖H‖∞)(1 + γ + η)·M with M bounding the states' norms
    // (gradient gemv (d + 1)u, noise add, two axpys); both runs contribute.
    const [g, b, et] = [Number(s.lr), Number(s.beta), Number(s.etaNormalized)];
    const normH = Math.max(...Array.from({ length: d }, (_, i) => B.toNumber(B.sum(B.map('abs', B.row(H, i))))));
    const gamma = Math.max(1 + g * normH + g * b, normH + b, 1 + et * (1 - b) * normH + et * b, b + (1 - b) * normH);
    const u = B.toNumber(B.eps);
    const inf = (v: Parameters<typeof B.amax>[0]) => B.toNumber(B.amax(v));
    let M = 0;
    let growth = 0;
    const cs: Claim[] = [];
    for (let k = 0; k < s.steps; k++) {
      a = hb.step(F, a, k);
      e = ema.step(F, e, k);
      M = Math.max(M, inf(a.theta) + inf(e.theta) + 2 * inf(a.m) + (2 * inf(e.m)) / (1 - b));
      growth = growth * gamma + 1; // Σ_{j≤k} Γ^j
      if ((k + 1) % SAVE_EVERY !== 0) continue;
      const delta = 4 * (d + 8) * u * (1 + normH) * (1 + g + et) * M;
      const bar = B.fromDouble(2 * delta * growth * 1.01);
      for (let i = 0; i < d; i++) cs.push(claims.eq(B, B.at(a.theta, i), B.at(e.theta, i), bar, `x${i}@${k + 1}`));
    }
    return {
      claims: cs,
      observed: { gamma: s.lr, eta: s.etaNormalized, x_K: B.vshow(a.theta).join(' ') },
    };
  },
});
