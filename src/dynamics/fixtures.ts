/**
 * Small objectives for the dynamics tests and the stepper law suite (test support, not engine API): a quadratic
 * F(θ) = ½θᵀAθ − bᵀθ and a least-squares finite sum F(θ) = (1/n) Σ_i ½(x_iᵀθ − y_i)² with minibatches.
 * (src/objective/objective.ts's `quadratic`/`objective` will replace them once they exist.)
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, M, Repr, V } from '../numeric/types.js';

/** F(θ) = ½θᵀAθ − bᵀθ (A symmetric), ∇F = Aθ − b, ∇²F = A; one "sample". */
export function quadraticFixture<R extends Repr>(B: Backend<R>, A: M<R>, b?: V<R>): Objective<R> {
  const d = B.rows(A);
  const bb = b ?? B.zeros(d);
  const half = B.num('0.5');
  const F: Objective<R> = {
    B,
    dim: d,
    nSamples: 1,
    value: (t) => B.sub(B.mul(half, B.dot(t, B.gemv(A, t))), B.dot(bb, t)),
    grad: (t) => B.vsub(B.gemv(A, t), bb),
    valueAndGrad: (t) => ({ value: F.value(t), grad: F.grad(t) }),
    hvp: (_t, u) => B.gemv(A, u),
    hessian: () => A,
    subset: (idx) => {
      if (idx.length !== 1 || idx[0] !== 0) throw new RangeError('quadraticFixture.subset: the only sample is [0]');
      return F;
    },
  };
  return F;
}

/** F(θ) = (1/n) Σ_i ½(x_iᵀθ − y_i)² over the rows x_i of X; `subset` is the mean over the chosen rows. */
export function leastSquaresFixture<R extends Repr>(B: Backend<R>, X: M<R>, y: V<R>): Objective<R> {
  const n = B.rows(X);
  const d = B.cols(X);
  const nS = B.int(n);
  const half = B.num('0.5');
  const resid = (t: V<R>): V<R> => B.vsub(B.gemv(X, t), y);
  const mean = (v: V<R>): V<R> => B.vdiv(v, B.fill(B.dim(v), nS));
  const F: Objective<R> = {
    B,
    dim: d,
    nSamples: n,
    value: (t) => {
      const r = resid(t);
      return B.div(B.mul(half, B.dot(r, r)), nS);
    },
    grad: (t) => mean(B.gemv(X, resid(t), true)),
    valueAndGrad: (t) => ({ value: F.value(t), grad: F.grad(t) }),
    hvp: (_t, u) => mean(B.gemv(X, B.gemv(X, u), true)),
    hessian: () => {
      const H = B.gemm(X, X, true, false);
      return B.reshape(mean(B.flatten(H)), d, d);
    },
    subset: (idx) => {
      for (const i of idx) {
        if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`leastSquaresFixture.subset: index ${i} out of [0, ${n})`);
      }
      const Xs = B.reshape(B.concat(idx.map((i) => B.row(X, i))), idx.length, d);
      const ys = B.pack(idx.map((i) => B.at(y, i)));
      return leastSquaresFixture(B, Xs, ys);
    },
  };
  return F;
}
