/** Input check shared by the losses. */
import type { Backend, Repr, V } from '../numeric/types.js';

/** Throws unless predictions and targets have the same length. */
export function checkPair<R extends Repr>(B: Backend<R>, f: V<R>, y: V<R>, kind: string): void {
  if (B.dim(f) !== B.dim(y)) {
    throw new RangeError(`${kind} loss: ${B.dim(f)} predictions but ${B.dim(y)} targets (one target per sample)`);
  }
}
