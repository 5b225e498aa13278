/**
 * Test kit: matrices with a PRESCRIBED spectrum, built exactly as decimal strings (BigInt arithmetic), so that every
 * backend reads the same matrix and the exact eigen/singular values are known.
 *
 * Householder reflections H = I − 2vvᵀ/(vᵀv) with an integer v whose vᵀv = 2^a·5^b have finite-decimal entries;
 * products of such matrices with diagonal decimal matrices stay finite decimals.
 */
import { q, toPlainNum } from '../numeric/rational.js';

/** An exact decimal matrix: entries num[i][j] / 10^scale. */
export interface ExactMat {
  readonly num: bigint[][];
  readonly scale: number;
}

const TEN = 10n;

/** True when s = 2^a·5^b (s ≥ 1), i.e. 1/s is a finite decimal. */
export function isDecimalDivisor(s: number): boolean {
  if (s < 1 || !Number.isInteger(s)) return false;
  while (s % 2 === 0) s /= 2;
  while (s % 5 === 0) s /= 5;
  return s === 1;
}

/** H = I − 2vvᵀ/(vᵀv), exactly; requires vᵀv = 2^a·5^b. */
export function householder(v: readonly number[]): ExactMat {
  const s = v.reduce((acc, x) => acc + x * x, 0);
  if (!isDecimalDivisor(s)) throw new RangeError(`householder: vᵀv = ${s} is not of the form 2^a·5^b`);
  let K = 0;
  while (TEN ** BigInt(K) % BigInt(s) !== 0n) K++;
  const unit = TEN ** BigInt(K);
  const q = unit / BigInt(s);
  const n = v.length;
  const num = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? unit : 0n) - 2n * BigInt(v[i]!) * BigInt(v[j]!) * q),
  );
  return { num, scale: K };
}

/** Parse an exact decimal string ("-1.25", "3") into num/10^scale. */
export function parseDecimal(x: string): { num: bigint; scale: number } {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(x);
  if (!m) throw new RangeError(`parseDecimal: ${x} is not a plain decimal`);
  const frac = m[3] ?? '';
  const num = BigInt((m[1] === '-' ? '-' : '') + ((m[2] ?? '') + frac || '0'));
  return { num, scale: frac.length };
}

function rescale(x: bigint, from: number, to: number): bigint {
  return x * TEN ** BigInt(to - from);
}

/** Rectangular diagonal m×n matrix with the given decimal strings on the diagonal. */
export function diagonal(m: number, n: number, d: readonly string[]): ExactMat {
  const parsed = d.map(parseDecimal);
  const scale = Math.max(0, ...parsed.map((p) => p.scale));
  const num = Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) =>
      i === j && i < parsed.length ? rescale(parsed[i]!.num, parsed[i]!.scale, scale) : 0n,
    ),
  );
  return { num, scale };
}

/** Exact product A·B (or A·Bᵀ when transB). */
export function mul(A: ExactMat, B: ExactMat, transB = false): ExactMat {
  const m = A.num.length;
  const k = A.num[0]!.length;
  const n = transB ? B.num.length : B.num[0]!.length;
  const num = Array.from({ length: m }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0n;
      for (let l = 0; l < k; l++) s += A.num[i]![l]! * (transB ? B.num[j]![l]! : B.num[l]![j]!);
      return s;
    }),
  );
  return { num, scale: A.scale + B.scale };
}

/** Exact decimal strings of the entries. */
export function toStrings(A: ExactMat): string[][] {
  return A.num.map((row) => row.map((x) => formatDecimal(x, A.scale)));
}

/** x/10^scale as its exact positional decimal string. */
export function formatDecimal(x: bigint, scale: number): string {
  return toPlainNum(q(x, 10n ** BigInt(scale)));
}

/** Identity matrix, exactly. */
export function identity(n: number): ExactMat {
  return {
    num: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1n : 0n))),
    scale: 0,
  };
}

/** Frobenius norm of an exact matrix, as a double (for stating tolerances). */
export function frobenius(A: ExactMat): number {
  let s = 0;
  for (const row of A.num) for (const x of row) s += (Number(x) / 10 ** A.scale) ** 2;
  return Math.sqrt(s);
}
