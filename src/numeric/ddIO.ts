/**
 * Exact decimal I/O for double-double pairs (hi, lo), all in exact BigInt rational arithmetic:
 * `ddParse` rounds a decimal literal to the pair (hi = nearest double, lo = double nearest to exact − hi),
 * `ddShow` prints a string that `ddParse` reads back to the same pair, `ddExactDecimal` prints hi + lo exactly.
 */
import { checkNum, decomposeDouble } from './exact.js';
import type { Num } from './types.js';

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** 2^e exactly, for integer e ∈ [−1074, 1023] (built from bits: no reliance on Math.pow being exact). */
export function pow2(e: number): number {
  if (e > 1023) return Infinity;
  if (e < -1074) return 0;
  U64[0] = e >= -1022 ? BigInt(e + 1023) << 52n : 1n << BigInt(e + 1074);
  return F64[0]!;
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** The double nearest to n/d (ties to even), d > 0, including subnormals, overflow to ±Infinity and −0 for n = 0⁻. */
export function ratToDouble(n: bigint, d: bigint): number {
  if (n === 0n) return 0;
  const neg = n < 0n;
  if (neg) n = -n;
  // n·2^s/d ∈ [2^53, 2^55): at least 54 bits of quotient, the remainder is the sticky bit.
  const s = 54 - (bitLength(n) - bitLength(d));
  const num = s >= 0 ? n << BigInt(s) : n;
  const den = s >= 0 ? d : d << BigInt(-s);
  const q = num / den;
  const sticky = num % den !== 0n;
  // Keep 53 bits, or fewer when the lsb would fall below 2^-1074 (subnormal result).
  const drop = Math.max(bitLength(q) - 53, s - 1074);
  const dropN = BigInt(drop);
  let m = q >> dropN;
  const rest = q & ((1n << dropN) - 1n);
  const half = 1n << (dropN - 1n);
  if (rest > half || (rest === half && (sticky || (m & 1n) === 1n))) m += 1n;
  // m ≤ 2^53 is exact as a double; m·2^(drop−s) is representable (or overflows, which is the correct rounding).
  const e = drop - s;
  let x = Number(m);
  if (e > 1023) x = x * pow2(1023) * pow2(e - 1023);
  else x *= pow2(e);
  return neg ? -x : x;
}

/** An exact decimal literal as a rational n/d (d > 0), or null when its magnitude is far outside the double range. */
function parseRational(x: Num): { n: bigint; d: bigint } | 'huge' | 'tiny' {
  const m = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/.exec(x)!;
  const sign = m[1] === '-' ? -1n : 1n;
  const intDigits = m[2] ?? '';
  const fracDigits = m[3] ?? '';
  const digits = (intDigits + fracDigits).replace(/^0+/, '');
  if (digits === '') return { n: 0n, d: 1n };
  const exp = Number(m[4] ?? '0') - fracDigits.length; // value = digits·10^exp
  // Position of the leading digit: value ∈ [10^lead, 10^(lead+1)). Doubles live in [4.9e-324, 1.8e308].
  const lead = exp + digits.length - 1;
  if (lead > 400) return 'huge';
  if (lead < -400) return 'tiny';
  const D = BigInt(digits) * sign;
  return exp >= 0 ? { n: D * 10n ** BigInt(exp), d: 1n } : { n: D, d: 10n ** BigInt(-exp) };
}

/** Exact value of a finite double as a rational with a power-of-two denominator: m / 2^k. */
function doubleAsDyadic(x: number): { m: bigint; k: number } {
  if (x === 0) return { m: 0n, k: 0 };
  const { mantissa, exponent } = decomposeDouble(x);
  return exponent >= 0 ? { m: mantissa << BigInt(exponent), k: 0 } : { m: mantissa, k: -exponent };
}

/**
 * The rational n/d (d > 0) rounded to `parts` non-overlapping doubles, each the double nearest to what the previous
 * ones leave: parts = 2 gives the correctly rounded double-double pair, parts = 3 a triple-word constant (ln 2 for
 * exp/log argument reduction).
 */
export function ratToDoubles(n: bigint, d: bigint, parts: number): number[] {
  const out: number[] = [];
  let num = n;
  let den = d;
  for (let i = 0; i < parts; i++) {
    const x = ratToDouble(num, den);
    out.push(x === 0 ? 0 : x);
    if (!Number.isFinite(x) || x === 0) {
      while (out.length < parts) out.push(0);
      break;
    }
    // num/den − m/2^k = (num·2^k − m·den) / (den·2^k)
    const { m, k } = doubleAsDyadic(x);
    const K = BigInt(k);
    num = (num << K) - m * den;
    den = den << K;
  }
  return out;
}

/**
 * Parse an exact decimal literal to the double-double pair nearest to it: hi = Number(x) (correctly rounded by JS),
 * lo = the double nearest to (x − hi), computed exactly. Throws a RangeError naming the string if it is not a literal.
 */
export function ddParse(x: Num, where = 'num'): { hi: number; lo: number } {
  checkNum(x, where);
  const hi = Number(x);
  if (!Number.isFinite(hi) || hi === 0) return { hi, lo: 0 };
  const r = parseRational(x);
  if (r === 'huge' || r === 'tiny') return { hi, lo: 0 }; // unreachable for finite nonzero hi; kept for safety
  // x − hi = n/d − m/2^k = (n·2^k − m·d) / (d·2^k)
  // x − hi = n/d − m/2^k = (n·2^k − m·d) / (d·2^k), rounded once.
  const { m, k } = doubleAsDyadic(hi);
  const K = BigInt(k);
  const lo = ratToDouble((r.n << K) - m * r.d, r.d << K);
  return { hi, lo: lo === 0 ? 0 : lo };
}

/** Exact value of hi + lo as a decimal digit string D and scale F: hi + lo = D·10^−F (D a signed BigInt). */
function exactScaled(hi: number, lo: number): { D: bigint; F: number } {
  const a = doubleAsDyadic(hi);
  const b = doubleAsDyadic(lo);
  const k = Math.max(a.k, b.k);
  const M = (a.m << BigInt(k - a.k)) + (b.m << BigInt(k - b.k)); // (hi + lo) = M / 2^k = M·5^k / 10^k
  return { D: M * 5n ** BigInt(k), F: k };
}

/** Decimal literal for sign·0.d1d2…·10^… given significant digits and the exponent of the first digit. */
function formatDigits(neg: boolean, digits: string, exp10: number): string {
  const ds = digits.replace(/0+$/, '') || '0';
  const sign = neg ? '-' : '';
  if (exp10 >= -7 && exp10 < 21) {
    if (exp10 < 0) return `${sign}0.${'0'.repeat(-exp10 - 1)}${ds}`;
    if (ds.length <= exp10 + 1) return `${sign}${ds}${'0'.repeat(exp10 + 1 - ds.length)}`;
    return `${sign}${ds.slice(0, exp10 + 1)}.${ds.slice(exp10 + 1)}`;
  }
  const mant = ds.length > 1 ? `${ds[0]}.${ds.slice(1)}` : ds;
  return `${sign}${mant}e${exp10 >= 0 ? '+' : ''}${exp10}`;
}

/** The exact decimal value of hi + lo (finite pair), e.g. for feeding a dd value to a decimal reference exactly. */
export function ddExactDecimal(hi: number, lo: number): Num {
  if (!Number.isFinite(hi)) return String(hi);
  if (hi === 0 && lo === 0) return Object.is(hi, -0) ? '-0' : '0';
  const { D, F } = exactScaled(hi, lo);
  const neg = D < 0n;
  const s = (neg ? -D : D).toString();
  return formatDigits(neg, s, s.length - 1 - F);
}

/**
 * A literal that `ddParse` reads back to exactly (hi, lo): the shortest rounding to ≤ 40 significant digits that
 * round-trips (so num("0.1") shows as "0.1"), else the exact decimal value of hi + lo (always round-trips when
 * fl(hi + lo) = hi, which every normalised pair satisfies).
 */
export function ddShow(hi: number, lo: number): Num {
  if (Number.isNaN(hi) || Number.isNaN(lo)) return 'NaN';
  if (!Number.isFinite(hi)) return hi > 0 ? 'Infinity' : '-Infinity';
  if (hi === 0 && lo === 0) return Object.is(hi, -0) ? '-0' : '0';
  const { D, F } = exactScaled(hi, lo);
  const neg = D < 0n;
  const s = (neg ? -D : D).toString();
  const exp10 = s.length - 1 - F;
  for (let n = 1; n <= 40 && n < s.length; n++) {
    // round the digit string to n significant digits, half up
    let head = BigInt(s.slice(0, n));
    if (s.charCodeAt(n) >= 53 /* '5' */) head += 1n;
    let hs = head.toString();
    let e = exp10;
    if (hs.length > n) {
      e += 1;
      hs = hs.slice(0, n);
    }
    const cand = formatDigits(neg, hs, e);
    if (Number(cand) !== hi) continue; // cheap filter: the high word must already come back
    const back = ddParse(cand, 'show');
    if (back.hi === hi && back.lo === lo) return cand;
  }
  return formatDigits(neg, s, exp10);
}
