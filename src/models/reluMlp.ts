/**
 * Bias-free ReLU MLP with vector output, the setting of arXiv 2502.13110 as written out in docs/theorems/taylor.md T1:
 * widths [n_0, …, n_L] (L ≥ 1 layers, output width C = n_L ≥ 1), h_0 = x, z_k = W_kh_{k−1}, h_k = relu(z_k) for
 * k < L, f = z_L ∈ R^C. No biases, so f is positively 1-homogeneous in each W_k and L-homogeneous in θ.
 *
 * Width pattern (`mlpWidths`): hidden widths n_k = ⌈n·k^r⌉ for k = 1 … L − 1 and r ∈ {0, 1, 2} (constant, linear,
 * quadratic growth with depth; the first hidden layer has width n for every r). The paper's exact form could not be
 * read (docs/theorems/taylor.md T1); this is the form used here.
 *
 * θ = [W1 row-major, …, WL row-major], blocks "W1" … "WL" (W_k is n_k × n_{k−1}). Batched, one sample per row:
 * H_0 = X (n × n_0), Z_k = H_{k−1}W_kᵀ, H_k = relu(Z_k) = M_k ⊙ Z_k with the mask M_k = 1[Z_k > 0] (relu'(0) = 0, the
 * convention of twoLayer), F = Z_L (n × C). `predict` returns F row-major: entry i·C + c is output c of sample i, so
 * the targets of an objective are n·C values in the same order (`outputs` = C).
 *
 * The network is defined once: this model (engine: predict, jvp, vjp, hvpWeighted) and its jet forward
 * `reluMlpJet(widths)` (src/jet/models.ts, the `reluMlp` entry of JET_MODELS) read the same spec; the jet law suite
 * checks that the jet's c_1 and c_2 equal this model's gradient and Hessian.
 */
import { fail, mat, num, obj, onlyKeys } from '../json/read.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import { checkDim, checkPositiveInt, madd, mmul, splitBlocks } from './blocks.js';
import type { Block, Model, ModelJson } from './types.js';

/** The registry spec: the widths [n_0, …, n_L]. */
export interface ReluMlpSpec {
  readonly widths: readonly number[];
}

/** Hidden widths n_k = ⌈n·k^r⌉ (k = 1 … depth − 1) between an input and an output width (module comment). */
export function mlpWidths(o: {
  readonly input: number;
  readonly n: number;
  readonly r: 0 | 1 | 2;
  readonly depth: number;
  readonly output: number;
}): number[] {
  checkPositiveInt(o.input, 'mlpWidths: input');
  checkPositiveInt(o.output, 'mlpWidths: output');
  checkPositiveInt(o.depth, 'mlpWidths: depth');
  if (!(o.n > 0 && Number.isFinite(o.n))) throw new RangeError(`mlpWidths: n must be > 0, got ${o.n}`);
  if (![0, 1, 2].includes(o.r)) throw new RangeError(`mlpWidths: r must be 0, 1 or 2, got ${String(o.r)}`);
  const hidden = Array.from({ length: o.depth - 1 }, (_, i) => Math.ceil(o.n * (i + 1) ** o.r));
  return [o.input, ...hidden, o.output];
}

/**
 * `reluMlp(B, { widths })`; `activation: 'identity'` gives the same network without masks (a deep linear net with
 * vector output), which evaluated on |θ|, |X| is the rounding majorant of the relu one (masks ∈ {0, 1} only drop
 * monomials). Reverse mode: Δ_L = g (n × C), G_k = Δ_kᵀH_{k−1}, Δ_{k−1} = (Δ_kW_k) ⊙ M_{k−1}. The weighted
 * second-order term is the forward-mode derivative of that pass along U with g and the masks fixed (exact a.e.):
 * Ḣ_k = M_k ⊙ (Ḣ_{k−1}W_kᵀ + H_{k−1}U_kᵀ), Δ̇_{k−1} = (Δ̇_kW_k + Δ_kU_k) ⊙ M_{k−1}, Ġ_k = Δ̇_kᵀH_{k−1} + Δ_kᵀḢ_{k−1}.
 */
export function reluMlp<R extends Repr>(
  B: Backend<R>,
  spec: ReluMlpSpec,
  activation: 'relu' | 'identity' = 'relu',
): Model<R> {
  const kind = 'reluMlp';
  const widths = spec.widths;
  if (!Array.isArray(widths) || widths.length < 2) {
    throw new RangeError(`${kind}: widths must list [n_0, …, n_L] with L ≥ 1, got ${JSON.stringify(widths)}`);
  }
  widths.forEach((w, i) => checkPositiveInt(w, `${kind}: widths[${i}]`));
  const L = widths.length - 1;
  const d0 = widths[0]!;
  const C = widths[L]!;
  const layout: Block[] = widths.slice(1).map((w, l) => ({ name: `W${l + 1}`, shape: [w, widths[l]!] }));
  const dim = layout.reduce((s, b) => s + b.shape[0]! * b.shape[1]!, 0);

  const mats = (x: V<R>, what: string): M<R>[] => {
    checkDim(B, x, dim, what, kind);
    return splitBlocks(B, x, layout).map((v, i) => B.reshape(v, layout[i]!.shape[0]!, layout[i]!.shape[1]!));
  };
  const checkX = (X: M<R>): void => {
    if (B.cols(X) !== d0) throw new RangeError(`${kind}: X has ${B.cols(X)} columns, expected input width ${d0}`);
  };
  /** Per-sample output weights g (n·C, row-major) as the n × C matrix Δ_L. */
  const outGrad = (g: V<R>, X: M<R>): M<R> => {
    const n = B.rows(X);
    if (B.dim(g) !== n * C) {
      throw new RangeError(`${kind}: output weights have length ${B.dim(g)}, expected ${n}·${C} (samples × outputs)`);
    }
    return B.reshape(g, n, C);
  };
  const ew = (P: M<R>, op: 'relu' | 'step'): M<R> => B.reshape(B.map(op, B.flatten(P)), B.rows(P), B.cols(P));
  /** Inputs H_0 … H_{L−1} of every layer, the masks M_1 … M_{L−1} (index k−1) and the output F. */
  const forward = (W: readonly M<R>[], X: M<R>) => {
    checkX(X);
    const H: M<R>[] = [X];
    const Ms: M<R>[] = [];
    let Z = B.gemm(X, W[0]!, false, true);
    for (let l = 1; l < L; l++) {
      if (activation === 'relu') {
        Ms.push(ew(Z, 'step'));
        H.push(ew(Z, 'relu'));
      } else {
        Ms.push(B.reshape(B.fill(B.rows(Z) * B.cols(Z), B.one), B.rows(Z), B.cols(Z)));
        H.push(Z);
      }
      Z = B.gemm(H[l]!, W[l]!, false, true);
    }
    return { H, Ms, F: Z };
  };
  const masked = (Mk: M<R>, P: M<R>): M<R> => (activation === 'relu' ? mmul(B, Mk, P) : P);
  /** Tangents Ḣ_1 … Ḣ_{L−1} (index k, Ḣ_0 = 0) and the output tangent Ż_L along U. */
  const tangents = (W: readonly M<R>[], U: readonly M<R>[], H: readonly M<R>[], Ms: readonly M<R>[]) => {
    const dH: (M<R> | null)[] = [null];
    let dZ = B.gemm(H[0]!, U[0]!, false, true);
    for (let l = 1; l < L; l++) {
      dH.push(masked(Ms[l - 1]!, dZ));
      dZ = madd(B, B.gemm(dH[l]!, W[l]!, false, true), B.gemm(H[l]!, U[l]!, false, true));
    }
    return { dH, dF: dZ };
  };
  const flat = (Gs: readonly M<R>[]): V<R> => B.concat(Gs.map((G) => B.flatten(G)));

  let majorantModel: Model<R> | undefined;
  const self: Model<R> = {
    B,
    kind,
    dim,
    layout,
    homogeneity: L,
    ...(C === 1 ? {} : { outputs: C }),
    majorant: () => (activation === 'identity' ? self : (majorantModel ??= reluMlp(B, spec, 'identity'))),
    predict(theta, X) {
      return B.flatten(forward(mats(theta, 'θ'), X).F);
    },
    jvp(theta, X, u) {
      const W = mats(theta, 'θ');
      const { H, Ms } = forward(W, X);
      return B.flatten(tangents(W, mats(u, 'direction u'), H, Ms).dF);
    },
    vjp(theta, X, g) {
      const W = mats(theta, 'θ');
      const { H, Ms } = forward(W, X);
      const G: M<R>[] = new Array<M<R>>(L);
      let D = outGrad(g, X);
      for (let l = L - 1; l >= 0; l--) {
        G[l] = B.gemm(D, H[l]!, true, false);
        if (l > 0) D = masked(Ms[l - 1]!, B.gemm(D, W[l]!));
      }
      return flat(G);
    },
    layerFactorNorms(theta, X, g) {
      const W = mats(theta, 'θ');
      const { H, Ms } = forward(W, X);
      const out: { forward: S<R>; backward: S<R> }[] = new Array<{ forward: S<R>; backward: S<R> }>(L);
      let D = outGrad(g, X);
      for (let l = L - 1; l >= 0; l--) {
        out[l] = { forward: B.nrm2(B.flatten(H[l]!)), backward: B.nrm2(B.flatten(D)) };
        if (l > 0) D = masked(Ms[l - 1]!, B.gemm(D, W[l]!));
      }
      return out;
    },
    hvpWeighted(theta, X, g, u) {
      const W = mats(theta, 'θ');
      const U = mats(u, 'direction u');
      const { H, Ms } = forward(W, X);
      const { dH } = tangents(W, U, H, Ms);
      const dG: M<R>[] = new Array<M<R>>(L);
      let D = outGrad(g, X);
      let dD: M<R> | null = null; // Δ̇_L = 0
      for (let l = L - 1; l >= 0; l--) {
        const parts: M<R>[] = [];
        if (dD !== null) parts.push(B.gemm(dD, H[l]!, true, false));
        if (dH[l] !== null) parts.push(B.gemm(D, dH[l]!, true, false));
        dG[l] = parts.length === 0 ? B.mzeros(widths[l + 1], widths[l]) : parts.reduce((P, Q) => madd(B, P, Q));
        if (l > 0) {
          const own = B.gemm(D, U[l]!);
          dD = masked(Ms[l - 1]!, dD === null ? own : madd(B, B.gemm(dD, W[l]!), own));
          D = masked(Ms[l - 1]!, B.gemm(D, W[l]!));
        }
      }
      return flat(dG);
    },
  };
  return self;
}

/**
 * `thm simulate` form: {"kind": "reluMlp", "W": [W1, …, WL], "pattern"?: {"n": "4", "r": 2}}: row-major layer
 * matrices, W[0] the first layer, columns of W[l] = rows of W[l−1]; the last layer's rows are the outputs C (with
 * C > 1, each data.y entry is a row of C targets). θ₀ = the layers flattened in order. `pattern`, when given, must
 * match the hidden widths: n_k = ⌈n·k^r⌉ (`mlpWidths`).
 */
export const reluMlpJson: ModelJson<ReluMlpSpec> = {
  fields: ['W', 'pattern'],
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
    const inputDim = W[0]![0]!.length;
    const widths = [inputDim, ...W.map((Wl) => Wl.length)];
    if (o.pattern !== undefined) {
      const q = obj(o.pattern, `${p}.pattern`);
      onlyKeys(q, `${p}.pattern`, ['n', 'r'], 'pattern');
      const n = Number(num(q.n, `${p}.pattern.n`));
      if (!(n > 0)) fail(`${p}.pattern.n`, `${String(q.n)} must be > 0`);
      if (q.r !== 0 && q.r !== 1 && q.r !== 2) fail(`${p}.pattern.r`, `${JSON.stringify(q.r)} must be 0, 1 or 2`);
      const want = mlpWidths({ input: inputDim, n, r: q.r, depth: W.length, output: widths[widths.length - 1]! });
      if (want.join() !== widths.join())
        fail(`${p}.W`, `widths [${widths.join(', ')}] do not follow pattern n_k = ⌈n·k^r⌉: [${want.join(', ')}]`);
    }
    const C = widths[widths.length - 1]!;
    return {
      spec: { widths },
      theta0: W.flatMap((Wl) => Wl.flat()),
      inputDim,
      ...(C === 1 ? {} : { outputDim: C }),
    };
  },
};
