/**
 * Linear predictor f(w; x) = wᵀx (Soudry, Hoffer, Nacson, Gunasekar & Srebro 2018, arXiv 1710.10345;
 * docs/theorems/maxmargin.md M1). θ = [w] ∈ R^d, one block "w". Homogeneity 1; ∇²f = 0.
 */
import type { Backend, Repr } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt } from './blocks.js';
import type { Model, ModelJson } from './types.js';
import { vec } from '../json/read.js';

export interface LinearClassifierOptions {
  /** Input dimension d ≥ 1. */
  readonly d: number;
}

/** `linearClassifier(B, { d })`: f(w; X) = Xw, J = X, Jᵀg = Xᵀg, second-order term 0. */
export function linearClassifier<R extends Repr>(B: Backend<R>, opts: LinearClassifierOptions): Model<R> {
  const d = checkPositiveInt(opts.d, 'linearClassifier: d');
  const kind = 'linearClassifier';
  const self: Model<R> = {
    B,
    kind,
    // multilinear with coefficients ±1: evaluated on |θ|, |X| it is its own majorant (models/laws.ts)
    majorant: () => self,
    linearPredictor: true,
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
  return self;
}

/** `thm simulate` form: {"kind": "linearClassifier", "w": [d values]}, θ₀ = w; data rows have d entries. */
export const linearClassifierJson: ModelJson<LinearClassifierOptions> = {
  fields: ['w'],
  parse(o, p) {
    const w = vec(o.w, `${p}.w`);
    return { spec: { d: w.length }, theta0: w, inputDim: w.length };
  },
};
