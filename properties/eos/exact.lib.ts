/**
 * Exact rational arithmetic on decimal strings for the EoS generators: derived hypothesis quantities (η·λ, η²·(Q² + 4Φ²)
 * …) are decided exactly here, so f64, dd, dec:50 and dec:100 all see the same instance and the same hypotheses.
 */
import type { Num } from '../../src/index.js';

/** n/d with d > 0 (not necessarily reduced). */
export interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

const NUM = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;

/** The exact value of a decimal string. */
export function rat(x: Num): Rat {
  const m = NUM.exec(x);
  if (!m) throw new RangeError(`exact.lib rat: ${JSON.stringify(x)} is not an exact decimal string`);
  const [, sg, ip = '', fp = '', ex] = m;
  const e = (ex === undefined ? 0 : Number(ex)) - fp.length;
  let n = BigInt((ip + fp).replace(/^0+(?=\d)/, '') || '0');
  if (sg === '-') n = -n;
  return e >= 0 ? { n: n * 10n ** BigInt(e), d: 1n } : { n, d: 10n ** BigInt(-e) };
}

export const radd = (a: Rat, b: Rat): Rat => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
export const rsub = (a: Rat, b: Rat): Rat => ({ n: a.n * b.d - b.n * a.d, d: a.d * b.d });
export const rmul = (a: Rat, b: Rat): Rat => ({ n: a.n * b.n, d: a.d * b.d });
export const rabs = (a: Rat): Rat => ({ n: a.n < 0n ? -a.n : a.n, d: a.d });
/** sign(a − b) */
export const rcmp = (a: Rat, b: Rat): number => {
  const x = a.n * b.d - b.n * a.d;
  return x > 0n ? 1 : x < 0n ? -1 : 0;
};
export const rint = (k: number | bigint): Rat => ({ n: BigInt(k), d: 1n });

/** The dyadic j/2^bits as an exact decimal string (every dyadic has a finite decimal expansion). */
export function dyadicNum(j: bigint, bits: number): Num {
  if (j === 0n) return '0';
  const neg = j < 0n;
  const a = neg ? -j : j;
  // j/2^bits = j·5^bits / 10^bits
  const N = (a * 5n ** BigInt(bits)).toString().padStart(bits + 1, '0');
  const ip = N.slice(0, N.length - bits);
  const fp = N.slice(N.length - bits).replace(/0+$/, '');
  return (neg ? '-' : '') + ip + (fp.length > 0 ? '.' + fp : '');
}

/**
 * The largest dyadic η = j/2^bits (j ≥ 1) with ok(η) true, searching down from the float estimate `guess`; `ok` must be
 * monotone (true below a threshold). Throws when even 2^-bits fails (a generator range error).
 */
export function largestDyadicBelow(guess: number, bits: number, ok: (eta: Rat) => boolean): Num {
  const scale = 2n ** BigInt(bits);
  let j = BigInt(Math.max(1, Math.floor(guess * Number(scale))));
  // step up while still ok (the float guess may be low), then down until ok
  while (ok({ n: j + 1n, d: scale })) j += 1n;
  while (j >= 1n && !ok({ n: j, d: scale })) j -= 1n;
  if (j < 1n) throw new RangeError(`largestDyadicBelow: no positive multiple of 2^-${bits} satisfies the constraint`);
  return dyadicNum(j, bits);
}

/** Nearest double (for generator guesses and reports only). */
export const rnum = (a: Rat): number => Number((a.n * 10n ** 30n) / a.d) / 1e30;
