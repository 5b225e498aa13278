/**
 * `dec:<p>`: decimal.js at p significant digits, round-half-even — the referee tier. It certifies
 * counterexamples at p and 2p digits and writes golden files, so its I/O is exact and its functions are (nearly)
 * correctly rounded:
 * - + − × ÷ sqrt exp log: decimal.js, correctly rounded at p digits (error ≤ u = ½·10^(1−p)); integer powers:
 *   decimal.js with guard digits ("almost always" correctly rounded, per its docs).
 * - log1p, expm1, softplus, sigmoid: evaluated at p + 12 digits in a private guard context and rounded once to p, so
 *   the error is ≤ u·(1 + 10^-8) relative: correctly rounded except within 10^-8 ulp of a rounding tie.
 * - num, int and fromDouble round the exact input once to p digits (int(n) is exact when n has at most p digits).
 *
 * One `Decimal.clone` per precision (instances are memoized per p, so two modules asking for `decBackend(50)` share
 * values). decimal.js silently computes `x.plus(y)` at the precision of x's context when y belongs to another one;
 * every scalar op therefore checks that its operands belong to this backend (one `constructor ===` test), and every
 * kernel checks its scalar arguments and the first entry of each vector argument (O(1), never per element).
 */
import { Decimal } from 'decimal.js';
import { checkNum, exactDecimal } from './exact.js';
import type { Backend, MapOp, Num } from './types.js';

/** Dense row-major matrix of Decimals; `data` may be shared with a vector (reshape/flatten are views). */
export interface DecMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: readonly Decimal[];
}
/** Representation of the decimal backend: scalars are Decimals of one clone, vectors are arrays of them. */
export interface Dec {
  S: Decimal;
  V: readonly Decimal[];
  M: DecMat;
}

/** The decimal backend: a `Backend<Dec>` that also exposes its context, for leak checks in tests. */
export interface DecBackend extends Backend<Dec> {
  /** The one Decimal constructor (clone) that every value of this backend belongs to. */
  readonly Decimal: Decimal.Constructor;
  /** True when x — a scalar, a vector or a matrix — consists only of Decimals of this backend's context. */
  owns(x: unknown): boolean;
}

/** Smallest / largest precision `decBackend` accepts (the registry narrows this to 10..1000). */
export const DEC_MIN_DIGITS = 2;
export const DEC_MAX_DIGITS = 1_000_000;

/** Guard digits of the private context used for log1p/expm1/softplus/sigmoid. */
const GUARD = 12;
/** Below this |x|, log1p/expm1 use their power series (1 + x would lose the digits of x). */
const SERIES_BELOW = '1e-3';

const cache = new Map<number, DecBackend>();

/**
 * Decimal backend at p significant digits (round-half-even, exponent range ±9·10^15). Memoized per p.
 * Throws a RangeError when p is not an integer in [DEC_MIN_DIGITS, DEC_MAX_DIGITS].
 */
export function decBackend(p: number): DecBackend {
  if (!Number.isInteger(p) || p < DEC_MIN_DIGITS || p > DEC_MAX_DIGITS) {
    throw new RangeError(
      `decBackend: p = ${p} must be an integer number of digits in [${DEC_MIN_DIGITS}, ${DEC_MAX_DIGITS}]`,
    );
  }
  let B = cache.get(p);
  if (B === undefined) {
    B = makeDecBackend(p);
    cache.set(p, B);
  }
  return B;
}

function config(precision: number): Decimal.Config {
  return {
    precision,
    rounding: Decimal.ROUND_HALF_EVEN,
    // toString/valueOf switch to exponent notation below 1e-7 and from 1e21 on (as JS numbers do). Every notation is
    // exact (decimal.js prints all stored digits), so the choice is only about length: ±9e15 here would print
    // 1e-100000 as a 100,002-character string. `num` reads "1.5e-7" back.
    toExpNeg: -7,
    toExpPos: 21,
    minE: -9e15,
    maxE: 9e15,
  };
}

function checkSame(n: number, m: number, what: string): void {
  if (n !== m) throw new RangeError(`${what}: dimension mismatch (${n} vs ${m})`);
}

function makeDecBackend(p: number): DecBackend {
  const id = `dec:${p}`;
  const D = Decimal.clone(config(p));
  const G = Decimal.clone(config(p + GUARD)); // private: its values never leave this closure
  const RM = Decimal.ROUND_HALF_EVEN;
  const zero = new D(0);
  const one = new D(1);
  const minusOne = new D(-1);
  const epsG = new G(`1e-${p + GUARD}`);
  const seriesBelow = new G(SERIES_BELOW);
  const maxTerms = 4 * (p + GUARD) + 20;

  // ---- context guard ------------------------------------------------------------------------------------------------
  function foreign(x: unknown, where: string): never {
    const ctor = (x as { constructor?: { precision?: number } } | null | undefined)?.constructor;
    if (Decimal.isDecimal(x)) {
      throw new TypeError(
        `${id} ${where}: a Decimal of another context (precision ${ctor?.precision ?? '?'}) entered this backend; ` +
          `values cross backends only as strings: B.num(other.show(x))`,
      );
    }
    throw new TypeError(`${id} ${where}: expected a Decimal of this backend, got ${typeof x} ${String(x)}`);
  }
  const own = (x: Decimal, where: string): Decimal => {
    if ((x as { constructor?: unknown } | null | undefined)?.constructor !== D) foreign(x, where);
    return x;
  };
  const ownV = (x: readonly Decimal[], where: string): readonly Decimal[] => {
    if (x.length > 0) own(x[0]!, where);
    return x;
  };
  const ownM = (A: DecMat, where: string): DecMat => {
    ownV(A.data, where);
    return A;
  };
  const owns = (x: unknown): boolean => {
    if (Array.isArray(x)) return x.every((v) => (v as { constructor?: unknown } | null)?.constructor === D);
    if (x !== null && typeof x === 'object' && 'data' in x && Array.isArray((x as DecMat).data))
      return owns((x as DecMat).data);
    return (x as { constructor?: unknown } | null | undefined)?.constructor === D;
  };

  // ---- rounding into this context -----------------------------------------------------------------------------------
  const round = (x: Decimal): Decimal => new D(x).toSD(p, RM);
  const num = (x: Num): Decimal => round(new D(checkNum(x, `${id} num`)));

  // ---- functions at p + GUARD digits (arguments and results are G values) ------------------------------------------
  // log1p: |x| ≥ 1e-3: ln(1 + x), where rounding 1 + x costs ≤ u_G absolute, i.e. ≤ 10^3·u_G relative to the result.
  // |x| < 1e-3: ln(1 + x) = 2 atanh(z), z = x / (2 + x), whose odd series gains 6 digits per term.
  const log1pG = (x: Decimal): Decimal => {
    if (x.isNaN() || x.isZero()) return x;
    if (!x.isFinite()) return x.isPos() ? x : new G(NaN);
    if (x.lte(-1)) return x.eq(-1) ? new G(-Infinity) : new G(NaN);
    if (x.abs().gte(seriesBelow)) return x.plus(1).ln();
    const z = x.div(x.plus(2));
    const z2 = z.times(z);
    let sum = z;
    let pow = z;
    for (let k = 3; k < maxTerms; k += 2) {
      pow = pow.times(z2);
      const t = pow.div(k);
      if (t.abs().lte(sum.abs().times(epsG))) break;
      sum = sum.plus(t);
    }
    return sum.times(2);
  };
  // expm1: |x| ≥ 1e-3: e^x − 1 (cancellation ≤ 10^3·u_G relative); |x| < 1e-3: Taylor series x + x²/2! + …
  const expm1G = (x: Decimal): Decimal => {
    if (x.isNaN() || x.isZero()) return x;
    if (!x.isFinite()) return x.isPos() ? x : new G(-1);
    if (x.abs().gte(seriesBelow)) return x.exp().minus(1);
    let sum = x;
    let t = x;
    for (let k = 2; k < maxTerms; k++) {
      t = t.times(x).div(k);
      if (t.abs().lte(sum.abs().times(epsG))) break;
      sum = sum.plus(t);
    }
    return sum;
  };
  // softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}): no overflow for large x, no cancellation for x ≪ 0.
  const softplusG = (x: Decimal): Decimal => {
    if (x.isNaN()) return x;
    if (!x.isFinite()) return x.isPos() ? x : new G(0);
    const m = x.isPos() ? x : new G(0);
    return m.plus(log1pG(x.abs().neg().exp()));
  };
  // sigmoid(x) = 1/(1 + e^{−x}) for x ≥ 0, e^x/(1 + e^x) for x < 0: e^{±x} never overflows.
  const sigmoidG = (x: Decimal): Decimal => {
    if (x.isNaN()) return x;
    if (!x.isFinite()) return new G(x.isPos() ? 1 : 0);
    if (!x.isNeg()) return new G(1).div(x.neg().exp().plus(1));
    const e = x.exp();
    return e.div(e.plus(1));
  };
  const viaGuard =
    (f: (x: Decimal) => Decimal) =>
    (x: Decimal): Decimal =>
      round(f(new G(x)));
  const log1p = viaGuard(log1pG);
  const expm1 = viaGuard(expm1G);
  const softplus = viaGuard(softplusG);
  const sigmoid = viaGuard(sigmoidG);

  const mapFn = (op: MapOp): ((x: Decimal) => Decimal) => {
    switch (op) {
      case 'neg':
        return (x) => x.neg();
      case 'abs':
        return (x) => x.abs();
      case 'square':
        return (x) => x.times(x);
      case 'sqrt':
        return (x) => x.sqrt();
      case 'recip':
        return (x) => one.div(x);
      case 'exp':
        return (x) => x.exp();
      case 'log':
        return (x) => x.ln();
      case 'log1p':
        return log1p;
      case 'expm1':
        return expm1;
      case 'relu':
        return (x) => (x.gt(0) ? x : zero);
      case 'step':
        return (x) => (x.gt(0) ? one : zero);
      case 'sign':
        return (x) => (x.gt(0) ? one : x.lt(0) ? minusOne : zero);
      case 'softplus':
        return softplus;
      case 'sigmoid':
        return sigmoid;
      default:
        throw new RangeError(`${id} map: unknown op ${JSON.stringify(op)} (see MAP_OPS in numeric/types.ts)`);
    }
  };
  const fns = new Map<MapOp, (x: Decimal) => Decimal>();
  const fnOf = (op: MapOp): ((x: Decimal) => Decimal) => {
    let f = fns.get(op);
    if (f === undefined) {
      f = mapFn(op);
      fns.set(op, f);
    }
    return f;
  };

  const dmat = (rows: number, cols: number, data: readonly Decimal[]): DecMat => ({ rows, cols, data });
  const checkIndex = (i: number, n: number, where: string): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${where}: index ${i} out of range [0, ${n})`);
  };
  const checkSize = (n: number, where: string): void => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${where}: size ${n} must be a non-negative integer`);
  };

  const B: DecBackend = {
    id,
    digits: p,
    eps: new D(`5e-${p}`), // ½·10^(1−p)
    zero,
    one,
    Decimal: D,
    owns,

    num,
    int: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`${id} int: ${n} is not a safe integer`);
      return round(new D(n));
    },
    show: (x) => own(x, 'show').valueOf(), // valueOf keeps the sign of −0, toString drops it
    toNumber: (x) => own(x, 'toNumber').toNumber(),
    fromDouble: (x) => round(new D(exactDecimal(x))),

    add: (a, b) => own(a, 'add').plus(own(b, 'add')),
    sub: (a, b) => own(a, 'sub').minus(own(b, 'sub')),
    mul: (a, b) => own(a, 'mul').times(own(b, 'mul')),
    div: (a, b) => own(a, 'div').div(own(b, 'div')),
    neg: (a) => own(a, 'neg').neg(),
    abs: (a) => own(a, 'abs').abs(),
    sqrt: (a) => own(a, 'sqrt').sqrt(),
    exp: (a) => own(a, 'exp').exp(),
    log: (a) => own(a, 'log').ln(),
    log1p: (a) => log1p(own(a, 'log1p')),
    fn: (op, a) => fnOf(op)(own(a, `fn(${op})`)),
    powi: (a, n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`${id} powi: exponent ${n} is not a safe integer`);
      return own(a, 'powi').pow(n);
    },
    cmp: (a, b) => {
      const c = own(a, 'cmp').cmp(own(b, 'cmp'));
      return c < 0 ? -1 : c > 0 ? 1 : 0; // NaN compares as 0, like f64's (a < b ? -1 : a > b ? 1 : 0)
    },
    min: (a, b) => (own(a, 'min').lt(own(b, 'min')) ? a : b),
    max: (a, b) => (own(a, 'max').gt(own(b, 'max')) ? a : b),
    isFinite: (a) => own(a, 'isFinite').isFinite(),
    isZero: (a) => own(a, 'isZero').isZero(),

    vec: (xs) => xs.map((x) => num(x)),
    vshow: (x) => x.map((v) => own(v, 'vshow').valueOf()),
    pack: (xs) => xs.map((v) => own(v, 'pack')),
    unpack: (x) => ownV(x, 'unpack').slice(),
    dim: (x) => x.length,
    at: (x, i) => {
      checkIndex(i, x.length, `${id} at`);
      return x[i]!;
    },
    with: (x, i, v) => {
      checkIndex(i, x.length, `${id} with`);
      own(v, 'with');
      const y = x.slice();
      y[i] = v;
      return y;
    },
    zeros: (n) => {
      checkSize(n, `${id} zeros`);
      return new Array<Decimal>(n).fill(zero);
    },
    fill: (n, v) => {
      checkSize(n, `${id} fill`);
      return new Array<Decimal>(n).fill(own(v, 'fill'));
    },
    basis: (n, i) => {
      checkIndex(i, n, `${id} basis`);
      const e = new Array<Decimal>(n).fill(zero);
      e[i] = one;
      return e;
    },
    concat: (xs) => {
      const out: Decimal[] = [];
      for (const x of xs) for (let i = 0; i < x.length; i++) out.push(x[i]!);
      return ownV(out, 'concat');
    },
    slice: (x, s, e) => x.slice(s, e),
    toNumbers: (x) => Float64Array.from(ownV(x, 'toNumbers'), (v) => v.toNumber()),

    axpy: (a, x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} axpy`);
      own(a, 'axpy');
      ownV(x, 'axpy');
      ownV(y, 'axpy');
      const z: Decimal[] = [];
      for (let i = 0; i < n; i++) z.push(a.times(x[i]!).plus(y[i]!));
      return z;
    },
    scal: (a, x) => {
      own(a, 'scal');
      ownV(x, 'scal');
      const z: Decimal[] = [];
      for (let i = 0; i < x.length; i++) z.push(a.times(x[i]!));
      return z;
    },
    vadd: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} vadd`);
      ownV(x, 'vadd');
      ownV(y, 'vadd');
      const z: Decimal[] = [];
      for (let i = 0; i < n; i++) z.push(x[i]!.plus(y[i]!));
      return z;
    },
    vsub: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} vsub`);
      ownV(x, 'vsub');
      ownV(y, 'vsub');
      const z: Decimal[] = [];
      for (let i = 0; i < n; i++) z.push(x[i]!.minus(y[i]!));
      return z;
    },
    vmul: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} vmul`);
      ownV(x, 'vmul');
      ownV(y, 'vmul');
      const z: Decimal[] = [];
      for (let i = 0; i < n; i++) z.push(x[i]!.times(y[i]!));
      return z;
    },
    vdiv: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} vdiv`);
      ownV(x, 'vdiv');
      ownV(y, 'vdiv');
      const z: Decimal[] = [];
      for (let i = 0; i < n; i++) z.push(x[i]!.div(y[i]!));
      return z;
    },
    vshift: (x, a) => {
      own(a, 'vshift');
      ownV(x, 'vshift');
      const z: Decimal[] = [];
      for (let i = 0; i < x.length; i++) z.push(x[i]!.plus(a));
      return z;
    },
    dot: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, `${id} dot`);
      ownV(x, 'dot');
      ownV(y, 'dot');
      let s = zero;
      for (let i = 0; i < n; i++) s = s.plus(x[i]!.times(y[i]!));
      return s;
    },
    nrm2: (x) => {
      ownV(x, 'nrm2');
      // Squares overflow only beyond 10^(4.5e15); there, scale by an exact power of ten (no rounding).
      let emax = -Infinity;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (!v.isFinite()) return v.isNaN() ? v : v.abs();
        if (!v.isZero() && v.e > emax) emax = v.e;
      }
      if (emax === -Infinity) return zero;
      const scaled = Math.abs(emax) > 4e15;
      const k = scaled ? new D(`1e${-emax}`) : one;
      let s = zero;
      for (let i = 0; i < x.length; i++) {
        const v = scaled ? x[i]!.times(k) : x[i]!;
        s = s.plus(v.times(v));
      }
      return scaled ? s.sqrt().div(k) : s.sqrt();
    },
    sum: (x) => {
      ownV(x, 'sum');
      let s = zero;
      for (let i = 0; i < x.length; i++) s = s.plus(x[i]!);
      return s;
    },
    amax: (x) => {
      ownV(x, 'amax');
      let m = zero;
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        if (v.isNaN()) return v;
        if (v.abs().gt(m)) m = v.abs();
      }
      return m;
    },
    map: (op, x) => {
      const f = fnOf(op);
      ownV(x, `map(${op})`);
      const z: Decimal[] = [];
      for (let i = 0; i < x.length; i++) z.push(f(x[i]!));
      return z;
    },
    allFinite: (x) => {
      ownV(x, 'allFinite');
      for (let i = 0; i < x.length; i++) if (!x[i]!.isFinite()) return false;
      return true;
    },

    mat: (rows) => {
      const r = rows.length;
      const c = r === 0 ? 0 : rows[0]!.length;
      const data: Decimal[] = [];
      rows.forEach((row, i) => {
        if (row.length !== c) throw new RangeError(`${id} mat: row ${i} has ${row.length} entries, expected ${c}`);
        for (const x of row) data.push(num(x));
      });
      return dmat(r, c, data);
    },
    mshow: (A) => {
      ownM(A, 'mshow');
      return Array.from({ length: A.rows }, (_, i) =>
        A.data.slice(i * A.cols, (i + 1) * A.cols).map((v) => v.valueOf()),
      );
    },
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: (A, i, j) => {
      checkIndex(i, A.rows, `${id} mget(row)`);
      checkIndex(j, A.cols, `${id} mget(col)`);
      return A.data[i * A.cols + j]!;
    },
    reshape: (x, r, c) => {
      if (x.length !== r * c) throw new RangeError(`${id} reshape: length ${x.length} is not ${r}×${c}`);
      return dmat(r, c, ownV(x, 'reshape'));
    },
    flatten: (A) => A.data,
    mzeros: (r, c) => {
      checkSize(r, `${id} mzeros`);
      checkSize(c, `${id} mzeros`);
      return dmat(r, c, new Array<Decimal>(r * c).fill(zero));
    },
    eye: (n) => {
      checkSize(n, `${id} eye`);
      const d = new Array<Decimal>(n * n).fill(zero);
      for (let i = 0; i < n; i++) d[i * n + i] = one;
      return dmat(n, n, d);
    },
    diag: (x) => {
      ownV(x, 'diag');
      const n = x.length;
      const d = new Array<Decimal>(n * n).fill(zero);
      for (let i = 0; i < n; i++) d[i * n + i] = x[i]!;
      return dmat(n, n, d);
    },
    row: (A, i) => {
      checkIndex(i, A.rows, `${id} row`);
      return A.data.slice(i * A.cols, (i + 1) * A.cols);
    },
    col: (A, j) => {
      checkIndex(j, A.cols, `${id} col`);
      const z: Decimal[] = [];
      for (let i = 0; i < A.rows; i++) z.push(A.data[i * A.cols + j]!);
      return z;
    },
    transpose: (A) => {
      const { rows: r, cols: c, data } = ownM(A, 'transpose');
      const t = new Array<Decimal>(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = data[i * c + j]!;
      return dmat(c, r, t);
    },
    gemv: (A, x, trans = false) => {
      const { rows: r, cols: c, data } = ownM(A, 'gemv');
      ownV(x, 'gemv');
      const y: Decimal[] = [];
      if (!trans) {
        checkSame(c, x.length, `${id} gemv`);
        for (let i = 0; i < r; i++) {
          let s = zero;
          const o = i * c;
          for (let j = 0; j < c; j++) s = s.plus(data[o + j]!.times(x[j]!));
          y.push(s);
        }
        return y;
      }
      // Aᵀx: y_j = Σ_i A_ij x_i summed over ascending i, exactly as gemv(transpose(A), x) does.
      checkSame(r, x.length, `${id} gemv(trans)`);
      for (let j = 0; j < c; j++) y.push(zero);
      for (let i = 0; i < r; i++) {
        const xi = x[i]!;
        const o = i * c;
        for (let j = 0; j < c; j++) y[j] = y[j]!.plus(data[o + j]!.times(xi));
      }
      return y;
    },
    gemm: (A, Bm, transA = false, transB = false) => {
      ownM(A, 'gemm');
      ownM(Bm, 'gemm');
      const m = transA ? A.cols : A.rows;
      const k = transA ? A.rows : A.cols;
      const k2 = transB ? Bm.cols : Bm.rows;
      const n = transB ? Bm.rows : Bm.cols;
      checkSame(k, k2, `${id} gemm`);
      const a = A.data;
      const b = Bm.data;
      // Strides so that op(A)_il = a[i·ai + l·al] and op(B)_lj = b[l·bl + j·bj].
      const ai = transA ? 1 : A.cols;
      const al = transA ? A.cols : 1;
      const bl = transB ? 1 : Bm.cols;
      const bj = transB ? Bm.cols : 1;
      const out: Decimal[] = [];
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = zero;
          for (let l = 0; l < k; l++) s = s.plus(a[i * ai + l * al]!.times(b[l * bl + j * bj]!));
          out.push(s);
        }
      }
      return dmat(m, n, out);
    },
    ger: (x, y) => {
      ownV(x, 'ger');
      ownV(y, 'ger');
      const out: Decimal[] = [];
      for (let i = 0; i < x.length; i++) for (let j = 0; j < y.length; j++) out.push(x[i]!.times(y[j]!));
      return dmat(x.length, y.length, out);
    },
  };
  return B;
}
