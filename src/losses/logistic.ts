/**
 * Logistic loss on the margin m = y·f: ℓ = log(1 + e^{−m}) = softplus(−m), ℓ' = −y·σ(−m), ℓ'' = y²·σ(m)σ(−m)
 * (σ the sigmoid). softplus/sigmoid kernels are stable for large |m| (no overflow, no cancellation), so the loss is
 * accurate to a few ulps relative even where it underflows towards e^{−m}.
 */
import type { Backend, Repr } from '../numeric/types.js';
import type { Loss } from './types.js';
import { checkPair } from './check.js';

/** `logistic(B)`: ℓ(f, y) = log(1 + exp(−y f)) per sample (labels y ∈ {±1}; any real y is accepted). */
export function logistic<R extends Repr>(B: Backend<R>): Loss<R> {
  const negMargin = (f: Parameters<Loss<R>['value']>[0], y: Parameters<Loss<R>['value']>[1]) => {
    checkPair(B, f, y, 'logistic');
    return B.map('neg', B.vmul(y, f));
  };
  return {
    B,
    kind: 'logistic',
    value(f, y) {
      return B.map('softplus', negMargin(f, y));
    },
    d1(f, y) {
      return B.map('neg', B.vmul(y, B.map('sigmoid', negMargin(f, y))));
    },
    d2(f, y) {
      const nm = negMargin(f, y);
      return B.vmul(B.vmul(y, y), B.vmul(B.map('sigmoid', nm), B.map('sigmoid', B.map('neg', nm))));
    },
  };
}
