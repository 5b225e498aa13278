/**
 * The exact, every-step part of "deep linear GD collapses to rank one" (issue item 3, part (a)); the asymptotic trends
 * are the conjecture deep_linear_logistic_gd_collapses_to_rank_one.
 *
 * Derivation (docs/theorems/lowrank.md R3, R4 and R6; Ji & Telgarsky 2019 Lemma 2 is the GF form with D(0)):
 *   gap_k := ‖W_k‖_F² − ‖W_k‖₂² ≤ Σ_{j=k}^{L−1} (λ_max(D_j) − tr D_j)            (algebraic, any matrices, R4)
 *   D_j(t+1) = D_j(t) + η²(G_{j+1}ᵀG_{j+1} − G_jG_jᵀ)                              (exact GD drift, R3)
 * so, by Weyl (λ_max(A + P − N) ≤ λ_max(A) + ‖P‖₂ for P, N ⪰ 0) and linearity of the trace, one GD step raises
 * λ_max(D_j) − tr D_j by at most η²(‖G_{j+1}‖₂² − ‖G_{j+1}‖_F² + ‖G_j‖_F²) ≤ η²‖G_j‖_F². Hence at every step t
 *   1 − 1/srank(W_k(t)) = gap_k/‖W_k‖_F² ≤ C_k(t)/‖W_k(t)‖_F²,
 *   C_k(t) = Σ_{j=k}^{L−1} [λ_max(D_j(0)) − tr D_j(0) + η² Σ_{s<t} ‖G_j(s)‖_F²],
 * C_k from D(0) plus the accumulated drift. (Under Ji–Telgarsky's eq. (4), Σ_s η_s²‖∇R‖² ≤ 2R(W(0)), so C_k stays
 * bounded while ‖W_k‖_F → ∞: this is the quantitative rank-1 collapse; not asserted here.)
 * Any data, any initialization, any step: only the GD update is used, so the generator draws all three freely.
 *
 * Rounding: the chain is applied to the COMPUTED iterates θ̂_t. Per step, the exact GD step from θ̂_t is within Δ of
 * θ̂_{t+1} (gradient bar from gradWithError, the update's two roundings: the one structural bar), which moves D_j by
 * the Gram perturbation E (lowrank.lib `imbalanceShift`, in ball arithmetic), and λ_max − tr by ≤ (1 + √d_j)‖E‖_F; the
 * exact gradient is within Eg of Ĝ, so ‖G_j‖_F is the Frobenius norm of a matrix ball. The initial λ_max − tr carries
 * the invariants diagnostic's bars; gap_k the singular-value bar (as in deep_linear_alignment_bound). All of these
 * enter C_k as upper ends of balls; the claim compares two balls.
 *
 * NEGATIVE CONTROL: C_k deflated by c ∈ {1/4, 1/8}. After a few steps the top singular directions of adjacent layers
 * align and the bound is nearly tight (float64 exploration: gap/‖W‖_F² = 0.459 against C/‖W‖_F² = 0.486 at t = 30),
 * so c·C_k must be exceeded.
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  DIAGNOSTICS,
  defineTheorem,
  gd,
  gradWithError,
  run,
  spec,
  type Ball,
  type Claim,
  type Opaque,
} from '../../src/index.js';
import {
  deepLinearGdArb,
  deepLinearRisk,
  frobeniusGap,
  imbalanceShift,
  layersOf,
  type DeepLinearGdSpec,
} from './lowrank.lib.js';

const STEPS = 48;
const CHECK_EVERY = 8;

const INSTANCE = {
  hiddenMin: 2, // so that the layers below the last can have rank > 1 (else gap_k = 0 and the claim is idle)
  entry: spec.dyadic({ min: '-1', max: '1', bits: 5 }),
  n: { min: 1, max: 5 },
  lr: spec.dyadic({ min: '0.0625', max: '0.5', bits: 5 }),
};

export default defineTheorem<DeepLinearGdSpec>({
  id: 'deep_linear_gd_1_minus_inv_srank_le_drift_over_frob_sq',
  title:
    'Deep linear GD: 1 − 1/srank(W_k) ≤ C_k/‖W_k‖_F² at every step, C_k from D(0) plus the accumulated drift η²Σ‖G_j‖_F²',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`1-\frac{1}{\operatorname{srank}W_k(t)}\le\frac{C_k(t)}{\|W_k(t)\|_F^2},\quad C_k(t)=\sum_{j=k}^{L-1}\Bigl[\lambda_{\max}(D_j(0))-\operatorname{tr}D_j(0)+\eta^2\sum_{s<t}\|G_j(s)\|_F^2\Bigr],\ D_j=W_{j+1}^\top W_{j+1}-W_jW_j^\top`,
  refs: [
    {
      arxiv: '1810.02032',
      where:
        'Ji & Telgarsky 2019, §2 setting (R(W) = (1/n)Σℓ(⟨w_prod, z_i⟩), GD W(t+1) = W(t) − η∇R) and Lemma 2 (the GF bound ‖W_k‖_F² − ‖W_k‖₂² ≤ D with D(0))',
    },
    {
      key: 'docs/theorems/lowrank.md#r6-stable-rank-envelope-with-the-accumulated-drift',
      where: '1 − 1/srank ≤ C_k/‖W_k‖_F², C_k from D(0) plus the accumulated drift (derived)',
    },
    { key: 'docs/theorems/lowrank.md#r4-gap-bound', where: 'the gap bound (derived)' },
    { key: 'docs/theorems/lowrank.md#r3-gd-drift-of-the-layer-imbalance', where: 'the exact GD drift (derived)' },
  ],
  hypotheses: deepLinearGdArb(INSTANCE, fc.constant('1')),
  violations: deepLinearGdArb(INSTANCE, fc.constantFrom('0.25', '0.125')),
  budget: { ci: { runs: 30, negativeRuns: 20 }, quick: { runs: 10, negativeRuns: 20 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const F = deepLinearRisk(B, s.widths, s.X, s.y);
    const lr = B.num(s.lr);
    const sol = run(F, gd(B, { lr }), B.vec(s.layers.flat(2)), { steps: STEPS, save: { every: 1 } });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    const L = s.widths.length - 1;
    const u = B.eps;
    const c = K.num(s.c);
    const lrB = K.exact(lr); // the step the run used
    const pts = sol.trajectory;
    // C_k(0): Σ_{j ≥ k} upper ends of λ_max(D_j) − tr D_j at θ̂_0 (ball arithmetic on the diagnostic's balls)
    const inv0 = DIAGNOSTICS.invariants.compute({ F, theta: pts[0]!.theta }) as Record<
      string,
      { lambdaMax: Ball<Opaque>; trace: Ball<Opaque> }
    >;
    const spread0 = Array.from({ length: L - 1 }, (_, j) => {
      const D = inv0[`D${j + 1}`]!;
      return K.upper(K.sub(D.lambdaMax, D.trace));
    });
    const drift = Array.from({ length: L - 1 }, () => B.zero); // per j: Σ_s increments (upper bounds)
    const out: Claim[] = [];
    for (let t = 0; t < pts.length; t++) {
      const th = pts[t]!.theta;
      if (t % CHECK_EVERY === 0 || t === pts.length - 1) {
        const sv = DIAGNOSTICS.singularValues.compute({ F, theta: th });
        const Ws = layersOf(B, s.widths, th);
        for (let k = 0; k + 1 < L; k++) {
          const C = K.sum(
            Array.from({ length: L - 1 - k }, (_, i) => K.add(K.exact(spread0[k + i]!), K.exact(drift[k + i]!))),
          );
          const g = frobeniusGap(B, Ws[k]!, sv[`W${k + 1}`]![0]!);
          // srank is undefined for W_k ≈ 0 (no claim at this checkpoint; the bound is then about a zero matrix)
          if (B.cmp(g.F2, B.mul(B.int(16), g.err)) <= 0) continue;
          const f = K.vexact(B.flatten(Ws[k]!));
          const F2 = K.dot(f, f);
          out.push(
            claims.le(
              B,
              K.div(K.of(g.value, g.err), F2),
              K.div(K.mul(c, C), F2),
              `one_minus_inv_srank_W${k + 1}@${pts[t]!.k}`,
            ),
          );
        }
      }
      if (t + 1 >= pts.length) break;
      // accumulate step t → t+1 (structural: the run's backward error Δ moves D_j by the Gram perturbation E, module
      // comment; the increment is evaluated in ball arithmetic and its upper end kept)
      const th1 = pts[t + 1]!.theta;
      const { grad, err: gErr } = gradWithError(F, th);
      // structural: Δ bounds the run's backward error (η·E + u(η|Ĝ| + |θ̂_{t+1}|(1 + u)): 6 roundings, rounded up)
      const Delta = K.vroundUp(
        B.vadd(B.scal(lr, gErr), B.scal(u, B.vadd(B.scal(lr, B.map('abs', grad)), B.map('abs', th1)))),
        6,
      );
      const W1 = layersOf(B, s.widths, th1);
      const Eg = layersOf(B, s.widths, gErr);
      const G = layersOf(B, s.widths, grad).map((x, l) => K.mof(x, Eg[l]!));
      const Dl = layersOf(B, s.widths, Delta);
      for (let j = 0; j + 1 < L; j++) {
        const dj = B.rows(W1[j]!);
        // ‖E‖_F for E = D_j(θ̂_{t+1}) − D_j(exact step): the Gram perturbations by Δ, in ball arithmetic
        const eF = K.frobenius(imbalanceShift(K, W1[j]!, W1[j + 1]!, Dl[j]!, Dl[j + 1]!));
        const gF = K.frobenius(G[j]!); // contains ‖G_j‖_F of the exact gradient
        const inc = K.add(K.mul(K.sqr(lrB), K.sqr(gF)), K.mul(K.add(K.int(1), K.sqrt(K.int(dj))), eF));
        drift[j] = K.upper(K.add(K.exact(drift[j]!), inc));
      }
    }
    return {
      claims: out,
      observed: {
        steps: String(STEPS),
        drift: drift.map((x) => B.show(x).slice(0, 10)).join(' '),
        spread0: spread0.map((x) => B.show(x).slice(0, 10)).join(' '),
      },
    };
  },
});
