/**
 * One-sided (Hestenes) cyclic Jacobi with threshold: the core shared by `eigh` and `svd`.
 *
 * Given the k columns w_1..w_k of a matrix W (each of length m), it applies plane rotations to pairs of columns
 * until all are mutually orthogonal to working precision, accumulating the same rotations in V (k×k, V₀ = I):
 * W_final = W₀·V with V orthogonal. For W₀ = A this is the SVD (columns of W_final = σ_j u_j, columns of V = v_j);
 * for W₀ = A + sI symmetric positive definite the columns of V are eigenvectors of A (Demmel & Veselić 1992,
 * "Jacobi's method is more accurate than QR", SIAM J. Matrix Anal. Appl. 13(4), §4).
 *
 * Everything is a row/column operation, so the sweep uses only the kernels dot, scal and axpy.
 */
import type { Backend, Repr, V } from '../numeric/types.js';

export interface JacobiResult<R extends Repr> {
  /** The rotated columns W₀·V (column j is `cols[j]`). */
  readonly cols: V<R>[];
  /** The rows of Vᵀ, i.e. `vt[j]` is column j of the accumulated rotation V. */
  readonly vt: V<R>[];
  /** Number of sweeps performed (the last one applied no rotation when `converged`). */
  readonly sweeps: number;
  /** True when a full sweep found every pair orthogonal to the threshold. */
  readonly converged: boolean;
}

/** Default cap on sweeps: Jacobi converges quadratically, ~log₂(digits) + n-dependent sweeps; 60 is far beyond. */
export const DEFAULT_MAX_SWEEPS = 60;

/**
 * Orthogonalize the columns `cols` by cyclic one-sided Jacobi.
 *
 * Pair (p, q) is rotated when |w_pᵀw_q| > tol·‖w_p‖‖w_q‖ with tol = m·u: below that the computed inner product is
 * indistinguishable from rounding noise (|fl(xᵀy) − xᵀy| ≤ γ_m‖x‖‖y‖), so demanding more could loop forever.
 * The rotation [c s; −s c] zeroes the pair's inner product exactly in exact arithmetic:
 *   ζ = (‖w_q‖² − ‖w_p‖²)/(2 w_pᵀw_q),  t = sign(ζ)/(|ζ| + √(1+ζ²)),  c = 1/√(1+t²),  s = c·t,
 *   w_p ← c·w_p − s·w_q,  w_q ← s·w_p + c·w_q   (and the same on the columns of V).
 */
export function oneSidedJacobi<R extends Repr>(
  B: Backend<R>,
  cols: readonly V<R>[],
  maxSweeps = DEFAULT_MAX_SWEEPS,
): JacobiResult<R> {
  const k = cols.length;
  const m = k === 0 ? 0 : B.dim(cols[0]!);
  const w = cols.slice();
  const vt: V<R>[] = Array.from({ length: k }, (_, i) => B.basis(k, i));
  const tol = B.mul(B.int(Math.max(m, 1)), B.eps);
  let sweeps = 0;
  let converged = k <= 1;
  while (!converged && sweeps < maxSweeps) {
    sweeps++;
    let rotated = false;
    for (let p = 0; p < k - 1; p++) {
      for (let q = p + 1; q < k; q++) {
        const wp = w[p]!;
        const wq = w[q]!;
        const alpha = B.dot(wp, wp);
        const beta = B.dot(wq, wq);
        const gamma = B.dot(wp, wq);
        if (B.isZero(gamma) || B.isZero(alpha) || B.isZero(beta)) continue;
        // |γ| ≤ tol·√(αβ) ⇔ γ² ≤ tol²·α·β (no square root; α, β ≥ 0)
        if (B.cmp(B.mul(gamma, gamma), B.mul(B.mul(tol, tol), B.mul(alpha, beta))) <= 0) continue;
        rotated = true;
        const zeta = B.div(B.sub(beta, alpha), B.add(gamma, gamma));
        const az = B.abs(zeta);
        // √(1+ζ²) without overflow of ζ² for huge |ζ| (f64): |ζ|·√(1 + ζ⁻²)
        const root =
          B.cmp(az, B.one) > 0
            ? B.mul(az, B.sqrt(B.add(B.one, B.powi(az, -2))))
            : B.sqrt(B.add(B.one, B.mul(zeta, zeta)));
        let t = B.div(B.one, B.add(az, root));
        if (B.cmp(zeta, B.zero) < 0) t = B.neg(t);
        const c = B.div(B.one, B.sqrt(B.add(B.one, B.mul(t, t))));
        const s = B.mul(c, t);
        const ns = B.neg(s);
        w[p] = B.axpy(ns, wq, B.scal(c, wp));
        w[q] = B.axpy(s, wp, B.scal(c, wq));
        const vp = vt[p]!;
        const vq = vt[q]!;
        vt[p] = B.axpy(ns, vq, B.scal(c, vp));
        vt[q] = B.axpy(s, vp, B.scal(c, vq));
      }
    }
    if (!rotated) converged = true;
  }
  return { cols: w, vt, sweeps, converged };
}
