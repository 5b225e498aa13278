/**
 * Deep linear network with scalar output f(W; x) = W_L⋯W_1 x (Ji & Telgarsky 2019, arXiv 1810.02032), widths
 * [d_0, d_1, …, d_L] with W_l ∈ R^{d_l × d_{l−1}} and d_L = 1 (scalar output only, as in the paper's setting).
 *
 * θ = [W1 row-major, W2 row-major, …, WL row-major], blocks "W1" … "WL". Homogeneity L.
 * Batched: activations A_0 = X (n×d_0), A_l = A_{l−1}W_lᵀ; f = A_L.
 */
import type { Backend, M, Repr, V } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt, madd, splitBlocks } from './blocks.js';
import type { Block, Model, ModelJson } from './types.js';
import { fail, mat } from '../json/read.js';
import type { Num } from '../numeric/types.js';

export interface DeepLinearOptions {
  /** [d_0, …, d_L], L ≥ 1, every d_l ≥ 1, d_L = 1. */
  readonly widths: readonly number[];
}

/**
 * `deepLinear(B, { widths })`. Reverse mode: δ_L = g, ∇_{W_l} = δ_lᵀA_{l−1}, δ_{l−1} = δ_l W_l. The weighted
 * second-order term Σ g_i ∇²f_i u is the forward-mode derivative of that backward pass along u with g held fixed:
 * Ȧ_l = Ȧ_{l−1}W_lᵀ + A_{l−1}U_lᵀ, δ̇_{l−1} = δ̇_l W_l + δ_l U_l, (∇_{W_l})˙ = δ̇_lᵀA_{l−1} + δ_lᵀȦ_{l−1}.
 */
export function deepLinear<R extends Repr>(B: Backend<R>, opts: DeepLinearOptions): Model<R> {
  const kind = 'deepLinear';
  const widths = opts.widths;
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`${kind}: widths must list [d_0, …, d_L] with L ≥ 1, got ${JSON.stringify(widths)}`);
  }
  widths.forEach((w, i) => checkPositiveInt(w, `${kind}: widths[${i}]`));
  if (widths[widths.length - 1] !== 1) {
    throw new RangeError(
      `${kind}: only scalar output is supported; the last width must be 1, got ${JSON.stringify(widths)}`,
    );
  }
  const L = widths.length - 1;
  const d0 = widths[0]!;
  const layout: Block[] = [];
  for (let l = 1; l <= L; l++) layout.push({ name: `W${l}`, shape: [widths[l]!, widths[l - 1]!] });
  const dim = layout.reduce((s, b) => s + b.shape[0]! * b.shape[1]!, 0);

  /** W_1 … W_L as matrices (index l−1). */
  const mats = (x: V<R>, what: string): M<R>[] => {
    checkDim(B, x, dim, what, kind);
    return splitBlocks(B, x, layout).map((v, i) => B.reshape(v, layout[i]!.shape[0]!, layout[i]!.shape[1]!));
  };
  /** A_0 … A_L */
  const forward = (W: readonly M<R>[], X: M<R>): M<R>[] => {
    const A: M<R>[] = [X];
    for (let l = 0; l < L; l++) A.push(B.gemm(A[l]!, W[l]!, false, true));
    return A;
  };
  /** Tangents Ȧ_1 … Ȧ_L (index l−1) along U. */
  const tangents = (W: readonly M<R>[], U: readonly M<R>[], A: readonly M<R>[]): M<R>[] => {
    const T: M<R>[] = [];
    for (let l = 0; l < L; l++) {
      const own = B.gemm(A[l]!, U[l]!, false, true);
      T.push(l === 0 ? own : madd(B, B.gemm(T[l - 1]!, W[l]!, false, true), own));
    }
    return T;
  };
  const flat = (Gs: readonly M<R>[]): V<R> => B.concat(Gs.map((G) => B.flatten(G)));

  const self: Model<R> = {
    B,
    kind,
    // multilinear with coefficients ±1: evaluated on |θ|, |X| it is its own majorant (models/laws.ts)
    majorant: () => self,
    ...(L >= 2 ? { invariants: 'layerBalance' as const } : {}),
    dim,
    layout,
    homogeneity: L,
    predict(theta, X) {
      checkData(B, X, d0, kind);
      return B.flatten(forward(mats(theta, 'θ'), X)[L]!);
    },
    jvp(theta, X, u) {
      checkData(B, X, d0, kind);
      const W = mats(theta, 'θ');
      return B.flatten(tangents(W, mats(u, 'direction u'), forward(W, X))[L - 1]!);
    },
    vjp(theta, X, g) {
      checkData(B, X, d0, kind, g);
      const W = mats(theta, 'θ');
      const A = forward(W, X);
      const G: M<R>[] = new Array<M<R>>(L);
      let delta = B.reshape(g, B.dim(g), 1);
      for (let l = L - 1; l >= 0; l--) {
        G[l] = B.gemm(delta, A[l]!, true, false);
        if (l > 0) delta = B.gemm(delta, W[l]!);
      }
      return flat(G);
    },
    hvpWeighted(theta, X, g, u) {
      checkData(B, X, d0, kind, g);
      const W = mats(theta, 'θ');
      const U = mats(u, 'direction u');
      const A = forward(W, X);
      const T = tangents(W, U, A);
      const dG: M<R>[] = new Array<M<R>>(L);
      let delta = B.reshape(g, B.dim(g), 1);
      let dDelta: M<R> | null = null; // δ̇_L = 0
      for (let l = L - 1; l >= 0; l--) {
        // (∇_{W_l})˙ = δ̇_lᵀA_{l−1} + δ_lᵀȦ_{l−1}, with Ȧ_0 = 0 and δ̇_L = 0
        const parts: M<R>[] = [];
        if (dDelta !== null) parts.push(B.gemm(dDelta, A[l]!, true, false));
        if (l > 0) parts.push(B.gemm(delta, T[l - 1]!, true, false));
        dG[l] = parts.length === 0 ? B.mzeros(widths[l + 1], widths[l]) : parts.reduce((P, Q) => madd(B, P, Q));
        if (l > 0) {
          const next = B.gemm(delta, U[l]!);
          dDelta = dDelta === null ? next : madd(B, B.gemm(dDelta, W[l]!), next);
          delta = B.gemm(delta, W[l]!);
        }
      }
      return flat(dG);
    },
  };
  return self;
}

/**
 * `thm simulate` form: {"kind": "deepLinear", "W": [W1, …, WL]} (row-major layer matrices, W[0] the first layer,
 * columns of W[l] = rows of W[l−1], the last with one row), θ₀ = the layers flattened in order.
 */
export const deepLinearJson: ModelJson<{ widths: number[] }> = {
  fields: ['W'],
  parse(o, p) {
    if (!Array.isArray(o.W) || o.W.length === 0)
      fail(`${p}.W`, 'expected a non-empty list of layer matrices (W[0] is the first layer)');
    const W: Num[][][] = [];
    o.W.forEach((Wl, l) => {
      const prevRows = l === 0 ? undefined : W[l - 1]!.length;
      W.push(
        mat(
          Wl,
          `${p}.W[${l}]`,
          undefined,
          prevRows,
          prevRows === undefined ? undefined : `columns = rows of W[${l - 1}]`,
        ),
      );
    });
    const last = W[W.length - 1]!;
    if (last.length !== 1)
      fail(`${p}.W[${W.length - 1}]`, `has ${last.length} rows; the last layer must have 1 row (scalar output)`);
    const inputDim = W[0]![0]!.length;
    return {
      spec: { widths: [inputDim, ...W.map((Wl) => Wl.length)] },
      theta0: W.flatMap((Wl) => Wl.flat()),
      inputDim,
    };
  },
};
