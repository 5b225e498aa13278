import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  gd,
  gradWithError,
  run,
  spec,
  type Backend,
  type Claim,
  type Num,
  type Opaque,
  type Repr,
  type S,
  type Stepper,
  type V,
} from '../../src/index.js';
import { applyDyadic, dyadicOrthogonal, label, leakyRisk, type LeakyOrthInstance } from './lowrank.lib.js';

/**
 * Instance: a leaky-ReLU net f(x; W) = Σ_j a_j φ(⟨w_j, x⟩), φ(z) = max(z, γz), second layer a fixed, first layer W
 * (m×d) trained by GD on the logistic loss; data x_i = Q(c_i, 0) in the span of the first r columns of an exact
 * dyadic orthogonal Q (so the normals n_l = Q e_l, l ≥ r, are exact and ⟨n_l, x_i⟩ = 0 exactly). `weightDecay` is
 * "0" (plain GD, the hypothesis) or positive (the negative control).
 */
interface SpanSpec extends LeakyOrthInstance {
  readonly r: number;
  readonly weightDecay: Num;
}

const STEPS = 30;

function arb(weightDecay: fc.Arbitrary<Num>): fc.Arbitrary<SpanSpec> {
  return fc
    .record({ d: fc.integer({ min: 2, max: 6 }), m: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 4 }) })
    .chain(({ d, m, n }) =>
      fc.record({
        d: fc.constant(d),
        r: fc.integer({ min: 1, max: d - 1 }),
        perm: fc.array(fc.nat({ max: 64 }), { minLength: d, maxLength: d }),
        signs: fc.array(fc.boolean(), { minLength: d, maxLength: d }),
        hadamard: fc.boolean(),
        coords: fc.array(fc.array(fc.integer({ min: -16, max: 16 }), { minLength: d, maxLength: d }), {
          minLength: n,
          maxLength: n,
        }),
        y: fc.array(label, { minLength: n, maxLength: n }),
        a: fc.array(fc.constantFrom<Num>('0.5', '-0.5', '1', '-1'), { minLength: m, maxLength: m }),
        gamma: spec.dyadic({ min: '0.0625', max: '0.9375', bits: 4 }),
        W0: fc.array(fc.array(spec.dyadic({ min: '-1', max: '1', bits: 5 }), { minLength: d, maxLength: d }), {
          minLength: m,
          maxLength: m,
        }),
        lr: spec.dyadic({ min: '0.125', max: '1', bits: 3 }),
        weightDecay,
      }),
    )
    .map((s) => {
      const Q = dyadicOrthogonal(s.d, s.perm, s.signs, s.hadamard);
      // c_i has zero coordinates from r on: x_i ∈ span(Q e_0, …, Q e_{r−1}); entries k/16
      const X = s.coords.map((c) =>
        applyDyadic(
          Q,
          c.map((v, j) => (j < s.r ? v / 16 : 0)),
        ),
      );
      return { d: s.d, r: s.r, Q, X, y: s.y, a: s.a, gamma: s.gamma, W0: s.W0, lr: s.lr, weightDecay: s.weightDecay };
    });
}

/** GD with weight decay λ: W ← W − η(∇L̂(W) + λW) (λ = 0 is plain GD; used only by the negative control). */
function gdWithDecay<R extends Repr>(B: Backend<R>, lr: S<R>, lambda: S<R>): Stepper<R> {
  return {
    name: 'gdWeightDecay',
    params: { lr: B.show(lr), weightDecay: B.show(lambda) },
    init: (_F, theta0) => ({ theta: theta0 }),
    step: (F, s) => ({ theta: B.axpy(B.neg(lr), B.axpy(lambda, s.theta, F.grad(s.theta)), s.theta) }),
    theta: (s) => s.theta,
  };
}

export default defineTheorem<SpanSpec>({
  id: 'leaky_relu_gd_rows_move_in_data_span',
  title:
    'Leaky-ReLU two-layer net, fixed second layer: GD moves every row of W only within span{x_i} (P_⊥W(t) = P_⊥W(0))',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`W(t+1) = W(t) - \eta\nabla\hat L(W(t)),\ \nabla_{w_j}\hat L = \tfrac1n\textstyle\sum_i \ell'_i\, y_i a_j \phi'(\langle w_j, x_i\rangle)\, x_i \in \operatorname{span}\{x_i\} \implies P_\perp w_j(t) = P_\perp w_j(0)\ \forall j, t`,
  refs: [
    {
      arxiv: '2210.07082',
      where:
        'Frei, Vardi, Bartlett, Srebro & Hu 2023, §1 (setting: f(x; W) = Σ_j a_j φ(⟨w_j, x⟩), a fixed at initialization, leaky ReLU)',
    },
    {
      key: 'docs/theorems/lowrank.md#r10-rows-move-only-in-the-data-span',
      where: 'the gradient of each row is a combination of the x_i (derived)',
    },
  ],
  hypotheses: arb(fc.constant('0')),
  // Negative control: weight decay λ ∈ [1/8, 1/2] (not plain GD) shrinks P_⊥W by (1 − ηλ) per step.
  violations: arb(spec.dyadic({ min: '0.125', max: '0.5', bits: 3 })),
  budget: { ci: { runs: 60, negativeRuns: 20 } },
  evaluate(B, s) {
    const m = s.a.length;
    const F = leakyRisk(B, s.a, s.d, s.gamma, s.X, s.y);
    const lr = B.num(s.lr);
    const lambda = B.num(s.weightDecay);
    const stepper = B.isZero(lambda) ? gd(B, { lr }) : gdWithDecay(B, lr, lambda);
    const theta0 = B.vec(s.W0.flat());
    const sol = run(F, stepper, theta0, { steps: STEPS, save: { every: 1 } });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    // normals n_l = Q e_l (l ≥ r) as an (d − r)×d matrix N, exact (dyadic)
    const K = ballArith(B);
    const normals = Array.from({ length: s.d - s.r }, (_, l) => s.Q.map((row) => String(row[s.r + l]!)));
    const N = K.mexact(B.mat(normals));
    const pts = sol.trajectory;
    // row j of N·w: the projections P⊥w_j·n_l of the computed iterate (held exactly), in ball arithmetic
    const proj = (theta: V<Opaque>) => K.gemm(K.mexact(B.reshape(theta, m, s.d)), N, false, true);
    // Structural (the run's backward error), accumulated: Row j of Ĝ_t is a rounded sum Σ_i ĉ_ij x_i (ĉ_ij =
    // (1/n)ℓ̂'_i y_i a_j φ̂'_ij: whatever φ' the engine takes, also at or across the kink) with the exact data, so Ĝ_t
    // is within E_t (gradWithError's bar) of an exact combination G̃_t of the x_i, and N G̃_t = 0. So θ̂_{t+1} is
    // within δ_t = ηE_t + u(η|Ĝ_t| + |θ̂_{t+1}|(1 + u)) (6 roundings, rounded up) of a point with the same
    // N-projection as θ̂_t, and N·θ̂_T − N·θ̂_0 = Σ_t N·(that step's δ): the drift ball Σ_t N·[±δ_t], in ball
    // arithmetic.
    let drift = K.mdelta(B.mzeros(m, s.d - s.r));
    const out: Claim[] = [];
    const P0 = proj(theta0);
    for (let t = 0; t + 1 < pts.length; t++) {
      const th = pts[t]!.theta;
      const th1 = pts[t + 1]!.theta;
      const { grad, err } = gradWithError(F, th);
      const local = K.vroundUp(
        B.vadd(B.scal(lr, err), B.scal(B.eps, B.vadd(B.scal(lr, B.map('abs', grad)), B.map('abs', th1)))),
        6,
      );
      drift = K.madd(drift, K.gemm(K.mdelta(B.reshape(local, m, s.d)), N, false, true));
      if ((t + 1) % 10 !== 0 && t + 2 !== pts.length) continue;
      const P1 = K.mentries(K.madd(proj(th1), drift));
      const p0 = K.mentries(P0);
      // every row j and normal l; label P⊥w_j·n_l@t
      for (let i = 0; i < P1.length; i++)
        out.push(claims.eq(B, P1[i]!, p0[i]!, `Pperp_w${Math.floor(i / (s.d - s.r))}_n${i % (s.d - s.r)}@${t + 1}`));
    }
    return { claims: out, observed: { loss_end: B.show(F.value(sol.theta)), perp_dims: String(s.d - s.r) } };
  },
});
