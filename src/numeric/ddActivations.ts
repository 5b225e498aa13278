/**
 * The logistic family on double-doubles, allocation-free (hi returned, low word in the caller's out[0]; see ddExp.ts):
 * softplus(x) = log(1 + e^x) and the sigmoid σ(x) = 1/(1 + e^{−x}), both without overflow or cancellation.
 */
import { SPLITTER, addHL, divHL } from './ddArith.js';
import { expHL } from './ddExp.js';
import { log1pHL } from './ddLog.js';

/** log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}); returns hi, low word in out[0]. No overflow, no cancellation. */
export function softplusHL(xh: number, xl: number, out: Float64Array): number {
  if (xh !== xh) {
    out[0] = 0;
    return NaN;
  }
  if (xh > 0) {
    if (xh === Infinity) {
      out[0] = 0;
      return Infinity;
    }
    const eh = expHL(-xh, -xl, out);
    const lh = log1pHL(eh, out[0]!, out);
    return addHL(xh, xl, lh, out[0]!, out);
  }
  const eh = expHL(xh, xl, out);
  return log1pHL(eh, out[0]!, out);
}

/**
 * σ(x) = 1/(1 + e^{−x}); returns hi, low word in out[0]. For x ≥ −600 one reciprocal of D = 1 + e^{−x} (≤ e^600, so the
 * Veltkamp split cannot overflow): t = RN(1/Dh), ρ = 1 − D·t (1 − Dh·t exact from a two-product, Sterbenz),
 * 1/D = t·(1 + ρ + ρ² + …) with |ρ| ≲ 2u, so t + t·(ρ + ρ²) drops only t·ρ³ — one division instead of DWDivDW2's
 * two. Below −600 (σ < 2^-865, never e^{large}): e^x/(1 + e^x) by DWDivDW2.
 */
export function sigmoidHL(xh: number, xl: number, out: Float64Array): number {
  if (xh !== xh) {
    out[0] = 0;
    return NaN;
  }
  if (xh < -600) {
    const eh = expHL(xh, xl, out);
    const el = out[0]!;
    const dh = 1 + eh; // e ≤ 1: fast two-sum
    return divHL(eh, el, dh, eh - (dh - 1) + el, out);
  }
  const eh = expHL(-xh, -xl, out);
  const el = out[0]!;
  // D = 1 + e by a fast two-sum (the larger term first)
  let dh: number;
  let dl: number;
  if (eh <= 1) {
    dh = 1 + eh;
    dl = eh - (dh - 1) + el;
  } else {
    dh = eh + 1;
    dl = 1 - (dh - eh) + el;
  }
  const t = 1 / dh;
  let c = SPLITTER * dh;
  const d1 = c - (c - dh);
  const d2 = dh - d1;
  c = SPLITTER * t;
  const t1 = c - (c - t);
  const t2 = t - t1;
  const p = dh * t;
  const pe = d1 * t1 - p + d1 * t2 + d2 * t1 + d2 * t2;
  const rho = 1 - p - pe - dl * t;
  const tl = (rho + rho * rho) * t;
  const zh = t + tl;
  out[0] = tl - (zh - t);
  return zh;
}
