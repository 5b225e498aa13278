/**
 * Natural log and log(1 + a) on double-doubles, allocation-free (hi returned, low word in the caller's out[0]; see
 * ddExp.ts): one Newton step on the dd exp/expm1 from the double result.
 */
import { add, exponentOf, ldexp, SPLITTER, type DDScalar } from './ddArith.js';
import { expHL, expm1HL, kLn2 } from './ddExp.js';

/**
 * log(1 + a) for |a| ≤ 1/2: one Newton step on expm1 from y0 = Math.log1p(ah), via the exact identity
 * log1p(a) = y0 + log1p(w), w = (a − expm1(y0))/(1 + expm1(y0)). |w| ≲ 2^-52·|y0|, so w is needed only to
 * ~2^-53 relative (double arithmetic) and log1p(w) = w − w²/2; a − expm1(y0) is exact in its high words (Sterbenz).
 */
function log1pSmallHL(ah: number, al: number, out: Float64Array): number {
  const y0 = Math.log1p(ah);
  const eh = expm1HL(y0, 0, out);
  const el = out[0]!;
  const w = (ah - eh + (al - el)) / (1 + eh);
  const zh = y0 + w;
  out[0] = w - (zh - y0) - 0.5 * w * w;
  return zh;
}

/** Bounds of the one-Newton-step log: |log a| ≤ 600 keeps e^{−y0} ≥ 2^-866 (a normal low word). */
const LOG_FAST_MIN = 2.7e-261;
const LOG_FAST_MAX = 3.7e260;

/**
 * Natural log; returns hi, low word in out[0]. For a ∈ (1/√2, √2): log1p(a − 1) (a − 1 exact, Sterbenz). Otherwise one
 * Newton step from y0 = Math.log(ah): log a = y0 + log1p(w), w = a·e^{−y0} − 1 (|w| ≲ 2^-52, double suffices
 * beyond the exact product), absolute error ≲ 3u², relative ≲ 9u² since |log a| ≥ ln2/2. Extreme a go through
 * a = 2^k·m (allocating, rare). log 0 = −∞, log of a negative number = NaN.
 */
export function logHL(ah: number, al: number, out: Float64Array): number {
  if (!(ah > 0) || ah === Infinity) {
    out[0] = 0;
    if (ah === 0) return al < 0 ? NaN : -Infinity;
    return ah === Infinity ? Infinity : NaN;
  }
  if (ah > 0.7071067811865476 && ah < 1.4142135623730951) {
    const s = ah - 1; // exact
    const zh = s + al;
    const bb = zh - s;
    return log1pSmallHL(zh, s - (zh - bb) + (al - bb), out);
  }
  if (ah < LOG_FAST_MIN || ah > LOG_FAST_MAX) {
    const r = logScaled({ hi: ah, lo: al }, out);
    out[0] = r.lo;
    return r.hi;
  }
  const y0 = Math.log(ah);
  const eh = expHL(-y0, 0, out);
  const el = out[0]!;
  // w = a·e − 1: Dekker product of the high words (ph ≈ 1, so ph − 1 is exact) plus cross terms
  const ph = ah * eh;
  let t = SPLITTER * ah;
  const a1 = t - (t - ah);
  const a2 = ah - a1;
  t = SPLITTER * eh;
  const e1 = t - (t - eh);
  const e2 = eh - e1;
  const pl = a1 * e1 - ph + a1 * e2 + a2 * e1 + a2 * e2 + (ah * el + al * eh);
  const w = ph - 1 + pl;
  const zh = y0 + w;
  out[0] = w - (zh - y0) - 0.5 * w * w;
  return zh;
}

/** log a = k·ln2 + log m, a = 2^k·m with m ∈ [1/√2, √2] (m − 1 exact by Sterbenz): for extreme a only. */
function logScaled(a: DDScalar, out: Float64Array): DDScalar {
  let k = exponentOf(a.hi);
  let m = ldexp(a, -k);
  if (m.hi > Math.SQRT2) {
    m = ldexp(m, -1);
    k += 1;
  }
  const mh = logHL(m.hi, m.lo, out);
  return add(kLn2(k), { hi: mh, lo: out[0]! });
}

/**
 * log(1 + a); returns hi, low word in out[0]. |a| ≤ 1/2: `log1pSmallHL` (relative accuracy near 0, no cancellation);
 * otherwise log(1 + a) with 1 + a formed by a two-sum (exact for a ∈ [−1, −1/2) by Sterbenz; |log(1 + a)| ≥ log 1.5).
 */
export function log1pHL(ah: number, al: number, out: Float64Array): number {
  if (ah !== ah) {
    out[0] = 0;
    return NaN;
  }
  if (ah === 0) {
    out[0] = al;
    return ah;
  }
  if (ah >= -0.5 && ah <= 0.5) return log1pSmallHL(ah, al, out);
  if (ah < -1 || (ah === -1 && al < 0)) {
    out[0] = 0;
    return NaN;
  }
  if (ah === -1 && al === 0) {
    out[0] = 0;
    return -Infinity;
  }
  if (ah === Infinity) {
    out[0] = 0;
    return Infinity;
  }
  const s = 1 + ah;
  const bb = s - 1;
  const e = 1 - (s - bb) + (ah - bb) + al;
  const zh = s + e;
  return logHL(zh, e - (zh - s), out);
}
