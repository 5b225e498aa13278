/**
 * The dd vector kernels (interleaved (hi, lo) PACKED_DOUBLE arrays; ddDot.ts says how): construction and access,
 * the BLAS-1 kernels, reductions and elementwise maps. Pure functions: every kernel returns a new vector.
 */
import { ddParse, ddShow } from './ddIO.js';
import { dotStrided, el, scalInto, type DDVec } from './ddDot.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';
import { doubles } from './packed.js';
import type { MapOp, Num } from './types.js';

export type { DDVec } from './ddDot.js';

const SPLITTER = X.SPLITTER;

const mk = (hi: number, lo: number): DDScalar => ({ hi, lo });

export function checkSame(n: number, m: number, what: string): void {
  if (n !== m) throw new RangeError(`${what}: dimension mismatch (${n} vs ${m})`);
}

export function checkIndex(i: number, n: number, what: string): void {
  if (!(Number.isInteger(i) && i >= 0 && i < n)) throw new RangeError(`${what}: index ${i} out of range [0, ${n})`);
}

/** Vector from exact decimal strings (each correctly rounded). */
export function vec(xs: readonly Num[]): DDVec {
  const z = doubles(2 * xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = ddParse(xs[i]!, `vec[${i}]`);
    z[2 * i] = v.hi;
    z[2 * i + 1] = v.lo;
  }
  return z;
}

/** Exact decimal strings of the entries. */
export function vshow(x: DDVec): Num[] {
  const out: Num[] = [];
  for (let i = 0; i < x.length; i += 2) out.push(ddShow(x[i]!, x[i + 1]!));
  return out;
}

/** Vector from scalars. */
export function pack(xs: readonly DDScalar[]): DDVec {
  const z = doubles(2 * xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i]!;
    z[2 * i] = v.hi;
    z[2 * i + 1] = v.lo;
  }
  return z;
}

/** Scalars of a vector. */
export function unpack(x: DDVec): DDScalar[] {
  const out: DDScalar[] = [];
  for (let i = 0; i < x.length; i += 2) out.push(mk(x[i]!, x[i + 1]!));
  return out;
}

/** Entry i (range-checked). */
export function at(x: DDVec, i: number): DDScalar {
  checkIndex(i, x.length >> 1, 'at');
  return el(x, i);
}

/** Copy of x with entry i replaced. */
export function vwith(x: DDVec, i: number, v: DDScalar): DDVec {
  checkIndex(i, x.length >> 1, 'with');
  const z = doubles(x.length);
  for (let j = 0; j < x.length; j++) z[j] = x[j]!;
  z[2 * i] = v.hi;
  z[2 * i + 1] = v.lo;
  return z;
}

/** n copies of v. */
export function fill(n: number, v: DDScalar): DDVec {
  const z = doubles(2 * n);
  for (let i = 0; i < 2 * n; i += 2) {
    z[i] = v.hi;
    z[i + 1] = v.lo;
  }
  return z;
}

/** Unit vector e_i in R^n. */
export function basis(n: number, i: number): DDVec {
  checkIndex(i, n, 'basis');
  const z = doubles(2 * n);
  z[2 * i] = 1;
  return z;
}

/** Nearest doubles hi + lo, for control logic and printing. */
export function toNumbers(x: DDVec): Float64Array {
  const n = x.length >> 1;
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = x[2 * i]! + x[2 * i + 1]!;
  return z;
}

/** a·x + y: a two-product per entry (JMP Alg. 10), then AccurateDWPlusDW (JMP Alg. 6). */
export function axpy(a: DDScalar, x: DDVec, y: DDVec): DDVec {
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
}

/** a·x. */
export function scal(a: DDScalar, x: DDVec): DDVec {
  const z = doubles(x.length);
  scalInto(a, x, z, 0);
  return z;
}

/** Elementwise product (JMP Alg. 10). */
export function vmul(x: DDVec, y: DDVec): DDVec {
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
}

/** Elementwise quotient (JMP Alg. 17). */
export function vdiv(x: DDVec, y: DDVec): DDVec {
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
}

/** x + a for every entry (JMP Alg. 6). */
export function vshift(x: DDVec, a: DDScalar): DDVec {
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
}

/** xᵀy accumulated in double-double. */
export function dot(x: DDVec, y: DDVec): DDScalar {
  const n = x.length >> 1;
  checkSame(n, y.length >> 1, 'dot');
  return dotStrided(x, 0, 1, y, 0, 1, n);
}

/** Euclidean norm, scaled by a power of two first (no overflow or underflow). */
export function nrm2(x: DDVec): DDScalar {
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
}

/** Σ x_i (JMP Alg. 6). */
export function sum(x: DDVec): DDScalar {
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
}

/** max_i |x_i| (NaN when an entry is NaN). */
export function amax(x: DDVec): DDScalar {
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
}

/** An elementwise map: exact ones inline, the transcendental ones by the allocation-free kernels of ddMap.ts. */
export function map(op: MapOp, x: DDVec): DDVec {
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
      return vmul(x, x);
    // relu, step, sign: x > 0 (and x < 0) are false for NaN, so NaN maps to 0 as in fn and the other backends
    case 'relu': {
      const z = doubles(n2);
      for (let i = 0; i < n2; i += 2) {
        const h = x[i]!;
        if (h > 0) {
          z[i] = h;
          z[i + 1] = x[i + 1]!;
        }
      }
      return z;
    }
    case 'step': {
      const z = doubles(n2);
      for (let i = 0; i < n2; i += 2) {
        const h = x[i]!;
        z[i] = h > 0 ? 1 : 0;
      }
      return z;
    }
    case 'sign': {
      const z = doubles(n2);
      for (let i = 0; i < n2; i += 2) {
        const h = x[i]!;
        z[i] = h > 0 ? 1 : h < 0 ? -1 : 0;
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
}

/** x + sign·y elementwise, AccurateDWPlusDW (JMP Alg. 6). */
export function addVec(x: DDVec, y: DDVec, sign: 1 | -1, what: string): DDVec {
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

/** One elementwise map on a scalar, with the careful scalar functions of ddMath.ts. */
export function ddMapScalar(op: MapOp, x: DDScalar): DDScalar {
  switch (op) {
    case 'neg':
      return X.neg(x);
    case 'abs':
      return X.abs(x);
    case 'square':
      return X.mul(x, x);
    case 'sqrt':
      return X.sqrt(x);
    case 'recip':
      return X.recip(x);
    case 'exp':
      return X.exp(x);
    case 'log':
      return X.log(x);
    case 'log1p':
      return X.log1p(x);
    case 'expm1':
      return X.expm1(x);
    case 'relu':
      return x.hi > 0 ? x : X.DD_ZERO;
    case 'step':
      return x.hi > 0 ? X.DD_ONE : X.DD_ZERO;
    case 'sign':
      return x.hi > 0 ? X.DD_ONE : x.hi < 0 ? X.dd(-1) : X.DD_ZERO;
    case 'softplus':
      return X.softplus(x);
    case 'sigmoid':
      return X.sigmoid(x);
  }
}
