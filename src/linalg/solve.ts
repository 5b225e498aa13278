/**
 * Dense linear solves over any Backend: LU with partial pivoting (general square A) and Cholesky (symmetric positive
 * definite A). Singular / not-positive-definite systems are expected outcomes (e.g. an active-set QP guessing a
 * support set), so they are returned as values `{ ok: false, reason }`; only malformed input throws.
 *
 * Row operations use the kernels axpy/dot; the O(n) pivot search and back substitution use scalars.
 */
import type { Backend, Repr, S, V, M } from '../numeric/types.js';

/** Outcome of a solve: x with the computed residual norm ‖b − Ax‖₂, or why no solution was produced. */
export type SolveResult<R extends Repr> =
  { readonly ok: true; readonly x: V<R>; readonly residual: S<R> } | { readonly ok: false; readonly reason: string };

/** Outcome of a Cholesky factorization A = LLᵀ (L lower triangular, as rows). */
export type CholeskyResult<R extends Repr> =
  { readonly ok: true; readonly L: M<R> } | { readonly ok: false; readonly reason: string };

function checkSystem<R extends Repr>(B: Backend<R>, A: M<R>, b: V<R>, where: string): number {
  const n = B.rows(A);
  if (B.cols(A) !== n) throw new RangeError(`${where}: A must be square, got ${n}×${B.cols(A)}`);
  if (n === 0) throw new RangeError(`${where}: A is empty (0×0)`);
  if (B.dim(b) !== n) throw new RangeError(`${where}: b has length ${B.dim(b)}, expected ${n} (rows of A)`);
  if (!B.allFinite(B.flatten(A))) throw new RangeError(`${where}: A has a non-finite entry`);
  if (!B.allFinite(b)) throw new RangeError(`${where}: b has a non-finite entry`);
  return n;
}

function residualNorm<R extends Repr>(B: Backend<R>, A: M<R>, x: V<R>, b: V<R>): S<R> {
  return B.nrm2(B.vsub(b, B.gemv(A, x)));
}

/**
 * Solve A x = b by Gaussian elimination with partial pivoting (PA = LU).
 *
 * Returns `{ ok: false }` when a pivot is ≤ n·u·max|A_ij| in magnitude: A is singular to working precision (the
 * backward error of LU, ‖ΔA‖ ≲ n·u·growth·‖A‖, could make it exactly singular). For certified answers check the
 * returned residual, or re-solve at higher precision.
 */
export function solve<R extends Repr>(B: Backend<R>, A: M<R>, b: V<R>): SolveResult<R> {
  const n = checkSystem(B, A, b, 'solve');
  const maxA = B.amax(B.flatten(A));
  if (B.isZero(maxA)) return { ok: false, reason: 'solve: A is the zero matrix' };
  const tiny = B.mul(B.mul(B.int(n), B.eps), maxA);
  // Augmented rows [A | b]; elimination is one axpy per (row, pivot).
  const rows: V<R>[] = Array.from({ length: n }, (_, i) => B.concat([B.row(A, i), B.slice(b, i, i + 1)]));
  for (let k = 0; k < n; k++) {
    let p = k;
    let best = B.abs(B.at(rows[k]!, k));
    for (let i = k + 1; i < n; i++) {
      const a = B.abs(B.at(rows[i]!, k));
      if (B.cmp(a, best) > 0) {
        best = a;
        p = i;
      }
    }
    if (B.cmp(best, tiny) <= 0) {
      return {
        ok: false,
        reason:
          `solve: A is singular to working precision (pivot ${k} has |u_kk| = ${B.show(best)} ≤ n·u·max|A| = ` +
          `${B.show(tiny)}); re-solve at higher precision or regularize`,
      };
    }
    if (p !== k) [rows[k], rows[p]] = [rows[p]!, rows[k]!];
    const pivotRow = rows[k]!;
    const pivot = B.at(pivotRow, k);
    for (let i = k + 1; i < n; i++) {
      const l = B.div(B.at(rows[i]!, k), pivot);
      if (!B.isZero(l)) rows[i] = B.axpy(B.neg(l), pivotRow, rows[i]!);
    }
  }
  // Back substitution: x_k = (c_k − Σ_{j>k} u_kj x_j) / u_kk.
  const xs: S<R>[] = new Array<S<R>>(n);
  for (let k = n - 1; k >= 0; k--) {
    const row = rows[k]!;
    const tail = k + 1 < n ? B.dot(B.slice(row, k + 1, n), B.pack(xs.slice(k + 1))) : B.zero;
    xs[k] = B.div(B.sub(B.at(row, n), tail), B.at(row, k));
  }
  const x = B.pack(xs);
  return { ok: true, x, residual: residualNorm(B, A, x, b) };
}

/**
 * Cholesky factorization A = LLᵀ of a symmetric positive definite matrix (only the lower triangle of A is read).
 * Returns `{ ok: false }` when a pivot A_jj − Σ L_jk² is not positive: A is not positive definite to working
 * precision.
 */
export function cholesky<R extends Repr>(B: Backend<R>, A: M<R>): CholeskyResult<R> {
  const n = B.rows(A);
  if (B.cols(A) !== n) throw new RangeError(`cholesky: A must be square, got ${n}×${B.cols(A)}`);
  if (n === 0) throw new RangeError('cholesky: A is empty (0×0)');
  if (!B.allFinite(B.flatten(A))) throw new RangeError('cholesky: A has a non-finite entry');
  const L: S<R>[][] = [];
  const packed: V<R>[] = []; // packed[i] = first i entries of row i of L (for dot products)
  for (let i = 0; i < n; i++) {
    const Li: S<R>[] = [];
    for (let j = 0; j <= i; j++) {
      // row j of L restricted to its first j entries (for j = i that is the part of row i built so far)
      const Lj = j === i ? B.pack(Li) : B.slice(packed[j]!, 0, j);
      const s = j === 0 ? B.zero : B.dot(B.pack(Li.slice(0, j)), Lj);
      const a = B.sub(B.mget(A, i, j), s);
      if (i === j) {
        if (B.cmp(a, B.zero) <= 0 || !B.isFinite(a)) {
          return {
            ok: false,
            reason: `cholesky: A is not positive definite (pivot ${i}: A_ii − Σ L_ik² = ${B.show(a)} ≤ 0)`,
          };
        }
        Li.push(B.sqrt(a));
      } else {
        Li.push(B.div(a, L[j]![j]!));
      }
    }
    L.push(Li);
    packed.push(B.pack(Li));
  }
  const full = L.map((Li) => B.concat([B.pack(Li), B.zeros(n - Li.length)]));
  return { ok: true, L: B.reshape(B.concat(full), n, n) };
}

/** Solve A x = b for symmetric positive definite A via Cholesky (forward then back substitution). */
export function solveSPD<R extends Repr>(B: Backend<R>, A: M<R>, b: V<R>): SolveResult<R> {
  const n = checkSystem(B, A, b, 'solveSPD');
  const ch = cholesky(B, A);
  if (!ch.ok) return ch;
  const L = ch.L;
  // L y = b
  const ys: S<R>[] = [];
  for (let i = 0; i < n; i++) {
    const s = i === 0 ? B.zero : B.dot(B.slice(B.row(L, i), 0, i), B.pack(ys));
    ys.push(B.div(B.sub(B.at(b, i), s), B.mget(L, i, i)));
  }
  // Lᵀ x = y; column i of L is row i of Lᵀ.
  const xs: S<R>[] = new Array<S<R>>(n);
  for (let i = n - 1; i >= 0; i--) {
    const s = i + 1 < n ? B.dot(B.slice(B.col(L, i), i + 1, n), B.pack(xs.slice(i + 1))) : B.zero;
    xs[i] = B.div(B.sub(ys[i]!, s), B.mget(L, i, i));
  }
  const x = B.pack(xs);
  return { ok: true, x, residual: residualNorm(B, A, x, b) };
}
