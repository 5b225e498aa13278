import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  gaussians,
  quadratic,
  rngFromSeed,
  sgdm,
  sgdmNormalized,
  spec,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
  type S,
} from '../../src/index.js';
import { R } from './momentum.lib.js';

/**
 * A quadratic with a prescribed spectrum, momentum β, effective learning rate `lrEff` η, heavy-ball `lr` γ = η(1 − β)
 * (derived), noise scale c, seed; the normalized form runs at `lrNormalized` (= η under the hypotheses).
 */
interface FormsSpec {
  readonly quad: spec.SpectralQuadraticSpec;
  readonly beta: Num;
  readonly lrEff: Num;
  readonly lr: Num;
  readonly lrNormalized: Num;
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
      lrEff: spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true }),
      noise: spec.dyadic({ min: '0.125', max: '1', bits: 3 }),
      seed: spec.seed(),
      w,
    })
    .map(({ quad: q, beta, lrEff, noise, seed, w: ww }) => ({
      quad: q,
      beta,
      lrEff,
      lr: R.toPlainNum(R.mul(R.parseNum(lrEff), R.sub(R.ONE, R.parseNum(beta)))),
      lrNormalized: R.toPlainNum(R.mul(R.parseNum(lrEff), R.add(R.ONE, R.parseNum(ww)))),
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
    const [beta, lr, lrNormalized] = [B.num(s.beta), B.num(s.lr), B.num(s.lrNormalized)];
    const noiseFactor = B.diag(B.fill(d, B.num(s.noise)));
    const hb = sgdm(B, { lr, beta, seed: s.seed, noiseFactor });
    const ema = sgdmNormalized(B, { lr: lrNormalized, beta, seed: s.seed, noiseFactor });
    const theta0 = B.vec(s.quad.theta0);
    let a = hb.init(F, theta0);
    let e = ema.init(F, theta0);
    // Bar (docs/theorems/momentum.md M1): both recursions rerun in ball arithmetic (src/ball) on the same draws ξ_k
    // (exact inputs: the theorem is about one noise sequence seen by both forms), so each ball holds the exact
    // iterate of its form; a stepper's value is within |value − mid| + radius of it, and the two exact iterates are
    // equal under the hypotheses.
    const K = ballArith(B);
    const Hb = K.mnum(s.quad.A.matrix);
    const [bB, gB, eB, cB] = [K.num(s.beta), K.num(s.lr), K.num(s.lrNormalized), K.num(s.noise)];
    const oneMinus = K.sub(K.int(1), bB);
    let rng = rngFromSeed(s.seed);
    let tb = K.vnum(s.quad.theta0);
    let te = tb;
    let mb = K.vexact(B.zeros(d));
    let me = mb;
    const off = (x: S<Opaque>, ball: Ball<Opaque>) => B.add(B.abs(B.sub(x, ball.value)), ball.err);
    const cs: Claim[] = [];
    for (let k = 0; k < s.steps; k++) {
      a = hb.step(F, a, k);
      e = ema.step(F, e, k);
      const xi = gaussians(B, rng, d);
      rng = xi.rng;
      const noise = K.scal(cB, K.vexact(xi.value));
      mb = K.vadd(K.scal(bB, mb), K.vadd(K.gemv(Hb, tb), noise));
      tb = K.vsub(tb, K.scal(gB, mb));
      me = K.vadd(K.scal(bB, me), K.scal(oneMinus, K.vadd(K.gemv(Hb, te), noise)));
      te = K.vsub(te, K.scal(eB, me));
      if ((k + 1) % SAVE_EVERY !== 0) continue;
      for (let i = 0; i < d; i++) {
        // the two |x − mid| are computed with one rounding each and the sum with one more: 1.01 covers them
        const bar = B.mul(B.num('1.01'), B.add(off(B.at(a.theta, i), K.at(tb, i)), off(B.at(e.theta, i), K.at(te, i))));
        cs.push(claims.eq(B, B.at(a.theta, i), B.at(e.theta, i), bar, `x${i}@${k + 1}`));
      }
    }
    return {
      claims: cs,
      observed: { lr: s.lr, lrNormalized: s.lrNormalized, x_K: B.vshow(a.theta).join(' ') },
    };
  },
});
