/**
 * Two-layer network f(x) = Σ_j v_j σ(u_jᵀx + c_j) with σ ∈ {relu, leakyRelu, abs, identity}
 * (Frei, Vardi, Bartlett, Srebro & Hu 2023, arXiv 2210.07082, docs/theorems/lowrank.md R9: leaky ReLU, fixed second
 * layer; per-neuron balance, Du, Hu & Lee 2018).
 *
 * θ = [u (width×inputDim, row-major), c (width), v (width)], keeping only the trainable blocks: u and c (when `bias`)
 * belong to the first layer and are trainable iff `trainFirst`; v iff `trainSecond`. The values of a fixed layer are
 * constants of the model (`fixed`), not part of θ.
 *
 * Kinks: σ is piecewise linear, so σ'' = 0 away from z = 0; at z = 0 we use σ'(0) = 0 for relu/abs, α for leakyRelu
 * (the Heaviside convention of the `step` kernel). All derivatives are exact a.e.; the law suite generates points
 * with no pre-activation exactly 0.
 */
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt, madd, mmul, ones, rowBroadcast } from './blocks.js';
import type { Block, Model, ModelJson } from './types.js';
import { bool, fail, mat, num, obj, oneOf, onlyKeys, vec } from '../json/read.js';

export type Activation = 'relu' | 'leakyRelu' | 'abs' | 'identity';
export const ACTIVATIONS: readonly Activation[] = ['relu', 'leakyRelu', 'abs', 'identity'];

export interface TwoLayerOptions<R extends Repr> {
  readonly width: number;
  readonly inputDim: number;
  readonly activation: Activation;
  /** leakyRelu slope for z < 0: σ(z) = z (z > 0), αz (z ≤ 0). Required for leakyRelu (exact string or scalar). */
  readonly alpha?: Num | S<R>;
  readonly trainFirst: boolean;
  readonly trainSecond: boolean;
  /** Add the biases c_j (first layer). */
  readonly bias: boolean;
  /**
   * Values of the fixed blocks: u (width×inputDim) unless trainFirst, c (width) if bias and not trainFirst,
   * v (width) unless trainSecond.
   */
  readonly fixed?: { readonly u?: M<R>; readonly c?: V<R>; readonly v?: V<R> };
}

/**
 * `twoLayer(B, opts)`: with Z = XUᵀ + 1cᵀ, f = σ(Z)v.
 * J·(U̇, ċ, v̇) = σ(Z)v̇ + (σ'(Z) ⊙ Ż)v with Ż = XU̇ᵀ + 1ċᵀ; Jᵀg = (Pᵀ X, Pᵀ1, σ(Z)ᵀg) with P = σ'(Z) ⊙ g vᵀ;
 * Σ g_i∇²f_i(U̇, ċ, v̇) = (QᵀX, Qᵀ1, (σ'(Z) ⊙ Ż)ᵀg) with Q = σ'(Z) ⊙ g v̇ᵀ (only the mixed first/second-layer terms
 * survive, since σ'' = 0 a.e.).
 * Declared homogeneity (σ positively 1-homogeneous): (trainFirst ? 1 : 0) + (trainSecond ? 1 : 0), none when a
 * fixed bias is present.
 */
export function twoLayer<R extends Repr>(B: Backend<R>, opts: TwoLayerOptions<R>): Model<R> {
  const kind = 'twoLayer';
  const m = checkPositiveInt(opts.width, `${kind}: width`);
  const d = checkPositiveInt(opts.inputDim, `${kind}: inputDim`);
  const act = opts.activation;
  if (!ACTIVATIONS.includes(act)) {
    throw new RangeError(`${kind}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(act)}`);
  }
  let alpha: S<R> = B.zero;
  if (act === 'leakyRelu') {
    if (opts.alpha === undefined) throw new RangeError(`${kind}: leakyRelu needs alpha (e.g. "0.1")`);
    alpha = typeof opts.alpha === 'string' ? B.num(opts.alpha) : opts.alpha;
  }
  const { trainFirst, trainSecond, bias } = opts;
  if (!trainFirst && !trainSecond)
    throw new RangeError(`${kind}: trainFirst and trainSecond are both false (θ is empty)`);
  const fixed = opts.fixed ?? {};
  const fixedU = trainFirst ? undefined : fixed.u;
  const fixedC = bias && !trainFirst ? fixed.c : undefined;
  const fixedV = trainSecond ? undefined : fixed.v;
  if (!trainFirst) {
    if (fixedU === undefined)
      throw new RangeError(`${kind}: fixed.u (width×inputDim) is required when trainFirst is false`);
    if (B.rows(fixedU) !== m || B.cols(fixedU) !== d) {
      throw new RangeError(`${kind}: fixed.u is ${B.rows(fixedU)}×${B.cols(fixedU)}, expected ${m}×${d}`);
    }
    if (bias) {
      if (fixedC === undefined)
        throw new RangeError(`${kind}: fixed.c (width) is required when bias is on and trainFirst is false`);
      if (B.dim(fixedC) !== m) throw new RangeError(`${kind}: fixed.c has length ${B.dim(fixedC)}, expected ${m}`);
    }
  }
  if (!trainSecond) {
    if (fixedV === undefined) throw new RangeError(`${kind}: fixed.v (width) is required when trainSecond is false`);
    if (B.dim(fixedV) !== m) throw new RangeError(`${kind}: fixed.v has length ${B.dim(fixedV)}, expected ${m}`);
  }

  const layout: Block[] = [];
  if (trainFirst) {
    layout.push({ name: 'u', shape: [m, d] });
    if (bias) layout.push({ name: 'c', shape: [m] });
  }
  if (trainSecond) layout.push({ name: 'v', shape: [m] });
  const dim = (trainFirst ? m * d + (bias ? m : 0) : 0) + (trainSecond ? m : 0);
  const homogeneity = bias && !trainFirst ? undefined : (trainFirst ? 1 : 0) + (trainSecond ? 1 : 0);

  interface Parts {
    U: M<R>;
    c: V<R> | null;
    v: V<R>;
  }
  /** A parameter-shaped vector x (θ or a direction) → its trainable blocks, null for the fixed ones. */
  const blocks = (x: V<R>, what: string) => {
    checkDim(B, x, dim, what, kind);
    let o = 0;
    let U: M<R> | null = null;
    let c: V<R> | null = null;
    let v: V<R> | null = null;
    if (trainFirst) {
      U = B.reshape(B.slice(x, 0, m * d), m, d);
      o = m * d;
      if (bias) {
        c = B.slice(x, o, o + m);
        o += m;
      }
    }
    if (trainSecond) v = B.slice(x, o, o + m);
    return { U, c, v };
  };
  /** θ → all layer values (trainable from θ, the rest fixed). */
  const params = (theta: V<R>): Parts => {
    const { U, c, v } = blocks(theta, 'θ');
    return { U: U ?? fixedU, c: c ?? fixedC ?? null, v: v ?? fixedV };
  };
  /** direction → its trainable blocks (null for fixed ones: their tangent is 0). */
  const directions = (u: V<R>) => {
    const { U: dU, c: dc, v: dv } = blocks(u, 'direction u');
    return { dU, dc, dv };
  };
  const sigma = (z: V<R>): V<R> => {
    switch (act) {
      case 'relu':
        return B.map('relu', z);
      case 'abs':
        return B.map('abs', z);
      case 'identity':
        return z;
      // relu(z) − α·relu(−z): exactly z for z > 0, αz (one rounding) for z < 0
      case 'leakyRelu':
        return B.axpy(B.neg(alpha), B.map('relu', B.map('neg', z)), B.map('relu', z));
    }
  };
  const sigmaPrime = (z: V<R>): V<R> => {
    switch (act) {
      case 'relu':
        return B.map('step', z);
      case 'abs':
        return B.map('sign', z);
      case 'identity':
        return B.fill(B.dim(z), B.one);
      case 'leakyRelu':
        return B.axpy(alpha, B.map('step', B.map('neg', z)), B.map('step', z));
    }
  };
  const preact = (p: Parts, X: M<R>): M<R> => {
    checkData(B, X, d, kind);
    const XU = B.gemm(X, p.U, false, true);
    return p.c === null ? XU : madd(B, XU, rowBroadcast(B, p.c, B.rows(X)));
  };
  const asMat = (x: V<R>, like: M<R>): M<R> => B.reshape(x, B.rows(like), B.cols(like));
  /** Ż = XU̇ᵀ + 1ċᵀ, or null when the first layer is fixed. */
  const preactTangent = (dU: M<R> | null, dc: V<R> | null, X: M<R>): M<R> | null => {
    if (dU === null) return null;
    const XdU = B.gemm(X, dU, false, true);
    return dc === null ? XdU : madd(B, XdU, rowBroadcast(B, dc, B.rows(X)));
  };
  /** First-layer gradient blocks (PᵀX, Pᵀ1) for an n×m weight matrix P. */
  const firstLayerGrad = (P: M<R>, X: M<R>): V<R>[] => {
    const out = [B.flatten(B.gemm(P, X, true, false))];
    if (bias) out.push(B.gemv(P, ones(B, B.rows(X)), true));
    return out;
  };

  // The identity-activation net of the same shape on |fixed blocks| bounds every monomial sum when |σ(z)| ≤ |z| and
  // |σ'| ≤ 1, i.e. unless a leaky slope has |α| > 1 (then there is no majorant here).
  const vabs = (x: V<R>): V<R> => B.map('abs', x);
  const hasMajorant = act !== 'leakyRelu' || B.cmp(B.abs(alpha), B.one) <= 0;
  let majorantModel: Model<R> | undefined;
  const majorant = (): Model<R> =>
    (majorantModel ??=
      act === 'identity' && [fixedU, fixedC, fixedV].every((x) => x === undefined)
        ? self
        : twoLayer(B, {
            width: m,
            inputDim: d,
            activation: 'identity',
            trainFirst,
            trainSecond,
            bias,
            fixed: {
              ...(fixedU === undefined ? {} : { u: B.reshape(vabs(B.flatten(fixedU)), m, d) }),
              ...(fixedC === undefined ? {} : { c: vabs(fixedC) }),
              ...(fixedV === undefined ? {} : { v: vabs(fixedV) }),
            },
          }));

  const self: Model<R> = {
    B,
    kind,
    dim,
    layout,
    ...(homogeneity === undefined ? {} : { homogeneity }),
    ...(hasMajorant ? { majorant } : {}),
    // per-neuron balance needs both layers in θ (σ positively 1-homogeneous for every activation here)
    ...(trainFirst && trainSecond ? { invariants: 'neuronBalance' as const } : {}),
    // u (m×d) then the second layer as the 1×m matrix vᵀ (trained or fixed), for the alignment of the two layers
    ...(trainFirst
      ? {
          layers: (theta: V<R>) => {
            const p = params(theta);
            return [
              { name: 'u', W: p.U },
              { name: 'v', W: B.reshape(p.v, 1, m) },
            ];
          },
        }
      : {}),
    predict(theta, X) {
      const p = params(theta);
      const Z = preact(p, X);
      return B.gemv(asMat(sigma(B.flatten(Z)), Z), p.v);
    },
    jvp(theta, X, u) {
      const p = params(theta);
      const { dU, dc, dv } = directions(u);
      const Z = preact(p, X);
      const z = B.flatten(Z);
      let out = B.zeros(B.rows(X));
      if (dv !== null) out = B.vadd(out, B.gemv(asMat(sigma(z), Z), dv));
      const dZ = preactTangent(dU, dc, X);
      if (dZ !== null) out = B.vadd(out, B.gemv(mmul(B, asMat(sigmaPrime(z), Z), dZ), p.v));
      return out;
    },
    vjp(theta, X, g) {
      const p = params(theta);
      checkData(B, X, d, kind, g);
      const Z = preact(p, X);
      const z = B.flatten(Z);
      const out: V<R>[] = [];
      if (trainFirst) out.push(...firstLayerGrad(mmul(B, asMat(sigmaPrime(z), Z), B.ger(g, p.v)), X));
      if (trainSecond) out.push(B.gemv(asMat(sigma(z), Z), g, true));
      return B.concat(out);
    },
    hvpWeighted(theta, X, g, u) {
      const p = params(theta);
      checkData(B, X, d, kind, g);
      const { dU, dc, dv } = directions(u);
      // Only the mixed (first layer, v) blocks of ∇²f are nonzero a.e.; with one layer trained the term is 0.
      if (!(trainFirst && trainSecond)) return B.zeros(dim);
      const Z = preact(p, X);
      const Sp = asMat(sigmaPrime(B.flatten(Z)), Z);
      const Q = mmul(B, Sp, B.ger(g, dv!));
      const dZ = preactTangent(dU, dc, X)!;
      return B.concat([...firstLayerGrad(Q, X), B.gemv(mmul(B, Sp, dZ), g, true)]);
    },
  };
  return self;
}

/** Exact-spec form of the two-layer options (fixed blocks as decimal strings), for theorem specs and law cases. */
export interface TwoLayerSpec {
  readonly width: number;
  readonly inputDim: number;
  readonly activation: Activation;
  readonly alpha?: Num;
  readonly trainFirst: boolean;
  readonly trainSecond: boolean;
  readonly bias: boolean;
  readonly fixed?: {
    readonly u?: readonly (readonly Num[])[];
    readonly c?: readonly Num[];
    readonly v?: readonly Num[];
  };
}

/** `twoLayerFromSpec(B, spec)`: materializes the fixed blocks of an exact spec on B and builds `twoLayer`. */
export function twoLayerFromSpec<R extends Repr>(B: Backend<R>, spec: TwoLayerSpec): Model<R> {
  const f = spec.fixed ?? {};
  return twoLayer(B, {
    width: spec.width,
    inputDim: spec.inputDim,
    activation: spec.activation,
    ...(spec.alpha === undefined ? {} : { alpha: spec.alpha }),
    trainFirst: spec.trainFirst,
    trainSecond: spec.trainSecond,
    bias: spec.bias,
    fixed: {
      ...(f.u === undefined ? {} : { u: B.mat(f.u) }),
      ...(f.c === undefined ? {} : { c: B.vec(f.c) }),
      ...(f.v === undefined ? {} : { v: B.vec(f.v) }),
    },
  });
}

/**
 * `thm simulate` form: {"kind": "twoLayer", "activation", "alpha"? (leakyRelu only), "u": [m rows of d], "c"? [m],
 * "v": [m], "train"?: {"first"?, "second"?} (default both)}; θ₀ = the trained blocks [u, c] and/or [v], the untrained
 * ones fixed at their given values.
 */
export const twoLayerJson: ModelJson<TwoLayerSpec> = {
  fields: ['activation', 'alpha', 'u', 'c', 'v', 'train'],
  parse(o, p) {
    const activation = oneOf(o.activation, `${p}.activation`, ACTIVATIONS, 'activation');
    let alpha: Num | undefined;
    if (activation === 'leakyRelu') {
      if (o.alpha === undefined) fail(`${p}.alpha`, 'is required for leakyRelu (e.g. "0.1")');
      alpha = num(o.alpha, `${p}.alpha`);
    } else if (o.alpha !== undefined) fail(`${p}.alpha`, `only applies to leakyRelu (activation is ${activation})`);
    const u = mat(o.u, `${p}.u`);
    const m = u.length;
    const c = o.c === undefined ? undefined : vec(o.c, `${p}.c`, m, 'one bias per row of model.u');
    const v = vec(o.v, `${p}.v`, m, 'one output weight per row of model.u');
    let first = true;
    let second = true;
    if (o.train !== undefined) {
      const t = obj(o.train, `${p}.train`);
      onlyKeys(t, `${p}.train`, ['first', 'second'], 'train');
      if (t.first !== undefined) first = bool(t.first, `${p}.train.first`);
      if (t.second !== undefined) second = bool(t.second, `${p}.train.second`);
      if (!first && !second) fail(`${p}.train`, 'trains no layer (set first or second to true)');
    }
    const spec: TwoLayerSpec = {
      width: m,
      inputDim: u[0]!.length,
      activation,
      ...(alpha === undefined ? {} : { alpha }),
      trainFirst: first,
      trainSecond: second,
      bias: c !== undefined,
      fixed: { ...(first ? {} : { u, ...(c === undefined ? {} : { c }) }), ...(second ? {} : { v }) },
    };
    const theta0 = [...(first ? [...u.flat(), ...(c ?? [])] : []), ...(second ? v : [])];
    return { spec, theta0, inputDim: spec.inputDim };
  },
};
