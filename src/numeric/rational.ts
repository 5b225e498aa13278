/**
 * Exact rational arithmetic over BigInt: the one implementation in theoremcheck. Used to BUILD specs (QΛQᵀ,
 * a = (s·u + t·w)/2, …) and to CHECK them in the spec laws, by the flow solvers for exact Butcher tableaus, and by
 * theorem files (public as `spec.rational`) to decide hypotheses exactly, so that every backend sees the same instance.
 * Nothing here is approximate except `toNumber`: a spec constructed with these operations is exactly what its doc says.
 * `toNum`/`toPlainNum` fail when the value is not a finite decimal (denominator not of the form 2^a·5^b).
 */
import { checkNum, exactDecimal, isSpecial } from './exact.js';
import type { Num } from './types.js';

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
/** The larger of a and b (a when equal). */
export const max = (a: Q, b: Q): Q => (cmp(a, b) >= 0 ? a : b);
/** The smaller of a and b (a when equal). */
export const min = (a: Q, b: Q): Q => (cmp(a, b) <= 0 ? a : b);

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

/** a = ±digits·10^exp10 with no trailing zeros in digits ('' for zero); throws when a is not a finite decimal. */
function decimalParts(a: Q, where: string): { negative: boolean; digits: string; exp10: number } {
  let d = a.d;
  let twos = 0;
  let fives = 0;
  while (d % 2n === 0n) {
    d /= 2n;
    twos++;
  }
  while (d % 5n === 0n) {
    d /= 5n;
    fives++;
  }
  if (d !== 1n) throw new RangeError(`${where}: ${a.n}/${a.d} has no finite decimal expansion`);
  const k = Math.max(twos, fives);
  // a = N / 10^k exactly
  let N = a.n * 2n ** BigInt(k - twos) * 5n ** BigInt(k - fives);
  if (N === 0n) return { negative: false, digits: '', exp10: 0 };
  const negative = N < 0n;
  if (negative) N = -N;
  const all = N.toString();
  const digits = all.replace(/0+$/, '');
  return { negative, digits, exp10: -k + all.length - digits.length };
}

/** digits·10^exp10 (exp10 < 0 or ≥ 0) written positionally: "0.125", "1000". */
function positional(digits: string, exp10: number): string {
  if (exp10 >= 0) return digits + '0'.repeat(exp10);
  const padded = digits.padStart(-exp10 + 1, '0');
  return `${padded.slice(0, padded.length + exp10)}.${padded.slice(padded.length + exp10)}`;
}

/**
 * The canonical exact decimal string of a (one string per value): positional ("0.125", "-3", "1000") when the
 * decimal exponent is in [-7, 21) like JS, else scientific ("1.5e-9"). Throws when a is not a finite decimal.
 */
export function toNum(a: Q, where = 'value'): Num {
  const { negative, digits, exp10 } = decimalParts(a, where);
  if (digits === '') return '0';
  const adjusted = exp10 + digits.length - 1; // exponent of the leading digit
  const body =
    adjusted >= -7 && adjusted < 21
      ? positional(digits, exp10)
      : `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${adjusted < 0 ? '-' : '+'}${Math.abs(adjusted)}`;
  return negative ? '-' + body : body;
}

/**
 * The exact decimal string of a, always positional ("0.000000001", "123000000000000000000000"): for values shown to
 * readers or compared as text, where `toNum`'s scientific form is unwanted. Throws when a is not a finite decimal.
 */
export function toPlainNum(a: Q, where = 'value'): Num {
  const { negative, digits, exp10 } = decimalParts(a, where);
  if (digits === '') return '0';
  return (negative ? '-' : '') + positional(digits, exp10);
}

/** 10^k, exactly (any integer k). */
export const pow10 = (k: number): Q => (k >= 0 ? fromInt(10n ** BigInt(k)) : q(1n, 10n ** BigInt(-k)));

/** Largest e with 10^e ≤ x (x > 0): the decimal exponent of x's leading digit. */
export function exp10Floor(x: Q): number {
  let e = x.n.toString().length - x.d.toString().length;
  while (cmp(pow10(e), x) > 0) e--;
  while (cmp(pow10(e + 1), x) <= 0) e++;
  return e;
}

/**
 * A decimal with `sig` significant digits, rounded toward −∞ (`'down'`) or +∞ (`'up'`): an exact one-sided bound on a,
 * written positionally (`toPlainNum`).
 */
export function roundNum(a: Q, sig: number, dir: 'down' | 'up'): Num {
  if (a.n === 0n) return '0';
  const negative = a.n < 0n;
  const A = abs(a);
  const scale = pow10(sig - 1 - exp10Floor(A)); // A·scale ∈ [10^{sig−1}, 10^sig)
  const x = mul(A, scale);
  let m = x.n / x.d; // floor
  const exact = m * x.d === x.n;
  // magnitude rounding direction: toward +∞ for (up, positive) and (down, negative)
  if (!exact && (dir === 'up') !== negative) m += 1n;
  return toPlainNum(div(q(negative ? -m : m), scale));
}

/**
 * Iteration cap of the searching helpers below (`sqrtUpper`, `largestDyadicBelow`): a search that has not ended after
 * this many steps is a misuse (a non-monotone predicate, a guess far from the answer) and throws a RangeError saying
 * so, instead of hanging the generator that called it.
 */
export const SEARCH_STEP_LIMIT = 1_000_000;

/** An exact rational upper bound on √a (a ≥ 0) with 8 significant digits. */
export function sqrtUpper(a: Q): Q {
  if (a.n === 0n) return ZERO;
  if (a.n < 0n) throw new RangeError(`sqrtUpper: a must be ≥ 0, got ${showRat(a)}`);
  // float start, rounded up to 8 digits, then raised until x² ≥ a holds exactly
  const start = Math.sqrt(Number(a.n) / Number(a.d)) * (1 + 1e-12);
  if (!(start > 0 && Number.isFinite(start))) {
    // a outside the double range: √a = √(a·10^-2k)·10^k with a·10^-2k in [1, 100)
    const k = Math.floor(exp10Floor(a) / 2);
    return mul(sqrtUpper(mul(a, pow10(-2 * k))), pow10(k));
  }
  let x = parseNum(roundNum(parseNum(String(start)), 8, 'up'));
  for (let i = 0; cmp(mul(x, x), a) < 0; i++) {
    if (i >= SEARCH_STEP_LIMIT)
      throw new RangeError(`sqrtUpper: no upper bound on √${showRat(a)} after ${SEARCH_STEP_LIMIT} steps`);
    x = parseNum(roundNum(mul(x, q(1000001n, 1000000n)), 8, 'up'));
  }
  return x;
}

/** The largest dyadic ≤ x (x > 0) with `bits` significant bits: exact in every backend, a short decimal string. */
export function dyadicBelow(x: Q, bits: number): Q {
  if (x.n <= 0n) throw new RangeError('rational dyadicBelow: x must be > 0');
  // find e with 2^(bits-1) ≤ x·2^e < 2^bits, then floor
  let e = 0n;
  const lo = 1n << BigInt(bits - 1);
  const hi = 1n << BigInt(bits);
  const scaled = (ee: bigint) => (ee >= 0n ? (x.n << ee) / x.d : x.n / (x.d << -ee));
  while (scaled(e) >= hi) e--;
  while (scaled(e) < lo) e++;
  const m = scaled(e);
  return e >= 0n ? q(m, 1n << e) : q(m << -e, 1n);
}

/**
 * The largest η = j/2^bits (j ≥ 1) with ok(η) true, as a decimal string, searching from the float estimate `guess`;
 * `ok` must be monotone (true below a threshold), so the result does not depend on the guess. Throws when even 2^-bits
 * fails.
 */
export function largestDyadicBelow(guess: number, bits: number, ok: (eta: Q) => boolean): Num {
  if (!Number.isInteger(bits) || bits < 0 || bits > 1100)
    throw new RangeError(`largestDyadicBelow: bits must be an integer in [0, 1100], got ${bits}`);
  if (!Number.isFinite(guess)) throw new RangeError(`largestDyadicBelow: the float guess must be finite, got ${guess}`);
  const scale = 2n ** BigInt(bits);
  // ⌊guess·2^bits⌋ exactly: the float product overflows to Infinity for bits ≥ 1024 (BigInt(Infinity) throws)
  const start = floor(mul(parseNum(exactDecimal(guess)), fromInt(scale)));
  let j = start > 1n ? start : 1n;
  const give = (dir: string): never => {
    throw new RangeError(
      `largestDyadicBelow: still stepping ${dir} after ${SEARCH_STEP_LIMIT} steps of 2^-${bits} from the guess ${guess}: ` +
        'ok must be monotone (true below a threshold, false above) and the guess near that threshold',
    );
  };
  // step up while still ok (the float guess may be low), then down until ok
  for (let i = 0; ok(q(j + 1n, scale)); i++) {
    if (i >= SEARCH_STEP_LIMIT) give('up');
    j += 1n;
  }
  for (let i = 0; j >= 1n && !ok(q(j, scale)); i++) {
    if (i >= SEARCH_STEP_LIMIT) give('down');
    j -= 1n;
  }
  if (j < 1n) throw new RangeError(`largestDyadicBelow: no positive multiple of 2^-${bits} satisfies the constraint`);
  return toPlainNum(q(j, scale));
}

/** A double near a (for float guesses, step-size control and printing only; never for decisions). */
export function toNumber(a: Q): number {
  // scale so that both fit comfortably in a double before dividing
  const shift = Math.max(0, Math.max(a.n.toString().length, a.d.toString().length) - 300);
  const s = 10n ** BigInt(shift);
  return Number(a.n / s) / Number(a.d / s);
}

/** "n/d" (or "n" when d = 1): the exact string form that `parseRat` reads back, for any rational. */
export function showRat(a: Q): string {
  return a.d === 1n ? a.n.toString() : `${a.n}/${a.d}`;
}

/** Parse "p/q" (each side an exact decimal) or an exact decimal ("0.125", "-3e-2"); throws naming `where`. */
export function parseRat(s: string, where = 'rational'): Q {
  const i = s.indexOf('/');
  if (i < 0) return parseNum(s.trim(), where);
  return div(parseNum(s.slice(0, i).trim(), where), parseNum(s.slice(i + 1).trim(), where));
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

/** Solve the square system A x = b exactly (Gauss–Jordan elimination); null when A is singular. */
export function qsolve(A: readonly (readonly Q[])[], b: readonly Q[]): Q[] | null {
  const n = A.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let k = 0; k < n; k++) {
    const p = M.findIndex((row, i) => i >= k && !isZero(row[k]!));
    if (p < 0) return null;
    [M[k], M[p]] = [M[p]!, M[k]!];
    for (let i = 0; i < n; i++) {
      if (i === k || isZero(M[i]![k]!)) continue;
      const f = div(M[i]![k]!, M[k]![k]!);
      M[i] = M[i]!.map((x, j) => sub(x, mul(f, M[k]![j]!)));
    }
  }
  return M.map((row, i) => div(row[n]!, row[i]!));
}
