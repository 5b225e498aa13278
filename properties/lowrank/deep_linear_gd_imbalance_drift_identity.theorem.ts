import fc from 'fast-check';
import {
  claims,
  defineTheorem,
  fehlberg78,
  gd,
  gradientFlow,
  gradientFlowController,
  gradWithError,
  integrate,
  run,
  spec,
  type Backend,
  type Claim,
  type DataObjective,
  type Num,
  type Repr,
  type V,
} from '../../src/index.js';
import {
  dataArb,
  deepLinearRisk,
  gam,
  gramPerturbation,
  imbalance,
  layersOf,
  layerwiseGd,
  mabs,
  madd,
  matrixEq,
  mscal,
  msub,
} from './lowrank.lib.js';

/**
 * Instance: a deep linear net W_L⋯W_1 (widths [d_0, …, d_L = 1], L = 2 or 3), logistic data, a step η (dyadic, so
 * exact in every backend), per-layer step multipliers s_l (all "1" = plain GD; the negative control breaks that), and
 * a gradient-flow horizon T (used only by the `observed` integrator monitor).
 *
 * Claims: the GD identity at every step (drift_D…), and the GF statement Ḋ_k = 0 in the form that implies it for every
 * trajectory, the balance identity W_{k+1}ᵀG_{k+1} = G_kW_kᵀ at every iterate (gf_balance…); both with rigorous bars.
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

const net = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 })).chain(([d0, L]) =>
  fc
    .tuple(fc.constant(d0), fc.array(fc.integer({ min: 1, max: 3 }), { minLength: L - 1, maxLength: L - 1 }))
    .chain(([d, hidden]) => {
      const widths = [d, ...hidden, 1];
      return fc.record({
        widths: fc.constant(widths),
        layers: spec
          .deepLinearInit({ widths, entry: spec.dyadic({ min: '-1', max: '1', bits: 5 }) })
          .map((s) => s.layers),
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
  title:
    'Deep linear nets: GD changes D_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ by exactly η²(G_{k+1}ᵀG_{k+1} − G_kG_kᵀ); gradient flow conserves D_k',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`D_k := W_{k+1}^\top W_{k+1} - W_k W_k^\top,\ G_k := \nabla_{W_k}R:\quad D_k(t+1) - D_k(t) = \eta^2\bigl(G_{k+1}^\top G_{k+1} - G_k G_k^\top\bigr)\ \text{(GD)},\qquad W_{k+1}^\top G_{k+1} = G_k W_k^\top\ \forall\theta,\ \text{hence}\ \dot D_k = 0\ \text{(GF)}`,
  refs: [
    {
      arxiv: '1810.02032',
      where:
        'Ji & Telgarsky 2019, §2 eq. (2) (GF: W_{k+1}ᵀW_{k+1} − W_kW_kᵀ constant, proved there from W_{k+1}ᵀ∂R/∂W_{k+1} = ∂R/∂W_k W_kᵀ) and the setting R(W) = (1/n)Σℓ(⟨w_prod, z_i⟩)',
    },
    {
      key: 'docs/theorems/lowrank.md#r2-gradient-flow-conserves-the-layer-imbalance',
      where: 'W_{k+1}ᵀG_{k+1} = G_kW_kᵀ, so GF conserves D_k (derived)',
    },
    {
      key: 'docs/theorems/lowrank.md#r3-gd-drift-of-the-layer-imbalance',
      where: 'GD: D_k(t+1) − D_k(t) = η²(G_{k+1}ᵀG_{k+1} − G_kG_kᵀ) (derived)',
    },
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
    const stepVec = B.concat(
      s.widths.slice(1).map((w, l) => B.fill(w * s.widths[l]!, B.mul(eta, B.num(s.scales[l]!)))),
    );
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
        const before = imbalance(B, W[k]!, W[k + 1]!);
        const after = imbalance(B, W1[k]!, W1[k + 1]!);
        const lhs = msub(B, after.D, before.D);
        // exact GD point vs computed: Gram perturbations of W_{k+1}ᵀW_{k+1} and W_kW_kᵀ by Δ (lowrank.lib).
        const stepErr = madd(
          B,
          gramPerturbation(B, W1[k + 1]!, Dl[k + 1]!, false),
          gramPerturbation(B, W1[k]!, Dl[k]!, true),
        );
        const Gk = G[k]!;
        const Gk1 = G[k + 1]!;
        const rhs = mscal(B, B.mul(eta, eta), msub(B, B.gemm(Gk1, Gk1, true, false), B.gemm(Gk, Gk, false, true)));
        // Ĝ vs G in the η² term: |ĜᵀĜ − GᵀG| ≤ |Ĝ|ᵀE + Eᵀ|Ĝ| + EᵀE (same Gram bound), plus the gemms' γ_p|Ĝ|ᵀ|Ĝ|
        // and the subtraction/η² products (3u|rhs|).
        const p = Math.max(B.rows(Gk1), B.cols(Gk));
        const gMag = madd(
          B,
          B.gemm(mabs(B, Gk1), mabs(B, Gk1), true, false),
          B.gemm(mabs(B, Gk), mabs(B, Gk), false, true),
        );
        const rhsErr = madd(
          B,
          mscal(
            B,
            B.mul(eta, eta),
            madd(
              B,
              madd(B, gramPerturbation(B, Gk1, Eg[k + 1]!, false), gramPerturbation(B, Gk, Eg[k]!, true)),
              mscal(B, gam(B, p), gMag),
            ),
          ),
          mscal(B, B.mul(B.int(3), B.eps), mabs(B, rhs)),
        );
        // total: both D evaluations, the step perturbation, the rhs, and u|lhs| for the difference; × MARGIN 2.
        const err = mscal(
          B,
          two,
          madd(B, madd(B, madd(B, before.err, after.err), stepErr), madd(B, rhsErr, mscal(B, B.eps, mabs(B, lhs)))),
        );
        out.push(...matrixEq(B, lhs, rhs, err, `drift_D${k + 1}@${t}`, (l, r, e, lab) => claims.eq(B, l, r, e, lab)));
      }
    }
    // GF half: the vector-field identity behind Ḋ_k = 0, at every iterate θ_t (t < STEPS) of the same run.
    for (let t = 0; t + 1 < pts.length; t++) out.push(...balanceIdentity(B, F, pts[t]!.theta, s.widths, t));
    const flow = plain ? flowMonitor(B, F, theta0, s) : { drift: 'not run (negative control)', steps: 0 };
    return {
      claims: out,
      observed: {
        steps: String(steps),
        loss_end: B.show(F.value(sol.theta)),
        gf_drift_over_estimate: flow.drift,
        gf_steps: String(flow.steps),
      },
    };
  },
});

/**
 * GF: Ḋ_k = −(G_{k+1}ᵀW_{k+1} + W_{k+1}ᵀG_{k+1}) + (G_kW_kᵀ + W_kG_kᵀ) along θ̇ = −∇R, which is 0 because
 * W_{k+1}ᵀG_{k+1} = G_kW_kᵀ at EVERY θ (both equal (W_L⋯W_{k+1})ᵀ(Σ_i r_i x_iᵀ)(W_k⋯W_1)ᵀ; Ji & Telgarsky 2019 prove
 * eq. (2) from it). So the GF statement is checked as this identity at the computed point θ̂ (held exactly), with a
 * rigorous bar: the exact gradient is within Eg of Ĝ (gradWithError), so |W_{k+1}ᵀ(Ĝ − G)| ≤ |W_{k+1}|ᵀEg_{k+1} and
 * |(Ĝ − G)W_kᵀ| ≤ Eg_k|W_k|ᵀ; each gemm entry is a length-p dot product, γ_p|W_{k+1}|ᵀ|Ĝ_{k+1}| and γ_q|Ĝ_k||W_k|ᵀ;
 * × MARGIN 2. (Integrating the flow instead would need the integrator's error estimate, which is not a bound.)
 * Exported for its fault-injection test (the negative control breaks only the GD half).
 */
export function balanceIdentity<R extends Repr>(
  B: Backend<R>,
  F: DataObjective<R>,
  theta: V<R>,
  widths: readonly number[],
  t: number,
): Claim[] {
  const { grad, err } = gradWithError(F, theta);
  const W = layersOf(B, widths, theta);
  const G = layersOf(B, widths, grad);
  const Eg = layersOf(B, widths, err);
  const out: Claim[] = [];
  for (let k = 0; k + 2 < widths.length; k++) {
    const lhs = B.gemm(W[k + 1]!, G[k + 1]!, true, false); // W_{k+1}ᵀG_{k+1}: d_k × d_k, inner length d_{k+1}
    const rhs = B.gemm(G[k]!, W[k]!, false, true); // G_kW_kᵀ: d_k × d_k, inner length d_{k−1}
    const aW1 = mabs(B, W[k + 1]!);
    const aW = mabs(B, W[k]!);
    const e = madd(
      B,
      madd(B, B.gemm(aW1, Eg[k + 1]!, true, false), B.gemm(Eg[k]!, aW, false, true)),
      madd(
        B,
        mscal(B, gam(B, B.rows(W[k + 1]!)), B.gemm(aW1, mabs(B, G[k + 1]!), true, false)),
        mscal(B, gam(B, B.cols(W[k]!)), B.gemm(mabs(B, G[k]!), aW, false, true)),
      ),
    );
    out.push(
      ...matrixEq(
        B,
        lhs,
        rhs,
        mscal(B, B.int(2), e),
        `gf_balance_W${k + 2}tG${k + 2}=G${k + 1}W${k + 1}t@${t}`,
        (l, r, ee, lab) => claims.eq(B, l, r, ee, lab),
      ),
    );
  }
  return out;
}

/**
 * Monitor only (not a claim): D_k(T) − D_k(0) along the engine's integrated flow (Fehlberg 7(8), PI control), as a
 * multiple of the integrator's own Σ‖local error estimate‖-based drift estimate 2‖y‖·errSum + errSum² (flow/types.ts:
 * an estimate, not a bound). "—" when the flow did not reach T.
 */
function flowMonitor<R extends Repr>(
  B: Backend<R>,
  F: DataObjective<R>,
  theta0: V<R>,
  s: DriftSpec,
): { drift: string; steps: number } {
  const solver = fehlberg78;
  const sol = integrate(gradientFlow(F), solver, gradientFlowController(F, solver), { t1: B.num(s.T), y0: theta0 });
  if (sol.result !== 'ok') return { drift: `— (${sol.result})`, steps: sol.stats.accepted };
  const W0 = layersOf(B, s.widths, theta0);
  const WT = layersOf(B, s.widths, sol.y);
  const y = sol.stats.maxNorm;
  const est = B.add(
    B.add(B.mul(B.mul(B.int(2), y), sol.stats.errSum), B.mul(sol.stats.errSum, sol.stats.errSum)),
    B.mul(B.mul(B.int(32 * (sol.stats.accepted + 1)), B.eps), B.mul(y, y)),
  );
  let worst = 0;
  for (let k = 0; k + 2 < s.widths.length; k++) {
    const dD = B.unpack(B.flatten(msub(B, imbalance(B, WT[k]!, WT[k + 1]!).D, imbalance(B, W0[k]!, W0[k + 1]!).D)));
    for (const x of dD) worst = Math.max(worst, B.toNumber(B.abs(x)) / B.toNumber(est));
  }
  return { drift: worst.toPrecision(3), steps: sol.stats.accepted };
}
