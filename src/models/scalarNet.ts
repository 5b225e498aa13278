/**
 * Scalar network f(w; x) = (w₁w₂⋯w_D)·x (Kreisler, Nacson, Soudry & Carmon 2023, arXiv 2305.13064; docs/theorems/eos.md
 * E10).
 *
 * The input x is a scalar that multiplies the product (X is n×1); with X = [[1]] and the square loss this is exactly
 * the paper's L(w) = ½(π(w) − y)². θ = w ∈ R^D, one block "w". Homogeneity D.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt, column } from './blocks.js';
import type { Model, ModelJson } from './types.js';
import { fail, vec } from '../json/read.js';

export interface ScalarNetOptions {
  /** D ≥ 2 factors. */
  readonly depth: number;
}

/** Leave-one-out products g_i = Π_{j≠i} w_j by prefix/suffix products (no division, so zeros are safe). O(D). */
function leaveOneOut<R extends Repr>(B: Backend<R>, w: readonly S<R>[]): S<R>[] {
  const D = w.length;
  const pre: S<R>[] = [B.one];
  for (let i = 0; i < D - 1; i++) pre.push(B.mul(pre[i]!, w[i]!));
  const out: S<R>[] = new Array<S<R>>(D);
  let suf = B.one;
  for (let i = D - 1; i >= 0; i--) {
    out[i] = B.mul(pre[i]!, suf);
    suf = B.mul(suf, w[i]!);
  }
  return out;
}

/**
 * `scalarNet(B, { depth })`: f(w; x) = (Π_{i=1}^D w_i)·x, θ = [w] ∈ R^D.
 * ∇_w f = g·x with g_i = Π_{j≠i} w_j; ∇²_w f = K·x with K_ij = Π_{l∉{i,j}} w_l (i ≠ j), K_ii = 0.
 * O(D) scalar products per evaluation (there is no cumulative-product kernel; D is small).
 */
export function scalarNet<R extends Repr>(B: Backend<R>, opts: ScalarNetOptions): Model<R> {
  const D = checkPositiveInt(opts.depth, 'scalarNet: depth', 2);
  const kind = 'scalarNet';
  const check = (theta: V<R>): void => checkDim(B, theta, D, 'θ', kind);
  const product = (w: readonly S<R>[]): S<R> => w.reduce((p, x) => B.mul(p, x), B.one);
  /** K as a D×D matrix: row i = leave-one-out products of w with w_i replaced by 1, then K_ii := 0. O(D²). */
  const kMatrix = (w: readonly S<R>[]) => {
    const rows: V<R>[] = [];
    for (let i = 0; i < D; i++) {
      const wi = w.slice();
      wi[i] = B.one;
      const r = leaveOneOut(B, wi);
      r[i] = B.zero;
      rows.push(B.pack(r));
    }
    return B.reshape(B.concat(rows), D, D);
  };
  const self: Model<R> = {
    B,
    kind,
    // multilinear with coefficients ±1: evaluated on |θ|, |X| it is its own majorant (models/laws.ts)
    majorant: () => self,
    invariants: 'scalarFactors',
    dim: D,
    layout: [{ name: 'w', shape: [D] }],
    homogeneity: D,
    predict(theta, X) {
      check(theta);
      return B.scal(product(B.unpack(theta)), column(B, X, kind));
    },
    jvp(theta, X, u) {
      check(theta);
      checkDim(B, u, D, 'direction u', kind);
      const g = B.pack(leaveOneOut(B, B.unpack(theta)));
      return B.scal(B.dot(g, u), column(B, X, kind));
    },
    vjp(theta, X, gw) {
      check(theta);
      checkData(B, X, 1, kind, gw);
      const g = B.pack(leaveOneOut(B, B.unpack(theta)));
      return B.scal(B.dot(column(B, X, kind), gw), g);
    },
    hvpWeighted(theta, X, gw, u) {
      check(theta);
      checkData(B, X, 1, kind, gw);
      checkDim(B, u, D, 'direction u', kind);
      return B.scal(B.dot(column(B, X, kind), gw), B.gemv(kMatrix(B.unpack(theta)), u));
    },
  };
  return self;
}

/** `thm simulate` form: {"kind": "scalarNet", "w": [D ≥ 2 values]}, θ₀ = w; data rows are scalars. */
export const scalarNetJson: ModelJson<ScalarNetOptions> = {
  fields: ['w'],
  parse(o, p) {
    const w = vec(o.w, `${p}.w`);
    if (w.length < 2) fail(`${p}.w`, `has length ${w.length}; a scalar network needs depth ≥ 2`);
    return { spec: { depth: w.length }, theta0: w, inputDim: 1 };
  },
};
