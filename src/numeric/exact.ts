/**
 * Exact decimal strings: validation and the exact decimal value of a double. Shared by every backend's I/O.
 */
import type { Num } from './types.js';

/**
 * A decimal literal: optional sign, digits with an optional point, optional exponent. Also ±Infinity and NaN, so
 * that a diverged value can be written and read back.
 */
const NUM_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL = new Set(['Infinity', '+Infinity', '-Infinity', 'NaN']);

export function isNum(x: unknown): x is Num {
  return typeof x === 'string' && (NUM_RE.test(x) || SPECIAL.has(x));
}

/** Throws a RangeError naming the offending string when `x` is not an exact decimal literal. */
export function checkNum(x: unknown, where = 'number'): Num {
  if (!isNum(x)) {
    throw new RangeError(
      `${where}: ${JSON.stringify(x)} is not an exact decimal string (write numbers as strings like "0.125" or "-3e-2")`,
    );
  }
  return x;
}

export function isSpecial(x: Num): boolean {
  return SPECIAL.has(x);
}

const F64 = new Float64Array(1);
const U64 = new BigUint64Array(F64.buffer);

/** The double's exact value as mantissa·2^exponent with an integer mantissa (x finite). */
export function decomposeDouble(x: number): { mantissa: bigint; exponent: number } {
  F64[0] = x;
  const bits = U64[0]!;
  const sign = bits >> 63n ? -1n : 1n;
  const biased = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & 0xfffffffffffffn;
  if (biased === 0) return { mantissa: sign * frac, exponent: -1074 };
  return { mantissa: sign * (frac | 0x10000000000000n), exponent: biased - 1075 };
}

/**
 * The exact decimal expansion of a finite double (every double is a finite decimal), e.g. 0.1 →
 * "0.1000000000000000055511151231257827021181583404541015625".
 */
export function exactDecimal(x: number): Num {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const { mantissa, exponent } = decomposeDouble(x);
  if (exponent >= 0) return (mantissa << BigInt(exponent)).toString();
  return dyadicDecimal(mantissa, -exponent);
}

/** The dyadic n/2^k (k ≥ 0) as its exact positional decimal string ("-0.375"; "0" for n = 0): n·5^k / 10^k. */
export function dyadicDecimal(n: bigint, k: number): Num {
  const scaled = n * 5n ** BigInt(k);
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(k + 1, '0');
  const intPart = digits.slice(0, digits.length - k);
  const fracPart = digits.slice(digits.length - k).replace(/0+$/, '');
  return `${neg ? '-' : ''}${intPart}${fracPart ? '.' + fracPart : ''}`;
}
