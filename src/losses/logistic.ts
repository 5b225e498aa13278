/**
 * Logistic loss on the margin m = y·f: ℓ = log(1 + e^{−m}) = softplus(−m), ℓ' = −y·σ(−m), ℓ'' = y²·σ(m)σ(−m)
 * (σ the sigmoid). softplus/sigmoid kernels are stable for large |m| (no overflow, no cancellation), so the loss is
 * accurate to a few ulps relative even where it underflows towards e^{−m}.
 */
import type { Backend, Repr, V } from '../numeric/types.js';
import type { Loss } from './types.js';
import { checkPair } from './check.js';

/** `logistic(B)`: ℓ(f, y) = log(1 + exp(−y f)) per sample (labels y ∈ {±1}; any real y is accepted). */
export function logistic<R extends Repr>(B: Backend<R>): Loss<R> {
  // −y for the last y seen (values are immutable, so identity is enough): −m = (−y)·f and ℓ' = (−y)·σ(−m) cost one
  // vmul each instead of a vmul and a negation (negation is exact, so the results are the same).
  let lastY: V<R> | undefined;
  let lastNegY: V<R> | undefined;
  const negY = (y: V<R>): V<R> => {
    if (y !== lastY || lastNegY === undefined) {
      lastNegY = B.map('neg', y);
      lastY = y;
    }
    return lastNegY;
  };
  const negMargin = (f: V<R>, y: V<R>): V<R> => {
    checkPair(B, f, y, 'logistic');
    return B.vmul(negY(y), f);
  };
  return {
    B,
    kind: 'logistic',
    value(f, y) {
      return B.map('softplus', negMargin(f, y));
    },
    d1(f, y) {
      return B.vmul(negY(y), B.map('sigmoid', negMargin(f, y)));
    },
    d2(f, y) {
      const nm = negMargin(f, y);
      return B.vmul(B.vmul(y, y), B.vmul(B.map('sigmoid', nm), B.map('sigmoid', B.map('neg', nm))));
    },
  };
}
