/**
 * Replaying a traced program (./trace.ts) in ball arithmetic on registers: typed arrays of midpoints (hi and lo words
 * of a double-double, or one double for f64) and radii, no allocation per operation. It computes what ball.ts
 * computes, operation by operation:
 * - midpoints: the backend's own operations, written out inline (dd: the JMP 2017 algorithms of numeric/ddArith.ts,
 *   same order of operations, so the same bits; their rare slow paths are called as they are);
 * - radii: ball.ts's radius formula of each operation, evaluated in float64 and rounded upward by Lemma 1 of
 *   ball/rounding.ts for u = 2^-53 (its k = SCALAR_ROUNDINGS counts every operation's roundings with room to spare).
 *   On f64 that is exactly what ball.ts computes (same formulas, same order): bit-identical balls. On dd the radius
 *   is a float64 instead of a dd: the midpoint enters the formulas as |hi|, and |m| = |hi + lo| ≤ |hi|(1 + 2^-53)
 *   (|lo| ≤ ulp(hi)/2) makes |hi| one more rounding of |m|, inside that room; a lower bound of |m| (division) is
 *   |hi|(1 − 2^-51) ≤ |m|. So radii are rigorous on both; on dd they are larger than ball.ts's dd radii by Lemma 1's
 *   factor 1 + 158·2^-53 per operation instead of 1 + 158·2^-102, ~1e-14 relative per operation of the chain
 *   (sgdExpectations.test.ts checks both).
 * A division by a ball that may contain 0, or a non-finite ball, makes `run` return false: the caller then reruns the
 * generic ball arithmetic, which throws or propagates exactly as ball.ts says.
 */
import type { Ball } from '../ball/ball.js';
import { SCALAR_ROUNDINGS, TINY_EXPONENT, TRANSCENDENTAL_ULPS } from '../ball/rounding.js';
import { divSlow, expHL, mulSlow, SPLITTER, type DDScalar } from '../numeric/ddMath.js';
import type { Repr } from '../numeric/types.js';
import { OP_ADD, OP_DIV, OP_EXP, OP_MUL, OP_NEG, OP_SUB, type Program } from './trace.js';

const U53 = 2 ** -53;
const ETA = 2 ** TINY_EXPONENT;
/** Lemma 1's factors 1 ± (2k + 6)u at u = 2^-53, computed as rounding.ts computes them on f64. */
const upFactor = (k: number) => 1 + (2 * k + 6) * U53;
const UP_K = upFactor(SCALAR_ROUNDINGS);
const UP_EXP = upFactor(SCALAR_ROUNDINGS + 2 * TRANSCENDENTAL_ULPS);
const DOWN_1 = 1 - 8 * U53;
const MAX = Number.MAX_VALUE;
const LOB = new Float64Array(1);

/** The midpoint representation the registers hold. */
export type MidKind = 'f64' | 'dd';

/** A program with its register file. */
export interface Machine {
  readonly code: Int32Array;
  readonly outputs: Int32Array;
  /** Midpoints (hi words), low words (dd; zeros on f64), radii. */
  readonly H: Float64Array;
  readonly L: Float64Array;
  readonly E: Float64Array;
  /** Executes the program on the registers; false when a ball is non-finite or a divisor may contain 0. */
  run(): boolean;
}

/** Ball ⇄ register conversion for one midpoint kind (the caller knows the backend's scalar type). */
export interface Registers<R extends Repr> {
  readonly kind: MidKind;
  /** Store a ball (its radius rounded up to a float64). */
  put(H: Float64Array, L: Float64Array, E: Float64Array, i: number, b: Ball<R>): void;
  /** Read a ball back (exact). */
  get(H: Float64Array, L: Float64Array, E: Float64Array, i: number): Ball<R>;
  /** The backend's unit roundoff as a double (2^-53 or 2^-102). */
  readonly u: number;
}

export function f64Registers<R extends Repr>(): Registers<R> {
  return {
    kind: 'f64',
    u: U53,
    put(H, L, E, i, b) {
      H[i] = b.value as number;
      L[i] = 0;
      E[i] = b.err as number;
    },
    get: (H, _L, E, i) => ({ value: H[i]!, err: E[i]! }),
  };
}

export function ddRegisters<R extends Repr>(): Registers<R> {
  return {
    kind: 'dd',
    u: 2 ** -102,
    put(H, L, E, i, b) {
      const v = b.value as DDScalar;
      const e = b.err as DDScalar;
      H[i] = v.hi;
      L[i] = v.lo;
      // fl(hi + lo) ≥ (hi + lo)(1 − u): one rounding, then Lemma 1
      E[i] = (e.hi + e.lo) * upFactor(1) + ETA;
    },
    get: (H, L, E, i) => ({ value: { hi: H[i]!, lo: L[i]! }, err: { hi: E[i]!, lo: 0 } }),
  };
}

/** A machine for `P` with its constants loaded. */
export function machine<R extends Repr>(P: Program<R>, regs: Registers<R>): Machine {
  const n = P.registers;
  const H = new Float64Array(n);
  const L = new Float64Array(n);
  const E = new Float64Array(n);
  for (const c of P.constants) regs.put(H, L, E, c.reg, c.ball);
  const run = regs.kind === 'dd' ? ddRun(P.code, H, L, E, regs.u) : f64Run(P.code, H, E, regs.u);
  return { code: P.code, outputs: P.outputs, H, L, E, run };
}

/** f64 midpoints: ball.ts's formulas verbatim (bit-identical). */
function f64Run(code: Int32Array, H: Float64Array, E: Float64Array, u: number): () => boolean {
  return () => f64Exec(code, H, E, u);
}

function f64Exec(code: Int32Array, H: Float64Array, E: Float64Array, u: number): boolean {
  const tu = TRANSCENDENTAL_ULPS * u;
  let radii = 0;
  for (let p = 0; p < code.length; p += 4) {
    const d = code[p + 1]!;
    const a = code[p + 2]!;
    const b = code[p + 3]!;
    switch (code[p]) {
      case OP_ADD: {
        const m = H[a]! + H[b]!;
        H[d] = m;
        E[d] = (E[a]! + E[b]! + u * Math.abs(m)) * UP_K + ETA;
        break;
      }
      case OP_SUB: {
        const m = H[a]! - H[b]!;
        H[d] = m;
        E[d] = (E[a]! + E[b]! + u * Math.abs(m)) * UP_K + ETA;
        break;
      }
      case OP_MUL: {
        const ma = H[a]!;
        const mb = H[b]!;
        const ea = E[a]!;
        const eb = E[b]!;
        const m = ma * mb;
        H[d] = m;
        E[d] = (Math.abs(ma) * eb + Math.abs(mb) * ea + ea * eb + u * Math.abs(m)) * UP_K + ETA;
        break;
      }
      case OP_DIV: {
        const mb = H[b]!;
        const eb = E[b]!;
        if (!(Math.abs(mb) > eb) || !(Math.abs(mb) <= MAX) || !(eb <= MAX)) return false;
        const lo = (Math.abs(mb) - eb) * DOWN_1 - ETA;
        if (!(lo > 0)) return false;
        const m = H[a]! / mb;
        H[d] = m;
        E[d] = ((E[a]! + Math.abs(m) * eb) / lo + u * Math.abs(m)) * UP_K + ETA;
        break;
      }
      case OP_NEG:
        H[d] = -H[a]!;
        E[d] = E[a]!;
        break;
      case OP_EXP: {
        const x = Math.exp(H[a]!);
        H[d] = x;
        E[d] = (x * Math.expm1(E[a]!) + tu * x) * UP_EXP + ETA;
        break;
      }
    }
    radii += E[d]!;
  }
  // every radius has a u·|m| term, so a non-finite midpoint shows as a non-finite radius
  return radii <= MAX;
}

/** AccurateDWPlusDW (JMP Alg. 6), as numeric/ddArith.ts `add`, into register d. */
function ddAdd(H: Float64Array, L: Float64Array, d: number, ah: number, al: number, bh: number, bl: number): void {
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
  const zl = w - (zh - vh);
  if (zl !== zl) {
    H[d] = Number.isFinite(sh) ? zh : sh;
    L[d] = 0;
  } else {
    H[d] = zh;
    L[d] = zl;
  }
}

/** DWTimesDW1 (JMP Alg. 10), as numeric/ddArith.ts `mul`, into register d. */
function ddMul(H: Float64Array, L: Float64Array, d: number, ah: number, al: number, bh: number, bl: number): void {
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
  const zl = e - (zh - p);
  if (zl === zl) {
    H[d] = zh;
    L[d] = zl;
  } else {
    const z = mulSlow({ hi: ah, lo: al }, { hi: bh, lo: bl });
    H[d] = z.hi;
    L[d] = z.lo;
  }
}

/** DWDivDW2 (JMP Alg. 17), as numeric/ddArith.ts `div`, into register d. */
function ddDiv(H: Float64Array, L: Float64Array, d: number, ah: number, al: number, bh: number, bl: number): void {
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
  const ph = ah - rh;
  const dl = al - rl;
  const dd = ph + dl;
  const tl = dd / bh;
  const zh = th + tl;
  const zl = tl - (zh - th);
  if (zl === zl && Number.isFinite(zh)) {
    H[d] = zh;
    L[d] = zl;
  } else {
    const z = divSlow({ hi: ah, lo: al }, { hi: bh, lo: bl });
    H[d] = z.hi;
    L[d] = z.lo;
  }
}

/**
 * dd midpoints (numeric/ddArith.ts inline), float64 radii (module comment). Plain functions over the arrays, not
 * closures holding them (V8 compiled the closure form slower).
 */
function ddRun(code: Int32Array, H: Float64Array, L: Float64Array, E: Float64Array, u: number): () => boolean {
  return () => ddExec(code, H, L, E, u);
}

function ddExec(code: Int32Array, H: Float64Array, L: Float64Array, E: Float64Array, u: number): boolean {
  const tu = TRANSCENDENTAL_ULPS * u;
  let radii = 0;
  for (let p = 0; p < code.length; p += 4) {
    const d = code[p + 1]!;
    const a = code[p + 2]!;
    const b = code[p + 3]!;
    switch (code[p]) {
      case OP_ADD:
        ddAdd(H, L, d, H[a]!, L[a]!, H[b]!, L[b]!);
        E[d] = (E[a]! + E[b]! + u * Math.abs(H[d]!)) * UP_K + ETA;
        break;
      case OP_SUB:
        ddAdd(H, L, d, H[a]!, L[a]!, -H[b]!, -L[b]!);
        E[d] = (E[a]! + E[b]! + u * Math.abs(H[d]!)) * UP_K + ETA;
        break;
      case OP_MUL: {
        const ha = Math.abs(H[a]!);
        const hb = Math.abs(H[b]!);
        const ea = E[a]!;
        const eb = E[b]!;
        ddMul(H, L, d, H[a]!, L[a]!, H[b]!, L[b]!);
        E[d] = (ha * eb + hb * ea + ea * eb + u * Math.abs(H[d]!)) * UP_K + ETA;
        break;
      }
      case OP_DIV: {
        const eb = E[b]!;
        // |hi|(1 − 2^-51) ≤ |m_b| (module comment), then ball.ts's lower bound |m_b| − r_b rounded down
        const mlo = Math.abs(H[b]!) * (1 - 4 * U53);
        if (!(mlo > eb) || !(mlo <= MAX) || !(eb <= MAX)) return false;
        const lo = (mlo - eb) * DOWN_1 - ETA;
        if (!(lo > 0)) return false;
        ddDiv(H, L, d, H[a]!, L[a]!, H[b]!, L[b]!);
        const m = Math.abs(H[d]!);
        E[d] = ((E[a]! + m * eb) / lo + u * m) * UP_K + ETA;
        break;
      }
      case OP_NEG:
        H[d] = -H[a]!;
        L[d] = -L[a]!;
        E[d] = E[a]!;
        break;
      case OP_EXP: {
        const x = expHL(H[a]!, L[a]!, LOB);
        H[d] = x;
        L[d] = LOB[0]!;
        E[d] = (x * Math.expm1(E[a]!) + tu * x) * UP_EXP + ETA;
        break;
      }
    }
    radii += E[d]!;
  }
  return radii <= MAX;
}
