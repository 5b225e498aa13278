/**
 * `dd`: the double-double backend, the reference tier of the ci/nightly profiles. A value is an
 * unevaluated pair hi + lo; vectors and matrices are interleaved (hi, lo) PACKED_DOUBLE JS arrays. Kernels are
 * monomorphic loops with the error-free transforms written out inline (no per-element allocation); a NaN in the
 * low word (overflow, non-finite input, or a Veltkamp split beyond 2^996) sends that one element to the careful
 * scalar code in ddMath.ts.
 */
import { ddParse, ddShow } from './ddIO.js';
import * as X from './ddMath.js';
import { allFinite, concatDoubles, doubles } from './packed.js';
import type { DDScalar } from './ddMath.js';
import type { AnyBackend, Backend, MapOp, Num } from './types.js';

export type { DDScalar } from './ddMath.js';
/**
 * A double-double vector of dimension n: a PACKED_DOUBLE array of length 2n, interleaved (x[2i], x[2i+1]) =
 * (hi_i, lo_i). One plain JS array per vector: one young-generation allocation per kernel result (packed.ts).
 */
export type DDVec = number[];
/** A dense row-major double-double matrix; entry (i, j) is the interleaved pair at data[2(i·cols + j)]. */
export interface DDMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: number[];
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

function checkIndex(i: number, n: number, what: string): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`${what}: index ${i} out of range [0, ${n})`);
}

/** Entry i of an interleaved vector. */
function el(v: DDVec, i: number): DDScalar {
  return { hi: v[2 * i]!, lo: v[2 * i + 1]! };
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

/** Σ x_i·y_i over strided ranges (offsets and strides in entries), accumulated in double-double (JMP Alg. 10
 * products, Alg. 6 sums), written to z[zi], z[zi + 1] (no allocation: the gemv/gemm kernels call it per entry). */
function dotInto(x: DDVec, xo: number, xs: number, y: DDVec, yo: number, ys: number, n: number, z: number[], zi: number): void {
  let sh = 0;
  let sl = 0;
  let px = 2 * xo;
  let py = 2 * yo;
  const dx = 2 * xs;
  const dy = 2 * ys;
  for (let i = 0; i < n; i++, px += dx, py += dy) {
    const ah = x[px]!;
    const al = x[px + 1]!;
    const bh = y[py]!;
    const bl = y[py + 1]!;
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
    if (i === 0) {
      // (0, 0) + (ph, pl) is (ph, pl) exactly (ph = RN(ph + pl)); + 0 turns −0 into +0 as the full sum would
      sh = ph + 0;
      sl = pl + 0;
      continue;
    }
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
    for (let i = 0; i < n; i++) s = X.add(s, X.mul(el(x, xo + i * xs), el(y, yo + i * ys)));
    sh = s.hi;
    sl = s.lo;
  }
  z[zi] = sh;
  z[zi + 1] = sl;
}

/**
 * Two dots sharing y: z[zi..] = Σ_l x[xo + l·xs]·y_l and z[zj..] = Σ_l x[xo2 + l·xs]·y_l, each with exactly the
 * operations (and order) of `dotInto`, interleaved so that the two accumulation chains overlap (gemv rows/columns in
 * pairs) and y_l is split once. A non-finite or overflowing result is redone by `dotInto` (careful path).
 */
function dot2Into(
  x: DDVec, xo: number, xo2: number, xs: number, y: DDVec, n: number, z: number[], zi: number, zj: number,
): void {
  let sh = 0;
  let sl = 0;
  let rh = 0;
  let rl = 0;
  let px = 2 * xo;
  let qx = 2 * xo2;
  const dx = 2 * xs;
  for (let i = 0; i < n; i++, px += dx, qx += dx) {
    const bh = y[2 * i]!;
    const bl = y[2 * i + 1]!;
    let t = SPLITTER * bh;
    const b1 = t - (t - bh);
    const b2 = bh - b1;
    // first dot: two-product x·y (Dekker) + cross terms
    const ah = x[px]!;
    const al = x[px + 1]!;
    const p = ah * bh;
    t = SPLITTER * ah;
    const a1 = t - (t - ah);
    const a2 = ah - a1;
    let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
    e += ah * bl + al * bh;
    const ph = p + e;
    const pl = e - (ph - p);
    // second dot
    const ch = x[qx]!;
    const cl = x[qx + 1]!;
    const q = ch * bh;
    t = SPLITTER * ch;
    const c1 = t - (t - ch);
    const c2 = ch - c1;
    let f = c1 * b1 - q + c1 * b2 + c2 * b1 + c2 * b2;
    f += ch * bl + cl * bh;
    const qh = q + f;
    const ql = f - (qh - q);
    if (i === 0) {
      sh = ph + 0;
      sl = pl + 0;
      rh = qh + 0;
      rl = ql + 0;
      continue;
    }
    // accurate adds (sh, sl) + (ph, pl) and (rh, rl) + (qh, ql)
    let uh = sh + ph;
    t = uh - sh;
    let ul = sh - (uh - t) + (ph - t);
    let vh = sl + pl;
    t = vh - sl;
    let vl = sl - (vh - t) + (pl - t);
    let g = ul + vh;
    let wh = uh + g;
    let w = vl + (g - (wh - uh));
    sh = wh + w;
    sl = w - (sh - wh);
    uh = rh + qh;
    t = uh - rh;
    ul = rh - (uh - t) + (qh - t);
    vh = rl + ql;
    t = vh - rl;
    vl = rl - (vh - t) + (ql - t);
    g = ul + vh;
    wh = uh + g;
    w = vl + (g - (wh - uh));
    rh = wh + w;
    rl = w - (rh - wh);
  }
  if (sl !== sl) dotInto(x, xo, xs, y, 0, 1, n, z, zi);
  else {
    z[zi] = sh;
    z[zi + 1] = sl;
  }
  if (rl !== rl) dotInto(x, xo2, xs, y, 0, 1, n, z, zj);
  else {
    z[zj] = rh;
    z[zj + 1] = rl;
  }
}

const DOT_OUT = [0.5, 0.5];

/** dotInto as a scalar (dot, nrm2). */
function dotStrided(x: DDVec, xo: number, xs: number, y: DDVec, yo: number, ys: number, n: number): DDScalar {
  dotInto(x, xo, xs, y, yo, ys, n, DOT_OUT, 0);
  return { hi: DOT_OUT[0]!, lo: DOT_OUT[1]! };
}

/** z[zo ..] = a·x elementwise (entries; JMP Alg. 10 per entry), the scal kernel, also one row of ger. */
function scalInto(a: DDScalar, x: DDVec, z: number[], zo: number): void {
  const n2 = x.length;
  const ah = a.hi;
  const al = a.lo;
  let t = SPLITTER * ah;
  const a1 = t - (t - ah);
  const a2 = ah - a1;
  for (let i = 0; i < n2; i += 2) {
    const bh = x[i]!;
    const bl = x[i + 1]!;
    const p = ah * bh;
    t = SPLITTER * bh;
    const b1 = t - (t - bh);
    const b2 = bh - b1;
    let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
    e += ah * bl + al * bh;
    const rh = p + e;
    const rl = e - (rh - p);
    if (rl !== rl) {
      const r = X.mul(a, { hi: bh, lo: bl });
      z[zo + i] = r.hi;
      z[zo + i + 1] = r.lo;
    } else {
      z[zo + i] = rh;
      z[zo + i + 1] = rl;
    }
  }
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
      const z = doubles(2 * xs.length);
      for (let i = 0; i < xs.length; i++) {
        const v = num(xs[i]!, `vec[${i}]`);
        z[2 * i] = v.hi;
        z[2 * i + 1] = v.lo;
      }
      return z;
    },
    vshow: (x) => {
      const out: Num[] = [];
      for (let i = 0; i < x.length; i += 2) out.push(ddShow(x[i]!, x[i + 1]!));
      return out;
    },
    pack: (xs) => {
      const z = doubles(2 * xs.length);
      for (let i = 0; i < xs.length; i++) {
        const v = xs[i]!;
        z[2 * i] = v.hi;
        z[2 * i + 1] = v.lo;
      }
      return z;
    },
    unpack: (x) => {
      const out: DDScalar[] = [];
      for (let i = 0; i < x.length; i += 2) out.push(mk(x[i]!, x[i + 1]!));
      return out;
    },
    dim: (x) => x.length >> 1,
    at: (x, i) => {
      checkIndex(i, x.length >> 1, 'at');
      return el(x, i);
    },
    with: (x, i, v) => {
      checkIndex(i, x.length >> 1, 'with');
      const z = doubles(x.length);
      for (let j = 0; j < x.length; j++) z[j] = x[j]!;
      z[2 * i] = v.hi;
      z[2 * i + 1] = v.lo;
      return z;
    },
    zeros: (n) => doubles(2 * n),
    fill: (n, v) => {
      const z = doubles(2 * n);
      for (let i = 0; i < 2 * n; i += 2) {
        z[i] = v.hi;
        z[i + 1] = v.lo;
      }
      return z;
    },
    basis: (n, i) => {
      checkIndex(i, n, 'basis');
      const z = doubles(2 * n);
      z[2 * i] = 1;
      return z;
    },
    concat: concatDoubles,
    // entry indices (negative from the end, clamped, truncated as in Array.prototype.slice) doubled to words
    slice: (x, s, e) => x.slice(2 * Math.trunc(s), 2 * Math.trunc(e)),
    toNumbers: (x) => {
      const n = x.length >> 1;
      const z = new Float64Array(n);
      for (let i = 0; i < n; i++) z[i] = x[2 * i]! + x[2 * i + 1]!;
      return z;
    },

    // ---- vector kernels ----------------------------------------------------------------------------------------
    axpy: (a, x, y) => {
      const n2 = x.length;
      checkSame(n2 >> 1, y.length >> 1, 'axpy');
      const z = doubles(n2);
      const ah = a.hi;
      const al = a.lo;
      let t = SPLITTER * ah;
      const a1 = t - (t - ah);
      const a2 = ah - a1;
      for (let i = 0; i < n2; i += 2) {
        const bh = x[i]!;
        const bl = x[i + 1]!;
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
        const ch = y[i]!;
        const cl = y[i + 1]!;
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
          const r = X.add(X.mul(a, mk(bh, bl)), mk(ch, cl));
          z[i] = r.hi;
          z[i + 1] = r.lo;
        } else {
          z[i] = rh;
          z[i + 1] = rl;
        }
      }
      return z;
    },
    scal: (a, x) => {
      const z = doubles(x.length);
      scalInto(a, x, z, 0);
      return z;
    },
    vadd: (x, y) => addVec(x, y, 1, 'vadd'),
    vsub: (x, y) => addVec(x, y, -1, 'vsub'),
    vmul: (x, y) => {
      const n2 = x.length;
      checkSame(n2 >> 1, y.length >> 1, 'vmul');
      const z = doubles(n2);
      for (let i = 0; i < n2; i += 2) {
        const ah = x[i]!;
        const al = x[i + 1]!;
        const bh = y[i]!;
        const bl = y[i + 1]!;
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
          const r = X.mul(mk(ah, al), mk(bh, bl));
          z[i] = r.hi;
          z[i + 1] = r.lo;
        } else {
          z[i] = rh;
          z[i + 1] = rl;
        }
      }
      return z;
    },
    vdiv: (x, y) => {
      const n2 = x.length;
      checkSame(n2 >> 1, y.length >> 1, 'vdiv');
      const z = doubles(n2);
      for (let i = 0; i < n2; i += 2) {
        const ah = x[i]!;
        const al = x[i + 1]!;
        const bh = y[i]!;
        const bl = y[i + 1]!;
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
          const r = X.div(mk(ah, al), mk(bh, bl));
          z[i] = r.hi;
          z[i + 1] = r.lo;
        } else {
          z[i] = sh;
          z[i + 1] = sl;
        }
      }
      return z;
    },
    vshift: (x, a) => {
      const n2 = x.length;
      const z = doubles(n2);
      const ch = a.hi;
      const cl = a.lo;
      for (let i = 0; i < n2; i += 2) {
        const ph = x[i]!;
        const pl = x[i + 1]!;
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
          const r = X.add(mk(ph, pl), a);
          z[i] = r.hi;
          z[i + 1] = r.lo;
        } else {
          z[i] = rh;
          z[i + 1] = rl;
        }
      }
      return z;
    },
    dot: (x, y) => {
      const n = x.length >> 1;
      checkSame(n, y.length >> 1, 'dot');
      return dotStrided(x, 0, 1, y, 0, 1, n);
    },
    nrm2: (x) => {
      // Scale by a power of two 2^-e (exact) so that the largest |x_i| is in [1, 2): no overflow or underflow.
      const n = x.length >> 1;
      let m = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.abs(x[2 * i]!);
        if (v > m || v !== v) m = v;
      }
      if (m === 0 || !Number.isFinite(m)) return mk(m, 0);
      const e = X.exponentOf(m);
      const ys = doubles(2 * n);
      for (let i = 0; i < n; i++) {
        const s = X.ldexp(el(x, i), -e);
        ys[2 * i] = s.hi;
        ys[2 * i + 1] = s.lo;
      }
      const ss = dotStrided(ys, 0, 1, ys, 0, 1, n);
      return X.ldexp(X.sqrt(ss), e);
    },
    sum: (x) => {
      const n2 = x.length;
      let sh = 0;
      let sl = 0;
      for (let i = 0; i < n2; i += 2) {
        const ph = x[i]!;
        const pl = x[i + 1]!;
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
        for (let i = 0; i < n2; i += 2) s = X.add(s, mk(x[i]!, x[i + 1]!));
        return s;
      }
      return mk(sh, sl);
    },
    amax: (x) => {
      let mh = 0;
      let ml = 0;
      for (let i = 0; i < x.length; i += 2) {
        let h = x[i]!;
        let l = x[i + 1]!;
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
      const n2 = x.length;
      switch (op) {
        case 'neg': {
          const z = doubles(n2);
          for (let i = 0; i < n2; i++) z[i] = -x[i]!;
          return z;
        }
        case 'abs': {
          const z = doubles(n2);
          for (let i = 0; i < n2; i += 2) {
            const h = x[i]!;
            const neg = h < 0;
            z[i] = neg ? -h : h;
            z[i + 1] = neg ? -x[i + 1]! : x[i + 1]!;
          }
          return z;
        }
        case 'square':
          return B.vmul(x, x);
        case 'relu': {
          const z = doubles(n2);
          for (let i = 0; i < n2; i += 2) {
            const h = x[i]!;
            if (h > 0) {
              z[i] = h;
              z[i + 1] = x[i + 1]!;
            } else if (h !== h) z[i] = NaN;
          }
          return z;
        }
        case 'step': {
          const z = doubles(n2);
          for (let i = 0; i < n2; i += 2) {
            const h = x[i]!;
            z[i] = h > 0 ? 1 : h !== h ? NaN : 0;
          }
          return z;
        }
        case 'sign': {
          const z = doubles(n2);
          for (let i = 0; i < n2; i += 2) {
            const h = x[i]!;
            z[i] = h > 0 ? 1 : h < 0 ? -1 : h !== h ? NaN : 0;
          }
          return z;
        }
        case 'exp':
        case 'expm1':
        case 'log':
        case 'log1p':
        case 'softplus':
        case 'sigmoid': {
          // allocation-free table-driven kernels (ddMath.ts): bit-identical to the scalar functions
          const z = doubles(n2);
          X.ddMapInto(op, x, z);
          return z;
        }
        default: {
          const z = doubles(n2);
          for (let i = 0; i < n2; i += 2) {
            const r = ddMapScalar(op, mk(x[i]!, x[i + 1]!));
            z[i] = r.hi;
            z[i + 1] = r.lo;
          }
          return z;
        }
      }
    },
    allFinite,

    // ---- matrices ------------------------------------------------------------------------------------------------
    mat: (rows) => {
      const r = rows.length;
      const c = r === 0 ? 0 : rows[0]!.length;
      const data = doubles(2 * r * c);
      rows.forEach((row, i) => {
        if (row.length !== c) throw new RangeError(`mat: row ${i} has ${row.length} entries, expected ${c}`);
        row.forEach((x, j) => {
          const v = num(x, `mat[${i}][${j}]`);
          data[2 * (i * c + j)] = v.hi;
          data[2 * (i * c + j) + 1] = v.lo;
        });
      });
      return { rows: r, cols: c, data };
    },
    mshow: (A) =>
      Array.from({ length: A.rows }, (_, i) =>
        Array.from({ length: A.cols }, (_, j) => ddShow(A.data[2 * (i * A.cols + j)]!, A.data[2 * (i * A.cols + j) + 1]!)),
      ),
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: (A, i, j) => {
      if (!(i >= 0 && i < A.rows && j >= 0 && j < A.cols)) {
        throw new RangeError(`mget: index (${i}, ${j}) out of range for a ${A.rows}×${A.cols} matrix`);
      }
      return el(A.data, i * A.cols + j);
    },
    reshape: (x, r, c) => {
      if (x.length >> 1 !== r * c) throw new RangeError(`reshape: length ${x.length >> 1} is not ${r}×${c}`);
      return { rows: r, cols: c, data: x };
    },
    flatten: (A) => A.data,
    mzeros: (r, c) => ({ rows: r, cols: c, data: doubles(2 * r * c) }),
    eye: (n) => {
      const data = doubles(2 * n * n);
      for (let i = 0; i < n; i++) data[2 * (i * n + i)] = 1;
      return { rows: n, cols: n, data };
    },
    diag: (x) => {
      const n = x.length >> 1;
      const data = doubles(2 * n * n);
      for (let i = 0; i < n; i++) {
        data[2 * (i * n + i)] = x[2 * i]!;
        data[2 * (i * n + i) + 1] = x[2 * i + 1]!;
      }
      return { rows: n, cols: n, data };
    },
    row: (A, i) => A.data.slice(2 * i * A.cols, 2 * (i + 1) * A.cols),
    col: (A, j) => {
      const z = doubles(2 * A.rows);
      for (let i = 0; i < A.rows; i++) {
        z[2 * i] = A.data[2 * (i * A.cols + j)]!;
        z[2 * i + 1] = A.data[2 * (i * A.cols + j) + 1]!;
      }
      return z;
    },
    transpose: (A) => {
      const { rows: r, cols: c, data: a } = A;
      const data = doubles(2 * r * c);
      for (let i = 0; i < r; i++) {
        for (let j = 0; j < c; j++) {
          data[2 * (j * r + i)] = a[2 * (i * c + j)]!;
          data[2 * (j * r + i) + 1] = a[2 * (i * c + j) + 1]!;
        }
      }
      return { rows: c, cols: r, data };
    },
    gemv: (A, x, trans = false) => {
      const { rows: r, cols: c, data } = A;
      const m = trans ? c : r;
      const k = trans ? r : c;
      checkSame(k, x.length >> 1, trans ? 'gemv(trans)' : 'gemv');
      const z = doubles(2 * m);
      // entries in pairs (two interleaved accumulation chains): row i of A (stride 1) or column i of A (stride c)
      const st = trans ? 1 : c;
      const xs = trans ? c : 1;
      let i = 0;
      for (; i + 1 < m; i += 2) dot2Into(data, i * st, (i + 1) * st, xs, x, k, z, 2 * i, 2 * i + 2);
      if (i < m) dotInto(data, i * st, xs, x, 0, 1, k, z, 2 * i);
      return z;
    },
    gemm: (A, Bm, transA = false, transB = false) => {
      const m = transA ? A.cols : A.rows;
      const k = transA ? A.rows : A.cols;
      const k2 = transB ? Bm.cols : Bm.rows;
      const n = transB ? Bm.rows : Bm.cols;
      checkSame(k, k2, 'gemm');
      const data = doubles(2 * m * n);
      // op(A)[i][l] = A[l][i] (transA) at entry i + l·A.cols, else A[i][l] at i·A.cols + l
      const aStride = transA ? A.cols : 1;
      const bStride = transB ? 1 : Bm.cols;
      for (let i = 0; i < m; i++) {
        const aOff = transA ? i : i * A.cols;
        for (let j = 0; j < n; j++) {
          const bOff = transB ? j * Bm.cols : j;
          dotInto(A.data, aOff, aStride, Bm.data, bOff, bStride, k, data, 2 * (i * n + j));
        }
      }
      return { rows: m, cols: n, data };
    },
    ger: (x, y) => {
      const r = x.length >> 1;
      const c = y.length >> 1;
      const data = doubles(2 * r * c);
      // row i = x_i · y (the scal kernel)
      for (let i = 0; i < r; i++) scalInto(el(x, i), y, data, 2 * i * c);
      return { rows: r, cols: c, data };
    },
  };

  /** x + sign·y elementwise, AccurateDWPlusDW (JMP Alg. 6). */
  function addVec(x: DDVec, y: DDVec, sign: 1 | -1, what: string): DDVec {
    const n2 = x.length;
    checkSame(n2 >> 1, y.length >> 1, what);
    const z = doubles(n2);
    for (let i = 0; i < n2; i += 2) {
      const ph = x[i]!;
      const pl = x[i + 1]!;
      const ch = sign * y[i]!;
      const cl = sign * y[i + 1]!;
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
        const r = X.add(mk(ph, pl), mk(ch, cl));
        z[i] = r.hi;
        z[i + 1] = r.lo;
      } else {
        z[i] = rh;
        z[i + 1] = rl;
      }
    }
    return z;
  }

  DD_BACKENDS.add(B);
  return B;
}

/** Every backend `ddBackend()` made: fused paths over the dd representation (src/dynamics/fused.ts) bind only to these. */
const DD_BACKENDS = new WeakSet<AnyBackend>();

/** B as the dd backend when `ddBackend()` made it (its values are then DDScalar/DDVec/DDMat), else undefined. */
export function asDdBackend(B: AnyBackend): Backend<DD> | undefined {
  return DD_BACKENDS.has(B) ? (B as Backend<DD>) : undefined;
}
