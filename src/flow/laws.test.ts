import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import { SOLVERS } from './index.js';
import { exactOrderLaws, solverLaws } from './laws.js';
import { DOPRI5 } from './tableaus.js';
import type { OdeSolver } from './types.js';

// dec:60 so that rounding (1e-60) is far below the truncation errors whose slopes are fitted.
const B = decBackend(60);

describe('solver laws (every solver in SOLVERS)', () => {
  for (const solver of Object.values(SOLVERS)) {
    it(`${solver.id}: declared orders are the exact and the measured orders on dec:60`, () => {
      const report = solverLaws(solver, B);
      const bad = report.checks.filter((c) => !c.ok);
      expect(bad.map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
      expect(report.checks.length).toBeGreaterThanOrEqual(solver.embeddedOrder === undefined ? 3 : 7);
    });
  }

  it('a real stability boundary is computed for every solver (RK4 ≈ 2.785, DOPRI5 ≈ 3.306)', () => {
    expect(SOLVERS.rk4!.realStability).toBeCloseTo(2.785, 2);
    expect(SOLVERS.dopri5!.realStability).toBeCloseTo(3.306, 2);
    for (const s of Object.values(SOLVERS)) expect(s.realStability).toBeGreaterThan(2);
  });
});

describe('negative control: the laws catch a wrong coefficient', () => {
  // DOPRI5 with one digit of a65 changed (−5103/18656 → −5104/18656): a typo as it would happen when copying.
  const a = DOPRI5.a.map((r) => [...r]);
  a[5]![4] = '-5104/18656';
  const wrong: OdeSolver = { ...SOLVERS.dopri5!, id: 'dopri5-typo', tableau: { ...DOPRI5, a } };

  it('the exact order-condition check rejects a one-digit typo', () => {
    expect(exactOrderLaws(wrong).every((c) => c.ok)).toBe(false);
  });

  it('the measured global order drops for a one-digit typo', () => {
    const report = solverLaws(wrong, f64Backend());
    const global = report.checks.filter((c) => c.name.startsWith('global error'));
    expect(global.some((c) => !c.ok)).toBe(true);
  });
});
