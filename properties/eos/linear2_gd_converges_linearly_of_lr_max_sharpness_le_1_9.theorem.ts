import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  hypothesisViolated,
  spec,
  type Ball,
  type Claim,
  type Opaque,
} from '../../src/index.js';
import {
  convTol,
  lrMaxSharpnessLe,
  instanceArb,
  initArb,
  l2Run,
  lamGfClosed,
  lipQ,
  phiArb,
  type L2Instance,
} from './linear2.lib.js';

const { abs, add, cmp, div, largestDyadicBelow, ONE, parseNum, toNumber } = spec.rational;

/**
 * CONJECTURE, not the paper's theorem. Beneventano & Woodworth's Theorem 1 proves linear convergence "at an explicit
 * linear rate … with a large stepsize — about 2/sharpness" (abstract), but its exact step-size condition and rate
 * constant could NOT be read (docs/theorems/eos.md E8: not read). What is encoded instead is the empirically
 * mapped region R1 of docs/theorems/eos.md E8 (20,000 + 5,000 float64 trials, no proof):
 *   η·max(λ₀, λ_GF) ≤ 1.9 ⇒ GD converges, λ_∞ ≤ λ_GF, and no run diverges,
 * restricted here to η·max(λ₀, λ_GF) ≥ 0.475 so that "converges" can be checked within a 4000-step horizon, plus the
 * derived asymptotic rate ε_{t+1}/ε_t → 1 − ηλ_∞ (docs/theorems/eos.md E7, linearization) on the last window before the
 * rounding floor.
 */
const MAX_STEPS = 4000;
const C = '1.9';

const R1 = parseNum(C);

/**
 * Negative control: η just above 1/|Φ| (docs/theorems/eos.md E9): every minimizer has sharpness ≥ 2|Φ| > 2/η, so GD
 * cannot converge.
 */
const beyond = fc
  .record({ init: initArb, Phi: phiArb, v: spec.unitInterval({ lo: '0.02', hi: '0.15', bits: 8 }) })
  .map(({ init, Phi, v }) => {
    const P = abs(parseNum(Phi));
    const cap = div(add(ONE, parseNum(v)), P); // (1 + v)/|Φ|, v ≥ 1/50: η > 1/|Φ| by ≥ 2%
    const lr = largestDyadicBelow(toNumber(cap) * 0.999, 24, (e) => cmp(e, cap) <= 0);
    return { init, Phi, lr };
  });

export default defineTheorem<L2Instance>({
  id: 'linear2_gd_converges_linearly_of_lr_max_sharpness_le_1_9',
  title:
    'Depth-2 linear net, region R1 (empirical): η·max(λ₀, λ_GF) ≤ 1.9 ⇒ GD converges (|ε| ≤ 1e-30 or the rounding floor) without diverging, λ_∞ ≤ λ_GF, with asymptotic rate |1 − ηλ_∞|',
  status: 'conjecture',
  kind: 'eventually',
  claim: String.raw`0.475\le\eta\max(\lambda_0,\lambda_{GF})\le1.9\implies\exists T\le4000:\ |\varepsilon_T|\le\max\bigl(10^{-30},\,32k\,u\,(\lambda_0+\lambda_{GF}+|\Phi|)\bigr),\ \lambda_T\le\lambda_{GF}+\tfrac{4|\varepsilon_T|(2|\Phi|+|\varepsilon_T|)}{\lambda_T+\lambda_{GF}},\ \bigl|\tfrac{\varepsilon_{t+1}}{\varepsilon_t}-(1-\eta\lambda_T)\bigr|\le10^{-6}\text{ on the last window (dd, dec: f64 has none)}`,
  refs: [
    {
      arxiv: '2501.09137',
      where:
        'Theorem 1 (linear rate for stepsizes up to "about 2/sharpness"; exact condition and rate UNCONFIRMED, not encoded)',
    },
    {
      key: 'docs/theorems/eos.md#e8-region-r1-empirical',
      where: 'region R1 η·max(λ₀, λ_GF) ≤ 1.9 (empirical) and the certified finding λ_∞ > λ_GF inside it',
    },
    {
      key: 'docs/theorems/eos.md#e7-asymptotic-rate',
      where: 'rate ε_{t+1}/ε_t → 1 − ηλ_∞ (derived: linearization of (I2))',
    },
    {
      key: 'docs/theorems/eos.md#e9-no-convergence-above-1-over-the-target',
      where: 'η > 1/|Φ|: no convergence (derived; the negative control)',
    },
  ],
  hypotheses: instanceArb(spec.unitInterval({ lo: '0.25', hi: '1', bits: 8, open: false }), C),
  violations: beyond,
  // FINDING (certified at dec:50 and dec:100, found by the quick profile): inside R1 (η·max(λ₀, λ_GF) = 1.9 − 2^-24·…)
  // but with sign(m₀) ≠ sign(Φ), η|ε₀| ≈ 1.78 > √2 raises Q at step 0 (factor |1 − η²ε₀²| ≈ 2.19), and GD converges to
  // λ_∞ ≈ λ_GF + 0.0555: the "λ_∞ ≤ λ_GF" part of R1 (docs/theorems/eos.md E8) is false as stated. Kept as a witness so
  // every run reports it; the convergence and rate parts held on every sample so far.
  witnesses: [
    {
      init: {
        a: ['0.9375'],
        b: ['0.6875'],
        sumNorm: '1.625',
        diffNorm: '0.25',
        Q: '0.40625',
        lambda: '1.3515625',
        m: '0.64453125',
        normGap: '0.40625',
      },
      Phi: '-0.625',
      lr: '1.405780315399169921875',
    },
  ],
  budget: { ci: { runs: 80, negativeRuns: 10 } },
  evaluate(B, s) {
    const k = s.init.a.length;
    if (s.init.b.length !== k || k < 1) return hypothesisViolated('init: a and b must have the same length k ≥ 1');
    const K = ballArith(B);
    const Phi = B.num(s.Phi);
    const PhiB = K.num(s.Phi);
    const lr = B.num(s.lr);
    const lrB = K.num(s.lr);
    const lr2 = K.sqr(lrB);
    const st0 = l2Run(B, s, 0).states[0]!;
    const gf = lamGfClosed(B, st0, PhiB);
    const tol = convTol(B, k, st0.lam.value, gf.value, Phi);
    // escape at λ > 1e4·(λ₀ + λ_GF): a blow-up is reported as "not converged" with finite numbers at every precision.
    const tr = l2Run(B, s, MAX_STEPS, B.mul(B.num('0.5'), tol), B.mul(B.num('1e4'), B.add(st0.lam.value, gf.value)));
    const S = tr.states;
    const T = S.length - 1;
    const sT = S[T]!;
    const out: Claim[] = [];

    // The claims are about the computed run, an exact GD run with per-step backward errors Δ_t. Its forward error
    // against exact GD from the same θ₀ has no usable bound (the transient near the edge of stability amplifies
    // perturbations), so it is in no bar: a finding is certified by dec:50 and dec:100 agreeing (the referee).
    // pert (structural): what the Δ_t can add to Q̂_T beyond the product of the exact factors |1 − η²ε_t²| (I1),
    // carried with their growth G = Π max(1, |1 − η²ε_t²|); λ gains at most that (dλ/dQ = Q/λ ≤ 1 at fixed m).
    let G = K.int(1);
    for (let t = 0; t < T; t++) G = K.mul(G, K.max(K.int(1), K.abs(K.sub(K.int(1), K.mul(lr2, K.sqr(S[t]!.eps))))));
    const pert = K.upper(K.mul(G, K.sum(tr.delta.map((d, t) => K.exact(lipQ(B, S[t + 1]!, d))))));

    // (1) converges within the horizon, no divergence (a diverged run ends at its last finite, huge, state); a run that
    // did not stop ends with |ε̂_T| ≫ tol.
    out.push(claims.le(B, K.abs(sT.eps), K.exact(tol), 'converged'));

    // (2) the limit is flatter than the GF limit (finite-T form as in P1.4; here without the η|ε_t| ≤ √2 hypothesis).
    const eT = K.abs(sT.eps);
    const corr = K.div(K.mul(K.int(4), K.mul(eT, K.add(K.mul(K.int(2), K.abs(PhiB)), eT))), K.add(sT.lam, gf));
    out.push(claims.le(B, K.widen(sT.lam, pert), K.add(gf, corr), 'norm_le_gf'));

    // (3) asymptotic rate on the last window: the last t with |ε_t| ≤ 1e-10 (nonlinear deviation ≲ 1e-8, from
    // (I2)-(I3)) and |ε_t| ≥ 1e8·(its bar) (ratio rounding ≲ 1e-7); f64 has no such window (its floor is ≈ 1e-14), dd
    // and dec do.
    let w = -1;
    const resolved = (e: Ball<Opaque>) => B.cmp(B.abs(e.value), B.mul(B.num('1e8'), e.err)) >= 0;
    for (let t = 0; t + 1 <= T; t++) {
      const x = S[t]!;
      if (B.cmp(B.abs(x.eps.value), B.num('1e-10')) <= 0 && resolved(x.eps) && resolved(S[t + 1]!.eps)) w = t;
    }
    const observed: Record<string, string> = {
      lr: s.lr,
      steps: String(T),
      result: tr.reason ?? tr.result,
      lamT_over_lamGF: B.show(B.div(sT.lam.value, gf.value)),
      lr_lamT_over_2: B.show(B.div(B.mul(lr, sT.lam.value), B.int(2))),
    };
    if (w >= 0 && tr.reason === 'converged') {
      const x = S[w]!;
      // ε_{t+1} of the exact step from θ̂_t differs from ε̂_{t+1} by ≤ √λ·Δ_t (structural: the step's backward error)
      const y = K.widen(S[w + 1]!.eps, K.upper(K.mul(K.sqrt(x.lam), K.exact(tr.delta[w]!))));
      const r = K.div(y, x.eps);
      const p = K.sub(K.int(1), K.mul(lrB, sT.lam));
      out.push(claims.le(B, K.abs(K.sub(r, p)), K.num('1e-6'), `rate@${w}`));
      observed.rate = B.show(r.value);
      observed.rate_predicted = B.show(p.value);
    }
    if (!lrMaxSharpnessLe(s, R1)) observed.outside_R1 = 'true';
    return { claims: out, observed };
  },
});
