/**
 * Exact rational arithmetic over BigInt, used to BUILD specs (QΛQᵀ, a = (s·u + t·w)/2, …) and to CHECK them in the
 * spec laws. Nothing here is approximate: a spec constructed with these operations is exactly what its doc says.
 * Only `toNum` can fail, when the value is not a finite decimal (denominator not of the form 2^a·5^b).
 */
import { checkNum, isSpecial } from '../numeric/exact.js';
import type { Num } from '../numeric/types.js';

/** An exact rational n/d in lowest terms with d > 0. */
export interface Q {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** n/d reduced to lowest terms (d ≠ 0). */
export function q(n: bigint, d: bigint = 1n): Q {
  if (d === 0n) throw new RangeError('rational: division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g === 1n || g === 0n ? { n, d } : { n: n / g, d: d / g };
}

export const ZERO: Q = { n: 0n, d: 1n };
export const ONE: Q = { n: 1n, d: 1n };

export const add = (a: Q, b: Q): Q => (a.d === b.d ? q(a.n + b.n, a.d) : q(a.n * b.d + b.n * a.d, a.d * b.d));
export const sub = (a: Q, b: Q): Q => add(a, neg(b));
export const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d);
export const div = (a: Q, b: Q): Q => q(a.n * b.d, a.d * b.n);
export const neg = (a: Q): Q => ({ n: -a.n, d: a.d });
export const abs = (a: Q): Q => (a.n < 0n ? neg(a) : a);
export const cmp = (a: Q, b: Q): -1 | 0 | 1 => {
  const x = a.n * b.d - b.n * a.d;
  return x < 0n ? -1 : x > 0n ? 1 : 0;
};
export const eq = (a: Q, b: Q): boolean => a.n === b.n && a.d === b.d;
export const isZero = (a: Q): boolean => a.n === 0n;
export const sign = (a: Q): -1 | 0 | 1 => (a.n < 0n ? -1 : a.n > 0n ? 1 : 0);
export const fromInt = (k: number | bigint): Q => ({ n: BigInt(k), d: 1n });

/** Largest integer ≤ a. */
export function floor(a: Q): bigint {
  const t = a.n / a.d; // truncates toward 0
  return a.n < 0n && t * a.d !== a.n ? t - 1n : t;
}
/** Smallest integer ≥ a. */
export function ceil(a: Q): bigint {
  return -floor(neg(a));
}

/** Σ xs */
export const sum = (xs: readonly Q[]): Q => xs.reduce(add, ZERO);
/** xᵀy */
export function dot(x: readonly Q[], y: readonly Q[]): Q {
  if (x.length !== y.length) throw new RangeError(`rational dot: length mismatch (${x.length} vs ${y.length})`);
  let s = ZERO;
  for (let i = 0; i < x.length; i++) s = add(s, mul(x[i]!, y[i]!));
  return s;
}

const NUM_PARTS = /^([+-]?)(\d*)\.?(\d*)(?:[eE]([+-]?\d+))?$/;

/** The exact value of a decimal string; throws a RangeError naming `where` for non-decimals and ±Infinity/NaN. */
export function parseNum(x: unknown, where = 'number'): Q {
  const s = checkNum(x, where);
  if (isSpecial(s)) throw new RangeError(`${where}: ${JSON.stringify(s)} is not a finite exact decimal`);
  const m = NUM_PARTS.exec(s);
  if (!m) throw new RangeError(`${where}: ${JSON.stringify(s)} is not an exact decimal string`);
  const [, sg, ip = '', fp = '', ex] = m;
  const e = (ex === undefined ? 0 : Number(ex)) - fp.length;
  let n = BigInt((ip + fp).replace(/^0+(?=\d)/, '') || '0');
  if (sg === '-') n = -n;
  return e >= 0 ? q(n * 10n ** BigInt(e)) : q(n, 10n ** BigInt(-e));
}

/** Whether a has a finite decimal expansion (denominator 2^a·5^b). */
export function isFiniteDecimal(a: Q): boolean {
  let d = a.d;
  while (d % 2n === 0n) d /= 2n;
  while (d % 5n === 0n) d /= 5n;
  return d === 1n;
}

/**
 * The canonical exact decimal string of a (one string per value): positional ("0.125", "-3", "1000") when the
 * decimal exponent is in [-7, 21) like JS, else scientific ("1.5e-9"). Throws when a is not a finite decimal.
 */
export function toNum(a: Q, where = 'value'): Num {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) (d /= 2n), twos++;
  while (d % 5n === 0n) (d /= 5n), fives++;
  if (d !== 1n) throw new RangeError(`${where}: ${a.n}/${a.d} has no finite decimal expansion`);
  const k = Math.max(twos, fives);
  // a = N / 10^k exactly
  let N = a.n * 2n ** BigInt(k - twos) * 5n ** BigInt(k - fives);
  if (N === 0n) return '0';
  const negative = N < 0n;
  if (negative) N = -N;
  let digits = N.toString();
  let exp10 = -k; // value = digits · 10^exp10
  const stripped = digits.replace(/0+$/, '');
  exp10 += digits.length - stripped.length;
  digits = stripped;
  const adjusted = exp10 + digits.length - 1; // exponent of the leading digit
  let body: string;
  if (adjusted >= -7 && adjusted < 21) {
    if (exp10 >= 0) body = digits + '0'.repeat(exp10);
    else {
      const padded = digits.padStart(-exp10 + 1, '0');
      body = `${padded.slice(0, padded.length + exp10)}.${padded.slice(padded.length + exp10)}`;
    }
  } else {
    body = `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${adjusted < 0 ? '-' : '+'}${Math.abs(adjusted)}`;
  }
  return negative ? '-' + body : body;
}

/** Canonical form of a decimal string (same value, canonical spelling). */
export const normNum = (x: Num, where?: string): Num => toNum(parseNum(x, where), where);

/** Number of significant decimal digits of a finite decimal (0 for zero): a simplicity measure for shrinking laws. */
export function sigDigits(x: Num): number {
  // leading and trailing zeros are not significant: "0.05" and "5000" both have 1
  return normNum(x).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
}

/** Exact maximum of a non-empty list of decimal strings. */
export function maxNum(xs: readonly Num[], where = 'values'): Num {
  if (xs.length === 0) throw new RangeError(`${where}: empty list has no maximum`);
  let best = 0;
  const qs = xs.map((x, i) => parseNum(x, `${where}[${i}]`));
  for (let i = 1; i < qs.length; i++) if (cmp(qs[i]!, qs[best]!) > 0) best = i;
  return xs[best]!;
}

/** Exact minimum of a non-empty list of decimal strings. */
export function minNum(xs: readonly Num[], where = 'values'): Num {
  if (xs.length === 0) throw new RangeError(`${where}: empty list has no minimum`);
  let best = 0;
  const qs = xs.map((x, i) => parseNum(x, `${where}[${i}]`));
  for (let i = 1; i < qs.length; i++) if (cmp(qs[i]!, qs[best]!) < 0) best = i;
  return xs[best]!;
}

// ---- small exact matrix helpers (row-major Q[][]) ------------------------------------------------------------------

export type QMat = Q[][];

export function qeye(n: number): QMat {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? ONE : ZERO)));
}

export function qtranspose(A: readonly (readonly Q[])[]): QMat {
  const r = A.length;
  const c = r === 0 ? 0 : A[0]!.length;
  return Array.from({ length: c }, (_, j) => Array.from({ length: r }, (_, i) => A[i]![j]!));
}

export function qmatmul(A: readonly (readonly Q[])[], B: readonly (readonly Q[])[]): QMat {
  const r = A.length;
  const inner = B.length;
  const c = inner === 0 ? 0 : B[0]!.length;
  return Array.from({ length: r }, (_, i) =>
    Array.from({ length: c }, (_, j) => {
      let s = ZERO;
      for (let k = 0; k < inner; k++) s = add(s, mul(A[i]![k]!, B[k]![j]!));
      return s;
    }),
  );
}

export const qmatEq = (A: readonly (readonly Q[])[], B: readonly (readonly Q[])[]): boolean =>
  A.length === B.length && A.every((row, i) => row.length === B[i]!.length && row.every((x, j) => eq(x, B[i]![j]!)));

export const qmatToNum = (A: readonly (readonly Q[])[], where = 'matrix'): Num[][] =>
  A.map((row, i) => row.map((x, j) => toNum(x, `${where}[${i}][${j}]`)));
export const qvecToNum = (x: readonly Q[], where = 'vector'): Num[] => x.map((v, i) => toNum(v, `${where}[${i}]`));
export const parseVec = (xs: readonly Num[], where = 'vector'): Q[] => xs.map((x, i) => parseNum(x, `${where}[${i}]`));
export const parseMat = (rows: readonly (readonly Num[])[], where = 'matrix'): QMat =>
  rows.map((r, i) => parseVec(r, `${where}[${i}]`));
