/**
 * Exact rationals over BigInt, for Butcher tableaus: coefficients are written as exact strings ("35/384", "-2",
 * "0.125"), combined exactly (b − b̂, order conditions), and only then materialized in a backend.
 */

/** p/q in lowest terms with q > 0. */
export interface Rat {
  readonly p: bigint;
  readonly q: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Normalized p/q (throws on q = 0). */
export function rat(p: bigint, q: bigint = 1n): Rat {
  if (q === 0n) throw new RangeError('rat: zero denominator');
  if (q < 0n) [p, q] = [-p, -q];
  const g = gcd(p, q) || 1n;
  return { p: p / g, q: q / g };
}

const DEC_RE = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

function parseDecimal(s: string): Rat {
  const m = DEC_RE.exec(s.trim());
  if (!m) throw new RangeError(`parseRat: "${s}" is not an exact rational ("p/q") or decimal string`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const digits = BigInt((int ?? '') + frac) * (sign === '-' ? -1n : 1n);
  const e = Number(exp) - frac.length;
  return e >= 0 ? rat(digits * 10n ** BigInt(e)) : rat(digits, 10n ** BigInt(-e));
}

/** Parse "p/q" or an exact decimal ("0.125", "-3e-2"). */
export function parseRat(s: string): Rat {
  const i = s.indexOf('/');
  if (i < 0) return parseDecimal(s);
  const n = parseDecimal(s.slice(0, i));
  const d = parseDecimal(s.slice(i + 1));
  return div(n, d);
}

export const add = (x: Rat, y: Rat): Rat => rat(x.p * y.q + y.p * x.q, x.q * y.q);
export const sub = (x: Rat, y: Rat): Rat => rat(x.p * y.q - y.p * x.q, x.q * y.q);
export const mul = (x: Rat, y: Rat): Rat => rat(x.p * y.p, x.q * y.q);
export const div = (x: Rat, y: Rat): Rat => {
  if (y.p === 0n) throw new RangeError('rat: division by zero');
  return rat(x.p * y.q, x.q * y.p);
};
export const eq = (x: Rat, y: Rat): boolean => x.p === y.p && x.q === y.q;
export const isZero = (x: Rat): boolean => x.p === 0n;
export const ZERO: Rat = rat(0n);
export const ONE: Rat = rat(1n);

/** "p/q" (or "p" when q = 1): the exact string form that `parseRat` reads back. */
export function showRat(x: Rat): string {
  return x.q === 1n ? x.p.toString() : `${x.p}/${x.q}`;
}

/** Nearest-ish double (for control logic: stability boundaries, printing). */
export function ratToNumber(x: Rat): number {
  // scale so that both fit comfortably in a double before dividing
  const shift = Math.max(0, Math.max(x.p.toString().length, x.q.toString().length) - 300);
  const s = 10n ** BigInt(shift);
  return Number(x.p / s) / Number(x.q / s);
}
