/** Square loss ℓ(f, y) = ½(f − y)², ℓ' = f − y, ℓ'' = 1. */
import type { Backend, Repr } from '../numeric/types.js';
import type { Loss } from './types.js';
import { checkPair } from './check.js';

/** `square(B)`: ℓ(f, y) = ½(f − y)² per sample. */
export function square<R extends Repr>(B: Backend<R>): Loss<R> {
  const half = B.num('0.5');
  return {
    B,
    kind: 'square',
    value(f, y) {
      checkPair(B, f, y, 'square');
      return B.scal(half, B.map('square', B.vsub(f, y)));
    },
    d1(f, y) {
      checkPair(B, f, y, 'square');
      return B.vsub(f, y);
    },
    d2(f, y) {
      checkPair(B, f, y, 'square');
      return B.fill(B.dim(f), B.one);
    },
  };
}
