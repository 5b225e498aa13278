/**
 * e^x and e^x − 1 on double-doubles, allocation-free: table-driven argument reduction with tables of correctly
 * rounded pairs built from exact BigInt arithmetic on first use, and the constants ln 2 and k·ln 2 that ddLog.ts
 * shares. Error budgets are stated with each routine (u = 2^-53).
 */
import { SPLITTER, addHL, add, dd, exponentOf, twoProd, type DDScalar } from './ddArith.js';
import { pow2, ratToDouble, ratToDoubles } from './ddIO.js';

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

/** The exact double-double k·ln2 (k an integer, |k| < 2^11): two exact products plus a tail. */
export function kLn2(k: number): DDScalar {
  const x = twoProd(k, C1);
  const y = twoProd(k, C2);
  return add(add(x, y), dd(k * C3));
}

// ---- allocation-free transcendental kernels ------------------------------------------------------------------------
//
// Every `…HL(xh, xl, out)` routine here (and in ddLog.ts, ddActivations.ts) takes a double-double as two numbers,
// RETURNS THE HIGH WORD of the result and writes the low word to out[0], a buffer the caller owns (read it before
// passing the same buffer to another …HL call). A Float64Array(1), not a `let`: V8 (Node 20) boxes a double stored
// in a variable captured or shared across calls on every write (the logistic bench ran ~15 % slower that way).
// No objects are created, so the map kernels (`ddMapInto`) and the scalar wrappers cost only arithmetic.
//
// expm1 (|x| ≲ ln2/2; `expHL` further down has its own cheaper core for exp): x = N·ln2/4096 + r, N = 4096·k + j,
// j ∈ [−2048, 2048], |r| ≤ ln2/8192 (≈ 8.5e-5), and
//   e^x = 2^k · T_j · (1 + p),  T_j = 2^(j/4096) (table of correctly rounded pairs),  p = expm1(r).
// p = r + r²/2 + r³·Q(r), Q = 1/6 + r/24 + r²/120 + r³/720 + r⁴/5040 (omitted r⁸/8! < 1e-36·|r|). p is computed to
// ~2u²·|r| (relative to r, not to 1: expm1 and log1p need it near 0): r²/2 exactly from a two-product, r³/6 and
// r⁴/24 in pairs, r⁵/120 (≤ 4.4e-19·|r|) and beyond in double. Error budget for e^x (relative, u = 2^-53): table
// ≤ u²/2, reduction ≤ 2^-118, polynomial ≲ 2^-110, final T + T·p ≲ 2u²: ≲ 3u² ≈ 2.5e-32 in all.

const TBITS = 12;
const TN = 1 << TBITS; // 4096 table steps per octave
const THALF = TN >> 1;
const TSIZE = TN + 1; // j = −2048..2048, stored at j + 2048

/** 2^(j/4096) and 2^(j/4096) − 1, j ∈ [−2048, 2048], as correctly rounded pairs (hi, lo) in four arrays. */
const T_HI = new Float64Array(TSIZE);
const T_LO = new Float64Array(TSIZE);
const M_HI = new Float64Array(TSIZE);
const M_LO = new Float64Array(TSIZE);
/** 2^k for k ∈ [−1022, 1023], at k + 1022. */
const POW2 = new Float64Array(2046);

/**
 * ln2/4096 split for the reduction: L1 (30 bits, so N·L1 is exact for |N| < 2^23), L2 = L2A + L2B (26 + 27 bits,
 *  so N·L2A and N·L2B are exact), L3; L1 + L2 + L3 = ln2/4096 to ~2^-148 relative. Exact rational arithmetic.
 */
const [L1, L2, L2A, L2B, L3] = ((): number[] => {
  const n = BigInt(LN2_DIGITS.slice(2));
  const dL = 10n ** BigInt(LN2_DIGITS.length - 2) * BigInt(TN); // ln2/4096 = n/dL
  const l0 = ratToDouble(n, dL);
  const s1 = 29 - exponentOf(l0); // l0·2^s1 ∈ [2^29, 2^30): 30 significant bits
  const m1 = Math.round(l0 * pow2(s1));
  const rest = ratToDoubles((n << BigInt(s1)) - BigInt(m1) * dL, dL << BigInt(s1), 2);
  const l2 = rest[0]!;
  const t = SPLITTER * l2;
  const l2a = t - (t - l2);
  return [m1 * pow2(-s1), l2, l2a, l2 - l2a, rest[1]!];
})() as [number, number, number, number, number];

/** Fixed point with F fractional bits → correctly rounded pair (Number(bigint) rounds to nearest; 2^-F is exact). */
function fixedToPair(v: bigint, f: number, hi: Float64Array, lo: Float64Array, i: number): void {
  const s = pow2(-f);
  const h = Number(v);
  hi[i] = h * s;
  lo[i] = Number(v - BigInt(h)) * s;
}

for (let k = -1022; k <= 1023; k++) POW2[k + 1022] = pow2(k);

/** Whether the 2^(j/4096) tables are filled: built on first use (~10–30 ms of BigInt work), not at module load. */
let tablesReady = false;

/** Fills T_HI, T_LO, M_HI, M_LO from exact fixed-point arithmetic (BigInt), each entry correctly rounded. */
function buildTables(): void {
  tablesReady = true;
  const n = BigInt(LN2_DIGITS.slice(2));
  const d = 10n ** BigInt(LN2_DIGITS.length - 2); // ln2 = n/d to 110 digits (≈ 2^-365)
  // 2^(i/4096) in fixed point with F = 192 fractional bits: one Taylor series for 2^(1/4096), then powers.
  const F = 192;
  const FB = BigInt(F);
  const one = 1n << FB;
  const y = (n << FB) / d / BigInt(TN); // ln2/4096 · 2^F, error < 2 units
  let base = one;
  let term = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * y) / (k << FB);
    base += term;
  }
  // P_i = 2^(i/4096)·2^F, i = 0..4096; each product adds < 1 unit, relative error < 4096·2^-190 = 2^-178 ≪ 2^-107
  let p = one;
  for (let i = 0; i <= TN; i++) {
    if (i > 0) p = (p * base) >> FB;
    if (i <= THALF) {
      // j = i ≥ 0
      fixedToPair(p, F, T_HI, T_LO, i + THALF);
      fixedToPair(p - one, F, M_HI, M_LO, i + THALF);
    }
    if (i >= THALF && i < TN) {
      // j = i − 4096 ∈ [−2048, −1]: 2^(j/4096) = P_i / 2, i.e. F + 1 fractional bits
      const j = i - TN;
      fixedToPair(p, F + 1, T_HI, T_LO, j + THALF);
      fixedToPair(p - (one << 1n), F + 1, M_HI, M_LO, j + THALF);
    }
  }
}

/** 1/n as a pair (n = 6, 24) and the Veltkamp split of the high word of 1/24 (for the exact product r·(1/24)). */
const C6H = 1 / 6;
const C6L = ratToDoubles(1n, 6n, 2)[1]!;
const C24H = 1 / 24;
const C24L = ratToDoubles(1n, 24n, 2)[1]!;
const C24H1 = SPLITTER * C24H - (SPLITTER * C24H - C24H);
const C24H2 = C24H - C24H1;
const INV_L = TN / C1; // 4096/ln2 for choosing N (any rounding of N only widens |r| slightly)

/** T·p from the last `expPoly` call (pair), with T = T_j at the index it was given. */
/**
 * T_i·p of the last expPoly call: (TP[0], TP[1]); a typed array, not module `let`s (a double in a module
 *  variable is boxed on every write).
 */
const TP = new Float64Array(2);

/**
 * Reduction x − N·ln2/4096 = r and p = expm1(r); leaves T_i·p in (TP[0], TP[1]), i = j + 2048. Needs |N| < 2^23.
 */
function expPoly(xh: number, xl: number, N: number, i: number): void {
  if (!tablesReady) buildTables();
  // r = ((xh − N·L1) + xl) − N·L2 − N·L3: xh − N·L1 is exact (both multiples of ulp(xh) or 2^-42, difference < 2^-12)
  const t0 = xh - N * L1;
  const s = t0 + xl;
  let bb = s - t0;
  let e = t0 - (s - bb) + (xl - bb);
  const pm = N * L2;
  const pe = N * L2A - pm + N * L2B; // exact error of N·L2 (Dekker with N unsplit: N has ≤ 23 bits)
  const s2 = s - pm;
  bb = s2 - s;
  e += s - (s2 - bb) - (pm + bb);
  const rlo = e - pe - N * L3;
  const rh = s2 + rlo;
  bb = rh - s2;
  const rl = s2 - (rh - bb) + (rlo - bb);
  // r² (exact two-product of rh plus the cross term)
  let c = SPLITTER * rh;
  const h1 = c - (c - rh);
  const h2 = rh - h1;
  const q2h = rh * rh;
  const q2l = h1 * h1 - q2h + 2 * h1 * h2 + h2 * h2 + 2 * rh * rl;
  // r³ = r²·r
  c = SPLITTER * q2h;
  const g1 = c - (c - q2h);
  const g2 = q2h - g1;
  const r3h = q2h * rh;
  const r3l = g1 * h1 - r3h + g1 * h2 + g2 * h1 + g2 * h2 + (q2h * rl + q2l * rh);
  // Q = 1/6 + r·(1/24 + r·(1/120 + r/720 + r²/5040)) to ~2^-106·(1/6)·…: the inner part in double, 1/24 and 1/6 as
  // pairs; r·Q4 by an exact product with the pre-split 1/24 plus cross terms, then Q = 1/6 + r·Q4 (fast two-sum,
  // |r·Q4| ≤ 2.2e-5·1/6). Accuracy is relative to |r| (not to 1), so expm1 and log1p keep it near 0.
  const inner = 1 / 120 + rh * (1 / 720 + rh * (1 / 5040));
  const q4h = rh * C24H;
  const q4l = h1 * C24H1 - q4h + h1 * C24H2 + h2 * C24H1 + h2 * C24H2 + (rh * (C24L + rh * inner) + rl * C24H);
  const Qh = C6H + q4h;
  const Ql = q4h - (Qh - C6H) + (C6L + q4l);
  // m3 = r³·Q
  c = SPLITTER * r3h;
  const f1 = c - (c - r3h);
  const f2 = r3h - f1;
  c = SPLITTER * Qh;
  const k1 = c - (c - Qh);
  const k2 = Qh - k1;
  const m3h = r3h * Qh;
  const m3l = f1 * k1 - m3h + f1 * k2 + f2 * k1 + f2 * k2 + (r3h * Ql + r3l * Qh);
  // A = r²/2 + r³(…) (|m3| ≤ |r|/3·|r²/2|: fast two-sum), then p = r + A (|A| ≤ |r|·4.3e-5)
  const a0 = 0.5 * q2h;
  const ah = a0 + m3h;
  const al = m3h - (ah - a0) + (0.5 * q2l + m3l);
  const p0 = rh + ah;
  let pl = ah - (p0 - rh) + (rl + al);
  const ph = p0 + pl;
  pl -= ph - p0;
  // T·p with T = (Th, Tl): Dekker product of the high words plus cross terms (Tl·pl < 2^-120 dropped)
  const Th = T_HI[i]!;
  const Tl = T_LO[i]!;
  c = SPLITTER * Th;
  const u1 = c - (c - Th);
  const u2 = Th - u1;
  c = SPLITTER * ph;
  const v1 = c - (c - ph);
  const v2 = ph - v1;
  const tph = Th * ph;
  TP[0] = tph;
  TP[1] = u1 * v1 - tph + u1 * v2 + u2 * v1 + u2 * v2 + (Th * pl + Tl * ph);
}

/**
 * 2^k·(zh, zl) where k is outside the range with a normal, exact result: two-step scaling, renormalised; sets out[0].
 */
function scaleSlow(zh: number, zl: number, k: number, out: Float64Array): number {
  const k1 = (k / 2) | 0;
  const f1 = POW2[k1 + 1022]!;
  const f2 = POW2[k - k1 + 1022]!;
  const h = zh * f1 * f2;
  if (!Number.isFinite(h)) {
    out[0] = 0;
    return h;
  }
  const l = zl * f1 * f2;
  const s = h + l;
  out[0] = l - (s - h);
  return s;
}

// ---- exp: two-level table, |r| ≤ ln2/2^19, tail in plain double ----------------------------------------------------
//
// x = N·ln2/2^18 + r, N = 2^18·k + 512·j1 + j2 (j1 ∈ [−256, 256], j2 ∈ [0, 511]), |r| ≤ ln2/2^19 ≈ 1.33e-6:
//   e^x = 2^k · A_j1 · (1 + m_j2) · (1 + p),  A_j1 = 2^(j1/512), m_j2 = 2^(j2/2^18) − 1,  p = expm1(r).
// With |r| this small only r and r²/2 need double-double work: p = r + r²/2 + [r³/6 + r⁴/24 + r⁵/120] with the
// bracket (≤ 3.9e-19) in double (error ≲ 2^-114; omitted r⁶/720 < 1e-38). p is accurate relative to 1 (not to r), so
// this core serves exp (and log's Newton step); expm1 keeps the |r|-relative core above. Error budget (relative,
// u = 2^-53): tables ≤ u² (A) and ≪ u² (m); the u-sized low words (A's, and the errors of the fast two-sums
// a + a·m and T + T·p) are added by two-sums, so only the final low word is rounded at that size (≤ u²/2);
// everything else (reduction, polynomial, the ~2^-60 cross terms) ≲ 2^-110: ≲ 2u² ≈ 1.6e-32 (measured ≤ 1u²).
// Cost ~130 flops with three two-products, against ~140 flops with five in the single-table core.

const K2 = 18; // N counts steps of ln2/2^18
const K2N = 1 << K2;
const K2HALF = K2N >> 1;
/** A_j1 = 2^(j1/512), j1 ∈ [−256, 256] at j1 + 256; m_j2 = 2^(j2/2^18) − 1, j2 ∈ [0, 511]: correctly rounded pairs. */
const EA_HI = new Float64Array(513);
const EA_LO = new Float64Array(513);
const EM_HI = new Float64Array(512);
const EM_LO = new Float64Array(512);
let exp2Ready = false;

/**
 * ln2/2^18 = E1 + E2 + E3: E1 with 24 bits (N·E1 exact for |N| < 2^29), E2 = E2A + E2B with 48 bits (each half
 *  24 bits, so N·E2A and N·E2B are exact), E3 the rest (to ~2^-144 absolute). Exact rational arithmetic.
 */
const [E1, E2, E2A, E2B, E3] = ((): number[] => {
  const n = BigInt(LN2_DIGITS.slice(2));
  const dL = (10n ** BigInt(LN2_DIGITS.length - 2)) << BigInt(K2); // ln2/2^18 = n/dL
  const l0 = ratToDouble(n, dL);
  const s1 = 23 - exponentOf(l0); // 24 significant bits
  const m1 = Math.round(l0 * pow2(s1));
  const r1 = ratToDouble((n << BigInt(s1)) - BigInt(m1) * dL, dL << BigInt(s1)); // ln2/2^18 − E1
  const s2 = 47 - exponentOf(r1); // 48 significant bits
  const m2 = Math.round(r1 * pow2(s2)); // an integer < 2^48, exact
  const m2a = Math.round(m2 / 2 ** 24) * 2 ** 24;
  const m2b = m2 - m2a; // |m2b| ≤ 2^23
  const S = BigInt(s2);
  const rest = (n << S) - (BigInt(m1) * (1n << BigInt(s2 - s1)) + BigInt(m2)) * dL;
  return [m1 * pow2(-s1), m2 * pow2(-s2), m2a * pow2(-s2), m2b * pow2(-s2), ratToDouble(rest, dL << S)];
})() as [number, number, number, number, number];
const INV_E = K2N / C1; // 2^18/ln2 for choosing N

/** 2^(1/2^bits) in fixed point with F fractional bits (Taylor series of e^(ln2/2^bits); error < a few units). */
function pow2FracFixed(bits: number, F: bigint): bigint {
  const n = BigInt(LN2_DIGITS.slice(2));
  const d = 10n ** BigInt(LN2_DIGITS.length - 2);
  const one = 1n << F;
  const y = ((n << F) / d) >> BigInt(bits);
  let base = one;
  let term = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * y) / (k << F);
    base += term;
  }
  return base;
}

/**
 * Fills EA_*, EM_* from exact fixed-point arithmetic (BigInt, 192 fractional bits; ≤ 512 products, relative error
 *  < 2^-180 before the final rounding to pairs).
 */
function buildExp2Tables(): void {
  exp2Ready = true;
  const F = 192;
  const FB = BigInt(F);
  const one = 1n << FB;
  const b1 = pow2FracFixed(9, FB);
  let p = one;
  for (let i = 0; i <= 512; i++) {
    if (i > 0) p = (p * b1) >> FB;
    if (i <= 256) fixedToPair(p, F, EA_HI, EA_LO, i + 256); // j1 = i
    if (i >= 256 && i < 512) fixedToPair(p, F + 1, EA_HI, EA_LO, i - 512 + 256); // j1 = i − 512: P_i/2
  }
  const b2 = pow2FracFixed(K2, FB);
  p = one;
  for (let i = 0; i < 512; i++) {
    if (i > 0) p = (p * b2) >> FB;
    fixedToPair(p - one, F, EM_HI, EM_LO, i);
  }
}

/**
 * e^x for x = (xh, xl); returns hi, low word in out[0]. Relative error ≲ 2u² ≈ 1.6e-32 for results ≥ 2^-969 (x ≳ −671);
 * below, the low word underflows (absolute error ≤ 2^-1074). Overflow → (∞, 0), x < −745.2 → 0, NaN → NaN.
 */
export function expHL(xh: number, xl: number, out: Float64Array): number {
  if (!(xh > -745.2)) {
    out[0] = 0;
    return xh !== xh ? NaN : 0;
  }
  if (xh > 709.79) {
    out[0] = 0;
    return Infinity;
  }
  if (!exp2Ready) buildExp2Tables();
  const N = Math.round(xh * INV_E); // |N| < 2^29
  const j = ((N + K2HALF) & (K2N - 1)) - K2HALF;
  const k = (N - j) / K2N;
  const i1 = (j >> 9) + 256;
  const i2 = j & 511;
  // r = x − N·ln2/2^18: xh − N·E1 exact (Sterbenz, or both multiples of ulp(xh) with |difference| < 2^-13), then
  // two-sums with xl and N·E2 (whose rounding error is exact from the 24-bit halves), N·E3 in double (≤ 2^-62).
  const t0 = xh - N * E1;
  const s = t0 + xl;
  let bb = s - t0;
  let e = t0 - (s - bb) + (xl - bb);
  const pm = N * E2;
  const pe = N * E2A - pm + N * E2B;
  const s2 = s - pm;
  bb = s2 - s;
  e += s - (s2 - bb) - (pm + bb);
  const rlo = e - pe - N * E3;
  const rh = s2 + rlo;
  bb = rh - s2;
  const rl = s2 - (rh - bb) + (rlo - bb);
  // p = r + r²/2 + r³(1/6 + r/24 + r²/120): rh² by a two-product, the r³ tail in double; p = ph + pl unnormalised
  let c = SPLITTER * rh;
  const h1 = c - (c - rh);
  const h2 = rh - h1;
  const q = rh * rh;
  const qe = h1 * h1 - q + 2 * h1 * h2 + h2 * h2;
  const hq = 0.5 * q;
  const ph = rh + hq; // |hq| ≤ 6.7e-7·|rh|: fast two-sum
  const pl = hq - (ph - rh) + (rl + (0.5 * qe + rh * rl + q * rh * (1 / 6 + rh * (1 / 24 + rh * (1 / 120)))));
  // T = A·(1 + m) = a + a·m (two-product of the high words; |a·m| ≤ 1.4e-3·a: fast two-sum), unnormalised
  const ah = EA_HI[i1]!;
  const al = EA_LO[i1]!;
  const mh = EM_HI[i2]!;
  c = SPLITTER * ah;
  const a1 = c - (c - ah);
  const a2 = ah - a1;
  c = SPLITTER * mh;
  const m1 = c - (c - mh);
  const m2 = mh - m1;
  const P = ah * mh;
  const Pe = a1 * m1 - P + a1 * m2 + a2 * m1 + a2 * m2;
  const Th = ah + P;
  const e0 = P - (Th - ah);
  // the two low words of size ~u (e0 and al) are added exactly (two-sum): each rounding there would cost up to 2u²
  const t1 = e0 + al;
  bb = t1 - e0;
  const f1 = e0 - (t1 - bb) + (al - bb) + (Pe + ah * EM_LO[i2]! + al * mh);
  // T·(1 + p) = Th + Th·ph + (t1 + f1 + Th·pl + (t1 + f1)·ph): two-product Th·ph, |Th·ph| ≤ 1.4e-6·Th (fast two-sum)
  c = SPLITTER * Th;
  const u1 = c - (c - Th);
  const u2 = Th - u1;
  c = SPLITTER * ph;
  const v1 = c - (c - ph);
  const v2 = ph - v1;
  const Q = Th * ph;
  const Qe = u1 * v1 - Q + u1 * v2 + u2 * v1 + u2 * v2;
  const z0 = Th + Q;
  const e1 = Q - (z0 - Th);
  // e1 + t1 exactly, then z0 + that (fast two-sum), and the small terms last
  const t2 = e1 + t1;
  bb = t2 - e1;
  const f2 = e1 - (t2 - bb) + (t1 - bb);
  const z1 = z0 + t2;
  const lo = t2 - (z1 - z0) + (f2 + (f1 + (Qe + Th * pl + (t1 + f1) * ph)));
  const zh = z1 + lo;
  const zl = lo - (zh - z1);
  if (k >= -1021 && k <= 1023) {
    // zh ∈ [0.70, 1.42]: zh·2^k is normal and finite, so the scaling is exact (zl may underflow for k < −969)
    const f = POW2[k + 1022]!;
    out[0] = zl * f;
    return zh * f;
  }
  return scaleSlow(zh, zl, k, out);
}

/**
 * e^x − 1, relatively accurate near 0; returns hi, low word in out[0]. For |N| ≤ 2048 (|x| ≲ ln2/2) it is
 * (T_j − 1) + T_j·p with T_j − 1 from its own correctly rounded table (|T_j − 1| ≥ |T_j·p| − … : at most a factor ~2
 * of cancellation, at N = ±1); otherwise e^x − 1 with |e^x − 1| ≥ 0.29.
 */
export function expm1HL(xh: number, xl: number, out: Float64Array): number {
  if (xh !== xh) {
    out[0] = 0;
    return NaN;
  }
  if (xh === 0) {
    out[0] = xl;
    return xh;
  }
  if (xh > 709.79) {
    out[0] = 0;
    return Infinity;
  }
  const N = Math.round(xh * INV_L);
  if (N >= -THALF && N <= THALF) {
    const i = N + THALF;
    expPoly(xh, xl, N, i);
    return addHL(M_HI[i]!, M_LO[i]!, TP[0]!, TP[1]!, out);
  }
  const eh = expHL(xh, xl, out);
  const el = out[0]!;
  // (eh − 1) two-sum, then the low word (e^x ≥ 1.41 or ≤ 0.71, so no severe cancellation)
  const s = eh - 1;
  const bb = s - eh;
  const e = eh - (s - bb) + (-1 - bb) + el;
  const zh = s + e;
  out[0] = e - (zh - s);
  return zh;
}
