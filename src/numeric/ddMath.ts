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
 */
import { pow2, ratToDoubles } from './ddIO.js';

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
const TWO: DDScalar = dd(2);
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

/** mul when the fast path produced NaN: a non-finite operand/result, or a Veltkamp split that overflowed (|x| > 2^996). */
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

// ---- sqrt ------------------------------------------------------------------------------------------------------------

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

// ---- constants -----------------------------------------------------------------------------------------------------

/** ln 2 to 110 digits (decimal.js at 110 digits agrees; checked in ddMath.test.ts). */
export const LN2_DIGITS =
  '0.69314718055994530941723212145817656807550013436025525412068000949339362196969471560586332699641868754200148102';
const LN2_PARTS = ratToDoubles(BigInt(LN2_DIGITS.slice(2)), 10n ** BigInt(LN2_DIGITS.length - 2), 3);
const C1 = LN2_PARTS[0]!;
const C2 = LN2_PARTS[1]!;
const C3 = LN2_PARTS[2]!;
/** ln 2 as a double-double. */
export const LN2: DDScalar = dd(C1, C2);

/** 1/n! as double-doubles, n = 0..12 (exact rationals rounded to the pair). */
const INV_FACT: DDScalar[] = (() => {
  const out: DDScalar[] = [];
  let f = 1n;
  for (let n = 0; n <= 12; n++) {
    if (n > 0) f *= BigInt(n);
    const [h, l] = ratToDoubles(1n, f, 2);
    out.push(dd(h!, l!));
  }
  return out;
})();

/** The exact double-double k·ln2 (k an integer, |k| < 2^11): two exact products plus a tail. */
function kLn2(k: number): DDScalar {
  const x = twoProd(k, C1);
  const y = twoProd(k, C2);
  return add(add(x, y), dd(k * C3));
}

function twoProd(a: number, b: number): DDScalar {
  const p = a * b;
  let t = SPLITTER * a;
  const a1 = t - (t - a);
  const a2 = a - a1;
  t = SPLITTER * b;
  const b1 = t - (t - b);
  const b2 = b - b1;
  return { hi: p, lo: a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2 };
}

// ---- exp, expm1 ----------------------------------------------------------------------------------------------------

const HALF_LN2 = 0.34657359027997264;
const EXPM1_HALVINGS = 5;

/**
 * expm1(r) for |r| ≤ ln2/2 (a bit more is fine): Taylor to degree 12 at t = r/2^5 (first omitted term
 * ≤ |t|·0.0109^12/13! < 4e-34·|t|), then 5 doublings expm1(2t) = expm1(t)·(expm1(t) + 2), which keep the relative
 * error (no cancellation of 1 + s).
 */
function expm1Core(r: DDScalar): DDScalar {
  if (r.hi === 0) return r;
  const tiny = Math.abs(r.hi) < 1e-11; // degree 4 suffices: r^5/5! < 1e-44·|r|
  const t = tiny ? r : ldexp(r, -EXPM1_HALVINGS);
  const deg = tiny ? 4 : 12;
  let p = INV_FACT[deg]!;
  for (let n = deg - 1; n >= 1; n--) p = add(INV_FACT[n]!, mul(t, p));
  let s = mul(t, p);
  if (!tiny) for (let i = 0; i < EXPM1_HALVINGS; i++) s = mul(s, add(s, TWO));
  return s;
}

/** Reduce a = k·ln2 + r with |r| ≲ ln2/2, ln2 carried as three doubles so k·ln2 is exact to ~2^-150. */
function reduceLn2(a: DDScalar): { k: number; r: DDScalar } {
  const k = Math.round(a.hi / C1);
  if (k === 0) return { k, r: a };
  let r = sub(a, twoProd(k, C1));
  r = sub(r, twoProd(k, C2));
  r = add(r, dd(-k * C3));
  return { k, r };
}

/**
 * e^a. Relative error ≲ 1e-31 observed (≤ 1e-30 tested) for e^a ≥ 2^-969 (a ≥ −671); below, the result is
 * subnormal-limited (absolute error ≤ 2^-1074). Overflow → Infinity, a = −∞ → 0.
 */
export function exp(a: DDScalar): DDScalar {
  const ah = a.hi;
  if (ah !== ah) return NAN;
  if (ah > 709.79) return INF;
  if (ah < -745.2) return ZERO;
  if (ah === 0) return ONE;
  const { k, r } = reduceLn2(a);
  return ldexp(add(ONE, expm1Core(r)), k);
}

/** e^a − 1, relatively accurate near 0. */
export function expm1(a: DDScalar): DDScalar {
  const ah = a.hi;
  if (ah !== ah) return NAN;
  if (Math.abs(ah) <= HALF_LN2) return expm1Core(a);
  return sub(exp(a), ONE);
}

// ---- log, log1p ----------------------------------------------------------------------------------------------------

/**
 * log(1 + a). For |a| ≤ 1/2 one Newton step on expm1 from y0 = Math.log1p(a.hi), written as the exact identity
 * log1p(a) = y0 + log1p(w), w = (a − expm1(y0)) / (1 + expm1(y0)), |w| ≈ 2^-52·|a|, so log1p(w) = w − w²/2 to
 * O(w³): relative accuracy near 0 with no cancellation. Otherwise log(1 + a) (1 + a is accurate relative to itself
 * and |log(1 + a)| ≥ log 1.5 there).
 */
export function log1p(a: DDScalar): DDScalar {
  const ah = a.hi;
  if (ah !== ah) return NAN;
  if (ah === 0) return a;
  if (Math.abs(ah) <= 0.5) {
    const y0 = dd(Math.log1p(ah));
    const e = expm1(y0);
    const w = div(sub(a, e), add(ONE, e));
    return add(y0, sub(w, ldexp(sqr(w), -1)));
  }
  if (ah < -1 || (ah === -1 && a.lo < 0)) return NAN;
  if (ah === -1 && a.lo === 0) return special(-Infinity);
  return log(add(ONE, a));
}

/**
 * Natural log: a = 2^k·m with m ∈ [1/√2, √2], log a = k·ln2 + log1p(m − 1) (m − 1 is exact in dd by Sterbenz).
 * log 0 = −Infinity, log of a negative number = NaN.
 */
export function log(a: DDScalar): DDScalar {
  const ah = a.hi;
  if (ah !== ah) return NAN;
  if (ah < 0) return NAN;
  if (ah === 0) return a.lo < 0 ? NAN : special(-Infinity);
  if (ah === Infinity) return INF;
  let k = exponentOf(ah);
  let m = ldexp(a, -k);
  if (m.hi > Math.SQRT2) {
    m = ldexp(m, -1);
    k += 1;
  }
  const l = log1p(sub(m, ONE));
  return k === 0 ? l : add(kLn2(k), l);
}

// ---- activations ---------------------------------------------------------------------------------------------------

/** log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}): no overflow for large x, no cancellation for very negative x. */
export function softplus(a: DDScalar): DDScalar {
  if (a.hi !== a.hi) return NAN;
  if (a.hi > 0) return add(a, log1p(exp(neg(a))));
  return log1p(exp(a));
}

/** 1/(1 + e^{−x}) for x ≥ 0, e^x/(1 + e^x) for x < 0: never exp of a large positive number. */
export function sigmoid(a: DDScalar): DDScalar {
  if (a.hi !== a.hi) return NAN;
  if (a.hi >= 0) return div(ONE, add(ONE, exp(neg(a))));
  const e = exp(a);
  return div(e, add(ONE, e));
}

export { ZERO as DD_ZERO, ONE as DD_ONE };
