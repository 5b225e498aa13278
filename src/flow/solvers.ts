/**
 * The solver objects: an exact tableau plus its declared orders. Orders are declared, then verified by the solver
 * law suite (exact order conditions and measured convergence slopes).
 */
import { exactTableau } from './orderConditions.js';
import { add, mul, ONE, toNumber, ZERO, type Q } from '../numeric/rational.js';
import { DOPRI5, FEHLBERG78, RK4, VERNER65, type Tableau } from './tableaus.js';
import type { OdeSolver } from './types.js';

/** Real stability boundary of an explicit RK method: the first x > 0 with |R(−x)| > 1, where
 * R(z) = 1 + Σ_{k≥1} z^k bᵀA^{k−1}𝟙 is its stability polynomial (degree ≤ s). */
export function realStabilityBoundary(T: Tableau): number {
  const E = exactTableau(T);
  const coef: number[] = [1];
  let v: Q[] = E.c.map(() => ONE); // A^{k−1}𝟙
  for (let k = 1; k <= E.s; k++) {
    coef.push(toNumber(E.b.reduce((acc, bi, i) => add(acc, mul(bi, v[i]!)), ZERO)));
    v = E.a.map((r) => r.reduce((acc, aij, j) => add(acc, mul(aij, v[j]!)), ZERO));
  }
  const R = (z: number): number => coef.reduceRight((acc, ck) => acc * z + ck, 0);
  const dx = 1e-3;
  let x = dx;
  while (x < 4 * E.s && Math.abs(R(-x)) <= 1) x += dx;
  return x - dx;
}

function solver(
  id: string,
  tableau: Tableau,
  order: number,
  embeddedOrder: number | undefined,
  doc: string,
): OdeSolver {
  return {
    id,
    order,
    ...(embeddedOrder !== undefined ? { embeddedOrder } : {}),
    tableau,
    realStability: realStabilityBoundary(tableau),
    doc,
  };
}

/** Dormand–Prince 5(4): 7 stages (6 f-evaluations per step, FSAL), order 5, error estimate of order 4. Dormand &
 * Prince, J. Comput. Appl. Math. 6 (1980) 19–26. The default for f64. */
export const dopri5: OdeSolver = solver('dopri5', DOPRI5, 5, 4, 'Dormand–Prince RK5(4)7M (1980), FSAL');

/** Verner 6(5): 8 stages, order 6, error estimate of order 5. Verner, SIAM J. Numer. Anal. 15 (1978) 772–790. */
export const verner65: OdeSolver = solver('verner65', VERNER65, 6, 5, 'Verner 8-stage RK6(5) (1978)');

/** Fehlberg 7(8) propagating the order-8 solution: 13 stages, error estimate of order 7. Fehlberg, NASA TR R-287
 * (1968). The default for dd and dec (high order pays when tolerances are 1e-30). Its estimate vanishes on pure
 * quadratures y' = f(t) — irrelevant for autonomous gradient flows. */
export const fehlberg78: OdeSolver = solver('fehlberg78', FEHLBERG78, 8, 7, 'Fehlberg RK7(8) (1968), order-8 solution');

/** Classical RK4: 4 stages, order 4, fixed step only (no error estimate). The benchmark's W3 integrator. */
export const rk4: OdeSolver = solver('rk4', RK4, 4, undefined, 'classical Runge–Kutta 4 (Kutta 1901)');
