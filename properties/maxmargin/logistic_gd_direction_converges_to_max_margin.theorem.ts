/**
 * Soudry et al. 2018 (arXiv 1710.10345) Theorems 3–4, checked at log-spaced checkpoints t = 1·10², 2·10², 5·10², …, 10^H.
 *
 * STATUS: conjecture. Theorems 3–4 are asymptotic (w(t) = ŵ log t + ρ(t), ρ(t) → w̃, direction gap O(1/log t)) and
 * give no constants, so no finite-horizon inequality is implied by them. What is asserted here is the finite-horizon
 * proposal of docs/theorems/maxmargin.md M6, with every constant computed from the Theorem-4 limit:
 *   residual@t   ‖ρ(t) − w̃‖ ≤ E₁ := ‖ρ(t₁) − w̃‖, t₁ = 10² the first checkpoint (ρ(t) = w(t) − ŵ log t; w̃ solves
 *                η·exp(−z_nᵀw̃) = α_n on the support S, docs/theorems/maxmargin.md M4, derived from Theorem 4): once in the asymptotic
 *                regime the residual does not leave the ball it started in. NOT "non-increasing": a ci run certified
 *                ‖ρ − w̃‖ = 2.60e-4 at t = 10³ and 2.91e-4 at t = 10⁴ (d = 2, support (0.8, ±2), one off-margin
 *                point, η = 0.4029): near w̃ the O(log t/t) terms (logistic tail, GD vs GF) are not monotone.
 *   lossRate@t   |t·L(w(t)) − ‖ŵ‖²/η| ≤ A(E₁) + max(Up(t), Lo(t)), the envelope the Theorem-4 limit gives when
 *                ‖ρ(t) − w̃‖ ≤ E₁ (derived in evaluate: the logistic tail on S, the t^{−δ_n} pull of off-margin
 *                points); t·L → ‖ŵ‖²/η = Σα_n/η (docs/theorems/maxmargin.md M4). The issue asked for MONOTONE approach of t·L:
 *                that is false at finite t — t·L rises from below, overshoots the limit and comes back (seen on
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
  claims, defineTheorem, hypothesisViolated, inconclusive, valueWithError, type Claim, type Num } from '../../src/index.js';
import {
  belowThreshold, checkpoints, dirGap, gdInstanceArb, gdSegment, horizonFor, logisticSum, normBounds, trajectoryBar, wTilde, wrongDirections,
  type MaxMarginData,
} from './maxmargin.lib.js';

/** One instance: data with its exact SVM solution, η < 8/σ_max², w(0), the horizon, the reference direction. */
export interface DirectionSpec {
  readonly data: MaxMarginData;
  readonly eta: Num;
  readonly w0: Num[];
  /** Checkpoints t = 10^first … 10^horizon. */
  readonly first: number;
  readonly horizon: number;
  /** 'svm' = the exact ŵ (hypotheses); the negative control substitutes a wrong direction. */
  readonly reference: { readonly kind: 'svm' | 'leastSquares' | 'mean'; readonly w: Num[] };
}

/** First checkpoint 10²: at t = 10 most runs are still pre-asymptotic (margins not yet ≈ log t). */
const FIRST = 2;

// d = 1 is allowed for the hypotheses; the negative control needs d ≥ 2 (in d = 1 every direction scaled to margin 1 is ŵ).
const instance = (horizon: number, d = { min: 1, max: 3 }) =>
  gdInstanceArb(horizon, d).map((s) => ({ data: s.data, eta: s.eta, w0: s.w0, first: FIRST, horizon: s.horizon }));

export default defineTheorem<DirectionSpec>({
  id: 'logistic_gd_direction_converges_to_max_margin',
  title: 'GD on separable data with the logistic sum loss approaches the Theorem-4 asymptotics ŵ log t + w̃ (direction gap·log t bounded)',
  status: 'conjecture',
  kind: 'eventually',
  claim: String.raw`\eta<\tfrac{8}{\sigma_{\max}^2(X)}:\ w(t)=\hat w\log t+\rho(t),\ \rho(t)\to\tilde w,\ \eta e^{-x_n^\top\tilde w}=\alpha_n\ (n\in S);\ \text{at } t\in\{1,2,5\}\cdot10^j\le10^H:\ \|\rho(t)-\tilde w\|\le E_1,\ \bigl|tL(w(t))-\tfrac{\|\hat w\|^2}{\eta}\bigr|\le A(E_1)+\max(U(t),L(t)),\ \Bigl\|\tfrac{w}{\|w\|}-\tfrac{\hat w}{\|\hat w\|}\Bigr\|\log t\le\Bigl(g_\infty(t)+\tfrac{2E_1}{\|w(t)\|}\Bigr)\log t,\ E_1=\|\rho(10^2)-\tilde w\|`,
  refs: [
    { arxiv: '1710.10345', where: 'Theorem 3 (w(t) = ŵ log t + ρ(t), ρ bounded for almost every dataset) and Theorem 4 (ρ(t) → w̃, η exp(−x_nᵀw̃) = α_n), JMLR numbering from third-party transcriptions (not independently confirmed); setting eq. (2.1)–(2.2) of the ICLR-2018 version, sum loss' },
    { key: 'docs/theorems/maxmargin.md#m4-direction-and-residual-theorems-3-and-4', where: 'oracles t·L → ‖ŵ‖²/η and gap·log t → ‖P_⊥w̃‖/‖ŵ‖ (derived from Theorem 4)' },
    { key: 'docs/theorems/maxmargin.md#m6-finite-horizon-proposals-empirical', where: 'finite-horizon proposal (empirical)' },
  ],
  hypotheses: (profile) => instance(horizonFor(profile)).map((s) => ({ ...s, reference: { kind: 'svm' as const, w: s.data.wHat } })),
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
    if (!belowThreshold(s.eta, s.data.sigmaSqUpper)) return hypothesisViolated(`η = ${s.eta} is not below 8/${s.data.sigmaSqUpper}`);
    const { data } = s;
    const N = data.X.length;
    const d = data.wHat.length;
    const u = B.eps;
    const F = logisticSum(B, data.X);
    const eta = B.num(s.eta);
    const r = B.vec(s.reference.w);
    const nr = B.nrm2(r);
    const { norms, up, sumNorm, maxNorm } = normBounds(B, data.X, d); // upper bounds for the bars
    const Lam = B.div(B.mul(nr, nr), eta); // ‖ŵ‖²/η
    const LamBar = B.mul(B.mul(B.int(2 * (d + 6)), u), Lam); // nrm2, square, division
    const wt = wTilde(B, data, eta);
    // lossRate envelope (module comment): with ε = ρ(t) − w̃, ‖ε‖ ≤ E, Z_n = ‖z_n‖, δ_n = z_nᵀŵ − 1:
    //   on S, t·ℓ(log t + z_nᵀρ) ∈ [e^{−a} − e^{−2a}/(2t), e^{−a}] with e^{−a} = (α_n/η)e^{−z_nᵀε} (log(1+x) ≥ x − x²/2);
    //   off S, t·ℓ ≤ t^{−δ_n}·e^{−z_nᵀw̃ + Z_n E}. Summing: |tL − Λ| ≤ A + max(Up, Lo) with
    //   A = Σ_S (α_n/η)(e^{Z_n E} − 1), Up = Σ_off t^{−δ_n}e^{−z_nᵀw̃ + Z_n E}, Lo = Σ_S (α_n/η)²e^{2Z_n E}/(2t).
    const Xb = B.mat(data.X);
    const zw = B.unpack(B.gemv(Xb, wt.w));
    const zr = B.unpack(B.gemv(Xb, r));
    const inS = new Set(data.support);
    const kappa = zr.reduce((m: any, x: any) => B.max(m, x), B.one);
    const lossEnvelope = (E: any, lg: any): any => {
      let A = B.zero;
      let Up = B.zero;
      let Lo = B.zero;
      const t = B.exp(lg);
      for (let n = 0; n < N; n++) {
        const ZE = B.mul(norms[n]!, E);
        if (inS.has(n)) {
          const c = B.div(B.num(data.alpha[n]!), eta);
          A = B.add(A, B.mul(c, B.sub(B.exp(ZE), B.one)));
          Lo = B.add(Lo, B.div(B.mul(B.mul(c, c), B.exp(B.mul(B.int(2), ZE))), B.mul(B.int(2), t)));
        } else {
          const delta = B.sub(zr[n]!, B.one);
          Up = B.add(Up, B.exp(B.add(B.sub(B.neg(B.mul(delta, lg)), zw[n]!), ZE)));
        }
      }
      return B.add(A, B.max(Up, Lo));
    };
    const w0 = B.vec(s.w0);
    const w0norm = B.mul(up, B.nrm2(w0));

    interface Pt { T: number; w: any; res: any; resBar: any; tL: any; tLBar: any }
    const pts: Pt[] = [];
    const out: Claim[] = [];
    let w = w0;
    let t = 0;
    let K: any = null;
    let gapLog: any = null;
    const certainlyFalse = (lhs: any, rhs: any, err: any) => B.cmp(B.sub(B.sub(lhs, rhs), err), B.zero) > 0;
    const times = checkpoints(s.first, s.horizon);
    for (const T of times) {
      const next = gdSegment(F, eta, w, T - t);
      if (next === null) return inconclusive(`GD diverged before t = ${T} (η < 8/σ_max² should prevent it: check the data)`);
      w = next;
      t = T;
      const tau = trajectoryBar(B, { T, eta, w0norm, sumNorm, maxNorm, N, d });
      const nw = B.nrm2(w);
      if (B.cmp(nw, B.mul(B.int(4), tau)) <= 0) return inconclusive(`‖w(${T})‖ is within the rounding bar`);
      const lg = B.log(B.int(T));
      const lgBar = B.mul(B.mul(B.int(8), u), B.add(B.one, lg)); // log kernel + input (numeric/laws.ts)
      // loss: evaluation bar at the computed point + Lipschitz (‖∇L‖ ≤ Σ‖z_n‖) times the trajectory bar
      const Lv = valueWithError(F, w);
      const tL = B.mul(B.int(T), Lv.value);
      const tLBar = B.add(B.mul(B.int(T), B.add(Lv.err, B.mul(sumNorm, tau))), B.mul(u, B.abs(tL)));
      // ρ(t) − w̃ = w − r·log t − w̃: trajectory bar, w̃'s bar, the log's bar times ‖r‖, and (d + 6)u relative rounding
      // of the axpy/vsub/nrm2 on the magnitudes ‖w‖ + log t‖r‖ + ‖w̃‖ (r's own entry rounding u‖r‖ included)
      const dev = B.vsub(B.axpy(B.neg(lg), r, w), wt.w);
      const res = B.nrm2(dev);
      const mags = B.add(B.add(nw, B.mul(lg, nr)), B.nrm2(wt.w));
      const resBar = B.add(B.add(B.add(tau, wt.err), B.mul(lgBar, nr)), B.mul(B.mul(B.int(2 * (d + 6)), u), mags));
      pts.push({ T, w, res, resBar, tL, tLBar });
      // Theorem-4 asymptotic iterate ŵ log t + w̃ and the two gaps
      const winf = B.axpy(lg, r, wt.w);
      const gap = dirGap(B, w, r);
      const gInf = dirGap(B, winf, r);
      const nInf = B.nrm2(winf);
      // gaps: normalization is 2/‖a‖-Lipschitz, so the trajectory bar adds 2τ/‖w‖ and w̃'s bar + the log's adds
      // 2(err_w̃ + lgBar‖r‖)/‖w∞‖; each computed gap has the directionalGap diagnostic's (d + 11)u(‖x̂‖ + ‖ŷ‖) + (d + 10)u·gap
      const diagBar = (g: any) => B.add(B.mul(B.mul(B.int(2 * (d + 11)), u), B.int(2)), B.mul(B.mul(B.int(d + 10), u), g));
      const gapBar = B.add(B.div(B.mul(B.int(2), tau), nw), diagBar(gap));
      const gInfBar = B.add(B.div(B.mul(B.int(2), B.add(wt.err, B.mul(lgBar, nr))), nInf), diagBar(gInf));
      gapLog = B.mul(gap, lg);
      if (T === times[times.length - 1]) {
        // the Theorem-4 constant K = ‖(I − r rᵀ/‖r‖²) w̃‖/‖r‖ (reported only)
        const c = B.div(B.dot(r, wt.w), B.mul(nr, nr));
        K = B.div(B.nrm2(B.axpy(B.neg(c), r, wt.w)), nr);
      }
      const here: Claim[] = [];
      let stop = false;
      if (pts.length >= 2) {
        const p1 = pts[0]!;
        const eRes = B.add(resBar, p1.resBar);
        here.push(claims.le(B, res, p1.res, eRes, `residual@${T}`));
        const a1 = B.abs(B.sub(tL, Lam));
        const env = lossEnvelope(p1.res, lg);
        // env's bar: its derivative in E (≤ Z_max(env + 2Λ)) times E₁'s bar, plus (N + 8)u·(1 + Z_max·E₁ + κ log t)
        // relative for the exp/log kernels and the sums (κ = max_n(1 + δ_n), |z_nᵀw̃| folded into the exponent)
        const eEnv = B.add(
          B.mul(B.mul(maxNorm, B.add(env, B.mul(B.int(2), Lam))), p1.resBar),
          B.mul(B.mul(B.mul(B.int(2 * (N + 8)), u), B.add(B.add(B.one, B.mul(maxNorm, p1.res)), B.mul(kappa, lg))), env),
        );
        const eL = B.add(B.add(tLBar, LamBar), B.add(eEnv, B.mul(B.mul(B.int(4), u), a1)));
        here.push(claims.le(B, a1, env, eL, `lossRate@${T}`));
        const bound = B.mul(B.add(gInf, B.div(B.mul(B.int(2), p1.res), nw)), lg);
        // bound's bar: gInfBar, 2·resBar(t₁)/‖w‖, 2E₁τ/‖w‖² (‖w‖'s own error), all × log t, plus lgBar × (gap + bound/log)
        const eBound = B.add(
          B.mul(lg, B.add(B.add(gInfBar, B.div(B.mul(B.int(2), p1.resBar), nw)), B.div(B.mul(B.int(2), B.mul(p1.res, tau)), B.mul(nw, nw)))),
          B.mul(lgBar, B.add(gap, B.add(gInf, B.div(B.mul(B.int(2), p1.res), nw)))),
        );
        const eGap = B.add(B.add(B.mul(gapBar, lg), eBound), B.mul(B.mul(B.int(4), u), B.add(gapLog, bound)));
        here.push(claims.le(B, gapLog, bound, eGap, `direction@${T}`));
        stop = certainlyFalse(res, p1.res, eRes) || certainlyFalse(a1, env, eL) || certainlyFalse(gapLog, bound, eGap);
      }
      out.push(...here);
      if (stop) break; // the first certainly violated checkpoint ends the run (keeps the referee's re-run short)
    }
    const last = pts[pts.length - 1]!;
    return {
      claims: out,
      observed: {
        reference: s.reference.kind,
        eta: s.eta,
        t: String(last.T),
        tL: B.show(last.tL),
        limit_tL: B.show(Lam),
        residual: B.show(last.res),
        gapLogT: gapLog === null ? 'n/a' : B.show(gapLog),
        K: K === null ? 'n/a' : B.show(K),
      },
    };
  },
});
