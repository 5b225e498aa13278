/**
 * Univariate shallow networks in the lazy setting (Liang & Montúfar, arXiv 2410.03988; docs/theorems/mirror.md M6):
 * f(θ; x) = n^{−1/2} Σ_k a_k σ(w_k x − b_k), σ ∈ {relu, abs}, x ∈ R.
 *
 * - `shallowNet`: the full network, θ = [w; b; a] ∈ R^{3n} (all trained).
 * - `shallowLinearized`: the features-fixed model, θ = a ∈ R^n, w and b constants: f = Ψ(x)ᵀa with
 *   Ψ_k(x) = n^{−1/2} σ(w_k x − b_k) (`features`). It is the full network's first-order model at a = 0 in the a-block,
 *   the lazy limit when the output weights start at zero.
 *
 * Both are the two-layer net (./twoLayer.ts, u = w, c = −b, v = s·a with s = fl(n^{−1/2})) composed with the diagonal
 * linear map T: θ ↦ [w; −b; s·a], so J_f = J_twoLayer·T, Jᵀg = T·J_twoLayerᵀg, and the Hessian term is T·H·T. The
 * rounding majorant is the same composition around the two-layer net's majorant (T ≥ 0 in the majorant: the sign of −b
 * does not change |monomials|); s enters as one more rounded factor of each monomial.
 *
 * Initialization (`shallowInit`): a = 0, w_k = ±1 with equal probability, b_k uniform on [−c, c] from a seed, drawn on
 * the grid c·(2j + 1 − N)/N, N = 2^20 (exact decimals, never 0 or ±c): the law B ~ Unif[−c, c] up to 2^{−20}·c.
 */
import { fail, num, obj, oneOf, onlyKeys, vec, count } from '../json/read.js';
import { rngFromSeed, uniformInt, type Rng } from '../dynamics/rng.js';
import { dyadicDecimal } from '../numeric/exact.js';
import type { Backend, M, Num, Repr, V } from '../numeric/types.js';
import { checkDim, checkPositiveInt, column, rowBroadcast } from './blocks.js';
import { twoLayer } from './twoLayer.js';
import type { Model, ModelJson } from './types.js';

export type ShallowActivation = 'relu' | 'abs';
export const SHALLOW_ACTIVATIONS: readonly ShallowActivation[] = ['relu', 'abs'];

/** The full network: width n and σ (θ = [w; b; a] carries the values). */
export interface ShallowNetSpec {
  readonly width: number;
  readonly activation: ShallowActivation;
}

/** The linearized model: width n, σ and the fixed features' w (n), b (n) as exact strings; θ = a. */
export interface ShallowLinearizedSpec extends ShallowNetSpec {
  readonly w: readonly Num[];
  readonly b: readonly Num[];
}

/** A model linear in θ through fixed features: f(θ; X) = Ψ(X)·θ. */
export interface FeatureModel<R extends Repr> extends Model<R> {
  /** Ψ(X): N × dim θ, row i the features of x_i. */
  features(X: M<R>): M<R>;
}

/** θ ↦ T⊙θ around a model `inner` (the module comment's composition). */
function composed<R extends Repr>(
  B: Backend<R>,
  kind: string,
  inner: Model<R>,
  T: V<R>,
  layout: Model<R>['layout'],
  majorant: (() => Model<R>) | undefined,
): Model<R> {
  const dim = B.dim(T);
  const t = (x: V<R>, what: string) => {
    checkDim(B, x, dim, what, kind);
    return B.vmul(T, x);
  };
  return {
    B,
    kind,
    dim,
    layout,
    ...(majorant === undefined ? {} : { majorant }),
    predict: (theta, X) => inner.predict(t(theta, 'θ'), X),
    jvp: (theta, X, u) => inner.jvp(t(theta, 'θ'), X, t(u, 'direction u')),
    vjp: (theta, X, g) => B.vmul(T, inner.vjp(t(theta, 'θ'), X, g)),
    hvpWeighted: (theta, X, g, u) => B.vmul(T, inner.hvpWeighted(t(theta, 'θ'), X, g, t(u, 'direction u'))),
  };
}

/** s = fl(1/fl(√n)) on B. */
function invSqrt<R extends Repr>(B: Backend<R>, n: number): ReturnType<Backend<R>['int']> {
  return B.div(B.one, B.sqrt(B.int(n)));
}

function checkActivation(a: unknown, kind: string): ShallowActivation {
  if (!SHALLOW_ACTIVATIONS.includes(a as ShallowActivation))
    throw new RangeError(`${kind}: activation must be relu or abs, got ${JSON.stringify(a)}`);
  return a as ShallowActivation;
}

/** `shallowNet(B, { width, activation })`: θ = [w; b; a], f = n^{−1/2} Σ a_k σ(w_k x − b_k). */
export function shallowNet<R extends Repr>(B: Backend<R>, spec: ShallowNetSpec): Model<R> {
  const kind = 'shallowNet';
  const n = checkPositiveInt(spec.width, `${kind}: width`);
  const activation = checkActivation(spec.activation, kind);
  const s = invSqrt(B, n);
  const opts = { width: n, inputDim: 1, activation, trainFirst: true, trainSecond: true, bias: true } as const;
  const inner = twoLayer(B, opts);
  const T = B.concat([B.fill(n, B.one), B.fill(n, B.neg(B.one)), B.fill(n, s)]);
  const absT = B.concat([B.fill(2 * n, B.one), B.fill(n, s)]);
  const layout = [
    { name: 'w', shape: [n] },
    { name: 'b', shape: [n] },
    { name: 'a', shape: [n] },
  ];
  let maj: Model<R> | undefined;
  const majorant = (): Model<R> => (maj ??= composed(B, kind, inner.majorant!(), absT, layout, () => maj!));
  return composed(B, kind, inner, T, layout, majorant);
}

/** `shallowLinearized(B, { width, activation, w, b })`: θ = a, f = Ψ(x)ᵀa with the fixed features Ψ. */
export function shallowLinearized<R extends Repr>(B: Backend<R>, spec: ShallowLinearizedSpec): FeatureModel<R> {
  const kind = 'shallowLinearized';
  const n = checkPositiveInt(spec.width, `${kind}: width`);
  const activation = checkActivation(spec.activation, kind);
  if (spec.w.length !== n) throw new RangeError(`${kind}: w has ${spec.w.length} entries, expected ${n} (width)`);
  if (spec.b.length !== n) throw new RangeError(`${kind}: b has ${spec.b.length} entries, expected ${n} (width)`);
  const s = invSqrt(B, n);
  const w = B.vec(spec.w);
  const negB = B.map('neg', B.vec(spec.b));
  const make = (act: ShallowActivation | 'identity', wv: V<R>, cv: V<R>) =>
    twoLayer(B, {
      width: n,
      inputDim: 1,
      activation: act,
      trainFirst: false,
      trainSecond: true,
      bias: true,
      fixed: { u: B.reshape(wv, n, 1), c: cv },
    });
  const inner = make(activation, w, negB);
  const layout = [{ name: 'a', shape: [n] }];
  const T = B.fill(n, s);
  let maj: Model<R> | undefined;
  const majorant = (): Model<R> => (maj ??= composed(B, kind, inner.majorant!(), T, layout, () => maj!));
  const model = composed(B, kind, inner, T, layout, majorant);
  return {
    ...model,
    features(X) {
      const x = column(B, X, kind);
      const Z = B.vadd(B.flatten(B.ger(x, w)), B.flatten(rowBroadcast(B, negB, B.dim(x))));
      const sig = activation === 'relu' ? B.map('relu', Z) : B.map('abs', Z);
      return B.reshape(B.scal(s, sig), B.dim(x), n);
    },
  };
}

/** c·(2j + 1 − N)/N for N = 2^20, exactly (c an exact decimal string). */
function gridPoint(c: Num, j: number): Num {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(c);
  if (m === null) throw new RangeError(`shallowInit: c = ${c} is not a decimal string`);
  const frac = m[3] ?? '';
  const mant = BigInt(`${m[1] === '-' ? '-' : ''}${(m[2] ?? '') + frac || '0'}`);
  const exp = Number(m[4] ?? '0') - frac.length;
  const q = dyadicDecimal(mant * BigInt(2 * j + 1 - 2 ** 20), 20);
  return exp === 0 ? q : `${q}e${exp}`;
}

/** The stated initialization: a = 0, w_k = ±1 (fair), b_k ~ Unif[−c, c] on the 2^20-grid (module comment). */
export function shallowInit(width: number, c: Num, seed: number): { a: Num[]; w: Num[]; b: Num[] } {
  let r: Rng = rngFromSeed(seed);
  const w: Num[] = [];
  const b: Num[] = [];
  for (let k = 0; k < width; k++) {
    const s = uniformInt(r, 2);
    const j = uniformInt(s.rng, 2 ** 20);
    r = j.rng;
    w.push(s.value === 0 ? '-1' : '1');
    b.push(gridPoint(c, j.value));
  }
  return { a: Array.from({ length: width }, () => '0'), w, b };
}

/**
 * The JSON of both models: {"activation", and either "a", "w", "b" (explicit, same length) or "width" with
 * "init": {"seed": s, "bias": {"uniform": "c"}} (a = 0, the stated law)}.
 */
function parseShallow(o: Record<string, unknown>, p: string) {
  const activation = oneOf(o.activation, `${p}.activation`, SHALLOW_ACTIVATIONS, 'activation');
  if (o.init !== undefined || o.width !== undefined) {
    if (o.a !== undefined || o.w !== undefined || o.b !== undefined)
      fail(p, 'give either "a", "w", "b", or "width" and "init", not both');
    if (o.width === undefined) fail(`${p}.width`, 'is required with "init" (the number of units)');
    if (o.init === undefined) fail(`${p}.init`, 'is required with "width" ({"seed": 1, "bias": {"uniform": "2"}})');
    const width = count(o.width, `${p}.width`, 1);
    const init = obj(o.init, `${p}.init`);
    onlyKeys(init, `${p}.init`, ['seed', 'bias'], 'init');
    const seed = count(init.seed, `${p}.init.seed`, 0);
    const law = obj(init.bias, `${p}.init.bias`);
    onlyKeys(law, `${p}.init.bias`, ['uniform'], 'bias law');
    const c = num(law.uniform, `${p}.init.bias.uniform`);
    if (!(Number(c) > 0)) fail(`${p}.init.bias.uniform`, `${c} must be > 0 (the half-width c of Unif[−c, c])`);
    return { activation, width, ...shallowInit(width, c, seed) };
  }
  const a = vec(o.a, `${p}.a`);
  const w = vec(o.w, `${p}.w`, a.length, `one entry per output weight (${a.length})`);
  const b = vec(o.b, `${p}.b`, a.length, `one entry per output weight (${a.length})`);
  return { activation, width: a.length, a, w, b };
}

const SHALLOW_FIELDS = ['activation', 'a', 'w', 'b', 'width', 'init'];

/** `thm simulate` form of the full network: θ₀ = [w; b; a]; data rows are [x]. */
export const shallowNetJson: ModelJson<ShallowNetSpec> = {
  fields: SHALLOW_FIELDS,
  parse(o, p) {
    const r = parseShallow(o, p);
    return { spec: { width: r.width, activation: r.activation }, theta0: [...r.w, ...r.b, ...r.a], inputDim: 1 };
  },
};

/** `thm simulate` form of the linearized model: θ₀ = a; w and b are the fixed features. */
export const shallowLinearizedJson: ModelJson<ShallowLinearizedSpec> = {
  fields: SHALLOW_FIELDS,
  parse(o, p) {
    const r = parseShallow(o, p);
    return { spec: { width: r.width, activation: r.activation, w: r.w, b: r.b }, theta0: r.a, inputDim: 1 };
  },
};
