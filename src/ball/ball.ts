/**
 * Ball arithmetic (midpoint–radius, as in Arb: van der Hoeven 2010; Johansson 2017) over any Backend, written once
 * against the Backend kernels. A ball { value: m, err: r } stands for every real x with |x − m| ≤ r; each operation
 * returns a ball that contains f(x, y) for every x, y in its argument balls. A ball is the same shape as a
 * diagnostic's `Measured` (value ± err), so every diagnostic output already is a ball.
 *
 * The rounding model and why radii are upper bounds although they are computed in the same backend: rounding.ts.
 * Operations outside their domain (÷ by a ball containing 0, sqrt of a ball reaching below 0, log of a ball
 * reaching ≤ 0) throw a `BallDomainError` that names the operation and the ball; they never return a finite ball.
 * A non-finite midpoint or radius (overflow) propagates and makes every claim built from it `invalid`.
 */
import type { Backend, M, Measured, Num, Repr, S, V } from '../numeric/types.js';
import { matBallOps, type MatBallOps } from './matrix.js';
import { rounder, SCALAR_ROUNDINGS, TRANSCENDENTAL_ULPS } from './rounding.js';

/** A real number known to lie in [value − err, value + err] (err ≥ 0): the midpoint–radius ball. */
export type Ball<R extends Repr> = Measured<R>;

/** A vector ball: entry i lies in [value_i − err_i, value_i + err_i] (componentwise radii). */
export interface VecBall<R extends Repr> {
  readonly value: V<R>;
  readonly err: V<R>;
}

/** A matrix ball: entry (i, j) lies within err_ij of value_ij (componentwise radii, same shape). */
export interface MatBall<R extends Repr> {
  readonly value: M<R>;
  readonly err: M<R>;
}

/** Thrown when an operation is undefined somewhere on its argument ball (the message says what to do). */
export class BallDomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BallDomainError';
  }
}

/** True when x is a scalar ball (a plain object with exactly the keys value and err). */
export function isBall(x: unknown): x is Ball<Repr> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const keys = Object.keys(x);
  return keys.length === 2 && 'value' in x && 'err' in x;
}

/** Ball arithmetic bound to one backend (the matrix operations beyond gemv and frobenius: matrix.ts). */
export interface BallArith<R extends Repr> extends MatBallOps<R> {
  readonly B: Backend<R>;
  // ---- constructors
  /** An exact decimal string: the radius is num's representation error u·|num(x)| (assumption A1). */
  num(x: Num): Ball<R>;
  /** A small integer, exactly (radius 0). */
  int(n: number): Ball<R>;
  /** A backend scalar the caller knows to be exact (a parameter as drawn, a power of two …): radius 0. */
  exact(x: S<R>): Ball<R>;
  /** value ± err, err ≥ 0 a rigorous bar (a diagnostic's output, or a bar from the problem's structure). */
  of(value: S<R>, err: S<R>): Ball<R>;
  /** The same ball with its radius widened by e ≥ 0 (a structural bar, e.g. a trajectory's backward error). */
  widen(x: Ball<R>, e: S<R>): Ball<R>;
  // ---- arithmetic
  add(a: Ball<R>, b: Ball<R>): Ball<R>;
  sub(a: Ball<R>, b: Ball<R>): Ball<R>;
  mul(a: Ball<R>, b: Ball<R>): Ball<R>;
  div(a: Ball<R>, b: Ball<R>): Ball<R>;
  neg(a: Ball<R>): Ball<R>;
  abs(a: Ball<R>): Ball<R>;
  sqr(a: Ball<R>): Ball<R>;
  sqrt(a: Ball<R>): Ball<R>;
  exp(a: Ball<R>): Ball<R>;
  log(a: Ball<R>): Ball<R>;
  min(a: Ball<R>, b: Ball<R>): Ball<R>;
  max(a: Ball<R>, b: Ball<R>): Ball<R>;
  /** Integer power a^n, n ≥ 0 (repeated multiplication). */
  powi(a: Ball<R>, n: number): Ball<R>;
  /** Σ xs (one backend sum of the midpoints; radius = Σ radii + (n + 2)u·Σ|mid|, assumption A3). */
  sum(xs: readonly Ball<R>[]): Ball<R>;
  // ---- vectors and matrices
  /** A vector known to be exact (radius 0). */
  vexact(x: V<R>): VecBall<R>;
  /** Exact decimal strings (radii = representation errors). */
  vnum(xs: readonly Num[]): VecBall<R>;
  /** value ± err componentwise. */
  vof(value: V<R>, err: V<R>): VecBall<R>;
  /** Entry i. */
  at(x: VecBall<R>, i: number): Ball<R>;
  /** xᵀy. */
  dot(x: VecBall<R>, y: VecBall<R>): Ball<R>;
  /** ‖x‖₂ (|‖x‖ − ‖m‖| ≤ ‖x − m‖ ≤ ‖r‖₂). */
  norm2(x: VecBall<R>): Ball<R>;
  /** ‖m‖₂ of a vector whose distance to the true vector is at most `dist` in the 2-norm (a bar on the whole vector). */
  norm2Within(m: V<R>, dist: S<R>): Ball<R>;
  /** x + y, x − y entrywise. */
  vadd(x: VecBall<R>, y: VecBall<R>): VecBall<R>;
  vsub(x: VecBall<R>, y: VecBall<R>): VecBall<R>;
  /** a·x. */
  scal(a: Ball<R>, x: VecBall<R>): VecBall<R>;
  /** A matrix known to be exact (radius 0). */
  mexact(A: M<R>): MatBall<R>;
  /** Exact decimal strings, row by row (radii = representation errors). */
  mnum(rows: readonly (readonly Num[])[]): MatBall<R>;
  /** A·x (or Aᵀ·x when trans). */
  gemv(A: MatBall<R>, x: VecBall<R>, trans?: boolean): VecBall<R>;
  /** Frobenius norm ‖A‖_F. */
  frobenius(A: MatBall<R>): Ball<R>;
  // ---- reading
  /** Lower end value − err, rounded downward (a rigorous lower bound of the ball; non-finite for a non-finite ball). */
  lower(a: Ball<R>): S<R>;
  /** Upper end value + err, rounded upward. */
  upper(a: Ball<R>): S<R>;
  /** True when 0 is in the ball. */
  containsZero(a: Ball<R>): boolean;
}

/** One arithmetic per backend object (its rounder's constants are computed once). */
const CACHE = new WeakMap<object, BallArith<Repr>>();

/** Ball arithmetic over B (module comment; rounding model in rounding.ts). */
export function ballArith<R extends Repr>(B: Backend<R>): BallArith<R> {
  let K = CACHE.get(B);
  if (K === undefined) {
    K = makeBallArith(B as Backend<Repr>, true);
    CACHE.set(B, K);
  }
  return K as BallArith<R>;
}

/** Radius vectors known to be exactly zero (from vexact): the propagation terms they would contribute are skipped. */
const ZERO_RADII = new WeakSet<object>();
const isZeroRadii = (x: unknown): boolean => typeof x === 'object' && x !== null && ZERO_RADII.has(x);
const zeroRadii = <T>(x: T): T => {
  if (typeof x === 'object' && x !== null) ZERO_RADII.add(x);
  return x;
};

/**
 * The implementation. `midRounding = false` drops the midpoint's own rounding error u|m̂| from the radii: NOT
 * rigorous, used only by ball.test.ts to show that the containment test catches a radius missing that term.
 */
export function makeBallArith<R extends Repr>(B: Backend<R>, midRounding: boolean): BallArith<R> {
  const rd = rounder(B);
  const { up, down, tu, vup } = rd;
  const u = B.eps;
  const K = SCALAR_ROUNDINGS;
  const T2 = 2 * TRANSCENDENTAL_ULPS;
  const ball = (value: S<R>, err: S<R>): Ball<R> => ({ value, err });
  const show = (a: Ball<R>) => `${B.show(a.value)} ± ${B.show(a.err)}`;
  // u·|m̂| bounds the rounding of a basic operation whose computed result is m̂ (|exact| ≤ |m̂|/(1 − u): one more
  // rounding counted in K).
  const uMid = midRounding ? u : B.zero;
  const tuMid = midRounding ? tu : B.zero;
  const ru = (m: S<R>) => B.mul(uMid, B.abs(m));
  const nonneg = (e: S<R>, where: string): S<R> => {
    if (B.cmp(e, B.zero) < 0) throw new RangeError(`ball.${where}: radius ${B.show(e)} must be ≥ 0`);
    return e;
  };

  const isFiniteBall = (a: Ball<R>) => B.isFinite(a.value) && B.isFinite(a.err);
  /** Overflow upstream: a ball with a non-finite radius (never a domain error, never a finite ball). */
  const spoiled = (value: S<R>, from: Ball<R>): Ball<R> => ball(value, B.add(B.abs(from.value), B.abs(from.err)));

  /** r_x + r_y + e, skipping radius vectors known to be zero. */
  const addRadii = (rx: V<R>, ry: V<R>, e: V<R>): V<R> => {
    let out = e;
    if (!isZeroRadii(rx)) out = B.vadd(out, rx);
    if (!isZeroRadii(ry)) out = B.vadd(out, ry);
    return out;
  };

  /** A rigorous positive lower bound of |a|, or null when the ball contains 0. */
  const absLower = (a: Ball<R>): S<R> | null => {
    if (B.cmp(B.abs(a.value), a.err) <= 0) return null; // cmp is exact
    const lo = down(B.sub(B.abs(a.value), a.err), 1);
    return B.cmp(lo, B.zero) > 0 ? lo : null;
  };

  const mul = (a: Ball<R>, b: Ball<R>): Ball<R> => {
    const m = B.mul(a.value, b.value);
    // |xy − m_a m_b| ≤ |m_a| r_b + |m_b| r_a + r_a r_b
    const prop = B.add(B.add(B.mul(B.abs(a.value), b.err), B.mul(B.abs(b.value), a.err)), B.mul(a.err, b.err));
    return ball(m, up(B.add(prop, ru(m)), K));
  };

  const sumBalls = (xs: readonly Ball<R>[]): Ball<R> => {
    if (xs.length === 0) return ball(B.zero, B.zero);
    const n = xs.length;
    const m = B.sum(B.pack(xs.map((x) => x.value)));
    const radii = B.sum(B.pack(xs.map((x) => x.err)));
    const absSum = B.sum(B.pack(xs.map((x) => B.abs(x.value))));
    const e = B.add(radii, B.mul(B.mul(B.int(n + 2), uMid), absSum));
    // each backend sum is within (n + 2)u relative of its exact value (A3): 2(n + 2) roundings in Lemma 1's sense
    return ball(m, up(e, 2 * (n + 2) + K));
  };

  const dot = (x: VecBall<R>, y: VecBall<R>): Ball<R> => {
    const n = B.dim(x.value);
    if (B.dim(y.value) !== n) throw new RangeError(`ball.dot: dimensions ${n} and ${B.dim(y.value)} differ`);
    const ax = B.map('abs', x.value);
    const ay = B.map('abs', y.value);
    const m = B.dot(x.value, y.value);
    // Σ|x_i y_i − m_xi m_yi| ≤ |m_x|ᵀr_y + r_xᵀ|m_y| + r_xᵀr_y; rounding of the dot: (n + 2)u·|m_x|ᵀ|m_y| (A3)
    const zx = isZeroRadii(x.err);
    const zy = isZeroRadii(y.err);
    const prop =
      zx && zy
        ? B.zero
        : zx
          ? B.dot(ax, y.err)
          : zy
            ? B.dot(x.err, ay)
            : B.add(B.add(B.dot(ax, y.err), B.dot(x.err, ay)), B.dot(x.err, y.err));
    const e = B.add(prop, B.mul(B.mul(B.int(n + 2), uMid), B.dot(ax, ay)));
    return ball(m, up(e, 2 * (n + 2) + K));
  };

  // ‖m̂‖ computed by nrm2 is within (n + 8)u·‖m‖ of ‖m‖ (A3; ‖m‖ ≤ v̂/(1 − (n + 8)u): 2(n + 8) roundings); the
  // propagated part is dist ≥ ‖x − m‖₂ (triangle inequality), itself computed with kDist roundings.
  const normOf = (mid: V<R>, dist: S<R>, kDist: number): Ball<R> => {
    const n = B.dim(mid);
    const v = B.nrm2(mid);
    const e = B.add(dist, B.mul(B.mul(B.int(n + 8), uMid), v));
    return ball(v, up(e, kDist + 2 * (n + 8) + K));
  };

  const mat = matBallOps({
    B,
    rd,
    uMid,
    K,
    ball,
    scal: (a, x) => self.scal(a, x),
    sum: sumBalls,
  });
  const self: BallArith<R> = {
    ...mat,
    B,
    num: (x) => {
      const m = B.num(x);
      return ball(m, up(ru(m), K));
    },
    int: (n) => ball(B.int(n), B.zero),
    exact: (x) => ball(x, B.zero),
    of: (value, err) => ball(value, nonneg(err, 'of')),
    widen: (x, e) => ball(x.value, up(B.add(x.err, nonneg(e, 'widen')), 1)),
    add: (a, b) => {
      const m = B.add(a.value, b.value);
      return ball(m, up(B.add(B.add(a.err, b.err), ru(m)), K));
    },
    sub: (a, b) => {
      const m = B.sub(a.value, b.value);
      return ball(m, up(B.add(B.add(a.err, b.err), ru(m)), K));
    },
    mul,
    div: (a, b) => {
      if (!isFiniteBall(b)) return spoiled(B.div(a.value, b.value), b);
      const lo = absLower(b);
      if (lo === null) {
        throw new BallDomainError(
          `ball.div: the divisor ${show(b)} contains 0, so the quotient is unbounded; guard the instance (return inconclusive) or compute the divisor more accurately`,
        );
      }
      const m = B.div(a.value, b.value);
      // x/y − m_a/m_b = (δa·m_b − m_a·δb)/(y·m_b): |·| ≤ (r_a + |m_a/m_b|·r_b)/|y| ≤ (r_a + |q|·r_b)/lo, with
      // |m_a/m_b| ≤ |m̂|(1 + 2u) absorbed in K.
      const prop = B.div(B.add(a.err, B.mul(B.abs(m), b.err)), lo);
      return ball(m, up(B.add(prop, ru(m)), K));
    },
    neg: (a) => ball(B.neg(a.value), a.err),
    abs: (a) => ball(B.abs(a.value), a.err),
    sqr: (a) => mul(a, a),
    sqrt: (a) => {
      if (!isFiniteBall(a)) return spoiled(B.sqrt(B.abs(a.value)), a);
      if (!(B.cmp(a.value, a.err) >= 0) || !B.isFinite(a.value) || !B.isFinite(a.err)) {
        // cmp is exact
        throw new BallDomainError(
          `ball.sqrt: the argument ${show(a)} reaches below 0, where sqrt is undefined; guard the instance or tighten the argument's bar`,
        );
      }
      const q = B.sqrt(a.value);
      // |√x − √m| = |x − m|/(√x + √m) ≤ min(r/√m, √r); √m ≥ q̂/(1 + Tu) (A2) absorbed in K (2T roundings).
      const viaRoot = B.sqrt(a.err);
      const prop = B.isZero(q) ? viaRoot : B.min(B.div(a.err, q), viaRoot);
      return ball(q, up(B.add(prop, B.mul(tuMid, q)), K));
    },
    exp: (a) => {
      const E = B.exp(a.value);
      // |e^x − e^m| ≤ e^m(e^r − 1); e^m ≤ Ê/(1 − Tu) (A2, 2T roundings); the midpoint's own error Tu·e^m.
      const prop = B.mul(E, B.fn('expm1', a.err));
      return ball(E, up(B.add(prop, B.mul(tuMid, E)), K + T2));
    },
    log: (a) => {
      if (!isFiniteBall(a)) return spoiled(B.log(B.abs(a.value)), a);
      const lo = down(B.sub(a.value, a.err), 1);
      if (!(B.cmp(a.value, a.err) > 0) || !(B.cmp(lo, B.zero) > 0) || !B.isFinite(lo)) {
        throw new BallDomainError(
          `ball.log: the argument ${show(a)} reaches 0 or below, where log is undefined; guard the instance or tighten the argument's bar`,
        );
      }
      const L = B.log(a.value);
      // |log x − log m| ≤ r/min(x, m) ≤ r/lo (mean value theorem); the midpoint's error ≤ Tu·|log m| (A2).
      return ball(L, up(B.add(B.div(a.err, lo), B.mul(tuMid, B.abs(L))), K));
    },
    // When the balls are certainly ordered, min/max is one of them, radius and all (a step cap γ_b against a huge
    // ratio keeps γ_b's radius 0). Otherwise min and max are 1-Lipschitz in each argument (sup norm): the radius is the
    // larger input radius; exact midpoint.
    min: (a, b) => {
      if (!isFiniteBall(a) || !isFiniteBall(b)) return ball(B.min(a.value, b.value), B.max(a.err, b.err));
      if (B.cmp(self.upper(a), self.lower(b)) <= 0) return a;
      if (B.cmp(self.upper(b), self.lower(a)) <= 0) return b;
      return ball(B.min(a.value, b.value), B.max(a.err, b.err));
    },
    max: (a, b) => {
      if (!isFiniteBall(a) || !isFiniteBall(b)) return ball(B.max(a.value, b.value), B.max(a.err, b.err));
      if (B.cmp(self.upper(a), self.lower(b)) <= 0) return b;
      if (B.cmp(self.upper(b), self.lower(a)) <= 0) return a;
      return ball(B.max(a.value, b.value), B.max(a.err, b.err));
    },
    powi: (a, n) => {
      if (!(Number.isInteger(n) && n >= 0))
        throw new RangeError(`ball.powi: exponent ${n} must be a nonnegative integer`);
      let out = ball(B.one, B.zero);
      for (let i = 0; i < n; i++) out = mul(out, a);
      return out;
    },
    sum: sumBalls,
    vexact: (x) => ({ value: x, err: zeroRadii(B.zeros(B.dim(x))) }),
    vnum: (xs) => {
      const value = B.vec(xs);
      // u·|m_i| per entry, up_K applied entrywise through the scalar path (num is rare: setup only)
      const err = B.pack(B.unpack(value).map((m) => up(ru(m), K)));
      return { value, err };
    },
    vof: (value, err) => {
      if (B.dim(value) !== B.dim(err))
        throw new RangeError(`ball.vof: value has ${B.dim(value)} entries, err ${B.dim(err)}`);
      // a non-finite radius (overflow upstream) propagates, as in the scalar operations
      if (B.unpack(err).some((e) => B.cmp(e, B.zero) < 0)) throw new RangeError('ball.vof: radii must be ≥ 0');
      return { value, err };
    },
    at: (x, i) => ball(B.at(x.value, i), B.at(x.err, i)),
    dot,
    norm2: (x) => normOf(x.value, isZeroRadii(x.err) ? B.zero : B.nrm2(x.err), 2 * (B.dim(x.err) + 8)),
    norm2Within: (m, dist) => normOf(m, nonneg(dist, 'norm2Within'), 0),
    // entrywise the scalar add/sub/mul radii (Lemma 1 entrywise through vup)
    vadd: (x, y) => {
      const m = B.vadd(x.value, y.value);
      return { value: m, err: vup(addRadii(x.err, y.err, B.scal(uMid, B.map('abs', m))), K) };
    },
    vsub: (x, y) => {
      const m = B.vsub(x.value, y.value);
      return { value: m, err: vup(addRadii(x.err, y.err, B.scal(uMid, B.map('abs', m))), K) };
    },
    scal: (a, x) => {
      const m = B.scal(a.value, x.value);
      const ax = B.map('abs', x.value);
      // |a m_x − â x̂| ≤ |â| r_x + r_a |x̂| + r_a r_x, plus u|m̂|
      const prop = B.vadd(B.vadd(B.scal(B.abs(a.value), x.err), B.scal(a.err, ax)), B.scal(a.err, x.err));
      return { value: m, err: vup(B.vadd(prop, B.scal(uMid, B.map('abs', m))), K) };
    },
    mexact: (A) => ({ value: A, err: zeroRadii(B.mzeros(B.rows(A), B.cols(A))) }),
    mnum: (rows) => {
      const A = B.mat(rows);
      const f = B.flatten(A);
      return { value: A, err: B.reshape(vup(B.scal(uMid, B.map('abs', f)), K), B.rows(A), B.cols(A)) };
    },
    gemv: (A, x, trans = false) => {
      const n = trans ? B.rows(A.value) : B.cols(A.value);
      if (B.dim(x.value) !== n)
        throw new RangeError(
          `ball.gemv: ${B.rows(A.value)}×${B.cols(A.value)}${trans ? 'ᵀ' : ''} times a vector of length ${B.dim(x.value)}`,
        );
      const rows = B.rows(A.value);
      const absA = B.reshape(B.map('abs', B.flatten(A.value)), rows, B.cols(A.value));
      const ax = B.map('abs', x.value);
      const m = B.gemv(A.value, x.value, trans);
      // row i: Σ_j |A_ij| r_j + rA_ij |x_j| + rA_ij r_j (propagation) + (n + 2)u Σ_j |A_ij||x_j| (A3: each row a dot)
      const zA = isZeroRadii(A.err);
      const zx = isZeroRadii(x.err);
      const prop =
        zA && zx
          ? B.zeros(B.dim(m))
          : zA
            ? B.gemv(absA, x.err, trans)
            : zx
              ? B.gemv(A.err, ax, trans)
              : B.vadd(B.vadd(B.gemv(absA, x.err, trans), B.gemv(A.err, ax, trans)), B.gemv(A.err, x.err, trans));
      const e = B.vadd(prop, B.scal(B.mul(B.int(n + 2), uMid), B.gemv(absA, ax, trans)));
      return { value: m, err: vup(e, 2 * (n + 2) + K) };
    },
    frobenius: (A) => {
      const r = B.flatten(A.err);
      return normOf(B.flatten(A.value), B.nrm2(r), 2 * (B.dim(r) + 8));
    },
    // One rounding of m ∓ r: fl(d) = d(1 + δ), so |d| ≤ up₁(|fl(d)|) and |d| ≥ down₁(|fl(d)|) (Lemmas 1 and 2).
    lower: (a) => {
      if (!isFiniteBall(a)) return B.neg(B.add(B.abs(a.value), B.abs(a.err))); // −∞ or NaN: never a finite bound
      const d = B.sub(a.value, a.err);
      return B.cmp(d, B.zero) > 0 ? down(d, 1) : B.neg(up(B.abs(d), 1));
    },
    upper: (a) => {
      if (!isFiniteBall(a)) return B.add(B.abs(a.value), B.abs(a.err)); // +∞ or NaN: never a finite bound
      const s = B.add(a.value, a.err);
      return B.cmp(s, B.zero) >= 0 ? up(s, 1) : B.neg(down(B.abs(s), 1));
    },
    containsZero: (a) => absLower(a) === null,
  };
  return self;
}
