/**
 * The adaptive driver follows the step-size law documented in controller.ts (PI control, Hairer–Wanner II §IV.2
 * eq. (2.43c), defaults β₁ = 0.7, β₂ = 0.4, safety 0.9, fac ∈ [0.2, 5]; I-control after a rejection, never growing
 * right after one), and its statistics count what actually happened. The attempts are observed from outside: the
 * maxStep hook sees (t, y) at the start of every attempt, and the field sees the stage times t + c_i·h (the last
 * DOPRI5 stage has c = 1, so it is at t + h).
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { constantStep, errorNorm, errorScale, pid } from './controller.js';
import { integrate } from './integrate.js';
import { coeffs, rkStep } from './rk.js';
import { dopri5, rk4 } from './solvers.js';
import type { VectorField } from './types.js';

const B = f64Backend();
type Vec = ReturnType<typeof B.vec>;

// documented defaults (controller.ts), written out so that the test does not read them from the code under test
const BETA1 = 0.7;
const BETA2 = 0.4;
const SAFETY = 0.9;
const FAC_MIN = 0.2;
const FAC_MAX = 5;

interface Attempt {
  t: number;
  y: Vec;
  h: number;
}

/** Runs dopri5 + pid and returns each attempted step (start, state, size) and the number of field calls. */
function observe(field: VectorField<F64>, y0: string[], dt0: string, maxSteps: number) {
  const calls: number[] = [];
  const starts: { t: number; y: Vec; call: number }[] = [];
  const f: VectorField<F64> = (t, y) => {
    calls.push(t);
    return field(t, y);
  };
  const C = pid(B, {
    dt0,
    maxStep: (t, y) => {
      starts.push({ t, y, call: calls.length });
      return undefined;
    },
  });
  // t1 far away: no step is shortened to land, so every attempt is the controller's own proposal
  const sol = integrate(f, dopri5, C, { t1: B.num('1e6'), y0: B.vec(y0), maxSteps });
  const attempts: Attempt[] = starts.map((s, j) => {
    const end = j + 1 < starts.length ? starts[j + 1]!.call : calls.length;
    return { t: s.t, y: s.y, h: Math.max(...calls.slice(s.call, end)) - s.t };
  });
  return { sol, attempts, calls: calls.length };
}

/** The scaled error norm of one DOPRI5 step, from the step itself (rk.ts) and the documented error scale. */
function errNorm(field: VectorField<F64>, a: Attempt): number {
  const tol = 100 * B.eps;
  const C = pid(B, { rtol: tol, atol: tol });
  const out = rkStep(B, coeffs(B, dopri5.tableau), field, a.t, a.y, a.h, field(a.t, a.y));
  return errorNorm(B, out.err!, errorScale(B, C, a.y, out.y1));
}

describe('adaptive step-size law (dopri5, default pid)', () => {
  // y′ = −y (statistics) and the rotation y′ = (y₂, −y₁) (the law: it stays on the unit circle, so the error
  // estimate stays at the tolerance, far above rounding noise, and the re-computed norms are the driver's)
  const decay: VectorField<F64> = (_t, y) => B.scal(-1, y);
  // its speed doubles at t = 0.1: a step across the jump is rejected after PI-controlled steps, and the retry
  // (smooth again) has a far smaller error, where the law forbids growth right after a rejection
  const rotation: VectorField<F64> = (t, y) => B.scal(t < 0.1 ? 1 : 2, B.pack([B.at(y, 1), -B.at(y, 0)]));

  it('each attempt is sized by the I-controller after a rejection and by the PI controller after an acceptance', () => {
    // a first step 10⁵ times too long: a run of rejections, then accepted steps under PI control
    const { sol, attempts } = observe(rotation, ['1', '0'], '1000', 60);
    expect(sol.result).toBe('max_steps');
    expect(attempts.length).toBe(60);
    let capped = 0;
    let errPrev = 1e-4;
    let rejectedLast = false;
    let rejections = 0;
    for (let j = 0; j + 1 < attempts.length; j++) {
      const a = attempts[j]!;
      const next = attempts[j + 1]!;
      const en = errNorm(rotation, a);
      let fac: number;
      if (en > 1) {
        rejections++;
        expect(next.t, `attempt ${j} (err ${en}) is rejected`).toBe(a.t);
        fac = Math.min(Math.max(FAC_MIN, SAFETY * en ** (-1 / 5)), 0.9);
        rejectedLast = true;
      } else {
        expect(next.t, `attempt ${j} (err ${en}) is accepted`).toBeGreaterThan(a.t);
        expect(Math.abs(next.t - (a.t + a.h))).toBeLessThanOrEqual(4 * B.eps * next.t);
        const pi = SAFETY * en ** (-BETA1 / 5) * errPrev ** (BETA2 / 5);
        fac = en === 0 ? FAC_MAX : Math.min(rejectedLast ? 1 : FAC_MAX, Math.max(FAC_MIN, pi));
        if (rejectedLast && pi > 1) capped++;
        errPrev = Math.max(en, 1e-4);
        rejectedLast = false;
      }
      // h is read back as (t + h) − t, off by ≤ ulp(t + h) each; the factor depends on h through err^(−1/5)…, with
      // err ∝ h^p, p ≤ 6 (order-5 estimate; h¹ across the jump), so its relative change is ≤ 6·(readback error)
      const rb = (2 ** -52 * Math.max(a.t + a.h, next.t + next.h)) / Math.min(a.h, next.h);
      expect(Math.abs(next.h / a.h - fac), `step ratio after attempt ${j}`).toBeLessThanOrEqual(fac * 10 * rb + 1e-12);
    }
    // the run contains both regimes: rejections at the floor facMin, then growth limited by the PI law
    expect(rejections).toBeGreaterThanOrEqual(3);
    expect(rejections).toBeLessThan(attempts.length - 10);
    expect(capped, 'an acceptance right after a rejection whose PI factor exceeds 1').toBeGreaterThan(0);
    expect(sol.stats.rejected).toBe(rejections + (errNorm(rotation, attempts[attempts.length - 1]!) > 1 ? 1 : 0));
  });

  it('the statistics count what happened: steps = accepted + rejected, fevals = field calls', () => {
    const { sol, attempts, calls } = observe(decay, ['1', '-2'], '1000', 30);
    expect(sol.stats.steps).toBe(attempts.length);
    expect(sol.stats.accepted + sol.stats.rejected).toBe(sol.stats.steps);
    expect(sol.stats.rejected).toBeGreaterThan(0);
    expect(sol.stats.fevals).toBe(calls);
    // DOPRI5 is FSAL: f(t0, y0) once, then 6 new stages per attempt
    expect(calls).toBe(1 + 6 * attempts.length);
  });

  it('a step with zero error estimate grows by facMax (y′ = 0: every stage is 0, so the estimate is exactly 0)', () => {
    const zero: VectorField<F64> = () => B.vec(['0']);
    const { attempts } = observe(zero, ['1'], '0.001', 6);
    for (let j = 0; j + 1 < attempts.length; j++) {
      expect(attempts[j + 1]!.t).toBeGreaterThan(attempts[j]!.t);
      expect(Math.abs(attempts[j + 1]!.h / attempts[j]!.h - FAC_MAX)).toBeLessThanOrEqual(1e-9);
    }
  });
});

describe('non-finite steps', () => {
  // the field is finite only at t = 0: every attempted step from t = 0 has a non-finite stage
  const onlyAtZero: VectorField<F64> = (t, y) => (t > 0 ? B.vec(['NaN']) : B.scal(-1, y));

  it('adaptive: shrinking by 10× per non-finite attempt until h no longer moves t ends as diverged, not step_too_small', () => {
    const sol = integrate(onlyAtZero, dopri5, pid(B), { t1: B.one, y0: B.vec(['1']) });
    expect(sol.result).toBe('diverged');
    expect(sol.t).toBe(0);
    expect(sol.stats.accepted).toBe(0);
    expect(sol.stats.rejected).toBe(sol.stats.steps);
    // from h ≤ 1e-6 (the starting step when f(t0 + h0) is not finite) down to below the smallest subnormal, 5e-324,
    // at 10× per attempt: about 318 attempts, and far fewer than the step budget
    expect(sol.stats.steps).toBeGreaterThan(300);
    expect(sol.stats.steps).toBeLessThan(340);
  });

  it('constant step: the first non-finite step ends the run; only the finite steps before it count as accepted', () => {
    // finite for t ≤ 0.5; RK4 with h = 1/8 evaluates stages at t + h/2 and t + h, so the step from 0.5 is the first bad
    const nanAfterHalf: VectorField<F64> = (t, y) => (t > 0.5 ? B.vec(['NaN']) : B.scal(-1, y));
    const sol = integrate(nanAfterHalf, rk4, constantStep(B, '0.125'), { t1: B.one, y0: B.vec(['1']) });
    expect(sol.result).toBe('diverged');
    expect(sol.stats.steps).toBe(5);
    expect(sol.stats.accepted).toBe(4);
    expect(sol.t).toBe(0.625);
    expect(Number.isNaN(B.at(sol.y, 0))).toBe(true);
  });
});

describe('error scale and norm (controller.ts)', () => {
  it('scale_i = atol + rtol·max(|y_i|, |y1_i|) and the norm is max_i |e_i|/scale_i', () => {
    const C = pid(B, { rtol: '0.001', atol: '0.5' });
    const y = B.vec(['-3', '0.25', '0', '7']);
    const y1 = B.vec(['2', '-0.5', '0', '-7.5']);
    const sc = B.unpack(errorScale(B, C, y, y1));
    const want = [0.5 + 0.003, 0.5 + 0.0005, 0.5, 0.5 + 0.0075];
    for (const [i, w] of want.entries()) expect(Math.abs(sc[i]! - w)).toBeLessThanOrEqual(4 * B.eps);
    const e = B.vec(['0.1', '-2', '0', '1']);
    expect(errorNorm(B, e, errorScale(B, C, y, y1))).toBeCloseTo(2 / 0.5005, 12);
  });
});
