/**
 * Singular value decomposition with rigorous error bars, written once over any Backend.
 *
 * Method: one-sided (Hestenes) Jacobi (jacobi.ts) on the columns of the tall orientation A_w (A itself if m ≥ n, else
 * Aᵀ; k = min(m, n) columns of length M = max(m, n)): A_w·V̂ = W with orthogonal columns, σ̂_j = ‖w_j‖, u_j = w_j/σ̂_j.
 *
 * Error bars (none trust the iteration):
 * 1. Global, relative (sorted matching). Recompute Ŵ = fl(A_w V̂) (‖Ŵ − A_wV̂‖₂ ≤ e_W := γ_k‖A‖_F‖V̂‖_F). Write
 *    Ŵ = Û·D with D = diag(d_j), d_j = ‖ŵ_j‖ and Û's columns unit; with η_U ≥ ‖ÛᵀÛ − I‖₂ (over nonzero columns),
 *    Ostrowski's theorem on M^{1/2}D²M^{1/2} (M = ÛᵀÛ) gives σ_i(Ŵ) ∈ d_[i]·[√(1−η_U), √(1+η_U)]; Weyl adds ±e_W;
 *    and A_w = (A_wV̂)V̂⁻¹ gives σ_i(A) ∈ σ_i(A_wV̂)·[1/√(1+η_V), 1/√(1−η_V)] with η_V ≥ ‖V̂ᵀV̂ − I‖₂.
 * 2. Residual (Jordan–Wielandt): J = [0 A_w; A_wᵀ 0] has eigenvalues ±σ_i and zeros; x = (u; v)/√2 has residual
 *    (A_w v − σ̂u; A_wᵀu − σ̂v)/√2, so some eigenvalue of J lies within ρ = √((‖r‖² + ‖s‖²)/2)/‖x‖ of σ̂. When the
 *    global bars show σ_{j+1} (and 0, −σ_i) below and σ_{j−1} above that interval, it is σ_j.
 * 3. Singular vectors (Davis–Kahan on J, any shift): sin∠(x, x_true) ≤ ρ/gap, and since x = (u; v)/√2,
 *    sin∠(u, u_true), sin∠(v, v_true) ≤ 2·sin∠(x, x_true) (cos∠(x,x_t) = (uᵀu_t + vᵀv_t)/2 ⇒ each cos ≥ 2c − 1).
 *    Reported only for isolated σ_j (else 1).
 * Rounding of the bound computations follows bounds.ts (g(n) = 2(n+2)u with a factor-2 margin).
 */
import type { Backend, Measured, Repr, S, V, M } from '../numeric/types.js';
import { down, lt, maxOf, residualUpper, roundoff, up } from './bounds.js';
import { oneSidedJacobi } from './jacobi.js';

export interface SvdOptions {
  /** Cap on Jacobi sweeps (default 60). The bounds stay valid when it is hit; `converged` reports it. */
  readonly maxSweeps?: number;
}

/** Thin SVD A = Σ_j σ_j u_j v_jᵀ, j = 0 the largest, with error bars. */
export interface SvdResult<R extends Repr> {
  /** σ̂_j, descending, k = min(m, n) of them. */
  readonly values: S<R>[];
  /** |σ_j(A) − values[j]| ≤ errors[j] (σ_j(A) the j-th largest exact singular value). */
  readonly errors: S<R>[];
  /** Left singular vectors u_j ∈ ℝ^m (unit). When σ̂_j = 0 exactly, u_j (or v_j for m < n) is the ZERO vector:
   * the iteration determined no direction for it. */
  readonly U: V<R>[];
  /** Right singular vectors v_j ∈ ℝ^n (unit, see U for the σ̂ = 0 caveat). */
  readonly V: V<R>[];
  /** Bound on the sine of the angle between u_j (and v_j) and the exact singular vectors; 1 when σ_j is not
   * isolated (repeated/clustered or within its bar of 0). */
  readonly vectorErrors: S<R>[];
  readonly sweeps: number;
  readonly converged: boolean;
}

/** Top singular triple σ₁, u₁, v₁ with bars. */
export interface TopSingular<R extends Repr> {
  readonly value: S<R>;
  readonly err: S<R>;
  readonly u: V<R>;
  readonly v: V<R>;
  readonly vectorErr: S<R>;
}

function checkMatrix<R extends Repr>(B: Backend<R>, A: M<R>, where: string): void {
  if (B.rows(A) === 0 || B.cols(A) === 0) {
    throw new RangeError(`${where}: A is empty (${B.rows(A)}×${B.cols(A)}); pass at least a 1×1 matrix`);
  }
  if (!B.allFinite(B.flatten(A))) throw new RangeError(`${where}: A has a non-finite entry (NaN or ±Infinity)`);
}

/** η ≥ ‖GGᵀ − I‖₂ for the rows of G (k rows): computed Frobenius norm plus the rank-one rounding bound. */
function rowOrthogonality<R extends Repr>(B: Backend<R>, rows: readonly V<R>[], g: S<R>): S<R> {
  const k = rows.length;
  const len = B.dim(rows[0]!);
  const G = B.reshape(B.concat(rows), k, len);
  const twoG = B.add(g, g);
  let sum = B.zero;
  for (const r of rows) sum = B.add(sum, up(B, B.dot(r, r), twoG));
  return B.add(
    up(B, B.nrm2(B.vsub(B.flatten(B.gemm(G, G, false, true)), B.flatten(B.eye(k)))), twoG),
    B.mul(twoG, sum),
  );
}

/**
 * Thin singular value decomposition of an m×n matrix by one-sided Jacobi, singular values descending with rigorous
 * error bars (relative global bound and residual bound, see the module comment). Throws a RangeError if A is empty
 * or has a non-finite entry.
 */
export function svd<R extends Repr>(B: Backend<R>, A: M<R>, opts: SvdOptions = {}): SvdResult<R> {
  checkMatrix(B, A, 'svd');
  const m = B.rows(A);
  const n = B.cols(A);
  const tall = m >= n;
  const Aw = tall ? A : B.transpose(A);
  const bigM = Math.max(m, n);
  const k = Math.min(m, n);
  const gM = roundoff(B, bigM);
  const gk = roundoff(B, k);
  const g = B.max(gM, gk);
  const twoG = B.add(g, g);
  const normFUp = up(B, B.nrm2(B.flatten(A)), roundoff(B, m * n));

  const jac = oneSidedJacobi(
    B,
    Array.from({ length: k }, (_, j) => B.col(Aw, j)),
    opts.maxSweeps,
  );
  const vs = jac.vt.map((v) => B.scal(B.div(B.one, B.nrm2(v)), v));
  const cols = vs.map((v) => {
    const w = B.gemv(Aw, v);
    return { v, w, d: B.nrm2(w) };
  });
  cols.sort((a, b) => B.cmp(b.d, a.d));

  // Global bound (1).
  const etaV = rowOrthogonality(
    B,
    cols.map((c) => c.v),
    gk,
  );
  if (B.cmp(etaV, B.num('0.5')) >= 0) {
    throw new Error(
      `svd: the rotations lost orthogonality (η_V ≤ ${B.show(etaV)} is not < 1/2); ` +
        'this indicates overflow/underflow in A — rescale A',
    );
  }
  let sumV2 = B.zero;
  for (const c of cols) sumV2 = B.add(sumV2, B.dot(c.v, c.v));
  const eW = B.mul(twoG, B.mul(normFUp, up(B, B.sqrt(sumV2), twoG)));
  const sVlo = B.sqrt(B.sub(B.one, etaV));
  const sVhi = B.sqrt(B.add(B.one, etaV));
  const values = cols.map((c) => c.d);
  // Columns whose norm is at rounding level are not orthogonal to anything (their cosines are noise), so split
  // Ŵ = [Ŵ_L, 0] + [0, Ŵ_S] after the t largest columns: σ_i(Ŵ) ∈ σ_i([Ŵ_L, 0]) ± ‖Ŵ_S‖_F (Weyl), with the
  // Ostrowski enclosure for Ŵ_L. Every t gives a valid enclosure; we intersect them all (t = 0 is [0, ‖Ŵ‖_F]).
  const cosRow: S<R>[] = []; // cosRow[t] = Σ_{i<t} c_it²
  for (let t = 0; t < k; t++) {
    let acc = B.zero;
    const ct = cols[t]!;
    if (!B.isZero(ct.d)) {
      for (let i = 0; i < t; i++) {
        const ci = cols[i]!;
        if (B.isZero(ci.d)) continue;
        const c = B.div(B.dot(ci.w, ct.w), B.mul(ci.d, ct.d));
        acc = B.add(acc, B.mul(c, c));
      }
    }
    cosRow.push(acc);
  }
  const tail: S<R>[] = new Array<S<R>>(k + 1); // tail[t] ≥ ‖Ŵ_S‖_F for S = {t, …, k−1}
  tail[k] = B.zero;
  for (let t = k - 1; t >= 0; t--) tail[t] = B.add(tail[t + 1]!, B.mul(values[t]!, values[t]!));
  for (let t = 0; t <= k; t++) tail[t] = up(B, up(B, B.sqrt(tail[t]!), gM), twoG);
  const wLo: S<R>[] = values.map(() => B.zero);
  const wHi: S<R>[] = values.map(() => tail[0]!);
  let pairSum = B.zero;
  for (let t = 1; t <= k; t++) {
    pairSum = B.add(pairSum, cosRow[t - 1]!);
    // ‖ÛᵀÛ − I‖₂ over the first t columns: off-diagonal Frobenius norm plus entrywise rounding ≤ 3g per cosine.
    const etaU = B.add(up(B, B.sqrt(B.add(pairSum, pairSum)), twoG), B.mul(B.int(3 * t), g));
    if (B.cmp(etaU, B.num('0.5')) >= 0) continue;
    const sUlo = B.sqrt(B.sub(B.one, etaU));
    const sUhi = B.sqrt(B.add(B.one, etaU));
    const eS = tail[t]!;
    for (let i = 0; i < k; i++) {
      const d = values[i]!;
      const l = i < t ? down(B, B.sub(B.mul(down(B, d, gM), sUlo), eS), twoG) : B.zero;
      const h = i < t ? up(B, B.add(B.mul(up(B, d, gM), sUhi), eS), twoG) : eS;
      wLo[i] = B.max(wLo[i]!, l);
      wHi[i] = B.min(wHi[i]!, h);
    }
  }
  // σ_i(A_wV̂) ∈ σ_i(Ŵ) ± e_W, then σ_i(A) ∈ σ_i(A_wV̂)·[1/√(1+η_V), 1/√(1−η_V)].
  const lo = wLo.map((l) => down(B, B.div(B.sub(l, eW), sVhi), twoG));
  const hi = wHi.map((h) => up(B, B.div(B.add(h, eW), sVlo), twoG));
  const errors = values.map((d, j) => B.max(B.sub(d, lo[j]!), B.sub(hi[j]!, d)));

  // Residual refinement (2) and vector bounds (3).
  const Us = cols.map((c) => (B.isZero(c.d) ? B.zeros(bigM) : B.scal(B.div(B.one, c.d), c.w)));
  const rhos: (S<R> | null)[] = cols.map((c, j) => {
    if (B.isZero(c.d)) return null;
    const u = Us[j]!;
    const sigma = c.d;
    const un = B.nrm2(u);
    const vn = B.nrm2(c.v);
    const r = B.axpy(B.neg(sigma), u, B.gemv(Aw, c.v));
    const s = B.axpy(B.neg(sigma), c.v, B.gemv(Aw, u, true));
    const rUp = residualUpper(B, B.nrm2(r), g, normFUp, sigma, up(B, vn, g));
    const sUp = residualUpper(B, B.nrm2(s), g, normFUp, sigma, up(B, un, g));
    const num = B.sqrt(B.add(B.mul(rUp, rUp), B.mul(sUp, sUp)));
    const den = down(B, B.sqrt(B.add(B.mul(un, un), B.mul(vn, vn))), g); // = √2·‖x‖ lower bound
    return up(B, B.div(num, den), twoG);
  });
  const scale = B.add(
    B.add(
      maxOf(B, values),
      maxOf(
        B,
        rhos.map((r) => r ?? B.zero),
      ),
    ),
    maxOf(B, errors),
  );
  const pad = B.mul(B.mul(B.int(4), B.eps), scale);
  const vectorErrors: S<R>[] = [];
  for (let j = 0; j < k; j++) {
    const rho = rhos[j];
    const sigma = values[j]!;
    let vErr = B.one;
    if (rho !== null && rho !== undefined) {
      // Other eigenvalues of J: σ_i (i < j) ≥ beta; σ_i (i > j), zeros and −σ_i ≤ alpha (alpha ≥ 0 always).
      const beta = j > 0 ? B.sub(lo[j - 1]!, pad) : null;
      const alpha = B.add(j < k - 1 ? B.max(hi[j + 1]!, B.zero) : B.zero, pad);
      const isolated =
        (beta === null || lt(B, B.add(B.add(sigma, rho), pad), beta)) && lt(B, alpha, B.sub(B.sub(sigma, rho), pad));
      if (isolated) {
        errors[j] = B.min(errors[j]!, rho);
        const gap = beta === null ? B.sub(sigma, alpha) : B.min(B.sub(beta, sigma), B.sub(sigma, alpha));
        vErr = B.min(B.one, B.add(up(B, B.div(B.add(rho, rho), gap), g), B.mul(B.int(4), g)));
      }
    }
    vectorErrors.push(vErr);
  }

  const leftW = Us;
  const rightW = cols.map((c) => c.v);
  return {
    values,
    errors,
    U: tall ? leftW : rightW,
    V: tall ? rightW : leftW,
    vectorErrors,
    sweeps: jac.sweeps,
    converged: jac.converged,
  };
}

/** Largest singular value σ₁ = ‖A‖₂ with its bar and singular vectors u₁ ∈ ℝ^m, v₁ ∈ ℝ^n (A v₁ ≈ σ₁ u₁). */
export function topSingular<R extends Repr>(B: Backend<R>, A: M<R>, opts: SvdOptions = {}): TopSingular<R> {
  const s = svd(B, A, opts);
  return { value: s.values[0]!, err: s.errors[0]!, u: s.U[0]!, v: s.V[0]!, vectorErr: s.vectorErrors[0]! };
}

/**
 * Stable rank srank(A) = ‖A‖_F² / ‖A‖₂² ∈ [1, rank A], with an error bar from σ₁'s bar and the rounding of ‖A‖_F:
 * srank ∈ [F_lo/(σ̂₁ + e)², F_hi/(σ̂₁ − e)²] ∩ [1, min(m, n)]. Throws a RangeError when A is zero within σ₁'s bar
 * (the stable rank is then undefined).
 */
export function stableRank<R extends Repr>(B: Backend<R>, A: M<R>, opts: SvdOptions = {}): Measured<R> {
  const top = topSingular(B, A, opts);
  const m = B.rows(A);
  const n = B.cols(A);
  const gF = roundoff(B, m * n);
  const nf = B.nrm2(B.flatten(A));
  const F = B.mul(nf, nf);
  const sLo = B.sub(top.value, top.err);
  if (B.cmp(sLo, B.zero) <= 0) {
    throw new RangeError(
      `stableRank: A is zero within the error bar of σ₁ (σ₁ = ${B.show(top.value)} ± ` +
        `${B.show(top.err)}); the stable rank ‖A‖_F²/‖A‖₂² is undefined`,
    );
  }
  const sHi = B.add(top.value, top.err);
  const FLo = B.mul(down(B, nf, gF), down(B, nf, gF));
  const FHi = B.mul(up(B, nf, gF), up(B, nf, gF));
  const g = roundoff(B, 4);
  const value = B.div(F, B.mul(top.value, top.value));
  const lo = B.max(B.one, down(B, B.div(FLo, B.mul(sHi, sHi)), g));
  const hi = B.min(B.int(Math.min(m, n)), up(B, B.div(FHi, B.mul(sLo, sLo)), g));
  return { value, err: B.max(B.max(B.sub(value, lo), B.sub(hi, value)), B.zero) };
}
