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
      expect(report.checks.length).toBeGreaterThanOrEqual(solver.embeddedOrder === undefined ? 4 : 8);
    });
  }

  it('the real stability boundary is the root of R(−x) = 1 to within the search grid (RK4 2.78529…, DOPRI5 3.30656…)', () => {
    // Stability polynomials from theory, not from the tableaus: a 4-stage order-4 method has R(z) = Σ_{k≤4} z^k/k!,
    // DOPRI5 has Σ_{k≤5} z^k/k! (order 5) + z⁶/600 (bᵀA⁵𝟙 = 1/600). Their boundaries are the roots x* of R(−x) = 1:
    // 2.78529356340528162… and 3.30656789263494650… (mpmath, 30 digits).
    const fact = [1, 1, 2, 6, 24, 120];
    const cases: [number, number[]][] = [
      [SOLVERS.rk4!.realStability, fact.slice(0, 5).map((f) => 1 / f)],
      [SOLVERS.dopri5!.realStability, [...fact.map((f) => 1 / f), 1 / 600]],
    ];
    for (const [x, c] of cases) {
      const g = (t: number) => c.reduceRight((acc, ck) => acc * -t + ck, 0) - 1;
      // −1 < R(−x) < 1 on (0, 2]; on [2, 4] R(−x) rises past its minimum (at x < 2.03) through 1 once: x* is the first
      // exit
      let [lo, hi] = [2, 4];
      for (let i = 0; i < 60; i++) [lo, hi] = g((lo + hi) / 2) < 0 ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
      // realStabilityBoundary returns the last point of the grid x_j = j·dx (dx = 1e-3, summed in doubles) with |R(−x)|
      // ≤ 1, so x ∈ (x* − dx − δ, x* + δ]; δ = grid summation (≤ N·2^-52, N = x*/dx additions below 4) + the root's
      // uncertainty from evaluating R (coefficients and Horner, ≤ (2·deg + 1)u·Σ c_k x^k) over |R'(−x*)|.
      const deg = c.length - 1;
      const dR = Math.abs(c.slice(1).reduce((acc, ck, k) => acc + (k + 1) * ck * (-lo) ** k, 0));
      const delta =
        (lo / 1e-3) * 2 ** -52 +
        ((2 * deg + 1) * 2 ** -53 * c.reduce((acc, ck, k) => acc + ck * lo ** k, 0)) / dR +
        (hi - lo);
      expect(x).toBeGreaterThan(lo - 1e-3 - delta);
      expect(x).toBeLessThanOrEqual(hi + delta);
    }
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
