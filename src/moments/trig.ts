/**
 * cos and sin on any Backend (the Backend contract has no trigonometric kernels): Taylor series at t = x/2^j with
 * |t| ≤ 1/16, then j double-angle steps cos 2t = (c − s)(c + s), sin 2t = 2sc. Each doubling at most doubles the
 * absolute error of (c, s), so the result is within about (2^j + 8)·u of the true values plus the conditioning |x|·u of
 * cos at a rounded x (u = B.eps); j = max(0, ⌈log₂(16|x|)⌉).
 */
import type { Backend, Repr, S } from '../numeric/types.js';

/** The Taylor series of (cos t, sin t) for |t| ≤ 1/16, summed until a term falls below u·2^-8. */
function taylor<R extends Repr>(B: Backend<R>, t: S<R>): { c: S<R>; s: S<R> } {
  const t2 = B.mul(t, t);
  const tiny = B.mul(B.eps, B.num('0.00390625'));
  let c = B.one;
  let s = t;
  let termC = B.one;
  let termS = t;
  for (let n = 1; n < 200; n++) {
    // term_{n} = −term_{n−1}·t²/((2n − 1)(2n)) for cos, /((2n)(2n + 1)) for sin
    termC = B.neg(B.div(B.mul(termC, t2), B.int((2 * n - 1) * (2 * n))));
    termS = B.neg(B.div(B.mul(termS, t2), B.int(2 * n * (2 * n + 1))));
    c = B.add(c, termC);
    s = B.add(s, termS);
    if (B.cmp(B.abs(termC), tiny) < 0 && B.cmp(B.abs(termS), tiny) < 0) break;
  }
  return { c, s };
}

/** (cos x, sin x) in the backend (module comment for the accuracy); a non-finite x gives NaN. */
export function cosSin<R extends Repr>(B: Backend<R>, x: S<R>): { readonly cos: S<R>; readonly sin: S<R> } {
  if (!B.isFinite(x)) {
    const nan = B.div(B.zero, B.zero);
    return { cos: nan, sin: nan };
  }
  const ax = B.toNumber(B.abs(x));
  const j = ax <= 1 / 16 ? 0 : Math.ceil(Math.log2(16 * ax)) + 1;
  let { c, s } = taylor(B, j === 0 ? x : B.div(x, B.powi(B.int(2), j)));
  for (let i = 0; i < j; i++) {
    const c2 = B.mul(B.sub(c, s), B.add(c, s));
    s = B.mul(B.int(2), B.mul(s, c));
    c = c2;
  }
  return { cos: c, sin: s };
}
