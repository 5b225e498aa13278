/**
 * The step loop of integrate.ts on y′ = −y and y′ = y, through what a run exposes (ts with saveAt.steps, stats):
 * the first accepted step may grow, a step equal to dtMin is allowed, a start whose step does not move t is
 * step_too_small (not diverged: nothing was non-finite), the step after a landing on a save time resumes from the
 * longer proposal (up to 5× the landing step's own), saveAt.steps records every accepted step, and maxNorm is the
 * largest ‖y‖ on the path.
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { pid } from './controller.js';
import { integrate } from './integrate.js';
import { dopri5 } from './solvers.js';
import type { VectorField } from './types.js';

const B = f64Backend();
const decay: VectorField<F64> = (_t, y) => B.scal(-1, y);
const growth: VectorField<F64> = (_t, y) => y;
const y0 = B.vec(['1']);
const steps = (ts: readonly number[]): number[] => ts.slice(1).map((t, i) => t - ts[i]!);

describe('integrate: the step loop', () => {
  it('saveAt.steps records t0 and every accepted step, strictly increasing, ending at t1', () => {
    const sol = integrate(decay, dopri5, pid(B, { rtol: '1e-8', atol: '1e-8' }), {
      t1: B.one,
      y0,
      saveAt: { steps: true },
    });
    const ts = sol.ts;
    expect(sol.stats.accepted).toBeGreaterThan(3);
    expect(ts.length).toBe(sol.stats.accepted + 1);
    expect(ts[0]).toBe(0);
    expect(ts.at(-1)).toBe(1);
    steps(ts).forEach((h) => expect(h).toBeGreaterThan(0));
    // a step that lands on an unsaved stop (t1: false, and a listed time saved only as a step) is still a step
    const unsaved = integrate(decay, dopri5, pid(B, { rtol: '1e-8', atol: '1e-8' }), {
      t1: B.one,
      y0,
      saveAt: { steps: true, t1: false },
    });
    expect(unsaved.ts.length).toBe(unsaved.stats.accepted + 1);
    expect(unsaved.ts.at(-1)).toBe(1);
  });

  it('the first accepted step can grow the next one: nothing was rejected before it', () => {
    // dt0 = 1e-3 on y′ = −y at rtol 1e-6: the local error ~ h⁶/720 ≈ 1e-21 is far below tolerance, so the PI factor
    // is clamped at facMax = 5 (an I-controller after a rejection would allow at most 1)
    const sol = integrate(decay, dopri5, pid(B, { rtol: '1e-6', atol: '1e-6', dt0: '1e-3' }), {
      t1: B.one,
      y0,
      saveAt: { steps: true },
    });
    const h = steps(sol.ts);
    expect(sol.stats.rejected).toBe(0);
    expect(h[0]).toBe(1e-3);
    expect(Math.abs(h[1]! - 5e-3)).toBeLessThanOrEqual(1e-15);
  });

  it('a step equal to dtMin is taken; a step that does not move t ends as step_too_small, not diverged', () => {
    const ok = integrate(decay, dopri5, pid(B, { rtol: '1e-3', atol: '1e-3', dt0: '0.25', dtMin: '0.25' }), {
      t1: B.one,
      y0,
    });
    expect(ok.result).toBe('ok');
    expect(ok.stats.accepted).toBeGreaterThanOrEqual(1);
    // t0 = 1 and h = 1e-20: 1 + 1e-20 = 1 in f64
    const stuck = integrate(decay, dopri5, pid(B, { dt0: '1e-20' }), { t0: B.one, t1: B.int(2), y0 });
    expect(stuck.result).toBe('step_too_small');
    expect(stuck.stats.steps).toBe(0);
  });

  it('after landing on a save time the next step is max(p, min(h, 5p)): p the landing step’s own proposal', () => {
    const C = { rtol: '1e-6', atol: '1e-6' };
    const free = integrate(decay, dopri5, pid(B, C), { t1: B.one, y0, saveAt: { steps: true } });
    const ts = free.ts;
    // a save time 1e-6 after the 4th accepted time: the run is the same up to there, then one step of ~1e-6 lands
    const tk = ts[4]!;
    const hBefore = ts[5]! - tk;
    const land = integrate(decay, dopri5, pid(B, C), { t1: B.one, y0, saveAt: { steps: true, ts: [tk + 1e-6] } });
    const lt = land.ts;
    const i = lt.indexOf(tk);
    expect(i).toBe(4);
    const hLand = lt[i + 1]! - tk;
    // the landing step's error is ~1e-36 ≪ tolerance: its proposal is p = 5·hLand (facMax), and h ≫ 5p
    expect(hBefore).toBeGreaterThan(25 * hLand);
    const next = lt[i + 2]! - lt[i + 1]!;
    expect(Math.abs(next - 25 * hLand)).toBeLessThanOrEqual(1e-9 * next);
  });

  it('maxNorm is the largest ‖y‖ on the path: ‖y0‖ for a decay, ‖y(t1)‖ for a growth', () => {
    const C = pid(B, { rtol: '1e-10', atol: '1e-10' });
    expect(integrate(decay, dopri5, C, { t1: B.one, y0 }).stats.maxNorm).toBe(1);
    const g = integrate(growth, dopri5, C, { t1: B.one, y0 });
    expect(g.stats.maxNorm).toBe(B.toNumber(B.nrm2(g.y)));
    expect(Math.abs(g.stats.maxNorm - Math.E)).toBeLessThanOrEqual(1e-8);
  });

  it('t1 = t0: an empty interval, no step, y = y0, result ok, the point saved once', () => {
    const sol = integrate(decay, dopri5, pid(B), { t0: B.one, t1: B.one, y0 });
    expect(sol.result).toBe('ok');
    expect(sol.stats.steps).toBe(0);
    expect(B.unpack(sol.y)).toEqual([1]);
    expect(sol.ts.map((t) => B.toNumber(t))).toEqual([1]);
    const onlyT1 = integrate(decay, dopri5, pid(B), { t0: B.one, t1: B.one, y0, saveAt: { t0: false } });
    expect(onlyT1.result).toBe('ok');
    expect(onlyT1.ts.map((t) => B.toNumber(t))).toEqual([1]);
  });
});
