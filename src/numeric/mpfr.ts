/**
 * `mpfr:<p>`: GNU MPFR (through gmp-wasm's low-level binding) at p decimal digits — the fast referee tier. MPFR is
 * the reference implementation of correctly rounded binary arbitrary precision:
 * - precision: bits = ⌈p·log2 10⌉ + MPFR_GUARD_BITS (8), so u = 2^−bits ≤ 10^−p/256: at least as precise as dec:p
 *   (u = ½·10^(1−p)) in every binade, and every p-digit decimal literal stays distinct;
 * - + − × ÷ sqrt exp log log1p expm1 and integer powers are MPFR's correctly rounded functions (round to nearest,
 *   ties to even, error ≤ u); softplus and sigmoid are evaluated at bits + 64 and rounded once (≤ u·(1 + 2^−60));
 * - num, int and fromDouble round the exact input once; `show` prints the fewest digits (from p up to
 *   mpfr_get_str_ndigits(10, bits), which always suffice) that read back to the identical value.
 *
 * Memory: every value lives in JavaScript, as an Int32Array image of MPFR's variable — per entry
 * [prec, sign, exp, limbs (2·⌈bits/64⌉ words)] — and is collected by the JS garbage collector like any array; a
 * vector is the images of its entries back to back. WebAssembly memory holds only a pool of preallocated mpfr_t
 * working variables ("slots", mpfr_init2 once, never freed), owned by this backend instance: a kernel copies its
 * operands' images into slots, runs a loop of low-level MPFR calls (mpfr_mul, mpfr_add, …) on them, and copies the
 * results out into a fresh image (small vectors are views into shared 8 KB slabs, see newVec). Nothing is allocated in
 * WebAssembly per operation, so a 10⁶-step run cannot grow the wasm heap (mpfr.test.ts measures it); the pool grows
 * only to the largest working set a kernel needed (8 fixed slots, plus c accumulators for gemv(A, x, true), A r×c).
 *
 * The precision word of every image is this backend's `bits`: a value of another mpfr:<q> is rejected in O(1) per
 * argument (first entry of a vector), as decimal.ts does for foreign Decimal contexts.
 */
import { checkNum } from './exact.js';
import { mpfrStatus, type MpfrBinding, type MpfrHot } from './mpfrInit.js';
import type { Backend, MapOp, Num } from './types.js';

/** A scalar: the Int32Array image of one MPFR value (branded so a vector is not taken for a scalar). */
export type MpfrScalar = Int32Array & { readonly __mpfr: 'scalar' };
/** A vector: the images of its entries back to back. */
export type MpfrVec = Int32Array & { readonly __mpfr: 'vector' };
/** Dense row-major matrix; `data` may be shared with a vector (reshape/flatten are views). */
export interface MpfrMat {
  readonly rows: number;
  readonly cols: number;
  readonly data: MpfrVec;
}
export interface Mpfr {
  S: MpfrScalar;
  V: MpfrVec;
  M: MpfrMat;
}

/** The MPFR backend; `bits` is its binary precision, `owns` tells whether a value has this precision. */
export interface MpfrBackend extends Backend<Mpfr> {
  readonly bits: number;
  owns(x: unknown): boolean;
  /** Working variables currently allocated in WebAssembly memory (for the memory test). */
  slotCount(): number;
}

/** Guard bits beyond ⌈p·log2 10⌉. */
export const MPFR_GUARD_BITS = 8;
/** Extra bits of the private precision used for softplus and sigmoid. */
const FN_GUARD_BITS = 64;
/** Smallest / largest precision `mpfrBackend` accepts (the registry narrows this to 10..1000). */
export const MPFR_MIN_DIGITS = 2;
export const MPFR_MAX_DIGITS = 100_000;

const RNDN = 0;
/** Words (int32) per slab of small kernel results (8 KB). */
const SLAB_WORDS = 2048;
// MPFR's special exponents (mpfr-impl.h: MPFR_EXP_ZERO = LONG_MIN + 1, _NAN = + 2, _INF = + 3; long is 32-bit here).
const EXP_ZERO = -2147483647;
const EXP_NAN = -2147483646;
const EXP_INF = -2147483645;

/** Binary precision for p decimal digits. */
export function mpfrBits(p: number): number {
  return Math.ceil(p * Math.log2(10)) + MPFR_GUARD_BITS;
}

const cache = new Map<number, MpfrBackend>();

/**
 * MPFR backend at p decimal digits (memoized per p). Throws a RangeError when p is not an integer in
 * [MPFR_MIN_DIGITS, MPFR_MAX_DIGITS], and an Error when MPFR is not loaded (`await initMpfr()` first).
 */
export function mpfrBackend(p: number): MpfrBackend {
  if (!Number.isInteger(p) || p < MPFR_MIN_DIGITS || p > MPFR_MAX_DIGITS) {
    throw new RangeError(
      `mpfrBackend: p = ${p} must be an integer number of digits in [${MPFR_MIN_DIGITS}, ${MPFR_MAX_DIGITS}]`,
    );
  }
  let B = cache.get(p);
  if (B === undefined) {
    const st = mpfrStatus();
    if (st.state === 'failed')
      throw new RangeError(`mpfr:${p} is unavailable: WebAssembly initialisation of MPFR failed (${st.reason})`);
    if (st.state !== 'ready')
      throw new Error(
        `mpfr:${p}: MPFR is not loaded; call \`await initMpfr()\` (src/numeric/mpfrInit.ts) before using the backend`,
      );
    B = makeMpfrBackend(p, st.binding, st.hot);
    cache.set(p, B);
  }
  return B;
}

function checkSame(n: number, m: number, what: string): void {
  if (n !== m) throw new RangeError(`${what}: dimension mismatch (${n} vs ${m})`);
}

/** Canonical decimal string of ±0.D × 10^e (D: digits without sign, trailing zeros allowed). */
function formatDecimal(neg: boolean, D: string, e: number): Num {
  const digits = D.replace(/0+$/, '');
  if (digits === '') return neg ? '-0' : '0';
  const sign = neg ? '-' : '';
  const lead = e - 1; // exponent of the first digit
  if (lead >= -7 && lead < 21) {
    if (e <= 0) return `${sign}0.${'0'.repeat(-e)}${digits}`;
    if (e >= digits.length) return `${sign}${digits}${'0'.repeat(e - digits.length)}`;
    return `${sign}${digits.slice(0, e)}.${digits.slice(e)}`;
  }
  const mant = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mant}e${lead < 0 ? '' : '+'}${lead}`;
}

function makeMpfrBackend(p: number, m: MpfrBinding, f: MpfrHot): MpfrBackend {
  const id = `mpfr:${p}`;
  const bits = mpfrBits(p);
  const LW = 2 * Math.ceil(bits / 64); // limb words per value
  const W = 3 + LW; // image words per value

  // ---- WebAssembly memory -------------------------------------------------------------------------------------------
  // The Int32Array view detaches when the wasm memory grows (inside any MPFR call that allocates); heap() re-creates
  // it.
  let H = new Int32Array(m.mem.buffer);
  const heap = (): Int32Array => (H.length !== 0 ? H : (H = new Int32Array(m.mem.buffer)));

  // ---- slots: preallocated mpfr_t working variables -----------------------------------------------------------------
  const ptr: number[] = []; // struct address (bytes), for MPFR calls
  const sw: number[] = []; // struct word index
  const dw: number[] = []; // limb word index
  const newVar = (prec: number): number => {
    const x = m.mpfr_t();
    m.mpfr_init2(x, prec);
    return x;
  };
  const ensure = (n: number): void => {
    while (ptr.length < n) {
      const x = newVar(bits);
      ptr.push(x);
      const h = heap();
      sw.push(x >> 2);
      dw.push(h[(x >> 2) + 3]! >> 2);
    }
  };
  // Fixed scalar slots 0..7; kernels use slots from VEC upward.
  const VEC = 8;
  ensure(VEC);
  const [S0, S1, S2, S3, S4] = [0, 1, 2, 3, 4];
  const P = (k: number): number => ptr[k]!;
  // Private variables at bits + FN_GUARD_BITS (softplus, sigmoid) and a 64-bit one for huge integer exponents.
  const G0 = newVar(bits + FN_GUARD_BITS);
  const G1 = newVar(bits + FN_GUARD_BITS);
  const I64 = newVar(64);
  const ndigits = m.mpfr_get_str_ndigits(10, bits);
  const strBuf = m.malloc(ndigits + 16);
  const expPtr = m.malloc(8);

  /** Copy entry `o` (word offset) of image `src` into slot k. */
  const load = (src: Int32Array, o: number, k: number): void => {
    const h = heap();
    const s = sw[k]!;
    const d = dw[k]!;
    h[s + 1] = src[o + 1]!;
    h[s + 2] = src[o + 2]!;
    for (let j = 0; j < LW; j++) h[d + j] = src[o + 3 + j]!;
  };
  /** Copy slot k into entry `o` of image `dst`. */
  const store = (k: number, dst: Int32Array, o: number): void => {
    const h = heap();
    const s = sw[k]!;
    const d = dw[k]!;
    dst[o] = bits;
    dst[o + 1] = h[s + 1]!;
    dst[o + 2] = h[s + 2]!;
    for (let j = 0; j < LW; j++) dst[o + 3 + j] = h[d + j]!;
  };
  const scalarOf = (k: number): MpfrScalar => {
    const out = new Int32Array(W);
    store(k, out, 0);
    return out as MpfrScalar;
  };
  // Kernel results up to SLAB_WORDS/4 words are views into shared 8 KB slabs: a typed array above 64 bytes otherwise
  // gets its own off-heap buffer (~0.5 µs, as much as 8 MPFR multiplications at 50 digits). A slab is freed by the GC
  // once no view into it is alive, so a retained vector keeps at most one 8 KB slab alive.
  let slab = new ArrayBuffer(0);
  let slabUsed = 0;
  const newVec = (n: number): MpfrVec => {
    const words = n * W;
    if (words > SLAB_WORDS / 4) return new Int32Array(words) as MpfrVec;
    if (slabUsed + words > slab.byteLength / 4) {
      slab = new ArrayBuffer(SLAB_WORDS * 4);
      slabUsed = 0;
    }
    const v = new Int32Array(slab, slabUsed * 4, words);
    slabUsed += words;
    return v as MpfrVec;
  };
  const dimOf = (x: Int32Array): number => x.length / W;

  // ---- ownership
  // ------------------------------------------------------------------------------------------------------
  const foreign = (x: unknown, where: string): never => {
    if (x instanceof Int32Array) {
      throw new TypeError(
        `${id} ${where}: a value of another precision (${x[0]} bits, this backend has ${bits}) entered this backend; ` +
          `values cross backends only as strings: B.num(other.show(x))`,
      );
    }
    throw new TypeError(`${id} ${where}: expected a value of this backend, got ${typeof x} ${String(x)}`);
  };
  const own = (x: MpfrScalar, where: string): MpfrScalar => {
    if (!(x instanceof Int32Array) || x.length !== W || x[0] !== bits) foreign(x, where);
    return x;
  };
  const ownV = (x: MpfrVec, where: string): MpfrVec => {
    if (!(x instanceof Int32Array) || x.length % W !== 0 || (x.length > 0 && x[0] !== bits)) foreign(x, where);
    return x;
  };
  const ownM = (A: MpfrMat, where: string): MpfrMat => {
    ownV(A.data, where);
    return A;
  };
  const owns = (x: unknown): boolean => {
    const allBits = (v: Int32Array): boolean => {
      if (v.length % W !== 0) return false;
      for (let o = 0; o < v.length; o += W) if (v[o] !== bits) return false;
      return true;
    };
    if (x instanceof Int32Array) return allBits(x);
    if (x !== null && typeof x === 'object' && 'data' in x && (x as MpfrMat).data instanceof Int32Array)
      return allBits((x as MpfrMat).data);
    return false;
  };

  // ---- image-level predicates (no wasm call) -----------------------------------------------------------------------
  const isNaNAt = (x: Int32Array, o: number): boolean => x[o + 2] === EXP_NAN;
  const isFiniteAt = (x: Int32Array, o: number): boolean => x[o + 2] !== EXP_NAN && x[o + 2] !== EXP_INF;
  const isPosAt = (x: Int32Array, o: number): boolean => x[o + 2] !== EXP_NAN && x[o + 2] !== EXP_ZERO && x[o + 1]! > 0;
  const isNegAt = (x: Int32Array, o: number): boolean => x[o + 2] !== EXP_NAN && x[o + 2] !== EXP_ZERO && x[o + 1]! < 0;

  // ---- constants
  // --------------------------------------------------------------------------------------------------------
  const fromSet = (set: (x: number) => void): MpfrScalar => {
    set(P(S0));
    return scalarOf(S0);
  };
  const zero = fromSet((x) => f.set_zero(x, 1));
  const one = fromSet((x) => m.mpfr_set_si(x, 1, RNDN));
  const minusOne = fromSet((x) => m.mpfr_set_si(x, -1, RNDN));
  const eps = fromSet((x) => {
    m.mpfr_set_si(x, 1, RNDN);
    f.mul_2si(x, x, -bits, RNDN);
  });
  const copyEntry = (src: Int32Array, so: number, dst: Int32Array, o: number): void => {
    for (let j = 0; j < W; j++) dst[o + j] = src[so + j]!;
  };

  // ---- exact I/O
  // ------------------------------------------------------------------------------------------------------
  const num = (x: Num): MpfrScalar => {
    checkNum(x, `${id} num`);
    const r = P(S0);
    if (x === 'NaN') m.mpfr_set_nan(r);
    else if (x === 'Infinity' || x === '+Infinity') m.mpfr_set_inf(r, 1);
    else if (x === '-Infinity') m.mpfr_set_inf(r, -1);
    else {
      const s = m.malloc_cstr(x);
      const bad = m.mpfr_set_str(r, s, 10, RNDN);
      m.free(s);
      if (bad !== 0) throw new RangeError(`${id} num: MPFR could not parse ${JSON.stringify(x)}`);
    }
    return scalarOf(S0);
  };
  /**
   * Significant digits D (with a leading '-' when negative) and exponent e of slot k rounded to n digits: ±0.D·10^e.
   */
  const digitsOf = (k: number, n: number): [string, number] => {
    m.mpfr_get_str(strBuf, expPtr, 10, n, P(k), RNDN);
    const mem = m.mem;
    const s = new TextDecoder().decode(mem.subarray(strBuf, mem.indexOf(0, strBuf)));
    return [s, new Int32Array(mem.buffer, expPtr, 1)[0]!];
  };
  // The shortest of p, p + 1, …, ndigits significant digits that reads back to the identical value (ndigits =
  // mpfr_get_str_ndigits(10, bits) always does): "0.1" prints as 0.1, not as its 54-digit binary neighbour.
  const showAt = (x: Int32Array, o: number): Num => {
    const e = x[o + 2]!;
    if (e === EXP_NAN) return 'NaN';
    if (e === EXP_INF) return x[o + 1]! < 0 ? '-Infinity' : 'Infinity';
    if (e === EXP_ZERO) return x[o + 1]! < 0 ? '-0' : '0';
    load(x, o, S0);
    let [s, exp10] = digitsOf(S0, ndigits);
    for (let n = Math.min(p, ndigits); n < ndigits; n++) {
      const [t, te] = digitsOf(S0, n);
      const neg = t.startsWith('-');
      const c = m.malloc_cstr(`${neg ? '-' : ''}0.${neg ? t.slice(1) : t}e${te}`);
      f.set_zero(P(S1), 1);
      m.mpfr_set_str(P(S1), c, 10, RNDN);
      m.free(c);
      if (f.cmp(P(S0), P(S1)) === 0) {
        [s, exp10] = [t, te];
        break;
      }
    }
    const neg = s.startsWith('-');
    return formatDecimal(neg, neg ? s.slice(1) : s, exp10);
  };
  const toNumberAt = (x: Int32Array, o: number): number => {
    load(x, o, S0);
    return m.mpfr_get_d(P(S0), RNDN);
  };

  // ---- elementwise functions: (out slot, in slot)
  // ---------------------------------------------------------------------
  type Fn1 = (r: number, a: number) => void;
  const sigmoidInto: Fn1 = (r, a) => {
    // x ≥ 0: 1/(1 + e^{−x}); x < 0: e^x/(1 + e^x): e^{±x} never overflows. Inner steps at bits + 64, one final
    // rounding.
    if (f.sgn(a) >= 0 || f.nan_p(a) !== 0) {
      f.neg(G0, a, RNDN);
      f.exp(G0, G0, RNDN);
      f.add_ui(G0, G0, 1, RNDN);
      f.ui_div(r, 1, G0, RNDN);
    } else {
      f.exp(G0, a, RNDN);
      f.add_ui(G1, G0, 1, RNDN);
      f.div(r, G0, G1, RNDN);
    }
  };
  const softplusInto: Fn1 = (r, a) => {
    // softplus(x) = max(x, 0) + log1p(e^{−|x|}): no overflow for large x, no cancellation for x ≪ 0.
    if (f.nan_p(a) !== 0) {
      m.mpfr_set_nan(r);
      return;
    }
    f.abs(G0, a, RNDN);
    f.neg(G0, G0, RNDN);
    f.exp(G0, G0, RNDN);
    f.log1p(G0, G0, RNDN);
    if (f.sgn(a) > 0) f.add(r, a, G0, RNDN);
    else f.set(r, G0, RNDN);
  };
  const fn1 = (op: MapOp): Fn1 => {
    switch (op) {
      case 'neg':
        return (r, a) => void f.neg(r, a, RNDN);
      case 'abs':
        return (r, a) => void f.abs(r, a, RNDN);
      case 'square':
        return (r, a) => void f.sqr(r, a, RNDN);
      case 'sqrt':
        return (r, a) => void f.sqrt(r, a, RNDN);
      case 'recip':
        return (r, a) => void f.ui_div(r, 1, a, RNDN);
      case 'exp':
        return (r, a) => void f.exp(r, a, RNDN);
      case 'log':
        return (r, a) => void f.log(r, a, RNDN);
      case 'log1p':
        return (r, a) => void f.log1p(r, a, RNDN);
      case 'expm1':
        return (r, a) => void f.expm1(r, a, RNDN);
      case 'softplus':
        return softplusInto;
      case 'sigmoid':
        return sigmoidInto;
      default:
        throw new RangeError(`${id} map: unknown op ${JSON.stringify(op)} (see MAP_OPS in numeric/types.ts)`);
    }
  };
  /** relu, step, sign: decided on the image (x > 0 is false for NaN, as in dec and f64). */
  const imageFn = (op: MapOp): ((x: Int32Array, o: number, dst: Int32Array, d: number) => void) | null => {
    switch (op) {
      case 'relu':
        return (x, o, dst, d) => copyEntry(isPosAt(x, o) ? x : zero, isPosAt(x, o) ? o : 0, dst, d);
      case 'step':
        return (x, o, dst, d) => copyEntry(isPosAt(x, o) ? one : zero, 0, dst, d);
      case 'sign':
        return (x, o, dst, d) => copyEntry(isPosAt(x, o) ? one : isNegAt(x, o) ? minusOne : zero, 0, dst, d);
      default:
        return null;
    }
  };
  const fns = new Map<MapOp, (x: Int32Array, o: number, dst: Int32Array, d: number) => void>();
  const entryFn = (op: MapOp): ((x: Int32Array, o: number, dst: Int32Array, d: number) => void) => {
    let f = fns.get(op);
    if (f === undefined) {
      const g = imageFn(op);
      if (g !== null) f = g;
      else {
        const h = fn1(op);
        f = (x, o, dst, d) => {
          load(x, o, S0);
          h(P(S1), P(S0));
          store(S1, dst, d);
        };
      }
      fns.set(op, f);
    }
    return f;
  };
  const scalarFn = (op: MapOp, a: MpfrScalar): MpfrScalar => {
    const out = new Int32Array(W);
    entryFn(op)(a, 0, out, 0);
    return out as MpfrScalar;
  };

  // ---- scalar field
  // -----------------------------------------------------------------------------------------------------
  type Op2 = (r: number, a: number, b: number, rnd: number) => number;
  const bin = (f: Op2, a: MpfrScalar, b: MpfrScalar): MpfrScalar => {
    load(a, 0, S0);
    load(b, 0, S1);
    f(P(S2), P(S0), P(S1), RNDN);
    return scalarOf(S2);
  };
  const add: Op2 = (r, a, b, rnd) => f.add(r, a, b, rnd);
  const sub: Op2 = (r, a, b, rnd) => f.sub(r, a, b, rnd);
  const mul: Op2 = (r, a, b, rnd) => f.mul(r, a, b, rnd);
  const div: Op2 = (r, a, b, rnd) => f.div(r, a, b, rnd);
  const cmp2 = (a: MpfrScalar, b: MpfrScalar): -1 | 0 | 1 => {
    if (isNaNAt(a, 0) || isNaNAt(b, 0)) return 0; // NaN compares as 0, like f64's (a < b ? -1 : a > b ? 1 : 0)
    load(a, 0, S0);
    load(b, 0, S1);
    const c = f.cmp(P(S0), P(S1));
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  };

  // ---- vector kernels
  // ---------------------------------------------------------------------------------------------------
  const zipWith = (f: Op2, x: MpfrVec, y: MpfrVec, where: string): MpfrVec => {
    ownV(x, where);
    ownV(y, where);
    checkSame(x.length, y.length, `${id} ${where}`);
    const z = newVec(dimOf(x));
    for (let o = 0; o < x.length; o += W) {
      load(x, o, S0);
      load(y, o, S1);
      f(P(S2), P(S0), P(S1), RNDN);
      store(S2, z, o);
    }
    return z;
  };
  /** Σ x_i y_i left to right from +0, into slot `acc` (the naive loop: round each product, then each sum). */
  const dotInto = (
    acc: number,
    x: Int32Array,
    xo: number,
    xs: number,
    y: Int32Array,
    yo: number,
    ys: number,
    n: number,
  ): void => {
    f.set_zero(P(acc), 1);
    for (let i = 0; i < n; i++) {
      load(x, xo + i * xs, S0);
      load(y, yo + i * ys, S1);
      f.mul(P(S2), P(S0), P(S1), RNDN);
      f.add(P(acc), P(acc), P(S2), RNDN);
    }
  };

  const checkIndex = (i: number, n: number, where: string): void => {
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`${where}: index ${i} out of range [0, ${n})`);
  };
  const checkSize = (n: number, where: string): void => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${where}: size ${n} must be a non-negative integer`);
  };
  const fillVec = (n: number, v: MpfrScalar): MpfrVec => {
    const z = newVec(n);
    for (let o = 0; o < z.length; o += W) copyEntry(v, 0, z, o);
    return z;
  };
  const mk = (rows: number, cols: number, data: MpfrVec): MpfrMat => ({ rows, cols, data });
  const entry = (x: Int32Array, i: number): MpfrScalar => x.slice(i * W, (i + 1) * W) as MpfrScalar;

  const B: MpfrBackend = {
    id,
    digits: p,
    bits,
    eps,
    zero,
    one,
    owns,
    slotCount: () => ptr.length,

    num,
    int: (n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`${id} int: ${n} is not a safe integer`);
      m.mpfr_set_d(P(S0), n, RNDN); // n is exact in the double; one rounding to bits
      return scalarOf(S0);
    },
    show: (x) => showAt(own(x, 'show'), 0),
    toNumber: (x) => toNumberAt(own(x, 'toNumber'), 0),
    fromDouble: (x) => {
      m.mpfr_set_d(P(S0), x, RNDN);
      return scalarOf(S0);
    },

    add: (a, b) => bin(add, own(a, 'add'), own(b, 'add')),
    sub: (a, b) => bin(sub, own(a, 'sub'), own(b, 'sub')),
    mul: (a, b) => bin(mul, own(a, 'mul'), own(b, 'mul')),
    div: (a, b) => bin(div, own(a, 'div'), own(b, 'div')),
    neg: (a) => scalarFn('neg', own(a, 'neg')),
    abs: (a) => scalarFn('abs', own(a, 'abs')),
    sqrt: (a) => scalarFn('sqrt', own(a, 'sqrt')),
    exp: (a) => scalarFn('exp', own(a, 'exp')),
    log: (a) => scalarFn('log', own(a, 'log')),
    log1p: (a) => scalarFn('log1p', own(a, 'log1p')),
    fn: (op, a) => scalarFn(op, own(a, `fn(${op})`)),
    powi: (a, n) => {
      if (!Number.isSafeInteger(n)) throw new RangeError(`${id} powi: exponent ${n} is not a safe integer`);
      load(own(a, 'powi'), 0, S0);
      if (Math.abs(n) < 2 ** 31) m.mpfr_pow_si(P(S1), P(S0), n, RNDN);
      else {
        m.mpfr_set_d(I64, n, RNDN); // exact: |n| < 2^53 fits 64 bits
        m.mpfr_pow(P(S1), P(S0), I64, RNDN);
      }
      return scalarOf(S1);
    },
    cmp: (a, b) => cmp2(own(a, 'cmp'), own(b, 'cmp')),
    min: (a, b) => (cmp2(own(a, 'min'), own(b, 'min')) < 0 ? a : b),
    max: (a, b) => (cmp2(own(a, 'max'), own(b, 'max')) > 0 ? a : b),
    isFinite: (a) => isFiniteAt(own(a, 'isFinite'), 0),
    isZero: (a) => own(a, 'isZero')[2] === EXP_ZERO,

    vec: (xs) => {
      const z = newVec(xs.length);
      xs.forEach((x, i) => copyEntry(num(x), 0, z, i * W));
      return z;
    },
    vshow: (x) => {
      ownV(x, 'vshow');
      const out: Num[] = [];
      for (let o = 0; o < x.length; o += W) out.push(showAt(x, o));
      return out;
    },
    pack: (xs) => {
      const z = newVec(xs.length);
      xs.forEach((v, i) => copyEntry(own(v, 'pack'), 0, z, i * W));
      return z;
    },
    unpack: (x) => {
      ownV(x, 'unpack');
      return Array.from({ length: dimOf(x) }, (_, i) => entry(x, i));
    },
    dim: (x) => dimOf(x),
    at: (x, i) => {
      checkIndex(i, dimOf(x), `${id} at`);
      return entry(x, i);
    },
    with: (x, i, v) => {
      checkIndex(i, dimOf(x), `${id} with`);
      own(v, 'with');
      const y = x.slice() as MpfrVec;
      copyEntry(v, 0, y, i * W);
      return y;
    },
    zeros: (n) => {
      checkSize(n, `${id} zeros`);
      return fillVec(n, zero);
    },
    fill: (n, v) => {
      checkSize(n, `${id} fill`);
      return fillVec(n, own(v, 'fill'));
    },
    basis: (n, i) => {
      checkIndex(i, n, `${id} basis`);
      const e = fillVec(n, zero);
      copyEntry(one, 0, e, i * W);
      return e;
    },
    concat: (xs) => {
      let len = 0;
      for (const x of xs) len += ownV(x, 'concat').length;
      const z = new Int32Array(len) as MpfrVec;
      let o = 0;
      for (const x of xs) {
        z.set(x, o);
        o += x.length;
      }
      return z;
    },
    slice: (x, s, e) => {
      const n = dimOf(ownV(x, 'slice'));
      // Array.prototype.slice semantics (negative and out-of-range bounds), on entries.
      const norm = (k: number | undefined, dflt: number): number => {
        if (k === undefined) return dflt;
        return k < 0 ? Math.max(n + k, 0) : Math.min(k, n);
      };
      const a = norm(s, 0);
      const b = norm(e, n);
      return x.slice(a * W, Math.max(a, b) * W) as MpfrVec;
    },
    toNumbers: (x) => {
      ownV(x, 'toNumbers');
      const out = new Float64Array(dimOf(x));
      for (let i = 0; i < out.length; i++) out[i] = toNumberAt(x, i * W);
      return out;
    },

    axpy: (a, x, y) => {
      own(a, 'axpy');
      ownV(x, 'axpy');
      ownV(y, 'axpy');
      checkSame(dimOf(x), dimOf(y), `${id} axpy`);
      const z = newVec(dimOf(x));
      load(a, 0, S3);
      for (let o = 0; o < x.length; o += W) {
        load(x, o, S0);
        f.mul(P(S2), P(S3), P(S0), RNDN);
        load(y, o, S1);
        f.add(P(S2), P(S2), P(S1), RNDN);
        store(S2, z, o);
      }
      return z;
    },
    scal: (a, x) => {
      own(a, 'scal');
      ownV(x, 'scal');
      const z = newVec(dimOf(x));
      load(a, 0, S3);
      for (let o = 0; o < x.length; o += W) {
        load(x, o, S0);
        f.mul(P(S2), P(S3), P(S0), RNDN);
        store(S2, z, o);
      }
      return z;
    },
    vadd: (x, y) => zipWith(add, x, y, 'vadd'),
    vsub: (x, y) => zipWith(sub, x, y, 'vsub'),
    vmul: (x, y) => zipWith(mul, x, y, 'vmul'),
    vdiv: (x, y) => zipWith(div, x, y, 'vdiv'),
    vshift: (x, a) => {
      own(a, 'vshift');
      ownV(x, 'vshift');
      const z = newVec(dimOf(x));
      load(a, 0, S3);
      for (let o = 0; o < x.length; o += W) {
        load(x, o, S0);
        f.add(P(S2), P(S0), P(S3), RNDN);
        store(S2, z, o);
      }
      return z;
    },
    dot: (x, y) => {
      ownV(x, 'dot');
      ownV(y, 'dot');
      checkSame(dimOf(x), dimOf(y), `${id} dot`);
      dotInto(S4, x, 0, W, y, 0, W, dimOf(x));
      return scalarOf(S4);
    },
    nrm2: (x) => {
      ownV(x, 'nrm2');
      // Squares overflow (or underflow) only beyond 2^(±2^29); there, scale by an exact power of two first.
      let emax = -Infinity;
      for (let o = 0; o < x.length; o += W) {
        if (!isFiniteAt(x, o)) {
          load(x, o, S0);
          f.abs(P(S0), P(S0), RNDN);
          return scalarOf(S0);
        }
        if (x[o + 2] !== EXP_ZERO && x[o + 2]! > emax) emax = x[o + 2]!;
      }
      if (emax === -Infinity) return zero;
      const shift = Math.abs(emax) > 2 ** 28 ? -emax : 0;
      f.set_zero(P(S4), 1);
      for (let o = 0; o < x.length; o += W) {
        load(x, o, S0);
        if (shift !== 0) f.mul_2si(P(S0), P(S0), shift, RNDN);
        f.sqr(P(S2), P(S0), RNDN);
        f.add(P(S4), P(S4), P(S2), RNDN);
      }
      f.sqrt(P(S4), P(S4), RNDN);
      if (shift !== 0) f.mul_2si(P(S4), P(S4), -shift, RNDN);
      return scalarOf(S4);
    },
    sum: (x) => {
      ownV(x, 'sum');
      f.set_zero(P(S4), 1);
      for (let o = 0; o < x.length; o += W) {
        load(x, o, S0);
        f.add(P(S4), P(S4), P(S0), RNDN);
      }
      return scalarOf(S4);
    },
    amax: (x) => {
      ownV(x, 'amax');
      f.set_zero(P(S4), 1);
      for (let o = 0; o < x.length; o += W) {
        if (isNaNAt(x, o)) return entry(x, o / W);
        load(x, o, S0);
        if (f.cmpabs(P(S0), P(S4)) > 0) f.abs(P(S4), P(S0), RNDN);
      }
      return scalarOf(S4);
    },
    map: (op, x) => {
      const f = entryFn(op);
      ownV(x, `map(${op})`);
      const z = newVec(dimOf(x));
      for (let o = 0; o < x.length; o += W) f(x, o, z, o);
      return z;
    },
    allFinite: (x) => {
      ownV(x, 'allFinite');
      for (let o = 0; o < x.length; o += W) if (!isFiniteAt(x, o)) return false;
      return true;
    },

    mat: (rows) => {
      const r = rows.length;
      const c = r === 0 ? 0 : rows[0]!.length;
      const data = newVec(r * c);
      rows.forEach((row, i) => {
        if (row.length !== c) throw new RangeError(`${id} mat: row ${i} has ${row.length} entries, expected ${c}`);
        row.forEach((x, j) => copyEntry(num(x), 0, data, (i * c + j) * W));
      });
      return mk(r, c, data);
    },
    mshow: (A) => {
      ownM(A, 'mshow');
      return Array.from({ length: A.rows }, (_, i) =>
        Array.from({ length: A.cols }, (__, j) => showAt(A.data, (i * A.cols + j) * W)),
      );
    },
    rows: (A) => A.rows,
    cols: (A) => A.cols,
    mget: (A, i, j) => {
      checkIndex(i, A.rows, `${id} mget(row)`);
      checkIndex(j, A.cols, `${id} mget(col)`);
      return entry(A.data, i * A.cols + j);
    },
    reshape: (x, r, c) => {
      // ownership first: the length of another precision's image is not a count of this backend's entries
      ownV(x, 'reshape');
      if (dimOf(x) !== r * c) throw new RangeError(`${id} reshape: length ${dimOf(x)} is not ${r}×${c}`);
      return mk(r, c, x);
    },
    flatten: (A) => A.data,
    mzeros: (r, c) => {
      checkSize(r, `${id} mzeros`);
      checkSize(c, `${id} mzeros`);
      return mk(r, c, fillVec(r * c, zero));
    },
    eye: (n) => {
      checkSize(n, `${id} eye`);
      const d = fillVec(n * n, zero);
      for (let i = 0; i < n; i++) copyEntry(one, 0, d, (i * n + i) * W);
      return mk(n, n, d);
    },
    diag: (x) => {
      ownV(x, 'diag');
      const n = dimOf(x);
      const d = fillVec(n * n, zero);
      for (let i = 0; i < n; i++) copyEntry(x, i * W, d, (i * n + i) * W);
      return mk(n, n, d);
    },
    row: (A, i) => {
      checkIndex(i, A.rows, `${id} row`);
      return A.data.slice(i * A.cols * W, (i + 1) * A.cols * W) as MpfrVec;
    },
    col: (A, j) => {
      checkIndex(j, A.cols, `${id} col`);
      const z = newVec(A.rows);
      for (let i = 0; i < A.rows; i++) copyEntry(A.data, (i * A.cols + j) * W, z, i * W);
      return z;
    },
    transpose: (A) => {
      const { rows: r, cols: c, data } = ownM(A, 'transpose');
      const t = newVec(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) copyEntry(data, (i * c + j) * W, t, (j * r + i) * W);
      return mk(c, r, t);
    },
    gemv: (A, x, trans = false) => {
      const { rows: r, cols: c, data } = ownM(A, 'gemv');
      ownV(x, 'gemv');
      if (!trans) {
        checkSame(c, dimOf(x), `${id} gemv`);
        const y = newVec(r);
        for (let i = 0; i < r; i++) {
          dotInto(S4, data, i * c * W, W, x, 0, W, c);
          store(S4, y, i * W);
        }
        return y;
      }
      // Aᵀx: y_j = Σ_i A_ij x_i summed over ascending i from +0, exactly as gemv(transpose(A), x) does.
      checkSame(r, dimOf(x), `${id} gemv(trans)`);
      ensure(VEC + c);
      for (let j = 0; j < c; j++) f.set_zero(P(VEC + j), 1);
      for (let i = 0; i < r; i++) {
        load(x, i * W, S1);
        for (let j = 0; j < c; j++) {
          load(data, (i * c + j) * W, S0);
          f.mul(P(S2), P(S0), P(S1), RNDN);
          f.add(P(VEC + j), P(VEC + j), P(S2), RNDN);
        }
      }
      const y = newVec(c);
      for (let j = 0; j < c; j++) store(VEC + j, y, j * W);
      return y;
    },
    gemm: (A, Bm, transA = false, transB = false) => {
      ownM(A, 'gemm');
      ownM(Bm, 'gemm');
      const mm = transA ? A.cols : A.rows;
      const k = transA ? A.rows : A.cols;
      const k2 = transB ? Bm.cols : Bm.rows;
      const n = transB ? Bm.rows : Bm.cols;
      checkSame(k, k2, `${id} gemm`);
      // Strides (in entries) so that op(A)_il = a[i·ai + l·al] and op(B)_lj = b[l·bl + j·bj].
      const ai = transA ? 1 : A.cols;
      const al = transA ? A.cols : 1;
      const bl = transB ? 1 : Bm.cols;
      const bj = transB ? Bm.cols : 1;
      const out = newVec(mm * n);
      for (let i = 0; i < mm; i++) {
        for (let j = 0; j < n; j++) {
          dotInto(S4, A.data, i * ai * W, al * W, Bm.data, j * bj * W, bl * W, k);
          store(S4, out, (i * n + j) * W);
        }
      }
      return mk(mm, n, out);
    },
    ger: (x, y) => {
      ownV(x, 'ger');
      ownV(y, 'ger');
      const nx = dimOf(x);
      const ny = dimOf(y);
      const out = newVec(nx * ny);
      for (let i = 0; i < nx; i++) {
        load(x, i * W, S1);
        for (let j = 0; j < ny; j++) {
          load(y, j * W, S0);
          f.mul(P(S2), P(S1), P(S0), RNDN);
          store(S2, out, (i * ny + j) * W);
        }
      }
      return mk(nx, ny, out);
    },
  };
  return B;
}
