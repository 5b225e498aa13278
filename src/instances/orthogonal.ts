/**
 * Exact orthogonal matrices: products of Householder reflections H = I − 2vvᵀ/(vᵀv) with small integer v whose
 * vᵀv = 2^a·5^b, so 2/(vᵀv) and hence every entry of H, of products of H's and of QΛQᵀ is a finite decimal.
 *
 * No filtering: v is a pattern from an enumerated table (below) placed at chosen coordinates.
 */
import fc from 'fast-check';
import { type Q, type QMat, ONE, ZERO, add, fromInt, mul, q, qeye, sub } from '../numeric/rational.js';

/** A Householder pattern: the nonzero entries of v (in placement order) and vᵀv. */
export interface HouseholderPattern {
  readonly entries: readonly bigint[];
  readonly norm2: bigint;
}

const MAX_SUPPORT = 5;
const MAX_ENTRY = 3n;

const is2a5b = (x: bigint): boolean => {
  while (x % 2n === 0n) x /= 2n;
  while (x % 5n === 0n) x /= 5n;
  return x === 1n;
};
const gcdAll = (xs: readonly bigint[]): bigint =>
  xs.reduce((g, x) => {
    let a = g < 0n ? -g : g;
    let b = x < 0n ? -x : x;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
  }, 0n);

/**
 * Every primitive integer vector with 1..5 nonzero entries in ±1..±3, first entry positive (v and −v give the same
 * H) and vᵀv = 2^a·5^b; sorted by support size, then vᵀv, so the patterns usable in dimension n form a prefix and
 * index 0 is the simplest (v = (1): a sign flip).
 */
export const HOUSEHOLDER_PATTERNS: readonly HouseholderPattern[] = (() => {
  const out: HouseholderPattern[] = [];
  const vals: bigint[] = [];
  for (let a = 1n; a <= MAX_ENTRY; a++) vals.push(a, -a);
  const rec = (m: number, prefix: bigint[]): void => {
    if (prefix.length === m) {
      const norm2 = prefix.reduce((s, x) => s + x * x, 0n);
      if (gcdAll(prefix) === 1n && is2a5b(norm2)) out.push({ entries: [...prefix], norm2 });
      return;
    }
    for (const v of prefix.length === 0 ? vals.filter((x) => x > 0n) : vals) rec(m, [...prefix, v]);
  };
  for (let m = 1; m <= MAX_SUPPORT; m++) rec(m, []);
  return out.sort((x, y) => x.entries.length - y.entries.length || Number(x.norm2 - y.norm2));
})();

/** How many patterns fit in dimension n (a prefix of the table). */
export function patternsFor(n: number): number {
  let c = 0;
  while (c < HOUSEHOLDER_PATTERNS.length && HOUSEHOLDER_PATTERNS[c]!.entries.length <= n) c++;
  return c;
}

/** A reflection as drawn: a pattern index and placement seeds, interpreted modulo what fits in dimension n. */
export interface ReflectionDraw {
  readonly pattern: number;
  readonly places: readonly number[];
}

/** Arbitrary reflection draw; shrinks toward pattern 0 placed at coordinates 0, 1, … */
export const reflectionDraw = (): fc.Arbitrary<ReflectionDraw> =>
  fc.record({
    pattern: fc.nat({ max: HOUSEHOLDER_PATTERNS.length - 1 }),
    places: fc.array(fc.nat({ max: 63 }), { minLength: MAX_SUPPORT, maxLength: MAX_SUPPORT }),
  });

/** The integer vector v ∈ Z^n of a draw: the pattern's entries at distinct coordinates chosen by a Lehmer code. */
export function reflectionVector(n: number, d: ReflectionDraw): bigint[] {
  const count = patternsFor(n);
  if (count === 0) throw new RangeError(`reflectionVector: dimension n must be ≥ 1, got ${n}`);
  const pat = HOUSEHOLDER_PATTERNS[d.pattern % count]!;
  const free = Array.from({ length: n }, (_, i) => i);
  const v = new Array<bigint>(n).fill(0n);
  pat.entries.forEach((x, j) => {
    const [pos] = free.splice((d.places[j] ?? 0) % free.length, 1);
    v[pos!] = x;
  });
  return v;
}

/** Q·H for H = I − 2vvᵀ/(vᵀv), exactly: Q − (2/vᵀv)(Qv)vᵀ. */
export function applyReflection(Qm: QMat, v: readonly bigint[]): QMat {
  const norm2 = v.reduce((s, x) => s + x * x, 0n);
  const c = q(2n, norm2);
  const vq = v.map((x) => fromInt(x));
  return Qm.map((row) => {
    let qv: Q = ZERO;
    for (let k = 0; k < row.length; k++) if (v[k] !== 0n) qv = add(qv, mul(row[k]!, vq[k]!));
    const f = mul(c, qv);
    return row.map((x, j) => (v[j] === 0n ? x : sub(x, mul(f, vq[j]!))));
  });
}

/** Exact orthogonal Q = H_1 ⋯ H_r ∈ R^{n×n} from reflection draws (r = 0 gives I). */
export function buildOrthogonal(n: number, draws: readonly ReflectionDraw[]): QMat {
  let Qm = qeye(n);
  for (const d of draws) Qm = applyReflection(Qm, reflectionVector(n, d));
  return Qm;
}

/** Whether QᵀQ = I exactly. */
export function isOrthogonal(Qm: QMat): boolean {
  const n = Qm.length;
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = ZERO;
      for (let k = 0; k < n; k++) s = add(s, mul(Qm[k]![i]!, Qm[k]![j]!));
      if (s.n !== (i === j ? ONE.n : 0n) || s.d !== 1n) return false;
    }
  }
  return true;
}

/** Exact Q·diag(λ)·Qᵀ. */
export function conjugateDiag(Qm: QMat, lambda: readonly Q[]): QMat {
  const n = Qm.length;
  const QL = Qm.map((row) => row.map((x, k) => mul(x, lambda[k]!)));
  const A: QMat = Array.from({ length: n }, () => new Array<Q>(n).fill(ZERO));
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = ZERO;
      for (let k = 0; k < n; k++) s = add(s, mul(QL[i]![k]!, Qm[j]![k]!));
      A[i]![j] = s;
      A[j]![i] = s; // symmetric by construction
    }
  }
  return A;
}

/** Exact Q·c. */
export function qmatvec(Qm: QMat, c: readonly Q[]): Q[] {
  return Qm.map((row) => row.reduce((s, x, k) => add(s, mul(x, c[k]!)), ZERO));
}
