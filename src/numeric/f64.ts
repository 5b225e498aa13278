/**
 * `f64`: IEEE float64 backend over monomorphic loops on plain PACKED_DOUBLE JS arrays (packed.ts says why not
 * Float64Array). The quick profile's engine and the tier that a user's own float64 code is compared against.
 */
import { checkNum, exactDecimal } from './exact.js';
import { allFinite, concatDoubles, doubles } from './packed.js';
import type { Backend, MapOp, Num } from './types.js';

/** A dense row-major float64 matrix; entry (i, j) is data[i·cols + j]. */
export interface F64Mat {
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
}
export interface F64 {
  S: number;
  /** A PACKED_DOUBLE array (build vectors with the backend, not from literals such as [1, 2]: those are smi-kinded). */
  V: number[];
  M: F64Mat;
}

function mapScalar(op: MapOp, x: number): number {
  switch (op) {
    case 'neg':
      return -x;
    case 'abs':
      return Math.abs(x);
    case 'square':
      return x * x;
    case 'sqrt':
      return Math.sqrt(x);
    case 'recip':
      return 1 / x;
    case 'exp':
      return Math.exp(x);
    case 'log':
      return Math.log(x);
    case 'log1p':
      return Math.log1p(x);
    case 'expm1':
      return Math.expm1(x);
    case 'relu':
      return x > 0 ? x : 0;
    case 'step':
      return x > 0 ? 1 : 0;
    case 'sign':
      return x > 0 ? 1 : x < 0 ? -1 : 0;
    // log(1+e^x) = max(x,0) + log1p(e^{-|x|}): no overflow for large x, no cancellation for very negative x.
    case 'softplus':
      return (x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x)));
    case 'sigmoid':
      return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
  }
}

/**
 * z_i = op(x_i): one loop per op (a switch inside the loop costs ~2.5× the arithmetic: the op is compared per entry and
 * mapScalar is not inlined), the same expressions as mapScalar.
 */
function mapVec(op: MapOp, x: number[]): number[] {
  const n = x.length;
  const z = doubles(n);
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) z[i] = -x[i]!;
      return z;
    case 'abs':
      for (let i = 0; i < n; i++) z[i] = Math.abs(x[i]!);
      return z;
    case 'square':
      for (let i = 0; i < n; i++) z[i] = x[i]! * x[i]!;
      return z;
    case 'sqrt':
      for (let i = 0; i < n; i++) z[i] = Math.sqrt(x[i]!);
      return z;
    case 'recip':
      for (let i = 0; i < n; i++) z[i] = 1 / x[i]!;
      return z;
    case 'exp':
      for (let i = 0; i < n; i++) z[i] = Math.exp(x[i]!);
      return z;
    case 'relu':
      for (let i = 0; i < n; i++) z[i] = x[i]! > 0 ? x[i]! : 0;
      return z;
    case 'step':
      for (let i = 0; i < n; i++) z[i] = x[i]! > 0 ? 1 : 0;
      return z;
    case 'sign':
      for (let i = 0; i < n; i++) z[i] = x[i]! > 0 ? 1 : x[i]! < 0 ? -1 : 0;
      return z;
    default:
      // log, log1p, expm1, softplus, sigmoid: a library call per entry dominates the dispatch
      for (let i = 0; i < n; i++) z[i] = mapScalar(op, x[i]!);
      return z;
  }
}

function checkSame(n: number, m: number, what: string): void {
  if (n !== m) throw new RangeError(`${what}: dimension mismatch (${n} vs ${m})`);
}

function checkIndex(i: number, n: number, what: string): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`${what}: index ${i} out of range [0, ${n})`);
}

function mat(rows: number, cols: number, data: number[]): F64Mat {
  return { rows, cols, data };
}

export function f64Backend(): Backend<F64> {
  const B: Backend<F64> = {
    id: 'f64',
    digits: 15.95,
    eps: 2 ** -53,
    zero: 0,
    one: 1,

    num: (x: Num) => Number(checkNum(x)),
    int: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`int: ${n} is not a safe integer`);
      return n;
    },
    show: (x) => (Object.is(x, -0) ? '-0' : String(x)),
    toNumber: (x) => x,
    fromDouble: (x) => x,

    add: (a, b) => a + b,
    sub: (a, b) => a - b,
    mul: (a, b) => a * b,
    div: (a, b) => a / b,
    neg: (a) => -a,
    abs: Math.abs,
    sqrt: Math.sqrt,
    exp: Math.exp,
    log: Math.log,
    log1p: Math.log1p,
    fn: mapScalar,
    powi: (a, n) => {
      let r = 1;
      let base = n < 0 ? 1 / a : a;
      let k = Math.abs(n);
      while (k > 0) {
        if (k & 1) r *= base;
        base *= base;
        k >>>= 1;
      }
      return r;
    },
    cmp: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    min: (a, b) => (a < b ? a : b),
    max: (a, b) => (a > b ? a : b),
    isFinite: Number.isFinite,
    isZero: (a) => a === 0,

    vec: (xs) => {
      const z = doubles(xs.length);
      for (let i = 0; i < xs.length; i++) z[i] = Number(checkNum(xs[i]!, `vec[${i}]`));
      return z;
    },
    vshow: (x) => x.map((v) => B.show(v)),
    pack: (xs) => {
      const z = doubles(xs.length);
      for (let i = 0; i < xs.length; i++) z[i] = xs[i]!;
      return z;
    },
    unpack: (x) => x.slice(),
    dim: (x) => x.length,
    at: (x, i) => {
      checkIndex(i, x.length, 'at');
      return x[i]!;
    },
    with: (x, i, v) => {
      checkIndex(i, x.length, 'with');
      const y = doubles(x.length);
      for (let j = 0; j < x.length; j++) y[j] = x[j]!;
      y[i] = v;
      return y;
    },
    zeros: (n) => doubles(n),
    fill: (n, v) => {
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = v;
      return z;
    },
    basis: (n, i) => {
      checkIndex(i, n, 'basis');
      const e = doubles(n);
      e[i] = 1;
      return e;
    },
    concat: concatDoubles,
    slice: (x, s, e) => x.slice(s, e),
    toNumbers: (x) => new Float64Array(x),

    axpy: (a, x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'axpy');
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = a * x[i]! + y[i]!;
      return z;
    },
    scal: (a, x) => {
      const n = x.length;
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = a * x[i]!;
      return z;
    },
    vadd: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'vadd');
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = x[i]! + y[i]!;
      return z;
    },
    vsub: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'vsub');
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = x[i]! - y[i]!;
      return z;
    },
    vmul: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'vmul');
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = x[i]! * y[i]!;
      return z;
    },
    vdiv: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'vdiv');
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = x[i]! / y[i]!;
      return z;
    },
    vshift: (x, a) => {
      const n = x.length;
      const z = doubles(n);
      for (let i = 0; i < n; i++) z[i] = x[i]! + a;
      return z;
    },
    dot: (x, y) => {
      const n = x.length;
      checkSame(n, y.length, 'dot');
      let s = 0;
      for (let i = 0; i < n; i++) s += x[i]! * y[i]!;
      return s;
    },
    nrm2: (x) => {
      // scaled sum of squares: no overflow/underflow for huge or tiny entries
      let scale = 0;
      for (let i = 0; i < x.length; i++) scale = Math.max(scale, Math.abs(x[i]!));
      if (scale === 0 || !Number.isFinite(scale)) return scale;
      let s = 0;
      for (let i = 0; i < x.length; i++) {
        const t = x[i]! / scale;
        s += t * t;
      }
      return scale * Math.sqrt(s);
    },
    sum: (x) => {
      let s = 0;
      for (let i = 0; i < x.length; i++) s += x[i]!;
      return s;
    },
    amax: (x) => {
      let m = 0;
      for (let i = 0; i < x.length; i++) {
        const a = Math.abs(x[i]!);
        if (a > m || a !== a) m = a;
      }
      return m;
    },
    map: mapVec,
    allFinite,

    mat: (rows) => {
      const r = rows.length;
      const c = r === 0 ? 0 : rows[0]!.length;
      const data = doubles(r * c);
      rows.forEach((row, i) => {
        if (row.length !== c) throw new RangeError(`mat: row ${i} has ${row.length} entries, expected ${c}`);
        row.forEach((x, j) => (data[i * c + j] = Number(checkNum(x))));
      });
      return mat(r, c, data);
    },
    mshow: (A) => Array.from({ length: A.rows }, (_, i) => B.vshow(A.data.slice(i * A.cols, (i + 1) * A.cols))),
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: (A, i, j) => A.data[i * A.cols + j]!,
    reshape: (x, r, c) => {
      if (x.length !== r * c) throw new RangeError(`reshape: length ${x.length} is not ${r}×${c}`);
      return mat(r, c, x);
    },
    flatten: (A) => A.data,
    mzeros: (r, c) => mat(r, c, doubles(r * c)),
    eye: (n) => {
      const d = doubles(n * n);
      for (let i = 0; i < n; i++) d[i * n + i] = 1;
      return mat(n, n, d);
    },
    diag: (x) => {
      const n = x.length;
      const d = doubles(n * n);
      for (let i = 0; i < n; i++) d[i * n + i] = x[i]!;
      return mat(n, n, d);
    },
    row: (A, i) => A.data.slice(i * A.cols, (i + 1) * A.cols),
    col: (A, j) => {
      const z = doubles(A.rows);
      for (let i = 0; i < A.rows; i++) z[i] = A.data[i * A.cols + j]!;
      return z;
    },
    transpose: (A) => {
      const { rows: r, cols: c, data } = A;
      const t = doubles(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = data[i * c + j]!;
      return mat(c, r, t);
    },
    gemv: (A, x, trans = false) => {
      const { rows: r, cols: c, data } = A;
      if (!trans) {
        checkSame(c, x.length, 'gemv');
        const y = doubles(r);
        for (let i = 0; i < r; i++) {
          let s = 0;
          const o = i * c;
          for (let j = 0; j < c; j++) s += data[o + j]! * x[j]!;
          y[i] = s;
        }
        return y;
      }
      checkSame(r, x.length, 'gemv(trans)');
      const y = doubles(c);
      for (let i = 0; i < r; i++) {
        const xi = x[i]!;
        const o = i * c;
        for (let j = 0; j < c; j++) y[j] = y[j]! + data[o + j]! * xi;
      }
      return y;
    },
    gemm: (A, Bm, transA = false, transB = false) => {
      const m = transA ? A.cols : A.rows;
      const k = transA ? A.rows : A.cols;
      const k2 = transB ? Bm.cols : Bm.rows;
      const n = transB ? Bm.rows : Bm.cols;
      checkSame(k, k2, 'gemm');
      const a = A.data;
      const b = Bm.data;
      const out = doubles(m * n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let l = 0; l < k; l++) {
            const ail = transA ? a[l * A.cols + i]! : a[i * A.cols + l]!;
            const blj = transB ? b[j * Bm.cols + l]! : b[l * Bm.cols + j]!;
            s += ail * blj;
          }
          out[i * n + j] = s;
        }
      }
      return mat(m, n, out);
    },
    ger: (x, y) => {
      const r = x.length;
      const c = y.length;
      const d = doubles(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) d[i * c + j] = x[i]! * y[j]!;
      return mat(r, c, d);
    },
  };
  return B;
}

/** Re-exported so that law suites can print it. */
export { exactDecimal };
