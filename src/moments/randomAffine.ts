/**
 * Exact first and second moments under finite-sum sampling: s_{k+1} = A_{i_k} s_k + c_{i_k} with i_k i.i.d. uniform on
 * {0, …, n − 1}. The maps are affine in s, so the mean μ = E s and the second moment S = E[s sᵀ] follow exact linear
 * recursions (docs/theorems/momentum.md M6):
 *   μ_{k+1} = (1/n)Σ_i (A_i μ_k + c_i),
 *   S_{k+1} = (1/n)Σ_i (A_i S_k A_iᵀ + A_i μ_k c_iᵀ + c_i μ_kᵀ A_iᵀ + c_i c_iᵀ),
 * and Cov s_k = S_k − μ_k μ_kᵀ. Least squares f_i(x) = ½(a_iᵀx − y_i)² under SGD and heavy-ball SGDM (one sample per
 * step) are such systems (`leastSquaresSgd`, `leastSquaresSgdm`). No sampling, no path enumeration: O(n·dim³) per step.
 */
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import { madd, type Moments } from './linearGaussian.js';

/** Uniformly chosen affine maps s ↦ A_i s + c_i; the iterate x is the first d state coordinates. */
export interface RandomAffineSystem<R extends Repr> {
  readonly name: string;
  readonly maps: readonly { readonly A: M<R>; readonly c: V<R> }[];
  readonly d: number;
}

/** The law's first two moments: mean μ and second moment S = E[s sᵀ]. */
export interface SecondMoments<R extends Repr> {
  readonly mean: V<R>;
  readonly second: M<R>;
}

const mscal = <R extends Repr>(B: Backend<R>, a: S<R>, X: M<R>): M<R> =>
  B.reshape(B.scal(a, B.flatten(X)), B.rows(X), B.cols(X));

/** SGD on (1/n)Σ½(a_iᵀx − y_i)²: x ↦ (I − γ a_i a_iᵀ)x + γ y_i a_i (a_i = row i of X). */
export function leastSquaresSgd<R extends Repr>(B: Backend<R>, X: M<R>, y: V<R>, lr: S<R>): RandomAffineSystem<R> {
  const [n, d] = [B.rows(X), B.cols(X)];
  if (B.dim(y) !== n) throw new RangeError(`leastSquaresSgd: y has ${B.dim(y)} entries; X has ${n} rows`);
  const maps = Array.from({ length: n }, (_, i) => {
    const a = B.row(X, i);
    const A = madd(B, B.eye(d), mscal(B, B.neg(lr), B.ger(a, a)));
    return { A, c: B.scal(B.mul(lr, B.at(y, i)), a) };
  });
  return { name: 'sgd', maps, d };
}

/**
 * Heavy-ball SGDM with one sample per step on the state (x, m): m ↦ βm + a_i a_iᵀx − y_i a_i, x ↦ x − γ(βm + a_i a_iᵀx
 * − y_i a_i), i.e. A_i = [[I − γa_ia_iᵀ, −γβI], [a_ia_iᵀ, βI]], c_i = (γy_ia_i, −y_ia_i).
 */
export function leastSquaresSgdm<R extends Repr>(
  B: Backend<R>,
  X: M<R>,
  y: V<R>,
  lr: S<R>,
  beta: S<R>,
): RandomAffineSystem<R> {
  const [n, d] = [B.rows(X), B.cols(X)];
  if (B.dim(y) !== n) throw new RangeError(`leastSquaresSgdm: y has ${B.dim(y)} entries; X has ${n} rows`);
  const maps = Array.from({ length: n }, (_, i) => {
    const a = B.row(X, i);
    const G = B.ger(a, a);
    const rows: S<R>[] = [];
    const tl = madd(B, B.eye(d), mscal(B, B.neg(lr), G));
    const tr = mscal(B, B.neg(B.mul(lr, beta)), B.eye(d));
    const br = mscal(B, beta, B.eye(d));
    for (let r = 0; r < d; r++) rows.push(...B.unpack(B.row(tl, r)), ...B.unpack(B.row(tr, r)));
    for (let r = 0; r < d; r++) rows.push(...B.unpack(B.row(G, r)), ...B.unpack(B.row(br, r)));
    const ya = B.scal(B.at(y, i), a);
    return { A: B.reshape(B.pack(rows), 2 * d, 2 * d), c: B.concat([B.scal(lr, ya), B.map('neg', ya)]) };
  });
  return { name: 'sgdm', maps, d };
}

/** The state's moments at k = 0 for a start at x₀ (m₀ = 0): S = s₀s₀ᵀ. */
export function pointMassSecond<R extends Repr>(B: Backend<R>, sys: RandomAffineSystem<R>, x0: V<R>): SecondMoments<R> {
  const n = B.rows(sys.maps[0]!.A);
  const s0 = B.concat([x0, B.zeros(n - sys.d)]);
  return { mean: s0, second: B.ger(s0, s0) };
}

/** One step of the exact recursion (module comment). */
export function stepSecond<R extends Repr>(
  B: Backend<R>,
  sys: RandomAffineSystem<R>,
  m: SecondMoments<R>,
): SecondMoments<R> {
  const inv = B.div(B.one, B.int(sys.maps.length));
  let mean: V<R> | undefined;
  let second: M<R> | undefined;
  for (const { A, c } of sys.maps) {
    const Am = B.gemv(A, m.mean);
    const mi = B.vadd(Am, c);
    const cross = B.ger(Am, c);
    const Si = madd(
      B,
      madd(B, B.gemm(B.gemm(A, m.second), A, false, true), madd(B, cross, B.transpose(cross))),
      B.ger(c, c),
    );
    mean = mean === undefined ? mi : B.vadd(mean, mi);
    second = second === undefined ? Si : madd(B, second, Si);
  }
  return { mean: B.scal(inv, mean!), second: mscal(B, inv, second!) };
}

/** Mean and covariance S − μμᵀ of the first `d` coordinates. */
export function covarianceOf<R extends Repr>(B: Backend<R>, m: SecondMoments<R>, d: number): Moments<R> {
  const mean = B.slice(m.mean, 0, d);
  const rows: S<R>[] = [];
  for (let i = 0; i < d; i++) rows.push(...B.unpack(B.slice(B.row(m.second, i), 0, d)));
  const S2 = B.reshape(B.pack(rows), d, d);
  return { mean, cov: madd(B, S2, mscal(B, B.neg(B.one), B.ger(mean, mean))) };
}

/** The moments after each of `steps` steps, k = 0 … steps. */
export function propagateSecond<R extends Repr>(
  B: Backend<R>,
  sys: RandomAffineSystem<R>,
  m0: SecondMoments<R>,
  steps: number,
): SecondMoments<R>[] {
  if (!Number.isInteger(steps) || steps < 0)
    throw new RangeError(`propagateSecond: steps = ${steps} must be a non-negative integer`);
  const out = [m0];
  for (let k = 0; k < steps; k++) out.push(stepSecond(B, sys, out[k]!));
  return out;
}
