/**
 * The rounding model of ball arithmetic, stated once. Every radius in src/ball/ is an upper bound because of the
 * assumptions and the two lemmas below; each operation only says how many roundings (k) its radius formula has.
 *
 * Assumptions on a backend B with unit roundoff u = B.eps (numeric/types.ts), for finite x, y:
 * (A1) basic operations: fl(x ∘ y) = (x ∘ y)(1 + δ) + ε, ∘ ∈ {+, −, ×, ÷}, |δ| ≤ u, |ε| ≤ 2^-1074 (gradual underflow
 *      of f64 and of dd's low word; decimal.js does not underflow in this range, ε = 0). Exact: neg, abs, min, max,
 *      cmp, int(n) for |n| < 2^53. num(s) is correctly rounded (A1 with ∘ the identity).
 *      f64: IEEE-754 round to nearest. dd: eps = 2^-102 bounds JMP 2017's add/mul/div (dd.ts). dec:p: u = ½·10^(1−p).
 * (A2) sqrt, exp, log, expm1 have relative error ≤ T·u, T = TRANSCENDENTAL_ULPS = 8 (plus ε). Per backend:
 *      f64's Math.sqrt is correctly rounded, but Math.exp/log/expm1 are not (V8's fdlibm ports: < 1 ulp ≤ 2u, not
 *      correctly rounded); dd's exp ≲ 2u₅₃² = eps/8 and log ≲ 9u₅₃² < eps (ddMath.ts), sqrt is one Newton step
 *      (≲ a few u₅₃²); decimal.js is correctly rounded (≤ u, decimal.ts). The backend law suite (numeric/laws.ts)
 *      tests each at 4u; we assume twice that.
 * (A3) reductions: dot(x, y) and sum(x) of n terms are within (n + 2)·u·Σ|terms| of the exact value (recursive or
 *      pairwise summation, Higham 2002 Thm 3.1 / eq. (3.5): γ_n ≤ n·u/(1 − n·u)); nrm2(x) is within (n + 8)·u·‖x‖
 *      (as the law suite tests, numeric/laws.ts §5: scaling, n squares and adds, one sqrt).
 *
 * Lemma 1 (upward rounding of a radius). Let X ≥ 0 be a formula built from nonnegative backend numbers with + , ×,
 * ÷, the functions of (A2) and the reductions of (A3), and x̂ its value computed in B with at most k roundings on any
 * path, a step with relative error ≤ j·u ((A2): j = T; (A3): j = n + 2 or n + 8) counted as 2j roundings
 * ((1 − u)^{2j} ≤ e^{−2ju} ≤ 1 − ju for ju ≤ 1). Then x̂ ≥ X(1 − u)^k − kε. The radius we store is
 * ρ = up_k(x̂) = fl(fl(x̂ · o_k) + η), o_k = fl(1 + c·u), c = 2k + 6, η = TINY = 2^-1000, and ρ ≥ X:
 * fl(1 + c·u) ≥ (1 + c·u)(1 − u), so
 *   ρ ≥ x̂(1 + c·u)(1 − u)³ + η(1 − u) ≥ x̂(1 + (c − 3)u − 3c·u²) + η/2 ≥ x̂(1 + 2ku) + kε ≥ X
 * using (1 − u)^{−k} ≤ 1 + 2ku and c·u ≤ 1/2 (checked: `up` throws otherwise), and η/2 ≥ kε for any k < 2^70.
 * When the backend does not underflow at 2^-2000 (decimal.js: ε = 0), the η term is dropped (ρ = fl(x̂ · o_k)).
 * Lemma 2 (downward rounding of a lower bound). For a positive quantity X with computed x̂ ≤ X(1 + u)^k + kε,
 * down_k(x̂) = fl(fl(x̂ · d_k) − η), d_k = fl(1 − c·u), is ≤ X, by the same expansion with the signs reversed.
 *
 * So in every operation: the midpoint is the backend's own result (rounded to nearest, as a plain computation
 * would be), and the radius adds (i) the propagated input radii, (ii) the midpoint's own rounding error u|m̂|·(1 + 2u)
 * (or T·u|m̂| for (A2) functions), all through up_k. Radii are rounded upward in this sense, not by directed rounding
 * (the backends have none). The factors (1 + c·u) are on the radius only, so they cost nothing noticeable.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';

/** Relative error of sqrt/exp/log/expm1 in units of u = B.eps (assumption A2). */
export const TRANSCENDENTAL_ULPS = 8;

/** Roundings a scalar ball operation's radius formula has at most (Lemma 1's k; ≥ the count of every op here). */
export const SCALAR_ROUNDINGS = 8 * TRANSCENDENTAL_ULPS + 12;

/** The absolute term η = 2^-1000 of Lemma 1 (covers underflow, assumption A1's ε). */
export const TINY_EXPONENT = -1000;

/** Upward / downward rounding of radii and lower bounds in one backend (Lemma 1 and Lemma 2). */
export interface Rounder<R extends Repr> {
  readonly B: Backend<R>;
  /** T·u for the (A2) functions. */
  readonly tu: S<R>;
  /** ρ ≥ X for x̂ computed with ≤ k roundings from nonnegative terms (Lemma 1). */
  up(x: S<R>, k: number): S<R>;
  /** A lower bound ≤ X for a positive X computed with ≤ k roundings (Lemma 2). */
  down(x: S<R>, k: number): S<R>;
  /** `up` entrywise (the same roundings per entry: a scaling, then a shift by η). */
  vup(x: V<R>, k: number): V<R>;
}

/** The rounder of a backend (caches c·u per k). */
export function rounder<R extends Repr>(B: Backend<R>): Rounder<R> {
  const eta = B.fromDouble(2 ** TINY_EXPONENT);
  // ε = 0 for a backend that represents η² = 2^-2000 (no underflow near the double range): η is then not needed.
  const underflows = B.isZero(B.mul(eta, eta));
  const half = B.num('0.5');
  const cache = new Map<number, { up: S<R>; down: S<R> }>();
  const factors = (k: number) => {
    let v = cache.get(k);
    if (v === undefined) {
      if (!(Number.isInteger(k) && k >= 0))
        throw new RangeError(`ball: rounding count k = ${k} must be a nonnegative integer`);
      const cu = B.mul(B.int(2 * k + 6), B.eps);
      if (B.cmp(cu, half) > 0) {
        throw new RangeError(
          `ball: ${k} roundings at u = ${B.show(B.eps)} (${B.id}) leave no rigorous bound (c·u > 1/2); use a higher-precision backend`,
        );
      }
      v = { up: B.add(B.one, cu), down: B.sub(B.one, cu) };
      cache.set(k, v);
    }
    return v;
  };
  return {
    B,
    tu: B.mul(B.int(TRANSCENDENTAL_ULPS), B.eps),
    up: underflows ? (x, k) => B.add(B.mul(x, factors(k).up), eta) : (x, k) => B.mul(x, factors(k).up),
    down: underflows ? (x, k) => B.sub(B.mul(x, factors(k).down), eta) : (x, k) => B.mul(x, factors(k).down),
    vup: underflows ? (x, k) => B.vshift(B.scal(factors(k).up, x), eta) : (x, k) => B.scal(factors(k).up, x),
  };
}
