/**
 * Exact SGDM moments in the quadratic's eigenbasis (docs/theorems/momentum.md M2): when H = diag(h) and the noise
 * covariance Σ = diag(σ²) are diagonal in the same basis (any commuting H, Σ after rotating to H's eigenvectors), the
 * heavy-ball state (x, m) splits into d independent 2-D systems (x_i, m_i) with
 *   A_i = [[1 − γh_i, −γβ], [h_i, β]],   c_i = (γb_i, −b_i),   Q_i = σ_i²[[γ², −γ], [−γ, 1]],
 * so from a point mass the 2d × 2d covariance of `sgdmSystem` stays zero outside the 2 × 2 blocks
 * {x_i, m_i} and each block follows P' = A_iPA_iᵀ + Q_i:
 *   P'_xx = p²P_xx + 2pqP_xm + q²P_mm,  P'_xm = prP_xx + (ps + qr)P_xm + qsP_mm,  P'_mm = r²P_xx + 2rsP_xm + s²P_mm
 * with (p, q, r, s) = (1 − γh_i, −γβ, h_i, β). Every block is carried as one entry of five backend vectors, so a step
 * costs O(d) vector kernels instead of two (2d)³ matrix products: d = 64 over 10⁴ steps is a benchmark row.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';

/** The d decoupled blocks: the data of `sgdmSystem` restricted to diagonal H and Σ. */
export interface EigenSgdm<R extends Repr> {
  readonly h: V<R>;
  readonly sigma2: V<R>;
  /** The linear term b (= h ⊙ x* for a minimizer x*). */
  readonly b: V<R>;
  readonly lr: S<R>;
  readonly beta: S<R>;
}

/** Means of x and m and the three distinct entries of every 2 × 2 block covariance. */
export interface EigenMoments<R extends Repr> {
  readonly mx: V<R>;
  readonly mm: V<R>;
  readonly pxx: V<R>;
  readonly pxm: V<R>;
  readonly pmm: V<R>;
}

/** The moments at k = 0 for a start at x₀ (m₀ = 0, no spread). */
export function eigenPointMass<R extends Repr>(B: Backend<R>, x0: V<R>): EigenMoments<R> {
  const z = B.zeros(B.dim(x0));
  return { mx: x0, mm: z, pxx: z, pxm: z, pmm: z };
}

/** One step of every block (module comment). */
export function eigenStep<R extends Repr>(B: Backend<R>, sys: EigenSgdm<R>, m: EigenMoments<R>): EigenMoments<R> {
  const { lr, beta } = sys;
  const p = B.vshift(B.scal(B.neg(lr), sys.h), B.one); // 1 − γh_i
  const r = sys.h;
  const q = B.neg(B.mul(lr, beta));
  const s = beta;
  const two = B.int(2);
  const mx = B.vadd(B.axpy(q, m.mm, B.vmul(p, m.mx)), B.scal(lr, sys.b));
  const mm = B.vsub(B.axpy(s, m.mm, B.vmul(r, m.mx)), sys.b);
  const pp = B.vmul(p, p);
  const pxx = B.vadd(
    B.vadd(B.vmul(pp, m.pxx), B.scal(B.mul(two, q), B.vmul(p, m.pxm))),
    B.vadd(B.scal(B.mul(q, q), m.pmm), B.scal(B.mul(lr, lr), sys.sigma2)),
  );
  const pxm = B.vsub(
    B.vadd(
      B.vmul(B.vmul(p, r), m.pxx),
      B.vadd(B.vmul(B.vadd(B.scal(s, p), B.scal(q, r)), m.pxm), B.scal(B.mul(q, s), m.pmm)),
    ),
    B.scal(lr, sys.sigma2),
  );
  const pmm = B.vadd(
    B.vadd(B.vmul(B.vmul(r, r), m.pxx), B.scal(B.mul(two, s), B.vmul(r, m.pxm))),
    B.vadd(B.scal(B.mul(s, s), m.pmm), sys.sigma2),
  );
  return { mx, mm, pxx, pxm, pmm };
}

/** The moments after `steps` steps (the last state only). */
export function eigenPropagate<R extends Repr>(
  B: Backend<R>,
  sys: EigenSgdm<R>,
  m0: EigenMoments<R>,
  steps: number,
): EigenMoments<R> {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`eigenPropagate: steps = ${steps} must be a non-negative integer`);
  let m = m0;
  for (let k = 0; k < steps; k++) m = eigenStep(B, sys, m);
  return m;
}
