/**
 * What a step costs: Dormand–Prince 5(4) is FSAL (c_7 = 1, a_7j = b_j, b_7 = 0: its last stage is f(t + h, y1), the
 * next step's first stage), so a step costs 6 new field evaluations; RK4, Verner 6(5) and Fehlberg 7(8) are not, so
 * a step costs all their s stages (s − 1 inside the step, and f at the new point). Counted by `integrate` with a
 * constant step on y′ = −y: fevals = 1 (f(t0, y0)) + steps·(cost per step), and checked against the field's own calls.
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { constantStep } from './controller.js';
import { integrate } from './integrate.js';
import { coeffs } from './rk.js';
import { dopri5, fehlberg78, rk4, verner65 } from './solvers.js';
import type { Tableau } from './tableaus.js';
import type { OdeSolver, VectorField } from './types.js';

const B = f64Backend();

describe('field evaluations per step', () => {
  const cases: [OdeSolver, boolean, number][] = [
    [dopri5, true, 6],
    [rk4, false, 4],
    [verner65, false, 8],
    [fehlberg78, false, 13],
  ];
  for (const [solver, fsal, perStep] of cases) {
    it(`${solver.id}: ${fsal ? 'FSAL' : 'not FSAL'}, ${perStep} per step`, () => {
      expect(coeffs(B, solver.tableau).fsal).toBe(fsal);
      let calls = 0;
      const decay: VectorField<F64> = (_t, y) => {
        calls++;
        return B.scal(-1, y);
      };
      const sol = integrate(decay, solver, constantStep(B, '0.125'), { t1: B.one, y0: B.vec(['1']) });
      expect(sol.stats.steps).toBe(8);
      expect(sol.stats.fevals).toBe(1 + 8 * perStep);
      expect(calls).toBe(sol.stats.fevals);
      // the FSAL shortcut changes the cost only: y(1) = e^{-1} to the method's accuracy at h = 1/8
      expect(Math.abs(B.toNumber(B.at(sol.y, 0)) - Math.exp(-1))).toBeLessThanOrEqual(1e-5);
    });
  }
});

describe('FSAL is recognized exactly: c_s = 1, a_sj = b_j for j < s, b_s = 0 — each condition on its own', () => {
  // small made-up tableaus (coefficients, not methods): one FSAL, and each condition broken alone
  const fsal: Tableau = { c: ['0', '1/2', '1'], a: [[], ['1/2'], ['1/4', '3/4']], b: ['1/4', '3/4', '0'] };
  const cases: [string, Tableau, boolean][] = [
    ['all three hold', fsal, true],
    // a_s differs from b in one entry whose numerator matches (3/2 vs 3/4), another entry equal
    ['a_s ≠ b', { ...fsal, a: [[], ['1/2'], ['1/4', '3/2']] }, false],
    // a_s differs from b in numerators only (1/4 vs 3/4): equal denominators do not make equal entries
    ['a_s ≠ b, same denominators', { ...fsal, a: [[], ['1/2'], ['1/4', '1/4']] }, false],
    // c_s = 1/2: numerator 1, not 1
    ['c_s = 1/2', { ...fsal, c: ['0', '1/2', '1/2'] }, false],
    // c_s = 2: denominator 1, not 1
    ['c_s = 2', { ...fsal, c: ['0', '1/2', '2'] }, false],
    ['b_s ≠ 0', { ...fsal, b: ['1/4', '3/4', '1/8'] }, false],
  ];
  for (const [name, T, want] of cases) {
    it(name, () => {
      expect(coeffs(B, T).fsal).toBe(want);
    });
  }
});
