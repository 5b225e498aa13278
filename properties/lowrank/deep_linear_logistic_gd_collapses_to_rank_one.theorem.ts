/**
 * Ji & Telgarsky 2019 (arXiv 1810.02032) Theorems 3–4, checked at log-spaced checkpoints t = 100, 300, …, 3000
 * (nightly: to 3·10⁴). Issue item 3, part (b); the exact every-step part (1 − 1/srank ≤ C_k/‖W_k‖_F², C_k from D(0)
 * plus the accumulated drift) is the theorem deep_linear_gd_one_minus_inv_srank_le_drift_constant_over_frobenius_sq.
 *
 * STATUS: conjecture (kind eventually). Two reasons (research/paper-constants.md §3.4, CONFIRMED there):
 * - the GD theorems (3, 4) assume the step schedule η_t = min{1/β(R_t), 1} of Assumption 5; this file runs
 *   CONSTANT-step GD (a dyadic η), outside their hypotheses;
 * - the theorems are asymptotic with "no convergence rate", so no checkpoint inequality follows from them even under
 *   the schedule (running the schedule would not make the claims below theorems).
 * Asserted, as the finite-horizon proposal of theorems-A P4a.4 [PROP] (a violation is a finding, not a refutation):
 *   risk@t       R(W(t_j)) ≤ R(W(t_{j−1}))                       (R → 0, Theorem 3)
 *   srank_k@t    srank W_k(t_j) ≤ srank W_k(t_{j−1}), k < L      (W_k/‖W_k‖_F → u_kv_kᵀ, Theorem 3 / Theorem 1)
 *   align_k@t    |⟨v_{k+1}, u_k⟩|(t_j) ≥ |⟨v_{k+1}, u_k⟩|(t_{j−1}) (adjacent layers align, Theorem 1)
 *   direction@t  ‖w_prod/‖w_prod‖ − ŵ/‖ŵ‖‖ non-increasing, ŵ the PLANTED exact SVM solution (Theorem 4; logistic loss,
 *                support vectors spanning R^d — Assumption 3 — hold by construction of spec.plantedSvmData)
 *   separated@T  n·R(W(T)) ≤ ℓ(0)/4. By exact algebra this forces growth: every margin ⟨w_prod, z_i⟩ ≥ ℓ⁻¹(ℓ(0)/4) =
 *                −log(2^{1/4} − 1) > 1.5, so Π_k‖W_k‖_F ≥ ‖w_prod‖ > 1.5/max_i‖z_i‖ (the norms must leave a ball).
 * The checkpoints start at t = 100: from t = 10 the stable rank was seen to rise before falling (float64
 * exploration: 1 − 1/srank 0.452 → 0.459 between t = 10 and 30).
 *
 * Hypotheses by construction: separable data with an exact planted ŵ (the issue asks for R(W(0)) < ℓ(0): the init is
 * W_1 = E + c·v ŵᵀ with v = (W_L⋯W_2)ᵀ ≠ 0, so w_prod(0) = Eᵀv + c‖v‖²ŵ and c = 2^p is chosen (exact rationals) so that
 * every margin ⟨w_prod(0), z_i⟩ ≥ 1/4 > 0, hence R(W(0)) < ℓ(0); Ji–Telgarsky's Assumption 2 is ≤ ℓ(0) with ∇R ≠ 0).
 *
 * NEGATIVE CONTROL (separability dropped): the point −z_0/2 is appended (x = x_0/2 with label −y_0), so every w has
 * min_i ⟨w, z_i⟩ ≤ 0 and n·R(W) ≥ ℓ(0) for EVERY W: the norms stay bounded (GD converges to a finite point) and
 * separated@T fails by at least 3ℓ(0)/4 (R(W(0)) < ℓ(0) may also fail there: only separability is the point).
 *
 * Error bars: each diagnostic's own rounding bar (valueWithError, stableRank, alignment, unitGap) plus the trajectory's
 * rounding τ estimated by a shadow run (collapse.lib `shadowTau`: an estimate, stated there) propagated through each
 * quantity's Lipschitz constant: |ΔR| ≤ 2‖∇R‖τ, |Δsrank| ≤ 4τ·srank(1/‖W‖_F + 1/σ₁), |Δalign| ≤ (π/2)(s_k + s_{k+1})
 * with Davis–Kahan s = 2τ/(σ₁ − σ₂), |Δgap| ≤ 2‖Δw_prod‖/‖w_prod‖ with ‖Δw_prod‖ ≤ Σ_k τΠ_{j≠k}(‖W_j‖₂ + τ).
 *
 * Sizes (ci): d ∈ {2, 3}, hidden widths 2–3, L ∈ {2, 3}, N ≤ 6 (7 in the control), T = 3000 GD steps.
 */
import fc from 'fast-check';
import {
  claims, DIAGNOSTICS, defineTheorem, gd, inconclusive, run, spec, valueWithError, type Claim, type Num,
} from '../../src/index.js';
import { logCheckpoints, shadowTau, unitGap } from './collapse.lib.js';
import { deepLinearRisk, layersOf } from './lowrank.lib.js';
import { add, cmp, dotQ, mul, parseQ, q, sub, toDec, Z0, abs as qabs, type Q } from '../maxmargin/maxmargin.lib.js';

export interface CollapseSpec {
  readonly widths: number[];
  readonly layers: Num[][][];
  readonly X: Num[][];
  readonly y: Num[];
  readonly wHat: Num[];
  readonly separable: boolean;
  readonly lr: Num;
  readonly horizon: number;
}

const NIGHTLY = process.env.THM_PROFILE === 'nightly';
const LOG2 = '0.693147180559945309417232121458176568075500134360255254120680009493393621969694715605863326996418687';

function arb(separable: boolean, horizon: number): fc.Arbitrary<CollapseSpec> {
  return fc
    .record({
      data: spec.plantedSvmData({ d: { min: 2, max: 3 }, offMargin: { min: 0, max: 3 }, margins: ['0.5', '1'] }),
      L: fc.integer({ min: 2, max: 3 }),
      hidden: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 2, maxLength: 2 }),
      entries: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 40, maxLength: 40 }),
      lr: fc.constantFrom<Num>('0.0625', '0.125', '0.25'),
    })
    .map((r) => {
      const d = r.data.wHat.length;
      const widths = [d, ...r.hidden.slice(0, r.L - 1), 1];
      let e = 0;
      const draw = (den: number): Q => q(BigInt(r.entries[e++ % r.entries.length]!), BigInt(den));
      // W_2..W_L dyadic k/4; v = (W_L⋯W_2)ᵀ
      const Ws: Q[][][] = [];
      for (let l = 1; l < widths.length; l++) Ws.push(Array.from({ length: widths[l]! }, () => Array.from({ length: widths[l - 1]! }, () => draw(4))));
      let v: Q[] = [q(1n)];
      for (let l = widths.length - 2; l >= 1; l--) {
        const W = Ws[l]!; // widths[l+1] × widths[l]
        v = Array.from({ length: widths[l]! }, (_, c) => W.reduce((s, row, rr) => add(s, mul(v[rr]!, row[c]!)), Z0));
      }
      if (v.every((x) => x.n === 0n)) {
        for (let l = 1; l < Ws.length; l++) Ws[l] = Ws[l]!.map((row, i) => row.map((_, j) => (i === 0 && j === 0 ? q(1n) : Z0)));
        v = Array.from({ length: widths[1]! }, (_, i) => (i === 0 ? q(1n) : Z0));
      }
      // W_1 = E + c·v ŵᵀ, E entries k/8; margins ⟨Eᵀv, z_i⟩ + c‖v‖²⟨ŵ, z_i⟩ ≥ ⟨Eᵀv, z_i⟩ + c‖v‖² ≥ 1/4
      const E = Ws[0]!.map((row) => row.map((x) => mul(x, q(1n, 2n))));
      const Etv = Array.from({ length: d }, (_, c) => E.reduce((s, row, rr) => add(s, mul(v[rr]!, row[c]!)), Z0));
      const Z = r.data.X.map((x, i) => x.map((t) => mul(parseQ(t), parseQ(r.data.y[i]!))));
      const worst = Z.reduce((m, z) => { const a = qabs(dotQ(Etv, z)); return cmp(a, m) > 0 ? a : m; }, Z0);
      const vv = dotQ(v, v);
      let c = q(1n, 64n);
      while (cmp(mul(c, vv), add(worst, q(1n, 4n))) < 0) c = mul(c, q(2n));
      const wHat = r.data.wHat.map(parseQ);
      const W1 = E.map((row, i) => row.map((x, j) => add(x, mul(mul(c, v[i]!), wHat[j]!))));
      Ws[0] = W1;
      const layers = Ws.map((W) => W.map((row) => row.map(toDec)));
      let X = r.data.X;
      let y = r.data.y;
      if (!separable) {
        // append x_0/2 with the opposite label: z' = −z_0/2, so 0 ∈ conv{z_i} (Gordan: no separator)
        X = [...X, X[0]!.map((t) => toDec(mul(parseQ(t), q(1n, 2n))))];
        y = [...y, y[0] === '1' ? '-1' : '1'];
      }
      return { widths, layers, X, y, wHat: r.data.wHat, separable, lr: r.lr, horizon };
    });
}

type Ms = { value: any; err: any };

export default defineTheorem<CollapseSpec>({
  id: 'deep_linear_logistic_gd_collapses_to_rank_one',
  title: 'Deep linear nets, logistic loss, separable data, R(W(0)) < ℓ(0): along log-spaced checkpoints the risk and every stable rank decrease, adjacent layers align, w_prod turns toward ŵ',
  status: 'conjecture',
  kind: 'eventually',
  claim: String.raw`R(W(0))<\ell(0),\ \text{separable}:\ R\downarrow,\ \operatorname{srank}W_k\downarrow,\ |\langle v_{k+1},u_k\rangle|\uparrow,\ \Bigl\|\tfrac{w_{\mathrm{prod}}}{\|w_{\mathrm{prod}}\|}-\tfrac{\hat w}{\|\hat w\|}\Bigr\|\downarrow\ \text{at } t\in\{1,3\}\cdot10^j\ge100,\quad nR(W(T))\le\tfrac{\ell(0)}{4}`,
  refs: [
    { arxiv: '1810.02032', where: 'Ji & Telgarsky 2019, Theorem 1 (GF: R → 0, ‖W_k‖_F → ∞, rank-1 limits, |⟨v_{k+1}, u_k⟩| → 1), Theorems 3–4 (GD under Assumption 5; Theorem 4: w_prod/Π‖W_k‖_F → ū, logistic loss, Assumption 3); Assumption 2 (R(W(0)) ≤ ℓ(0))' },
    { key: 'theorems-A', where: '§4a P4a.4 (finite-horizon checkpoint proposal) and boundary case "non-separable data: norms stay bounded"' },
  ],
  hypotheses: arb(true, NIGHTLY ? 30000 : 3000),
  violations: arb(false, 300),
  budget: {
    quick: { runs: 6, negativeRuns: 10 },
    ci: { runs: 8, negativeRuns: 10 },
    nightly: { runs: 30, negativeRuns: 20, timeMs: 1_200_000 },
  },
  evaluate(B, s) {
    const L = s.widths.length - 1;
    const n = s.X.length;
    const checks = logCheckpoints(100, s.horizon);
    const traj = (Bx: typeof B): unknown[] | null => {
      const F = deepLinearRisk(Bx, s.widths, s.X, s.y);
      const sol = run(F, gd(Bx, { lr: Bx.num(s.lr) }), Bx.vec(s.layers.flat(2)), { steps: s.horizon, save: { at: checks } });
      if (sol.result === 'diverged') return null;
      return checks.map((c) => sol.trajectory.find((p) => p.k === c)!.theta);
    };
    const thetas = traj(B);
    if (thetas === null) return inconclusive('GD diverged (constant step too large for the grown layers)');
    const sh = shadowTau(B, thetas, traj);
    if ('reason' in sh) return inconclusive(sh.reason);
    const F = deepLinearRisk(B, s.widths, s.X, s.y);
    const wHat = B.vec(s.wHat);
    const two = B.int(2);
    const halfPi = B.num('1.5708');
    const pts = thetas.map((th, j) => {
      const tau = sh.tau[j];
      const Rv = valueWithError(F, th);
      const risk = { value: Rv.value, err: B.add(Rv.err, B.mul(B.mul(two, B.add(B.nrm2(F.grad(th)), tau)), tau)) };
      const ctx = { F, theta: th };
      const sr = DIAGNOSTICS.stableRank.compute(ctx) as Record<string, Ms>;
      const sv = DIAGNOSTICS.singularValues.compute(ctx) as Record<string, Ms[]>;
      const al = DIAGNOSTICS.alignment.compute(ctx) as Record<string, Ms>;
      const Ws = layersOf(B, s.widths, th);
      const srank: Ms[] = [];
      const sinT: any[] = [];
      for (let k = 0; k < L; k++) {
        const svk = sv[`W${k + 1}`]!;
        const s1 = svk[0]!.value;
        const s2 = svk.length > 1 ? svk[1]!.value : B.zero;
        const sep = B.sub(B.sub(s1, s2), B.add(svk[0]!.err, svk.length > 1 ? svk[1]!.err : B.zero));
        sinT.push(B.cmp(sep, B.zero) > 0 ? B.min(B.one, B.div(B.mul(two, tau), sep)) : B.one);
        if (k + 1 < L) {
          const r = sr[`W${k + 1}`]!;
          const fro = B.nrm2(B.flatten(Ws[k]));
          const move = B.mul(B.mul(B.mul(B.int(4), tau), r.value), B.add(B.div(B.one, fro), B.div(B.one, s1)));
          srank.push({ value: r.value, err: B.add(r.err, move) });
        }
      }
      const align: Ms[] = [];
      for (let k = 0; k + 1 < L; k++) {
        const a = al[`W${k + 1}-W${k + 2}`]!;
        align.push({ value: a.value, err: B.add(a.err, B.mul(halfPi, B.add(sinT[k], sinT[k + 1]))) });
      }
      // w_prod = (W_L⋯W_1)ᵀ; rounding γ_{Σd}·(|W_L|⋯|W_1|); trajectory: Σ_k τΠ_{j≠k}(σ₁(W_j) + τ)
      let P = Ws[0];
      let Pabs = B.reshape(B.map('abs', B.flatten(Ws[0])), B.rows(Ws[0]), B.cols(Ws[0]));
      for (let k = 1; k < L; k++) {
        P = B.gemm(Ws[k], P);
        Pabs = B.gemm(B.reshape(B.map('abs', B.flatten(Ws[k])), B.rows(Ws[k]), B.cols(Ws[k])), Pabs);
      }
      const wp = B.flatten(P);
      const widthSum = s.widths.reduce((x, y) => x + y, 0);
      let dW = B.zero;
      for (let k = 0; k < L; k++) {
        let prod = tau;
        for (let j = 0; j < L; j++) if (j !== k) prod = B.mul(prod, B.add(sv[`W${j + 1}`]![0]!.value, B.add(sv[`W${j + 1}`]![0]!.err, tau)));
        dW = B.add(dW, prod);
      }
      dW = B.add(dW, B.mul(B.mul(B.int(2 * widthSum + 4), B.eps), B.nrm2(B.flatten(Pabs))));
      const nwp = B.nrm2(wp);
      const dg = unitGap(B, wp, wHat);
      const direction = { value: dg.value, err: B.add(dg.err, B.div(B.mul(two, dW), nwp)) };
      return { risk, srank, align, direction };
    });
    const out: Claim[] = [];
    for (let j = 1; j < pts.length; j++) {
      const a = pts[j - 1]!;
      const b = pts[j]!;
      const T = checks[j];
      out.push(claims.le(B, b.risk.value, a.risk.value, B.add(b.risk.err, a.risk.err), `risk@${T}`));
      b.srank.forEach((x, k) => out.push(claims.le(B, x.value, a.srank[k]!.value, B.add(x.err, a.srank[k]!.err), `srank_W${k + 1}@${T}`)));
      b.align.forEach((x, k) => out.push(claims.ge(B, x.value, a.align[k]!.value, B.add(x.err, a.align[k]!.err), `align_W${k + 1}W${k + 2}@${T}`)));
      if (s.separable) out.push(claims.le(B, b.direction.value, a.direction.value, B.add(b.direction.err, a.direction.err), `direction@${T}`));
    }
    const last = pts[pts.length - 1]!;
    // n·R(T) ≤ ℓ(0)/4 = log(2)/4 (LOG2 to 100 digits: its rounding on entry is ≤ u·log 2, in the bar)
    const nR = B.mul(B.int(n), last.risk.value);
    const quarter = B.div(B.num(LOG2), B.int(4));
    const eSep = B.add(B.mul(B.int(n), last.risk.err), B.mul(B.mul(B.int(4), B.eps), B.add(nR, quarter)));
    out.push(claims.le(B, nR, quarter, eSep, `separated@${s.horizon}`));
    return {
      claims: out,
      observed: {
        widths: s.widths.join('-'), lr: s.lr, separable: String(s.separable),
        nR_T: B.show(nR).slice(0, 10),
        srank_T: last.srank.map((x) => B.show(x.value).slice(0, 8)).join(' '),
        align_T: last.align.map((x) => B.show(x.value).slice(0, 8)).join(' '),
        gap_T: B.show(last.direction.value).slice(0, 8),
      },
    };
  },
});
