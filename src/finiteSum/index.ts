/**
 * Finite sums of per-sample functions (f = (1/n) Σ f_i given directly) and `FINITE_SUMS`, their registry: the law
 * suite (./laws.ts, run by ./laws.test.ts) checks every entry, so a new finite sum joins by being added here.
 */
import { example1, example2, example3, type FiniteSumEntry } from './examples.js';

export type { Field } from './field.js';
export type { Component } from './types.js';
export type { FiniteSumEntry, SolutionSet } from './examples.js';
export { finiteSum, componentBalls, backendField, type FiniteSum } from './finiteSum.js';
export { ridgeLorentz, radial, gaussianWell, rationalWell, type RadialProfile } from './components.js';
export { leastSquares, leastSquaresRow } from './leastSquares.js';

/** Every registered finite sum. */
export const FINITE_SUMS = {
  islamovEx1: example1,
  islamovEx2: example2,
  islamovEx3: example3,
} satisfies Record<string, FiniteSumEntry>;

export const FINITE_SUM_ENTRIES: Readonly<Record<string, FiniteSumEntry>> = FINITE_SUMS;
export {
  exactExpectation,
  sgdExactExpectation,
  sgdBallStep,
  plainField,
  treeSize,
  EXPECTATION_CAP,
} from './expectation.js';
export {
  sgdExpectations,
  meanValueStat,
  coordinateStat,
  invSqrtSchedule,
  type FieldStat,
  type SgdExpectationOptions,
  type ExpectationPath,
} from './sgdExpectations.js';
