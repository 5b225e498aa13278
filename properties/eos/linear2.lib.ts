/**
 * Shared pieces of the Beneventano–Woodworth theorems (arXiv 2501.09137; docs/theorems/eos.md E1–E9): the depth-2
 * linear net L(a, b) = ½(aᵀb − Φ)² as an engine objective, exact instance generators, the state quantities
 * (m = aᵀb, ε = m − Φ, λ = ‖a‖² + ‖b‖², Q = ‖a + b‖·‖a − b‖) with rounding error bars, and a GD trajectory with a
 * per-step backward-error bound.
 *
 * Error bars: the state quantities are balls (src/ball: ball arithmetic at the computed point θ̂); the trajectory's
 * per-step backward error (`delta`) is the one structural bar, computed below in ball arithmetic.
 */
import fc from 'fast-check';
import {
  ballArith,
  gd,
  linear2,
  objective,
  run,
  spec,
  square,
  type Backend,
  type Ball,
  type Linear2InitSpec,
  type Num,
  type Objective,
  type Repr,
  type S,
  type V,
} from '../../src/index.js';

type Rat = spec.rational.Q;
const { add, cmp, fromInt, largestDyadicBelow, mul, parseNum, toNumber } = spec.rational;

/** A depth-2 linear-net GD instance: init (a₀, b₀) with exact invariants, target Φ ≠ 0, dyadic step η. */
export interface L2Instance {
  readonly init: Linear2InitSpec;
  readonly Phi: Num;
  readonly lr: Num;
}

/** Target Φ ∈ ±[1/2, 2] (nonzero, sign free: docs/theorems/eos.md E1 needs Φ ≠ 0). */
export const phiArb = spec.nonzeroDyadic({ minAbs: '0.5', maxAbs: '2', bits: 4 });

/** Init with ‖a ± b‖ ∈ [1/4, 5/2]: Q₀ > 0 (imbalanced, the interesting case) and a₀ ± b₀ ≠ 0 (GF not at the saddle). */
export const initArb = spec.linear2Init({
  k: { min: 1, max: 3 },
  sumNorm: spec.dyadic({ min: '0.25', max: '2.5', bits: 5 }),
  diffNorm: spec.dyadic({ min: '0.25', max: '2.5', bits: 5 }),
  maxReflections: 2,
});

/** λ_GF² = Q₀² + 4Φ² (docs/theorems/eos.md E5), exactly. */
export function lamGf2(init: Linear2InitSpec, Phi: Num): Rat {
  const Q = parseNum(init.Q);
  const P = parseNum(Phi);
  return add(mul(Q, Q), mul(fromInt(4), mul(P, P)));
}

const ETA_BITS = 24;

/**
 * The largest dyadic η = j/2^24 with η·λ₀ ≤ c and η·λ_GF ≤ c, i.e. η·max(λ₀, λ_GF) ≤ c, decided exactly
 * (η²·(Q₀² + 4Φ²) ≤ c² for the irrational λ_GF).
 */
export function lrBelow(init: Linear2InitSpec, Phi: Num, c: Rat): Num {
  const lam0 = parseNum(init.lambda);
  const g2 = lamGf2(init, Phi);
  const ok = (lr: Rat) => cmp(mul(lr, lam0), c) <= 0 && cmp(mul(mul(lr, lr), g2), mul(c, c)) <= 0;
  const guess = toNumber(c) / Math.max(toNumber(lam0), Math.sqrt(toNumber(g2)));
  return largestDyadicBelow(guess * 0.999, ETA_BITS, ok);
}

/** Exact check of η·max(λ₀, λ_GF) ≤ c for an instance (used by evaluate to reject generator bugs). */
export function lrMaxSharpnessLe(s: L2Instance, c: Rat): boolean {
  const lr = parseNum(s.lr);
  return cmp(mul(lr, parseNum(s.init.lambda)), c) <= 0 && cmp(mul(mul(lr, lr), lamGf2(s.init, s.Phi)), mul(c, c)) <= 0;
}

/** Instances with η = (largest dyadic) ≤ u·c/max(λ₀, λ_GF), u drawn from `u`. */
export function instanceArb(u: fc.Arbitrary<Num>, c: Num): fc.Arbitrary<L2Instance> {
  return fc.record({ init: initArb, Phi: phiArb, u }).map(({ init, Phi, u: uu }) => ({
    init,
    Phi,
    lr: lrBelow(init, Phi, mul(parseNum(uu), parseNum(c))),
  }));
}

/** State quantities at θ = (a, b) as balls (ball arithmetic; θ is the computed point, taken exactly). */
export interface L2State<R extends Repr> {
  readonly theta: V<R>;
  readonly m: Ball<R>;
  readonly eps: Ball<R>;
  readonly lam: Ball<R>;
  readonly Q: Ball<R>;
  /** ‖a + b‖, ‖a − b‖ */
  readonly sN: Ball<R>;
  readonly dN: Ball<R>;
}

export function l2State<R extends Repr>(B: Backend<R>, theta: V<R>, k: number, Phi: Ball<R>): L2State<R> {
  const K = ballArith(B);
  const a = K.vexact(B.slice(theta, 0, k));
  const b = K.vexact(B.slice(theta, k, 2 * k));
  const th = K.vexact(theta);
  const m = K.dot(a, b);
  const sN = K.norm2(K.vadd(a, b));
  const dN = K.norm2(K.vsub(a, b));
  return { theta, m, eps: K.sub(m, Phi), lam: K.dot(th, th), Q: K.mul(sN, dN), sN, dN };
}

/** The engine objective L(a, b) = ½(aᵀb − Φ)² (linear2 with X = [[1]], square loss, n = 1: no mean division). */
export function l2Objective<R extends Repr>(B: Backend<R>, k: number, Phi: Num): Objective<R> {
  return objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.vec([Phi]) });
}

export interface L2Trajectory<R extends Repr> {
  readonly states: L2State<R>[];
  /**
   * delta[t] bounds ‖θ̂_{t+1} − G(θ̂_t)‖ (G = the exact GD map): the computed trajectory is an exact GD trajectory
   * with these per-step perturbations (backward error, a structural bar). Computed: G(θ̂_t) = θ̂_t − η·ε(θ̂_t)(b; a)
   * in ball arithmetic, and delta[t] = the upper end of ‖θ̂_{t+1} − G(θ̂_t)‖.
   */
  readonly delta: S<R>[];
  readonly result: string;
  /** 'converged' | 'escaped' when the run stopped early. */
  readonly reason?: string;
  readonly message: string;
}

/**
 * GD on L(a, b) from the instance, saving every step, stopping when |ε̂| ≤ stopTol (if given) or when λ = ‖θ‖²
 * exceeds `escape` (if given: a run that is blowing up is stopped while every backend still agrees on it, instead of
 * overflowing in f64/dd and not in decimal).
 */
export function l2Run<R extends Repr>(
  B: Backend<R>,
  s: L2Instance,
  steps: number,
  stopTol?: S<R>,
  escape?: S<R>,
): L2Trajectory<R> {
  const K = ballArith(B);
  const k = s.init.a.length;
  const Phi = B.num(s.Phi);
  const PhiB = K.num(s.Phi);
  const lr = B.num(s.lr);
  const F = l2Objective(B, k, s.Phi);
  const theta0 = B.concat([B.vec(s.init.a), B.vec(s.init.b)]);
  const stop =
    stopTol === undefined && escape === undefined
      ? undefined
      : (_F: unknown, th: V<R>) => {
          if (
            stopTol !== undefined &&
            B.cmp(B.abs(B.sub(B.dot(B.slice(th, 0, k), B.slice(th, k, 2 * k)), Phi)), stopTol) <= 0
          )
            return 'converged';
          if (escape !== undefined && B.cmp(B.dot(th, th), escape) > 0) return 'escaped';
          return undefined;
        };
  const sol = run(F, gd(B, { lr }), theta0, { steps, save: { every: 1 }, ...(stop ? { stop } : {}) });
  const states = sol.trajectory.map((p) => l2State(B, p.theta, k, PhiB));
  const lrB = K.num(s.lr);
  const delta: S<R>[] = [];
  for (let t = 0; t + 1 < states.length; t++) {
    const th = sol.trajectory[t]!.theta;
    // the exact GD map G(θ̂_t) = θ̂_t − η·ε(θ̂_t)(b; a) as a ball (ε from the state's ball, exact Φ)
    const ba = K.vexact(B.concat([B.slice(th, k, 2 * k), B.slice(th, 0, k)]));
    const G = K.vsub(K.vexact(th), K.scal(lrB, K.scal(states[t]!.eps, ba)));
    delta.push(K.upper(K.norm2(K.vsub(K.vexact(sol.trajectory[t + 1]!.theta), G))));
  }
  return {
    states,
    delta,
    result: sol.result,
    message: sol.message,
    ...(sol.reason !== undefined ? { reason: sol.reason } : {}),
  };
}

/**
 * Bound on |Q(θ + δ) − Q(θ)| for ‖δ‖ ≤ Δ, from the state `st` AT θ: ‖δ(a ± b)‖ ≤ √2Δ, so |ΔQ| ≤ √2Δ(‖a + b‖ + ‖a − b‖)
 * + 2Δ² (≤ 3/2 for √2). For a step's backward error pass the computed θ̂_{t+1} (G(θ̂_t) = θ̂_{t+1} − δ_t): the norms at
 * θ̂_t would undercount by the factors |1 ∓ ηε_t| of docs/theorems/eos.md E3 Evaluated in ball arithmetic: an upper
 * bound.
 */
export function lipQ<R extends Repr>(B: Backend<R>, st: L2State<R>, Delta: S<R>): S<R> {
  const K = ballArith(B);
  const D = K.exact(Delta);
  return K.upper(K.add(K.mul(K.mul(K.div(K.int(3), K.int(2)), D), K.add(st.sN, st.dN)), K.mul(K.int(2), K.sqr(D))));
}

/** λ_GF = √(Q₀² + 4Φ²) (docs/theorems/eos.md E5) from the materialized init's state, in ball arithmetic. */
export function lamGfClosed<R extends Repr>(B: Backend<R>, st0: L2State<R>, Phi: Ball<R>): Ball<R> {
  const K = ballArith(B);
  return K.sqrt(K.add(K.sqr(st0.Q), K.mul(K.int(4), K.sqr(Phi))));
}

/**
 * Convergence tolerance on |ε|: 1e-30, or the backend's rounding floor 32·k·u·(λ₀ + λ_GF + |Φ|) when that is larger
 * (ε̂ = fl(aᵀb) − Φ cannot resolve less than ≈ k·u·λ; f64 stops near 1e-13, dd near 1e-29, dec:50 at 1e-30).
 */
export function convTol<R extends Repr>(B: Backend<R>, k: number, lam0: S<R>, lamGf: S<R>, Phi: S<R>): S<R> {
  const floor = B.mul(B.mul(B.int(32 * k), B.eps), B.add(B.add(lam0, lamGf), B.abs(Phi)));
  return B.max(B.num('1e-30'), floor);
}

/**
 * Upper bound on the sharpness at θ_T from the state (docs/theorems/eos.md E2): S = max(½(λ + √(λ² + 4ε(2Φ + 3ε))),
 * |ε|·[k ≥ 2]) (using Q² = λ² − 4m², m = Φ + ε), so S − λ ≤ |ε|(2|Φ| + 3|ε|)/λ + |ε| (a ball).
 */
export function sharpnessExcess<R extends Repr>(B: Backend<R>, st: L2State<R>, Phi: Ball<R>): Ball<R> {
  const K = ballArith(B);
  const e = K.abs(st.eps);
  return K.add(K.div(K.mul(e, K.add(K.mul(K.int(2), K.abs(Phi)), K.mul(K.int(3), e))), st.lam), e);
}
