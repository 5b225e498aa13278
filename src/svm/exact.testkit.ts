/**
 * Test kit: an exact (BigInt rational, numeric/rational.ts) brute-force hard-margin SVM for tiny datasets, independent
 * of the active-set code and of ml-matrix. For every nonempty subset S of samples it solves G_SS α_S = 1 exactly, keeps
 * the KKT points (α_S ≥ 0 and z_nᵀw ≥ 1 for all n, w = Σ_S α_n z_n) and returns the one with the smallest ‖w‖². Some
 * optimal α is supported on linearly independent margin vectors (Carathéodory), so the enumeration finds the optimum
 * whenever the data are separable, and finds nothing exactly when they are not.
 */
import { type Q, ONE, ZERO, add, cmp, dot, isZero, mul, neg, parseNum, qsolve } from '../numeric/rational.js';

/** Exact solution: ŵ, ‖ŵ‖², α and its support; null when not separable. */
export interface ExactSvm {
  readonly w: Q[];
  readonly norm2: Q;
  readonly alpha: Q[];
  readonly support: number[];
}

/** Rows z_n = y_n x_n as exact rationals. */
export function absorbExact(X: readonly (readonly string[])[], y: readonly string[]): Q[][] {
  return X.map((row, n) => row.map((x) => (y[n] === '-1' ? neg(parseNum(x)) : parseNum(x))));
}

/** Brute-force exact SVM over all support subsets (N ≤ ~10). */
export function bruteForceSvm(Z: readonly (readonly Q[])[]): ExactSvm | null {
  const N = Z.length;
  const d = Z[0]?.length ?? 0;
  let best: ExactSvm | null = null;
  for (let mask = 1; mask < 1 << N; mask++) {
    const S = Array.from({ length: N }, (_, i) => i).filter((i) => (mask >> i) & 1);
    if (S.length > d) continue; // linearly dependent: some smaller subset carries an optimal α
    const G = S.map((i) => S.map((j) => dot(Z[i]!, Z[j]!)));
    const aS = qsolve(
      G,
      S.map(() => ONE),
    );
    if (aS === null || aS.some((a) => cmp(a, ZERO) < 0)) continue;
    const w = Array.from({ length: d }, (_, j) => S.reduce((s, i, k) => add(s, mul(aS[k]!, Z[i]![j]!)), ZERO));
    if (Z.some((z) => cmp(dot(z, w), ONE) < 0)) continue;
    const norm2 = dot(w, w);
    if (best === null || cmp(norm2, best.norm2) < 0) {
      const alpha = Array.from({ length: N }, () => ZERO);
      S.forEach((i, k) => (alpha[i] = aS[k]!));
      best = { w, norm2, alpha, support: S.filter((_, k) => !isZero(aS[k]!)) };
    }
  }
  return best;
}
