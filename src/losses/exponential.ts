/** Exponential loss on the margin m = y·f: ℓ = e^{−m}, ℓ' = −y e^{−m}, ℓ'' = y² e^{−m}. */
import type { Backend, Repr, V } from '../numeric/types.js';
import type { Loss } from './types.js';
import { checkPair } from './check.js';

/** `exponential(B)`: ℓ(f, y) = exp(−y f) per sample. */
export function exponential<R extends Repr>(B: Backend<R>): Loss<R> {
  const e = (f: V<R>, y: V<R>): V<R> => {
    checkPair(B, f, y, 'exponential');
    return B.map('exp', B.map('neg', B.vmul(y, f)));
  };
  return {
    B,
    kind: 'exponential',
    value: e,
    d1(f, y) {
      return B.map('neg', B.vmul(y, e(f, y)));
    },
    d2(f, y) {
      return B.vmul(B.vmul(y, y), e(f, y));
    },
  };
}
