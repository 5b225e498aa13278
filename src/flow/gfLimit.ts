/**
 * The gradient-flow limit θ∞ = lim_{t→∞} θ(t) of θ' = −∇F(θ), with an error bar.
 */
import { requireCapabilities } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Num, Repr, S, V } from '../numeric/types.js';
import { gradientFlow, gradientFlowController, powerSharpness, defaultSolverId } from './gradientFlow.js';
import { integrate } from './integrate.js';
import { dopri5, fehlberg78 } from './solvers.js';
import type { FlowResult, OdeSolver, Solution } from './types.js';

export type GfLimitResult = 'ok' | 'not_converged' | 'no_error_bound' | Exclude<FlowResult, 'ok' | 'stopped' | 'event'>;

export const GF_LIMIT_MESSAGES: Readonly<Record<GfLimitResult, string>> = {
  ok: '‖∇F‖ ≤ tol reached; θ is within err of the gradient-flow limit',
  not_converged:
    'reached t1Max with ‖∇F‖ > tol (a saddle, a plateau or a very flat minimum); increase t1Max, or loosen tol',
  no_error_bound:
    '‖∇F‖ ≤ tol reached, but the Hessian is singular or indefinite along the gradient, so ‖θ − θ∞‖ cannot be bounded; use a smaller tol',
  max_steps:
    'maximum number of steps reached; increase maxSteps (a stiff flow needs many explicit steps) or loosen rtol',
  step_too_small: 'the step size underflowed; rtol is below the rounding floor of this backend, or the flow blows up',
  diverged: 'the gradient flow diverged (non-finite or huge θ) from this initial point',
};

export interface GfLimitOptions<R extends Repr> {
  /** Stop when ‖∇F(θ)‖₂ ≤ tol. Default 1000·u·max(1, ‖∇F(θ0)‖, ρ̂(θ0)·‖θ0‖): the gradient's own rounding floor is
   * ≈ u·‖∇²F‖·‖θ‖, and three digits of headroom keep the stop reachable. */
  tol?: S<R> | Num;
  /** Give up at this time (default 1e6). */
  t1Max?: S<R> | Num;
  /** Default: dopri5 for f64, fehlberg78 for dd/dec. */
  solver?: OdeSolver;
  rtol?: S<R> | Num;
  atol?: S<R> | Num;
  maxSteps?: number;
}

export interface GfLimit<R extends Repr> {
  readonly result: GfLimitResult;
  readonly message: string;
  /** The end point θ(T). */
  readonly theta: V<R>;
  readonly t: S<R>;
  readonly gradNorm: S<R>;
  /** Bound on ‖θ − θ∞‖₂ (see `gfLimit`); a bound only when result is 'ok' (otherwise just the integration error). */
  readonly err: S<R>;
  readonly stats: Solution<R>['stats'];
}

/**
 * Minimum-norm-ish solution of H d = g by conjugate gradients with Hessian-vector products (≤ 2·dim iterations).
 * Returns undefined when CG meets non-positive curvature or does not reach ‖r‖ ≤ 1e-3·‖g‖.
 */
export function newtonDistance<R extends Repr>(F: Objective<R>, theta: V<R>, g: V<R>): S<R> | undefined {
  const H = requireCapabilities(F, ['hvp'], 'newtonDistance');
  const B = F.B;
  const gn = B.nrm2(g);
  if (B.isZero(gn)) return B.zero;
  const target = B.mul(gn, B.num('1e-3'));
  let x = B.zeros(F.dim);
  let r = g;
  let p = r;
  let rr = B.dot(r, r);
  for (let i = 0; i < Math.min(2 * F.dim, 400); i++) {
    const Hp = H.hvp(theta, p);
    const pHp = B.dot(p, Hp);
    if (!(B.cmp(pHp, B.zero) > 0) || !B.isFinite(pHp)) return undefined;
    const alpha = B.div(rr, pHp);
    x = B.axpy(alpha, p, x);
    r = B.axpy(B.neg(alpha), Hp, r);
    const rr1 = B.dot(r, r);
    if (B.cmp(B.sqrt(rr1), target) <= 0) return B.nrm2(x);
    p = B.axpy(B.div(rr1, rr), p, r);
    rr = rr1;
  }
  return undefined;
}

/**
 * Integrate gradient flow until ‖∇F(θ)‖ ≤ tol and bound the distance to the limit:
 *   err = 2‖H⁺g‖ + Σ_k ‖ê_k‖ + 10·u·N·max_t‖θ‖.
 * - 2‖H⁺g‖ (H = ∇²F(θ), g = ∇F(θ), H⁺g by CG): in the quadratic model around the limit, g(t) = e^{−Ht} g and
 *   θ∞ − θ = −∫₀^∞ e^{−Ht} g dt = −H⁺g exactly (g ⟂ ker H there); the factor 2 absorbs the CG residual
 *   (≤ 1e-3) and the O(‖g‖²) cubic terms, which are far below ‖g‖/μ once ‖g‖ ≤ tol. Equivalent to the PL bound
 *   ∫‖∇F‖ ≤ ‖g‖/μ with μ the smallest curvature seen by g.
 * - Σ‖ê_k‖: the integrator's summed local error estimates (a global error bound when the flow is non-expanding,
 *   i.e. ∇²F ⪰ 0 along the path; for paths through negative curvature it is an estimate, not a bound).
 * - rounding: ~10 roundings of size u·‖θ‖ per step, N accepted steps.
 */
export function gfLimit<R extends Repr>(F: Objective<R>, theta0: V<R>, opts: GfLimitOptions<R> = {}): GfLimit<R> {
  requireCapabilities(F, ['hvp'], 'gfLimit');
  const B = F.B;
  const sc = (x: S<R> | Num): S<R> => (typeof x === 'string' ? B.num(x) : x);
  if (B.dim(theta0) !== F.dim)
    throw new RangeError(`gfLimit: theta0 has dim ${B.dim(theta0)}, the objective has ${F.dim}`);
  const solver = opts.solver ?? (defaultSolverId(B) === 'dopri5' ? dopri5 : fehlberg78);
  const g0 = F.grad(theta0);
  let tol: S<R>;
  if (opts.tol !== undefined) tol = sc(opts.tol);
  else {
    const rho = powerSharpness(F, theta0, 12).value;
    const scale = B.max(B.max(B.one, B.nrm2(g0)), B.mul(B.isFinite(rho) ? rho : B.zero, B.nrm2(theta0)));
    tol = B.mul(B.mul(B.int(1000), B.eps), scale);
  }
  const controller = gradientFlowController(F, solver, {
    ...(opts.rtol !== undefined ? { rtol: opts.rtol } : {}),
    ...(opts.atol !== undefined ? { atol: opts.atol } : {}),
  });
  const done = (y: V<R>, g: V<R>): boolean => B.cmp(B.nrm2(g), tol) <= 0;
  let sol: Solution<R> | undefined;
  let theta = theta0;
  let t = B.zero;
  let g = g0;
  if (!done(theta0, g0)) {
    sol = integrate(gradientFlow(F), solver, controller, {
      t1: sc(opts.t1Max ?? '1e6'),
      y0: theta0,
      saveAt: { t0: false, t1: false },
      stop: (_t, y, dy) => done(y, dy),
      ...(opts.maxSteps !== undefined ? { maxSteps: opts.maxSteps } : {}),
    });
    theta = sol.y;
    t = sol.t;
    g = B.map('neg', F.grad(theta));
  }
  const stats = sol?.stats ?? {
    steps: 0,
    accepted: 0,
    rejected: 0,
    fevals: 1,
    errSum: B.zero,
    maxNorm: B.nrm2(theta0),
  };
  const gradNorm = B.nrm2(g);
  const rounding = B.mul(B.mul(B.int(10 * Math.max(1, stats.accepted)), B.eps), stats.maxNorm);
  const out = (result: GfLimitResult, err: S<R>): GfLimit<R> => ({
    result,
    message: GF_LIMIT_MESSAGES[result],
    theta,
    t,
    gradNorm,
    err,
    stats,
  });
  const flowResult = sol?.result ?? 'stopped';
  if (flowResult === 'ok') return out('not_converged', B.add(stats.errSum, rounding));
  if (flowResult !== 'stopped' && flowResult !== 'event') return out(flowResult, B.add(stats.errSum, rounding));
  const d = newtonDistance(F, theta, g);
  if (d === undefined) return out('no_error_bound', B.add(stats.errSum, rounding));
  return out('ok', B.add(B.add(B.mul(B.int(2), d), stats.errSum), rounding));
}
