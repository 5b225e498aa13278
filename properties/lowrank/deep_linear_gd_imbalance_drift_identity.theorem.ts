import fc from 'fast-check';
import {
  claims, defineTheorem, fehlberg78, gd, gradientFlow, gradientFlowController, gradWithError, integrate, run, spec,
  type AnyBackend, type Claim, type Num,
} from '../../src/index.js';
import {
  dataArb, deepLinearRisk, gam, gramPerturbation, imbalance, layersOf, layerwiseGd, mabs, madd, matrixEq, mscal, msub,
} from './lowrank.lib.js';

/**
 * Instance: a deep linear net W_L⋯W_1 (widths [d_0, …, d_L = 1], L = 2 or 3), logistic data, a step η (dyadic, so
 * exact in every backend), per-layer step multipliers s_l (all "1" = plain GD; the negative control breaks that), and
 * a gradient-flow horizon T.
 */
interface DriftSpec {
  readonly widths: number[];
  readonly layers: Num[][][];
  readonly X: Num[][];
  readonly y: Num[];
  readonly lr: Num;
  readonly scales: Num[];
  readonly T: Num;
}

/** GD steps checked per instance (every one of them). */
const STEPS = 16;

const net = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }))
  .chain(([d0, L]) =>
    fc.tuple(fc.constant(d0), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: L - 1, maxLength: L - 1 })).chain(([d, hidden]) => {
      const widths = [d, ...hidden, 1];
      return fc.record({
        widths: fc.constant(widths),
        layers: spec.deepLinearInit({ widths, entry: spec.dyadic({ min: '-1', max: '1', bits: 5 }) }).map((s) => s.layers),
        data: dataArb({ min: 1, max: 5 }, d),
      });
    }),
  );

function arb(scale: fc.Arbitrary<Num>): fc.Arbitrary<DriftSpec> {
  return fc
    .record({ net, lr: spec.dyadic({ min: '0.0625', max: '0.5', bits: 5 }), scale, T: fc.constantFrom('1', '2') })
    .map(({ net: n, lr, scale: s, T }) => ({
      widths: n.widths,
      layers: n.layers,
      X: n.data.X,
      y: n.data.y,
      lr,
      // the multiplier goes on the LAST layer only, so D_{L−1} sees two different steps
      scales: n.widths.slice(1).map((_, l) => (l === n.widths.length - 2 ? s : '1')),
      T,
    }));
}

export default defineTheorem<DriftSpec>({
  id: 'deep_linear_gd_imbalance_drift_identity',
  title: 'Deep linear nets: GD changes D_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ by exactly η²(G_{k+1}ᵀG_{k+1} − G_kG_kᵀ); gradient flow conserves D_k',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`D_k := W_{k+1}^\top W_{k+1} - W_k W_k^\top,\ G_k := \nabla_{W_k}R:\quad D_k(t+1) - D_k(t) = \eta^2\bigl(G_{k+1}^\top G_{k+1} - G_k G_k^\top\bigr)\ \text{(GD)},\qquad \dot D_k = 0\ \text{(GF)}`,
  refs: [
    { arxiv: '1810.02032', where: 'Ji & Telgarsky 2019, §2 eq. (2) (GF: W_{k+1}ᵀW_{k+1} − W_kW_kᵀ constant) and the setting R(W) = (1/n)Σℓ(⟨w_prod, z_i⟩)' },
    { key: 'theorems-A', where: '§4a items 1–2 (derivation of the exact GD drift from W_{k+1}ᵀG_{k+1} = G_kW_kᵀ)' },
  ],
  hypotheses: arb(fc.constant('1')),
  // Negative control: the last layer takes a different step η·s (s ∈ [1.25, 2]): the first-order terms
  // −η_{k+1}W_{k+1}ᵀG_{k+1} + η_kG_kW_kᵀ no longer cancel, so the η² identity must fail.
  violations: arb(spec.dyadic({ min: '1.25', max: '2', bits: 2 })),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    const F = deepLinearRisk(B, s.widths, s.X, s.y);
    const theta0 = B.vec(s.layers.flat(2));
    const eta = B.num(s.lr);
    const plain = s.scales.every((x) => x === '1');
    const stepper = plain ? gd(B, { lr: eta }) : layerwiseGd(B, eta, s.scales, s.widths);
    const steps = STEPS;
    // per-entry step η·s_l of the layer the entry belongs to
    const stepVec = B.concat(s.widths.slice(1).map((w, l) => B.fill(w * s.widths[l]!, B.mul(eta, B.num(s.scales[l]!)))));
    const sol = run(F, stepper, theta0, { steps, save: { every: 1 } });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    const out: Claim[] = [];
    const two = B.int(2);
    const L = s.widths.length - 1;
    const pts = sol.trajectory;
    for (let t = 0; t + 1 < pts.length; t++) {
      const th = pts[t]!.theta;
      const th1 = pts[t + 1]!.theta;
      const { grad, err: gErr } = gradWithError(F, th);
      // Δ ≥ |θ_{t+1} − (θ_t − ηG)| entrywise: η|Ĝ − G| ≤ ηE, and the step's two roundings u(η|Ĝ| + |θ_{t+1}|)
      // (η the entry's own step η·s_l).
      const absG = B.map('abs', grad);
      const Delta = B.vadd(B.vmul(stepVec, gErr), B.scal(B.eps, B.vadd(B.vmul(stepVec, absG), B.map('abs', th1))));
      const W = layersOf(B, s.widths, th);
      const W1 = layersOf(B, s.widths, th1);
      const G = layersOf(B, s.widths, grad);
      const Eg = layersOf(B, s.widths, gErr);
      const Dl = layersOf(B, s.widths, Delta);
      for (let k = 0; k + 1 < L; k++) {
        const before = imbalance(B, W[k], W[k + 1]);
        const after = imbalance(B, W1[k], W1[k + 1]);
        const lhs = msub(B, after.D, before.D);
        // exact GD point vs computed: Gram perturbations of W_{k+1}ᵀW_{k+1} and W_kW_kᵀ by Δ (lowrank.lib).
        const stepErr = madd(B, gramPerturbation(B, W1[k + 1], Dl[k + 1], false), gramPerturbation(B, W1[k], Dl[k], true));
        const Gk = G[k];
        const Gk1 = G[k + 1];
        const rhs = mscal(B, B.mul(eta, eta), msub(B, B.gemm(Gk1, Gk1, true, false), B.gemm(Gk, Gk, false, true)));
        // Ĝ vs G in the η² term: |ĜᵀĜ − GᵀG| ≤ |Ĝ|ᵀE + Eᵀ|Ĝ| + EᵀE (same Gram bound), plus the gemms' γ_p|Ĝ|ᵀ|Ĝ|
        // and the subtraction/η² products (3u|rhs|).
        const p = Math.max(B.rows(Gk1), B.cols(Gk));
        const gMag = madd(B, B.gemm(mabs(B, Gk1), mabs(B, Gk1), true, false), B.gemm(mabs(B, Gk), mabs(B, Gk), false, true));
        const rhsErr = madd(
          B,
          mscal(B, B.mul(eta, eta), madd(B, madd(B, gramPerturbation(B, Gk1, Eg[k + 1], false), gramPerturbation(B, Gk, Eg[k], true)), mscal(B, gam(B, p), gMag))),
          mscal(B, B.mul(B.int(3), B.eps), mabs(B, rhs)),
        );
        // total: both D evaluations, the step perturbation, the rhs, and u|lhs| for the difference; × MARGIN 2.
        const err = mscal(B, two, madd(B, madd(B, madd(B, before.err, after.err), stepErr), madd(B, rhsErr, mscal(B, B.eps, mabs(B, lhs)))));
        out.push(...matrixEq(B, lhs, rhs, err, `drift_D${k + 1}@${t}`, (l, r, e, lab) => claims.eq(B, l, r, e, lab)));
      }
    }
    const flow = plain ? flowConservation(B, F, theta0, s) : { claims: [], result: 'not run (negative control)', steps: 0 };
    out.push(...flow.claims);
    return { claims: out, observed: { steps: String(steps), loss_end: B.show(F.value(sol.theta)), gf: flow.result, gf_steps: String(flow.steps) } };
  },
});

/**
 * GF: D_k(T) = D_k(0) with the engine's integrator (Fehlberg 7(8), PI control, sharpness cap). D_k is conserved along
 * EVERY exact GF trajectory, so its drift along the numerical one is the sum over steps of D(y_{n+1}) − D(Φ_h(y_n)):
 * ≤ Σ_n (2‖y‖·‖e_n‖ + ‖e_n‖²) with e_n the local error (no global error propagation enters). The bar uses the
 * integrator's own Σ‖local error estimate‖ (errSum, an estimate of the embedded order-7 solution's error, conservative
 * for the propagated order-8 one) × 10, plus 32u‖y‖² per accepted step for the stage sums' rounding. This is the
 * "conserved to the integrator tolerance" check of the spec; the estimate is not a rigorous bound (module comment of
 * flow/types.ts), hence the factor 10.
 */
function flowConservation(B: AnyBackend, F: ReturnType<typeof deepLinearRisk>, theta0: unknown, s: DriftSpec): { claims: Claim[]; result: string; steps: number } {
  const solver = fehlberg78;
  const sol = integrate(gradientFlow(F), solver, gradientFlowController(F, solver), { t1: B.num(s.T), y0: theta0 });
  // a flow that does not reach T says nothing about conservation (no claim; reported in `observed`)
  if (sol.result !== 'ok') return { claims: [], result: sol.result, steps: sol.stats.accepted };
  const W0 = layersOf(B, s.widths, theta0);
  const WT = layersOf(B, s.widths, sol.y);
  const y = sol.stats.maxNorm;
  const est = B.mul(B.int(10), B.add(B.mul(B.mul(B.int(2), y), sol.stats.errSum), B.mul(sol.stats.errSum, sol.stats.errSum)));
  const rounding = B.mul(B.mul(B.int(32 * (sol.stats.accepted + 1)), B.eps), B.mul(y, y));
  const out: Claim[] = [];
  for (let k = 0; k + 2 < s.widths.length; k++) {
    const a = imbalance(B, W0[k], W0[k + 1]);
    const b = imbalance(B, WT[k], WT[k + 1]);
    const r = B.reshape(B.fill(B.rows(a.D) * B.cols(a.D), B.add(est, rounding)), B.rows(a.D), B.cols(a.D));
    const err = madd(B, madd(B, a.err, b.err), r);
    out.push(...matrixEq(B, b.D, a.D, err, `gf_D${k + 1}@T`, (l, rr, e, lab) => claims.eq(B, l, rr, e, lab)));
  }
  return { claims: out, result: sol.result, steps: sol.stats.accepted };
}
