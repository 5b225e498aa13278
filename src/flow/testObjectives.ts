/**
 * Small closed-form objectives for the flow tests (stand-ins until src/models provides linear2 and scalarNet):
 * exact value, gradient, Hessian-vector product and Hessian.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';

function fromHvp<R extends Repr>(B: Backend<R>, n: number, hvp: (u: V<R>) => V<R>): M<R> {
  const cols = Array.from({ length: n }, (_, j) => B.unpack(hvp(B.basis(n, j))));
  const flat: S<R>[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) flat.push(cols[j]![i]!);
  return B.reshape(B.pack(flat), n, n);
}

function objective<R extends Repr>(
  B: Backend<R>,
  dim: number,
  vg: (theta: V<R>) => { value: S<R>; grad: V<R> },
  hvp: (theta: V<R>, u: V<R>) => V<R>,
): Objective<R> {
  const F: Objective<R> = {
    B,
    dim,
    value: (th) => vg(th).value,
    grad: (th) => vg(th).grad,
    valueAndGrad: vg,
    hvp,
    hessian: (th) => fromHvp(B, dim, (u) => hvp(th, u)),
    nSamples: 1,
    subset: () => F,
  };
  return F;
}

/** L(a, b) = ½(aᵀb − Φ)², θ = (a; b) ∈ ℝ^{2k}. ∇L = ε(b; a), ∇²L = vvᵀ + εP with v = (b; a), P(ua; ub) = (ub; ua). */
export function linear2Objective<R extends Repr>(B: Backend<R>, k: number, Phi: S<R>): Objective<R> {
  const split = (th: V<R>): [V<R>, V<R>] => [B.slice(th, 0, k), B.slice(th, k, 2 * k)];
  const half = B.div(B.one, B.int(2));
  return objective(
    B,
    2 * k,
    (th) => {
      const [a, b] = split(th);
      const eps = B.sub(B.dot(a, b), Phi);
      return { value: B.mul(half, B.mul(eps, eps)), grad: B.scal(eps, B.concat([b, a])) };
    },
    (th, u) => {
      const [a, b] = split(th);
      const [ua, ub] = split(u);
      const eps = B.sub(B.dot(a, b), Phi);
      const v = B.concat([b, a]);
      return B.axpy(B.dot(v, u), v, B.scal(eps, B.concat([ub, ua])));
    },
  );
}

/** L(w) = ½(∏w_i − y)². ∇L = ε g, g_i = ∏_{j≠i} w_j; ∇²L = ggᵀ + εK, K_ij = ∏_{l≠i,j} w_l (i ≠ j), K_ii = 0. */
export function scalarNetObjective<R extends Repr>(B: Backend<R>, D: number, y: S<R>): Objective<R> {
  const half = B.div(B.one, B.int(2));
  const prodExcept = (w: S<R>[], skip: readonly number[]): S<R> =>
    w.reduce((acc, x, i) => (skip.includes(i) ? acc : B.mul(acc, x)), B.one);
  const parts = (th: V<R>): { w: S<R>[]; g: S<R>[]; eps: S<R> } => {
    const w = B.unpack(th);
    const g = w.map((_, i) => prodExcept(w, [i]));
    return { w, g, eps: B.sub(prodExcept(w, []), y) };
  };
  return objective(
    B,
    D,
    (th) => {
      const { g, eps } = parts(th);
      return { value: B.mul(half, B.mul(eps, eps)), grad: B.scal(eps, B.pack(g)) };
    },
    (th, u) => {
      const { w, g, eps } = parts(th);
      const gv = B.pack(g);
      const us = B.unpack(u);
      const Ku = w.map((_, i) =>
        us.reduce((acc, uj, j) => (j === i ? acc : B.add(acc, B.mul(prodExcept(w, [i, j]), uj))), B.zero),
      );
      return B.axpy(B.dot(gv, u), gv, B.scal(eps, B.pack(Ku)));
    },
  );
}
