/**
 * Symmetric eigendecomposition with rigorous a-posteriori error bounds, written once over any Backend.
 *
 * Method: one-sided cyclic Jacobi with threshold (jacobi.ts) on the shifted SPD matrix M = A + sI, s = 2‖A‖_F, whose
 * eigenvectors are A's; the eigenvalues are then the Rayleigh quotients θ_k = q_kᵀAq_k / q_kᵀq_k on the ORIGINAL A,
 * so the shift costs no absolute accuracy. The error bars do not trust the iteration at all: they are computed from
 * the residuals r_k = Aq_k − θ_k q_k and the measured loss of orthogonality of Q = [q_1 … q_n]:
 *
 * 1. Global (sorted matching, any spectrum): with η ≥ ‖QᵀQ − I‖₂ < 1 and R = AQ − QΘ,
 *      |λ_k(A) − θ_[k]| ≤ δ := (‖R‖_F + (θ_max − θ_min)·η) / √(1 − η)   for every k (sorted descending).
 *    Proof: Q = UP (polar), Ã = UᵀAU = Θ + X; from AQ − QΘ = R, XP = UᵀR − (ΘP − PΘ), and
 *    ΘP − PΘ = (Θ − cI)(P − I) − (P − I)(Θ − cI) gives ‖ΘP − PΘ‖ ≤ (θ_max − θ_min)‖P − I‖ ≤ spread·η;
 *    ‖P⁻¹‖ ≤ 1/√(1 − η). X is symmetric, so Weyl's theorem matches sorted eigenvalues of Ã = Θ + X with sorted θ.
 * 2. Residual (Bauer–Fike for symmetric A): some eigenvalue lies within ρ_k = ‖r_k‖/‖q_k‖ of θ_k. When the global
 *    bars of the neighbours show that λ_{k−1} and λ_{k+1} lie outside [θ_k − ρ_k, θ_k + ρ_k], that eigenvalue is λ_k.
 * 3. Kato–Temple (Parlett, "The Symmetric Eigenvalue Problem", Thm 10.5.1): if (α, β) contains θ and only the
 *    eigenvalue λ, then θ − ρ²/(β − θ) ≤ λ ≤ θ + ρ²/(θ − α), θ the exact Rayleigh quotient. We apply it with
 *    α, β from the neighbours' global bars and pay the rounding error e_RQ of the computed Rayleigh quotient.
 * 4. Eigenvector angle (Davis–Kahan, single vector, any shift μ): sin∠(q_k, x_k) ≤ ‖Aq_k − μq_k‖ / (‖q_k‖·gap), gap =
 *    distance from μ to the other eigenvalues; reported only for isolated eigenvalues (else the trivial bound 1).
 *
 * Rounding of the bounds themselves (bounds.ts, g(n) = 2(n+2)u ≥ γ_{n+2}):
 *  - residual: ‖r_true‖ ≤ ‖r̂‖(1 + 2g) + 2g(‖A‖_F + |θ|)‖q‖   (gemv γ_n|A||q|, scaling u|θ||q|, subtraction, nrm2);
 *  - Rayleigh quotient: |θ̂ − θ*| ≤ γ_n‖A‖_F(1+γ_n) + γ_n‖A‖_F + (γ_n + u)|θ*| ≤ 2g(‖A‖_F + |θ̂|) for ‖q‖ ≈ 1;
 *  - orthogonality: fl(QᵀQ) has entrywise error ≤ γ_n‖q_i‖‖q_j‖, whose 2-norm is ≤ γ_n Σ‖q_i‖² (a rank-one bound).
 * So for well-conditioned data the bars are a few n·u·‖A‖_F (plus n²·u·spread for clusters).
 */
import type { Backend, Repr, S, V, M } from '../numeric/types.js';
import { down, lt, maxOf, residualUpper, roundoff, up } from './bounds.js';
import { oneSidedJacobi } from './jacobi.js';

export interface EighOptions {
  /** Cap on Jacobi sweeps (default 60). The bounds stay valid when it is hit; `converged` reports it. */
  readonly maxSweeps?: number;
}

/** Eigen-decomposition A = Σ λ_k x_k x_kᵀ with error bars; index k = 0 is the LARGEST eigenvalue. */
export interface EighResult<R extends Repr> {
  /** Computed eigenvalues θ_k (Rayleigh quotients), sorted descending. */
  readonly values: S<R>[];
  /** |λ_k(A) − values[k]| ≤ errors[k], where λ_k(A) is the k-th largest exact eigenvalue of A. */
  readonly errors: S<R>[];
  /** Unit eigenvectors as an array of vectors: vectors[k] belongs to values[k] (mutually orthonormal to ~n·u). */
  readonly vectors: V<R>[];
  /** sin∠(vectors[k], exact eigenvector) ≤ vectorErrors[k]; equals 1 (no information) for a non-isolated λ_k. */
  readonly vectorErrors: S<R>[];
  /** Upper bounds on ‖A q_k − θ_k q_k‖ / ‖q_k‖ (exact residuals, rounding included). */
  readonly residuals: S<R>[];
  /** δ: a bound valid for every k at once (sorted matching); errors[k] ≤ globalError. */
  readonly globalError: S<R>;
  /** η ≥ ‖QᵀQ − I‖₂ for Q = [vectors]. */
  readonly orthogonality: S<R>;
  /** Jacobi sweeps used, and whether the threshold was met (the bounds are valid either way). */
  readonly sweeps: number;
  readonly converged: boolean;
}

/** A single eigenpair with its value bar and eigenvector-angle bar. */
export interface EigenPair<R extends Repr> {
  readonly value: S<R>;
  readonly err: S<R>;
  readonly vector: V<R>;
  readonly vectorErr: S<R>;
}

function checkSymmetric<R extends Repr>(B: Backend<R>, A: M<R>, where: string): number {
  const n = B.rows(A);
  if (B.cols(A) !== n) throw new RangeError(`${where}: A must be square, got ${n}×${B.cols(A)}`);
  if (n === 0) throw new RangeError(`${where}: A is empty (0×0); pass at least a 1×1 matrix`);
  if (!B.allFinite(B.flatten(A))) throw new RangeError(`${where}: A has a non-finite entry (NaN or ±Infinity)`);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (B.cmp(B.mget(A, i, j), B.mget(A, j, i)) !== 0) {
        throw new RangeError(
          `${where}: A is not symmetric (A[${i}][${j}] = ${B.show(B.mget(A, i, j))} ≠ A[${j}][${i}] = ` +
            `${B.show(B.mget(A, j, i))}); pass (A + Aᵀ)/2 if that is what you mean`,
        );
      }
    }
  }
  return n;
}

/**
 * Symmetric eigendecomposition A = Σ_k λ_k x_k x_kᵀ, eigenvalues descending, each with a rigorous error bar
 * (residual / Kato–Temple / global Weyl bound, see the module comment). Throws a RangeError if A is not square,
 * not exactly symmetric, or has a non-finite entry.
 */
export function eigh<R extends Repr>(B: Backend<R>, A: M<R>, opts: EighOptions = {}): EighResult<R> {
  const n = checkSymmetric(B, A, 'eigh');
  const g = roundoff(B, n);
  const twoG = B.add(g, g);
  const normF = B.nrm2(B.flatten(A));
  const normFUp = up(B, normF, roundoff(B, n * n));

  // M = A + sI with s = 2‖A‖_F: eigenvalues of M lie in [‖A‖_F, 3‖A‖_F] (condition ≤ 3), so one-sided Jacobi on M
  // converges fast and its V holds A's eigenvectors. M is symmetric, so its columns are the rows of A shifted.
  const shift = B.add(normF, normF);
  const cols = Array.from({ length: n }, (_, j) => B.with(B.row(A, j), j, B.add(B.mget(A, j, j), shift)));
  const jac = oneSidedJacobi(B, cols, opts.maxSweeps);

  const pairs = jac.vt.map((v) => {
    const q = B.scal(B.div(B.one, B.nrm2(v)), v);
    const y = B.gemv(A, q);
    const theta = B.div(B.dot(q, y), B.dot(q, q));
    const r = B.axpy(B.neg(theta), q, y);
    const qn = B.nrm2(q);
    const qnUp = up(B, qn, g);
    const rUp = residualUpper(B, B.nrm2(r), g, normFUp, theta, qnUp);
    return { q, theta, qnUp, rUp, rho: up(B, B.div(rUp, down(B, qn, g)), g) };
  });
  pairs.sort((a, b) => B.cmp(b.theta, a.theta));

  // η ≥ ‖QᵀQ − I‖₂: computed ‖fl(QQᵀ) − I‖_F plus the rank-one rounding bound γ_n Σ‖q_i‖².
  const Qt = B.reshape(B.concat(pairs.map((p) => p.q)), n, n);
  const gram = B.gemm(Qt, Qt, false, true);
  let sumQ2 = B.zero;
  for (const p of pairs) sumQ2 = B.add(sumQ2, B.mul(p.qnUp, p.qnUp));
  const eta = B.add(up(B, B.nrm2(B.vsub(B.flatten(gram), B.flatten(B.eye(n)))), twoG), B.mul(twoG, sumQ2));
  if (B.cmp(eta, B.num('0.5')) >= 0) {
    throw new Error(
      `eigh: computed eigenvectors lost orthogonality (‖QᵀQ − I‖ ≤ ${B.show(eta)} is not < 1/2); ` +
        'this indicates overflow/underflow in A — rescale A',
    );
  }

  let sumR2 = B.zero;
  for (const p of pairs) sumR2 = B.add(sumR2, B.mul(p.rUp, p.rUp));
  const normR = up(B, B.sqrt(sumR2), g);
  const thetas = pairs.map((p) => p.theta);
  const spread = up(B, B.sub(thetas[0]!, thetas[n - 1]!), g);
  const delta = up(B, B.div(B.add(normR, B.mul(spread, eta)), B.sqrt(B.sub(B.one, eta))), twoG);

  // pad absorbs the rounding of the comparisons below (each side is a sum of a few numbers of size ≤ scale).
  const rhos = pairs.map((p) => p.rho);
  const scale = B.add(
    B.add(
      maxOf(
        B,
        thetas.map((t) => B.abs(t)),
      ),
      maxOf(B, rhos),
    ),
    delta,
  );
  const pad = B.mul(B.mul(B.int(4), B.eps), scale);

  const errors: S<R>[] = [];
  const vectorErrors: S<R>[] = [];
  for (let k = 0; k < n; k++) {
    const { theta, rho } = pairs[k]!;
    // All eigenvalues other than λ_k are ≥ beta (those above) or ≤ alpha (those below), by the global bound.
    const beta = k > 0 ? B.sub(B.sub(thetas[k - 1]!, delta), pad) : null;
    const alpha = k < n - 1 ? B.add(B.add(thetas[k + 1]!, delta), pad) : null;
    const inside = (w: S<R>): boolean =>
      (beta === null || lt(B, B.add(B.add(theta, w), pad), beta)) &&
      (alpha === null || lt(B, alpha, B.sub(B.sub(theta, w), pad)));
    let err = delta;
    let vErr = B.one;
    if (inside(rho)) {
      err = B.min(err, rho);
      const eRq = up(B, B.mul(twoG, B.add(normFUp, B.abs(theta))), twoG);
      if (inside(eRq)) {
        // Kato–Temple around the exact Rayleigh quotient θ* ∈ [θ − e_RQ, θ + e_RQ]; ρ ≥ ‖Aq − θ*q‖/‖q‖.
        const rho2 = B.mul(rho, rho);
        const devUp = alpha === null ? eRq : B.add(eRq, B.div(rho2, B.sub(B.sub(theta, eRq), alpha)));
        const devDown = beta === null ? eRq : B.add(eRq, B.div(rho2, B.sub(B.sub(beta, theta), eRq)));
        err = B.min(err, B.add(up(B, B.max(devUp, devDown), g), pad));
      }
      // Davis–Kahan with μ = θ: gap ≥ min(β − θ, θ − α).
      let gap: S<R> | null = null;
      if (beta !== null) gap = B.sub(beta, theta);
      if (alpha !== null) gap = gap === null ? B.sub(theta, alpha) : B.min(gap, B.sub(theta, alpha));
      vErr = gap === null ? B.zero : B.min(B.one, up(B, B.div(rho, gap), g));
    }
    errors.push(err);
    vectorErrors.push(vErr);
  }

  return {
    values: thetas,
    errors,
    vectors: pairs.map((p) => p.q),
    vectorErrors,
    residuals: rhos,
    globalError: delta,
    orthogonality: eta,
    sweeps: jac.sweeps,
    converged: jac.converged,
  };
}

/** Largest eigenvalue λ_max(A) of a symmetric matrix with its error bar and unit eigenvector (e.g. sharpness). */
export function topEigen<R extends Repr>(B: Backend<R>, A: M<R>, opts: EighOptions = {}): EigenPair<R> {
  const e = eigh(B, A, opts);
  return { value: e.values[0]!, err: e.errors[0]!, vector: e.vectors[0]!, vectorErr: e.vectorErrors[0]! };
}

/** Smallest eigenvalue λ_min(A) of a symmetric matrix with its error bar and unit eigenvector. */
export function bottomEigen<R extends Repr>(B: Backend<R>, A: M<R>, opts: EighOptions = {}): EigenPair<R> {
  const e = eigh(B, A, opts);
  const k = e.values.length - 1;
  return { value: e.values[k]!, err: e.errors[k]!, vector: e.vectors[k]!, vectorErr: e.vectorErrors[k]! };
}
