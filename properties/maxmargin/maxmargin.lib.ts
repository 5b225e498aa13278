/**
 * Shared helpers of the max-margin theorems (Soudry, Hoffer, Nacson, Gunasekar & Srebro 2018, arXiv 1710.10345;
 * docs/theorems/maxmargin.md): exact instance construction (BigInt rationals: the hypotheses hold by construction, so
 * f64, dd, dec:50 and dec:100 all see the same instance), and the engine side (sum-logistic objective, Theorem-4 limit
 * w̃, rounding bars of a long GD trajectory).
 */
import fc from 'fast-check';
import {
  ballArith,
  fusedPathInfo,
  gd,
  linearClassifier,
  logistic,
  objective,
  run,
  spec,
  type Backend,
  type Ball,
  type DataObjective,
  type M,
  type Num,
  type ProfileName,
  type Repr,
  type S,
  type V,
  type VecBall,
} from '../../src/index.js';

// Exact rationals (spec.rational) only in the arbitraries and hypothesis checks; never in the dynamics.
type Q = spec.rational.Q;
const { ZERO, q, add, sub, mul, div, cmp, abs, max, min, dot, parseNum, toPlainNum, roundNum, sqrtUpper, qsolve } =
  spec.rational;

// ---- instances ------------------------------------------------------------------------------------------------------

/**
 * A separable dataset with labels absorbed (rows z_n = y_n x_n, all labels +1: docs/theorems/maxmargin.md M1), its
 * exact hard-margin SVM solution and exact bounds on σ_max²(X) (the step bound of Lemma 1 is η < 2β⁻¹σ_max⁻² =
 * 8/σ_max²).
 */
export interface MaxMarginData {
  /** Rows z_n (N × d); the loss is Σ_n log(1 + exp(−z_nᵀw)). */
  readonly X: Num[][];
  /** ŵ = argmin ‖w‖ s.t. z_nᵀw ≥ 1 (exact). */
  readonly wHat: Num[];
  /** Dual α ≥ 0, ŵ = Σ α_n z_n, α_n > 0 exactly on `support` (exact). */
  readonly alpha: Num[];
  readonly support: number[];
  /** γ = 1/‖ŵ‖, the max margin (exact). */
  readonly margin: Num;
  /** Exact upper bound ≥ σ_max²(X): min(‖X‖_F², Gershgorin bound of XᵀX). */
  readonly sigmaSqUpper: Num;
  /** Exact lower bound ≤ σ_max²(X): max(max_n ‖z_n‖², ‖X‖_F²/rank bound, ‖Xŵ‖²/‖ŵ‖²). */
  readonly sigmaSqLower: Num;
  /** Exact upper bound on ‖X_S⁻¹‖_F (support vectors span R^d: Theorem 4's condition, X_S square invertible). */
  readonly invSupportFro: Num;
}

/** Options of `maxMarginData`. */
export interface MaxMarginOptions {
  readonly d?: { min: number; max: number };
  readonly offMargin?: { min: number; max: number };
  readonly margins?: readonly Num[];
  /** Off-margin points are lifted along ŵ to z_nᵀŵ ≥ 1 + lift (their pull decays like t^{−lift}). */
  readonly lift?: Num;
}

/**
 * Planted max-margin data (spec.plantedSvmData: exact ŵ, α, support with the support vectors spanning R^d), labels
 * absorbed, off-margin points lifted along ŵ so that z_nᵀŵ ≥ 1 + lift (still off the margin, α_n = 0: the KKT
 * certificate is unchanged), with exact σ_max² bounds and the exact ‖X_S⁻¹‖_F bound.
 */
export function maxMarginData(o: MaxMarginOptions = {}): fc.Arbitrary<MaxMarginData> {
  const lift = parseNum(o.lift ?? '1');
  return spec
    .plantedSvmData({
      d: o.d ?? { min: 1, max: 3 },
      offMargin: o.offMargin ?? { min: 0, max: 3 },
      margins: o.margins ?? ['1', '2', '1.25', '0.8', '0.5'],
    })
    .map((s) => {
      const wHat = s.wHat.map((x) => parseNum(x));
      const g = parseNum(s.margin);
      const g2 = mul(g, g);
      const alpha = s.alpha.map((x) => parseNum(x));
      const Z = s.X.map((r, n) => r.map((x) => (s.y[n] === '-1' ? mul(q(-1n), parseNum(x)) : parseNum(x))));
      const onMargin = new Set(s.marginSet);
      const Zl = Z.map((z, n) => {
        if (onMargin.has(n)) return z;
        const m = dot(z, wHat);
        const need = sub(add(q(1n), lift), m);
        if (cmp(need, ZERO) <= 0) return z;
        const lam = mul(need, g2); // z + λŵ raises zᵀŵ by λ‖ŵ‖² = λ/γ²
        return z.map((x, j) => add(x, mul(lam, wHat[j]!)));
      });
      return finishData(Zl, wHat, alpha, s.support, g);
    });
}

/** Exact bounds and the JSON record for absorbed data Z with its SVM solution. */
export function finishData(Z: Q[][], wHat: Q[], alpha: Q[], support: number[], gamma: Q): MaxMarginData {
  const d = wHat.length;
  const N = Z.length;
  const fro = Z.reduce((s, z) => add(s, dot(z, z)), ZERO);
  const G = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => Z.reduce((s, z) => add(s, mul(z[i]!, z[j]!)), ZERO)),
  );
  const gersh = G.reduce(
    (m, r) =>
      max(
        m,
        r.reduce((s, x) => add(s, abs(x)), ZERO),
      ),
    ZERO,
  );
  const rowMax = Z.reduce((m, z) => max(m, dot(z, z)), ZERO);
  const Xw = Z.map((z) => dot(z, wHat));
  const ray = mul(dot(Xw, Xw), mul(gamma, gamma)); // ‖Xŵ‖²/‖ŵ‖²
  const lower = max(max(rowMax, div(fro, q(BigInt(Math.min(N, d))))), ray);
  const XS = support.map((n) => Z[n]!);
  let inv = ZERO;
  for (let j = 0; j < d; j++) {
    const col = qsolve(
      Array.from({ length: d }, (_, i) => XS.map((r) => r[i]!)),
      Array.from({ length: d }, (_, i) => q(i === j ? 1n : 0n)),
    );
    // rows of (X_Sᵀ)⁻¹ = columns of X_S⁻¹… only the Frobenius norm is needed: ‖X_S⁻¹‖_F = ‖X_S⁻ᵀ‖_F.
    if (col === null)
      throw new Error('maxMarginData: the support vectors do not span R^d (plantedSvmData should guarantee it)');
    inv = add(inv, dot(col, col));
  }
  return {
    X: Z.map((z) => z.map((x) => toPlainNum(x))),
    wHat: wHat.map((x) => toPlainNum(x)),
    alpha: alpha.map((x) => toPlainNum(x)),
    support,
    margin: toPlainNum(gamma),
    sigmaSqUpper: toPlainNum(min(fro, gersh)),
    sigmaSqLower: roundNum(lower, 8, 'down'), // ‖X‖_F²/3 is not a finite decimal: round down (still a lower bound)
    // ‖X_S⁻¹‖_F ≤ √inv: an upper bound with 6 digits, rounded up (sqrt of an upper bound).
    invSupportFro: roundNum(sqrtUpper(inv), 6, 'up'),
  };
}

/**
 * η = u·8/S rounded DOWN to 4 significant digits, with S an exact upper bound on σ_max²: then η < 8/σ_max² holds
 * exactly, by construction (Lemma 1's η < 2β⁻¹σ_max⁻², β = 1/4 for the logistic loss).
 */
export function stepBelow(u: Num, sigmaSqUpper: Num): Num {
  return roundNum(div(mul(parseNum(u), q(8n)), parseNum(sigmaSqUpper)), 4, 'down');
}

/** True when η·S < 8 exactly (the hypothesis, re-checked in evaluate). */
export function belowThreshold(lr: Num, sigmaSqUpper: Num): boolean {
  return cmp(mul(parseNum(lr), parseNum(sigmaSqUpper)), q(8n)) < 0;
}

/**
 * Wrong reference directions for negative controls, scaled like ŵ (min_n z_nᵀr = 1), 20 significant digits:
 * the least-squares direction (XᵀX)⁻¹Xᵀ1 (the square-loss solution) and the sum of the points.
 */
export function wrongDirections(data: MaxMarginData): { leastSquares: Num[] | null; mean: Num[] } {
  const Z = data.X.map((r) => r.map((x) => parseNum(x)));
  const d = data.wHat.length;
  const scaleToMargin = (v: Q[]): Num[] | null => {
    const mins = Z.map((z) => dot(z, v)).reduce((m, x) => min(m, x));
    if (cmp(mins, ZERO) <= 0) return null;
    return v.map((x) => roundNum(div(x, mins), 20, 'down'));
  };
  const G = Array.from({ length: d }, (_, i) =>
    Array.from({ length: d }, (_, j) => Z.reduce((s, z) => add(s, mul(z[i]!, z[j]!)), ZERO)),
  );
  const rhs = Array.from({ length: d }, (_, i) => Z.reduce((s, z) => add(s, z[i]!), ZERO));
  const ls = qsolve(G, rhs);
  return { leastSquares: ls === null ? null : scaleToMargin(ls), mean: scaleToMargin(rhs) ?? data.wHat };
}

/** A GD instance on max-margin data: η < 8/σ_max² exactly, w(0), last checkpoint 10^horizon. */
export interface GdInstance {
  readonly data: MaxMarginData;
  readonly lr: Num;
  readonly w0: Num[];
  readonly horizon: number;
}

/**
 * GD instances for the long-horizon theorems: `maxMarginData` (d from `d`, ≤ 3 off-margin points), η = stepBelow(u, S)
 * with u ∈ [1/4, 1) (η < u·8/S ≤ 8/σ_max², Lemma 1's step bound with β = 1/4), w(0) = 0 or dyadic in [−1, 1].
 */
export function gdInstanceArb(horizon: number, d = { min: 1, max: 3 }): fc.Arbitrary<GdInstance> {
  return fc
    .record({
      data: maxMarginData({ d, offMargin: { min: 0, max: 3 } }),
      u: spec.unitInterval({ lo: '0.25', hi: '1', bits: 6 }),
      w0: fc.oneof(
        fc.constant(null),
        fc.array(spec.dyadic({ min: '-1', max: '1', bits: 2 }), { minLength: 3, maxLength: 3 }),
      ),
    })
    .map(({ data, u, w0 }) => ({
      data,
      lr: stepBelow(u, data.sigmaSqUpper),
      w0: data.wHat.map((_, j) => (w0 === null ? '0' : w0[j]!)),
      horizon,
    }));
}

/**
 * Last checkpoint exponent per profile: quick (f64) 10⁴, ci 10⁵ (the horizon), nightly 10⁶. The horizon is
 * part of the spec, so a stored counterexample replays the same trajectory under any profile.
 */
export const horizonFor = (profile: ProfileName): number => (profile === 'nightly' ? 6 : profile === 'ci' ? 5 : 4);

// ---- engine side
// ------------------------------------------------------------------------------------------------------

/** F(w) = Σ_n log(1 + exp(−z_nᵀw)) (sum reduction, labels absorbed: Soudry et al. eq. (2.1)). */
export function logisticSum<R extends Repr>(B: Backend<R>, X: Num[][]): DataObjective<R> {
  const d = X[0]!.length;
  return objective(
    B,
    linearClassifier(B, { d }),
    logistic(B),
    { X: B.mat(X), y: B.vec(X.map(() => '1')) },
    { reduction: 'sum' },
  );
}

/** The exact row norms ‖z_n‖ as balls (the data's decimal entries, so their rounding on entry is inside the radius). */
export function rowNorms<R extends Repr>(B: Backend<R>, X: Num[][]): Ball<R>[] {
  const K = ballArith(B);
  return X.map((r) => K.norm2(K.vnum(r)));
}

/** Row norms ‖z_n‖ as balls, and rigorous upper bounds on Σ_n‖z_n‖ and max_n‖z_n‖ (ball arithmetic). */
export function normBounds<R extends Repr>(
  B: Backend<R>,
  X: Num[][],
): { norms: Ball<R>[]; sumNorm: S<R>; maxNorm: S<R> } {
  const K = ballArith(B);
  const norms = rowNorms(B, X);
  return { norms, sumNorm: K.upper(K.sum(norms)), maxNorm: K.upper(norms.reduce((a, x) => K.max(a, x))) };
}

/**
 * Theorem 4's limit w̃: the solution of η·exp(−z_nᵀw̃) = α_n, i.e. z_nᵀw̃ = log(η/α_n) for n ∈ S (X_S square and
 * invertible: the support vectors span R^d, so w̃ has no P_⊥w(0) part). Bar: the computed solution ŵ leaves the exact
 * residual r = X_S ŵ − b (X_S, η, α exact decimals; b_n = log(η/α_n)), a ball computed in ball arithmetic; then
 * ‖ŵ − w̃‖ ≤ ‖X_S⁻¹‖_F‖r‖ (exact upper bound on ‖X_S⁻¹‖_F from the instance).
 */
export function wTilde<R extends Repr>(B: Backend<R>, data: MaxMarginData, lr: S<R>): { w: V<R>; err: S<R> } {
  const K = ballArith(B);
  const S = data.support;
  const XS = B.mat(S.map((n) => data.X[n]!));
  const bs = S.map((n) => K.log(K.div(K.exact(lr), K.num(data.alpha[n]!))));
  const bv: VecBall<R> = K.vof(B.pack(bs.map((b) => b.value)), B.pack(bs.map((b) => b.err)));
  const sol = solveLinear(B, XS, bv.value);
  const r = K.vsub(K.gemv(K.mnum(S.map((n) => data.X[n]!)), K.vexact(sol)), bv);
  return { w: sol, err: K.upper(K.mul(K.num(data.invSupportFro), K.norm2(r))) };
}

/** Gaussian elimination with partial pivoting on a tiny system (d ≤ 4); the caller bounds the error by the residual. */
function solveLinear<R extends Repr>(B: Backend<R>, A: M<R>, b: V<R>): V<R> {
  const n = B.rows(A);
  const M: S<R>[][] = Array.from({ length: n }, (_, i) => [...B.unpack(B.row(A, i)), B.at(b, i)]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (B.cmp(B.abs(M[i]![c]!), B.abs(M[p]![c]!)) > 0) p = i;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let i = c + 1; i < n; i++) {
      const f = B.div(M[i]![c]!, M[c]![c]!);
      M[i] = M[i]!.map((x, j) => B.sub(x, B.mul(f, M[c]![j]!)));
    }
  }
  const x: S<R>[] = new Array<S<R>>(n).fill(B.zero);
  for (let i = n - 1; i >= 0; i--) {
    let s: S<R> = M[i]![n]!;
    for (let j = i + 1; j < n; j++) s = B.sub(s, B.mul(M[i]![j]!, x[j]!));
    x[i] = B.div(s, M[i]![i]!);
  }
  return B.pack(x);
}

/**
 * Rounding bar of a GD trajectory on the sum-logistic loss with η < 8/σ_max²: the exact GD map G(w) = w − η∇L(w) is
 * nonexpansive (L convex and β'-smooth, β' = σ_max²/4, η ≤ 2/β': Baillon–Haddad), so with r_s = ŵ_{s+1} − G(ŵ_s) the
 * computed iterate satisfies ‖ŵ_T − w_T‖ ≤ Σ_{s<T} ‖r_s‖ ≤ T·max_s ‖r_s‖.
 * Per step (|ℓ'| ≤ 1, |ℓ''| ≤ 1/4, W ≥ ‖ŵ_s‖, Σ = Σ_n‖z_n‖, z_max = max_n‖z_n‖): the margins z_nᵀŵ err by ≤ γ_d‖z_n‖W
 * (plus u‖z_n‖W for the data's own rounding on entry), so ℓ' by ≤ (d + 1)u·z_max·W/4 + the sigmoid kernel's
 * u(2|m|/4 + 10) ≤ u(z_max·W/2 + 10); the gemv Xᵀℓ' adds γ_N·Σ and the data rounding u·Σ; the axpy adds u(W + ηΣ).
 * Total ‖r_s‖ ≤ u[W + ηΣ + ηΣ(N + 12 + (d + 3)·z_max·W)], doubled for γ_k ≤ 1.01ku and the O(u²) products.
 * W: ‖ŵ_s‖ ≤ ‖w_0‖ + ηsΣ(1 + u) (each step moves by at most η‖∇L‖ ≤ ηΣ, plus its rounding).
 * Where `gdSegment`'s run may take a fused path (`fusedPathInfo`; on dd it carries e^{−z_nᵀw} between steps), the path
 * states ('lossDerivative') that each ℓ'_n errs by ≤ K·eps(1 + ‖z_n‖₁W) more, K = its driftSteps (eps = B.eps), so the
 * step by ≤ ηΣ·K·eps(1 + d·z_max·W) (‖z‖₁ ≤ √d‖z‖ ≤ d‖z‖); the bar adds ηΣ·K·(1 + d·z_max·W) inside, i.e. twice that.
 */
export function trajectoryBar<R extends Repr>(
  B: Backend<R>,
  p: { T: number; lr: S<R>; w0norm: S<R>; sumNorm: S<R>; maxNorm: S<R>; N: number; d: number },
): S<R> {
  const { lr, sumNorm: Sg, maxNorm: zm } = p;
  const T = B.int(p.T);
  const W = B.add(B.mul(B.add(p.w0norm, B.mul(B.mul(lr, T), Sg)), B.add(B.one, B.eps)), B.one);
  const eS = B.mul(lr, Sg);
  let inner = B.add(B.add(W, eS), B.mul(eS, B.add(B.int(p.N + 12), B.mul(B.int(p.d + 3), B.mul(zm, W)))));
  const fusion = fusedPathInfo(B, 'gd', 'logisticSum');
  if (fusion !== undefined)
    inner = B.add(
      inner,
      B.mul(eS, B.mul(B.int(fusion.error.driftSteps), B.add(B.one, B.mul(B.int(p.d), B.mul(zm, W))))),
    );
  return B.mul(T, B.mul(B.int(2), B.mul(B.eps, inner)));
}

/** Checkpoints t ∈ {1, 2, 5}·10^j for first ≤ j < horizon, then 10^horizon. */
export function checkpoints(first: number, horizon: number): number[] {
  const times: number[] = [];
  for (let j = first; j <= horizon; j++) for (const m of [1, 2, 5]) if (j < horizon || m === 1) times.push(m * 10 ** j);
  return times;
}

/**
 * `run` GD from w for `steps` steps on F = `logisticSum(B, X)` (labels absorbed: every y_n = 1) with `fuse: true`
 * (f64/dec: the engine's gd step; dd: the fused path, its stated error included in `trajectoryBar`); null when it
 * diverged.
 */
export function gdSegment<R extends Repr>(F: DataObjective<R>, lr: S<R>, w: V<R>, steps: number): V<R> | null {
  if (steps === 0) return w;
  const B = F.B;
  if (F.loss.kind !== 'logistic' || F.reduction !== 'sum' || !B.unpack(F.data.y).every((y) => B.cmp(y, B.one) === 0)) {
    throw new Error('gdSegment: F must be logisticSum(B, X) (logistic loss, sum reduction, labels absorbed into X)');
  }
  const out = run(F, gd(B, { lr }), w, { steps, fuse: true });
  if (out.fused !== undefined && out.fused.name !== fusedPathInfo(B, 'gd', 'logisticSum')?.name) {
    throw new Error(`gdSegment: the run took fused path ${out.fused.name}, whose error trajectoryBar does not include`);
  }
  return out.result === 'diverged' ? null : out.theta;
}
