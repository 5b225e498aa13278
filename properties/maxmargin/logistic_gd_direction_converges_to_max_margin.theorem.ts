/**
 * Soudry et al. 2018 (arXiv 1710.10345) Theorems 3–4, checked at log-spaced checkpoints t = 1·10², 2·10², 5·10², …,
 * 10^H.
 *
 * STATUS: conjecture. Theorems 3–4 are asymptotic (w(t) = ŵ log t + ρ(t), ρ(t) → w̃, direction gap O(1/log t)) and
 * give no constants, so no finite-horizon inequality is implied by them. What is asserted here is the finite-horizon
 * proposal of docs/theorems/maxmargin.md M6, with every constant computed from the Theorem-4 limit:
 *   residual@t   ‖ρ(t) − w̃‖ ≤ E₁ := ‖ρ(t₁) − w̃‖, t₁ = 10² the first checkpoint (ρ(t) = w(t) − ŵ log t; w̃ solves
 *                η·exp(−z_nᵀw̃) = α_n on the support S, docs/theorems/maxmargin.md M4, derived from Theorem 4): once in
 *                the asymptotic regime the residual does not leave the ball it started in. NOT "non-increasing": a ci
 *                run certified ‖ρ − w̃‖ = 2.60e-4 at t = 10³ and 2.91e-4 at t = 10⁴ (d = 2, support (0.8, ±2), one
 *                off-margin point, η = 0.4029): near w̃ the O(log t/t) terms (logistic tail, GD vs GF) are not
 *                monotone.
 *   lossRate@t   |t·L(w(t)) − ‖ŵ‖²/η| ≤ A(E₁) + max(Up(t), Lo(t)), the envelope the Theorem-4 limit gives when
 *                ‖ρ(t) − w̃‖ ≤ E₁ (derived in evaluate: the logistic tail on S, the t^{−δ_n} pull of off-margin
 *                points); t·L → ‖ŵ‖²/η = Σα_n/η (docs/theorems/maxmargin.md M4). The issue asked for MONOTONE approach
 *                of t·L: that is false at finite t — t·L rises from below, overshoots the limit and comes back (seen on
 *                1 of 40 generated instances, d = 3, t = 10² → 10³), so it is not asserted.
 *   direction@t  gap(t)·log t ≤ [g∞(t) + 2E₁/‖w(t)‖]·log t, where gap(t) = ‖w/‖w‖ − ŵ/‖ŵ‖‖, g∞(t) is the gap of the
 *                asymptotic iterate ŵ log t + w̃ (g∞(t)·log t → K = ‖(I − ŵŵᵀ/‖ŵ‖²)w̃‖/‖ŵ‖, the Theorem-4 constant) and
 *                E₁ = ‖ρ(t₁) − w̃‖ at the first checkpoint. Given residual@ (‖ρ(t) − w̃‖ ≤ E₁) this bound is implied by
 *                ‖a/‖a‖ − b/‖b‖‖ ≤ 2‖a − b‖/‖a‖: it is the "gap·log t stays bounded" statement with its constant.
 * The issue asks for MONOTONE approach of t·L; that is a proposal, not a theorem of the paper: in runs from w(0) = 0
 * with a small effective step ηγ² the pre-asymptotic phase is not monotone (seen in f64 exploration: ‖ρ − w̃‖ went
 * 0.21 → 0.26 between t = 10³ and 10⁴ at ηγ² ≈ 3·10⁻³). The generator therefore keeps ηγ² away from 0 (margins
 * γ ≥ 1/2, u ≥ 1/4) and lifts off-margin points to z_nᵀŵ ≥ 2, so their pull decays like 1/t² and the asymptotic
 * regime starts early. A violation here is a finding about the finite-horizon behaviour, not a refutation of the paper.
 *
 * HORIZON: quick (f64) t ≤ 10⁴, ci t ≤ 10⁵ (the issue's horizon; ~0.3 s per instance at dd, `npm run check`),
 * nightly t ≤ 10⁶ (thm check --profile nightly, 10 instances). The horizon is stored in the spec.
 *
 * Error bars: the trajectory's rounding (maxmargin.lib.ts `trajectoryBar`: GD with η < 8/σ_max² is nonexpansive, so
 * per-step rounding adds up without amplification), the loss evaluation (`valueWithError`), w̃'s bar (`wTilde`), the
 * log and norm roundings; each term is named where it is added.
 *
 * NEGATIVE CONTROL: the reference ŵ replaced by the least-squares direction (XᵀX)⁻¹Xᵀ1 or the sum of the points
 * (scaled to min margin 1). Then ρ(t) − w̃ grows like (ŵ − r)·log t and residual@ fails (typically at t = 10² or
 * 10³, so the referee's dec:50/dec:100 re-run is short: evaluate stops at the first certainly violated checkpoint).
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  hypothesisViolated,
  inconclusive,
  valueWithError,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
  type S,
  type VecBall,
} from '../../src/index.js';
import {
  belowThreshold,
  checkpoints,
  gdInstanceArb,
  gdSegment,
  horizonFor,
  logisticSum,
  normBounds,
  trajectoryBar,
  wTilde,
  wrongDirections,
  type MaxMarginData,
} from './maxmargin.lib.js';

/** One instance: data with its exact SVM solution, η < 8/σ_max², w(0), the horizon, the reference direction. */
export interface DirectionSpec {
  readonly data: MaxMarginData;
  readonly lr: Num;
  readonly w0: Num[];
  /** Checkpoints t = 10^first … 10^horizon. */
  readonly first: number;
  readonly horizon: number;
  /** 'svm' = the exact ŵ (hypotheses); the negative control substitutes a wrong direction. */
  readonly reference: { readonly kind: 'svm' | 'leastSquares' | 'mean'; readonly w: Num[] };
}

/** First checkpoint 10²: at t = 10 most runs are still pre-asymptotic (margins not yet ≈ log t). */
const FIRST = 2;

// d = 1 is allowed for the hypotheses; the negative control needs d ≥ 2 (in d = 1 every direction scaled to margin 1 is
// ŵ).
const instance = (horizon: number, d = { min: 1, max: 3 }) =>
  gdInstanceArb(horizon, d).map((s) => ({ data: s.data, lr: s.lr, w0: s.w0, first: FIRST, horizon: s.horizon }));

export default defineTheorem<DirectionSpec>({
  id: 'logistic_gd_direction_converges_to_max_margin',
  title:
    'GD on separable data with the logistic sum loss approaches the Theorem-4 asymptotics ŵ log t + w̃ (direction gap·log t bounded)',
  status: 'conjecture',
  kind: 'eventually',
  claim: String.raw`\eta<\tfrac{8}{\sigma_{\max}^2(X)}:\ w(t)=\hat w\log t+\rho(t),\ \rho(t)\to\tilde w,\ \eta e^{-x_n^\top\tilde w}=\alpha_n\ (n\in S);\ \text{at } t\in\{1,2,5\}\cdot10^j\le10^H:\ \|\rho(t)-\tilde w\|\le E_1,\ \bigl|tL(w(t))-\tfrac{\|\hat w\|^2}{\eta}\bigr|\le A(E_1)+\max(U(t),L(t)),\ \Bigl\|\tfrac{w}{\|w\|}-\tfrac{\hat w}{\|\hat w\|}\Bigr\|\log t\le\Bigl(g_\infty(t)+\tfrac{2E_1}{\|w(t)\|}\Bigr)\log t,\ E_1=\|\rho(10^2)-\tilde w\|`,
  refs: [
    {
      arxiv: '1710.10345',
      where:
        'Theorem 3 (w(t) = ŵ log t + ρ(t), ρ bounded for almost every dataset) and Theorem 4 (ρ(t) → w̃, η exp(−x_nᵀw̃) = α_n), JMLR numbering from third-party transcriptions (not independently confirmed); setting eq. (2.1)–(2.2) of the ICLR-2018 version, sum loss',
    },
    {
      key: 'docs/theorems/maxmargin.md#m4-direction-and-residual-theorems-3-and-4',
      where: 'oracles t·L → ‖ŵ‖²/η and gap·log t → ‖P_⊥w̃‖/‖ŵ‖ (derived from Theorem 4)',
    },
    {
      key: 'docs/theorems/maxmargin.md#m6-finite-horizon-proposals-empirical',
      where: 'finite-horizon proposal (empirical)',
    },
  ],
  hypotheses: (profile) =>
    instance(horizonFor(profile)).map((s) => ({ ...s, reference: { kind: 'svm' as const, w: s.data.wHat } })),
  // Negative control: the reference direction is not the max-margin one (least squares or the sum of the points).
  violations: fc
    .tuple(instance(4, { min: 2, max: 3 }), fc.constantFrom<'leastSquares' | 'mean'>('leastSquares', 'mean'))
    .map(([s, kind]) => {
      const wr = wrongDirections(s.data);
      const w = kind === 'leastSquares' ? (wr.leastSquares ?? wr.mean) : wr.mean;
      return { ...s, reference: { kind, w } };
    }),
  budget: {
    quick: { runs: 4, negativeRuns: 10 },
    ci: { runs: 6, negativeRuns: 12 },
    nightly: { runs: 10, negativeRuns: 20, timeMs: 1_200_000 },
  },
  evaluate(B, s) {
    if (!belowThreshold(s.lr, s.data.sigmaSqUpper))
      return hypothesisViolated(`η = ${s.lr} is not below 8/${s.data.sigmaSqUpper}`);
    const { data } = s;
    const N = data.X.length;
    const d = data.wHat.length;
    const K = ballArith(B);
    const F = logisticSum(B, data.X);
    const lr = B.num(s.lr);
    const lrB = K.exact(lr); // a decimal with 4 significant digits: the step the run used
    const r = B.vec(s.reference.w);
    const rb = K.vnum(s.reference.w); // the exact reference direction
    const nr = K.norm2(rb);
    const { norms, sumNorm, maxNorm } = normBounds(B, data.X); // row norms as balls, rigorous upper bounds
    const Lam = K.div(K.sqr(nr), lrB); // ‖ŵ‖²/η
    const wt = wTilde(B, data, lr);
    // lossRate envelope (module comment): with ε = ρ(t) − w̃, ‖ε‖ ≤ E, Z_n = ‖z_n‖, δ_n = z_nᵀŵ − 1:
    //   on S, t·ℓ(log t + z_nᵀρ) ∈ [e^{−a} − e^{−2a}/(2t), e^{−a}] with e^{−a} = (α_n/η)e^{−z_nᵀε} (log(1+x) ≥ x −
    //   x²/2); off S, t·ℓ ≤ t^{−δ_n}·e^{−z_nᵀw̃ + Z_n E}. Summing: |tL − Λ| ≤ A + max(Up, Lo) with
    //   A = Σ_S (α_n/η)(e^{Z_n E} − 1), Up = Σ_off t^{−δ_n}e^{−z_nᵀw̃ + Z_n E}, Lo = Σ_S (α_n/η)²e^{2Z_n E}/(2t).
    // Every term in ball arithmetic, with E the ball of the first checkpoint's residual.
    const zs = data.X.map((z) => K.vnum(z));
    const zw = zs.map((z) => K.dot(z, K.vexact(wt.w)));
    const zr = zs.map((z) => K.dot(z, rb));
    const inS = new Set(data.support);
    const lossEnvelope = (E: Ball<Opaque>, lg: Ball<Opaque>, T: number): Ball<Opaque> => {
      const terms = { A: [] as Ball<Opaque>[], Up: [] as Ball<Opaque>[], Lo: [] as Ball<Opaque>[] };
      const two = K.int(2);
      for (let n = 0; n < N; n++) {
        const ZE = K.mul(norms[n]!, E);
        if (inS.has(n)) {
          const c = K.div(K.num(data.alpha[n]!), lrB);
          terms.A.push(K.mul(c, K.sub(K.exp(ZE), K.int(1))));
          terms.Lo.push(K.div(K.mul(K.sqr(c), K.exp(K.mul(two, ZE))), K.mul(two, K.int(T))));
        } else {
          const delta = K.sub(zr[n]!, K.int(1));
          terms.Up.push(K.exp(K.add(K.sub(K.neg(K.mul(delta, lg)), zw[n]!), ZE)));
        }
      }
      return K.add(K.sum(terms.A), K.max(K.sum(terms.Up), K.sum(terms.Lo)));
    };
    /** ‖a/‖a‖ − b/‖b‖‖ in ball arithmetic. */
    const dirGapBall = (a: VecBall<Opaque>, b: VecBall<Opaque>) =>
      K.norm2(K.vsub(K.scal(K.div(K.int(1), K.norm2(a)), a), K.scal(K.div(K.int(1), K.norm2(b)), b)));
    const w0 = B.vec(s.w0);
    const w0norm = K.upper(K.norm2(K.vexact(w0)));

    interface Pt {
      T: number;
      res: Ball<Opaque>;
      tL: Ball<Opaque>;
    }
    const pts: Pt[] = [];
    const out: Claim[] = [];
    let w = w0;
    let t = 0;
    let kConst: S<Opaque> | null = null;
    let gapLog: Ball<Opaque> | null = null;
    const certainlyFalse = (lhs: Ball<Opaque>, rhs: Ball<Opaque>) => B.cmp(K.lower(K.sub(lhs, rhs)), B.zero) > 0;
    const times = checkpoints(s.first, s.horizon);
    for (const T of times) {
      const next = gdSegment(F, lr, w, T - t);
      if (next === null)
        return inconclusive(`GD diverged before t = ${T} (η < 8/σ_max² should prevent it: check the data)`);
      w = next;
      t = T;
      // Structural bar (not arithmetic here): τ ≥ ‖computed w(T) − exact GD w(T)‖, the trajectory's backward error.
      const tau = trajectoryBar(B, { T, lr, w0norm, sumNorm, maxNorm, N, d });
      const nw = B.nrm2(w);
      if (B.cmp(nw, B.mul(B.int(4), tau)) <= 0) return inconclusive(`‖w(${T})‖ is within the rounding bar`);
      const nwTrue = K.widen(K.norm2(K.vexact(w)), tau);
      const lg = K.log(K.int(T));
      // loss: evaluation bar at the computed point + Lipschitz (‖∇L‖ ≤ Σ‖z_n‖) times the trajectory bar
      const tL = K.mul(K.int(T), K.widen(valueWithError(F, w), B.mul(sumNorm, tau)));
      // ρ(t) − w̃ = w − r·log t − w̃: the ball of the computed vectors, widened by the trajectory bar and w̃'s bar
      // (2-norm bars on w and w̃: the norm is 1-Lipschitz)
      const res = K.widen(K.widen(K.norm2(K.vsub(K.vsub(K.vexact(w), K.scal(lg, rb)), K.vexact(wt.w))), tau), wt.err);
      pts.push({ T, res, tL });
      // Theorem-4 asymptotic iterate ŵ log t + w̃ and the two gaps; a/‖a‖ is 2/‖a‖-Lipschitz, so the 2-norm bars
      // τ (on w) and err_w̃ (on w̃) add 2τ/‖w‖ and 2err_w̃/‖w∞‖.
      const winf = K.vadd(K.scal(lg, rb), K.vexact(wt.w));
      const two = K.int(2);
      const gap = K.widen(dirGapBall(K.vexact(w), rb), K.upper(K.div(K.mul(two, K.exact(tau)), K.norm2(K.vexact(w)))));
      const gInf = K.widen(dirGapBall(winf, rb), K.upper(K.div(K.mul(two, K.exact(wt.err)), K.norm2(winf))));
      gapLog = K.mul(gap, lg);
      if (T === times[times.length - 1]) {
        // the Theorem-4 constant K = ‖(I − r rᵀ/‖r‖²) w̃‖/‖r‖ (reported only)
        const nrv = B.nrm2(r);
        const c = B.div(B.dot(r, wt.w), B.mul(nrv, nrv));
        kConst = B.div(B.nrm2(B.axpy(B.neg(c), r, wt.w)), nrv);
      }
      const here: Claim[] = [];
      let stop = false;
      if (pts.length >= 2) {
        const p1 = pts[0]!;
        here.push(claims.le(B, res, p1.res, `residual@${T}`));
        const a1 = K.abs(K.sub(tL, Lam));
        const env = lossEnvelope(p1.res, lg, T);
        here.push(claims.le(B, a1, env, `lossRate@${T}`));
        const bound = K.mul(K.add(gInf, K.div(K.mul(two, p1.res), nwTrue)), lg);
        here.push(claims.le(B, gapLog, bound, `direction@${T}`));
        stop = certainlyFalse(res, p1.res) || certainlyFalse(a1, env) || certainlyFalse(gapLog, bound);
      }
      out.push(...here);
      if (stop) break; // the first certainly violated checkpoint ends the run (keeps the referee's re-run short)
    }
    const last = pts[pts.length - 1]!;
    return {
      claims: out,
      observed: {
        reference: s.reference.kind,
        lr: s.lr,
        t: String(last.T),
        tL: B.show(last.tL.value),
        limit_tL: B.show(Lam.value),
        residual: B.show(last.res.value),
        gapLogT: gapLog === null ? 'n/a' : B.show(gapLog.value),
        K: kConst === null ? 'n/a' : B.show(kConst),
      },
    };
  },
});
