/**
 * The inner loops the dd vector and matrix kernels share: strided dot products accumulated in double-double (one
 * chain, or two sharing y) and the scaled copy a·x. Error-free transforms are written out inline (no per-element
 * allocation; the bit-identity laws of dd.test.ts and ddFast.test.ts guard them), and a NaN in the low word sends
 * the element to the careful scalar operations of ddArith.ts.
 */
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';

/**
 * A double-double vector of dimension n: a PACKED_DOUBLE array of length 2n, interleaved (x[2i], x[2i+1]) =
 * (hi_i, lo_i). One plain JS array per vector: one young-generation allocation per kernel result (packed.ts).
 */
export type DDVec = number[];

const SPLITTER = X.SPLITTER;

/** Entry i of an interleaved vector. */
export function el(v: DDVec, i: number): DDScalar {
  return { hi: v[2 * i]!, lo: v[2 * i + 1]! };
}

/** Σ x_i·y_i over strided ranges (offsets and strides in entries), accumulated in double-double (JMP Alg. 10
 * products, Alg. 6 sums), written to z[zi], z[zi + 1] (no allocation: the gemv/gemm kernels call it per entry). */
export function dotInto(
  x: DDVec,
  xo: number,
  xs: number,
  y: DDVec,
  yo: number,
  ys: number,
  n: number,
  z: number[],
  zi: number,
): void {
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
export function dot2Into(
  x: DDVec,
  xo: number,
  xo2: number,
  xs: number,
  y: DDVec,
  n: number,
  z: number[],
  zi: number,
  zj: number,
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
export function dotStrided(x: DDVec, xo: number, xs: number, y: DDVec, yo: number, ys: number, n: number): DDScalar {
  dotInto(x, xo, xs, y, yo, ys, n, DOT_OUT, 0);
  return { hi: DOT_OUT[0]!, lo: DOT_OUT[1]! };
}

/** z[zo ..] = a·x elementwise (entries; JMP Alg. 10 per entry), the scal kernel, also one row of ger. */
export function scalInto(a: DDScalar, x: DDVec, z: number[], zo: number): void {
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
