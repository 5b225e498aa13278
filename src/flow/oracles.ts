/**
 * Closed-form gradient-flow limits (docs/theorems/eos.md E5 and E11) — oracles the integrator is tested against.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';

export interface Linear2Limit<R extends Repr> {
  readonly a: V<R>;
  readonly b: V<R>;
  /** λ_max(∇²L) at the limit = ‖a∞‖² + ‖b∞‖² = √(4Φ² + ‖u₀‖²‖v₀‖²). */
  readonly sharpness: S<R>;
  /** Rounding bound on ‖(a, b) − (a∞, b∞)‖ (first order, see `linear2Limit`). */
  readonly err: S<R>;
}

/**
 * GF limit of L(a, b) = ½(aᵀb − Φ)² (depth-2 linear net, x = 1; docs/theorems/eos.md E5). With u₀ = a₀ + b₀, v₀ = a₀ −
 * b₀ (u' = −εu, v' = εv, so aaᵀ − bbᵀ is conserved):
 *   z = (2Φ + √(4Φ² + ‖u₀‖²‖v₀‖²))/‖u₀‖²,  a∞ = (√z·u₀ + v₀/√z)/2,  b∞ = (√z·u₀ − v₀/√z)/2.
 * For Φ < 0, z = ‖v₀‖²/(√(…) − 2Φ) (same value, no cancellation). Throws on the degenerate inits that flow to the
 * saddle at 0 (u₀ = 0, or v₀ = 0 with Φ ≤ 0).
 * Rounding (first order, each count n of roundings written n + 1; tested against dec:80 in oracles.test.ts): u, v (u
 * each), ‖u‖², ‖v‖² ((k + 2)u), root ((k + 4)u), z ((2k + 8)u), √z ((k + 5)u), √z·u ((k + 7)u), v/√z ((k + 8)u),
 * ½(· ± ·) (2u); with ‖a∞ ± b∞‖ ≤ √2‖θ∞‖: ‖θ̂ − θ∞‖ ≤ 2√2(k + 9)u‖θ∞‖, reported as `err` = 2√2(k + 10)u‖θ̂‖.
 */
export function linear2Limit<R extends Repr>(B: Backend<R>, a0: V<R>, b0: V<R>, Phi: S<R>): Linear2Limit<R> {
  const u = B.vadd(a0, b0);
  const v = B.vsub(a0, b0);
  const U = B.dot(u, u);
  const W = B.dot(v, v);
  if (B.isZero(U)) throw new RangeError('linear2Limit: a0 + b0 = 0, gradient flow goes to the saddle (a, b) = 0');
  const twoPhi = B.mul(B.int(2), Phi);
  const root = B.sqrt(B.add(B.mul(twoPhi, twoPhi), B.mul(U, W)));
  let z: S<R>;
  if (B.cmp(Phi, B.zero) >= 0) z = B.div(B.add(twoPhi, root), U);
  else {
    if (B.isZero(W))
      throw new RangeError('linear2Limit: a0 = b0 with Φ < 0, gradient flow goes to the saddle (a, b) = 0');
    z = B.div(W, B.sub(root, twoPhi));
  }
  if (B.isZero(z))
    throw new RangeError('linear2Limit: a0 = b0 with Φ = 0, gradient flow goes to the saddle (a, b) = 0');
  const sz = B.sqrt(z);
  const half = B.div(B.one, B.int(2));
  const su = B.scal(sz, u);
  const vz = B.scal(B.div(B.one, sz), v);
  const a = B.scal(half, B.vadd(su, vz));
  const b = B.scal(half, B.vsub(su, vz));
  const k = B.dim(a0);
  const err = B.mul(B.mul(B.mul(B.int(2 * (k + 10)), B.sqrt(B.int(2))), B.eps), B.nrm2(B.concat([a, b])));
  return { a, b, sharpness: root, err };
}

export interface ScalarNetLimit<R extends Repr> {
  readonly w: V<R>;
  /** The shift s with w∞_i² = w_i0² + s. */
  readonly s: S<R>;
  /** λ_max(∇²L) at the limit = y²·Σ_i 1/w∞_i². */
  readonly sharpness: S<R>;
  /** Rounding bounds on |w_i − w∞_i|, per component (first order, see `scalarNetLimit`). */
  readonly errW: V<R>;
  /** ‖errW‖: a bound on ‖w − w∞‖. */
  readonly err: S<R>;
}

/**
 * GF limit of L(w) = ½(∏w_i − y)² (scalar network; docs/theorems/eos.md E11), when sign(∏w_i0) = sign(y) ≠ 0. GF keeps
 * every w_i² − w_j² and every sign, so w∞_i = sign(w_i0)·√(w_i0² + s) with s the root of
 *   φ(s) = Σ_i log(w_i0² + s) − 2 log|y| = 0   on (−min_i w_i0², ∞)
 * (φ increasing and concave). Safeguarded Newton: bracket [lo, hi] with φ(lo) < 0 < φ(hi); a Newton step that
 * leaves the bracket is replaced by bisection; iterate until the step no longer changes s (full precision).
 * Rounding (first order; tested against dec:80 in oracles.test.ts): φ̂(s) = Σ log fl(fl(q_i) + s) − 2log|y| (q_i =
 * w_i0²) is within ε_φ = u[Σ(4 + q_i/(q_i + s) + (D + 6)|log(q_i + s)|) + 5 + 15|log|y||] (argument roundings, log
 * within u(2 + 6|log x|) per numeric/laws.ts, the sum), so every exit of the loop leaves |ŝ − s| ≤ ε_φ/φ'(s) +
 * 8u·max(|s|, min q) (a last Newton step, or a bracket ≤ 8u·max wide), and ŵ_i = ±√fl(q_i + ŝ) is within
 * (|ŝ − s| + 2uq_i + 4u(q_i + s))/(2|w_i|): `errW`.
 */
export function scalarNetLimit<R extends Repr>(B: Backend<R>, w0: V<R>, y: S<R>): ScalarNetLimit<R> {
  const ws = B.unpack(w0);
  if (ws.length < 1) throw new RangeError('scalarNetLimit: w0 must be non-empty');
  const sgnY = B.cmp(y, B.zero);
  const sgnPi = ws.reduce((acc, w) => acc * B.cmp(w, B.zero), 1);
  if (sgnY === 0 || sgnPi !== sgnY) {
    throw new RangeError(
      'scalarNetLimit: needs sign(∏ w0_i) = sign(y) ≠ 0 (otherwise GF does not reach a minimizer this way)',
    );
  }
  const sq = ws.map((w) => B.mul(w, w));
  const logY2 = B.mul(B.int(2), B.log(B.abs(y)));
  const phi = (s: S<R>): S<R> =>
    B.sub(
      sq.reduce((acc, q) => B.add(acc, B.log(B.add(q, s))), B.zero),
      logY2,
    );
  const dphi = (s: S<R>): S<R> => sq.reduce((acc, q) => B.add(acc, B.div(B.one, B.add(q, s))), B.zero);
  const minSq = sq.reduce((m, q) => B.min(m, q));
  // bracket: lo just above −min w², hi with φ(hi) > 0
  let lo = B.neg(minSq);
  let hi = B.zero;
  if (B.cmp(phi(B.zero), B.zero) < 0) {
    lo = B.zero;
    hi = B.max(B.one, B.abs(y));
    for (let i = 0; i < 2000 && B.cmp(phi(hi), B.zero) <= 0; i++) {
      lo = hi;
      hi = B.mul(hi, B.int(2));
    }
  }
  // start from the right end (φ concave: Newton from the right lands left of the root, then increases monotonically)
  let s = hi;
  const half = B.div(B.one, B.int(2));
  for (let i = 0; i < 500; i++) {
    const fs = phi(s);
    if (B.isZero(fs)) break;
    if (B.cmp(fs, B.zero) < 0) lo = s;
    else hi = s;
    let next = B.sub(s, B.div(fs, dphi(s)));
    if (!(B.cmp(next, lo) > 0 && B.cmp(next, hi) < 0) || !B.isFinite(next)) next = B.mul(half, B.add(lo, hi));
    if (B.cmp(next, s) === 0) break;
    // converged when the bracket or the step is at the rounding level of s
    const step = B.abs(B.sub(next, s));
    s = next;
    if (B.cmp(step, B.mul(B.mul(B.int(4), B.eps), B.max(B.abs(s), minSq))) <= 0) {
      // one more Newton step to land on the rounding level
      const f2 = phi(s);
      const n2 = B.sub(s, B.div(f2, dphi(s)));
      if (B.isFinite(n2) && B.cmp(n2, lo) >= 0 && B.cmp(n2, hi) <= 0) s = n2;
      break;
    }
  }
  const winf = ws.map((w, i) => B.mul(B.fn('sign', w), B.sqrt(B.add(sq[i]!, s))));
  const y2 = B.mul(y, y);
  const sharpness = B.mul(
    y2,
    winf.reduce((acc, w) => B.add(acc, B.div(B.one, B.mul(w, w))), B.zero),
  );
  const errW = scalarNetLimitErr(B, sq, y, s);
  return { w: B.pack(winf), s, sharpness, errW, err: B.nrm2(errW) };
}

/** The per-component rounding bound of `scalarNetLimit` (its doc comment), from q_i = w_i0², y and the computed s. */
function scalarNetLimitErr<R extends Repr>(B: Backend<R>, q: S<R>[], y: S<R>, s: S<R>): V<R> {
  const u = B.eps;
  const D = q.length;
  const a = q.map((qi) => B.add(qi, s));
  const dphi = a.reduce((acc, x) => B.add(acc, B.div(B.one, x)), B.zero);
  let e = B.add(B.int(5), B.mul(B.int(15), B.abs(B.log(B.abs(y)))));
  a.forEach((x, i) => (e = B.add(e, B.add(B.add(B.int(4), B.div(q[i]!, x)), B.mul(B.int(D + 6), B.abs(B.log(x)))))));
  const minQ = q.reduce((m, x) => B.min(m, x));
  const ds = B.add(B.div(B.mul(u, e), dphi), B.mul(B.mul(B.int(8), u), B.max(B.abs(s), minQ)));
  return B.pack(
    a.map((x, i) =>
      B.div(B.add(ds, B.mul(u, B.add(B.mul(B.int(2), q[i]!), B.mul(B.int(4), x)))), B.mul(B.int(2), B.sqrt(x))),
    ),
  );
}
