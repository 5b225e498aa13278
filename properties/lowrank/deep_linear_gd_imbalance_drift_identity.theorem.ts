import fc from 'fast-check';
import {
  ballArith,
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
import { dataArb, deepLinearRisk, imbalanceBall, layersOf, layerwiseGd, matrixEq } from './lowrank.lib.js';

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
    const lr = B.num(s.lr);
    const plain = s.scales.every((x) => x === '1');
    const stepper = plain ? gd(B, { lr }) : layerwiseGd(B, lr, s.scales, s.widths);
    const steps = STEPS;
    // per-entry step η·s_l of the layer the entry belongs to
    const stepVec = B.concat(s.widths.slice(1).map((w, l) => B.fill(w * s.widths[l]!, B.mul(lr, B.num(s.scales[l]!)))));
    const sol = run(F, stepper, theta0, { steps, save: { every: 1 } });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    const out: Claim[] = [];
    const K = ballArith(B);
    const L = s.widths.length - 1;
    const pts = sol.trajectory;
    const lr2 = K.sqr(K.exact(lr)); // η is a 5-bit dyadic: exact
    for (let t = 0; t + 1 < pts.length; t++) {
      const th = pts[t]!.theta;
      const th1 = pts[t + 1]!.theta;
      const { grad, err: gErr } = gradWithError(F, th);
      // Structural (the run's backward error): the exact GD step from θ̂_t is within Δ of θ̂_{t+1} entrywise, Δ =
      // η·E (gradient bar) + the update's two roundings u(η|Ĝ| + |θ_{t+1}|) (η the entry's own step η·s_l), the
      // second ≤ u|θ̂_{t+1}|(1 + u): 6 roundings per entry, rounded upward.
      const absG = B.map('abs', grad);
      const Delta = K.vroundUp(
        B.vadd(B.vmul(stepVec, gErr), B.scal(B.eps, B.vadd(B.vmul(stepVec, absG), B.map('abs', th1)))),
        6,
      );
      const W = layersOf(B, s.widths, th).map((x) => K.mexact(x));
      const Dl = layersOf(B, s.widths, Delta);
      // the layers at the exact GD point, as balls around θ̂_{t+1}; the exact gradient, as balls around Ĝ
      const W1 = layersOf(B, s.widths, th1).map((x, l) => K.mof(x, Dl[l]!));
      const Eg = layersOf(B, s.widths, gErr);
      const G = layersOf(B, s.widths, grad).map((x, l) => K.mof(x, Eg[l]!));
      for (let k = 0; k + 1 < L; k++) {
        const lhs = K.msub(imbalanceBall(K, W1[k]!, W1[k + 1]!), imbalanceBall(K, W[k]!, W[k + 1]!));
        const rhs = K.mscal(lr2, imbalanceBall(K, G[k]!, G[k + 1]!));
        out.push(...matrixEq(B, K, lhs, rhs, `drift_D${k + 1}@${t}`));
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
 * eq. (2) from it). So the GF statement is checked as this identity at the computed point θ̂ (held exactly): the
 * exact gradient is within Eg of Ĝ (gradWithError), so G is a matrix ball, and both products are computed in ball
 * arithmetic. (Integrating the flow instead would need the integrator's error estimate, which is not a bound.)
 * Exported for its fault-injection test (the negative control breaks only the GD half).
 */
export function balanceIdentity<R extends Repr>(
  B: Backend<R>,
  F: DataObjective<R>,
  theta: V<R>,
  widths: readonly number[],
  t: number,
): Claim[] {
  const K = ballArith(B);
  const { grad, err } = gradWithError(F, theta);
  const W = layersOf(B, widths, theta).map((x) => K.mexact(x));
  const Eg = layersOf(B, widths, err);
  const G = layersOf(B, widths, grad).map((x, l) => K.mof(x, Eg[l]!));
  const out: Claim[] = [];
  for (let k = 0; k + 2 < widths.length; k++) {
    const lhs = K.gemm(W[k + 1]!, G[k + 1]!, true, false); // W_{k+1}ᵀG_{k+1}: d_k × d_k
    const rhs = K.gemm(G[k]!, W[k]!, false, true); // G_kW_kᵀ: d_k × d_k
    out.push(...matrixEq(B, K, lhs, rhs, `gf_balance_W${k + 2}tG${k + 2}=G${k + 1}W${k + 1}t@${t}`));
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
  const K = ballArith(B);
  const W0 = layersOf(B, s.widths, theta0);
  const WT = layersOf(B, s.widths, sol.y);
  const y = sol.stats.maxNorm;
  const est = B.add(
    B.add(B.mul(B.mul(B.int(2), y), sol.stats.errSum), B.mul(sol.stats.errSum, sol.stats.errSum)),
    B.mul(B.mul(B.int(32 * (sol.stats.accepted + 1)), B.eps), B.mul(y, y)),
  );
  let worst = 0;
  for (let k = 0; k + 2 < s.widths.length; k++) {
    const D = (W: typeof W0) => imbalanceBall(K, K.mexact(W[k]!), K.mexact(W[k + 1]!)).value;
    const dD = B.unpack(B.vsub(B.flatten(D(WT)), B.flatten(D(W0))));
    for (const x of dD) worst = Math.max(worst, B.toNumber(B.abs(x)) / B.toNumber(est));
  }
  return { drift: worst.toPrecision(3), steps: sol.stats.accepted };
}
