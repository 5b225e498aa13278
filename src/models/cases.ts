/**
 * Conformance arbitraries for the model law suite: exact specs and points (dyadic decimal strings, small dims) on which
 * every backend computes the same instance. Dyadics k/8 with |k| ≤ 16 keep every input in [−2, 2], so rounding-error
 * majorants stay small, and products of a few of them are exact in f64 (pre-activation signs agree across backends).
 */
import fc from 'fast-check';
import { exactDecimal } from '../numeric/exact.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import type { TwoLayerSpec } from './twoLayer.js';
import { ACTIVATIONS } from './twoLayer.js';
import type { Model, ModelJson } from './types.js';

/** One law instance: a model spec with data X, a point θ, directions u, v, per-sample weights g and targets y, and a
 * scale c > 0 for the homogeneity law. All exact decimal strings. */
export interface ModelCase<Spec> {
  readonly spec: Spec;
  readonly X: Num[][];
  readonly theta: Num[];
  readonly u: Num[];
  readonly v: Num[];
  readonly g: Num[];
  readonly y: Num[];
  readonly c: Num;
}

/** k/8 for |k| ≤ 16: exact, in [−2, 2], shrinking toward 0. */
export const dyadic: fc.Arbitrary<Num> = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));
/** A positive dyadic scale in [1/4, 3] for the homogeneity law. */
export const positiveScale: fc.Arbitrary<Num> = fc.integer({ min: 2, max: 24 }).map((k) => exactDecimal(k / 8));

export function dyadicVector(n: number): fc.Arbitrary<Num[]> {
  return fc.array(dyadic, { minLength: n, maxLength: n });
}
export function dyadicMatrix(r: number, c: number): fc.Arbitrary<Num[][]> {
  return fc.array(dyadicVector(c), { minLength: r, maxLength: r });
}

/** Cases for a spec arbitrary, given dim θ and the input dimension of a spec; n ∈ [1, maxN] samples. */
export function casesFor<Spec>(
  specs: fc.Arbitrary<Spec>,
  shape: (spec: Spec) => { readonly dim: number; readonly inputDim: number },
  maxN = 3,
): fc.Arbitrary<ModelCase<Spec>> {
  return specs.chain((spec) => {
    const { dim, inputDim } = shape(spec);
    return fc.integer({ min: 1, max: maxN }).chain((n) =>
      fc.record({
        spec: fc.constant(spec),
        X: dyadicMatrix(n, inputDim),
        theta: dyadicVector(dim),
        u: dyadicVector(dim),
        v: dyadicVector(dim),
        g: dyadicVector(n),
        y: dyadicVector(n),
        c: positiveScale,
      }),
    );
  });
}

export const scalarNetSpecs = fc.record({ depth: fc.integer({ min: 2, max: 5 }) });
export const linear2Specs = fc.record({ k: fc.integer({ min: 1, max: 4 }) });
export const linearClassifierSpecs = fc.record({ d: fc.integer({ min: 1, max: 4 }) });
export const deepLinearSpecs = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
  .map((hidden) => ({ widths: [...hidden, 1] }));

/** Two-layer specs: every activation, every trainable combination, bias on/off; leaky slope α ∈ [1/8, 7/8]. */
export const twoLayerSpecs: fc.Arbitrary<TwoLayerSpec> = fc
  .record({
    width: fc.integer({ min: 1, max: 3 }),
    inputDim: fc.integer({ min: 1, max: 3 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    alphaK: fc.integer({ min: 1, max: 7 }),
    train: fc.constantFrom<[boolean, boolean]>([true, true], [true, false], [false, true]),
    bias: fc.boolean(),
  })
  .chain(({ width, inputDim, activation, alphaK, train: [trainFirst, trainSecond], bias }) =>
    fc
      .record({
        u: trainFirst ? fc.constant(undefined) : dyadicMatrix(width, inputDim),
        c: bias && !trainFirst ? dyadicVector(width) : fc.constant(undefined),
        v: trainSecond ? fc.constant(undefined) : dyadicVector(width),
      })
      .map(({ u, c, v }) => ({
        width,
        inputDim,
        activation,
        ...(activation === 'leakyRelu' ? { alpha: exactDecimal(alphaK / 8) } : {}),
        trainFirst,
        trainSecond,
        bias,
        fixed: {
          ...(u === undefined ? {} : { u }),
          ...(c === undefined ? {} : { c }),
          ...(v === undefined ? {} : { v }),
        },
      })),
  );

/** dim θ of a two-layer spec (u, c of the first layer if trainable, v if trainable). */
export function twoLayerDim(s: TwoLayerSpec): number {
  return (s.trainFirst ? s.width * s.inputDim + (s.bias ? s.width : 0) : 0) + (s.trainSecond ? s.width : 0);
}

/**
 * Pre-activations Z_ij = u_jᵀx_i + c_j of a case, in doubles (exact here: sums of ≤ 4 products of k/8 dyadics).
 * The law suite keeps every Z_ij ≠ 0 (so |Z_ij| ≥ 1/64), away from the kinks of relu/leakyRelu/abs: a central
 * difference with step h moves Z by ≤ h·(Σ|u̇||x| + |ċ|) ≤ 14h ≪ 1/64, and scaling θ by c > 0 keeps every sign.
 */
export function twoLayerPreactivations(k: ModelCase<TwoLayerSpec>): number[][] {
  const s = k.spec;
  const m = s.width;
  const d = s.inputDim;
  const th = k.theta.map(Number);
  const U: number[][] = s.trainFirst
    ? Array.from({ length: m }, (_, j) => th.slice(j * d, (j + 1) * d))
    : (s.fixed?.u ?? []).map((r) => r.map(Number));
  const c: number[] = !s.bias
    ? new Array<number>(m).fill(0)
    : s.trainFirst
      ? th.slice(m * d, m * d + m)
      : (s.fixed?.c ?? []).map(Number);
  return k.X.map((x) => U.map((uj, j) => uj.reduce((acc, ujk, l) => acc + ujk * Number(x[l]), c[j] ?? 0)));
}

/** Two-layer cases whose pre-activations avoid the kinks (identity has none). */
export const twoLayerCases: fc.Arbitrary<ModelCase<TwoLayerSpec>> = casesFor(twoLayerSpecs, (s) => ({
  dim: twoLayerDim(s),
  inputDim: s.inputDim,
})).filter(
  (k) => k.spec.activation === 'identity' || twoLayerPreactivations(k).every((row) => row.every((z) => z !== 0)),
);

/**
 * Bias-free ReLU MLP cases (reluMlp.ts): L ∈ [1, 3] layers, widths in [1, 3], C ∈ {1, 2} outputs per sample (g and y
 * have n·C entries). Kept away from the kinks with room for every law's move: along θ + tu, a pre-activation z(t) is
 * a polynomial in t whose Σ|coefficients| is at most z̄, the same pre-activation of the mask-free net on |θ| + |u|,
 * |X|, so |z(t) − z(0)| ≤ |t|·z̄ for |t| ≤ 1. Every hidden pre-activation has |z| > 2⁻⁹·z̄, which no law's move
 * reaches (central differences: t ≤ 10⁻⁵; the jet suite's polynomial check: t = 2⁻¹⁰). Doubles are exact here
 * (sums of products of at most three k/8 dyadics) and only decide which cases are kept.
 */
export const reluMlpCases: fc.Arbitrary<ModelCase<{ widths: number[] }>> = fc
  .record({
    L: fc.integer({ min: 1, max: 3 }),
    hidden: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
    C: fc.integer({ min: 1, max: 2 }),
  })
  .chain(({ L, hidden, C }) => {
    const widths = [hidden[2]!, ...hidden.slice(0, L - 1), C];
    const dim = widths.slice(1).reduce((acc, w, l) => acc + w * widths[l]!, 0);
    return fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        spec: fc.constant({ widths }),
        X: dyadicMatrix(n, widths[0]!),
        theta: dyadicVector(dim),
        u: dyadicVector(dim),
        v: dyadicVector(dim),
        g: dyadicVector(n * C),
        y: dyadicVector(n * C),
        c: positiveScale,
      }),
    );
  })
  .filter((k) => {
    const w = k.spec.widths;
    const split = (flat: readonly number[]) => {
      let o = 0;
      return w.slice(1).map((r, l) => {
        const c = w[l]!;
        const m = Array.from({ length: r }, (_, i) => flat.slice(o + i * c, o + (i + 1) * c));
        o += r * c;
        return m;
      });
    };
    const W = split(k.theta.map(Number));
    const Wbar = split(k.theta.map((t, i) => Math.abs(Number(t)) + Math.abs(Number(k.u[i]))));
    let H = k.X.map((r) => r.map(Number));
    let Hbar = H.map((r) => r.map(Math.abs));
    for (let l = 0; l + 1 < W.length; l++) {
      const Z = H.map((x) => W[l]!.map((row) => row.reduce((a, wij, j) => a + wij * x[j]!, 0)));
      const Zbar = Hbar.map((x) => Wbar[l]!.map((row) => row.reduce((a, wij, j) => a + wij * x[j]!, 0)));
      if (Z.some((r, i) => r.some((z, j) => !(Math.abs(z) > Zbar[i]![j]! / 512)))) return false;
      H = Z.map((r) => r.map((z) => Math.max(z, 0)));
      Hbar = Zbar;
    }
    return true;
  });

/**
 * A registry entry: how the law suite builds a model from an exact spec, generates instances, and bounds rounding
 * (the model's own `majorant()` evaluated on |inputs| bounds the sum of |monomials|, models/types.ts).
 */
export interface ModelEntry<Spec> {
  // Members are methods (bivariant in Spec) so that any entry is a ModelEntry<unknown> where code dispatches by kind.
  factory<R extends Repr>(B: Backend<R>, spec: Spec): Model<R>;
  readonly cases: fc.Arbitrary<ModelCase<Spec>>;
  /** Degree of f as a polynomial in θ (piecewise polynomial for kinked σ). */
  degree(spec: Spec): number;
  /** Its part of a `thm simulate` spec (fields and parser; models/types.ts). */
  readonly json: ModelJson<Spec>;
}
