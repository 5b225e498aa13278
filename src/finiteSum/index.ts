/**
 * Finite sums of per-sample functions (f = (1/n) Σ f_i given directly) and `FINITE_SUMS`, their registry: the law
 * suite (./laws.ts, run by ./laws.test.ts) checks every entry, so a new finite sum joins by being added here.
 */
import { example1, example2, example3, example6, type FiniteSumEntry } from './examples.js';
import { example4 } from './factorization.js';
import { example5 } from './reluNet.js';
import { leastSquares3 } from './leastSquares.js';

export type { Field } from './field.js';
export type { Component } from './types.js';
export type { FiniteSumEntry, SolutionSet, Smoothness } from './examples.js';
export {
  certifySolutionSet,
  certifyDisk,
  refineInDisk,
  solutionSetOn,
  type SolutionCertificate,
  type MinimizerDisk,
  type RadialTerm,
  type SolutionBalls,
  type CertifiedSolutions,
} from './certify.js';
export { finiteSum, componentBalls, backendField, type FiniteSum } from './finiteSum.js';
export { ridgeLorentz, radial, gaussianWell, rationalWell, type RadialProfile } from './components.js';
export { bilinearResidual, factorizationComponents, EX4_TARGET } from './factorization.js';
export {
  factorizationSolutionsOn,
  factorizationProjectionOn,
  type FactorizationSolutions,
  type FactorizationProjection,
} from './factorizationSolutions.js';
export { reluLogisticSample, reluField, type ReluField } from './reluNet.js';
export {
  certifyReluMinimum,
  EX5_PROBLEM,
  type ReluCertificate,
  type ReluProblem,
  type DirectionBox,
} from './reluSolutions.js';
export { isolateReluMinimizers, reluProjection, type ReluMinimizers } from './reluMinimizers.js';
export { affineSquare, leastSquares, leastSquaresRow } from './leastSquares.js';

/** Every registered finite sum. */
export const FINITE_SUMS = {
  islamovEx1: example1,
  islamovEx2: example2,
  islamovEx3: example3,
  islamovEx4: example4,
  islamovEx5: example5,
  islamovEx6: example6,
  leastSquares3,
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
