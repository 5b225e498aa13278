/**
 * Certified hard-margin SVM (no bias) over any Backend: the limit direction of GD on separable data
 * (Soudry, Hoffer, Nacson, Gunasekar & Srebro 2018, Theorem 3; docs/theorems/maxmargin.md M7):
 *
 *   ŵ = argmin ‖w‖² s.t. z_nᵀw ≥ 1 ∀n,  z_n = y_n x_n (labels absorbed);
 *   dual: min_{α ≥ 0} ½αᵀGα − 1ᵀα, G_nm = z_nᵀz_m, ŵ = Σ_n α_n z_n, margin 1/‖ŵ‖.
 *
 * Method (two Lawson–Hanson active-set solves, ./activeSet.ts):
 * 1. Classification, via least-distance programming (Lawson & Hanson 1974, Ch. 23, §LDP): NNLS
 *    min_{u ≥ 0} ‖Au − e_{d+1}‖ with A = [Zᵀ; 1ᵀ], i.e. the QP with M = G + 11ᵀ, c = 1. At its solution
 *    ρ = 1 − 1ᵀu = γ²/(1 + γ²) and h = Zᵀu/1ᵀu is the point of conv{z_n} nearest 0, ‖h‖ = γ the max margin
 *    (min-norm-point duality). Non-separable ⇔ 0 ∈ conv{z_n} ⇔ γ = 0.
 * 2. Polish: the dual QP itself (M = G, c = 1), warm-started at the support found in 1; each active-set solve is
 *    G_SS α_S = 1 by LU plus one step of iterative refinement, so the KKT residuals reach working precision.
 * 3. Certificate, computed in the backend from the returned α: ŵ = Zᵀα, m_n = z_nᵀŵ,
 *      dualFeasibility = max_n max(0, −α_n), primalFeasibility = max_n max(0, 1 − m_n),
 *      complementarity = max_n |α_n (m_n − 1)|,
 *    each required ≤ tolerance = 8(N + d + 2)·u·κ·max(1, max α),  κ = max_n‖z_n‖ · Σ_m α_m‖z_m‖ ≥ ‖z_n‖‖ŵ‖.
 *    Why: fl(Zᵀα) errs by ≤ γ_N|Z|ᵀα, fl(z_nᵀŵ) by ≤ γ_d|z_n|ᵀ|ŵ| and the refined solve leaves a residual of a few
 *    γ_|S|(|G|α)_n, all ≤ 2(N + d + 2)u·κ (bounds.ts roundoff); the factor 4 on top is margin, not tuning, and
 *    max α scales the complementarity products.
 *
 * Soundness of each outcome:
 * - `ok`: the certificate passed, so ŵ is feasible to `tolerance` (< 1/4, else `degenerate`), hence an exact
 *   separator of the data as read by the backend, and near-optimal: with δ ≥ the true primal violation,
 *   w' = ŵ/(1 − δ) is feasible and, by weak duality (½‖w*‖² ≥ 1ᵀα − ½‖ŵ‖²) and strong convexity of ½‖w‖²,
 *   ‖w' − w*‖² ≤ ‖w'‖² + ‖ŵ‖² − 2·1ᵀα. `wError` bounds ‖ŵ − w*‖ that way (a square root of the duality gap: rigorous
 *   but conservative; the actual error is ~κu on non-degenerate data, as the tests show).
 * - `not_separable`: a convex combination λ with ‖Σλ_n z_n‖ ≤ `marginUpperBound` (rounding included); since
 *   min_n z_nᵀw ≤ (Σλ_n z_n)ᵀw ≤ ‖Σλ_n z_n‖ for every unit w, no separator has margin above that bound, which is
 *   at the rounding level 16(N + d + 2)u·max‖z_n‖ (a zero row z_n = 0 is the witness e_n).
 * - `degenerate`: anything else (hull distance between the two levels, cycling, a singular support system, a failed
 *   certificate): never an answer, always a reason; re-run at higher precision.
 */
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import { activeSetQP } from './activeSet.js';

/** Measured KKT violations of the returned (ŵ, α), and the tolerance they were held to (module comment). */
export interface SvmCertificate<R extends Repr> {
  /** max_n max(0, −α_n). */
  readonly dualFeasibility: S<R>;
  /** max_n max(0, 1 − z_nᵀŵ). */
  readonly primalFeasibility: S<R>;
  /** max_n |α_n (z_nᵀŵ − 1)|. */
  readonly complementarity: S<R>;
  /** 8(N + d + 2)·u·κ·max(1, max α). */
  readonly tolerance: S<R>;
  /** κ = max_n‖z_n‖ · Σ_m α_m‖z_m‖: the condition number of evaluating the KKT residuals. */
  readonly conditioning: S<R>;
}

/** The certified solution. Indices refer to rows of X. */
export interface SvmSolution<R extends Repr> {
  readonly kind: 'ok';
  /** ŵ = Σ_n α_n y_n x_n, the hard-margin SVM solution (min ‖w‖ s.t. y_n x_nᵀw ≥ 1). */
  readonly w: V<R>;
  /** Dual variables α ≥ 0 (one per sample; not unique when the margin vectors are linearly dependent). */
  readonly alpha: V<R>;
  /** {n : α_n > 0}, increasing. */
  readonly support: readonly number[];
  /** {n : |y_n x_nᵀŵ − 1| ≤ tolerance}, increasing: the samples on the margin (Theorem 4's S). */
  readonly marginSet: readonly number[];
  /** support = marginSet: no margin point with α_n = 0 (when false, Theorem 4's w̃ may not exist). */
  readonly strictComplementarity: boolean;
  /** ‖ŵ‖. */
  readonly normW: S<R>;
  /** γ = 1/‖ŵ‖ = max_{‖w‖=1} min_n y_n x_nᵀw. */
  readonly margin: S<R>;
  /** Rigorous upper bound on ‖ŵ − w*‖₂ (w* the exact solution for the data as read by the backend). */
  readonly wError: S<R>;
  readonly certificate: SvmCertificate<R>;
  /** Active-set outer iterations (classification + polish). */
  readonly iterations: number;
}

/** Data proven (to rounding level) not linearly separable through the origin. */
export interface SvmNotSeparable<R extends Repr> {
  readonly kind: 'not_separable';
  /** Convex weights λ (λ ≥ 0, Σλ = 1) with Σ_n λ_n y_n x_n ≈ 0: a Gordan witness. */
  readonly witness: V<R>;
  /** ‖Σ_n λ_n y_n x_n‖ as computed. */
  readonly hullNorm: S<R>;
  /** No unit w has min_n y_n x_nᵀw above this (hullNorm plus its rounding bound). */
  readonly marginUpperBound: S<R>;
  readonly explanation: string;
}

/** No certified answer at this precision (with why and what to do). */
export interface SvmDegenerate {
  readonly kind: 'degenerate';
  readonly reason: string;
}

export type SvmResult<R extends Repr> = SvmSolution<R> | SvmNotSeparable<R> | SvmDegenerate;

export interface HardMarginOptions {
  /** Outer-iteration cap of each active-set solve. @defaultValue 3·N + 10 */
  readonly maxIter?: number;
}

/** Z with rows z_n = y_n x_n; throws unless every label is exactly +1 or −1. */
export function absorbLabels<R extends Repr>(B: Backend<R>, X: M<R>, y: V<R>): M<R> {
  const N = B.rows(X);
  if (B.dim(y) !== N)
    throw new RangeError(`hardMarginSvm: y has length ${B.dim(y)}, expected one label per row of X (${N})`);
  const rows: V<R>[] = [];
  for (let n = 0; n < N; n++) {
    const yn = B.at(y, n);
    const plus = B.cmp(yn, B.one) === 0;
    if (!plus && B.cmp(yn, B.neg(B.one)) !== 0) {
      throw new RangeError(`hardMarginSvm: y[${n}] = ${B.show(yn)}; labels must be exactly 1 or -1`);
    }
    rows.push(plus ? B.row(X, n) : B.map('neg', B.row(X, n)));
  }
  return B.reshape(B.concat(rows), N, B.cols(X));
}

const rowNorms = <R extends Repr>(B: Backend<R>, Z: M<R>): S<R>[] =>
  Array.from({ length: B.rows(Z) }, (_, n) => B.nrm2(B.row(Z, n)));

const maxS = <R extends Repr>(B: Backend<R>, xs: readonly S<R>[]): S<R> => xs.reduce((m, x) => B.max(m, x), B.zero);

/**
 * `hardMarginSvm(B, { X, y })`: the hard-margin SVM through the origin for rows x_n of X with labels y_n = ±1,
 * certified in the backend (module comment). Throws only on malformed input (shapes, labels, non-finite entries).
 */
export function hardMarginSvm<R extends Repr>(
  B: Backend<R>,
  data: { readonly X: M<R>; readonly y: V<R> },
  opts: HardMarginOptions = {},
): SvmResult<R> {
  const { X, y } = data;
  const N = B.rows(X);
  const d = B.cols(X);
  if (N < 1 || d < 1) throw new RangeError(`hardMarginSvm: X is ${N}×${d}; need at least one sample and one feature`);
  if (!B.allFinite(B.flatten(X))) throw new RangeError('hardMarginSvm: X has a non-finite entry');
  const maxIter = opts.maxIter ?? 3 * N + 10;
  const Z = absorbLabels(B, X, y);
  const norms = rowNorms(B, Z);
  const zmax = maxS(B, norms);
  const g = B.mul(B.int(2 * (N + d + 2)), B.eps); // roundoff(N + d), bounds.ts
  const ones = B.fill(N, B.one);

  // A zero sample can never satisfy z_nᵀw ≥ 1: witness e_n.
  const zero = norms.findIndex((x) => B.isZero(x));
  if (zero >= 0) {
    return {
      kind: 'not_separable',
      witness: B.basis(N, zero),
      hullNorm: B.zero,
      marginUpperBound: B.zero,
      explanation: `sample ${zero} is the zero vector, so no w has y_${zero}·x_${zero}ᵀw > 0`,
    };
  }

  // 1. LDP / min-norm point of conv{z_n}: M = G + 11ᵀ, c = 1; u ≤ 1 so (|M|u)_n ≤ zmax² + 1.
  const G = B.gemm(Z, Z, false, true);
  const Mldp = B.reshape(B.vshift(B.flatten(G), B.one), N, N);
  const tol1 = B.mul(B.mul(B.int(4), g), B.add(B.mul(zmax, zmax), B.one));
  const ldp = activeSetQP(B, Mldp, ones, { tol: tol1, maxIter });
  if (ldp.kind !== 'ok') return { kind: 'degenerate', reason: `hardMarginSvm (classification): ${ldp.reason}` };
  const s = B.sum(ldp.u);
  const lambda = B.scal(B.div(B.one, s), ldp.u);
  const h = B.gemv(Z, lambda, true);
  const hn = B.nrm2(h);
  // Rounding of fl(Zᵀλ) and its norm: ≤ g·Σλ_n‖z_n‖ ≤ g·zmax; doubled for λ's own rounding.
  const hErr = B.mul(B.add(g, g), zmax);
  const level = B.mul(B.int(8), hErr);
  if (B.cmp(hn, level) <= 0) {
    const bound = B.add(hn, hErr);
    return {
      kind: 'not_separable',
      witness: lambda,
      hullNorm: hn,
      marginUpperBound: bound,
      explanation:
        `0 lies in the convex hull of {y_n x_n} to working precision: ‖Σλ_n y_n x_n‖ = ${B.show(hn)} for the convex ` +
        `weights λ returned as witness (support ${ldp.passive.join(', ')}), so every unit w has ` +
        `min_n y_n x_nᵀw ≤ ${B.show(bound)} (Gordan); a positive margin below that is not resolvable on ${B.id}`,
    };
  }

  // 2. Polish on the dual QP, warm-started at the LDP support; (|G|α)_n ≤ zmax·Σα_m‖z_m‖ with α ≈ u/ρ.
  const rho = B.sub(B.one, s);
  if (B.cmp(rho, B.zero) <= 0) {
    return {
      kind: 'degenerate',
      reason: `hardMarginSvm: hull distance ${B.show(hn)} is positive but 1 − 1ᵀu = ${B.show(rho)} ≤ 0; re-run at higher precision`,
    };
  }
  const alpha0 = B.scal(B.div(B.one, rho), ldp.u);
  const kappa0 = B.mul(zmax, B.dot(alpha0, B.pack(norms)));
  const tol2 = B.mul(B.mul(B.int(4), g), B.max(B.one, kappa0));
  const qp = activeSetQP(B, G, ones, { tol: tol2, maxIter, start: ldp.passive });
  if (qp.kind !== 'ok') return { kind: 'degenerate', reason: `hardMarginSvm (polish): ${qp.reason}` };
  const alpha = qp.u;

  // 3. Certificate.
  const w = B.gemv(Z, alpha, true);
  const mg = B.unpack(B.gemv(Z, w));
  const al = B.unpack(alpha);
  let dual = B.zero;
  let primal = B.zero;
  let cs = B.zero;
  for (let n = 0; n < N; n++) {
    if (B.cmp(al[n]!, B.zero) < 0) dual = B.max(dual, B.neg(al[n]!));
    const slack = B.sub(mg[n]!, B.one);
    if (B.cmp(slack, B.zero) < 0) primal = B.max(primal, B.neg(slack));
    cs = B.max(cs, B.abs(B.mul(al[n]!, slack)));
  }
  const sumAlpha = B.sum(alpha);
  const K = B.dot(alpha, B.pack(norms)); // Σ α_m ‖z_m‖ ≥ ‖ŵ‖
  const kappa = B.mul(zmax, K);
  const maxAlpha = maxS(B, al);
  const tolerance = B.mul(B.mul(B.mul(B.int(4), g), kappa), B.max(B.one, maxAlpha));
  const certificate: SvmCertificate<R> = {
    dualFeasibility: dual,
    primalFeasibility: primal,
    complementarity: cs,
    tolerance,
    conditioning: kappa,
  };
  if (B.cmp(tolerance, B.num('0.25')) >= 0) {
    return {
      kind: 'degenerate',
      reason:
        `hardMarginSvm: conditioning κ = ${B.show(kappa)} makes the certificate tolerance ${B.show(tolerance)} ≥ 1/4 on ` +
        `${B.id} (margin too small for this precision); re-run at higher precision`,
    };
  }
  const failed = (
    [
      ['dual feasibility', dual],
      ['primal feasibility', primal],
      ['complementary slackness', cs],
    ] as const
  ).filter(([, v]) => B.cmp(v, tolerance) > 0);
  if (failed.length > 0) {
    return {
      kind: 'degenerate',
      reason:
        `hardMarginSvm: certificate failed on ${B.id}: ${failed.map(([k, v]) => `${k} violation ${B.show(v)}`).join(', ')} > ` +
        `tolerance ${B.show(tolerance)} (support ${qp.passive.join(', ')}); the support system is too ill-conditioned ` +
        'for this precision; re-run at higher precision',
    };
  }

  // wError: ‖ŵ − w*‖ ≤ √E + ‖ŵ‖δ/(1 − δ) + g·K, E = ‖ŵ‖²(1/(1 − δ)² + 1) − 2·1ᵀα (+ its rounding), δ = primal + tol.
  const normW = B.nrm2(w);
  const w2 = B.mul(normW, normW);
  const delta = B.add(primal, tolerance);
  const inv = B.div(B.one, B.sub(B.one, delta));
  const E = B.sub(B.mul(w2, B.add(B.mul(inv, inv), B.one)), B.add(sumAlpha, sumAlpha));
  const Eerr = B.mul(B.mul(B.int(4), g), B.add(B.mul(B.int(3), B.mul(K, K)), B.add(sumAlpha, sumAlpha)));
  const wError = B.add(B.add(B.sqrt(B.max(B.zero, B.add(E, Eerr))), B.mul(B.mul(normW, delta), inv)), B.mul(g, K));

  const support = al.flatMap((a, n) => (B.cmp(a, B.zero) > 0 ? [n] : []));
  const marginSet = mg.flatMap((m, n) => (B.cmp(B.abs(B.sub(m, B.one)), tolerance) <= 0 ? [n] : []));
  return {
    kind: 'ok',
    w,
    alpha,
    support,
    marginSet,
    strictComplementarity: support.length === marginSet.length && support.every((n, i) => marginSet[i] === n),
    normW,
    margin: B.div(B.one, normW),
    wError,
    certificate,
    iterations: ldp.iterations + qp.iterations,
  };
}
