/**
 * Depth-2 linear network with one input and one output, hidden width k: f(a, b; x) = (aᵀb)·x
 * (Beneventano & Woodworth 2025, arXiv 2501.09137; docs/theorems/eos.md E1). With X = [[1]] and the square loss towards
 * Φ it is the paper's canonical objective L(a, b) = ½(aᵀb − Φ)².
 *
 * θ = [a, b] ∈ R^{2k}, blocks "a" (k) then "b" (k). X is n×1. Homogeneity 2.
 */
import type { Backend, Repr, V } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt, column } from './blocks.js';
import type { Model, ModelJson } from './types.js';
import { vec } from '../json/read.js';

export interface Linear2Options {
  /** Hidden width k ≥ 1. */
  readonly k: number;
}

/**
 * `linear2(B, { k })`: f = (aᵀb)x; ∇f = (b; a)·x; ∇²f = [[0, I], [I, 0]]·x, so Σ g_i ∇²f_i (u_a; u_b) = (Σ g_i
 * x_i)(u_b; u_a).
 */
export function linear2<R extends Repr>(B: Backend<R>, opts: Linear2Options): Model<R> {
  const k = checkPositiveInt(opts.k, 'linear2: k');
  const kind = 'linear2';
  const dim = 2 * k;
  const split = (theta: V<R>, what: string) => {
    checkDim(B, theta, dim, what, kind);
    return { a: B.slice(theta, 0, k), b: B.slice(theta, k, dim) };
  };
  const self: Model<R> = {
    B,
    kind,
    // multilinear with coefficients ±1: evaluated on |θ|, |X| it is its own majorant (models/laws.ts)
    majorant: () => self,
    invariants: 'factorPair',
    dim,
    layout: [
      { name: 'a', shape: [k] },
      { name: 'b', shape: [k] },
    ],
    homogeneity: 2,
    predict(theta, X) {
      const { a, b } = split(theta, 'θ');
      return B.scal(B.dot(a, b), column(B, X, kind));
    },
    jvp(theta, X, u) {
      const { a, b } = split(theta, 'θ');
      const d = split(u, 'direction u');
      return B.scal(B.add(B.dot(b, d.a), B.dot(a, d.b)), column(B, X, kind));
    },
    vjp(theta, X, g) {
      const { a, b } = split(theta, 'θ');
      checkData(B, X, 1, kind, g);
      return B.scal(B.dot(column(B, X, kind), g), B.concat([b, a]));
    },
    predictVjp(theta, X, weights) {
      const { a, b } = split(theta, 'θ');
      const x = column(B, X, kind);
      const f = B.scal(B.dot(a, b), x);
      const g = weights(f);
      checkData(B, X, 1, kind, g);
      return { f, vjp: B.scal(B.dot(x, g), B.concat([b, a])) };
    },
    hvpWeighted(theta, X, g, u) {
      split(theta, 'θ');
      checkData(B, X, 1, kind, g);
      const d = split(u, 'direction u');
      return B.scal(B.dot(column(B, X, kind), g), B.concat([d.b, d.a]));
    },
  };
  return self;
}

/** `thm simulate` form: {"kind": "linear2", "a": [k values], "b": [k values]}, θ₀ = [a, b]; data rows are scalars. */
export const linear2Json: ModelJson<Linear2Options> = {
  fields: ['a', 'b'],
  parse(o, p) {
    const a = vec(o.a, `${p}.a`);
    const b = vec(o.b, `${p}.b`, a.length, 'same width as model.a');
    return { spec: { k: a.length }, theta0: [...a, ...b], inputDim: 1 };
  },
};
