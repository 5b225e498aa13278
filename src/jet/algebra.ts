/**
 * The coefficient algebra of a jet: what one Taylor coefficient (a matrix) supports. Jets (series.ts) are written
 * once against it; two instances:
 * - `plainAlgebra(B)`: the Backend's own matrices, no bars (fast midpoints);
 * - `ballAlgebra(B)`: matrix balls (midpoint, componentwise radius) whose radii are rigorous under the rounding model
 *   of src/ball/rounding.ts (assumptions A1–A3, Lemma 1); every formula below says its propagation term, the
 *   midpoint's own rounding is added and the sum rounded upward by `vup` with the count K of SCALAR_ROUNDINGS.
 * Everything is a kernel call on whole matrices (flattened for entrywise work); only sign certification of a
 * pre-activation (`signs`) reads entries one by one.
 */
import { SCALAR_ROUNDINGS, TINY_EXPONENT, TRANSCENDENTAL_ULPS, rounder } from '../ball/rounding.js';
import type { Ball } from '../ball/ball.js';
import type { Backend, M, Num, Repr, V } from '../numeric/types.js';

/** Entrywise functions a jet applies to its constant term (the recurrences in series.ts do the rest). */
export type JetFn = 'exp' | 'log' | 'log1p' | 'sqrt' | 'recip' | 'softplus' | 'sigmoid';

/** Thrown when a jet operation is undefined at η = 0 (a pre-activation exactly at a kink, log of ≤ 0 …). */
export class JetDomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JetDomainError';
  }
}

export interface JetAlgebra<R extends Repr, T> {
  readonly B: Backend<R>;
  /** True when coefficients carry rigorous radii. */
  readonly bars: boolean;
  /** An exact matrix (radius 0). */
  exact(A: M<R>): T;
  /** A 1×1 constant from an exact decimal string (radius: its representation error). */
  num(x: Num): T;
  /** A matrix of exact decimal strings (radii: their representation errors). */
  mnum(rows: readonly (readonly Num[])[]): T;
  rows(a: T): number;
  cols(a: T): number;
  /** The midpoint matrix. */
  mid(a: T): M<R>;
  /** The radius matrix (zeros for the plain algebra). */
  rad(a: T): M<R>;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  neg(a: T): T;
  /** Entrywise product (same shapes). */
  hadamard(a: T, b: T): T;
  /** op(a)·op(b). */
  gemm(a: T, b: T, transA?: boolean, transB?: boolean): T;
  /** c·a for a 1×1 coefficient c. */
  scal(c: T, a: T): T;
  /** (p/q)·a for small integers p, q ≠ 0. */
  ratio(a: T, p: number, q: number): T;
  /** Entrywise function of a constant term. */
  fn(op: JetFn, a: T): T;
  /**
   * Certified signs of the entries: a matrix of ±1 (exact). Throws JetDomainError when an entry is 0 or its ball
   * contains 0 (the mask of a kink is not determined at η = 0), except the entries marked `free` (flat row-major
   * index), which get −1: the caller knows them to be identically 0, where every mask gives the same value.
   */
  signs(a: T, what: string, free?: readonly boolean[]): M<R>;
  /**
   * Flat row-major flags: midpoint exactly 0 and radius at most the underflow allowance (≤ 2^-900: no propagated
   * or relative error term, only the η of rounding.ts Lemma 1): an exact zero of the computation.
   */
  exactZeros(a: T): boolean[];
  /** a with its radius widened entrywise by r ≥ 0 (rounded up); the plain algebra returns a. */
  widen(a: T, r: M<R>): T;
  /** Sum of all entries, as a 1×1 coefficient. */
  total(a: T): T;
  /** A 1×1 coefficient as a ball (radius 0 for the plain algebra: only meaningful with bars). */
  scalar(a: T): Ball<R>;
}

const sameShape = <R extends Repr>(B: Backend<R>, a: M<R>, b: M<R>, op: string) => {
  if (B.rows(a) !== B.rows(b) || B.cols(a) !== B.cols(b)) {
    throw new RangeError(`jet.${op}: shapes ${B.rows(a)}×${B.cols(a)} and ${B.rows(b)}×${B.cols(b)} differ`);
  }
};

/** Entrywise map of one or two matrices through vector kernels (zero-copy views). */
const ew = <R extends Repr>(B: Backend<R>, A: M<R>, f: (x: V<R>) => V<R>): M<R> =>
  B.reshape(f(B.flatten(A)), B.rows(A), B.cols(A));

/** Backend matrices, no bars. */
export function plainAlgebra<R extends Repr>(B: Backend<R>): JetAlgebra<R, M<R>> {
  const fl = (A: M<R>) => B.flatten(A);
  const ew2 = (a: M<R>, b: M<R>, op: string, f: (x: V<R>, y: V<R>) => V<R>) => {
    sameShape(B, a, b, op);
    return B.reshape(f(fl(a), fl(b)), B.rows(a), B.cols(a));
  };
  return {
    B,
    bars: false,
    exact: (A) => A,
    num: (x) => B.mat([[x]]),
    mnum: (rows) => B.mat(rows),
    rows: (a) => B.rows(a),
    cols: (a) => B.cols(a),
    mid: (a) => a,
    rad: (a) => B.mzeros(B.rows(a), B.cols(a)),
    add: (a, b) => ew2(a, b, 'add', (x, y) => B.vadd(x, y)),
    sub: (a, b) => ew2(a, b, 'sub', (x, y) => B.vsub(x, y)),
    neg: (a) => ew(B, a, (x) => B.map('neg', x)),
    hadamard: (a, b) => ew2(a, b, 'hadamard', (x, y) => B.vmul(x, y)),
    gemm: (a, b, tA = false, tB = false) => B.gemm(a, b, tA, tB),
    scal: (c, a) => ew(B, a, (x) => B.scal(B.mget(c, 0, 0), x)),
    ratio: (a, p, q) => ew(B, a, (x) => B.scal(B.div(B.int(p), B.int(q)), x)),
    fn: (op, a) => ew(B, a, (x) => B.map(op, x)),
    exactZeros: (a) => B.unpack(fl(a)).map((v) => B.isZero(v)),
    widen: (a) => a,
    signs: (a, what, free) => {
      const s = B.unpack(fl(a)).map((v, i) => {
        if (free?.[i] === true) return B.int(-1);
        const c = B.cmp(v, B.zero);
        if (c === 0)
          throw new JetDomainError(`${what}: an entry is exactly 0 at η = 0 (a kink): the mask is undefined`);
        return B.int(c);
      });
      return B.reshape(B.pack(s), B.rows(a), B.cols(a));
    },
    total: (a) => B.reshape(B.pack([B.sum(fl(a))]), 1, 1),
    scalar: (a) => ({ value: B.mget(a, 0, 0), err: B.zero }),
  };
}

/** A matrix ball: entry (i, j) lies within rad_ij of mid_ij. */
export interface JetBall<R extends Repr> {
  readonly value: M<R>;
  readonly err: M<R>;
}

/** Matrix balls with rigorous radii (module comment). */
export function ballAlgebra<R extends Repr>(B: Backend<R>): JetAlgebra<R, JetBall<R>> {
  const { vup, up, tu } = rounder(B);
  const u = B.eps;
  const K = SCALAR_ROUNDINGS;
  const T2 = 2 * TRANSCENDENTAL_ULPS;
  const fl = (A: M<R>) => B.flatten(A);
  const abs = (x: V<R>) => B.map('abs', x);
  const shape = (A: M<R>, x: V<R>) => B.reshape(x, B.rows(A), B.cols(A));
  const ball = (value: M<R>, err: M<R>): JetBall<R> => ({ value, err });
  /** Radius vector e (k roundings) of a result m: e + u|m|, rounded up. */
  const close = (m: M<R>, e: V<R>, k: number) => ball(m, shape(m, vup(B.vadd(e, B.scal(u, abs(fl(m)))), k)));
  const eta = B.fromDouble(2 ** TINY_EXPONENT);
  const zeroAllowance = B.fromDouble(2 ** -900);
  const underflows = B.isZero(B.mul(eta, eta));
  /** Entrywise rigorous lower bound of x − r for x − r > 0 (Lemma 2 with one rounding); checked by the caller. */
  const lowerVec = (x: V<R>, r: V<R>): V<R> => {
    const d = B.scal(B.sub(B.one, B.mul(B.int(8), u)), B.vsub(x, r));
    return underflows ? B.vshift(d, B.neg(eta)) : d;
  };
  const positive = (x: V<R>, what: string) => {
    for (const v of B.unpack(x)) {
      if (!(B.cmp(v, B.zero) > 0)) {
        throw new JetDomainError(
          `${what}: the argument reaches 0 or below within its bar at η = 0; guard the instance or raise the precision`,
        );
      }
    }
  };
  const self: JetAlgebra<R, JetBall<R>> = {
    B,
    bars: true,
    exact: (A) => ball(A, B.mzeros(B.rows(A), B.cols(A))),
    num: (x) => {
      const m = B.num(x);
      return ball(B.mat([[x]]), B.reshape(B.pack([up(B.mul(u, B.abs(m)), K)]), 1, 1));
    },
    mnum: (rows) => {
      const m = B.mat(rows);
      return ball(m, shape(m, vup(B.scal(u, abs(fl(m))), K)));
    },
    rows: (a) => B.rows(a.value),
    cols: (a) => B.cols(a.value),
    mid: (a) => a.value,
    rad: (a) => a.err,
    add: (a, b) => {
      sameShape(B, a.value, b.value, 'add');
      const m = shape(a.value, B.vadd(fl(a.value), fl(b.value)));
      return close(m, B.vadd(fl(a.err), fl(b.err)), K);
    },
    sub: (a, b) => {
      sameShape(B, a.value, b.value, 'sub');
      const m = shape(a.value, B.vsub(fl(a.value), fl(b.value)));
      return close(m, B.vadd(fl(a.err), fl(b.err)), K);
    },
    neg: (a) =>
      ball(
        ew(B, a.value, (x) => B.map('neg', x)),
        a.err,
      ),
    hadamard: (a, b) => {
      sameShape(B, a.value, b.value, 'hadamard');
      const [am, bm, ar, br] = [fl(a.value), fl(b.value), fl(a.err), fl(b.err)];
      const m = shape(a.value, B.vmul(am, bm));
      // |xy − m_x m_y| ≤ |m_x| r_y + r_x |m_y| + r_x r_y
      return close(m, B.vadd(B.vadd(B.vmul(abs(am), br), B.vmul(ar, abs(bm))), B.vmul(ar, br)), K);
    },
    gemm: (a, b, tA = false, tB = false) => {
      const m = B.gemm(a.value, b.value, tA, tB);
      const n = tA ? B.rows(a.value) : B.cols(a.value);
      const absA = ew(B, a.value, abs);
      const absB = ew(B, b.value, abs);
      // |A||r_B| + r_A|B| + r_A r_B, plus the (n + 2)u|A||B| of each dot (A3); computed with 2(n + 2) more roundings
      const prop = B.vadd(
        B.vadd(fl(B.gemm(absA, b.err, tA, tB)), fl(B.gemm(a.err, absB, tA, tB))),
        fl(B.gemm(a.err, b.err, tA, tB)),
      );
      const e = B.vadd(prop, B.scal(B.mul(B.int(n + 2), u), fl(B.gemm(absA, absB, tA, tB))));
      return close(m, e, 2 * (n + 2) + K);
    },
    scal: (c, a) => {
      const cm = B.mget(c.value, 0, 0);
      const cr = B.mget(c.err, 0, 0);
      const [am, ar] = [fl(a.value), fl(a.err)];
      const m = shape(a.value, B.scal(cm, am));
      const e = B.vadd(B.vadd(B.scal(B.abs(cm), ar), B.scal(cr, abs(am))), B.scal(cr, ar));
      return close(m, e, K);
    },
    ratio: (a, p, q) => {
      if (!(Number.isInteger(p) && Number.isInteger(q) && q !== 0 && Math.abs(p) < 2 ** 31 && Math.abs(q) < 2 ** 31))
        throw new RangeError(`jet.ratio: ${p}/${q} must be a ratio of small integers`);
      // c = fl(p/q) is within u|c| of p/q: |(p/q)x − c·m| ≤ |c|(1 + u)r + u|c||m|
      const c = B.div(B.int(p), B.int(q));
      const ac = B.abs(c);
      const [am, ar] = [fl(a.value), fl(a.err)];
      const m = shape(a.value, B.scal(c, am));
      return close(m, B.vadd(B.scal(ac, ar), B.scal(B.mul(u, ac), abs(am))), K);
    },
    fn: (op, a) => {
      const [am, ar] = [fl(a.value), fl(a.err)];
      const m = B.map(op, am);
      const am0 = abs(am);
      const am1 = abs(m);
      const M0 = shape(a.value, m);
      switch (op) {
        case 'exp':
          // |e^x − e^m| ≤ e^m(e^r − 1); own error T·u·e^m (A2)
          return close(M0, B.vadd(B.vmul(m, B.map('expm1', ar)), B.scal(tu, m)), K + T2);
        case 'log': {
          positive(B.vsub(am, ar), 'jet log');
          const lo = lowerVec(am, ar);
          positive(lo, 'jet log');
          // |log x − log m| ≤ r/min(x, m) (mean value theorem); own error T·u·|log m|
          return close(M0, B.vadd(B.vdiv(ar, lo), B.scal(tu, am1)), K + T2);
        }
        case 'log1p': {
          const onePlus = B.vshift(am, B.one);
          positive(B.vsub(onePlus, ar), 'jet log1p');
          const lo = lowerVec(onePlus, ar);
          positive(lo, 'jet log1p');
          // propagation r/(1 + x)_min; own error (law suite: u(2|x|/(1 + x) + 6|log1p|), doubled as in A2)
          const own = B.scal(u, B.vadd(B.scal(B.int(4), B.vdiv(am0, lo)), B.scal(B.int(12), am1)));
          return close(M0, B.vadd(B.vdiv(ar, lo), own), K + T2);
        }
        case 'sqrt': {
          positive(B.vsub(am, ar), 'jet sqrt');
          positive(m, 'jet sqrt');
          // |√x − √m| = |x − m|/(√x + √m) ≤ r/√m, √m ≥ q̂/(1 + Tu); own error T·u·q̂
          return close(M0, B.vadd(B.vdiv(ar, m), B.scal(tu, m)), K + T2);
        }
        case 'recip': {
          positive(B.vsub(am0, ar), 'jet recip (division)');
          const lo = lowerVec(am0, ar);
          positive(lo, 'jet recip (division)');
          // |1/x − 1/m| = |x − m|/(|x||m|) ≤ r/(lo·|m|)
          return close(M0, B.vdiv(ar, B.vmul(lo, am0)), K);
        }
        case 'softplus': {
          // slope σ ≤ σ(m + r) on the ball (σ increasing; the computed σ(fl(m + r)) is within a relative (|x| + 12)u ≤
          // 1/2 of it, so 2σ̂ bounds it); own error u(2|x|σ + 10·value) (law suite), doubled
          const sup = B.map('sigmoid', B.vadd(am, ar));
          const sig = B.map('sigmoid', am);
          const own = B.scal(u, B.vadd(B.scal(B.int(4), B.vmul(am0, sig)), B.scal(B.int(20), am1)));
          return close(M0, B.vadd(B.scal(B.int(2), B.vmul(ar, sup)), own), K);
        }
        case 'sigmoid': {
          // slope σ(1 − σ) ≤ 1/4; own error u(2|x|σ(1 − σ) + 10σ) (law suite), doubled, with σ(1 − σ) ≤ σ
          const own = B.scal(u, B.vadd(B.scal(B.int(4), B.vmul(am0, am1)), B.scal(B.int(20), am1)));
          return close(M0, B.vadd(B.scal(B.num('0.25'), ar), own), K);
        }
      }
      throw new RangeError(`jet.fn: unknown function ${String(op)}`);
    },
    exactZeros: (a) => {
      const rs = B.unpack(fl(a.err));
      return B.unpack(fl(a.value)).map((v, i) => B.isZero(v) && B.cmp(rs[i]!, zeroAllowance) <= 0);
    },
    widen: (a, r) => ball(a.value, shape(a.value, vup(B.vadd(fl(a.err), fl(r)), 1))),
    signs: (a, what, free) => {
      const ms = B.unpack(fl(a.value));
      const rs = B.unpack(fl(a.err));
      const s = ms.map((v, i) => {
        if (free?.[i] === true) return B.int(-1);
        // certified when |m| > r (cmp is exact)
        if (!(B.cmp(B.abs(v), rs[i]!) > 0)) {
          throw new JetDomainError(
            `${what}: an entry ${B.show(v)} ± ${B.show(rs[i]!)} contains 0 at η = 0, so its mask is not determined; keep pre-activations away from 0 or raise the precision`,
          );
        }
        return B.int(B.cmp(v, B.zero));
      });
      return shape(a.value, B.pack(s));
    },
    total: (a) => {
      const [am, ar] = [fl(a.value), fl(a.err)];
      const n = B.dim(am);
      const m = B.sum(am);
      // Σ r + (n + 2)u Σ|m| (A3)
      const e = B.add(B.sum(ar), B.mul(B.mul(B.int(n + 2), u), B.sum(abs(am))));
      return close(B.reshape(B.pack([m]), 1, 1), B.pack([e]), 2 * (n + 2) + K);
    },
    scalar: (a) => ({ value: B.mget(a.value, 0, 0), err: B.mget(a.err, 0, 0) }),
  };
  return self;
}
