/**
 * The dd backend's `logisticGd` kernel: `steps` GD steps on the logistic sum loss Σ_n log(1 + e^{−z_nᵀw}) (labels
 * absorbed, Soudry et al. 2018 eq. (2.1)–(2.2)):  w_{t+1} = w_t + η Σ_n z_n σ(−z_nᵀw_t),  σ(−m) = E/(1 + E), E = e^{−m}.
 *
 * Why a fused kernel: 16·10⁶ fresh dd sigmoids alone take ~0.66 s on the bench machine (`logistic-1e6-sigmoid-only`).
 * Here E_n = e^{−z_nᵀw} is carried from step to step: E_n ← E_n·e^{−δ_n}, δ_n = z_nᵀΔw_t, and e^{−δ} − 1 is a short
 * series when |δ| < 2^-14 (|δ_n| ~ 1/t late in a run); otherwise it is a full dd exp. Every K = 64 steps (and after
 * any overflow risk) E_n is re-anchored to expHL(−z_nᵀw) from the current iterate, so drift is bounded by K updates.
 *
 * Error per step, relative to σ_n(ŵ_t) at the computed iterate ŵ_t (u = 2^-53 per double operation, u² ≈ 1.2e-32):
 * the anchor has the exp kernel's ≲ 3u² plus the margin's dd rounding (≤ (d + 2)u²·Σ_j|z_nj||w_j|); each carried update
 * adds ≤ 4u² (series: δ, δ²/2, δ³/6 as pairs, the δ⁴.. tail ≤ 6e-19 in double, omitted δ⁷/7! < 7e-34; product and
 * renormalisation) and |z_n|·(the rounding of w_{t+1} = w_t + Δw, ≤ 2u²|w_{t+1}| per entry) because δ_n is the computed
 * increment, not the difference of the stored iterates. So after k ≤ K carried steps the relative error of E_n is
 * ≤ 3u² + (d + 2)u²Σ|z||w| + k·(4u² + 2u²·‖z_n‖₁·max|w|): `LOGISTIC_GD_DRIFT_STEPS` is K for callers' error bars.
 * σ = E/(1 + E) by one reciprocal (≲ 4u² relative); the gradient sums and the update are dd sums (≲ (N + 2)u²).
 */
import { ratToDoubles } from './ddIO.js';
import { SPLITTER, expHL, lastLo, sigmoidHL } from './ddMath.js';
import { doubles } from './packed.js';

/** Carried steps between anchors (see the module comment). */
export const LOGISTIC_GD_DRIFT_STEPS = 64;
const SMALL = 2 ** -14; // |δ| below: series; above: full exp
const BIG_E = 1e250; // E above this: anchor every step (σ from sigmoidHL, no overflow in 1 + E)
/** 1/6 = INV6_H + INV6_L (exact rational rounding), and INV6_H split for two-products. */
const [INV6_H, INV6_L] = ratToDoubles(1n, 6n, 2) as [number, number];
const I6A = SPLITTER * INV6_H - (SPLITTER * INV6_H - INV6_H);
const I6B = INV6_H - I6A;

/**
 * Runs the recurrence on interleaved (hi, lo) arrays: Z is N × d row-major, w has d entries, eta = (etaH, etaL).
 * Returns a new interleaved w. Stops at the first step whose iterate has a non-finite entry and returns it.
 */
export function ddLogisticGd(Z: readonly number[], N: number, d: number, w0: readonly number[], etaH: number, etaL: number, steps: number): number[] {
  const Nd = N * d;
  const zh = new Float64Array(Nd);
  const zl = new Float64Array(Nd);
  const za = new Float64Array(Nd);
  const zb = new Float64Array(Nd);
  for (let i = 0; i < Nd; i++) {
    const h = Z[2 * i]!;
    zh[i] = h;
    zl[i] = Z[2 * i + 1]!;
    const c = SPLITTER * h;
    za[i] = c - (c - h);
    zb[i] = h - za[i]!;
  }
  const wh = new Float64Array(d);
  const wl = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    wh[j] = w0[2 * j]!;
    wl[j] = w0[2 * j + 1]!;
  }
  const EH = new Float64Array(N);
  const EL = new Float64Array(N);
  const direct = new Uint8Array(N); // 1: σ from sigmoidHL this step (E would overflow 1 + E)
  const SH = new Float64Array(N);
  const SL = new Float64Array(N);
  const gh = new Float64Array(d);
  const gl = new Float64Array(d);
  const Dh = new Float64Array(d);
  const Dl = new Float64Array(d);
  const Da = new Float64Array(d);
  const Db = new Float64Array(d);
  const wa = new Float64Array(d);
  const wb = new Float64Array(d);
  let c = SPLITTER * etaH;
  const ea = c - (c - etaH);
  const eb = etaH - ea;
  let sinceAnchor = LOGISTIC_GD_DRIFT_STEPS; // anchor at the first step
  let carried = false; // E holds e^{−z_nᵀw} for the current w (updated after the last step)

  for (let s = 0; s < steps; s++) {
    if (!carried || sinceAnchor >= LOGISTIC_GD_DRIFT_STEPS) {
      sinceAnchor = 0;
      for (let j = 0; j < d; j++) {
        c = SPLITTER * wh[j]!;
        wa[j] = c - (c - wh[j]!);
        wb[j] = wh[j]! - wa[j]!;
      }
      for (let n = 0; n < N; n++) {
        // m = z_nᵀw: two-products of the high words, everything else collected in one double (≤ (d + 2)u²Σ|z||w|)
        let mh = 0;
        let me = 0;
        const o = n * d;
        for (let j = 0; j < d; j++) {
          const a = zh[o + j]!;
          const p = a * wh[j]!;
          const pe = za[o + j]! * wa[j]! - p + za[o + j]! * wb[j]! + zb[o + j]! * wa[j]! + zb[o + j]! * wb[j]!;
          const t = mh + p;
          const bb = t - mh;
          me += mh - (t - bb) + (p - bb) + pe + a * wl[j]! + zl[o + j]! * wh[j]!;
          mh = t;
        }
        const m = mh + me;
        const ml = me - (m - mh);
        const eh = expHL(-m, -ml);
        const el = lastLo();
        if (eh < BIG_E) {
          EH[n] = eh;
          EL[n] = el;
          direct[n] = 0;
        } else {
          SH[n] = sigmoidHL(-m, -ml);
          SL[n] = lastLo();
          direct[n] = 1;
          sinceAnchor = LOGISTIC_GD_DRIFT_STEPS; // anchor again next step
        }
      }
    }
    // g = Σ_n z_n σ_n; σ_n = E/(1 + E) with one reciprocal: th = E·(1/D), tl = (E − D·th)/D
    for (let j = 0; j < d; j++) {
      gh[j] = 0;
      gl[j] = 0;
    }
    for (let n = 0; n < N; n++) {
      let th: number;
      let tl: number;
      if (direct[n] === 1) {
        th = SH[n]!;
        tl = SL[n]!;
      } else {
        const eh = EH[n]!;
        const el = EL[n]!;
        const Dh0 = 1 + eh;
        const bv = Dh0 - 1;
        const Dl0 = 1 - (Dh0 - bv) + (eh - bv) + el;
        const r = 1 / Dh0;
        th = eh * r;
        const p = Dh0 * th;
        c = SPLITTER * Dh0;
        const a1 = c - (c - Dh0);
        const a2 = Dh0 - a1;
        c = SPLITTER * th;
        const b1 = c - (c - th);
        const b2 = th - b1;
        const pe = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
        tl = (eh - p - pe + el - Dl0 * th) * r;
      }
      c = SPLITTER * th;
      const s1 = c - (c - th);
      const s2 = th - s1;
      const o = n * d;
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
    // Δw = η·g (dd product), w ← w + Δw (dd sum)
    let finite = true;
    for (let j = 0; j < d; j++) {
      const g0 = gh[j]! + gl[j]!;
      const g1 = gl[j]! - (g0 - gh[j]!);
      const p = etaH * g0;
      c = SPLITTER * g0;
      const b1 = c - (c - g0);
      const b2 = g0 - b1;
      const pe = ea * b1 - p + ea * b2 + eb * b1 + eb * b2 + etaH * g1 + etaL * g0;
      const dh = p + pe;
      const dl = pe - (dh - p);
      Dh[j] = dh;
      Dl[j] = dl;
      c = SPLITTER * dh;
      Da[j] = c - (c - dh);
      Db[j] = dh - Da[j]!;
      const w0h = wh[j]!;
      const t = w0h + dh;
      const bb = t - w0h;
      const e = w0h - (t - bb) + (dh - bb) + wl[j]! + dl;
      const nh = t + e;
      wl[j] = e - (nh - t);
      wh[j] = nh;
      if (!(nh - nh === 0)) finite = false;
    }
    if (!finite) break;
    // carry E_n to the new iterate unless the next step anchors anyway
    sinceAnchor++;
    carried = sinceAnchor < LOGISTIC_GD_DRIFT_STEPS && s + 1 < steps;
    if (!carried) continue;
    for (let n = 0; n < N; n++) {
      if (direct[n] === 1) continue;
      const o = n * d;
      // δ = z_nᵀΔw as a pair
      let dh = 0;
      let de = 0;
      for (let j = 0; j < d; j++) {
        const a = zh[o + j]!;
        const p = a * Dh[j]!;
        const pe = za[o + j]! * Da[j]! - p + za[o + j]! * Db[j]! + zb[o + j]! * Da[j]! + zb[o + j]! * Db[j]!;
        const t = dh + p;
        const bb = t - dh;
        de += dh - (t - bb) + (p - bb) + pe + a * Dl[j]! + zl[o + j]! * Dh[j]!;
        dh = t;
      }
      const xh = dh + de;
      const xl = de - (xh - dh);
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
        c = SPLITTER * q2;
        const k1 = c - (c - q2);
        const k2 = q2 - k1;
        const q3 = q2 * xh;
        const q3e = k1 * h1 - q3 + k1 * h2 + k2 * h1 + k2 * h2 + q2e * xh + q2 * xl;
        // δ³/6 = q3·(1/6): two-product with the split of RN(1/6), plus the low terms
        c = SPLITTER * q3;
        const m1 = c - (c - q3);
        const m2 = q3 - m1;
        const r6 = q3 * INV6_H;
        const r6e = m1 * I6A - r6 + m1 * I6B + m2 * I6A + m2 * I6B + q3 * INV6_L + q3e * INV6_H;
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
        const yh = expHL(-xh, -xl);
        const yl = lastLo();
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
      if (!(nh < BIG_E)) sinceAnchor = LOGISTIC_GD_DRIFT_STEPS; // re-anchor (σ from the margin) next step
    }
  }
  const out = doubles(2 * d);
  for (let j = 0; j < d; j++) {
    out[2 * j] = wh[j]!;
    out[2 * j + 1] = wl[j]!;
  }
  return out;
}

