/**
 * `dd`: the double-double backend, the reference tier of the ci/nightly profiles (DESIGN §2). A value is an
 * unevaluated pair hi + lo; vectors and matrices are structures of arrays (two Float64Arrays). Kernels are
 * monomorphic loops with the error-free transforms written out inline (no per-element allocation); a NaN in the
 * low word (overflow, non-finite input, or a Veltkamp split beyond 2^996) sends that one element to the careful
 * scalar code in ddMath.ts.
 */
import { ddParse, ddShow } from './ddIO.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';
import type { Backend, MapOp, Num } from './types.js';

export type { DDScalar } from './ddMath.js';
/** A double-double vector: entry i is hi[i] + lo[i]. */
export interface DDVec {
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}
/** A dense row-major double-double matrix; entry (i, j) is hi[i·cols + j] + lo[i·cols + j]. */
export interface DDMat {
  readonly rows: number;
  readonly cols: number;
  readonly hi: Float64Array;
  readonly lo: Float64Array;
}
export interface DD {
  S: DDScalar;
  V: DDVec;
  M: DDMat;
}

const SPLITTER = X.SPLITTER;

function checkSame(n: number, m: number, what: string): void {
  if (n !== m) throw new RangeError(`${what}: dimension mismatch (${n} vs ${m})`);
}

/** A zeroed vector whose hi and lo words share one ArrayBuffer (one backing-store allocation instead of two: the
 * allocation, not the arithmetic, dominates small kernels). */
function vecOf(n: number): { hi: Float64Array; lo: Float64Array } {
  const buf = new ArrayBuffer(16 * n);
  return { hi: new Float64Array(buf, 0, n), lo: new Float64Array(buf, 8 * n, n) };
}

function el(v: { hi: Float64Array; lo: Float64Array }, i: number): DDScalar {
  return { hi: v.hi[i]!, lo: v.lo[i]! };
}

/** One elementwise map on a scalar, with the careful scalar functions of ddMath.ts. */
export function ddMapScalar(op: MapOp, x: DDScalar): DDScalar {
  switch (op) {
    case 'neg': return X.neg(x);
    case 'abs': return X.abs(x);
    case 'square': return X.mul(x, x);
    case 'sqrt': return X.sqrt(x);
    case 'recip': return X.recip(x);
    case 'exp': return X.exp(x);
    case 'log': return X.log(x);
    case 'log1p': return X.log1p(x);
    case 'expm1': return X.expm1(x);
    case 'relu': return x.hi > 0 ? x : X.DD_ZERO;
    case 'step': return x.hi > 0 ? X.DD_ONE : X.DD_ZERO;
    case 'sign': return x.hi > 0 ? X.DD_ONE : x.hi < 0 ? X.dd(-1) : X.DD_ZERO;
    case 'softplus': return X.softplus(x);
    case 'sigmoid': return X.sigmoid(x);
  }
}

/** Σ x_i·y_i over strided ranges, accumulated in double-double (JMP Alg. 10 products, Alg. 6 sums). */
function dotStrided(
  xh: Float64Array, xl: Float64Array, xo: number, xs: number,
  yh: Float64Array, yl: Float64Array, yo: number, ys: number, n: number,
): DDScalar {
  let sh = 0;
  let sl = 0;
  for (let i = 0; i < n; i++) {
    const ah = xh[xo + i * xs]!;
    const al = xl[xo + i * xs]!;
    const bh = yh[yo + i * ys]!;
    const bl = yl[yo + i * ys]!;
    // two-product ah·bh (Dekker)
    const p = ah * bh;
    let t = SPLITTER * ah;
    const a1 = t - (t - ah);
    const a2 = ah - a1;
    t = SPLITTER * bh;
    const b1 = t - (t - bh);
    const b2 = bh - b1;
    let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
    e += ah * bl + al * bh;
    const ph = p + e;
    const pl = e - (ph - p);
    // accurate add (sh, sl) + (ph, pl)
    const uh = sh + ph;
    t = uh - sh;
    const ul = sh - (uh - t) + (ph - t);
    const vh = sl + pl;
    t = vh - sl;
    const vl = sl - (vh - t) + (pl - t);
    const c = ul + vh;
    const wh = uh + c;
    const wl = c - (wh - uh);
    const w = vl + wl;
    sh = wh + w;
    sl = w - (sh - wh);
  }
  if (sl !== sl) {
    // non-finite entries or an overflowing split somewhere: redo with the careful scalar operations
    let s = X.DD_ZERO;
    for (let i = 0; i < n; i++) {
      s = X.add(s, X.mul({ hi: xh[xo + i * xs]!, lo: xl[xo + i * xs]! }, { hi: yh[yo + i * ys]!, lo: yl[yo + i * ys]! }));
    }
    return s;
  }
  return { hi: sh, lo: sl };
}

/**
 * The double-double backend. Unit roundoff: eps = 2^-102 = 16u² (u = 2^-53), the smallest power of two that bounds
 * the relative error of every basic operation here (JMP 2017: add ≤ 3u², mul ≤ 7u², div ≤ 15u² + 56u³). 2^-104 = 4u²
 * would understate the FMA-free multiplication and the division. Precision carried is 106–107 bits: digits = 31.9.
 */
export function ddBackend(): Backend<DD> {
  const mk = (hi: number, lo: number): DDScalar => ({ hi, lo });
  const num = (x: Num, where = 'num'): DDScalar => ddParse(x, where);

  const B: Backend<DD> = {
    id: 'dd',
    digits: 31.9,
    eps: mk(2 ** -102, 0),
    zero: X.DD_ZERO,
    one: X.DD_ONE,

    num: (x) => num(x),
    int: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`int: ${n} is not a safe integer`);
      return mk(n, 0);
    },
    show: (x) => ddShow(x.hi, x.lo),
    toNumber: (x) => x.hi + x.lo,
    fromDouble: (x) => mk(x, 0),

    add: X.add,
    sub: X.sub,
    mul: X.mul,
    div: X.div,
    neg: X.neg,
    abs: X.abs,
    sqrt: X.sqrt,
    exp: X.exp,
    log: X.log,
    log1p: X.log1p,
    fn: ddMapScalar,
    powi: X.powi,
    cmp: (a, b) => (a.hi !== a.hi || b.hi !== b.hi ? 0 : X.cmp(a, b)),
    min: (a, b) => (X.cmp(a, b) < 0 ? a : b),
    max: (a, b) => (X.cmp(a, b) > 0 ? a : b),
    isFinite: X.isFiniteDD,
    isZero: (a) => a.hi === 0 && a.lo === 0,

    vec: (xs) => {
      const z = vecOf(xs.length);
      xs.forEach((x, i) => {
        const v = num(x, `vec[${i}]`);
        z.hi[i] = v.hi;
        z.lo[i] = v.lo;
      });
      return z;
    },
    vshow: (x) => Array.from(x.hi, (h, i) => ddShow(h, x.lo[i]!)),
    pack: (xs) => {
      const z = vecOf(xs.length);
      xs.forEach((v, i) => {
        z.hi[i] = v.hi;
        z.lo[i] = v.lo;
      });
      return z;
    },
    unpack: (x) => Array.from(x.hi, (h, i) => mk(h, x.lo[i]!)),
    dim: (x) => x.hi.length,
    at: (x, i) => {
      if (!Number.isInteger(i) || i < 0 || i >= x.hi.length) {
        throw new RangeError(`at: index ${i} out of range [0, ${x.hi.length})`);
      }
      return el(x, i);
    },
    with: (x, i, v) => {
      if (!Number.isInteger(i) || i < 0 || i >= x.hi.length) {
        throw new RangeError(`with: index ${i} out of range [0, ${x.hi.length})`);
      }
      const hi = x.hi.slice();
      const lo = x.lo.slice();
      hi[i] = v.hi;
      lo[i] = v.lo;
      return { hi, lo };
    },
    zeros: (n) => vecOf(n),
    fill: (n, v) => ({ hi: new Float64Array(n).fill(v.hi), lo: new Float64Array(n).fill(v.lo) }),
    basis: (n, i) => {
      if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`basis: index ${i} out of range [0, ${n})`);
      const z = vecOf(n);
      z.hi[i] = 1;
      return z;
    },
    concat: (xs) => {
      const z = vecOf(xs.reduce((s, x) => s + x.hi.length, 0));
      let o = 0;
      for (const x of xs) {
        z.hi.set(x.hi, o);
        z.lo.set(x.lo, o);
        o += x.hi.length;
      }
      return z;
    },
    slice: (x, s, e) => ({ hi: x.hi.slice(s, e), lo: x.lo.slice(s, e) }),
    toNumbers: (x) => {
      const n = x.hi.length;
      const z = new Float64Array(n);
      for (let i = 0; i < n; i++) z[i] = x.hi[i]! + x.lo[i]!;
      return z;
    },

    // ---- vector kernels ----------------------------------------------------------------------------------------
    axpy: (a, x, y) => {
      const n = x.hi.length;
      checkSame(n, y.hi.length, 'axpy');
      const { hi: xh, lo: xl } = x;
      const { hi: yh, lo: yl } = y;
      const { hi: zh, lo: zl } = vecOf(n);
      const ah = a.hi;
      const al = a.lo;
      let t = SPLITTER * ah;
      const a1 = t - (t - ah);
      const a2 = ah - a1;
      for (let i = 0; i < n; i++) {
        const bh = xh[i]!;
        const bl = xl[i]!;
        // (ph, pl) = a·x_i: Dekker two-product of the high words + cross terms (JMP Alg. 10)
        const p = ah * bh;
        t = SPLITTER * bh;
        const b1 = t - (t - bh);
        const b2 = bh - b1;
        let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
        e += ah * bl + al * bh;
        const ph = p + e;
        const pl = e - (ph - p);
        // (ph, pl) + y_i, AccurateDWPlusDW (JMP Alg. 6)
        const ch = yh[i]!;
        const cl = yl[i]!;
        const sh = ph + ch;
        t = sh - ph;
        const sl = ph - (sh - t) + (ch - t);
        const th = pl + cl;
        t = th - pl;
        const tl = pl - (th - t) + (cl - t);
        const c = sl + th;
        const vh = sh + c;
        const vl = c - (vh - sh);
        const w = tl + vl;
        const rh = vh + w;
        const rl = w - (rh - vh);
        if (rl !== rl) {
          const z = X.add(X.mul(a, mk(bh, bl)), mk(ch, cl));
          zh[i] = z.hi;
          zl[i] = z.lo;
        } else {
          zh[i] = rh;
          zl[i] = rl;
        }
      }
      return { hi: zh, lo: zl };
    },
    scal: (a, x) => {
      const n = x.hi.length;
      const { hi: xh, lo: xl } = x;
      const { hi: zh, lo: zl } = vecOf(n);
      const ah = a.hi;
      const al = a.lo;
      let t = SPLITTER * ah;
      const a1 = t - (t - ah);
      const a2 = ah - a1;
      for (let i = 0; i < n; i++) {
        const bh = xh[i]!;
        const bl = xl[i]!;
        const p = ah * bh;
        t = SPLITTER * bh;
        const b1 = t - (t - bh);
        const b2 = bh - b1;
        let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
        e += ah * bl + al * bh;
        const rh = p + e;
        const rl = e - (rh - p);
        if (rl !== rl) {
          const z = X.mul(a, mk(bh, bl));
          zh[i] = z.hi;
          zl[i] = z.lo;
        } else {
          zh[i] = rh;
          zl[i] = rl;
        }
      }
      return { hi: zh, lo: zl };
    },
    vadd: (x, y) => addVec(x, y, 1, 'vadd'),
    vsub: (x, y) => addVec(x, y, -1, 'vsub'),
    vmul: (x, y) => {
      const n = x.hi.length;
      checkSame(n, y.hi.length, 'vmul');
      const { hi: xh, lo: xl } = x;
      const { hi: yh, lo: yl } = y;
      const { hi: zh, lo: zl } = vecOf(n);
      for (let i = 0; i < n; i++) {
        const ah = xh[i]!;
        const al = xl[i]!;
        const bh = yh[i]!;
        const bl = yl[i]!;
        const p = ah * bh;
        let t = SPLITTER * ah;
        const a1 = t - (t - ah);
        const a2 = ah - a1;
        t = SPLITTER * bh;
        const b1 = t - (t - bh);
        const b2 = bh - b1;
        let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
        e += ah * bl + al * bh;
        const rh = p + e;
        const rl = e - (rh - p);
        if (rl !== rl) {
          const z = X.mul(mk(ah, al), mk(bh, bl));
          zh[i] = z.hi;
          zl[i] = z.lo;
        } else {
          zh[i] = rh;
          zl[i] = rl;
        }
      }
      return { hi: zh, lo: zl };
    },
    vdiv: (x, y) => {
      const n = x.hi.length;
      checkSame(n, y.hi.length, 'vdiv');
      const { hi: xh, lo: xl } = x;
      const { hi: yh, lo: yl } = y;
      const { hi: zh, lo: zl } = vecOf(n);
      for (let i = 0; i < n; i++) {
        const ah = xh[i]!;
        const al = xl[i]!;
        const bh = yh[i]!;
        const bl = yl[i]!;
        // DWDivDW2 (JMP Alg. 17)
        const q = ah / bh;
        const ch = bh * q;
        let t = SPLITTER * bh;
        const b1 = t - (t - bh);
        const b2 = bh - b1;
        t = SPLITTER * q;
        const q1 = t - (t - q);
        const q2 = q - q1;
        const cl1 = b1 * q1 - ch + b1 * q2 + b2 * q1 + b2 * q2;
        const cl2 = bl * q;
        const uh = ch + cl2;
        const tl1 = cl2 - (uh - ch);
        const tl2 = tl1 + cl1;
        const rh = uh + tl2;
        const rl = tl2 - (rh - uh);
        const d = ah - rh + (al - rl);
        const tl = d / bh;
        const sh = q + tl;
        const sl = tl - (sh - q);
        if (sl !== sl || sh - sh !== 0) {
          const z = X.div(mk(ah, al), mk(bh, bl));
          zh[i] = z.hi;
          zl[i] = z.lo;
        } else {
          zh[i] = sh;
          zl[i] = sl;
        }
      }
      return { hi: zh, lo: zl };
    },
    vshift: (x, a) => {
      const n = x.hi.length;
      const { hi: xh, lo: xl } = x;
      const { hi: zh, lo: zl } = vecOf(n);
      const ch = a.hi;
      const cl = a.lo;
      for (let i = 0; i < n; i++) {
        const ph = xh[i]!;
        const pl = xl[i]!;
        const sh = ph + ch;
        let t = sh - ph;
        const sl = ph - (sh - t) + (ch - t);
        const th = pl + cl;
        t = th - pl;
        const tl = pl - (th - t) + (cl - t);
        const c = sl + th;
        const vh = sh + c;
        const vl = c - (vh - sh);
        const w = tl + vl;
        const rh = vh + w;
        const rl = w - (rh - vh);
        if (rl !== rl) {
          const z = X.add(mk(ph, pl), a);
          zh[i] = z.hi;
          zl[i] = z.lo;
        } else {
          zh[i] = rh;
          zl[i] = rl;
        }
      }
      return { hi: zh, lo: zl };
    },
    dot: (x, y) => {
      const n = x.hi.length;
      checkSame(n, y.hi.length, 'dot');
      return dotStrided(x.hi, x.lo, 0, 1, y.hi, y.lo, 0, 1, n);
    },
    nrm2: (x) => {
      // Scale by a power of two 2^-e (exact) so that the largest |x_i| is in [1, 2): no overflow or underflow.
      const n = x.hi.length;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.abs(x.hi[i]!);
        if (v > m || v !== v) m = v;
      }
      if (m === 0 || !Number.isFinite(m)) return mk(m, 0);
      const e = X.exponentOf(m);
      const ys = vecOf(n);
      for (let i = 0; i < n; i++) {
        const s = X.ldexp(el(x, i), -e);
        ys.hi[i] = s.hi;
        ys.lo[i] = s.lo;
      }
      const ss = dotStrided(ys.hi, ys.lo, 0, 1, ys.hi, ys.lo, 0, 1, n);
      return X.ldexp(X.sqrt(ss), e);
    },
    sum: (x) => {
      const n = x.hi.length;
      const { hi: xh, lo: xl } = x;
      let sh = 0;
      let sl = 0;
      for (let i = 0; i < n; i++) {
        const ph = xh[i]!;
        const pl = xl[i]!;
        const uh = sh + ph;
        let t = uh - sh;
        const ul = sh - (uh - t) + (ph - t);
        const vh = sl + pl;
        t = vh - sl;
        const vl = sl - (vh - t) + (pl - t);
        const c = ul + vh;
        const wh = uh + c;
        const wl = c - (wh - uh);
        const w = vl + wl;
        sh = wh + w;
        sl = w - (sh - wh);
      }
      if (sl !== sl) {
        let s = X.DD_ZERO;
        for (let i = 0; i < n; i++) s = X.add(s, el(x, i));
        return s;
      }
      return mk(sh, sl);
    },
    amax: (x) => {
      let mh = 0;
      let ml = 0;
      for (let i = 0; i < x.hi.length; i++) {
        let h = x.hi[i]!;
        let l = x.lo[i]!;
        if (h !== h) return mk(NaN, 0);
        if (h < 0) {
          h = -h;
          l = -l;
        }
        if (h > mh || (h === mh && l > ml)) {
          mh = h;
          ml = l;
        }
      }
      return mk(mh, ml);
    },
    map: (op, x) => {
      const n = x.hi.length;
      const { hi: xh, lo: xl } = x;
      switch (op) {
        case 'neg': {
          const { hi: zh, lo: zl } = vecOf(n);
          for (let i = 0; i < n; i++) {
            zh[i] = -xh[i]!;
            zl[i] = -xl[i]!;
          }
          return { hi: zh, lo: zl };
        }
        case 'abs': {
          const { hi: zh, lo: zl } = vecOf(n);
          for (let i = 0; i < n; i++) {
            const h = xh[i]!;
            const neg = h < 0;
            zh[i] = neg ? -h : h;
            zl[i] = neg ? -xl[i]! : xl[i]!;
          }
          return { hi: zh, lo: zl };
        }
        case 'square':
          return B.vmul(x, x);
        case 'relu':
        case 'step':
        case 'sign': {
          const { hi: zh, lo: zl } = vecOf(n);
          for (let i = 0; i < n; i++) {
            const h = xh[i]!;
            if (op === 'relu') {
              if (h > 0) {
                zh[i] = h;
                zl[i] = xl[i]!;
              } else if (h !== h) zh[i] = NaN;
            } else if (op === 'step') zh[i] = h > 0 ? 1 : h !== h ? NaN : 0;
            else zh[i] = h > 0 ? 1 : h < 0 ? -1 : h !== h ? NaN : 0;
          }
          return { hi: zh, lo: zl };
        }
        default: {
          const { hi: zh, lo: zl } = vecOf(n);
          for (let i = 0; i < n; i++) {
            const z = ddMapScalar(op, mk(xh[i]!, xl[i]!));
            zh[i] = z.hi;
            zl[i] = z.lo;
          }
          return { hi: zh, lo: zl };
        }
      }
    },
    allFinite: (x) => {
      for (let i = 0; i < x.hi.length; i++) if (!Number.isFinite(x.hi[i]!) || !Number.isFinite(x.lo[i]!)) return false;
      return true;
    },

    // ---- matrices ------------------------------------------------------------------------------------------------
    mat: (rows) => {
      const r = rows.length;
      const c = r === 0 ? 0 : rows[0]!.length;
      const hi = new Float64Array(r * c);
      const lo = new Float64Array(r * c);
      rows.forEach((row, i) => {
        if (row.length !== c) throw new RangeError(`mat: row ${i} has ${row.length} entries, expected ${c}`);
        row.forEach((x, j) => {
          const v = num(x, `mat[${i}][${j}]`);
          hi[i * c + j] = v.hi;
          lo[i * c + j] = v.lo;
        });
      });
      return { rows: r, cols: c, hi, lo };
    },
    mshow: (A) =>
      Array.from({ length: A.rows }, (_, i) =>
        Array.from({ length: A.cols }, (_, j) => ddShow(A.hi[i * A.cols + j]!, A.lo[i * A.cols + j]!)),
      ),
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: (A, i, j) => {
      if (!(i >= 0 && i < A.rows && j >= 0 && j < A.cols)) {
        throw new RangeError(`mget: index (${i}, ${j}) out of range for a ${A.rows}×${A.cols} matrix`);
      }
      return mk(A.hi[i * A.cols + j]!, A.lo[i * A.cols + j]!);
    },
    reshape: (x, r, c) => {
      if (x.hi.length !== r * c) throw new RangeError(`reshape: length ${x.hi.length} is not ${r}×${c}`);
      return { rows: r, cols: c, hi: x.hi, lo: x.lo };
    },
    flatten: (A) => ({ hi: A.hi, lo: A.lo }),
    mzeros: (r, c) => ({ rows: r, cols: c, hi: new Float64Array(r * c), lo: new Float64Array(r * c) }),
    eye: (n) => {
      const hi = new Float64Array(n * n);
      for (let i = 0; i < n; i++) hi[i * n + i] = 1;
      return { rows: n, cols: n, hi, lo: new Float64Array(n * n) };
    },
    diag: (x) => {
      const n = x.hi.length;
      const hi = new Float64Array(n * n);
      const lo = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        hi[i * n + i] = x.hi[i]!;
        lo[i * n + i] = x.lo[i]!;
      }
      return { rows: n, cols: n, hi, lo };
    },
    row: (A, i) => ({ hi: A.hi.slice(i * A.cols, (i + 1) * A.cols), lo: A.lo.slice(i * A.cols, (i + 1) * A.cols) }),
    col: (A, j) => {
      const z = vecOf(A.rows);
      for (let i = 0; i < A.rows; i++) {
        z.hi[i] = A.hi[i * A.cols + j]!;
        z.lo[i] = A.lo[i * A.cols + j]!;
      }
      return z;
    },
    transpose: (A) => {
      const { rows: r, cols: c } = A;
      const hi = new Float64Array(r * c);
      const lo = new Float64Array(r * c);
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          hi[j * r + i] = A.hi[i * c + j]!;
          lo[j * r + i] = A.lo[i * c + j]!;
        }
      }
      return { rows: c, cols: r, hi, lo };
    },
    gemv: (A, x, trans = false) => {
      const { rows: r, cols: c } = A;
      const m = trans ? c : r;
      const k = trans ? r : c;
      checkSame(k, x.hi.length, trans ? 'gemv(trans)' : 'gemv');
      const z = vecOf(m);
      for (let i = 0; i < m; i++) {
        // row i of A (stride 1) or column i of A (stride c)
        const s = trans
          ? dotStrided(A.hi, A.lo, i, c, x.hi, x.lo, 0, 1, k)
          : dotStrided(A.hi, A.lo, i * c, 1, x.hi, x.lo, 0, 1, k);
        z.hi[i] = s.hi;
        z.lo[i] = s.lo;
      }
      return z;
    },
    gemm: (A, Bm, transA = false, transB = false) => {
      const m = transA ? A.cols : A.rows;
      const k = transA ? A.rows : A.cols;
      const k2 = transB ? Bm.cols : Bm.rows;
      const n = transB ? Bm.rows : Bm.cols;
      checkSame(k, k2, 'gemm');
      const hi = new Float64Array(m * n);
      const lo = new Float64Array(m * n);
      // op(A)[i][l] = A[l][i] (transA) at offset i + l·A.cols, else A[i][l] at i·A.cols + l
      const aStride = transA ? A.cols : 1;
      const bStride = transB ? 1 : Bm.cols;
      for (let i = 0; i < m; i++) {
        const aOff = transA ? i : i * A.cols;
        for (let j = 0; j < n; j++) {
          const bOff = transB ? j * Bm.cols : j;
          const s = dotStrided(A.hi, A.lo, aOff, aStride, Bm.hi, Bm.lo, bOff, bStride, k);
          hi[i * n + j] = s.hi;
          lo[i * n + j] = s.lo;
        }
      }
      return { rows: m, cols: n, hi, lo };
    },
    ger: (x, y) => {
      const r = x.hi.length;
      const c = y.hi.length;
      const hi = new Float64Array(r * c);
      const lo = new Float64Array(r * c);
      for (let i = 0; i < r; i++) {
        // row i = x_i · y (scal kernel)
        const row = B.scal(el(x, i), y);
        hi.set(row.hi, i * c);
        lo.set(row.lo, i * c);
      }
      return { rows: r, cols: c, hi, lo };
    },
  };

  /** x + sign·y elementwise, AccurateDWPlusDW (JMP Alg. 6). */
  function addVec(x: DDVec, y: DDVec, sign: 1 | -1, what: string): DDVec {
    const n = x.hi.length;
    checkSame(n, y.hi.length, what);
    const { hi: xh, lo: xl } = x;
    const { hi: yh, lo: yl } = y;
    const { hi: zh, lo: zl } = vecOf(n);
    for (let i = 0; i < n; i++) {
      const ph = xh[i]!;
      const pl = xl[i]!;
      const ch = sign * yh[i]!;
      const cl = sign * yl[i]!;
      const sh = ph + ch;
      let t = sh - ph;
      const sl = ph - (sh - t) + (ch - t);
      const th = pl + cl;
      t = th - pl;
      const tl = pl - (th - t) + (cl - t);
      const c = sl + th;
      const vh = sh + c;
      const vl = c - (vh - sh);
      const w = tl + vl;
      const rh = vh + w;
      const rl = w - (rh - vh);
      if (rl !== rl) {
        const z = X.add(mk(ph, pl), mk(ch, cl));
        zh[i] = z.hi;
        zl[i] = z.lo;
      } else {
        zh[i] = rh;
        zl[i] = rl;
      }
    }
    return { hi: zh, lo: zl };
  }

  return B;
}
