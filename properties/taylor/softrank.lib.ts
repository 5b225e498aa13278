/**
 * Instances for the soft-rank chain (docs/theorems/taylor.md T4): exact matrices H = P·Q (P m×r, Q r×n with dyadic
 * entries k/8), "flat" ones H = c·L·[I_r 0; 0 0]·R with all nonzero singular values equal to c, and exact orthogonal
 * L, R built from Householder reflections I − (2/s)vvᵀ with v ∈ {±1}^s on s ∈ {1, 2, 4} coordinates (entries 0, ±1/2,
 * ±1: every product below is a short dyadic, exact on every backend). The exact rank is computed by Gaussian
 * elimination over the rationals.
 */
import fc from 'fast-check';
import { spec, type Num } from '../../src/index.js';

const R = spec.rational;
type Q = ReturnType<typeof R.parseNum>;

export interface SoftRankSpec {
  /** 'generic': H = P·Q; 'flat': H = c·[I_r 0; 0 0] (all nonzero singular values equal). */
  readonly kind: 'generic' | 'flat';
  readonly H: Num[][];
  /** L·(cH)·R for the invariance claims (L, R exact orthogonal, c a power of 2). */
  readonly moved: Num[][];
  readonly scale: Num;
  /** Negative control: claim the chain reversed. */
  readonly reversed: boolean;
}

const entry = fc.integer({ min: -16, max: 16 }).map((k) => R.q(BigInt(k), 8n));

const qmat = (A: readonly (readonly Q[])[]): Num[][] => R.qmatToNum(A);

/** An exact orthogonal n×n product of up to two reflections I − (2/s)vvᵀ, v ∈ {±1}^s placed on s coordinates. */
export function reflectionArb(n: number): fc.Arbitrary<Q[][]> {
  const sizes = [1, 2, 4].filter((s) => s <= n);
  const one = fc
    .record({
      s: fc.constantFrom(...sizes),
      perm: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: n, maxLength: n },
      ),
      signs: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    })
    .map(({ s, perm, signs }) => {
      const v: Q[] = Array.from({ length: n }, () => R.ZERO);
      for (let i = 0; i < s; i++) v[perm[i]!] = signs[i]! ? R.ONE : R.neg(R.ONE);
      const c = R.q(2n, BigInt(s));
      return R.qeye(n).map((row, i) => row.map((x, j) => R.sub(x, R.mul(c, R.mul(v[i]!, v[j]!)))));
    });
  return fc.array(one, { minLength: 0, maxLength: 2 }).map((hs) => hs.reduce((A, H) => R.qmatmul(A, H), R.qeye(n)));
}

/** Soft-rank instances (module comment); `reversed` marks the negative control. */
export function softRankArb(kinds: readonly ('generic' | 'flat')[], reversed: boolean): fc.Arbitrary<SoftRankSpec> {
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      m: fc.integer({ min: 1, max: 5 }),
      n: fc.integer({ min: 1, max: 5 }),
      r: fc.integer({ min: 1, max: 5 }),
      scaleExp: fc.integer({ min: -3, max: 3 }),
    })
    .chain(({ kind, m, n, r, scaleExp }) => {
      const rr = kind === 'flat' ? Math.min(r, m, n) : r;
      const H: fc.Arbitrary<Q[][]> =
        kind === 'flat'
          ? fc.constant(
              Array.from({ length: m }, (_, i) =>
                Array.from({ length: n }, (_, j) => (i === j && i < rr ? R.ONE : R.ZERO)),
              ),
            )
          : fc
              .tuple(
                fc.array(fc.array(entry, { minLength: rr, maxLength: rr }), { minLength: m, maxLength: m }),
                fc.array(fc.array(entry, { minLength: n, maxLength: n }), { minLength: rr, maxLength: rr }),
              )
              .map(([P, Qm]) => R.qmatmul(P, Qm));
      return fc.tuple(H, reflectionArb(m), reflectionArb(n)).map(([h, L, Rt]) => {
        const c = scaleExp >= 0 ? R.q(2n ** BigInt(scaleExp), 1n) : R.q(1n, 2n ** BigInt(-scaleExp));
        const moved = R.qmatmul(
          R.qmatmul(
            L,
            h.map((row) => row.map((x) => R.mul(c, x))),
          ),
          Rt,
        );
        return { kind, H: qmat(h), moved: qmat(moved), scale: R.toNum(c), reversed };
      });
    });
}

/** The exact rank of a matrix of exact decimal strings (Gaussian elimination over the rationals). */
export function exactRank(H: readonly (readonly Num[])[]): number {
  const A: Q[][] = H.map((row, i) => row.map((x, j) => R.parseNum(x, `H[${i}][${j}]`)));
  const m = A.length;
  const n = A[0]?.length ?? 0;
  let rank = 0;
  for (let col = 0; col < n && rank < m; col++) {
    const piv = A.findIndex((row, i) => i >= rank && !R.isZero(row[col]!));
    if (piv < 0) continue;
    [A[rank], A[piv]] = [A[piv]!, A[rank]!];
    const p = A[rank]!;
    for (let i = rank + 1; i < m; i++) {
      const f = R.div(A[i]![col]!, p[col]!);
      if (!R.isZero(f)) A[i] = A[i]!.map((x, j) => R.sub(x, R.mul(f, p[j]!)));
    }
    rank++;
  }
  return rank;
}
