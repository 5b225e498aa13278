/**
 * Helpers shared by the low-rank-collapse theorems (docs/theorems/lowrank.md): deep linear nets W_L⋯W_1 (Ji & Telgarsky
 * 2019) and two-layer leaky-ReLU nets with a fixed second layer (Frei et al. 2023), with entrywise rounding bounds.
 *
 * Notation: for matrices, |A| is entrywise, and a "bound" E ≥ |Â − A| is entrywise. u = B.eps (one basic operation
 * is within u relative). γ_p = p·u/(1 − p·u) bounds a length-p dot product relative to Σ|terms| (Higham §3.1).
 */
import fc from 'fast-check';
import {
  ballArith,
  deepLinear,
  logistic,
  objective,
  spec,
  twoLayer,
  type Backend,
  type Ball,
  type M,
  type Repr,
  type S,
  type V,
  type Claim,
  type DataObjective,
  type Num,
  type Stepper,
} from '../../src/index.js';

/** γ_p as a backend scalar. */
export function gam<R extends Repr>(B: Backend<R>, p: number): S<R> {
  const pu = B.mul(B.int(p), B.eps);
  return B.div(pu, B.sub(B.one, pu));
}

/** Entrywise |A|. */
export function mabs<R extends Repr>(B: Backend<R>, A: M<R>): M<R> {
  return B.reshape(B.map('abs', B.flatten(A)), B.rows(A), B.cols(A));
}

/** A + C (same shape). */
export function madd<R extends Repr>(B: Backend<R>, A: M<R>, C: M<R>): M<R> {
  return B.reshape(B.vadd(B.flatten(A), B.flatten(C)), B.rows(A), B.cols(A));
}

/** A − C (same shape). */
export function msub<R extends Repr>(B: Backend<R>, A: M<R>, C: M<R>): M<R> {
  return B.reshape(B.vsub(B.flatten(A), B.flatten(C)), B.rows(A), B.cols(A));
}

/** s·A. */
export function mscal<R extends Repr>(B: Backend<R>, s: S<R>, A: M<R>): M<R> {
  return B.reshape(B.scal(s, B.flatten(A)), B.rows(A), B.cols(A));
}

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

/**
 * D_k = W_{k+1}ᵀW_{k+1} − W_kW_kᵀ (computed) and an entrywise bound on its rounding:
 * each gemm entry is a length-p dot product (p = rows of W_{k+1}, resp. cols of W_k): γ_p·(|W_{k+1}|ᵀ|W_{k+1}|),
 * γ_p·(|W_k||W_k|ᵀ); the subtraction adds u|D̂|.
 */
export function imbalance<R extends Repr>(B: Backend<R>, Wk: M<R>, Wk1: M<R>): { D: M<R>; err: M<R> } {
  const P = B.gemm(Wk1, Wk1, true, false);
  const Q = B.gemm(Wk, Wk, false, true);
  const D = msub(B, P, Q);
  const p = Math.max(B.rows(Wk1), B.cols(Wk));
  const mag = madd(B, B.gemm(mabs(B, Wk1), mabs(B, Wk1), true, false), B.gemm(mabs(B, Wk), mabs(B, Wk), false, true));
  const err = madd(B, mscal(B, gam(B, p), mag), mscal(B, B.eps, mabs(B, D)));
  return { D, err };
}

/**
 * Entrywise bound on |XᵀX − X̃ᵀX̃| when |X − X̃| ≤ Δ (entrywise): XᵀX − X̃ᵀX̃ = XᵀΔ' + Δ'ᵀX − Δ'ᵀΔ' with Δ' = X − X̃,
 * so ≤ |X|ᵀΔ + Δᵀ|X| + ΔᵀΔ (computed in the backend; its own rounding is second order and covered by MARGIN).
 * `left` selects X Xᵀ instead (rows).
 */
export function gramPerturbation<R extends Repr>(B: Backend<R>, X: M<R>, Delta: M<R>, left: boolean): M<R> {
  const A = mabs(B, X);
  const t = !left; // XᵀX: gemm(·,·,true,false); XXᵀ: gemm(·,·,false,true)
  const g = (P: M<R>, Q: M<R>) => B.gemm(P, Q, t, !t);
  return madd(B, madd(B, g(A, Delta), g(Delta, A)), g(Delta, Delta));
}

/**
 * One claim per matrix comparison Â ≈ Ĉ with entrywise bar E: the entry with the largest |Â − Ĉ|/E (the one that
 * decides: if it is within its bar all are) and the entry with the largest |Ĉ| (so that the sample is not vacuous
 * when the decisive entry sits at 0).
 */
export function matrixEq<R extends Repr>(
  B: Backend<R>,
  A: M<R>,
  C: M<R>,
  E: M<R>,
  label: string,
  eq: (lhs: S<R>, rhs: S<R>, err: S<R>, l: string) => Claim,
): Claim[] {
  const a = B.unpack(B.flatten(A));
  const c = B.unpack(B.flatten(C));
  const e = B.unpack(B.flatten(E));
  let worst = 0;
  let worstRatio = -1;
  let big = 0;
  let bigVal = -1;
  for (let i = 0; i < a.length; i++) {
    const d = B.toNumber(B.abs(B.sub(a[i], c[i])));
    const ei = B.toNumber(e[i]);
    const r = ei > 0 ? d / ei : d > 0 ? Infinity : 0;
    if (r > worstRatio) [worst, worstRatio] = [i, r];
    const m = Math.abs(B.toNumber(c[i]));
    if (m > bigVal) [big, bigVal] = [i, m];
  }
  const out = [eq(a[worst], c[worst], e[worst], `${label}[${worst}]`)];
  if (big !== worst) out.push(eq(a[big], c[big], e[big], `${label}[${big}]`));
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
