/**
 * Forward passes on jets: `JET_MODELS` has one entry per model of `MODELS` (same kind, same exact spec), so the
 * Taylor coefficients of L(θ − ηΔ) exist for every registered model (the jet law suite, laws.test.ts, fails for a
 * model without one). A user's own model is a `JetNet` written once against `JetOps`.
 *
 * θ is split into matrices by `shapes` (in the order of the model's layout; a vector block of length n is an n×1
 * matrix). The forward returns the predictions as an n×C series (C = the model's `outputs`, 1 unless declared).
 */
import type {
  DeepLinearOptions,
  ReluMlpSpec,
  ShallowLinearizedSpec,
  ShallowNetSpec,
  TwoLayerSpec,
} from '../models/index.js';
import type { ModelKind } from '../models/index.js';
import type { Repr } from '../numeric/types.js';
import type { Jet, JetOps } from './series.js';

/** A model on jets: the shapes θ splits into, and the forward pass (X: n × d exact data). */
export interface JetNet {
  readonly shapes: readonly (readonly [number, number])[];
  forward<R extends Repr, T>(J: JetOps<R, T>, params: readonly Jet<T>[], X: T): Jet<T>;
}

const need = (cond: boolean, msg: string) => {
  if (!cond) throw new RangeError(msg);
};

/** f = (Π w_i)·x: depth scalars (1×1 each). */
function scalarNetJet(s: { depth: number }): JetNet {
  return {
    shapes: Array.from({ length: s.depth }, () => [1, 1] as const),
    forward(J, w, X) {
      let p = w[0]!;
      for (let i = 1; i < w.length; i++) p = J.matmul(p, w[i]!);
      return J.matmul(J.constant(X), p);
    },
  };
}

/** f = (aᵀb)·x. */
function linear2Jet(s: { k: number }): JetNet {
  return {
    shapes: [
      [s.k, 1],
      [s.k, 1],
    ],
    forward: (J, [a, b], X) => J.matmul(J.constant(X), J.matmul(a!, b!, true, false)),
  };
}

/** f = Xw. */
function linearClassifierJet(s: { d: number }): JetNet {
  return { shapes: [[s.d, 1]], forward: (J, [w], X) => J.matmul(J.constant(X), w!) };
}

/** f = X(u⊙u − v⊙v): the diagonal linear network, θ = (u, v). */
function diagonalLinearJet(s: { d: number }): JetNet {
  return {
    shapes: [
      [s.d, 1],
      [s.d, 1],
    ],
    forward: (J, [u, v], X) => J.matmul(J.constant(X), J.sub(J.mul(u!, u!), J.mul(v!, v!))),
  };
}

/** A_0 = X, A_l = A_{l−1}W_lᵀ, f = A_L. */
function deepLinearJet(s: DeepLinearOptions): JetNet {
  const w = s.widths;
  return {
    shapes: w.slice(1).map((d, l) => [d, w[l]!] as const),
    forward(J, W, X) {
      let A = J.constant(X);
      for (const Wl of W) A = J.matmul(A, Wl, false, true);
      return A;
    },
  };
}

/** Z = XUᵀ + 1cᵀ, f = σ(Z)v with σ's mask frozen at η = 0; fixed blocks are constants. */
function twoLayerJet(s: TwoLayerSpec): JetNet {
  const shapes: [number, number][] = [];
  if (s.trainFirst) {
    shapes.push([s.width, s.inputDim]);
    if (s.bias) shapes.push([s.width, 1]);
  }
  if (s.trainSecond) shapes.push([s.width, 1]);
  return {
    shapes,
    forward(J, params, X) {
      const A = J.A;
      const fixed = s.fixed ?? {};
      let i = 0;
      const U = s.trainFirst ? params[i++]! : J.constant(A.mnum(fixed.u ?? []));
      const c = !s.bias ? null : s.trainFirst ? params[i++]! : J.constant(A.mnum((fixed.c ?? []).map((x) => [x])));
      const v = s.trainSecond ? params[i]! : J.constant(A.mnum((fixed.v ?? []).map((x) => [x])));
      let Z = J.matmul(J.constant(X), U, false, true);
      if (c !== null) {
        const B = J.B;
        const ones = J.constant(A.exact(B.reshape(B.fill(A.rows(X), B.one), A.rows(X), 1)));
        Z = J.add(Z, J.matmul(ones, c, false, true));
      }
      need(s.activation !== 'leakyRelu' || s.alpha !== undefined, 'twoLayer jet: leakyRelu needs alpha');
      return J.matmul(J.activation(Z, s.activation, s.alpha), v);
    },
  };
}

/**
 * The jet forward of the `reluMlp` model (src/models/reluMlp.ts: bias-free ReLU MLP with vector output, the setting
 * of arXiv 2502.13110 as written out in docs/theorems/taylor.md T1): widths [n_0, …, n_L], h_0 = x,
 * z_k = W_k h_{k−1}, h_k = relu(z_k) for k < L, F = z_L. Batched: Z_k = H_{k−1}W_kᵀ (n × n_k); the output is n × n_L
 * (the model's predictions row-major). `identity` drops the masks (the model's majorant net).
 */
export function reluMlpJet(widths: readonly number[], activation: 'relu' | 'identity' = 'relu'): JetNet {
  need(widths.length >= 2 && widths.every((w) => Number.isInteger(w) && w >= 1), 'reluMlp: widths must be ≥ 1, L ≥ 1');
  return {
    shapes: widths.slice(1).map((d, l) => [d, widths[l]!] as const),
    forward(J, W, X) {
      let H = J.constant(X);
      W.forEach((Wk, k) => {
        const Z = J.matmul(H, Wk, false, true);
        H = k + 1 < W.length ? J.activation(Z, activation) : Z;
      });
      return H;
    },
  };
}

/** f = n^{−1/2}·σ(xwᵀ − 1bᵀ)a (models/shallow.ts); w, b from θ (shallowNet) or constants (shallowLinearized). */
function shallowJet(s: ShallowNetSpec & Partial<Pick<ShallowLinearizedSpec, 'w' | 'b'>>): JetNet {
  const n = s.width;
  const fw = s.w;
  const fb = s.b;
  return {
    shapes:
      fw !== undefined && fb !== undefined
        ? [[n, 1]]
        : [
            [n, 1],
            [n, 1],
            [n, 1],
          ],
    forward(J, params, X) {
      const A = J.A;
      const B = J.B;
      const col = (v: readonly string[]) => J.constant(A.mnum(v.map((x) => [x])));
      const [w, b, a] =
        fw !== undefined && fb !== undefined ? [col(fw), col(fb), params[0]!] : [params[0]!, params[1]!, params[2]!];
      const ones = J.constant(A.exact(B.reshape(B.fill(A.rows(X), B.one), A.rows(X), 1)));
      const Z = J.sub(J.matmul(J.constant(X), w, false, true), J.matmul(ones, b, false, true));
      const scale = A.fn('recip', A.fn('sqrt', A.num(String(n))));
      return J.scal(scale, J.matmul(J.activation(Z, s.activation), a));
    },
  };
}

/** One jet forward per registered model kind (same spec as `MODELS[kind].factory`). */
export const JET_MODELS = {
  scalarNet: scalarNetJet,
  linear2: linear2Jet,
  linearClassifier: linearClassifierJet,
  deepLinear: deepLinearJet,
  twoLayer: twoLayerJet,
  diagonalLinear: diagonalLinearJet,
  reluMlp: (s: ReluMlpSpec) => reluMlpJet(s.widths),
  shallowNet: shallowJet,
  shallowLinearized: shallowJet,
} as const satisfies Record<ModelKind, (spec: never) => JetNet>;

/** The jet forward of a registered model kind from its exact spec. */
export function jetModel(kind: string, spec: unknown): JetNet {
  if (!Object.hasOwn(JET_MODELS, kind)) {
    throw new RangeError(
      `jet: no jet forward for model ${JSON.stringify(kind)}; add one to JET_MODELS (src/jet/models.ts)`,
    );
  }
  return (JET_MODELS[kind as ModelKind] as (s: unknown) => JetNet)(spec);
}

/**
 * The jet forward of a model: from its registry spec (`Model.spec`, set by every `MODELS` factory) when it has one,
 * else from its kind and layout when they determine it (scalarNet, linear2, linearClassifier, diagonalLinear,
 * deepLinear, reluMlp built directly); null otherwise (e.g. a two-layer net built directly: its activation and fixed
 * blocks are not part of its layout; or a user's model, which has no jet forward).
 */
export function jetOfModel(model: {
  readonly kind: string;
  readonly spec?: unknown;
  readonly layout: readonly { readonly shape: readonly number[] }[];
}): JetNet | null {
  if (model.spec !== undefined && Object.hasOwn(JET_MODELS, model.kind)) return jetModel(model.kind, model.spec);
  const shapes = model.layout.map((b) => b.shape);
  switch (model.kind) {
    case 'scalarNet':
      return scalarNetJet({ depth: shapes[0]![0]! });
    case 'linear2':
      return linear2Jet({ k: shapes[0]![0]! });
    case 'linearClassifier':
      return linearClassifierJet({ d: shapes[0]![0]! });
    case 'diagonalLinear':
      return diagonalLinearJet({ d: shapes[0]![0]! });
    case 'deepLinear':
      return deepLinearJet({ widths: [shapes[0]![1]!, ...shapes.map((s) => s[0]!)] });
    case 'reluMlp':
      return reluMlpJet([shapes[0]![1]!, ...shapes.map((s) => s[0]!)]);
    default:
      return null;
  }
}
