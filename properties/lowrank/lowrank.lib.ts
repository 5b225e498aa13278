/**
 * Helpers shared by the low-rank-collapse theorems (docs/theorems/lowrank.md): deep linear nets W_L⋯W_1 (Ji & Telgarsky
 * 2019) and two-layer leaky-ReLU nets with a fixed second layer (Frei et al. 2023), with their matrix quantities in
 * ball arithmetic (entrywise matrix balls, src/ball).
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  deepLinear,
  logistic,
  objective,
  spec,
  twoLayer,
  type Backend,
  type Ball,
  type BallArith,
  type M,
  type MatBall,
  type Repr,
  type S,
  type V,
  type Claim,
  type DataObjective,
  type Num,
  type Stepper,
} from '../../src/index.js';

/** The layers W_1 … W_L (index l−1) of a deep linear θ (row-major blocks, widths [d_0, …, d_L]). */
export function layersOf<R extends Repr>(B: Backend<R>, widths: readonly number[], theta: V<R>): M<R>[] {
  const out: M<R>[] = [];
  let o = 0;
  for (let l = 1; l < widths.length; l++) {
    const r = widths[l]!;
    const c = widths[l - 1]!;
    out.push(B.reshape(B.slice(theta, o, o + r * c), r, c));
    o += r * c;
  }
  return out;
}

/** Deep linear net + logistic loss (mean, Ji–Telgarsky's R(W)) on labelled data. */
export function deepLinearRisk<R extends Repr>(
  B: Backend<R>,
  widths: readonly number[],
  X: readonly (readonly Num[])[],
  y: readonly Num[],
): DataObjective<R> {
  return objective(B, deepLinear(B, { widths }), logistic(B), { X: B.mat(X), y: B.vec(y) });
}

/** Leaky-ReLU two-layer net f(x) = Σ_j a_j φ(⟨w_j, x⟩), first layer trained, a fixed (Frei et al. 2023) + logistic. */
export function leakyRisk<R extends Repr>(
  B: Backend<R>,
  a: readonly Num[],
  d: number,
  gamma: Num,
  X: readonly (readonly Num[])[],
  y: readonly Num[],
  activation: 'leakyRelu' | 'relu' = 'leakyRelu',
): DataObjective<R> {
  const model = twoLayer(B, {
    width: a.length,
    inputDim: d,
    activation,
    ...(activation === 'leakyRelu' ? { alpha: gamma } : {}),
    trainFirst: true,
    trainSecond: false,
    bias: false,
    fixed: { v: B.vec(a) },
  });
  return objective(B, model, logistic(B), { X: B.mat(X), y: B.vec(y) });
}

/** D_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ as a matrix ball (layers as balls: exact iterates, or with a structural radius). */
export function imbalanceBall<R extends Repr>(K: BallArith<R>, Wk: MatBall<R>, Wk1: MatBall<R>): MatBall<R> {
  return K.msub(K.gemm(Wk1, Wk1, true, false), K.gemm(Wk, Wk, false, true));
}

/**
 * D_k(W + δ) − D_k(W) over every perturbation |δ_k| ≤ Δ_k, |δ_{k+1}| ≤ Δ_{k+1} of the two layers, as a ball around 0:
 * (X + δ)ᵀ(X + δ) − XᵀX = Xᵀδ + δᵀX + δᵀδ for both Gram terms, evaluated in ball arithmetic.
 */
export function imbalanceShift<R extends Repr>(K: BallArith<R>, Wk: M<R>, Wk1: M<R>, Dk: M<R>, Dk1: M<R>): MatBall<R> {
  const gram = (X: M<R>, D: M<R>, outer: boolean) => {
    const x = K.mexact(X);
    const d = K.mdelta(D);
    const g = (a: MatBall<R>, b: MatBall<R>) => (outer ? K.gemm(a, b, false, true) : K.gemm(a, b, true, false));
    return K.madd(K.madd(g(x, d), g(d, x)), g(d, d));
  };
  return K.msub(gram(Wk1, Dk1, false), gram(Wk, Dk, true));
}

/**
 * One claim per matrix comparison A = C of two matrix balls: the decisive entry (largest |â − ĉ|/(r_a + r_c): if it
 * is within its bar all are) and the entry with the largest |ĉ| (so that the sample is not vacuous when the decisive
 * entry sits at 0), each with the bar of its two balls.
 */
export function matrixEq<R extends Repr>(
  B: Backend<R>,
  K: BallArith<R>,
  A: MatBall<R>,
  C: MatBall<R>,
  label: string,
): Claim[] {
  const a = K.mentries(A);
  const c = K.mentries(C);
  let worst = 0;
  let worstRatio = -1;
  let big = 0;
  let bigVal = -1;
  for (let i = 0; i < a.length; i++) {
    const d = B.toNumber(B.abs(B.sub(a[i]!.value, c[i]!.value)));
    const ei = B.toNumber(B.add(a[i]!.err, c[i]!.err));
    const r = ei > 0 ? d / ei : d > 0 ? Infinity : 0;
    if (r > worstRatio) [worst, worstRatio] = [i, r];
    const m = Math.abs(B.toNumber(c[i]!.value));
    if (m > bigVal) [big, bigVal] = [i, m];
  }
  const out = [claims.eq(B, a[worst]!, c[worst]!, `${label}[${worst}]`)];
  if (big !== worst) out.push(claims.eq(B, a[big]!, c[big]!, `${label}[${big}]`));
  return out;
}

/**
 * GD with a step η·s_l on layer block l (s_l = 1 for all l is plain GD): W_l ← W_l − η s_l ∇_{W_l}F. Only the
 * negative controls use s ≠ 1 (the drift identity needs one common step).
 */
export function layerwiseGd<R extends Repr>(
  B: Backend<R>,
  lr: S<R>,
  scales: readonly Num[],
  widths: readonly number[],
): Stepper<R> {
  const parts: V<R>[] = [];
  for (let l = 1; l < widths.length; l++)
    parts.push(B.fill(widths[l]! * widths[l - 1]!, B.mul(lr, B.num(scales[l - 1] ?? '1'))));
  const steps = B.concat(parts);
  return {
    name: 'layerwiseGd',
    params: { lr: B.show(lr), scales: scales.join(',') },
    init: (_F, theta0) => ({ theta: theta0 }),
    step: (F, s) => ({ theta: B.vsub(s.theta, B.vmul(steps, F.grad(s.theta))) }),
    theta: (s) => s.theta,
  };
}

/** ±1 labels. */
export const label = fc.constantFrom<Num>('1', '-1');

/** Data: n samples of dimension d with dyadic entries in [−1, 1] (k/16), labels ±1. */
export function dataArb(n: { min: number; max: number }, d: number): fc.Arbitrary<{ X: Num[][]; y: Num[] }> {
  return fc.integer(n).chain((nn) =>
    fc.record({
      X: fc.array(fc.array(spec.dyadic({ min: '-1', max: '1', bits: 4 }), { minLength: d, maxLength: d }), {
        minLength: nn,
        maxLength: nn,
      }),
      y: fc.array(label, { minLength: nn, maxLength: nn }),
    }),
  );
}

/** A deep linear GD instance: widths [d_0, …, d_L = 1], layers, logistic data (X, y), step η and a constant c. */
export interface DeepLinearGdSpec {
  readonly widths: number[];
  readonly layers: Num[][][];
  readonly X: Num[][];
  readonly y: Num[];
  readonly lr: Num;
  /** Multiplies a claim's right-hand side: "1" is the theorem, the negative control deflates it. */
  readonly c: Num;
}

/**
 * Deep linear GD instances: d_0 ∈ [1, 3], depth L ∈ {2, 3}, hidden widths in [`hiddenMin`, 3], layer entries from
 * `entry`, n ∈ `n` data points (`dataArb`), step from `lr`, constant from `c`.
 */
export function deepLinearGdArb(
  o: { hiddenMin: number; entry: fc.Arbitrary<Num>; n: { min: number; max: number }; lr: fc.Arbitrary<Num> },
  c: fc.Arbitrary<Num>,
): fc.Arbitrary<DeepLinearGdSpec> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }))
    .chain(([d0, L]) =>
      fc.array(fc.integer({ min: o.hiddenMin, max: 3 }), { minLength: L - 1, maxLength: L - 1 }).chain((hidden) => {
        const widths = [d0, ...hidden, 1];
        return fc.record({
          widths: fc.constant(widths),
          layers: spec.deepLinearInit({ widths, entry: o.entry }).map((s) => s.layers),
          data: dataArb(o.n, d0),
          lr: o.lr,
          c,
        });
      }),
    )
    .map((s) => ({ widths: s.widths, layers: s.layers, X: s.data.X, y: s.data.y, lr: s.lr, c: s.c }));
}

/**
 * gap = ‖W‖_F² − σ₁(W)² ± err, given the ball σ₁ ± e (ball arithmetic, W exact as the backend holds it). Also returns
 * ‖W‖_F² (its midpoint).
 */
export function frobeniusGap<R extends Repr>(
  B: Backend<R>,
  W: M<R>,
  s1: Ball<R>,
): { value: S<R>; err: S<R>; F2: S<R> } {
  const K = ballArith(B);
  const f = K.vexact(B.flatten(W));
  const F2 = K.dot(f, f);
  const gap = K.sub(F2, K.sqr(K.of(s1.value, s1.err)));
  return { value: gap.value, err: gap.err, F2: F2.value };
}

/**
 * A leaky-ReLU two-layer instance on data built from an exact dyadic orthogonal Q (`dyadicOrthogonal`): points X in
 * R^d with labels y, fixed second layer a, leak γ, first layer W(0) (m×d), step η (the arguments of `leakyRisk` and
 * GD).
 */
export interface LeakyOrthInstance {
  readonly d: number;
  readonly Q: number[][];
  readonly X: Num[][];
  readonly y: Num[];
  readonly a: Num[];
  readonly gamma: Num;
  readonly W0: Num[][];
  readonly lr: Num;
}

/**
 * An exact dyadic orthogonal d×d matrix (entries in {0, ±1, ±1/2}): a signed permutation, optionally composed with the
 * normalized Hadamard block H₄/2 on four coordinates (H₄H₄ᵀ = 4I). Dyadic entries keep data built from it exact in
 * f64 and dd (no rounding on entry), so the span of the data is exactly the span of the chosen columns.
 */
export function dyadicOrthogonal(
  d: number,
  perm: readonly number[],
  signs: readonly boolean[],
  hadamard: boolean,
): number[][] {
  const H = [
    [1, 1, 1, 1],
    [1, -1, 1, -1],
    [1, 1, -1, -1],
    [1, -1, -1, 1],
  ];
  const base: number[][] = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  if (hadamard && d >= 4) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) base[i]![j] = H[i]![j]! / 2;
  // rows permuted and signed: Q = S P base (orthogonal, exact)
  const order = permutation(d, perm);
  return order.map((r, i) => base[r]!.map((x) => (signs[i] ? -x : x) + 0));
}

/** A permutation of 0…d−1 from draws (Fisher–Yates with draws[i] mod (d − i)). */
export function permutation(d: number, draws: readonly number[]): number[] {
  const a = Array.from({ length: d }, (_, i) => i);
  for (let i = 0; i < d - 1; i++) {
    const j = i + ((draws[i] ?? 0) % (d - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Q·c for an exact dyadic Q and coordinates c (sums of few dyadic products: exact in doubles), as exact strings. */
export function applyDyadic(Q: readonly (readonly number[])[], c: readonly number[]): Num[] {
  return Q.map((row) => String(row.reduce((s, q, j) => s + q * (c[j] ?? 0), 0) + 0));
}
