/**
 * The dd fused path of GD on the logistic sum loss (run by `run` through src/dynamics/fusedLogisticGd.ts; not part of
 * the Backend contract): `steps` GD steps on the logistic sum loss Σ_n log(1 + e^{−z_nᵀw}) (labels
 * absorbed, Soudry et al. 2018 eq. (2.1)–(2.2)):  w_{t+1} = w_t + η Σ_n z_n σ(−z_nᵀw_t),  σ(−m) = E/(1 + E), E =
 * e^{−m}.
 *
 * Why a fused kernel: 16·10⁶ fresh dd sigmoids alone take ~0.66 s on the bench machine (`logistic-1e6-sigmoid-only`).
 * Here E_n = e^{−z_nᵀw} is carried from step to step: E_n ← E_n·e^{−δ_n}, δ_n = z_nᵀΔw_t, and e^{−δ} − 1 is a short
 * series when |δ| < 2^-14 (|δ_n| ~ 1/t late in a run); otherwise it is a full dd exp. Every K = 64 steps (and after
 * any overflow risk) E_n is re-anchored to expHL(−z_nᵀw) from the current iterate, so drift is bounded by K updates.
 *
 * Error per step, relative to σ_n(ŵ_t) at the computed iterate ŵ_t (u = 2^-53 per double operation, u² ≈ 1.2e-32):
 * the anchor has the exp kernel's ≲ 3u² plus the margin's dd rounding (≤ (d + 2)u²·Σ_j|z_nj||w_j|); each carried update
 * adds ≤ 9u²: ≤ 4u² with δ, δ²/2, δ³/6 as pairs (the δ⁴.. tail ≤ 6e-19 in double, omitted δ⁷/7! < 7e-34; product and
 * renormalisation), and for |δ| < 2^-17 δ³/6 is a plain double, off by ≤ 7u·|δ|³/6 < 4.7u² (80 % of the updates on
 * the bench run take this shortcut). It also adds |z_n|·(the rounding of w_{t+1} = w_t + Δw, ≤ 2u²|w_{t+1}|
 * per entry) because δ_n is the computed increment, not the difference of the stored iterates. So after k < K carried
 * steps the relative error of E_n is ≤ 3u² + (d + 2)u²Σ|z||w| + k·(9u² + 2u²·‖z_n‖₁·max|w|), below K·16u²(1 + ‖z_n‖₁W)
 * for d ≤ 14K: `LOGISTIC_GD_DRIFT_STEPS` is K, stated with the fused path for callers' error bars.
 * σ = E/(1 + E) by one reciprocal (≲ 4u² relative); the gradient sums and the update are dd sums (≲ (N + 2)u²).
 *
 * Layout: each step is a few small passes (anchor when due; σ_n; g = Zᵀσ; w += ηg; δ = ZΔw; E_n ← E_n·e^{−δ_n}), each a
 * module function taking typed arrays (V8 keeps them optimized; closures or objects holding the arrays measured up to
 * 2× slower). Only the two products with Z depend on d; their d = 2 variants hold the two columns in registers and
 * perform the generic loop's operations in the same order, so the results are bit-identical (logisticGd.test.ts).
 */
import type { DDMat, DDScalar, DDVec } from './dd.js';
import { ratToDoubles } from './ddIO.js';
import { SPLITTER } from './ddArith.js';
import { sigmoidHL } from './ddActivations.js';
import { expHL } from './ddExp.js';
import { doubles } from './packed.js';

/** Carried steps between anchors (see the module comment). */
export const LOGISTIC_GD_DRIFT_STEPS = 64;
/** Largest d for which the drift bound K·eps·(1 + ‖z_n‖₁W) of the module comment holds (d ≤ 14K). */
export const LOGISTIC_GD_MAX_DIM = 14 * LOGISTIC_GD_DRIFT_STEPS;
const SMALL = 2 ** -14; // |δ| below: series; above: full exp
const TINY = 2 ** -17; // |δ| below: δ³/6 < 2^-53.5 as a plain double (≤ 4.7u², see above)
const BIG_E = 1e250; // E above this: σ straight from the margin (no overflow in 1 + E), re-anchored every step
/** 1/6 = INV6_H + INV6_L (exact rational rounding), and INV6_H split for two-products. */
const [INV6_H, INV6_L] = ratToDoubles(1n, 6n, 2) as [number, number];
const I6A = SPLITTER * INV6_H - (SPLITTER * INV6_H - INV6_H);
const I6B = INV6_H - I6A;
/** The low word of the last …HL call made here (ddExp.ts: the caller owns the buffer). */
const LOB = new Float64Array(1);

/** Veltkamp split of h into a + b (26-bit halves) for two-products. */
function split(h: Float64Array, a: Float64Array, b: Float64Array): void {
  for (let j = 0; j < h.length; j++) {
    const x = h[j]!;
    const c = SPLITTER * x;
    a[j] = c - (c - x);
    b[j] = x - a[j]!;
  }
}

/**
 * out_n = z_nᵀx as pairs (x split): two-products of the high words, the rest collected in one double
 * (≤ (d + 2)u²Σ_j|z_nj||x_j| per entry).
 */
function rowDots(
  N: number,
  d: number,
  zh: Float64Array,
  zl: Float64Array,
  za: Float64Array,
  zb: Float64Array,
  xh: Float64Array,
  xl: Float64Array,
  xa: Float64Array,
  xb: Float64Array,
  outH: Float64Array,
  outL: Float64Array,
): void {
  if (d === 2) {
    // the generic loop below for d = 2, operation for operation (bit-identical), with x held in registers
    const x0 = xh[0]!,
      x0l = xl[0]!,
      x0a = xa[0]!,
      x0b = xb[0]!;
    const x1 = xh[1]!,
      x1l = xl[1]!,
      x1a = xa[1]!,
      x1b = xb[1]!;
    for (let n = 0, o = 0; n < N; n++, o += 2) {
      const a0 = zh[o]!,
        a0a = za[o]!,
        a0b = zb[o]!;
      const p0 = a0 * x0;
      const pe0 = a0a * x0a - p0 + a0a * x0b + a0b * x0a + a0b * x0b;
      let t = 0 + p0;
      let bb = t - 0;
      let me = 0 + (0 - (t - bb) + (p0 - bb) + pe0 + a0 * x0l + zl[o]! * x0);
      let mh = t;
      const a1 = zh[o + 1]!,
        a1a = za[o + 1]!,
        a1b = zb[o + 1]!;
      const p1 = a1 * x1;
      const pe1 = a1a * x1a - p1 + a1a * x1b + a1b * x1a + a1b * x1b;
      t = mh + p1;
      bb = t - mh;
      me += mh - (t - bb) + (p1 - bb) + pe1 + a1 * x1l + zl[o + 1]! * x1;
      mh = t;
      const m = mh + me;
      outH[n] = m;
      outL[n] = me - (m - mh);
    }
    return;
  }
  for (let n = 0, o = 0; n < N; n++, o += d) {
    let mh = 0;
    let me = 0;
    for (let j = 0; j < d; j++) {
      const a = zh[o + j]!;
      const p = a * xh[j]!;
      const pe = za[o + j]! * xa[j]! - p + za[o + j]! * xb[j]! + zb[o + j]! * xa[j]! + zb[o + j]! * xb[j]!;
      const t = mh + p;
      const bb = t - mh;
      me += mh - (t - bb) + (p - bb) + pe + a * xl[j]! + zl[o + j]! * xh[j]!;
      mh = t;
    }
    const m = mh + me;
    outH[n] = m;
    outL[n] = me - (m - mh);
  }
}

/** g = Σ_n z_nσ_n (g.h/g.l unnormalised pairs: high words by two-sums, every error term into the low word). */
function columnSums(
  N: number,
  d: number,
  zh: Float64Array,
  zl: Float64Array,
  za: Float64Array,
  zb: Float64Array,
  SH: Float64Array,
  SL: Float64Array,
  gh: Float64Array,
  gl: Float64Array,
): void {
  if (d === 2) {
    // the generic loop below for d = 2, operation for operation (bit-identical), accumulators in registers
    let g0h = 0,
      g0l = 0,
      g1h = 0,
      g1l = 0;
    for (let n = 0, o = 0; n < N; n++, o += 2) {
      const th = SH[n]!;
      const tl = SL[n]!;
      const c = SPLITTER * th;
      const s1 = c - (c - th);
      const s2 = th - s1;
      const z0 = zh[o]!;
      const q0 = z0 * th;
      const qe0 = za[o]! * s1 - q0 + za[o]! * s2 + zb[o]! * s1 + zb[o]! * s2 + z0 * tl + zl[o]! * th;
      let t = g0h + q0;
      let bb = t - g0h;
      g0l = g0l + (g0h - (t - bb) + (q0 - bb) + qe0);
      g0h = t;
      const z1 = zh[o + 1]!;
      const q1 = z1 * th;
      const qe1 =
        za[o + 1]! * s1 - q1 + za[o + 1]! * s2 + zb[o + 1]! * s1 + zb[o + 1]! * s2 + z1 * tl + zl[o + 1]! * th;
      t = g1h + q1;
      bb = t - g1h;
      g1l = g1l + (g1h - (t - bb) + (q1 - bb) + qe1);
      g1h = t;
    }
    gh[0] = g0h;
    gl[0] = g0l;
    gh[1] = g1h;
    gl[1] = g1l;
    return;
  }
  gh.fill(0);
  gl.fill(0);
  for (let n = 0, o = 0; n < N; n++, o += d) {
    const th = SH[n]!;
    const tl = SL[n]!;
    const c = SPLITTER * th;
    const s1 = c - (c - th);
    const s2 = th - s1;
    for (let j = 0; j < d; j++) {
      const z = zh[o + j]!;
      const q = z * th;
      const qe = za[o + j]! * s1 - q + za[o + j]! * s2 + zb[o + j]! * s1 + zb[o + j]! * s2 + z * tl + zl[o + j]! * th;
      const g0 = gh[j]!;
      const t = g0 + q;
      const bb = t - g0;
      gl[j] = gl[j]! + (g0 - (t - bb) + (q - bb) + qe);
      gh[j] = t;
    }
  }
}

/** σ_n = E_n/(1 + E_n) for the points not taken directly: one reciprocal, th = E·(1/D), tl = (E − D·th)/D. */
function sigmoids(
  N: number,
  EH: Float64Array,
  EL: Float64Array,
  direct: Uint8Array,
  SH: Float64Array,
  SL: Float64Array,
): void {
  for (let n = 0; n < N; n++) {
    if (direct[n] === 1) continue;
    const eh = EH[n]!;
    const el = EL[n]!;
    const Dh0 = 1 + eh;
    const bv = Dh0 - 1;
    const Dl0 = 1 - (Dh0 - bv) + (eh - bv) + el;
    const r = 1 / Dh0;
    const th = eh * r;
    const p = Dh0 * th;
    let c = SPLITTER * Dh0;
    const a1 = c - (c - Dh0);
    const a2 = Dh0 - a1;
    c = SPLITTER * th;
    const b1 = c - (c - th);
    const b2 = th - b1;
    const pe = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
    SH[n] = th;
    SL[n] = (eh - p - pe + el - Dl0 * th) * r;
  }
}

/**
 * Anchors every point at the current iterate from its margin m_n = (XH, XL)_n: E_n = e^{−m_n}, or σ_n directly
 * (direct[n] = 1) when E_n ≥ BIG_E would overflow 1 + E_n. Returns false when some point went direct (anchor again).
 */
function anchor(
  N: number,
  XH: Float64Array,
  XL: Float64Array,
  EH: Float64Array,
  EL: Float64Array,
  direct: Uint8Array,
  SH: Float64Array,
  SL: Float64Array,
): boolean {
  let fine = true;
  for (let n = 0; n < N; n++) {
    const m = XH[n]!;
    const ml = XL[n]!;
    const eh = expHL(-m, -ml, LOB);
    const el = LOB[0]!;
    if (eh < BIG_E) {
      EH[n] = eh;
      EL[n] = el;
      direct[n] = 0;
    } else {
      SH[n] = sigmoidHL(-m, -ml, LOB);
      SL[n] = LOB[0]!;
      direct[n] = 1;
      fine = false;
    }
  }
  return fine;
}

/**
 * E_n ← E_n·e^{−δ_n} with δ_n = (XH, XL)_n = z_nᵀΔw: a short series for |δ| < SMALL, else a full dd exp. Returns
 * false when some E_n reached BIG_E (anchor at the next step: σ from the margin). Exported for its unit test: each
 * update's relative error is ≤ 9u² (module comment).
 */
export function carryExponentials(
  N: number,
  XH: Float64Array,
  XL: Float64Array,
  EH: Float64Array,
  EL: Float64Array,
  direct: Uint8Array,
): boolean {
  let fine = true;
  let c: number;
  for (let n = 0; n < N; n++) {
    if (direct[n] === 1) continue;
    const xh = XH[n]!;
    const xl = XL[n]!;
    const eh = EH[n]!;
    const el = EL[n]!;
    let nh: number;
    let nl: number;
    if (Math.abs(xh) < SMALL) {
      // p = e^{−δ} − 1 = −δ + δ²/2 − δ³/6 + δ⁴(1/24 − δ/120 + δ²/720): δ² and δ³/6 as pairs
      c = SPLITTER * xh;
      const h1 = c - (c - xh);
      const h2 = xh - h1;
      const q2 = xh * xh;
      const q2e = h1 * h1 - q2 + 2 * h1 * h2 + h2 * h2 + 2 * xh * xl;
      const q3 = q2 * xh;
      const r6 = q3 * INV6_H;
      let r6e = 0;
      if (!(Math.abs(xh) < TINY)) {
        // δ³/6 ≥ 2^-54: as a pair, q3·(1/6) by a two-product with the split of RN(1/6), plus the low terms
        let c = SPLITTER * q2;
        const k1 = c - (c - q2);
        const k2 = q2 - k1;
        const q3e = k1 * h1 - q3 + k1 * h2 + k2 * h1 + k2 * h2 + q2e * xh + q2 * xl;
        c = SPLITTER * q3;
        const m1 = c - (c - q3);
        const m2 = q3 - m1;
        r6e = m1 * I6A - r6 + m1 * I6B + m2 * I6A + m2 * I6B + q3 * INV6_L + q3e * INV6_H;
      }
      // −δ + δ²/2 (fast two-sum, |δ²/2| ≤ 2^-15|δ|), then − δ³/6 (fast two-sum), errors collected
      const hq = 0.5 * q2;
      const s1 = hq - xh;
      const e1 = hq - (s1 + xh);
      const s2 = s1 - r6;
      const e2 = -r6 - (s2 - s1);
      const ph = s2;
      const pl = e1 + e2 + (-xl + 0.5 * q2e - r6e + q2 * q2 * (1 / 24 - xh * (1 / 120 - xh / 720)));
      // E ← E + E·p
      const Q = eh * ph;
      c = SPLITTER * eh;
      const f1 = c - (c - eh);
      const f2 = eh - f1;
      c = SPLITTER * ph;
      const g1 = c - (c - ph);
      const g2 = ph - g1;
      const Qe = f1 * g1 - Q + f1 * g2 + f2 * g1 + f2 * g2 + eh * pl + el * ph;
      const S = eh + Q; // |Q| ≤ 2^-13·E: fast two-sum
      const e3 = Q - (S - eh) + el + Qe;
      nh = S + e3;
      nl = e3 - (nh - S);
    } else {
      // E ← E·e^{−δ} with a full dd exp (dd product)
      const yh = expHL(-xh, -xl, LOB);
      const yl = LOB[0]!;
      const P = eh * yh;
      c = SPLITTER * eh;
      const f1 = c - (c - eh);
      const f2 = eh - f1;
      c = SPLITTER * yh;
      const g1 = c - (c - yh);
      const g2 = yh - g1;
      const Pe = f1 * g1 - P + f1 * g2 + f2 * g1 + f2 * g2 + eh * yl + el * yh;
      nh = P + Pe;
      nl = Pe - (nh - P);
    }
    EH[n] = nh;
    EL[n] = nl;
    if (!(nh < BIG_E)) fine = false; // re-anchor (σ from the margin) next step
  }
  return fine;
}

/**
 * (nh, nl) = w + Δw with Δw = η·g (g = (gh, gl) unnormalised pairs, η = (etaH, etaL), ea + eb the split of etaH); Δw
 * is left in (dh, dl) for the carry, w is not written. Returns false when an entry of the new iterate is not finite.
 */
function updateIterate(
  wh: Float64Array,
  wl: Float64Array,
  nwh: Float64Array,
  nwl: Float64Array,
  dh: Float64Array,
  dl: Float64Array,
  gh: Float64Array,
  gl: Float64Array,
  etaH: number,
  etaL: number,
  ea: number,
  eb: number,
): boolean {
  let finite = true;
  for (let j = 0; j < wh.length; j++) {
    const g0 = gh[j]! + gl[j]!;
    const g1 = gl[j]! - (g0 - gh[j]!);
    const p = etaH * g0;
    const c = SPLITTER * g0;
    const b1 = c - (c - g0);
    const b2 = g0 - b1;
    const pe = ea * b1 - p + ea * b2 + eb * b1 + eb * b2 + etaH * g1 + etaL * g0;
    const xh = p + pe;
    const xl = pe - (xh - p);
    dh[j] = xh;
    dl[j] = xl;
    const w0h = wh[j]!;
    const t = w0h + xh;
    const bb = t - w0h;
    const e = w0h - (t - bb) + (xh - bb) + wl[j]! + xl;
    const nh = t + e;
    nwl[j] = e - (nh - t);
    nwh[j] = nh;
    if (!(nh - nh === 0)) finite = false;
  }
  return finite;
}

/**
 * `steps` steps of w ← w + η Zᵀσ(−Zw) (rows z_n of Z: labels absorbed) on the dd representation. Returns the iterate
 * reached and the number of steps taken: fewer than `steps` when the next step's iterate had a non-finite entry, which
 * here also means a Veltkamp split beyond 2^996 (η, w or Δw above ~6.7e299, where the careful scalar operations of the
 * Backend kernels would still be exact); the iterate returned is then the last finite one, and the caller takes the
 * next step by the backend's kernels. Throws a RangeError unless `steps` is a non-negative integer, Z has w's length
 * as its number of columns, and that length is at most LOGISTIC_GD_MAX_DIM.
 */
export function ddLogisticSumGd(Z: DDMat, w: DDVec, eta: DDScalar, steps: number): { w: DDVec; steps: number } {
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
    throw new RangeError(`ddLogisticSumGd: steps = ${String(steps)} must be a non-negative integer`);
  }
  const d = w.length >> 1;
  if (Z.cols !== d) throw new RangeError(`ddLogisticSumGd: Z has ${Z.cols} columns but w has length ${d}`);
  if (d > LOGISTIC_GD_MAX_DIM) {
    throw new RangeError(`ddLogisticSumGd: dimension ${d} > ${LOGISTIC_GD_MAX_DIM} (the drift bound needs d ≤ 14K)`);
  }
  return ddLogisticGd(Z.data, Z.rows, d, w, eta.hi, eta.lo, steps);
}

/**
 * Runs the recurrence on interleaved (hi, lo) arrays: Z is N × d row-major, w has d entries, eta = (etaH, etaL).
 * Returns a new interleaved w and the steps taken (stops before the first step whose iterate has a non-finite entry).
 */
function ddLogisticGd(
  Zp: readonly number[],
  N: number,
  d: number,
  w0: readonly number[],
  etaH: number,
  etaL: number,
  steps: number,
): { w: number[]; steps: number } {
  const Nd = N * d;
  const zh = new Float64Array(Nd); // Z: high and low words, the high word split for two-products
  const zl = new Float64Array(Nd);
  const za = new Float64Array(Nd);
  const zb = new Float64Array(Nd);
  for (let i = 0; i < Nd; i++) {
    zh[i] = Zp[2 * i]!;
    zl[i] = Zp[2 * i + 1]!;
  }
  split(zh, za, zb);
  let wh = new Float64Array(d); // w and its split
  let wl = new Float64Array(d);
  let nwh = new Float64Array(d); // the next iterate, swapped with w when it is finite
  let nwl = new Float64Array(d);
  const wa = new Float64Array(d);
  const wb = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    wh[j] = w0[2 * j]!;
    wl[j] = w0[2 * j + 1]!;
  }
  const dh = new Float64Array(d); // Δw of the last step and its split
  const dl = new Float64Array(d);
  const da = new Float64Array(d);
  const db = new Float64Array(d);
  const gh = new Float64Array(d);
  const gl = new Float64Array(d);
  const EH = new Float64Array(N); // E_n = e^{−z_nᵀw} (when direct[n] = 0)
  const EL = new Float64Array(N);
  const direct = new Uint8Array(N); // 1: σ_n from sigmoidHL this step (E_n would overflow 1 + E_n)
  const SH = new Float64Array(N); // σ_n
  const SL = new Float64Array(N);
  const XH = new Float64Array(N); // margins at an anchor, δ_n = z_nᵀΔw between anchors
  const XL = new Float64Array(N);
  const c = SPLITTER * etaH;
  const ea = c - (c - etaH);
  const eb = etaH - ea;
  let sinceAnchor = LOGISTIC_GD_DRIFT_STEPS; // anchor at the first step
  let carried = false; // E holds e^{−z_nᵀw} for the current w (updated after the last step)
  let taken = steps;

  for (let s = 0; s < steps; s++) {
    if (!carried || sinceAnchor >= LOGISTIC_GD_DRIFT_STEPS) {
      sinceAnchor = 0;
      split(wh, wa, wb);
      rowDots(N, d, zh, zl, za, zb, wh, wl, wa, wb, XH, XL);
      if (!anchor(N, XH, XL, EH, EL, direct, SH, SL)) sinceAnchor = LOGISTIC_GD_DRIFT_STEPS;
    }
    sigmoids(N, EH, EL, direct, SH, SL);
    columnSums(N, d, zh, zl, za, zb, SH, SL, gh, gl);
    if (!updateIterate(wh, wl, nwh, nwl, dh, dl, gh, gl, etaH, etaL, ea, eb)) {
      taken = s; // w is the last finite iterate
      break;
    }
    const th = wh;
    const tl = wl;
    wh = nwh;
    wl = nwl;
    nwh = th;
    nwl = tl;
    // carry E_n to the new iterate unless the next step anchors anyway
    sinceAnchor++;
    carried = sinceAnchor < LOGISTIC_GD_DRIFT_STEPS && s + 1 < steps;
    if (!carried) continue;
    split(dh, da, db);
    rowDots(N, d, zh, zl, za, zb, dh, dl, da, db, XH, XL); // δ_n = z_nᵀΔw as pairs
    if (!carryExponentials(N, XH, XL, EH, EL, direct)) sinceAnchor = LOGISTIC_GD_DRIFT_STEPS;
  }
  const out = doubles(2 * d);
  for (let j = 0; j < d; j++) {
    out[2 * j] = wh[j]!;
    out[2 * j + 1] = wl[j]!;
  }
  return { w: out, steps: taken };
}
