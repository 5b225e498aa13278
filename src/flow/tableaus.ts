/**
 * Butcher tableaus of the explicit Runge–Kutta solvers, as EXACT rational strings. A backend materializes each
 * coefficient as num(p)/num(q) in its own precision, so dd and dec get every coefficient to full precision
 * (no float64 literals anywhere). `laws.ts` checks every tableau against the rooted-tree order conditions in exact
 * rational arithmetic, and measures the order numerically.
 */

/** An explicit RK tableau: c (nodes), a (strictly lower triangular: row i has i entries), b (weights of the
 * propagated solution) and optionally b̂ (weights of the embedded solution used for the error estimate). */
export interface Tableau {
  readonly c: readonly string[];
  readonly a: readonly (readonly string[])[];
  readonly b: readonly string[];
  readonly bHat?: readonly string[];
}

/** Dormand & Prince (1980), RK5(4)7M: 7 stages, FSAL, order 5 propagated (local extrapolation), embedded order 4. */
export const DOPRI5: Tableau = {
  c: ['0', '1/5', '3/10', '4/5', '8/9', '1', '1'],
  a: [
    [],
    ['1/5'],
    ['3/40', '9/40'],
    ['44/45', '-56/15', '32/9'],
    ['19372/6561', '-25360/2187', '64448/6561', '-212/729'],
    ['9017/3168', '-355/33', '46732/5247', '49/176', '-5103/18656'],
    ['35/384', '0', '500/1113', '125/192', '-2187/6784', '11/84'],
  ],
  b: ['35/384', '0', '500/1113', '125/192', '-2187/6784', '11/84', '0'],
  bHat: ['5179/57600', '0', '7571/16695', '393/640', '-92097/339200', '187/2100', '1/40'],
};

// Verner (1978), SIAM J. Numer. Anal. 15(4), 772–790: 8 stages, order 6 propagated, embedded order 5
// (SUNDIALS ARKODE_VERNER_8_5_6). a_ij = n_ij / 18158040000.
const V = (n: string): string => `${n}/18158040000`;
/** Verner's 8-stage 6(5) pair (1978). */
export const VERNER65: Tableau = {
  c: ['0', '1/6', '4/15', '2/3', '5/6', '1', '1/15', '1'],
  a: [
    [],
    [V('3026340000')],
    [V('968428800'), V('3873715200')],
    [V('15131700000'), V('-48421440000'), V('45395100000')],
    [V('-46813696875'), V('166448700000'), V('-120580734375'), V('16077431250')],
    [V('43579296000'), V('-145264320000'), V('119125050000'), V('-5548290000'), V('6266304000')],
    [V('-10002658968'), V('30021292800'), V('-17170029000'), V('-5883204960'), V('4245136128'), '0'],
    [V('36960057000'), V('-126684000000'), V('102559875000'), V('-2494580000'), V('5198688000'), '0', V('2618000000')],
  ],
  b: ['812889', '0', '4226250', '3462305', '1463616', '0', '116875', '756585'].map((n) => `${n}/10838520`),
  bHat: ['2431', '0', '11875', '9350', '4224', '2040', '0', '0'].map((n) => `${n}/29920`),
};

/** Fehlberg (1968), NASA TR R-287, RK7(8): 13 stages, order 8 propagated (local extrapolation), embedded order 7. */
export const FEHLBERG78: Tableau = {
  c: ['0', '2/27', '1/9', '1/6', '5/12', '1/2', '5/6', '1/6', '2/3', '1/3', '1', '0', '1'],
  a: [
    [],
    ['2/27'],
    ['1/36', '1/12'],
    ['1/24', '0', '1/8'],
    ['5/12', '0', '-25/16', '25/16'],
    ['1/20', '0', '0', '1/4', '1/5'],
    ['-25/108', '0', '0', '125/108', '-65/27', '125/54'],
    ['31/300', '0', '0', '0', '61/225', '-2/9', '13/900'],
    ['2', '0', '0', '-53/6', '704/45', '-107/9', '67/90', '3'],
    ['-91/108', '0', '0', '23/108', '-976/135', '311/54', '-19/60', '17/6', '-1/12'],
    ['2383/4100', '0', '0', '-341/164', '4496/1025', '-301/82', '2133/4100', '45/82', '45/164', '18/41'],
    ['3/205', '0', '0', '0', '0', '-6/41', '-3/205', '-3/41', '3/41', '6/41', '0'],
    ['-1777/4100', '0', '0', '-341/164', '4496/1025', '-289/82', '2193/4100', '51/82', '33/164', '12/41', '0', '1'],
  ],
  b: ['0', '0', '0', '0', '0', '34/105', '9/35', '9/35', '9/280', '9/280', '0', '41/840', '41/840'],
  bHat: ['41/840', '0', '0', '0', '0', '34/105', '9/35', '9/35', '9/280', '9/280', '41/840', '0', '0'],
};

/** Classical Runge–Kutta (Kutta 1901): 4 stages, order 4, no error estimate (fixed step only). */
export const RK4: Tableau = {
  c: ['0', '1/2', '1/2', '1'],
  a: [[], ['1/2'], ['0', '1/2'], ['0', '0', '1']],
  b: ['1/6', '1/3', '1/3', '1/6'],
};
