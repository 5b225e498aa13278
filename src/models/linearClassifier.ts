/**
 * Linear predictor f(w; x) = wᵀx (Soudry, Hoffer, Nacson, Gunasekar & Srebro 2018, arXiv 1710.10345; docs/theorems/maxmargin.md M1).
 * θ = [w] ∈ R^d, one block "w". Homogeneity 1; ∇²f = 0.
 */
import type { Backend, Repr } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt } from './blocks.js';
import type { Model } from './types.js';

export interface LinearClassifierOptions {
  /** Input dimension d ≥ 1. */
  readonly d: number;
}

/** `linearClassifier(B, { d })`: f(w; X) = Xw, J = X, Jᵀg = Xᵀg, second-order term 0. */
export function linearClassifier<R extends Repr>(B: Backend<R>, opts: LinearClassifierOptions): Model<R> {
  const d = checkPositiveInt(opts.d, 'linearClassifier: d');
  const kind = 'linearClassifier';
  return {
    B,
    kind,
    dim: d,
    layout: [{ name: 'w', shape: [d] }],
    homogeneity: 1,
    predict(theta, X) {
      checkDim(B, theta, d, 'θ', kind);
      checkData(B, X, d, kind);
      return B.gemv(X, theta);
    },
    jvp(theta, X, u) {
      checkDim(B, theta, d, 'θ', kind);
      checkDim(B, u, d, 'direction u', kind);
      checkData(B, X, d, kind);
      return B.gemv(X, u);
    },
    vjp(theta, X, g) {
      checkDim(B, theta, d, 'θ', kind);
      checkData(B, X, d, kind, g);
      return B.gemv(X, g, true);
    },
    hvpWeighted(theta, X, g, u) {
      checkDim(B, theta, d, 'θ', kind);
      checkDim(B, u, d, 'direction u', kind);
      checkData(B, X, d, kind, g);
      return B.zeros(d);
    },
  };
}
