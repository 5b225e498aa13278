/**
 * Ji & Telgarsky 2019 (arXiv 1810.02032) Theorems 3–4, checked at log-spaced checkpoints t = 100, 300, …, 3000
 * (nightly: to 3·10⁴). Issue item 3, part (b); the exact every-step part (1 − 1/srank ≤ C_k/‖W_k‖_F², C_k from D(0)
 * plus the accumulated drift) is the theorem deep_linear_gd_1_minus_inv_srank_le_drift_over_frob_sq.
 *
 * STATUS: conjecture (kind eventually). Two reasons (docs/theorems/lowrank.md R1, R7):
 * - the GD theorems (3, 4) assume the step schedule η_t = min{1/β(R_t), 1} of Assumption 5; this file runs
 *   CONSTANT-step GD (a dyadic η), outside their hypotheses;
 * - the theorems are asymptotic with "no convergence rate", so no checkpoint inequality follows from them even under
 *   the schedule (running the schedule would not make the claims below theorems).
 * Asserted, as the finite-horizon proposal of docs/theorems/lowrank.md R7 (a violation is a finding, not a refutation):
 *   risk@t       R(W(t_j)) ≤ R(W(t_{j−1}))                       (R → 0, Theorem 3)
 *   collapse_envelope_k@t   ε_k(t_j) ≤ ε_k(t_{j−1}), k < L, where ε_k = Σ_{j≥k}(λ_max(D_j) − tr D_j)/‖W_k‖_F² is the
 *                exact envelope 1 − 1/srank W_k ≤ ε_k (docs/theorems/lowrank.md R4); "srank decreases toward 1" in the
 *                form the proof gives (W_k/‖W_k‖_F → u_kv_kᵀ: Theorem 1 / Theorem 3).
 *                FINDING: srank itself is NOT monotone between checkpoints: a ci run certified srank W_2 =
 *                1.0000021633 at t = 100 and 1.0000025942 at t = 300 (L = 3; dd, dec:50 and dec:100 agree): near
 *                rank one the O(η²) imbalance drift can raise it. So the monotone claim is on the envelope;
 *                srank at T is reported in `observed`.
 *   align_envelope_k@t   A_k(t_j) ≤ A_k(t_{j−1}), A_k = (λ_max(D_k) − λ_min(D_k) + gap_{k+1})/‖W_{k+1}‖₂² the exact
 *                envelope 1 − ⟨v_{k+1}, u_k⟩² ≤ A_k (docs/theorems/lowrank.md R5) (adjacent layers align, Theorem 1).
 *                FINDING: the alignment itself is NOT monotone near 1: a ci run certified |⟨v_2, u_1⟩| = 0.99998907
 *                at t = 300 and 0.99998673 at t = 1000 (widths 3-2-1, η = 1/16; dd, dec:50, dec:100 agree).
 *   direction    NOT asserted, only reported (`observed`: g(100), g(T)), g = ‖w_prod/‖w_prod‖ − ŵ/‖ŵ‖‖ with ŵ the
 *   PLANTED
 *                exact SVM solution (Theorem 4: g → 0; logistic loss, support vectors spanning R^d by construction).
 *                FINDING: "the gap shrinks" is false at finite horizon. Certified (dd, dec:50, dec:100 agree) in ci
 *                runs: g = 0.0195 (t = 100) → 0.0296 (t = 300), widths 3-2-1; g = 0.0304 (t = 100) → 0.0510 (t = 3000),
 *                widths 3-2-1; g = 0.0206 (t = 100) → 0.0303 (t = 3000), widths 3-2-2-1 (all η = 1/16, ŵ = (2, 0, 0)).
 *                GD overshoots toward ŵ and then settles at the O(1/log t) offset of the residual (as in Soudry et
 *                al.'s linear case, maxmargin/logistic_gd_direction_converges_to_max_margin); g(T) ≤ g(0) fails as
 *                well. Without a rate constant no honest finite-horizon inequality is available.
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
 * Error bars: each diagnostic's own ball (valueWithError, invariants, singularValues) combined in ball arithmetic,
 * plus the trajectory's rounding τ estimated by a shadow run (collapse.lib `shadowOf`: an ESTIMATE, stated there; the
 * sample is inconclusive outside the linear regime) propagated through each quantity's Lipschitz constant in θ (the
 * structural part, explicit): |ΔR| ≤ 2‖∇R‖τ; D_j moves by ≤ 2(‖W_j‖_F + ‖W_{j+1}‖_F + τ)τ (Frobenius), so λ's by
 * that and λ_max − tr by (1 + √d_j) times it; ‖W‖_F² by (2‖W‖_F + τ)τ, σ₁² by (2σ₁ + τ)τ. The run is
 * incremental (B and its shadow segment by segment) and stops at the first certainly violated checkpoint, which keeps
 * the referee's dec:50/dec:100 re-run short.
 *
 * Sizes (ci): d ∈ {2, 3}, hidden widths 2–3, L ∈ {2, 3}, N ≤ 6 (7 in the control), T = 3000 GD steps.
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  DIAGNOSTICS,
  defineTheorem,
  gd,
  inconclusive,
  run,
  spec,
  valueWithError,
  type Ball,
  type Claim,
  type M,
  type Num,
  type Opaque,
  type S,
  type V,
} from '../../src/index.js';
import { logCheckpoints, shadowOf, unitGapBall } from './collapse.lib.js';
import { deepLinearRisk, layersOf } from './lowrank.lib.js';

type Q = spec.rational.Q;
const { ZERO, q, add, mul, cmp, abs: qabs, dot, parseNum, toPlainNum } = spec.rational;

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
      for (let l = 1; l < widths.length; l++)
        Ws.push(Array.from({ length: widths[l]! }, () => Array.from({ length: widths[l - 1]! }, () => draw(4))));
      let v: Q[] = [q(1n)];
      for (let l = widths.length - 2; l >= 1; l--) {
        const W = Ws[l]!; // widths[l+1] × widths[l]
        v = Array.from({ length: widths[l]! }, (_, c) => W.reduce((s, row, rr) => add(s, mul(v[rr]!, row[c]!)), ZERO));
      }
      if (v.every((x) => x.n === 0n)) {
        for (let l = 1; l < Ws.length; l++)
          Ws[l] = Ws[l]!.map((row, i) => row.map((_, j) => (i === 0 && j === 0 ? q(1n) : ZERO)));
        v = Array.from({ length: widths[1]! }, (_, i) => (i === 0 ? q(1n) : ZERO));
      }
      // W_1 = E + c·v ŵᵀ, E entries k/8; margins ⟨Eᵀv, z_i⟩ + c‖v‖²⟨ŵ, z_i⟩ ≥ ⟨Eᵀv, z_i⟩ + c‖v‖² ≥ 1/4
      const E = Ws[0]!.map((row) => row.map((x) => mul(x, q(1n, 2n))));
      const Etv = Array.from({ length: d }, (_, c) => E.reduce((s, row, rr) => add(s, mul(v[rr]!, row[c]!)), ZERO));
      const Z = r.data.X.map((x, i) => x.map((t) => mul(parseNum(t), parseNum(r.data.y[i]!))));
      const worst = Z.reduce((m, z) => {
        const a = qabs(dot(Etv, z));
        return cmp(a, m) > 0 ? a : m;
      }, ZERO);
      const vv = dot(v, v);
      let c = q(1n, 64n);
      while (cmp(mul(c, vv), add(worst, q(1n, 4n))) < 0) c = mul(c, q(2n));
      const wHat = r.data.wHat.map((x) => parseNum(x));
      const W1 = E.map((row, i) => row.map((x, j) => add(x, mul(mul(c, v[i]!), wHat[j]!))));
      Ws[0] = W1;
      const layers = Ws.map((W) => W.map((row) => row.map((x) => toPlainNum(x))));
      let X = r.data.X;
      let y = r.data.y;
      if (!separable) {
        // append x_0/2 with the opposite label: z' = −z_0/2, so 0 ∈ conv{z_i} (Gordan: no separator)
        X = [...X, X[0]!.map((t) => toPlainNum(mul(parseNum(t), q(1n, 2n))))];
        y = [...y, y[0] === '1' ? '-1' : '1'];
      }
      return { widths, layers, X, y, wHat: r.data.wHat, separable, lr: r.lr, horizon };
    });
}

type Ms = Ball<Opaque>;

export default defineTheorem<CollapseSpec>({
  id: 'deep_linear_logistic_gd_collapses_to_rank_one',
  title:
    'Deep linear nets, logistic loss, separable data, R(W(0)) < ℓ(0): along log-spaced checkpoints the risk and every layer’s rank-one envelope (≥ 1 − 1/srank) decrease, adjacent layers align; the network separates the data by the horizon',
  status: 'conjecture',
  kind: 'eventually',
  claim: String.raw`R(W(0))<\ell(0),\ \text{separable}:\ R\downarrow,\ \tfrac{\sum_{j\ge k}\lambda_{\max}(D_j)-\operatorname{tr}D_j}{\|W_k\|_F^2}\downarrow\ (\ge 1-\tfrac{1}{\operatorname{srank}W_k}),\ \tfrac{\lambda_{\max}(D_k)-\lambda_{\min}(D_k)+\mathrm{gap}_{k+1}}{\|W_{k+1}\|_2^2}\downarrow\ \text{at } t\in\{1,3\}\cdot10^j\ge100,\quad nR(W(T))\le\tfrac{\ell(0)}{4}`,
  refs: [
    {
      arxiv: '1810.02032',
      where:
        'Ji & Telgarsky 2019, Theorem 1 (GF: R → 0, ‖W_k‖_F → ∞, rank-1 limits, |⟨v_{k+1}, u_k⟩| → 1), Theorems 3–4 (GD under Assumption 5; Theorem 4: w_prod/Π‖W_k‖_F → ū, logistic loss, Assumption 3); Assumption 2 (R(W(0)) ≤ ℓ(0))',
    },
    {
      key: 'docs/theorems/lowrank.md#r7-collapse-at-checkpoints-empirical',
      where: 'finite-horizon checkpoint form (empirical) and the certified findings',
    },
    { key: 'docs/theorems/lowrank.md#r1-setting', where: 'what was read in the abstract; the initial-risk hypothesis' },
  ],
  hypotheses: (profile) => arb(true, profile === 'nightly' ? 30000 : 3000),
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
    const F = deepLinearRisk(B, s.widths, s.X, s.y);
    const wHat = B.vec(s.wHat);
    const K = ballArith(B);
    // The quantities at a checkpoint θ̂ (held exactly) as balls, each widened by how far the trajectory's rounding τ
    // (structural: the shadow-run estimate) can move it; null when a denominator's ball contains 0.
    const point = (th: V<Opaque>, tauS: S<Opaque>) => {
      const tau = K.exact(tauS);
      const two = K.int(2);
      const moveUp = (x: Ms) => K.upper(x); // a structural move as a radius (upper end of its ball)
      const fro = (W: M<Opaque>) => K.frobenius(K.mexact(W));
      // risk: valueWithError's ball; structural: θ within τ moves R by ≤ 2(‖∇R‖ + τ)τ
      const risk = K.widen(
        valueWithError(F, th),
        moveUp(K.mul(K.mul(two, K.add(K.norm2(K.vexact(F.grad(th))), tau)), tau)),
      );
      const ctx = { F, theta: th };
      const sr = DIAGNOSTICS.stableRank.compute(ctx) as Record<string, Ms>;
      const sv = DIAGNOSTICS.singularValues.compute(ctx) as Record<string, Ms[]>;
      const al = DIAGNOSTICS.alignment.compute(ctx) as Record<string, Ms>;
      const inv = DIAGNOSTICS.invariants.compute(ctx) as Record<string, { lambdaMax: Ms; lambdaMin: Ms; trace: Ms }>;
      const Ws = layersOf(B, s.widths, th);
      const srank = Array.from({ length: L - 1 }, (_, k) => sr[`W${k + 1}`]!.value); // reported only
      // ε_k = Σ_{j≥k}(λ_max(D_j) − tr D_j)/‖W_k‖_F² ≥ 1 − 1/srank W_k (docs/theorems/lowrank.md R4): the collapse
      // envelope. Structural moves: D_j by ≤ 2(‖W_j‖_F + ‖W_{j+1}‖_F + τ)τ in Frobenius norm, so λ_max − tr by
      // ≤ (1 + √d_j) times that; ‖W_k‖_F² by ≤ (2‖W_k‖_F + τ)τ. The rest in ball arithmetic.
      const env: Ms[] = [];
      for (let k = 0; k + 1 < L; k++) {
        const terms: Ms[] = [];
        for (let j = k; j + 1 < L; j++) {
          const D = inv[`D${j + 1}`]!;
          const fj = K.add(fro(Ws[j]!), fro(Ws[j + 1]!));
          const lip = K.add(K.int(1), K.sqrt(K.int(s.widths[j + 1]!)));
          terms.push(K.widen(K.sub(D.lambdaMax, D.trace), moveUp(K.mul(K.mul(lip, two), K.mul(K.add(fj, tau), tau)))));
        }
        const fk = K.vexact(B.flatten(Ws[k]!));
        const F2 = K.widen(K.dot(fk, fk), moveUp(K.mul(K.add(K.mul(two, K.norm2(fk)), tau), tau)));
        if (K.containsZero(F2)) return null;
        env.push(K.div(K.sum(terms), F2));
      }
      // A_k = (λ_max(D_k) − λ_min(D_k) + gap_{k+1})/σ₁(W_{k+1})² ≥ 1 − ⟨v_{k+1}, u_k⟩² (docs/theorems/lowrank.md R5):
      // the alignment envelope. Structural moves: λ's by ≤ 2(‖W_k‖_F + ‖W_{k+1}‖_F + τ)τ each, gap_{k+1} by
      // ≤ 2(2‖W_{k+1}‖_F + τ)τ, σ₁² by ≤ (2σ₁ + τ)τ. The raw alignment is reported only.
      const align: Ms[] = [];
      const alignRaw: S<Opaque>[] = [];
      for (let k = 0; k + 1 < L; k++) {
        const D = inv[`D${k + 1}`]!;
        const f1 = K.vexact(B.flatten(Ws[k + 1]!));
        const sg = sv[`W${k + 2}`]![0]!;
        const fsum = K.add(fro(Ws[k]!), K.norm2(f1));
        const spread = K.widen(K.sub(D.lambdaMax, D.lambdaMin), moveUp(K.mul(K.int(4), K.mul(K.add(fsum, tau), tau))));
        const gap1 = K.widen(
          K.sub(K.dot(f1, f1), K.sqr(sg)),
          moveUp(K.mul(two, K.mul(K.add(K.mul(two, K.norm2(f1)), tau), tau))),
        );
        const S2 = K.widen(K.sqr(sg), moveUp(K.mul(K.add(K.mul(two, sg), tau), tau)));
        if (K.containsZero(S2)) return null;
        align.push(K.div(K.add(spread, gap1), S2));
        alignRaw.push(al[`W${k + 1}-W${k + 2}`]!.value);
      }
      // w_prod = (W_L⋯W_1)ᵀ and its direction gap to ŵ (reported only)
      let P = Ws[0]!;
      for (let k = 1; k < L; k++) P = B.gemm(Ws[k]!, P);
      const direction = unitGapBall(K, K.vexact(B.flatten(P)), K.vexact(wHat)).value;
      return { risk, srank, env, align, alignRaw, direction };
    };
    // Incremental run (B and its shadow S segment by segment): the first certainly violated checkpoint ends the
    // sample, which keeps the referee's dec:50/dec:100 re-run short.
    const { S, tauOf } = shadowOf(B);
    const FS = deepLinearRisk(S, s.widths, s.X, s.y);
    let th = B.vec(s.layers.flat(2));
    let thS: unknown = S.vec(s.layers.flat(2));
    let t = 0;
    const pts: NonNullable<ReturnType<typeof point>>[] = [];
    const out: Claim[] = [];
    const certain = (c: Claim) => {
      const d = B.sub(B.num(c.lhs), B.num(c.rhs));
      const e = B.num(c.err);
      return c.rel === '<=' ? B.cmp(B.sub(d, e), B.zero) > 0 : B.cmp(B.sub(B.neg(d), e), B.zero) > 0;
    };
    for (const T of checks) {
      const a = run(F, gd(B, { lr: B.num(s.lr) }), th, { steps: T - t });
      const b = run(FS, gd(S, { lr: S.num(s.lr) }), thS, { steps: T - t });
      if (a.result === 'diverged' || b.result === 'diverged')
        return inconclusive(`GD diverged before t = ${T} (constant step too large for the grown layers)`);
      th = a.theta;
      thS = b.theta;
      t = T;
      const tau = tauOf(th, thS);
      if (typeof tau === 'string') return inconclusive(`${tau} (t = ${T})`);
      const p = point(th, tau);
      if (p === null) return inconclusive(`a layer is zero within its bar at t = ${T}: the envelopes are undefined`);
      const here: Claim[] = [];
      if (pts.length > 0) {
        const prev = pts[pts.length - 1]!;
        here.push(claims.le(B, p.risk, prev.risk, `risk@${T}`));
        p.env.forEach((x, k) => here.push(claims.le(B, x, prev.env[k]!, `collapse_envelope_W${k + 1}@${T}`)));
        p.align.forEach((x, k) => here.push(claims.le(B, x, prev.align[k]!, `align_envelope_W${k + 1}W${k + 2}@${T}`)));
      }
      pts.push(p);
      out.push(...here);
      if (here.some(certain)) break;
    }
    const last = pts[pts.length - 1]!;
    // n·R(T) ≤ ℓ(0)/4 = log(2)/4 (LOG2 to 100 digits: K.num carries its rounding on entry)
    const nR = K.mul(K.int(n), last.risk);
    if (t === s.horizon) out.push(claims.le(B, nR, K.div(K.num(LOG2), K.int(4)), `separated@${s.horizon}`));
    return {
      claims: out,
      observed: {
        widths: s.widths.join('-'),
        lr: s.lr,
        separable: String(s.separable),
        nR_T: B.show(nR.value).slice(0, 10),
        srank_T: last.srank.map((x) => B.show(x).slice(0, 8)).join(' '),
        align_T: last.alignRaw.map((x) => B.show(x).slice(0, 10)).join(' '),
        gap_100: B.show(pts[0]!.direction).slice(0, 8),
        gap_T: B.show(last.direction).slice(0, 8),
      },
    };
  },
});
