/**
 * The Bregman projection oracle w* = argmin_{Xw = y} D_Φ(w, w₀) for a separable potential, by Newton's method on the
 * dual, with a certificate that turns the residuals into a rigorous enclosure of w* (any backend).
 *
 * Dual. Stationarity of D_Φ(·, w₀) on {Xw = y} is ∇Φ(w) = ∇Φ(w₀) + Xᵀλ, so w = w(λ) := (∇Φ)⁻¹(∇Φ(w₀) + Xᵀλ) and λ
 * solves F(λ) := X·w(λ) − y = 0. F is the gradient of the convex ψ(λ) = Φ*(∇Φ(w₀) + Xᵀλ) − ⟨λ, y⟩, with Jacobian
 * J(λ) = X·diag(1/φ″(w(λ)))·Xᵀ (SPD when X has full row rank). Newton: λ ← λ + t·J⁻¹(y − Xw(λ)), halving t until
 * ‖y − Xw‖ decreases (J⁻¹ r is a descent direction for ½‖F‖²), until the residual stalls at the precision.
 *
 * Certificate (docs/theorems/mirror.md M2). F is monotone; on the ball ‖λ′ − λ‖ ≤ t,
 *   ⟨F(λ′) − F(λ), λ′ − λ⟩ ≥ c(t)·‖λ′ − λ‖²,   c(t) = σ²·d(t),
 * with σ² ≤ λ_min(XXᵀ) and d(t) ≤ min_j 1/φ″ over the w-box that z = ∇Φ(w₀) + Xᵀλ′ reaches (|Δz_j| ≤ ‖X_{:,j}‖·t).
 * If ρ := ‖F(λ)‖ < c(t)·t, then ⟨F(λ′), λ′ − λ⟩ ≥ c(t)t² − ρt > 0 on the sphere ‖λ′ − λ‖ = t, so F has a zero λ*
 * inside (the acute-angle lemma, a consequence of Brouwer's theorem), unique because Φ is strictly convex, and
 * ‖λ* − λ‖ ≤ τ := ρ/c(t) (put λ′ = λ* in c‖λ* − λ‖² ≤ ⟨F(λ*) − F(λ), λ* − λ⟩ ≤ ρ‖λ* − λ‖). Then
 * z*_j ∈ z_j(λ) ± ‖X_{:,j}‖·τ and, (φ′)⁻¹ being increasing, w*_j lies between (φ′)⁻¹ at the two ends. Every quantity
 * is enclosed in ball arithmetic (src/ball) from the exact decimal data, so the enclosure is rigorous on any backend:
 * the feasibility residual is ρ, the stationarity residual is the radius of the enclosure of z(λ).
 */
import { ballArith, type Ball, type BallArith, type VecBall } from '../ball/ball.js';
import { bottomEigen } from '../linalg/eigh.js';
import { solve, solveSPD } from '../linalg/solve.js';
import type { M, Num, Repr, S, V } from '../numeric/types.js';
import { curvatureRange, gradInvOn, gradOn } from './enclose.js';
import type { Potential } from './types.js';

/** An instance as exact data: X (m × d, full row rank, m ≤ d), y (m), w₀ (d, inside the potential's domain). */
export interface BregmanProblem {
  readonly X: readonly (readonly Num[])[];
  readonly y: readonly Num[];
  readonly w0: readonly Num[];
}

/** What the certificate proves about a multiplier λ. */
export interface DualCertificate<R extends Repr> {
  /** Enclosure of z(λ) = ∇Φ(w₀) + Xᵀλ; its largest radius is the stationarity residual. */
  readonly z: VecBall<R>;
  /** ρ ≥ ‖X·w(λ) − y‖₂: the feasibility residual. */
  readonly feasibility: S<R>;
  /** τ ≥ ‖λ* − λ‖₂. */
  readonly dualRadius: S<R>;
  /** Upper bounds of the column norms ‖X_{:,j}‖₂. */
  readonly colNorms: readonly S<R>[];
  /** Enclosure of w* = argmin_{Xw = y} D_Φ(w, w₀) (componentwise). */
  readonly wStar: VecBall<R>;
}

export type BregmanResult<R extends Repr> =
  | ({ readonly ok: true; readonly lambda: V<R>; readonly newtonSteps: number } & DualCertificate<R>)
  | { readonly ok: false; readonly reason: string };

export interface BregmanOptions {
  /** Newton iterations at most (default 100). */
  readonly maxSteps?: number;
}

/** The exact data as balls, and the backend's reading of it, shared by the oracle and the certificates. */
export interface BregmanData<R extends Repr> {
  readonly K: BallArith<R>;
  readonly m: number;
  readonly d: number;
  readonly Xb: { readonly value: M<R>; readonly err: M<R> };
  readonly yb: VecBall<R>;
  /** Enclosure of ∇Φ(w₀). */
  readonly z0: VecBall<R>;
  /** σ² ≤ λ_min(XXᵀ) (0 when no positive bound could be shown: X is not of full row rank to the precision). */
  readonly sigma2: S<R>;
  readonly colNorms: readonly S<R>[];
}

/** Shape checks (one-line RangeErrors) and the ball data. */
export function bregmanData<R extends Repr>(P: Potential<R>, prob: BregmanProblem): BregmanData<R> {
  const B = P.B;
  const K = ballArith(B);
  const m = prob.X.length;
  const d = m === 0 ? 0 : prob.X[0]!.length;
  if (m === 0 || d === 0) throw new RangeError('bregman: X must have at least one row and one column');
  prob.X.forEach((r, i) => {
    if (r.length !== d) throw new RangeError(`bregman: X[${i}] has ${r.length} entries, expected ${d}`);
  });
  if (m > d) throw new RangeError(`bregman: X is ${m}×${d}; the oracle needs m ≤ d (an under-determined system)`);
  if (prob.y.length !== m) throw new RangeError(`bregman: y has ${prob.y.length} entries, expected ${m} (rows of X)`);
  if (prob.w0.length !== d) throw new RangeError(`bregman: w0 has ${prob.w0.length} entries, expected ${d}`);
  const Xb = K.mnum(prob.X);
  const yb = K.vnum(prob.y);
  const w0 = K.vnum(prob.w0);
  const z0s = B.unpack(w0.value).map((v, j) => gradOn(P, K, K.of(v, B.at(w0.err, j))));
  const z0 = K.vof(B.pack(z0s.map((b) => b.value)), B.pack(z0s.map((b) => b.err)));
  // G = XXᵀ as balls from the exact X; λ_min(G) ≥ λ_min(Ĝ) − ‖G − Ĝ‖_F (Weyl), Ĝ the midpoints
  const rows = Array.from({ length: m }, (_, i) => ({ value: B.row(Xb.value, i), err: B.row(Xb.err, i) }));
  // computed once per pair i ≤ j and mirrored: Ĝ must be exactly symmetric for the eigensolver
  const G: Ball<R>[][] = rows.map(() => []);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      const g = K.dot(rows[i]!, rows[j]!);
      G[i]![j] = g;
      G[j]![i] = g;
    }
  }
  const Ghat = B.reshape(B.pack(G.flatMap((r) => r.map((g) => g.value))), m, m);
  const Gerr = K.upper(K.norm2(K.vexact(B.pack(G.flatMap((r) => r.map((g) => g.err))))));
  const bottom = bottomEigen(B, Ghat);
  const sigma = K.lower(K.sub(K.exact(bottom.value), K.exact(B.add(bottom.err, Gerr))));
  const cols = Array.from({ length: d }, (_, j) =>
    K.upper(K.norm2({ value: B.col(Xb.value, j), err: B.col(Xb.err, j) })),
  );
  return { K, m, d, Xb, yb, z0, sigma2: B.max(sigma, B.zero), colNorms: cols };
}

/** The enclosure of (φ′)⁻¹ over z_j ± (r_j + extra_j), componentwise, as a vector ball. */
function wBox<R extends Repr>(P: Potential<R>, K: BallArith<R>, z: VecBall<R>, extra: readonly S<R>[]): VecBall<R> {
  const B = K.B;
  const balls = B.unpack(z.value).map((v, j) =>
    gradInvOn(P, K, K.of(v, K.upper(K.add(K.exact(B.at(z.err, j)), K.exact(extra[j]!))))),
  );
  return K.vof(B.pack(balls.map((b) => b.value)), B.pack(balls.map((b) => b.err)));
}

/** min_j 1/φ″ over the w-box, rounded down (0 when φ″ is unbounded on it). */
function minInverseCurvature<R extends Repr>(P: Potential<R>, K: BallArith<R>, w: VecBall<R>): S<R> {
  const B = K.B;
  let maxH = B.zero;
  for (let j = 0; j < B.dim(w.value); j++) {
    const b = K.of(B.at(w.value, j), B.at(w.err, j));
    const lo = K.lower(b);
    if (P.domain === 'positive' && !(B.cmp(lo, B.zero) > 0)) return B.zero;
    const r = curvatureRange(P, K, lo, K.upper(b));
    if (r === null || !B.isFinite(r.max)) return B.zero;
    maxH = B.max(maxH, r.max);
  }
  return B.isZero(maxH) ? B.zero : K.lower(K.div(K.int(1), K.exact(maxH)));
}

/** Enclosure of z(λ) = ∇Φ(w₀) + Xᵀλ for an exact λ. */
export function dualPoint<R extends Repr>(data: BregmanData<R>, lambda: V<R>): VecBall<R> {
  const { K } = data;
  return K.vadd(data.z0, K.gemv(data.Xb, K.vexact(lambda), true));
}

/**
 * Certifies a multiplier λ (module comment): the zero λ* of F lies within τ of λ, and w* in the returned enclosure.
 * Returns a reason instead when no radius t ≤ 2^40·t₀ satisfies ρ < c(t)·t (λ too far from λ*, X rank-deficient to
 * the precision, or φ″ unbounded near the solution, e.g. the p-norm with p < 2 around 0).
 */
export function certifyMultiplier<R extends Repr>(
  P: Potential<R>,
  data: BregmanData<R>,
  lambda: V<R>,
): DualCertificate<R> | { readonly reason: string } {
  const { K, colNorms } = data;
  const B = K.B;
  if (!(B.cmp(data.sigma2, B.zero) > 0)) {
    return { reason: 'no positive lower bound on λ_min(XXᵀ): X is not of full row rank to the precision' };
  }
  const z = dualPoint(data, lambda);
  const w = wBox(
    P,
    K,
    z,
    colNorms.map(() => B.zero),
  );
  const r = K.vsub(K.gemv(data.Xb, w), data.yb);
  const rho = K.upper(K.norm2(r));
  const box = (t: S<R>) =>
    wBox(
      P,
      K,
      z,
      colNorms.map((c) => K.upper(K.mul(K.exact(c), K.exact(t)))),
    );
  const cOf = (t: S<R>) => K.lower(K.mul(K.exact(data.sigma2), K.exact(minInverseCurvature(P, K, box(t)))));
  const done = (tau: S<R>): DualCertificate<R> => ({
    z,
    feasibility: rho,
    dualRadius: tau,
    colNorms,
    wStar: box(tau),
  });
  if (B.isZero(rho)) return done(B.zero);
  const c0 = cOf(B.zero);
  if (!(B.cmp(c0, B.zero) > 0)) return { reason: 'φ″ is unbounded at w(λ): no monotonicity constant' };
  let t = K.upper(K.div(K.mul(K.int(2), K.exact(rho)), K.exact(c0)));
  for (let k = 0; k < 40; k++) {
    const c = cOf(t);
    if (B.cmp(c, B.zero) > 0) {
      const tau = K.upper(K.div(K.exact(rho), K.exact(c)));
      if (B.cmp(tau, t) < 0) return done(tau);
    }
    t = B.mul(B.int(2), t);
  }
  return { reason: `the residual ${B.show(rho)} is too large to certify a zero of the dual map near λ` };
}

/**
 * argmin_{Xw = y} D_Φ(w, w₀): Newton on the dual, then `certifyMultiplier`. `wStar` encloses the exact minimizer of
 * the exact data (X, y, w₀ as decimals) for the potential P of this backend.
 */
export function bregmanProjection<R extends Repr>(
  P: Potential<R>,
  prob: BregmanProblem,
  options: BregmanOptions = {},
): BregmanResult<R> {
  const B = P.B;
  const data = bregmanData(P, prob);
  const X = data.Xb.value;
  const y = B.vec(prob.y);
  const z0 = data.z0.value;
  const at = (lam: V<R>) => {
    const w = P.gradInv(B.vadd(z0, B.gemv(X, lam, true)));
    const r = B.vsub(y, B.gemv(X, w));
    return { lam, w, r, norm: B.nrm2(r) };
  };
  let cur = at(B.zeros(data.m));
  const maxSteps = options.maxSteps ?? 100;
  const absX = B.reshape(B.map('abs', B.flatten(X)), data.m, data.d);
  // the rounding floor of r = y − Xw: ‖r‖ below 4(d + 2)u(‖|X||w|‖ + ‖y‖) cannot be told from 0
  const floor = (w: V<R>) =>
    B.mul(B.mul(B.int(4 * (data.d + 2)), B.eps), B.add(B.nrm2(B.gemv(absX, B.map('abs', w))), B.nrm2(y)));
  let steps = 0;
  for (; steps < maxSteps && B.cmp(cur.norm, floor(cur.w)) > 0; steps++) {
    // J = X·diag(1/φ″(w))·Xᵀ; the shift u keeps 1/φ″ finite where φ″(w) = 0 (p-norm, p > 2, at w = 0)
    const D = B.map('recip', B.vshift(P.hess(cur.w), B.eps));
    const XD = B.reshape(B.concat(Array.from({ length: data.m }, (_, i) => B.vmul(B.row(X, i), D))), data.m, data.d);
    const J = B.gemm(XD, X, false, true);
    let sol = solveSPD(B, J, cur.r);
    if (!sol.ok) sol = solve(B, J, cur.r);
    if (!sol.ok) break;
    let t = B.one;
    let next: typeof cur | null = null;
    for (let k = 0; k < 30 && next === null; k++) {
      const cand = at(B.axpy(t, sol.x, cur.lam));
      if (B.allFinite(cand.w) && B.isFinite(cand.norm) && B.cmp(cand.norm, cur.norm) < 0) next = cand;
      t = B.mul(B.num('0.5'), t);
    }
    if (next === null) break; // the residual stalled at the precision
    cur = next;
  }
  const cert = certifyMultiplier(P, data, cur.lam);
  if ('reason' in cert) return { ok: false, reason: `bregmanProjection: ${cert.reason} (after ${steps} Newton steps)` };
  return { ok: true, lambda: cur.lam, newtonSteps: steps, ...cert };
}

/** What a primal point θ (an iterate of mirror descent or flow) is certified to be, relative to w*. */
export interface IterateCertificate<R extends Repr> {
  /** Enclosure of P_ker(X)(∇Φ(θ) − ∇Φ(w₀)) measured as ∇Φ(θ) − ∇Φ(w₀) − Xᵀμ (μ: least squares), componentwise. */
  readonly kernelPart: VecBall<R>;
  /** A box containing both θ and w* (componentwise): its widths bound |θ_j − w*_j|. */
  readonly box: VecBall<R>;
  /** ρ ≥ ‖X·w(μ) − y‖ and τ ≥ ‖λ* − μ‖ of the certificate at μ. */
  readonly feasibility: S<R>;
  readonly dualRadius: S<R>;
}

/**
 * Certifies an iterate θ (exact backend numbers) against the oracle: with μ the least-squares multiplier of
 * ∇Φ(θ) − ∇Φ(w₀) ≈ Xᵀμ and e the remainder (zero for an iterate whose dual moved in the row space of X), both
 * ∇Φ(θ) and ∇Φ(w*) lie in z(μ) ± (‖X_{:,j}‖τ + |e_j|), so θ and w* lie in the (φ′)⁻¹-image of that box.
 */
export function certifyIterate<R extends Repr>(
  P: Potential<R>,
  data: BregmanData<R>,
  theta: V<R>,
): IterateCertificate<R> | { readonly reason: string } {
  const { K } = data;
  const B = K.B;
  const g = B.unpack(theta).map((v) => gradOn(P, K, K.exact(v)));
  const diff = K.vsub(K.vof(B.pack(g.map((b) => b.value)), B.pack(g.map((b) => b.err))), data.z0);
  const X = data.Xb.value;
  const G = B.gemm(X, X, false, true);
  let sol = solveSPD(B, G, B.gemv(X, diff.value));
  if (!sol.ok) sol = solve(B, G, B.gemv(X, diff.value));
  if (!sol.ok) return { reason: `certifyIterate: ${sol.reason}` };
  const mu = sol.x;
  const e = K.vsub(diff, K.gemv(data.Xb, K.vexact(mu), true));
  const cert = certifyMultiplier(P, data, mu);
  if ('reason' in cert) return { reason: `certifyIterate: ${cert.reason}` };
  const extra = data.colNorms.map((c, j) =>
    K.upper(K.add(K.mul(K.exact(c), K.exact(cert.dualRadius)), K.abs(K.of(B.at(e.value, j), B.at(e.err, j))))),
  );
  const box = wBox(P, K, cert.z, extra);
  return { kernelPart: e, box, feasibility: cert.feasibility, dualRadius: cert.dualRadius };
}

/** Entry j of a vector ball, as a scalar ball (for claims). */
export function ballAt<R extends Repr>(K: BallArith<R>, v: VecBall<R>, j: number): Ball<R> {
  return K.of(K.B.at(v.value, j), K.B.at(v.err, j));
}
