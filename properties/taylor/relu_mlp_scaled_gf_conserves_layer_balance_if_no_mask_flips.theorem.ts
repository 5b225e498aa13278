import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  depthwiseGd,
  fehlberg78,
  integrate,
  objective,
  pid,
  reluMlp,
  run,
  spec,
  square,
  type Backend,
  type Ball,
  type Claim,
  type M,
  type Num,
  type Opaque,
  type S,
  type V,
  type VectorField,
} from '../../src/index.js';

/**
 * P1.4, gradient-flow half (docs/theorems/taylor.md T8, T10): under Ẇ_k = −ξ_kG_k with constant ξ_k on a bias-free
 * ReLU MLP, Q_k = ‖W_k‖²_F/ξ_k − ‖W_{k+1}‖²_F/ξ_{k+1} is conserved. The flow is integrated by the engine's driver
 * (Fehlberg 7(8), PI control); the claim's bar is the integrator's error bound of T10 (built from its Σ‖local error
 * estimate‖) plus rounding. Instances on which a pre-activation changes sign along the computed flow are excluded
 * (inconclusive, with the time and the layer): there the field is not smooth and the error estimate does not bound
 * the drift. Negative control: GD with a finite step η (`depthwiseGd`) claimed to conserve Q; it drifts by
 * η²(ξ_k‖G_k‖² − ξ_{k+1}‖G_{k+1}‖²) per step (`relu_mlp_scaled_gd_balance_drift_is_lr2_xi_grad_norms`).
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
const matrix = (r: number, c: number) =>
  fc.array(fc.array(entry, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

const arb = (gd: boolean): fc.Arbitrary<FlowSpec> =>
  fc
    .record({
      L: fc.integer({ min: 2, max: 3 }),
      n0: fc.integer({ min: 1, max: 2 }),
      hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 2 }),
      C: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 1, max: 3 }),
    })
    .chain(({ L, n0, hidden, C, n }) => {
      const widths = [n0, ...hidden.slice(0, L - 1), C];
      return fc.record({
        widths: fc.constant(widths),
        X: matrix(n, n0),
        Y: matrix(n, C),
        W: fc.tuple(...widths.slice(1).map((d, k) => matrix(d, widths[k]!))),
        xi: fc.array(spec.dyadic({ min: '0.25', max: '4', bits: 4, minExcluded: true }), {
          minLength: L,
          maxLength: L,
        }),
        T: fc.constantFrom('0.125', '0.25', '0.5'),
        lr: gd ? fc.constantFrom('0.0625', '0.125') : fc.constant(null),
      });
    });

/** Per block: the n_k·n_{k−1} entries of W_k in θ. */
const blockSizes = (w: readonly number[]) => w.slice(1).map((d, k) => d * w[k]!);

/** The signs of every hidden pre-activation at θ (+1, −1, or 0 at a kink), layer by layer. */
function preactivationSigns(B: Backend<Opaque>, widths: readonly number[], X: M<Opaque>, theta: V<Opaque>) {
  let o = 0;
  let H = X;
  const signs: number[][] = [];
  for (let k = 0; k + 2 < widths.length; k++) {
    const size = widths[k + 1]! * widths[k]!;
    const W = B.reshape(B.slice(theta, o, o + size), widths[k + 1]!, widths[k]!);
    o += size;
    const Z = B.gemm(H, W, false, true);
    const z = B.flatten(Z);
    signs.push(B.unpack(z).map((x) => B.cmp(x, B.zero)));
    H = B.reshape(B.map('relu', z), B.rows(Z), B.cols(Z));
  }
  return signs;
}

export default defineTheorem<FlowSpec>({
  id: 'relu_mlp_scaled_gf_conserves_layer_balance_if_no_mask_flips',
  title:
    'Bias-free ReLU MLP under depthwise-scaled gradient flow Ẇ_k = −ξ_kG_k (constant ξ): ‖W_k‖²/ξ_k − ‖W_l‖²/ξ_l is conserved (instances with no activation sign change along the flow)',
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
      where: 'the bar from the integrator: drift of a quadratic invariant through local errors; excluded instances',
    },
  ],
  hypotheses: arb(false),
  violations: arb(true),
  budget: { ci: { runs: 24, negativeRuns: 12 }, nightly: { runs: 200, negativeRuns: 50 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const L = s.widths.length - 1;
    const X = B.mat(s.X);
    const F = objective(B, reluMlp(B, { widths: s.widths }), square(B), { X, y: B.vec(s.Y.flat()) });
    const theta0 = B.vec(s.W.flat(2));
    const sizes = blockSizes(s.widths);
    const xi = s.xi.map((x) => B.num(x));
    const signs0 = preactivationSigns(B, s.widths, X, theta0);
    if (signs0.some((l) => l.includes(0)))
      return { claims: [], inconclusive: 'excluded: a pre-activation is exactly 0 at t = 0 (a kink)' };

    let end: V<Opaque>;
    let bar: S<Opaque>;
    let observed: Record<string, string>;
    if (s.lr === null) {
      // Ẇ_k = −ξ_kG_k: the gradient scaled block by block
      const negScale = B.concat(sizes.map((n, k) => B.fill(n, B.neg(xi[k]!))));
      const field: VectorField<Opaque> = (_t, th) => B.vmul(negScale, F.grad(th));
      let flip = '';
      const stop = (t: S<Opaque>, th: V<Opaque>) => {
        const sg = preactivationSigns(B, s.widths, X, th);
        const k = sg.findIndex((l, i) => l.some((x, j) => x !== signs0[i]![j]));
        if (k >= 0) flip = `layer ${k + 1} at t ≈ ${B.toNumber(t).toPrecision(3)}`;
        return k >= 0;
      };
      // rtol = atol = 1e-20: the bar below is ~1e-19 relative, far below a drift of the negative control's size
      const controller = pid(B, { rtol: '1e-20', atol: '1e-20' });
      const sol = integrate(field, fehlberg78, controller, { t1: B.num(s.T), y0: theta0, stop, maxSteps: 20_000 });
      if (sol.result === 'stopped')
        return {
          claims: [],
          inconclusive: `excluded: a pre-activation changed sign along the flow (${flip}); the field is not smooth there and the integrator's error estimate does not bound the drift`,
        };
      if (sol.result !== 'ok') return { claims: [], inconclusive: `gradient flow did not reach T: ${sol.message}` };
      end = sol.y;
      // T10: Q(y) = yᵀSy with ‖S‖₂ = max 1/ξ; the computed end point differs from the exact flow by the propagated
      // local errors, Σ‖e_n‖ ≤ errSum (the embedded estimate of the lower-order solution, conservative for the
      // propagated one while the flow is smooth), so |Q(y_N) − Q(y(T))| ≤ ‖S‖(2‖y‖·errSum + errSum²); ×10 for the
      // estimate's own looseness, plus 32u‖S‖‖y‖² per accepted step for the rounding of the stage sums.
      const y = sol.stats.maxNorm;
      const e = sol.stats.errSum;
      const est = B.mul(B.int(10), B.add(B.mul(B.mul(B.int(2), y), e), B.mul(e, e)));
      const rounding = B.mul(B.mul(B.int(32 * (sol.stats.accepted + 1)), B.eps), B.mul(y, y));
      const sNorm = xi.reduce((m, x) => B.max(m, B.div(B.one, x)), B.zero);
      bar = B.mul(sNorm, B.add(est, rounding));
      observed = { gf_steps: String(sol.stats.accepted), errSum: B.show(e) };
    } else {
      const steps = Math.round(Number(s.T) / Number(s.lr));
      const out = run(F, depthwiseGd(B, { lr: B.num(s.lr), xi }), theta0, { steps, save: { every: 1 } });
      const flipAt = out.trajectory.findIndex((p) =>
        preactivationSigns(B, s.widths, X, p.theta).some((l, i) => l.some((x, j) => x !== signs0[i]![j])),
      );
      if (flipAt >= 0)
        return { claims: [], inconclusive: `excluded: a pre-activation changed sign at GD step ${flipAt}` };
      end = out.theta;
      // the claim under test is conservation: only rounding, 32u‖S‖‖θ‖² per step
      const y = out.trajectory.reduce((m, p) => B.max(m, B.nrm2(p.theta)), B.zero);
      const sNorm = xi.reduce((m, x) => B.max(m, B.div(B.one, x)), B.zero);
      bar = B.mul(sNorm, B.mul(B.mul(B.int(32 * (steps + 1)), B.eps), B.mul(y, y)));
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
      out.push(claims.eq(B, { value: qT.value, err: B.add(qT.err, bar) }, Q(theta0, k), `Q W${k + 1}-W${k + 2} at T`));
    }
    return { claims: out, observed };
  },
});
