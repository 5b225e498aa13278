/**
 * Scalar double-double arithmetic on unevaluated pairs (hi, lo), |lo| ≤ ulp(hi)/2, by error-free transforms
 * (Dekker two-product with Veltkamp splitting: no FMA in JS). Algorithms and error bounds are those of
 * Joldes, Muller, Popescu, "Tight and rigorous error bounds for basic building blocks of double-word arithmetic",
 * ACM TOMS 44(2), 2017 (JMP below; u = 2^-53):
 *   add  = AccurateDWPlusDW (JMP Alg. 6)  relative error ≤ 3u²/(1 − 4u)
 *   mul  = DWTimesDW1       (JMP Alg. 10) relative error ≤ 7u²  (no FMA: both cross products rounded, as in Alg. 10)
 *   div  = DWDivDW2         (JMP Alg. 17) relative error ≤ 15u² + 56u³
 * These hold while no intermediate under- or overflows; results below ~2^-969 lose relative accuracy (lo underflows).
 * Non-finite results are normalised to (±Infinity | NaN, 0).
 * The elementary functions are in ddExp.ts and ddLog.ts, σ and softplus in ddActivations.ts, the map kernels and
 * object-returning wrappers in ddMap.ts; ddMath.ts re-exports them all.
 */
import { pow2 } from './ddIO.js';

/** A double-double scalar: the exact value hi + lo. */
export interface DDScalar {
  readonly hi: number;
  readonly lo: number;
}

export function dd(hi: number, lo = 0): DDScalar {
  return { hi, lo };
}

/** Veltkamp splitter 2^27 + 1: x = x1 + x2 with 26-bit halves, so x1·y1 etc. are exact. */
export const SPLITTER = 134217729;

const ZERO: DDScalar = dd(0);
const ONE: DDScalar = dd(1);
const NAN: DDScalar = dd(NaN);
const INF: DDScalar = dd(Infinity);

function special(h: number): DDScalar {
  return { hi: h, lo: 0 };
}

// ---- binary exponent and exact power-of-two scaling --------------------------------------------------------------

const EF = new Float64Array(1);
const EU = new Uint32Array(EF.buffer);
const HI_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // little-endian: high word is [1]

/** floor(log2|x|) for finite nonzero x (subnormals included). */
export function exponentOf(x: number): number {
  EF[0] = x;
  const biased = (EU[HI_WORD]! >>> 20) & 0x7ff;
  if (biased === 0) {
    EF[0] = x * 18014398509481984; // 2^54
    return ((EU[HI_WORD]! >>> 20) & 0x7ff) - 1023 - 54;
  }
  return biased - 1023;
}

/** (hi, lo)·2^k, exact unless the result under/overflows; renormalised. */
export function ldexp(a: DDScalar, k: number): DDScalar {
  if (k === 0) return a;
  const k1 = Math.trunc(k / 2);
  const f1 = pow2(k1);
  const f2 = pow2(k - k1);
  const h = a.hi * f1 * f2;
  const l = a.lo * f1 * f2;
  if (!Number.isFinite(h)) return special(h);
  const zh = h + l;
  return { hi: zh, lo: l - (zh - h) };
}

// ---- basic operations ----------------------------------------------------------------------------------------------

/** AccurateDWPlusDW (JMP Alg. 6). */
export function add(a: DDScalar, b: DDScalar): DDScalar {
  const ah = a.hi;
  const bh = b.hi;
  const sh = ah + bh;
  let t = sh - ah;
  const sl = ah - (sh - t) + (bh - t);
  const al = a.lo;
  const bl = b.lo;
  const th = al + bl;
  t = th - al;
  const tl = al - (th - t) + (bl - t);
  const c = sl + th;
  const vh = sh + c;
  const vl = c - (vh - sh);
  const w = tl + vl;
  const zh = vh + w;
  const zl = w - (zh - vh);
  if (zl !== zl) return special(Number.isFinite(sh) ? zh : sh);
  return { hi: zh, lo: zl };
}

export function neg(a: DDScalar): DDScalar {
  return { hi: -a.hi, lo: -a.lo };
}

export function sub(a: DDScalar, b: DDScalar): DDScalar {
  return add(a, neg(b));
}

function mulCore(ah: number, al: number, bh: number, bl: number): DDScalar {
  const p = ah * bh;
  let t = SPLITTER * ah;
  const a1 = t - (t - ah);
  const a2 = ah - a1;
  t = SPLITTER * bh;
  const b1 = t - (t - bh);
  const b2 = bh - b1;
  let e = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
  e += ah * bl + al * bh;
  const zh = p + e;
  return { hi: zh, lo: e - (zh - p) };
}

/** DWTimesDW1 (JMP Alg. 10) with a Dekker product for the exact ah·bh. */
export function mul(a: DDScalar, b: DDScalar): DDScalar {
  const z = mulCore(a.hi, a.lo, b.hi, b.lo);
  if (z.lo === z.lo) return z;
  return mulSlow(a, b);
}

/**
 * mul when the fast path produced NaN: a non-finite operand/result, or a Veltkamp split that overflowed (|x| > 2^996).
 */
export function mulSlow(a: DDScalar, b: DDScalar): DDScalar {
  const p = a.hi * b.hi;
  if (!Number.isFinite(p) || p === 0) return special(p);
  const ea = exponentOf(a.hi);
  const eb = exponentOf(b.hi);
  const as = ldexp(a, -ea);
  const bs = ldexp(b, -eb);
  const z = mulCore(as.hi, as.lo, bs.hi, bs.lo);
  return ldexp(z, ea + eb);
}

/** DWDivDW2 (JMP Alg. 17). */
function divCore(ah: number, al: number, bh: number, bl: number): DDScalar {
  const th = ah / bh;
  // (rh, rl) = DWTimesFP1(b, th) (JMP Alg. 7)
  const ch = bh * th;
  let t = SPLITTER * bh;
  const b1 = t - (t - bh);
  const b2 = bh - b1;
  t = SPLITTER * th;
  const t1 = t - (t - th);
  const t2 = th - t1;
  const cl1 = b1 * t1 - ch + b1 * t2 + b2 * t1 + b2 * t2;
  const cl2 = bl * th;
  const uh = ch + cl2;
  const tl1 = cl2 - (uh - ch);
  const tl2 = tl1 + cl1;
  const rh = uh + tl2;
  const rl = tl2 - (rh - uh);
  const ph = ah - rh;
  const dl = al - rl;
  const d = ph + dl;
  const tl = d / bh;
  const zh = th + tl;
  return { hi: zh, lo: tl - (zh - th) };
}

export function div(a: DDScalar, b: DDScalar): DDScalar {
  const z = divCore(a.hi, a.lo, b.hi, b.lo);
  if (z.lo === z.lo && Number.isFinite(z.hi)) return z;
  return divSlow(a, b);
}

export function divSlow(a: DDScalar, b: DDScalar): DDScalar {
  const q = a.hi / b.hi;
  if (!Number.isFinite(q) || q === 0) return special(q);
  const ea = exponentOf(a.hi);
  const eb = exponentOf(b.hi);
  const as = ldexp(a, -ea);
  const bs = ldexp(b, -eb);
  const z = divCore(as.hi, as.lo, bs.hi, bs.lo);
  return ldexp(z, ea - eb);
}

export function abs(a: DDScalar): DDScalar {
  return a.hi < 0 || (a.hi === 0 && a.lo < 0) ? neg(a) : a;
}

export function sqr(a: DDScalar): DDScalar {
  return mul(a, a);
}

export function recip(a: DDScalar): DDScalar {
  return div(ONE, a);
}

export function cmp(a: DDScalar, b: DDScalar): -1 | 0 | 1 {
  if (a.hi < b.hi) return -1;
  if (a.hi > b.hi) return 1;
  if (a.lo < b.lo) return -1;
  if (a.lo > b.lo) return 1;
  return 0;
}

export function isFiniteDD(a: DDScalar): boolean {
  return Number.isFinite(a.hi) && Number.isFinite(a.lo);
}

/** a^n by binary powering; negative n as 1/a^|n| (one division at the end, not |n| reciprocal roundings). */
export function powi(a: DDScalar, n: number): DDScalar {
  if (!Number.isInteger(n)) throw new RangeError(`powi: exponent ${n} is not an integer`);
  let r = ONE;
  let base = a;
  let k = Math.abs(n);
  while (k > 0) {
    if (k % 2 === 1) r = mul(r, base);
    k = Math.floor(k / 2);
    if (k > 0) base = mul(base, base);
  }
  return n < 0 ? div(ONE, r) : r;
}

// ---- sqrt
// ------------------------------------------------------------------------------------------------------------

/** sqrt by one Newton (Karp) correction of Math.sqrt: q + (a − q²)/(2q) with a − q² from an exact two-product. */
export function sqrt(a: DDScalar): DDScalar {
  const ah = a.hi;
  if (!(ah > 0)) return ah === 0 ? a : NAN; // ±0 → ±0; negative, NaN → NaN
  if (ah === Infinity) return INF;
  if (ah < 2 ** -900 || ah > 2 ** 900) {
    // scale by an even power of two so that q² and its error term stay in range
    const e = exponentOf(ah) & ~1;
    return ldexp(sqrt(ldexp(a, -e)), e / 2);
  }
  const q = Math.sqrt(ah);
  const p = q * q;
  const t = SPLITTER * q;
  const q1 = t - (t - q);
  const q2 = q - q1;
  const e = q1 * q1 - p + 2 * q1 * q2 + q2 * q2;
  const r = ah - p - e + a.lo;
  const c = r / (2 * q);
  const zh = q + c;
  return { hi: zh, lo: c - (zh - q) };
}

/** The exact product a·b as a pair (Dekker, Veltkamp split). */
export function twoProd(a: number, b: number): DDScalar {
  const p = a * b;
  let t = SPLITTER * a;
  const a1 = t - (t - a);
  const a2 = a - a1;
  t = SPLITTER * b;
  const b1 = t - (t - b);
  const b2 = b - b1;
  return { hi: p, lo: a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2 };
}

// ---- word-level add and divide (for the …HL kernels: hi returned, low word in the caller's out[0]) -----------------

/** (ah, al) + (bh, bl), AccurateDWPlusDW (JMP Alg. 6) on numbers; hi returned, low in out[0]. Finite inputs only. */
export function addHL(ah: number, al: number, bh: number, bl: number, out: Float64Array): number {
  const sh = ah + bh;
  let t = sh - ah;
  const sl = ah - (sh - t) + (bh - t);
  const th = al + bl;
  t = th - al;
  const tl = al - (th - t) + (bl - t);
  const c = sl + th;
  const vh = sh + c;
  const vl = c - (vh - sh);
  const w = tl + vl;
  const zh = vh + w;
  out[0] = w - (zh - vh);
  return zh;
}

/**
 * (ah, al)/(bh, bl), DWDivDW2 (JMP Alg. 17) on numbers; hi returned, low word in out[0]. For finite, normal-range
 * operands.
 */
export function divHL(ah: number, al: number, bh: number, bl: number, out: Float64Array): number {
  const th = ah / bh;
  const ch = bh * th;
  let t = SPLITTER * bh;
  const b1 = t - (t - bh);
  const b2 = bh - b1;
  t = SPLITTER * th;
  const t1 = t - (t - th);
  const t2 = th - t1;
  const cl1 = b1 * t1 - ch + b1 * t2 + b2 * t1 + b2 * t2;
  const cl2 = bl * th;
  const uh = ch + cl2;
  const tl1 = cl2 - (uh - ch);
  const tl2 = tl1 + cl1;
  const rh = uh + tl2;
  const rl = tl2 - (rh - uh);
  const d = ah - rh + (al - rl);
  const tl = d / bh;
  const zh = th + tl;
  out[0] = tl - (zh - th);
  return zh;
}

export { ZERO as DD_ZERO, ONE as DD_ONE };
