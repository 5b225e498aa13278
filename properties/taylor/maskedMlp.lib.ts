/**
 * The bias-free ReLU MLP of docs/theorems/taylor.md T1 under square loss with its hidden masks given from outside
 * (T10, "conservation on a piece"): the frozen-mask network is a polynomial in θ, its gradient field is smooth, and
 * (I7) holds for it at every θ. Float kernels for integrating, ball kernels for enclosing the field.
 */
import {
  type Backend,
  type BallArith,
  type MatBall,
  type Num,
  type Repr,
  type S,
  type V,
  type VecBall,
} from '../../src/index.js';

/** The square-loss MLP of T1 (mean over the n samples of ½‖F(x_i) − y_i‖²) with masks given from outside. */
export interface MaskedMlp<R extends Repr> {
  readonly B: Backend<R>;
  readonly widths: readonly number[];
  /** Per layer: the n_k·n_{k−1} entries of W_k in θ (row-major). */
  readonly sizes: readonly number[];
  /** Hidden pre-activations Z_1 … Z_{L−1} (n × n_k each, flattened and concatenated), computed with these masks. */
  preacts(theta: V<R>, masks: readonly V<R>[]): V<R>;
  /** The actual activation pattern at θ: per hidden layer the 0/1 mask of Z_k > 0; `kink` if some Z_k is exactly 0. */
  masksAt(theta: V<R>): { readonly masks: V<R>[]; readonly kink: boolean };
  /** ∇F at θ with the masks frozen: the gradient of the polynomial that equals F where the pattern is `masks`. */
  grad(theta: V<R>, masks: readonly V<R>[]): V<R>;
}

export function maskedMlp<R extends Repr>(
  B: Backend<R>,
  widths: readonly number[],
  X: readonly (readonly Num[])[],
  Y: readonly (readonly Num[])[],
): MaskedMlp<R> {
  const L = widths.length - 1;
  const n = X.length;
  const Xm = B.mat(X);
  const Ym = B.mat(Y);
  const sizes = widths.slice(1).map((d, k) => d * widths[k]!);
  const offsets = sizes.map((_, k) => sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const layer = (theta: V<R>, k: number) =>
    B.reshape(B.slice(theta, offsets[k]!, offsets[k]! + sizes[k]!), widths[k + 1]!, widths[k]!);
  /** Forward pass: Z_k = H_{k−1}W_kᵀ, H_k = Z_k ⊙ mask_k (frozen) or relu(Z_k) (masks undefined). */
  const forward = (theta: V<R>, masks?: readonly V<R>[]) => {
    const Hs = [Xm];
    const Zs = [];
    for (let k = 0; k < L; k++) {
      const Z = B.gemm(Hs[k]!, layer(theta, k), false, true);
      Zs.push(Z);
      if (k + 1 < L) {
        const z = B.flatten(Z);
        Hs.push(B.reshape(masks ? B.vmul(z, masks[k]!) : B.map('relu', z), n, widths[k + 1]!));
      }
    }
    return { Hs, Zs };
  };
  const invN = B.div(B.one, B.int(n));
  return {
    B,
    widths,
    sizes,
    preacts(theta, masks) {
      return B.concat(
        forward(theta, masks)
          .Zs.slice(0, L - 1)
          .map((Z) => B.flatten(Z)),
      );
    },
    masksAt(theta) {
      const { Hs, Zs } = forward(theta);
      let kink = false;
      const masks = Zs.slice(0, L - 1).map((Z, k) => {
        const width = widths[k + 1]!;
        const inputs = B.unpack(B.flatten(Hs[k]!));
        const m = widths[k]!;
        return B.pack(
          B.unpack(B.flatten(Z)).map((z, idx) => {
            const c = B.cmp(z, B.zero);
            // z = 0 with an all-zero input row (every unit below is off for this sample) stays 0 while the piece
            // lasts and its mask multiplies zeros only: not a kink
            const i = Math.floor(idx / width);
            if (c === 0 && inputs.slice(i * m, (i + 1) * m).some((h) => !B.isZero(h))) kink = true;
            return c > 0 ? B.one : B.zero;
          }),
        );
      });
      return { masks, kink };
    },
    grad(theta, masks) {
      const { Hs, Zs } = forward(theta, masks);
      // D_L = (Z_L − Y)/n; G_k = D_kᵀH_{k−1}; D_k = (D_{k+1}W_{k+1}) ⊙ mask_k
      let D = B.reshape(B.scal(invN, B.vsub(B.flatten(Zs[L - 1]!), B.flatten(Ym))), n, widths[L]!);
      const G: V<R>[] = [];
      for (let k = L - 1; k >= 0; k--) {
        G[k] = B.flatten(B.gemm(D, Hs[k]!, true, false));
        if (k > 0) D = B.reshape(B.vmul(B.flatten(B.gemm(D, layer(theta, k))), masks[k - 1]!), n, widths[k]!);
      }
      return B.concat(G);
    },
  };
}

/** Vector-ball slice and concatenation (value and radius vectors side by side). */
export function vslice<R extends Repr>(
  K: BallArith<R>,
  B: Backend<R>,
  x: VecBall<R>,
  a: number,
  b: number,
): VecBall<R> {
  return K.vof(B.slice(x.value, a, b), B.slice(x.err, a, b));
}

/**
 * The frozen-mask field f_M(θ) = −(ξ_kG^M_k)_k at a ball of θ, as one vector ball per layer, enclosing the exact
 * field at every point of the ball (ball back-propagation; multiplying by a 0/1 mask is exact).
 */
export function fieldBall<R extends Repr>(
  net: MaskedMlp<R>,
  K: BallArith<R>,
  X: readonly (readonly Num[])[],
  Y: readonly (readonly Num[])[],
  xi: readonly S<R>[],
  theta: VecBall<R>,
  masks: readonly V<R>[],
): VecBall<R>[] {
  const B = net.B;
  const w = net.widths;
  const L = w.length - 1;
  const n = X.length;
  const offs = net.sizes.map((_, k) => net.sizes.slice(0, k).reduce((a, b) => a + b, 0));
  const Ws = net.sizes.map((m, k) => K.mreshape(vslice(K, B, theta, offs[k]!, offs[k]! + m), w[k + 1]!, w[k]!));
  const mask = (Z: MatBall<R>, m: V<R>): MatBall<R> =>
    K.mof(
      B.reshape(B.vmul(B.flatten(Z.value), m), B.rows(Z.value), B.cols(Z.value)),
      B.reshape(B.vmul(B.flatten(Z.err), m), B.rows(Z.value), B.cols(Z.value)),
    );
  const Hs = [K.mnum(X)];
  let Z = K.gemm(Hs[0]!, Ws[0]!, false, true);
  for (let k = 1; k < L; k++) {
    Hs.push(mask(Z, masks[k - 1]!));
    Z = K.gemm(Hs[k]!, Ws[k]!, false, true);
  }
  let D = K.mscal(K.div(K.int(1), K.int(n)), K.msub(Z, K.mnum(Y)));
  const out: VecBall<R>[] = [];
  for (let k = L - 1; k >= 0; k--) {
    out[k] = K.scal(K.neg(K.exact(xi[k]!)), K.mflatten(K.gemm(D, Hs[k]!, true, false)));
    if (k > 0) D = mask(K.gemm(D, Ws[k]!), masks[k - 1]!);
  }
  return out;
}
