/**
 * Enclosures of a potential's maps over intervals, from the scalar enclosures at exact points (types.ts
 * `PotentialBalls`): φ′ and (φ′)⁻¹ are increasing, so their range over [lo, hi] lies between the lower end of the
 * enclosure at lo and the upper end of the one at hi; φ″ is monotone on each side of 0, so its extremes over [lo, hi]
 * are at lo, at hi, or at 0.
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Repr, S } from '../numeric/types.js';
import type { Potential } from './types.js';

/** A ball containing [lo, hi] (lo ≤ hi backend numbers). */
export function hullOf<R extends Repr>(K: BallArith<R>, lo: S<R>, hi: S<R>): Ball<R> {
  const half = K.num('0.5');
  const mid = K.mul(half, K.add(K.exact(lo), K.exact(hi))); // the exact midpoint lies within mid.err of mid.value
  const halfWidth = K.mul(half, K.sub(K.exact(hi), K.exact(lo)));
  return K.widen(K.exact(mid.value), K.upper(K.add(halfWidth, K.of(K.B.zero, mid.err))));
}

/** f(x) for every x in the ball, f increasing with scalar enclosures `at` exact points. */
export function increasingOn<R extends Repr>(K: BallArith<R>, at: (x: S<R>) => Ball<R>, x: Ball<R>): Ball<R> {
  if (K.B.isZero(x.err)) return at(x.value);
  return hullOf(K, K.lower(at(K.lower(x))), K.upper(at(K.upper(x))));
}

/** φ′ over a ball of arguments. */
export const gradOn = <R extends Repr>(P: Potential<R>, K: BallArith<R>, x: Ball<R>): Ball<R> =>
  increasingOn(K, (v) => P.ball.grad(K, v), x);

/** (φ′)⁻¹ over a ball of arguments. */
export const gradInvOn = <R extends Repr>(P: Potential<R>, K: BallArith<R>, z: Ball<R>): Ball<R> =>
  increasingOn(K, (v) => P.ball.gradInv(K, v), z);

/** Rigorous bounds lo ≤ φ″ ≤ hi over an interval; null when φ″ is infinite somewhere on it. */
export interface CurvatureRange<R extends Repr> {
  readonly min: S<R>;
  readonly max: S<R>;
}

/** The range of φ″ over [lo, hi] (inside φ's domain): from its values at lo, hi and 0 (when 0 is inside). */
export function curvatureRange<R extends Repr>(
  P: Potential<R>,
  K: BallArith<R>,
  lo: S<R>,
  hi: S<R>,
): CurvatureRange<R> | null {
  const { B } = K;
  const pts = [lo, hi];
  if (B.cmp(lo, B.zero) < 0 && B.cmp(hi, B.zero) > 0) pts.push(B.zero);
  let min: S<R> | null = null;
  let max: S<R> | null = null;
  for (const x of pts) {
    const h = P.ball.hess(K, x);
    if (h === null) return null;
    const l = K.lower(h);
    const u = K.upper(h);
    min = min === null ? l : B.min(min, l);
    max = max === null ? u : B.max(max, u);
  }
  return { min: B.max(min!, B.zero), max: max! };
}
