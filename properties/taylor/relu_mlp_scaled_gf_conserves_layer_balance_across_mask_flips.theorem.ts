import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  depthwiseGd,
  objective,
  reluMlp,
  run,
  spec,
  square,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
  type S,
  type V,
} from '../../src/index.js';
import { gfGaussAcrossMaskSwitches } from './gfPieces.lib.js';
import { maskedMlp } from './maskedMlp.lib.js';

/**
 * P1.4, gradient-flow half (docs/theorems/taylor.md T8, T10): under Ẇ_k = −ξ_kG_k with constant ξ_k on a bias-free
 * ReLU MLP, Q_k = ‖W_k‖²_F/ξ_k − ‖W_{k+1}‖²_F/ξ_{k+1} is conserved, also when activation patterns change along the
 * flow. The flow is integrated piece by piece (`gfGaussAcrossMaskSwitches`): masks frozen on a piece (a polynomial
 * field), an event where a pre-activation crosses 0 (bracketed by the flow driver's root finder), the mask switched
 * there. The stepper is the 3-stage Gauss–Legendre method, which conserves quadratic invariants exactly, so the
 * claim's bar is rigorous: stage-equation residuals and rounding, enclosed in ball arithmetic (T10). Samples that
 * slide along a kink or restart exactly on one are inconclusive, with the reason. Negative control: GD with a finite
 * step η (`depthwiseGd`) claimed to conserve Q; it drifts by η²(ξ_k‖G_k‖² − ξ_{k+1}‖G_{k+1}‖²) per step
 * (`relu_mlp_scaled_gd_balance_drift_is_lr2_xi_grad_norms`).
 */
interface FlowSpec {
  readonly widths: number[];
  readonly X: Num[][];
  readonly Y: Num[][];
  readonly W: Num[][][];
  readonly xi: Num[];
  readonly T: Num;
  /** Negative control: this step size (GD over T/lr steps) instead of the flow. */
  readonly lr: Num | null;
}

// odd sixteenths in (−1, 1): never 0, exact on every backend
const entry = fc.integer({ min: -8, max: 7 }).map((k) => String((2 * k + 1) / 16));
const matrix = (r: number, c: number, e: fc.Arbitrary<string> = entry) =>
  fc.array(fc.array(e, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
const small = fc.integer({ min: -8, max: 7 }).map((k) => String((2 * k + 1) / 256));
// targets: odd quarters in (−4, 4), far from what the initial net outputs, so that units must switch to fit them
const target = fc.integer({ min: -8, max: 7 }).map((k) => String((2 * k + 1) / 4));

const arb = (gd: boolean): fc.Arbitrary<FlowSpec> =>
  fc
    .record({
      L: fc.integer({ min: 2, max: 3 }),
      // an odd number of inputs: a first-layer pre-activation is a sum of an odd number of odd/4096, never 0
      n0: fc.constantFrom(1, 3),
      hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
      C: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ L, n0, hidden, C, n }) => {
      const widths = [n0, ...hidden.slice(0, L - 1), C];
      return fc.record({
        widths: fc.constant(widths),
        X: matrix(n, n0),
        Y: matrix(n, C, target),
        // W_1 small (odd/256): first-layer pre-activations start near 0, so the flow drives about half of them
        // through 0 early (a mask switch), while the other layers are O(1)
        W: fc.tuple(...widths.slice(1).map((d, k) => matrix(d, widths[k]!, k === 0 ? small : entry))),
        xi: fc.array(spec.dyadic({ min: '0.25', max: '4', bits: 4, minExcluded: true }), {
          minLength: L,
          maxLength: L,
        }),
        T: fc.constantFrom('0.5', '1', '2'),
        lr: gd ? fc.constantFrom('0.0625', '0.125') : fc.constant(null),
      });
    });

/** Per block: the n_k·n_{k−1} entries of W_k in θ. */
const blockSizes = (w: readonly number[]) => w.slice(1).map((d, k) => d * w[k]!);

export default defineTheorem<FlowSpec>({
  id: 'relu_mlp_scaled_gf_conserves_layer_balance_across_mask_flips',
  title:
    'Bias-free ReLU MLP under depthwise-scaled gradient flow Ẇ_k = −ξ_kG_k (constant ξ): ‖W_k‖²/ξ_k − ‖W_l‖²/ξ_l is conserved, across activation-pattern changes (integrated piecewise with events)',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`\dot W_k=-\xi_kG_k\ (\xi_k>0\ \text{const})\implies \tfrac{d}{dt}\Bigl(\tfrac{\|W_k\|_F^2}{\xi_k}-\tfrac{\|W_l\|_F^2}{\xi_l}\Bigr)=-2\langle W_k,G_k\rangle+2\langle W_l,G_l\rangle=0`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): homogeneous parameterization, depthwise gradient scaling; the conservation law is derived',
    },
    {
      key: 'docs/theorems/taylor.md#t8-euler-identity-and-the-balance-drift-of-scaled-gd',
      where: '(I7): ⟨W_k, G_k⟩ is the same for every layer, so the scaled balance is conserved by the flow (derived)',
    },
    {
      key: 'docs/theorems/taylor.md#t10-the-conservation-law-along-the-integrated-flow',
      where: 'piecewise integration with events at mask switches; Q continuous across a switch; the rigorous bar',
    },
  ],
  hypotheses: arb(false),
  violations: arb(true),
  budget: {
    quick: { runs: 16, negativeRuns: 12 },
    ci: { runs: 24, negativeRuns: 12 },
    nightly: { runs: 200, negativeRuns: 50 },
  },
  evaluate(B, s) {
    const K = ballArith(B);
    const L = s.widths.length - 1;
    const X = B.mat(s.X);
    const F = objective(B, reluMlp(B, { widths: s.widths }), square(B), { X, y: B.vec(s.Y.flat()) });
    const theta0 = B.vec(s.W.flat(2));
    const sizes = blockSizes(s.widths);
    const xi = s.xi.map((x) => B.num(x));

    let end: V<Opaque>;
    let bar: (k: number) => S<Opaque>;
    let observed: Record<string, string>;
    if (s.lr === null) {
      const net = maskedMlp(B, s.widths, s.X, s.Y);
      // Gauss–Legendre (order 6) piece by piece; its per-pair bar is rigorous (T10): stage residuals, coefficient
      // rounding and the rounding of each new state, each enclosed in ball arithmetic, and nothing else
      const flow = gfGaussAcrossMaskSwitches(net, { X: s.X, Y: s.Y }, xi, theta0, B.num(s.T));
      if (flow.result !== 'ok') return { claims: [], inconclusive: flow.reason ?? 'piecewise flow inconclusive' };
      end = flow.y;
      bar = (k) => flow.bars[k]!;
      observed = {
        gl_steps: String(flow.accepted),
        mask_switches: String(flow.switches.length),
        unconverged_stage_solves: String(flow.unconverged),
      };
    } else {
      const steps = Math.round(Number(s.T) / Number(s.lr));
      const out = run(F, depthwiseGd(B, { lr: B.num(s.lr), xi }), theta0, { steps, save: { every: 1 } });
      end = out.theta;
      // the claim under test is conservation: only rounding, 32u‖S‖‖θ‖² per step
      const y = out.trajectory.reduce((m, p) => B.max(m, B.nrm2(p.theta)), B.zero);
      const sNorm = xi.reduce((m, x) => B.max(m, B.div(B.one, x)), B.zero);
      const gdBar = B.mul(sNorm, B.mul(B.mul(B.int(32 * (steps + 1)), B.eps), B.mul(y, y)));
      bar = () => gdBar;
      observed = { gd_steps: String(steps) };
    }

    // Q_k at a point held exactly, in ball arithmetic
    const Q = (theta: V<Opaque>, k: number): Ball<Opaque> => {
      const o = sizes.slice(0, k).reduce((a, b) => a + b, 0);
      const wk = K.vexact(B.slice(theta, o, o + sizes[k]!));
      const wl = K.vexact(B.slice(theta, o + sizes[k]!, o + sizes[k]! + sizes[k + 1]!));
      return K.sub(K.div(K.dot(wk, wk), K.exact(xi[k]!)), K.div(K.dot(wl, wl), K.exact(xi[k + 1]!)));
    };
    const out: Claim[] = [];
    for (let k = 0; k + 1 < L; k++) {
      const qT = Q(end, k);
      out.push(
        claims.eq(B, { value: qT.value, err: B.add(qT.err, bar(k)) }, Q(theta0, k), `Q W${k + 1}-W${k + 2} at T`),
      );
    }
    return { claims: out, observed };
  },
});
