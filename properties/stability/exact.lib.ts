/**
 * Exact rationals (BigInt) for spec-space arithmetic in the stability theorems: parse exact decimal strings, multiply,
 * add, divide, and round a positive rational to a short dyadic (exact in f64, dd and decimal backends alike).
 */

/** n/d with d > 0 (not necessarily reduced). */
export interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
};
const norm = (n: bigint, d: bigint): Rat => {
  if (d === 0n) throw new RangeError('exact.lib: division by zero');
  const s = d < 0n ? -1n : 1n;
  const g = gcd(n, d) || 1n;
  return { n: (s * n) / g, d: (s * d) / g };
};

/** An exact decimal string ("0.125", "-3e-2") as a rational; throws naming `where` otherwise. */
export function rat(x: string, where = 'number'): Rat {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(x);
  if (m === null) throw new RangeError(`${where}: ${JSON.stringify(x)} is not an exact decimal string`);
  const frac = m[3] ?? '';
  const e = Number(m[4] ?? '0') - frac.length;
  let n = BigInt(m[2]! + frac) * (m[1] === '-' ? -1n : 1n);
  let d = 1n;
  if (e >= 0) n *= 10n ** BigInt(e);
  else d = 10n ** BigInt(-e);
  return norm(n, d);
}

export const ratInt = (k: number | bigint): Rat => ({ n: BigInt(k), d: 1n });
export const radd = (a: Rat, b: Rat): Rat => norm(a.n * b.d + b.n * a.d, a.d * b.d);
export const rsub = (a: Rat, b: Rat): Rat => norm(a.n * b.d - b.n * a.d, a.d * b.d);
export const rmul = (a: Rat, b: Rat): Rat => norm(a.n * b.n, a.d * b.d);
export const rdiv = (a: Rat, b: Rat): Rat => norm(a.n * b.d, a.d * b.n);
export const rcmp = (a: Rat, b: Rat): -1 | 0 | 1 => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};

/** The exact decimal string of a rational whose reduced denominator is 2^i·5^j (throws otherwise). */
export function ratStr(a: Rat): string {
  let d = a.d;
  let k = 0;
  let n = a.n;
  // scale n/d to N/10^k
  while (d % 10n === 0n) { d /= 10n; k++; }
  while (d % 2n === 0n) { d /= 2n; n *= 5n; k++; }
  while (d % 5n === 0n) { d /= 5n; n *= 2n; k++; }
  if (d !== 1n) throw new RangeError(`exact.lib: ${a.n}/${a.d} is not a finite decimal`);
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(k + 1, '0');
  const int = s.slice(0, s.length - k);
  const frac = s.slice(s.length - k).replace(/0+$/, '');
  return `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}

/** The largest dyadic ≤ x (x > 0) with `bits` significant bits: exact in every backend, a short decimal string. */
export function dyadicBelow(x: Rat, bits: number): Rat {
  if (x.n <= 0n) throw new RangeError('exact.lib dyadicBelow: x must be > 0');
  // find e with 2^(bits-1) ≤ x·2^e < 2^bits, then floor
  let e = 0n;
  const lo = 1n << BigInt(bits - 1);
  const hi = 1n << BigInt(bits);
  const scaled = (ee: bigint) => (ee >= 0n ? (x.n << ee) / x.d : x.n / (x.d << -ee));
  while (scaled(e) >= hi) e--;
  while (scaled(e) < lo) e++;
  const m = scaled(e);
  return e >= 0n ? norm(m, 1n << e) : norm(m << -e, 1n);
}
