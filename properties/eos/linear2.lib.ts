/**
 * Shared pieces of the Beneventano–Woodworth theorems (arXiv 2501.09137; docs/theorems/eos.md E1–E9): the depth-2 linear net
 * L(a, b) = ½(aᵀb − Φ)² as an engine objective, exact instance generators, the state quantities
 * (m = aᵀb, ε = m − Φ, λ = ‖a‖² + ‖b‖², Q = ‖a + b‖·‖a − b‖) with rounding error bars, and a GD trajectory with a
 * per-step backward-error bound.
 *
 * Error-bar conventions (u = B.eps, k = width, every bar carries a factor ≥ 2 over the first-order term, which covers
 * γ_n ≤ 1.01·n·u and the neglected O(u²) products):
 * - m = dot(a, b): γ_k Σ|a_i b_i| ≤ 1.01·k·u·‖a‖‖b‖ ≤ k·u·λ (‖a‖‖b‖ ≤ λ/2).
 * - ε = fl(m − Φ): + u|ε|.
 * - λ = dot(θ, θ): γ_{2k}·λ.
 * - Q: a ± b entrywise to relative u, each nrm2 to relative (k + 2)u, one product: relative 2(k + 4)u.
 */
import fc from 'fast-check';
import {
  gd, linear2, objective, run, spec, square,
  type AnyBackend, type Linear2InitSpec, type Num, type Objective,
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
export function etaBelow(init: Linear2InitSpec, Phi: Num, c: Rat): Num {
  const lam0 = parseNum(init.lambda);
  const g2 = lamGf2(init, Phi);
  const ok = (eta: Rat) => cmp(mul(eta, lam0), c) <= 0 && cmp(mul(mul(eta, eta), g2), mul(c, c)) <= 0;
  const guess = toNumber(c) / Math.max(toNumber(lam0), Math.sqrt(toNumber(g2)));
  return largestDyadicBelow(guess * 0.999, ETA_BITS, ok);
}

/** Exact check of η·max(λ₀, λ_GF) ≤ c for an instance (used by evaluate to reject generator bugs). */
export function etaMaxSharpnessLe(s: L2Instance, c: Rat): boolean {
  const eta = parseNum(s.lr);
  return cmp(mul(eta, parseNum(s.init.lambda)), c) <= 0 && cmp(mul(mul(eta, eta), lamGf2(s.init, s.Phi)), mul(c, c)) <= 0;
}

/** Instances with η = (largest dyadic) ≤ u·c/max(λ₀, λ_GF), u drawn from `u`. */
export function instanceArb(u: fc.Arbitrary<Num>, c: Num): fc.Arbitrary<L2Instance> {
  return fc.record({ init: initArb, Phi: phiArb, u }).map(({ init, Phi, u: uu }) => ({
    init, Phi, lr: etaBelow(init, Phi, mul(parseNum(uu), parseNum(c))),
  }));
}

/** State quantities at θ = (a, b) with their rounding error bars (module doc). */
export interface L2State {
  readonly theta: unknown;
  readonly m: unknown;
  readonly eps: unknown;
  readonly lam: unknown;
  readonly Q: unknown;
  /** ‖a + b‖, ‖a − b‖ */
  readonly sN: unknown;
  readonly dN: unknown;
  readonly eEps: unknown;
  readonly eLam: unknown;
  readonly eQ: unknown;
}

export function l2State(B: AnyBackend, theta: unknown, k: number, Phi: unknown): L2State {
  const u = B.eps;
  const a = B.slice(theta, 0, k);
  const b = B.slice(theta, k, 2 * k);
  const m = B.dot(a, b);
  const eps = B.sub(m, Phi);
  const lam = B.dot(theta, theta);
  const sN = B.nrm2(B.vadd(a, b));
  const dN = B.nrm2(B.vsub(a, b));
  const Q = B.mul(sN, dN);
  // m: k·u·λ; ε: + u|ε|; factor 2 (module doc)
  const eEps = B.mul(B.int(2), B.mul(u, B.add(B.mul(B.int(k), lam), B.abs(eps))));
  const eLam = B.mul(B.mul(B.int(2 * (2 * k + 1)), u), lam);
  const eQ = B.mul(B.mul(B.int(4 * (k + 4)), u), Q);
  return { theta, m, eps, lam, Q, sN, dN, eEps, eLam, eQ };
}

/** The engine objective L(a, b) = ½(aᵀb − Φ)² (linear2 with X = [[1]], square loss, n = 1: no mean division). */
export function l2Objective(B: AnyBackend, k: number, Phi: Num): Objective<any> {
  return objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.vec([Phi]) });
}

export interface L2Trajectory {
  readonly states: L2State[];
  /**
   * delta[t] bounds ‖θ̂_{t+1} − G(θ̂_t)‖ (G = the exact GD map): the computed trajectory is an exact GD trajectory
   * with these per-step perturbations (backward error). Derivation: ε̂ = ε + δε (|δε| ≤ eEps), ĝ = ε̂·(b; a)
   * rounds by u|ε̂|√λ (‖(b; a)‖ = √λ), the axpy θ − ηĝ by u|ηĝ| + u‖θ̂⁺‖ (η is dyadic: exact). Sum, factor 2.
   */
  readonly delta: unknown[];
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
export function l2Run(B: AnyBackend, s: L2Instance, steps: number, stopTol?: unknown, escape?: unknown): L2Trajectory {
  const k = s.init.a.length;
  const Phi = B.num(s.Phi);
  const eta = B.num(s.lr);
  const F = l2Objective(B, k, s.Phi);
  const theta0 = B.concat([B.vec(s.init.a), B.vec(s.init.b)]);
  const stop = stopTol === undefined && escape === undefined
    ? undefined
    : (_F: unknown, th: unknown) => {
        if (stopTol !== undefined && B.cmp(B.abs(B.sub(B.dot(B.slice(th, 0, k), B.slice(th, k, 2 * k)), Phi)), stopTol) <= 0) return 'converged';
        if (escape !== undefined && B.cmp(B.dot(th, th), escape) > 0) return 'escaped';
        return undefined;
      };
  const sol = run(F, gd(B, { lr: eta }), theta0, { steps, save: { every: 1 }, ...(stop ? { stop } : {}) });
  const states = sol.trajectory.map((p) => l2State(B, p.theta, k, Phi));
  const u = B.eps;
  const delta: unknown[] = [];
  for (let t = 0; t + 1 < states.length; t++) {
    const x = states[t]!;
    const y = states[t + 1]!;
    const sq = B.sqrt(x.lam);
    const d = B.add(B.mul(B.mul(eta, sq), B.add(x.eEps, B.mul(B.int(2), B.mul(u, B.abs(x.eps))))), B.mul(u, B.sqrt(y.lam)));
    delta.push(B.mul(B.int(2), d));
  }
  return { states, delta, result: sol.result, message: sol.message, ...(sol.reason !== undefined ? { reason: sol.reason } : {}) };
}

/**
 * Bound on |Q(θ + δ) − Q(θ)| for ‖δ‖ ≤ Δ, from the state `st` AT θ: ‖δ(a ± b)‖ ≤ √2Δ, so |ΔQ| ≤ √2Δ(‖a + b‖ + ‖a − b‖)
 * + 2Δ² (≤ 3/2 for √2). For a step's backward error pass the computed θ̂_{t+1} (G(θ̂_t) = θ̂_{t+1} − δ_t): the norms at
 * θ̂_t would undercount by the factors |1 ∓ ηε_t| of docs/theorems/eos.md E3.
 */
export function lipQ(B: AnyBackend, st: L2State, Delta: unknown): unknown {
  return B.add(B.mul(B.mul(B.num('1.5'), Delta), B.add(st.sN, st.dN)), B.mul(B.int(2), B.mul(Delta, Delta)));
}

/** Σ of backend scalars. */
export function bsum(B: AnyBackend, xs: readonly unknown[]): unknown {
  return xs.reduce((acc, x) => B.add(acc, x), B.zero);
}

/**
 * λ_GF = √(Q̂₀² + 4Φ²) (docs/theorems/eos.md E5) from the materialized init, ± (Q₀/λ_GF)·eQ₀ (dλ/dQ = Q/λ) + 4u·λ_GF
 * (square, sum, sqrt roundings).
 */
export function lamGfClosed(B: AnyBackend, st0: L2State, Phi: unknown): { value: unknown; err: unknown } {
  const value = B.sqrt(B.add(B.mul(st0.Q, st0.Q), B.mul(B.int(4), B.mul(Phi, Phi))));
  const err = B.add(B.mul(B.div(st0.Q, value), st0.eQ), B.mul(B.mul(B.int(4), B.eps), value));
  return { value, err };
}

/**
 * Convergence tolerance on |ε|: 1e-30, or the backend's rounding floor 32·k·u·(λ₀ + λ_GF + |Φ|) when that is larger
 * (ε̂ = fl(aᵀb) − Φ cannot resolve less than ≈ k·u·λ; f64 stops near 1e-13, dd near 1e-29, dec:50 at 1e-30).
 */
export function convTol(B: AnyBackend, k: number, lam0: unknown, lamGf: unknown, Phi: unknown): unknown {
  const floor = B.mul(B.mul(B.int(32 * k), B.eps), B.add(B.add(lam0, lamGf), B.abs(Phi)));
  return B.max(B.num('1e-30'), floor);
}

/**
 * Upper bound on the sharpness at θ_T from the state (docs/theorems/eos.md E2): S = max(½(λ + √(λ² + 4ε(2Φ + 3ε))), |ε|·[k ≥ 2])
 * (using Q² = λ² − 4m², m = Φ + ε), so S − λ ≤ |ε|(2|Φ| + 3|ε|)/λ + |ε|.
 */
export function sharpnessExcess(B: AnyBackend, st: L2State, Phi: unknown): unknown {
  const e = B.abs(st.eps);
  return B.add(B.div(B.mul(e, B.add(B.mul(B.int(2), B.abs(Phi)), B.mul(B.int(3), e))), st.lam), e);
}
