/**
 * η*: the first η > 0 at which a pre-activation of the line θ − ηΔ reaches 0 (docs/theorems/taylor.md T3). With the
 * masks frozen every pre-activation is a polynomial p(η) = Σ_j a_jη^j of degree ≤ its layer index, whose coefficients
 * a jet of order ≥ depth computes exactly (as balls). Root isolation by interval bisection (Moore 1966): p is
 * evaluated on an interval [a, b] in ball arithmetic (Horner with η a ball); an interval whose ball excludes 0 with
 * the sign of p(0) is certified root-free. So:
 * - `certifyNoSignChange(p, η)`: every p keeps its sign on [0, η] (then η < η*: decided, not sampled);
 * - `certifySignChange(p, η)`: some p has the opposite sign at η (then η* < η by the intermediate value theorem);
 * - `etaStar(p, T)`: a certified bracket lo ≤ η* ≤ hi (hi null when no sign change was certified below T).
 * A p whose sign at 0 is not certified is refused earlier (the jet's mask, algebra.signs); a p identically 0
 * (all coefficients exact zeros, algebra.exactZeros) is left out: it never changes sign, and every mask gives it
 * the same value.
 */
import { ballArith, type Ball } from '../ball/index.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { ballAlgebra, type JetBall } from './algebra.js';
import type { Jet } from './series.js';
import { lossSeries, type TaylorProblem } from './taylor.js';

/** A polynomial in η with ball coefficients a_0 … a_d. */
export type BallPoly<R extends Repr> = readonly Ball<R>[];

/** The pre-activation polynomials of every kinked activation along θ − ηΔ (one per entry, in forward order). */
export function preactivationPolys<R extends Repr>(
  B: Backend<R>,
  problem: TaylorProblem<R>,
  theta: V<R>,
  delta: V<R>,
  depth: number,
): BallPoly<R>[] {
  const A = ballAlgebra(B);
  const seen: Jet<JetBall<R>>[] = [];
  // order = depth: a pre-activation of layer k has degree ≤ k ≤ depth, so its series is its polynomial
  lossSeries(A, problem, theta, delta, depth, { onActivation: (z) => seen.push(z) });
  const out: BallPoly<R>[] = [];
  const tiny = B.fromDouble(2 ** -900); // the exact-zero allowance of algebra.exactZeros
  for (const z of seen) {
    const c0 = z.c[0]!;
    const n = B.rows(c0.value) * B.cols(c0.value);
    const coeffs = z.c.map((c) =>
      c === null ? null : { v: B.unpack(B.flatten(c.value)), e: B.unpack(B.flatten(c.err)) },
    );
    for (let i = 0; i < n; i++) {
      const p = coeffs.map((c) => (c === null ? { value: B.zero, err: B.zero } : { value: c.v[i]!, err: c.e[i]! }));
      // identically 0 along the line (e.g. fed only by inactive units): never changes sign, any mask is exact
      if (p.every((a) => B.isZero(a.value) && B.cmp(a.err, tiny) <= 0)) continue;
      out.push(p);
    }
  }
  return out;
}

/** p on the ball t (Horner in ball arithmetic). */
function evalBall<R extends Repr>(B: Backend<R>, p: BallPoly<R>, t: Ball<R>): Ball<R> {
  const K = ballArith(B);
  let acc = p[p.length - 1]!;
  for (let j = p.length - 2; j >= 0; j--) acc = K.add(K.mul(acc, t), p[j]!);
  return acc;
}

/** The ball covering [a, b] (a ≤ b): midpoint and a rounded-up half width. */
function interval<R extends Repr>(B: Backend<R>, a: S<R>, b: S<R>): Ball<R> {
  const K = ballArith(B);
  const m = B.mul(B.num('0.5'), B.add(a, b));
  const r = B.max(K.upper(K.sub(K.exact(b), K.exact(m))), K.upper(K.sub(K.exact(m), K.exact(a))));
  return K.of(m, B.max(r, B.zero));
}

/** The certified sign of a ball (0 when it contains 0). */
function signOf<R extends Repr>(B: Backend<R>, x: Ball<R>): -1 | 0 | 1 {
  const K = ballArith(B);
  if (B.cmp(K.lower(x), B.zero) > 0) return 1;
  if (B.cmp(K.upper(x), B.zero) < 0) return -1;
  return 0;
}

/** Work limits of the bisection (per polynomial). */
const MAX_EVALS = 4000;
const MAX_DEPTH = 60;

/**
 * The first stretch of [0, T] where p is not certified to keep its sign s0: returns the left end `lo` of the first
 * interval that could not be excluded at the finest width (or T when all of [0, T] is excluded), and whether p has
 * the opposite sign at that interval's right end (a certified root in [lo, hi]).
 */
function firstCandidate<R extends Repr>(B: Backend<R>, p: BallPoly<R>, T: S<R>): { lo: S<R>; hi: S<R> | null } {
  const s0 = signOf(B, p[0]!);
  if (s0 === 0) throw new RangeError('etaStar: a pre-activation is 0 within its bar at η = 0 (a kink)');
  const stack: { a: S<R>; b: S<R>; depth: number }[] = [{ a: B.zero, b: T, depth: 0 }];
  let evals = 0;
  while (stack.length > 0) {
    const { a, b, depth } = stack.pop()!;
    const v = evalBall(B, p, interval(B, a, b));
    evals++;
    if (signOf(B, v) === s0) continue; // certified root-free; continue to the right
    if (depth >= MAX_DEPTH || evals >= MAX_EVALS) return { lo: a, hi: oppositeAfter(B, p, s0, a, b, T) };
    const m = B.mul(B.num('0.5'), B.add(a, b));
    // left half first (the stack pops the last pushed)
    stack.push({ a: m, b, depth: depth + 1 }, { a, b: m, depth: depth + 1 });
  }
  return { lo: T, hi: null };
}

/**
 * The first point of b, b + w, b + 2w, b + 4w, … (w = b − a, at most T) where p has, certified, the sign opposite to
 * s0 (so a root lies in [0, that point], p(0) having sign s0); null when none is found. Stepping beyond b covers a
 * root exactly at b (p(b) = 0 certifies nothing).
 */
function oppositeAfter<R extends Repr>(
  B: Backend<R>,
  p: BallPoly<R>,
  s0: number,
  a: S<R>,
  b: S<R>,
  T: S<R>,
): S<R> | null {
  const K = ballArith(B);
  const w = B.sub(b, a);
  let t = b;
  for (let j = 0; j <= 64 && B.cmp(t, T) <= 0; j++) {
    if (signOf(B, evalBall(B, p, K.exact(t))) === -s0) return t;
    t = B.add(b, B.mul(w, B.powi(B.int(2), j)));
  }
  return null;
}

/** True when every p keeps its (certified) sign at 0 on all of [0, η]. */
export function certifyNoSignChange<R extends Repr>(B: Backend<R>, polys: readonly BallPoly<R>[], eta: S<R>): boolean {
  return polys.every((p) => B.cmp(firstCandidate(B, p, eta).lo, eta) >= 0);
}

/** True when some p has, certified, the sign opposite to its sign at 0 at η (so η* < η). */
export function certifySignChange<R extends Repr>(B: Backend<R>, polys: readonly BallPoly<R>[], eta: S<R>): boolean {
  const t = ballArith(B).exact(eta);
  return polys.some((p) => signOf(B, evalBall(B, p, t)) === -signOf(B, p[0]!) && signOf(B, p[0]!) !== 0);
}

/** A certified bracket of η* over [0, T]: no pre-activation vanishes on [0, lo); one changes sign in [lo', hi]. */
export function etaStar<R extends Repr>(
  B: Backend<R>,
  polys: readonly BallPoly<R>[],
  T: S<R>,
): { lo: S<R>; hi: S<R> | null } {
  let lo = T;
  let hi: S<R> | null = null;
  for (const p of polys) {
    const c = firstCandidate(B, p, T);
    lo = B.min(lo, c.lo);
    if (c.hi !== null) hi = hi === null ? c.hi : B.min(hi, c.hi);
  }
  return { lo, hi };
}
