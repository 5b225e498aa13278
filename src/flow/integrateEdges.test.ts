/**
 * The driver's edges, each as the property its documentation states: input errors, the save schedule, step caps
 * (dtMax, dtMin, the maxStep hook), a start at t0 ≠ 0, cost counting for a solver that is not FSAL, and the
 * starting-step heuristic (Hairer–Nørsett–Wanner I §II.4).
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { constantStep, pid } from './controller.js';
import { integrate } from './integrate.js';
import { MAX_SAVES, schedule } from './save.js';
import { dopri5, fehlberg78 } from './solvers.js';
import type { VectorField } from './types.js';

const B = f64Backend();
const decay: VectorField<F64> = (_t, y) => B.scal(-1, y);
const y0 = B.vec(['1']);
const stepsOf = (ts: readonly number[]): number[] => ts.slice(1).map((t, i) => t - ts[i]!);

describe('input errors are named RangeErrors', () => {
  it('pid: rtol and atol ≥ 0, not both 0; constantStep: dt finite and > 0; integrate: t0, t1, maxSteps', () => {
    expect(() => pid(B, { rtol: '-1e-10' })).toThrow(/rtol and atol/);
    expect(() => pid(B, { atol: '-1e-10' })).toThrow(/rtol and atol/);
    expect(() => pid(B, { rtol: '0', atol: '0' })).toThrow(/rtol and atol/);
    // each sign is checked on its own, not only through rtol + atol > 0
    expect(() => pid(B, { rtol: '-1e-10', atol: '1' })).toThrow(/rtol and atol/);
    expect(() => pid(B, { rtol: '1', atol: '-1e-10' })).toThrow(/rtol and atol/);
    expect(pid(B, { rtol: '0', atol: '1e-10' }).atol).toBe(1e-10);
    expect(pid(B, { rtol: '1e-10', atol: '0' }).rtol).toBe(1e-10);
    expect(() => constantStep(B, '0')).toThrow(/dt must be/);
    expect(() => constantStep(B, '-0.5')).toThrow(/dt must be/);
    expect(() => constantStep(B, Infinity)).toThrow(/dt must be/);
    expect(constantStep(B, '0.5').dt).toBe(0.5);
    const C = constantStep(B, '0.5');
    expect(() => integrate(decay, dopri5, C, { t1: B.one, y0, maxSteps: 0 })).toThrow(/maxSteps/);
    expect(() => integrate(decay, dopri5, C, { t1: B.one, y0, maxSteps: 2.5 })).toThrow(/maxSteps/);
    expect(() => integrate(decay, dopri5, C, { t0: NaN, t1: B.one, y0 })).toThrow(/t0 and t1/);
    expect(() => integrate(decay, dopri5, C, { t1: Infinity, y0 })).toThrow(/t0 and t1/);
    expect(integrate(decay, dopri5, C, { t1: B.one, y0, maxSteps: 2 }).result).toBe('ok');
    expect(integrate(decay, dopri5, C, { t1: B.one, y0, maxSteps: 1 }).result).toBe('max_steps');
  });

  it('a non-finite start, or a field that is not finite at the start, ends as diverged before any step', () => {
    const a = integrate(decay, dopri5, pid(B), { t1: B.one, y0: B.vec(['NaN']) });
    expect([a.result, a.stats.steps, a.stats.fevals]).toEqual(['diverged', 0, 0]);
    const b = integrate(() => B.vec(['Infinity']), dopri5, pid(B), { t1: B.one, y0 });
    expect([b.result, b.stats.steps, b.stats.fevals]).toEqual(['diverged', 0, 1]);
  });
});

describe('save schedule (save.ts)', () => {
  it('stops are strictly increasing in (t0, t1] and end at t1; duplicates are merged; t0 is saved when listed', () => {
    const s = schedule(B, { t0: false, t1: false, ts: [0.5, 0, 0.5, 0.25], every: 0.25 }, 0, 1);
    expect(s.saveT0).toBe(true);
    expect(s.stops).toEqual([0.25, 0.5, 0.75, 1]);
    expect(s.save).toEqual([true, true, true, true]);
    const u = schedule(B, { t1: false, ts: [0.5] }, 0, 1);
    expect(u.stops).toEqual([0.5, 1]);
    expect(u.save).toEqual([true, false]);
    expect(schedule(B, {}, 0, 1)).toEqual({ stops: [1], save: [true], saveT0: true });
    expect(schedule(B, { t0: false, t1: false }, 0, 1)).toEqual({ stops: [1], save: [false], saveT0: false });
  });

  it('rejects times outside [t0, t1], non-finite times, every ≤ 0 and more than MAX_SAVES points', () => {
    expect(() => schedule(B, { ts: [1.5] }, 0, 1)).toThrow(/outside/);
    expect(() => schedule(B, { ts: [-0.5] }, 0, 1)).toThrow(/outside/);
    expect(() => schedule(B, { ts: [NaN] }, 0, 1)).toThrow(/finite/);
    // (every = 0 would also hit the MAX_SAVES guard: the message must be the one about every itself)
    expect(() => schedule(B, { every: 0 }, 0, 1)).toThrow(/every: must be > 0/);
    expect(() => schedule(B, { every: -0.25 }, 0, 1)).toThrow(/every: must be > 0/);
    // the interval is closed: t0 and t1 themselves may be listed
    expect(schedule(B, { t1: false, ts: [1, 0] }, 0, 1)).toEqual({ stops: [1], save: [true], saveT0: true });
    expect(() => schedule(B, { every: 1 / (2 * MAX_SAVES) }, 0, 1)).toThrow(/more than/);
    expect(schedule(B, { every: 1 / 1024, t1: false }, 0, 1).stops.length).toBe(1024);
    // exactly MAX_SAVES points are allowed (integers: k·every is exact), one more is refused
    expect(schedule(B, { every: 1, t1: false }, 0, MAX_SAVES).stops.length).toBe(MAX_SAVES);
    expect(() => schedule(B, { every: 1 }, 0, MAX_SAVES + 1)).toThrow(/more than/);
  });

  it('a run with t1: false still integrates to t1 but does not record it', () => {
    const sol = integrate(decay, dopri5, pid(B), { t1: B.one, y0, saveAt: { t1: false, ts: [0.5] } });
    expect(sol.result).toBe('ok');
    expect(sol.t).toBe(1);
    expect(sol.ts).toEqual([0, 0.5]);
  });
});

describe('step caps', () => {
  it('dtMax bounds every step; a maxStep hook caps steps only with a finite positive value', () => {
    // free steps on [0, 1] at the default f64 tolerance grow to ≈ 0.006; a step read back as t_{k+1} − t_k (t ≤ 1)
    // is off by ≤ 2·ulp(1)
    const slack = 4 * B.eps;
    const capped = integrate(decay, dopri5, pid(B, { dtMax: '0.002' }), { t1: B.one, y0, saveAt: { steps: true } });
    expect(Math.max(...stepsOf(capped.ts))).toBeLessThanOrEqual(0.002 + slack);
    const hook = integrate(decay, dopri5, pid(B, { maxStep: () => 0.001 }), { t1: B.one, y0, saveAt: { steps: true } });
    expect(Math.max(...stepsOf(hook.ts))).toBeLessThanOrEqual(0.001 + slack);
    const free = integrate(decay, dopri5, pid(B), { t1: B.one, y0, saveAt: { steps: true } });
    expect(Math.max(...stepsOf(free.ts))).toBeGreaterThan(0.002);
    for (const bad of [Infinity, NaN, 0, -0.01]) {
      const sol = integrate(decay, dopri5, pid(B, { maxStep: () => bad }), { t1: B.one, y0, saveAt: { steps: true } });
      expect(sol.ts, `cap ${bad} is ignored`).toEqual(free.ts);
    }
  });

  it('dtMin: a step the controller wants below dtMin ends the run as step_too_small (not a landing step)', () => {
    // y′ = y² from y(0) = 1 blows up at t = 1: the steps shrink without bound
    const blowUp: VectorField<F64> = (_t, y) => B.vmul(y, y);
    const sol = integrate(blowUp, dopri5, pid(B, { dtMin: '1e-4' }), { t1: B.num('2'), y0, saveAt: { steps: true } });
    expect(sol.result).toBe('step_too_small');
    expect(sol.t).toBeLessThan(1);
    expect(Math.min(...stepsOf(sol.ts))).toBeGreaterThanOrEqual(1e-4);
    // a landing step may be shorter than dtMin: save points 1e-6 apart are reached (rtol = atol = 1e-6: free steps
    // of ≈ 0.1, so only the landing steps are short)
    const land = integrate(decay, dopri5, pid(B, { rtol: '1e-6', atol: '1e-6', dtMin: '0.01' }), {
      t1: B.num('0.500001'),
      y0,
      saveAt: { ts: [0.5] },
    });
    expect(land.result).toBe('ok');
    expect(land.ts).toEqual([0, 0.5, 0.500001]);
  });
});

describe('other starts and solvers', () => {
  it('t0 ≠ 0: y(t1) = e^{−(t1 − t0)}·y0 within the summed local errors', () => {
    const sol = integrate(decay, dopri5, pid(B), { t0: B.num('3'), t1: B.num('4'), y0 });
    expect(sol.result).toBe('ok');
    expect(sol.ts[0]).toBe(3);
    expect(sol.t).toBe(4);
    const err = Math.abs(B.at(sol.y, 0) - Math.exp(-1));
    expect(err).toBeLessThanOrEqual(sol.stats.errSum + 10 * B.eps * sol.stats.accepted);
  });

  it('fehlberg78 (not FSAL): fevals = field calls = 1 + 1 + 12 per attempt + 1 per accepted step', () => {
    let calls = 0;
    const f: VectorField<F64> = (t, y) => {
      calls++;
      return decay(t, y);
    };
    const sol = integrate(f, fehlberg78, pid(B), { t1: B.num('5'), y0 });
    expect(sol.result).toBe('ok');
    expect(sol.stats.fevals).toBe(calls);
    expect(calls).toBe(2 + 12 * sol.stats.steps + sol.stats.accepted);
  });

  it('the first step is the starting-step algorithm of Hairer–Nørsett–Wanner I §II.4 (p = 4, dopri5)', () => {
    // The book's algorithm in the driver's error scale (norm ‖·/scale‖∞, scale = atol + rtol·|y0|):
    // (a) d0 = ‖y0‖, d1 = ‖f0‖; (b) h0 = 0.01·d0/d1, or 1e-6 when d0 or d1 < 1e-5; (c) y1 = y0 + h0·f0;
    // (d) d2 = ‖f(t0 + h0, y1) − f0‖/h0; (e) h1 = (0.01/max(d1, d2))^{1/(p+1)}, or max(1e-6, 1e-3·h0) when
    // max(d1, d2) ≤ 1e-15; (f) h = min(100·h0, h1).
    const tol = 100 * B.eps;
    const bookStep = (field: (y: number) => number, y0: number): { h0: number; h: number } => {
      const scale = tol + tol * Math.abs(y0);
      const f0 = field(y0);
      const d0 = Math.abs(y0) / scale;
      const d1 = Math.abs(f0) / scale;
      const h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
      const d2 = Math.abs(field(y0 + h0 * f0) - f0) / scale / h0;
      const m = Math.max(d1, d2);
      const h1 = m <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / m) ** (1 / 5);
      return { h0, h: Math.min(100 * h0, h1) };
    };
    const cases: [string, (y: number) => number, number][] = [
      ['y′ = −y, y0 = 1', (y) => -y, 1],
      ['y′ = 0, y0 = 0 (no scale at all)', () => 0, 0],
      ['y′ = 0, y0 = 1 (d1 = 0)', () => 0, 1],
      ['y′ = 1, y0 = 1e-20 (d0 < 1e-5)', () => 1, 1e-20],
      ['y′ = 1e-20, y0 = 1 (0 < d1 < 1e-5)', () => 1e-20, 1],
      ['y′ = 1, y0 = 1e-4 (100·h0 < h1)', () => 1, 1e-4],
      ['y′ = y², y0 = 3', (y) => y * y, 3],
    ];
    for (const [name, field, y0v] of cases) {
      const stages: number[] = [];
      const f: VectorField<F64> = (t, y) => {
        stages.push(t);
        return B.pack([field(B.at(y, 0))]);
      };
      integrate(f, dopri5, pid(B), { t1: B.one, y0: B.pack([y0v]), maxSteps: 1 });
      const want = bookStep(field, y0v);
      // calls: f(t0, y0), f(t0 + h0, y1) for d2, then the 6 stages of the first attempt, the last at t0 + h
      expect(stages[1], `${name}: h0`).toBe(want.h0);
      expect(Math.abs(stages[7]! - want.h), `${name}: h = ${stages[7]} vs ${want.h}`).toBeLessThanOrEqual(
        1e-12 * want.h,
      );
    }
  });
});
