/**
 * The benchmark workloads (W1–W3; README, Benchmarks), written once against the Backend kernels.
 * W1: GD on L = ½(a·b − y)², k = 16, 20k steps. W2: build the 32×32 Hessian and power-iterate, 200 points.
 * W3: classical RK4 on the gradient flow of the same loss, 20k steps.
 */
import { dyadicDecimal } from '../numeric/exact.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';

export const K = 16;
export const STEPS = 20_000;

/** Park–Miller minstd draws u ∈ [−2048, 2047] (the deterministic data of every workload), exact in doubles. */
export function minstd(seed: number, count: number): number[] {
  let s = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (48271 * s) % 2147483647;
    out.push(Math.floor(s / 2 ** 19) - 2048);
  }
  return out;
}

export interface W1Data {
  a: string[];
  b: string[];
}
export function w1Data(): W1Data {
  const u = minstd(12345, 2 * K).map((x) => dyadicDecimal(BigInt(x), 16));
  return { a: u.slice(0, K), b: u.slice(K) };
}

/** W1: GD, simultaneous update (a, b) ← (a − c·b, b − c·a) with c = η·(a·b − y). */
export function w1<R extends Repr>(B: Backend<R>, data: W1Data): { loss: S<R>; a0: S<R> } {
  const y = B.div(B.one, B.int(100));
  const eta = B.div(B.one, B.int(20));
  let a: V<R> = B.vec(data.a);
  let b: V<R> = B.vec(data.b);
  let r: S<R>;
  for (let t = 0; t < STEPS; t++) {
    r = B.sub(B.dot(a, b), y);
    const c = B.neg(B.mul(eta, r));
    const a1 = B.axpy(c, b, a);
    b = B.axpy(c, a, b);
    a = a1;
  }
  r = B.sub(B.dot(a, b), y);
  return { loss: B.mul(B.mul(r, r), B.div(B.one, B.int(2))), a0: B.at(a, 0) };
}

/** W3: classical RK4 on θ' = −∇L(θ), dt = 1/100; dt/2 and dt/6 computed once in working precision. */
export function w3<R extends Repr>(B: Backend<R>, data: W1Data): { loss: S<R>; a0: S<R> } {
  const y = B.div(B.one, B.int(100));
  const dt = B.div(B.one, B.int(100));
  const half = B.div(dt, B.int(2));
  const sixth = B.div(dt, B.int(6));
  const two = B.int(2);
  let th: V<R> = B.concat([B.vec(data.a), B.vec(data.b)]);
  const grad = (p: V<R>): V<R> => {
    const a = B.slice(p, 0, K);
    const b = B.slice(p, K, 2 * K);
    const r = B.sub(B.dot(a, b), y);
    return B.scal(r, B.concat([b, a]));
  };
  for (let t = 0; t < STEPS; t++) {
    const k1 = grad(th);
    const k2 = grad(B.axpy(B.neg(half), k1, th));
    const k3 = grad(B.axpy(B.neg(half), k2, th));
    const k4 = grad(B.axpy(B.neg(dt), k3, th));
    const s = B.vadd(B.vadd(k1, k4), B.scal(two, B.vadd(k2, k3)));
    th = B.axpy(B.neg(sixth), s, th);
  }
  const a = B.slice(th, 0, K);
  const b = B.slice(th, K, 2 * K);
  const r = B.sub(B.dot(a, b), y);
  return { loss: B.mul(B.mul(r, r), B.div(B.one, B.int(2))), a0: B.at(a, 0) };
}

export const W2_POINTS = 200;
export const W2_ITERS = 64;

export function w2Data(): W1Data[] {
  const u = minstd(777, 32 * W2_POINTS).map((x) => dyadicDecimal(BigInt(x), 11));
  return Array.from({ length: W2_POINTS }, (_, j) => ({
    a: u.slice(32 * j, 32 * j + K),
    b: u.slice(32 * j + K, 32 * j + 2 * K),
  }));
}

/**
 * W2: H = g gᵀ + r·J (g = (b, a), J = [[0, I], [I, 0]]), 64 power iterations from v = (1, …, 2k), Rayleigh quotient.
 */
export function w2<R extends Repr>(B: Backend<R>, points: W1Data[]): { lam0: S<R>; lamSum: S<R> } {
  const y = B.div(B.one, B.int(100));
  const n = 2 * K;
  const start = B.pack(Array.from({ length: n }, (_, i) => B.int(i + 1)));
  // J as a matrix: the swap of the two halves
  const J = B.reshape(
    B.pack(
      Array.from({ length: n * n }, (_, idx) => {
        const i = Math.floor(idx / n);
        const j = idx % n;
        return j === (i + K) % n ? B.one : B.zero;
      }),
    ),
    n,
    n,
  );
  let lamSum = B.zero;
  let lam0 = B.zero;
  points.forEach((p, idx) => {
    const a = B.vec(p.a);
    const b = B.vec(p.b);
    const r = B.sub(B.dot(a, b), y);
    const g = B.concat([b, a]);
    const H = B.reshape(B.axpy(r, B.flatten(J), B.flatten(B.ger(g, g))), n, n);
    let v = start;
    for (let it = 0; it < W2_ITERS; it++) {
      const w = B.gemv(H, v);
      v = B.scal(B.div(B.one, B.sqrt(B.dot(w, w))), w);
    }
    const lam = B.div(B.dot(v, B.gemv(H, v)), B.dot(v, v));
    if (idx === 0) lam0 = lam;
    lamSum = B.add(lamSum, lam);
  });
  return { lam0, lamSum };
}
