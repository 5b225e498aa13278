import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  DIAGNOSTICS,
  gd,
  inconclusive,
  linear2,
  objective,
  run,
  scalarNet,
  spec,
  square,
  type Backend,
  type Linear2InitSpec,
  type Num,
  type Opaque,
  type S,
  type ScalarNetInitSpec,
  type Stepper,
} from '../../src/index.js';

type Rat = spec.rational.Q;
const { add, div, dyadicBelow, fromInt, mul, parseNum, toPlainNum } = spec.rational;

/**
 * Linear stability (docs/theorems/stability.md L1; Wu, Ma & E 2018): at a minimizer θ* with S(θ*) = λ_max(∇²F(θ*)) >
 * 2/η the GD map T(θ) = θ − η∇F(θ) has DT(θ*) = I − η∇²F(θ*) with an eigenvalue 1 − ηS < −1, so GD converges to θ* only
 * from a measure-zero set of starts. Hence: if GD converges to a minimizer θ*, then S(θ*) ≤ 2/η.
 *
 * Checked on two models with closed-form Hessians (docs/theorems/stability.md L2), x = 1 and the square loss:
 *   linear2:   F(a, b) = ½(aᵀb − Φ)², Φ ≠ 0;      scalarNet: F(w) = ½(Π w_i − y)², y ≠ 0,
 * with η = c·2/λ₀ around the initial curvature (λ₀ = ‖∇f(θ₀)‖², the Gauss–Newton part of ∇²F(θ₀); exact), c up to
 * 1.75: for c > 1 GD must leave θ₀'s neighbourhood for a flatter minimizer (or fail to converge: inconclusive).
 *
 * The measure-zero exception is excluded by construction where it is visible in spec space: θ₀ is never itself a
 * minimizer (the target is ρ times the initial output, ρ ≠ 1), and the saddles are avoided (linear2: Φ has the sign
 * of aᵀb > 0; scalarNet: all w_i ≠ 0 and sign(y) = sign(Π w_i)).
 */
type Common = {
  /** λ₀ = ‖∇f(θ₀)‖² exactly (linear2: ‖a‖² + ‖b‖²; scalarNet: Σ_i Π_{j≠i} w_j²). */
  readonly lambda0: Num;
  /** The draw of c; η ≈ c·2/λ₀. */
  readonly c: Num;
  /** η: c·2/λ₀ rounded down to a 12-bit dyadic, exact in every backend (any exact η > 0 meets the hypotheses). */
  readonly lr: Num;
  /** The bound's constant: "2" (the theorem), "1" (the negative control: S(θ*) ≤ 1/η must fail). */
  readonly twoOver: '2' | '1';
};
export type SharpnessSpec =
  | (Common & { readonly model: 'linear2'; readonly init: Linear2InitSpec; readonly phi: Num })
  | (Common & { readonly model: 'scalarNet'; readonly init: ScalarNetInitSpec });

/** The GD stepper under test; the injection test swaps in a broken one to show the theorem has teeth. */
export type MakeStepper = (B: Backend<Opaque>, lr: S<Opaque>) => Stepper<Opaque>;
const realGd: MakeStepper = (B, lr) => gd(B, { lr });

/** Step budget; runs that have not met the convergence test by then are inconclusive. */
const HORIZON = 6000;
/** Rate window: q = max ‖∇F_{k+1}‖/‖∇F_k‖ over the last WINDOW steps. */
const WINDOW = 8;
/** Convergence gate on q (a-posteriori linear rate). */
const Q_MAX = 0.999;
/** ‖θ‖ beyond this: GD is escaping (stop early instead of running dec backends to 1e10^15). */
const ESCAPE = 1e6;

const lrOf = (lambda0: Rat, c: Num, twoOver: '2' | '1') => ({
  lambda0: toPlainNum(lambda0),
  c,
  lr: toPlainNum(dyadicBelow(div(mul(parseNum(c), fromInt(2)), lambda0), 12)),
  twoOver,
});

/** ρ ∈ (1/4, 5/4) \ {1}: the target as a multiple of the initial output (ρ ≠ 1: θ₀ is never a minimizer). */
const rho = fc.oneof(
  spec.unitInterval({ lo: '0.25', hi: '1', bits: 5 }),
  spec.unitInterval({ lo: '1', hi: '1.25', bits: 5 }),
);

const linear2Arb = (cArb: fc.Arbitrary<Num>, twoOver: '2' | '1') =>
  fc
    .tuple(
      // ‖a + b‖ > ‖a − b‖ makes m = aᵀb > 0; ‖a + b‖ ≥ 1 keeps θ₀ away from the saddle at 0.
      spec.linear2Init({
        k: { min: 1, max: 3 },
        sumNorm: spec.dyadic({ min: '1', max: '2', bits: 5 }),
        diffNorm: spec.dyadic({ min: '0', max: '0.875', bits: 5 }),
      }),
      rho,
      cArb,
    )
    .map(([init, r, c]) => {
      // Φ = ρ·m: same sign as m (so GD does not head for the saddle at 0, which a balanced init with sign(Φ) ≠
      // sign(m) reaches exactly) and Φ ≠ m.
      const phi = mul(parseNum(r), parseNum(init.m));
      return {
        model: 'linear2' as const,
        init,
        phi: toPlainNum(phi),
        ...lrOf(parseNum(init.lambda, 'linear2Init.lambda'), c, twoOver),
      };
    });

const scalarNetArb = (cArb: fc.Arbitrary<Num>, twoOver: '2' | '1') =>
  fc
    .tuple(
      spec.scalarNetInit({ D: { min: 2, max: 4 }, magnitude: spec.dyadic({ min: '0.5', max: '1.5', bits: 5 }) }),
      rho,
      cArb,
    )
    .map(([init0, r, c]) => {
      const w = init0.w.map((x) => parseNum(x));
      // y = ρ·Π w_i: sign(y) = sign(Π w), y ≠ Π w (θ₀ is not a minimizer), and the minimizers GF/GD reach are at the
      // scale of θ₀ (an independent y makes λ_GF ≫ λ₀ and η = c·2/λ₀ diverge at once).
      const y = mul(
        parseNum(r),
        w.reduce((p, x) => mul(p, x), fromInt(1)),
      );
      let lambda0 = fromInt(0);
      for (let i = 0; i < w.length; i++) {
        let g = fromInt(1);
        for (let j = 0; j < w.length; j++) if (j !== i) g = mul(g, w[j]!);
        lambda0 = add(lambda0, mul(g, g));
      }
      return { model: 'scalarNet' as const, init: { w: init0.w, y: toPlainNum(y) }, ...lrOf(lambda0, c, twoOver) };
    });

/**
 * c for the theorem: one third in (1/4, 1) (GD converges near θ₀'s curvature), two thirds in (1, 7/4): η > 2/λ₀, so
 * GD must leave θ₀ for a flatter minimizer (often at the edge of stability, S∞ ≈ 2/η: the instances with teeth).
 */
const cHyp = fc.oneof(
  { weight: 1, arbitrary: spec.unitInterval({ lo: '0.25', hi: '1', bits: 8 }) },
  { weight: 2, arbitrary: spec.unitInterval({ lo: '1', hi: '1.75', bits: 8 }) },
);
/** c for the negative control: (0.6, 0.95), where GD converges with S∞ typically in (1/η, 2/η). */
const cNeg = spec.unitInterval({ lo: '0.6', hi: '0.95', bits: 8 });

const arb = (c: fc.Arbitrary<Num>, twoOver: '2' | '1'): fc.Arbitrary<SharpnessSpec> =>
  fc.oneof(linear2Arb(c, twoOver), scalarNetArb(c, twoOver));

/** Builds the theorem around a GD stepper (the catalogue uses the real one). */
export function limitSharpness(makeStepper: MakeStepper = realGd) {
  return defineTheorem<SharpnessSpec>({
    id: 'gd_limit_sharpness_le_two_over_lr',
    title: 'If GD with step η converges to a minimizer θ*, then the sharpness S(θ*) ≤ 2/η (linear stability)',
    status: 'theorem',
    kind: 'upper',
    claim: String.raw`\theta_{k+1}=\theta_k-\eta\nabla F(\theta_k)\to\theta^*,\ \nabla F(\theta^*)=0,\ F(\theta^*)=\min F \implies \lambda_{\max}\bigl(\nabla^2F(\theta^*)\bigr)\le \tfrac{2}{\eta}`,
    refs: [
      { key: 'WuMaE2018', where: 'NeurIPS 2018 (linear stability of GD at a minimum: the 2/η criterion)' },
      { arxiv: '2103.00065', where: 'Cohen et al. 2021 (discussion of the 2/η stability threshold)' },
      {
        key: 'docs/theorems/stability.md#l1-linear-stability-of-gd-at-a-minimum',
        where: 'DT(θ*) = I − η∇²F(θ*) has an eigenvalue < −1 when S > 2/η (derived)',
      },
      {
        key: 'docs/theorems/stability.md#l2-closed-form-hessians-used-for-the-check',
        where: 'closed-form Hessians of the two models (derived)',
      },
    ],
    hypotheses: arb(cHyp, '2'),
    // Negative control (the wording): the same claim with 1/η in place of 2/η must be violated; GD with
    // c ∈ (0.6, 0.95) converges to minimizers with S∞ ∈ (1/η, 2/η) on most instances.
    violations: arb(cNeg, '1'),
    evaluate(B, s) {
      const X = B.mat([['1']]);
      const isL2 = s.model === 'linear2';
      const model = isL2 ? linear2(B, { k: s.init.a.length }) : scalarNet(B, { depth: s.init.w.length });
      const yNum = isL2 ? s.phi : s.init.y;
      const F = objective(B, model, square(B), { X, y: B.vec([yNum]) });
      const theta0 = B.vec(isL2 ? [...s.init.a, ...s.init.b] : s.init.w);
      const lr = B.num(s.lr); // a 12-bit dyadic: exact in f64, dd and dec
      const dim = F.dim;
      const deg = isL2 ? 2 : s.init.w.length; // degree of f(θ)

      // Convergence threshold τ on ‖∇F‖, near the backend's precision: the computed gradient at a minimizer is
      // rounding noise of size ≈ dim·u·|y|·‖∇f‖; τ sits 2^13 above that (so the rate ratios below are clean).
      // u is capped at dd's 2^-102 so the referee's dec:50/dec:100 stop where dd does (M·d is then ~1e-25, far
      // below any margin; a smaller τ would only cost steps).
      const u = Math.max(B.toNumber(B.eps), 2 ** -102);
      const th0 = Math.max(...Array.from(B.toNumbers(theta0), Math.abs));
      const tau = 2 ** 13 * dim * u * (1 + Math.abs(Number(yNum))) * (1 + th0) ** (deg - 1);

      const norms: number[] = [];
      const sol = run(F, makeStepper(B, lr), theta0, {
        steps: HORIZON,
        stop: (Fx, th) => {
          const gn = B.toNumber(B.nrm2(Fx.grad(th)));
          norms.push(gn);
          if (norms.length > WINDOW + 1) norms.shift();
          if (!(B.toNumber(B.nrm2(th)) < ESCAPE) || !Number.isFinite(gn)) return 'escaped';
          return gn <= tau ? 'converged' : false;
        },
      });
      const observed = { lr: s.lr, c: s.c, lambda0: s.lambda0, steps: String(sol.steps) };
      if (sol.result === 'diverged' || sol.reason === 'escaped')
        return inconclusive(`GD diverged (${sol.message})`, observed);
      if (sol.result !== 'stopped')
        return inconclusive(`GD did not reach ‖∇F‖ ≤ ${tau.toExponential(2)} within ${HORIZON} steps`, observed);
      if (sol.steps < WINDOW)
        return inconclusive(`converged in ${sol.steps} < ${WINDOW} steps: the rate q cannot be estimated`, observed);
      const thN = sol.theta;
      // Critical values are 0 (minimizers) and y²/2 (saddles: aᵀb = 0 at a = b = 0; ≥ 2 zero weights): F(θ_N) ≤ τ
      // (≪ y²/2 ≥ 1/512) says θ_N is near a minimizer, not a saddle.
      if (!(B.toNumber(F.value(thN)) <= tau))
        return inconclusive('GD converged to a non-minimizing critical point (a saddle)', observed);

      // q: max ratio of successive gradient norms over the last WINDOW steps (the observed linear rate).
      let q = 0;
      for (let i = 0; i + 1 < norms.length; i++) q = Math.max(q, norms[i + 1]! / norms[i]!);
      if (!(q < Q_MAX))
        return inconclusive(`GD is converging too slowly to bound the tail (q = ${q.toFixed(5)} ≥ ${Q_MAX})`, observed);

      // d: remaining path length, an A-POSTERIORI estimate (not a bound) from linear convergence ‖∇F_{N+j}‖ ≤ qʲ‖∇F_N‖:
      // ‖θ* − θ_N‖ ≤ Σ_j η‖∇F_{N+j}‖ ≤ η‖∇F_N‖/(1 − q), ×2 for the rate drifting over the tail. It is used only where
      // M·d ≤ 1e-6·(2/η) (below), far inside the margin the rate implies: q ≈ |1 − ηS| < 0.999 ⇒ 2/η − S ≳ 5e-4·(2/η).
      // Why not a certificate: a contraction proof for exact GD with step η on a ball around θ_N is rigorous, but it
      // models the stepper instead of observing it, needs ηS < 2, and so holds by construction — the injection test's
      // broken stepper (step η/2) then goes undetected (tried: injection.test.ts fails).
      const gN = B.nrm2(F.grad(thN));
      const d = B.mul(B.int(2), B.div(B.mul(lr, gN), B.num(String(1 - q))));
      // M ≥ sup ‖∇³F‖ over the ball B(θ_N, d) (Weyl: |S(θ*) − S(θ_N)| ≤ M·d), with F = ½ε², ε = f − y:
      //  ∇³F[u] = (∇²f u)∇fᵀ + ∇f(∇²f u)ᵀ + (∇fᵀu)∇²f + ε∇³f[u].
      const r = B.add(B.nrm2(thN), d);
      let M: S<Opaque>;
      if (isL2) {
        // linear2: ∇³f = 0, ‖∇²f‖ = 1, ‖∇f‖ = ‖θ‖ ⇒ ‖∇³F‖ ≤ 3‖θ‖ ≤ 3(‖θ_N‖ + d).
        M = B.mul(B.int(3), r);
      } else {
        // scalarNet: ‖∇f‖ ≤ √D·W̄^{D−1}, ‖∇²f‖ ≤ ‖K‖_F ≤ D·W̄^{D−2}, ‖∇³f‖ ≤ D^{3/2}·W̄^{D−3}, W̄ = max(‖θ‖∞ + d, 1)
        // ⇒ ‖∇³F‖ ≤ (3 + |ε|)·D^{3/2}·W̄^{2D−3}, with |ε| ≤ W̄^D + |y| on the ball.
        const D = s.init.w.length;
        const W = B.max(B.add(B.amax(B.map('abs', thN)), d), B.one);
        const eps = B.add(B.powi(W, D), B.abs(B.num(s.init.y)));
        M = B.mul(B.mul(B.add(B.int(3), eps), B.sqrt(B.powi(B.int(D), 3))), B.powi(W, 2 * D - 3));
      }
      const tail = B.mul(M, d);
      const bound = B.div(B.num(s.twoOver), lr);
      // The tail estimate must be negligible against the claim (else the sample says nothing certain).
      if (!(B.toNumber(tail) <= 1e-6 * B.toNumber(bound)))
        return inconclusive(`tail term M·d = ${B.show(tail)} is not negligible`, observed);

      const K = ballArith(B);
      // S(θ_N) ± (Hessian rounding + eigensolver residual), the diagnostic's ball; widened by the tail M·d, a bar from
      // the problem's structure (the a-posteriori distance to θ* above), not from arithmetic.
      const sharp = K.widen(DIAGNOSTICS.sharpness.compute({ F, theta: thN }), tail);
      const boundBall = K.div(K.num(s.twoOver), K.exact(lr)); // η is exact (a 12-bit dyadic)
      return {
        claims: [claims.le(B, sharp, boundBall, `S(θ*)<=${s.twoOver}/η`)],
        observed: {
          ...observed,
          S: B.show(sharp.value),
          bound: B.show(bound),
          q: q.toPrecision(6),
          tail: B.show(tail),
        },
      };
    },
  });
}

export default limitSharpness();
