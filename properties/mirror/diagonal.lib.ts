/**
 * Diagonal linear networks w = u ⊙ u − v ⊙ v from u(0) = v(0) = α·1 (docs/theorems/mirror.md M5): gradient flow (the
 * theorem) and discrete GD (its boundary) on ½‖X(u ⊙ u − v ⊙ v) − y‖², and the claims against the Q_α oracle.
 */
import fc from 'fast-check';
import {
  ballArith,
  ballAt,
  bregmanProjection,
  claims,
  diagonalLinear,
  gfLimit,
  gradOn,
  inconclusive,
  objective,
  spec,
  square,
  woodworth,
  type Backend,
  type Ball,
  type Claim,
  type Evidence,
  type Num,
  type Opaque,
  type S,
  type V,
} from '../../src/index.js';
import { kernelBasisOf, powerOfTwoBelow, systemArb } from './mirror.lib.js';

const R = spec.rational;

export interface DiagSpec {
  readonly X: readonly (readonly Num[])[];
  readonly A: readonly (readonly Num[])[];
  readonly y: readonly Num[];
  /** u(0) = v(0) = α·1. */
  readonly alpha: Num;
  /** Absent: gradient flow. Present (the boundary, P5.4): discrete GD with this step. */
  readonly gdLr?: Num;
}

const alphaArb = fc.integer({ min: 3, max: 8 }).map((k) => R.toPlainNum(R.q(BigInt(k), 8n)));

/** Hypotheses: gradient flow from u(0) = v(0) = α·1 on an under-determined system (y attained by w_t, signs free). */
export const flowInstances: fc.Arbitrary<DiagSpec> = fc
  .record({ sys: systemArb(-8, 8), alpha: alphaArb })
  .map(({ sys, alpha }) => ({ X: sys.X, A: sys.A, y: sys.y, alpha }));

/**
 * Boundary: discrete GD with η = 2^k·η₀, k ∈ {0, 1, 2}, η₀ the largest power of 2 ≤ 1/(16‖X‖_F²(α² + 2)) (a scale
 * below the stability limit 2/λ_max(∇²F) at the start; runs that diverge or stall are inconclusive).
 */
export const gdInstances: fc.Arbitrary<DiagSpec> = fc
  .record({ sys: systemArb(-8, 8), alpha: alphaArb, k: fc.integer({ min: 0, max: 2 }) })
  .map(({ sys, alpha, k }) => {
    const a = Number(alpha);
    const eta0 = Number(powerOfTwoBelow(1 / (16 * sys.fro * (a * a + 2))));
    return { X: sys.X, A: sys.A, y: sys.y, alpha, gdLr: powerOfTwoBelow(eta0 * 2 ** k * 1.5) };
  });

/** GD steps at most (a run that does not reach the gradient tolerance is inconclusive). */
const GD_MAX_STEPS = 200_000;

/**
 * The end point θ_T and a bound e on ‖θ_T − θ_∞‖₂: gfLimit's for the flow (its integration error plus the Newton
 * distance to the limit, src/flow/gfLimit.ts); for GD, the geometric tail Σ_{t≥T} η‖∇F(θ_t)‖ ≤ 2η‖g_T‖/(1 − q) with q
 * the contraction of ‖g‖ measured over the last 100 steps (an estimate: the boundary only needs to fail).
 */
function endPoint(B: Backend<Opaque>, s: DiagSpec): { theta: V<Opaque>; err: S<Opaque> } | { reason: string } {
  const d = s.X[0]!.length;
  const F = objective(B, diagonalLinear(B, { d }), square(B), { X: B.mat(s.X), y: B.vec(s.y) }, { reduction: 'sum' });
  const theta0 = B.fill(2 * d, B.num(s.alpha));
  if (s.gdLr === undefined) {
    const lim = gfLimit(F, theta0);
    if (lim.result !== 'ok') return { reason: `gradient flow: ${lim.message}` };
    return { theta: lim.theta, err: lim.err };
  }
  const eta = B.num(s.gdLr);
  const tol = B.mul(B.int(1000), B.mul(B.eps, B.max(B.one, B.nrm2(F.grad(theta0)))));
  let theta = theta0;
  const norms: S<Opaque>[] = [];
  for (let t = 0; t < GD_MAX_STEPS; t++) {
    const g = F.grad(theta);
    const gn = B.nrm2(g);
    norms.push(gn);
    if (!B.isFinite(gn)) return { reason: `GD diverged at step ${t} (η = ${s.gdLr})` };
    if (B.cmp(gn, tol) <= 0 && t >= 100) {
      const q = Math.pow(B.toNumber(gn) / B.toNumber(norms[t - 100]!), 1 / 100);
      if (!(q < 1)) return { reason: 'GD did not contract over its last 100 steps' };
      return { theta, err: B.mul(B.fromDouble(2 / (1 - q)), B.mul(eta, gn)) };
    }
    theta = B.axpy(B.neg(eta), g, theta);
  }
  return { reason: `GD did not reach ‖∇F‖ ≤ ${B.show(tol)} in ${GD_MAX_STEPS} steps` };
}

/**
 * Claims (M5): the limit w_∞ = u_∞² − v_∞² equals argmin_{Xw = y} Q_α(w) (the woodworth oracle from w₀ = 0), and
 * ⟨n_k, asinh(w_∞/(2α²))⟩ = 0 for the exact kernel basis (gradient flow is mirror flow with Q_α). Both sides are
 * balls: w from θ_T ± e entrywise (‖·‖∞ ≤ ‖·‖₂), the oracle from its certificate.
 */
export function diagonalClaims(B: Backend<Opaque>, s: DiagSpec): Evidence {
  const K = ballArith(B);
  const end = endPoint(B, s);
  if ('reason' in end) return inconclusive(end.reason);
  const d = s.X[0]!.length;
  const P = woodworth(B, B.num(s.alpha));
  const oracle = bregmanProjection(P, { X: s.X, y: s.y, w0: Array.from({ length: d }, () => '0') });
  if (!oracle.ok) return inconclusive(`no certified Q_α oracle: ${oracle.reason}`);
  const w: Ball<Opaque>[] = Array.from({ length: d }, (_, j) => {
    const u = K.widen(K.exact(B.at(end.theta, j)), end.err);
    const v = K.widen(K.exact(B.at(end.theta, d + j)), end.err);
    return K.sub(K.sqr(u), K.sqr(v));
  });
  const out: Claim[] = w.map((wj, j) => claims.eq(B, wj, ballAt(K, oracle.wStar, j), `limit_is_q_alpha_oracle_w${j}`));
  const z = w.map((wj) => gradOn(P, K, wj));
  kernelBasisOf(B, s.A).forEach((n, k) => {
    const terms = z.map((zj, j) => K.mul(K.exact(B.at(n, j)), zj));
    out.push(claims.eq(B, K.sum(terms), K.exact(B.zero), `mirror_flow_invariant_n${k}`));
  });
  return {
    claims: out,
    observed: {
      theta_err: B.show(end.err),
      oracle_radius: B.show(B.amax(oracle.wStar.err)),
      w_minus_oracle: B.show(B.amax(B.vsub(B.pack(w.map((b) => b.value)), oracle.wStar.value))),
    },
  };
}
