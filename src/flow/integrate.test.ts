import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { Backend, Repr } from '../numeric/types.js';
import { constantStep, defaultTolerance, pid } from './controller.js';
import { gradientFlow, gradientFlowController } from './gradientFlow.js';
import { integrate } from './integrate.js';
import { dopri5, fehlberg78, rk4 } from './solvers.js';
import { FLOW_MESSAGES, type VectorField } from './types.js';
import type { Objective } from '../objective/objective.js';

const B = f64Backend();
const decay: VectorField<F64> = (_t, y) => B.scal(-1, y);

describe('integrate: results are values, never exceptions or hangs', () => {
  it('reaches t1 exactly and reports ok with the documented message', () => {
    const sol = integrate(decay, dopri5, pid(B), { t1: B.num('2'), y0: B.vec(['1']) });
    expect(sol.result).toBe('ok');
    expect(sol.message).toBe(FLOW_MESSAGES.ok);
    expect(sol.t).toBe(2);
    // ‖y − e^{-2}‖ ≤ Σ local error estimates (non-expanding flow) + 10·u per step
    const err = Math.abs(B.at(sol.y, 0) - Math.exp(-2));
    expect(err).toBeLessThanOrEqual(sol.stats.errSum + 10 * B.eps * sol.stats.accepted);
  });

  it('stops with max_steps when the step budget is exhausted', () => {
    const sol = integrate(decay, dopri5, constantStep(B, '0.001'), { t1: B.num('10'), y0: B.vec(['1']), maxSteps: 50 });
    expect(sol.result).toBe('max_steps');
    expect(sol.stats.steps).toBe(50);
    expect(sol.message).toMatch(/maxSteps/);
  });

  it('reports step_too_small for a solution that blows up in finite time (y′ = y², y(0) = 1, blow-up at t = 1)', () => {
    const sol = integrate((_t, y) => B.vmul(y, y), dopri5, pid(B), {
      t1: B.num('2'),
      y0: B.vec(['1']),
      divergeAbove: B.num('1e300'),
      saveAt: { steps: true },
    });
    expect(['step_too_small', 'diverged']).toContain(sol.result);
    const ts = sol.ts;
    const ys = (sol.ys as number[][]).map((y) => y[0]!);
    const yEnd = B.at(sol.y, 0);
    // The solution through (t, y) blows up at t + 1/y. A local error e at y_{k+1} moves that pole by e/y_{k+1}², and
    // e ≤ atol + rtol·y_{k+1} (accepted estimate) plus ~10u·y_{k+1} rounding, so |t_end + 1/y_end − 1| ≤ (2tol + 10u)·Σ
    // 1/y_k (y ≥ 1).
    const tol = 100 * B.eps;
    const shift = (2 * tol + 10 * B.eps) * ys.slice(1).reduce((a, y) => a + 1 / y, 0);
    expect(Math.abs(sol.t + 1 / yEnd - 1)).toBeLessThanOrEqual(shift);
    // It stops only when the step no longer moves t (h < ½ulp(t) = 2^-54 below 1). Near the pole the problem is scale
    // invariant (y = 1/τ, τ = 1 − t, error scale ≈ rtol·y), so accepted steps keep h ≥ r·τ, r = the smallest ratio seen
    // once y ≥ 10; hence 1 − t_end ≤ 2^-54/r (×2 for the PI controller's transients).
    let r = Infinity;
    for (let i = 0; i + 1 < ts.length; i++) if (ys[i]! >= 10) r = Math.min(r, (ts[i + 1]! - ts[i]!) / (1 - ts[i]!));
    expect(1 - sol.t).toBeLessThanOrEqual(2 ** -53 / r);
  });

  it('reports diverged when the field returns non-finite values', () => {
    const nanField: VectorField<F64> = (t, y) => (t > 0.5 ? B.vec(['NaN']) : B.scal(-1, y));
    const fixed = integrate(nanField, rk4, constantStep(B, '0.125'), { t1: B.one, y0: B.vec(['1']) });
    expect(fixed.result).toBe('diverged');
    const adaptive = integrate(nanField, dopri5, pid(B), { t1: B.one, y0: B.vec(['1']) });
    expect(['diverged', 'step_too_small']).toContain(adaptive.result);
    expect(adaptive.t).toBeLessThanOrEqual(0.5);
  });

  it('reports diverged when the state exceeds divergeAbove', () => {
    const sol = integrate((_t, y) => y, dopri5, pid(B), {
      t1: B.num('100'),
      y0: B.vec(['1']),
      divergeAbove: B.num('1e6'),
      saveAt: { steps: true },
    });
    expect(sol.result).toBe('diverged');
    // It stops at the first accepted step with y > 1e6, y = e^t: t_end ∈ [ln 1e6 − ε, ln 1e6 + ε + h_last]. ε bounds
    // |ln ŷ − t|: y′ = y keeps relative errors, each step adds ≤ (atol + rtol·y_{k+1})/y_k + 10u ≤ 2tol·e^h + 10u (y ≥
    // 1).
    const ts = sol.ts;
    const hs = ts.slice(1).map((t, i) => t - ts[i]!);
    const eps = sol.stats.accepted * (2 * 100 * B.eps * Math.exp(Math.max(...hs)) + 10 * B.eps);
    expect(sol.t).toBeGreaterThanOrEqual(Math.log(1e6) - eps);
    expect(sol.t - hs[hs.length - 1]!).toBeLessThanOrEqual(Math.log(1e6) + eps);
  });

  it('stops when the stop condition fires, with the state at that step', () => {
    const sol = integrate(decay, dopri5, pid(B), {
      t1: B.num('100'),
      y0: B.vec(['1']),
      stop: (_t, y) => B.at(y, 0) < 0.5,
    });
    expect(sol.result).toBe('stopped');
    expect(B.at(sol.y, 0)).toBeLessThan(0.5);
    expect(sol.t).toBeGreaterThan(Math.log(2));
  });

  it('throws a named input error for an adaptive controller on a solver without an error estimate', () => {
    expect(() => integrate(decay, rk4, pid(B), { t1: B.one, y0: B.vec(['1']) })).toThrow(/rk4.*constantStep/);
    expect(() => integrate(decay, dopri5, pid(B), { t1: B.num('-1'), y0: B.vec(['1']) })).toThrow(/t1/);
  });
});

describe('save policy', () => {
  it('lands exactly on listed times and on every Δt, merged and sorted', () => {
    const sol = integrate(decay, dopri5, pid(B), {
      t1: B.num('1'),
      y0: B.vec(['1']),
      saveAt: { ts: [B.num('0.3'), B.num('0.7')], every: B.num('0.25') },
    });
    expect(sol.ts).toEqual([0, 0.25, 0.3, 0.5, 0.7, 0.75, 1]);
    // Rounding on top of the truncation errors: ≤ ~10 roundings of size u·‖y‖ (‖y‖ ≤ 1) per accepted step, 1 for exp.
    const rounding = (10 * sol.stats.accepted + 1) * B.eps;
    for (const [i, t] of sol.ts.entries()) {
      const y = sol.ys[i] as number[];
      expect(Math.abs(y[0]! - Math.exp(-t))).toBeLessThanOrEqual(sol.stats.errSum + rounding);
    }
  });

  it('records fn(t, y) instead of y, and honours t0/t1 = false', () => {
    const sol = integrate(decay, dopri5, pid(B), {
      t1: B.num('1'),
      y0: B.vec(['1']),
      saveAt: { t0: false, t1: false, ts: [B.num('0.5')], fn: (t, y) => `${t}:${B.at(y, 0) > 0}` },
    });
    expect(sol.ys).toEqual(['0.5:true']);
  });

  it('a constant step of 1/8 takes exactly 8 RK4 steps to t = 1 (the W3 integrator)', () => {
    const sol = integrate(decay, rk4, constantStep(B, '0.125'), {
      t1: B.one,
      y0: B.vec(['1']),
      saveAt: { steps: true },
    });
    expect(sol.stats.accepted).toBe(8);
    expect(sol.ts.length).toBe(9);
    // RK4 on y' = −y: one step multiplies by 1 − h + h²/2 − h³/6 + h⁴/24 exactly
    const h = 0.125;
    // Both sides in float64, |y| ≤ 1: ≤ ~12 roundings per RK4 step (h dyadic, so ·h is exact) over 8 steps, and ~12
    // for the polynomial and its 8th power on the right: 128·u bounds the difference.
    const want = (1 - h + (h * h) / 2 - h ** 3 / 6 + h ** 4 / 24) ** 8;
    expect(Math.abs(B.at(sol.y, 0) - want)).toBeLessThanOrEqual(128 * B.eps);
    // and it is RK4's value, not e^{-1} (they differ by ≈ h⁴·e^{-1}/120 ≈ 7e-7 ≫ 128u)
    expect(Math.abs(B.at(sol.y, 0) - Math.exp(-1))).toBeGreaterThan(1e3 * 128 * B.eps);
  });
});

describe('gradient flow follows a stiff flow instead of skipping it', () => {
  function quadratic<R extends Repr>(Bk: Backend<R>, lam: string[]): Objective<R> {
    const L = Bk.vec(lam);
    const F: Objective<R> = {
      B: Bk,
      dim: lam.length,
      value: (th) => Bk.div(Bk.dot(th, Bk.vmul(L, th)), Bk.int(2)),
      grad: (th) => Bk.vmul(L, th),
      valueAndGrad: (th) => ({ value: F.value(th), grad: F.grad(th) }),
      hvp: (_th, u) => Bk.vmul(L, u),
      hessian: () => Bk.diag(L),
      nSamples: 1,
      subset: () => F,
    };
    return F;
  }

  it('with a loose tolerance every step stays at or below the sharpness cap 0.5·c/λ_max, inside the stability interval (λ = 1000, 1)', () => {
    const F = quadratic(B, ['1000', '1']);
    const sol = integrate(gradientFlow(F), dopri5, gradientFlowController(F, dopri5, { rtol: '1e-4', atol: '1e-4' }), {
      t1: B.num('5'),
      y0: B.vec(['1', '1']),
      saveAt: { steps: true },
    });
    expect(sol.result).toBe('ok');
    const hs = sol.ts.slice(1).map((t, i) => t - sol.ts[i]!);
    // sharpnessCap: h ≤ 0.5·c/ρ̂ (default safety 0.5, c = dopri5.realStability). Power iteration on diag(1000, 1)
    // converges (ratio 10⁻³ per iteration), so ρ̂ is 1000 to within (2n + 19)u of rounding, and c/ρ̂ adds u: (1 + 32u).
    // A grid difference fl(t_{k+1}) − t_k is off the step by ≤ ½ulp(t₁) + ½ulp(h) ≤ ulp(t₁) = 2^-50 (t₁ = 5).
    const hCap = ((0.5 * dopri5.realStability) / 1000) * (1 + 32 * B.eps) + 2 ** -50;
    expect(Math.max(...hs)).toBeLessThanOrEqual(hCap);
    // rounding beyond the truncation errors: ≤ ~10 roundings of size u·‖y‖ (‖y‖ ≤ √2, so 15u) per accepted step, 1 for
    // exp
    const rounding = (15 * sol.stats.accepted + 1) * B.eps;
    expect(Math.abs(B.at(sol.y, 1) - Math.exp(-5))).toBeLessThanOrEqual(sol.stats.errSum + rounding);
    expect(Math.abs(B.at(sol.y, 0))).toBeLessThanOrEqual(sol.stats.errSum + rounding);
  });

  it('dd: default tolerance is 100·u and gradient flow on a quadratic matches e^{−λt} within Σ local errors', () => {
    const D = ddBackend();
    const F = quadratic(D, ['3', '0.5']);
    const tol = defaultTolerance(D);
    expect(D.cmp(tol, D.mul(D.int(100), D.eps))).toBe(0);
    const sol = integrate(gradientFlow(F), fehlberg78, gradientFlowController(F, fehlberg78), {
      t1: D.num('2'),
      y0: D.vec(['1', '-2']),
    });
    expect(sol.result).toBe('ok');
    const exact = D.pack([D.exp(D.num('-6')), D.mul(D.num('-2'), D.exp(D.num('-1')))]);
    const err = D.nrm2(D.vsub(sol.y, exact));
    const bound = D.add(sol.stats.errSum, D.mul(D.mul(D.int(10 * sol.stats.accepted), D.eps), sol.stats.maxNorm));
    expect(D.cmp(err, bound)).toBeLessThanOrEqual(0);
    // informative, not just honest: the flow is contractive (λ > 0), so the global error is at most the sum of the
    // local errors, each ≤ tol·(1 + ‖y‖_∞) per component (‖y‖_∞ ≤ 2, 2 components: factor √2·3 < 5)
    expect(D.cmp(err, D.mul(D.int(5 * sol.stats.accepted), tol))).toBeLessThanOrEqual(0);
  });
});
