/**
 * The reference `logisticGd` kernel, written once against the Backend: w ← w + η Zᵀσ(−Zw) as gemv, map, gemv, axpy
 * — the same kernels, in the same order, as one step of run(objective(linearClassifier, logistic, 'sum'), gd) with
 * labels absorbed (its negations are exact, so the two agree bit for bit; logisticGd.test.ts checks it).
 */
import type { Backend, M, Repr, S, V } from './types.js';

/** Throws unless `steps` is a non-negative safe integer and Z, w have matching dimensions. */
export function checkLogisticGdArgs(steps: number, zCols: number, wLen: number): void {
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
    throw new RangeError(`logisticGd: steps = ${String(steps)} must be a non-negative integer`);
  }
  if (zCols !== wLen) throw new RangeError(`logisticGd: Z has ${zCols} columns but w has length ${wLen}`);
}

/** `steps` steps of w ← w + η Zᵀσ(−Zw); stops at the first iterate with a non-finite entry and returns it. */
export function logisticGdLoop<R extends Repr>(B: Backend<R>, Z: M<R>, w: V<R>, eta: S<R>, steps: number): V<R> {
  checkLogisticGdArgs(steps, B.cols(Z), B.dim(w));
  let x = w;
  for (let k = 0; k < steps; k++) {
    x = B.axpy(eta, B.gemv(Z, B.map('sigmoid', B.map('neg', B.gemv(Z, x))), true), x);
    if (!B.allFinite(x)) break;
  }
  return x;
}
