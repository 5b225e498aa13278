/**
 * Exact moments of linear-Gaussian dynamics: s_{k+1} = A s_k + c + G ξ_k with ξ_k ~ N(0, Σ) i.i.d. and
 * s_0 ~ N(μ_0, P_0) (a point mass when P_0 = 0). Every s_k is then exactly Gaussian with
 *   μ_{k+1} = A μ_k + c,   P_{k+1} = A P_k Aᵀ + Q,   Q = G Σ Gᵀ,
 * so its law is carried by (μ_k, P_k) with no sampling. SGD and SGD with momentum on a quadratic with additive Gaussian
 * gradient noise are such systems (`sgdSystem`, `sgdmSystem`; arXiv 2307.15196 eq. (1) for the momentum form).
 * Written once against the Backend's matrix kernels: the same code runs at f64, dd, dec:p and mpfr:p.
 */
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';

/** s_{k+1} = A s_k + c + noise with Cov(noise) = Q; the iterate x is the first `d` coordinates of the state s. */
export interface LinearGaussianSystem<R extends Repr> {
  /** "sgd" | "sgdm" | …: shown in outputs. */
  readonly name: string;
  readonly A: M<R>;
  readonly c: V<R>;
  /** Covariance of the noise added to the state per step (G Σ Gᵀ). */
  readonly Q: M<R>;
  /** Dimension of the iterate x (the first d state coordinates). */
  readonly d: number;
}

/** The mean and covariance of a Gaussian (the state's, or the iterate's via `marginal`). */
export interface Moments<R extends Repr> {
  readonly mean: V<R>;
  readonly cov: M<R>;
}

/**
 * A quadratic objective observed through g = Hx − b + ξ, ξ ~ N(0, Σ): F(x) = ½xᵀHx − bᵀx, given by its linear term b
 * or by a minimizer x* (then b = Hx*, F = ½(x − x*)ᵀH(x − x*) + const).
 */
export type QuadraticNoise<R extends Repr> = {
  /** Symmetric Hessian H (d × d). */
  readonly H: M<R>;
  /** Gradient-noise covariance Σ (d × d, symmetric positive semidefinite). */
  readonly Sigma: M<R>;
} & ({ readonly xStar: V<R>; readonly b?: undefined } | { readonly b: V<R>; readonly xStar?: undefined });

/** Checks the shapes; returns d and the linear term b (= Hx* when x* is given). */
function checkProblem<R extends Repr>(B: Backend<R>, q: QuadraticNoise<R>, who: string): { d: number; b: V<R> } {
  const d = B.rows(q.H);
  const shape = (X: M<R>, name: string) => {
    if (B.rows(X) !== d || B.cols(X) !== d)
      throw new RangeError(`${who}: ${name} is ${B.rows(X)}×${B.cols(X)}; it must be ${d}×${d} (the size of H)`);
  };
  shape(q.H, 'H');
  shape(q.Sigma, 'Sigma');
  const b = q.b === undefined ? B.gemv(q.H, q.xStar) : q.b;
  if (B.dim(b) !== d)
    throw new RangeError(`${who}: ${q.b === undefined ? 'xStar' : 'b'} has ${B.dim(b)} entries; H is ${d}×${d}`);
  return { d, b };
}

/** The block matrix [[P, Q], [R, S]] from four d × d blocks. */
function blocks<R extends Repr>(B: Backend<R>, tl: M<R>, tr: M<R>, bl: M<R>, br: M<R>): M<R> {
  const d = B.rows(tl);
  const rows: S<R>[] = [];
  for (let i = 0; i < d; i++) rows.push(...B.unpack(B.row(tl, i)), ...B.unpack(B.row(tr, i)));
  for (let i = 0; i < d; i++) rows.push(...B.unpack(B.row(bl, i)), ...B.unpack(B.row(br, i)));
  return B.reshape(B.pack(rows), 2 * d, 2 * d);
}

/** a·X for a matrix X. */
const mscal = <R extends Repr>(B: Backend<R>, a: S<R>, X: M<R>): M<R> =>
  B.reshape(B.scal(a, B.flatten(X)), B.rows(X), B.cols(X));

/** X + Y for matrices of one shape. */
export const madd = <R extends Repr>(B: Backend<R>, X: M<R>, Y: M<R>): M<R> =>
  B.reshape(B.vadd(B.flatten(X), B.flatten(Y)), B.rows(X), B.cols(X));

/**
 * SGD x_{k+1} = x_k − η g_k: x_{k+1} = (I − ηH)x_k + ηb − ηξ_k, so A = I − ηH, c = ηb (b = Hx*), Q = η²Σ.
 */
export function sgdSystem<R extends Repr>(B: Backend<R>, q: QuadraticNoise<R>, lr: S<R>): LinearGaussianSystem<R> {
  const { d, b } = checkProblem(B, q, 'sgdSystem');
  const A = B.reshape(B.vsub(B.flatten(B.eye(d)), B.flatten(mscal(B, lr, q.H))), d, d);
  return { name: 'sgd', A, c: B.scal(lr, b), Q: mscal(B, B.mul(lr, lr), q.Sigma), d };
}

/**
 * SGD with momentum, heavy-ball form (arXiv 2307.15196 eq. (1)): m_{k+1} = βm_k + g_k, x_{k+1} = x_k − γm_{k+1}, on the
 * state s = (x, m):
 *   x_{k+1} = (I − γH)x_k − γβ m_k + γb − γξ_k,   m_{k+1} = Hx_k + βm_k − b + ξ_k,
 * so A = [[I − γH, −γβI], [H, βI]], c = (γb, −b) (b = Hx*), G = (−γI, I) and Q = [[γ²Σ, −γΣ], [−γΣ, Σ]].
 */
export function sgdmSystem<R extends Repr>(
  B: Backend<R>,
  q: QuadraticNoise<R>,
  lr: S<R>,
  beta: S<R>,
): LinearGaussianSystem<R> {
  const { d, b } = checkProblem(B, q, 'sgdmSystem');
  const I = B.eye(d);
  const gH = mscal(B, lr, q.H);
  const A = blocks(
    B,
    B.reshape(B.vsub(B.flatten(I), B.flatten(gH)), d, d),
    mscal(B, B.neg(B.mul(lr, beta)), I),
    q.H,
    mscal(B, beta, I),
  );
  const c = B.concat([B.scal(lr, b), B.map('neg', b)]);
  const mS = mscal(B, B.neg(lr), q.Sigma);
  const Q = blocks(B, mscal(B, B.mul(lr, lr), q.Sigma), mS, mS, q.Sigma);
  return { name: 'sgdm', A, c, Q, d };
}

/** Σ/η: the noise-dominated scaling (gradient noise of standard deviation O(η^{−1/2}), arXiv 2307.15196 §2). */
export function noiseOverLr<R extends Repr>(B: Backend<R>, Sigma: M<R>, lr: S<R>): M<R> {
  return mscal(B, B.div(B.one, lr), Sigma);
}

/** The state's law at k = 0 for a start at x_0 (a point mass; momentum methods start from rest, m_0 = 0). */
export function pointMass<R extends Repr>(B: Backend<R>, sys: LinearGaussianSystem<R>, x0: V<R>): Moments<R> {
  const n = B.rows(sys.A);
  if (B.dim(x0) !== sys.d)
    throw new RangeError(`pointMass: x0 has ${B.dim(x0)} entries; the ${sys.name} system has d = ${sys.d}`);
  return { mean: B.concat([x0, B.zeros(n - sys.d)]), cov: B.mzeros(n, n) };
}

/** One step of the moment recursion: (Aμ + c, APAᵀ + Q). */
export function stepMoments<R extends Repr>(B: Backend<R>, sys: LinearGaussianSystem<R>, m: Moments<R>): Moments<R> {
  const mean = B.vadd(B.gemv(sys.A, m.mean), sys.c);
  const cov = madd(B, B.gemm(B.gemm(sys.A, m.cov), sys.A, false, true), sys.Q);
  return { mean, cov };
}

/** The law of the iterate x (the first d state coordinates) from the state's. */
export function marginal<R extends Repr>(B: Backend<R>, m: Moments<R>, d: number): Moments<R> {
  const n = B.dim(m.mean);
  if (d === n) return m;
  const rows: S<R>[] = [];
  for (let i = 0; i < d; i++) rows.push(...B.unpack(B.slice(B.row(m.cov, i), 0, d)));
  return { mean: B.slice(m.mean, 0, d), cov: B.reshape(B.pack(rows), d, d) };
}

/** One saved point: k and the state's moments after k steps. */
export interface MomentPoint<R extends Repr> {
  readonly k: number;
  readonly moments: Moments<R>;
}

/**
 * Propagates the moments `steps` steps from `m0`; `save(k)` says which k (0 ≤ k ≤ steps) to record (default all).
 * Stops early with `diverged` at the first step whose mean or covariance has a non-finite entry.
 */
export function propagate<R extends Repr>(
  B: Backend<R>,
  sys: LinearGaussianSystem<R>,
  m0: Moments<R>,
  steps: number,
  save: (k: number) => boolean = () => true,
): { readonly points: MomentPoint<R>[]; readonly last: MomentPoint<R>; readonly diverged: boolean } {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`propagate: steps = ${steps} must be a non-negative integer`);
  const points: MomentPoint<R>[] = [];
  let m = m0;
  if (save(0)) points.push({ k: 0, moments: m });
  for (let k = 1; k <= steps; k++) {
    m = stepMoments(B, sys, m);
    if (!B.allFinite(m.mean) || !B.allFinite(B.flatten(m.cov))) {
      return { points, last: { k, moments: m }, diverged: true };
    }
    if (save(k)) points.push({ k, moments: m });
  }
  return { points, last: { k: steps, moments: m }, diverged: false };
}

/** The moments as exact strings (for JSON output and fixtures). */
export function showMoments<R extends Repr>(B: Backend<R>, m: Moments<R>): { mean: Num[]; cov: Num[][] } {
  return { mean: B.vshow(m.mean), cov: B.mshow(m.cov) };
}
