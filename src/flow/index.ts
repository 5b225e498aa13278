/**
 * Gradient flow and ODE integration: public surface of src/flow/.
 */
import { dopri5, fehlberg78, rk4, verner65 } from './solvers.js';
import type { OdeSolver } from './types.js';

/** Every solver; the solver law suite (laws.ts) runs on each entry automatically. Add a new solver here. */
export const SOLVERS: Readonly<Record<string, OdeSolver>> = { dopri5, verner65, fehlberg78, rk4 };

export type {
  VectorField,
  OdeSolver,
  StepController,
  AdaptiveController,
  ConstantController,
  MaxStepHook,
  SaveAt,
  Solution,
  FlowResult,
  IntegrateOptions,
} from './types.js';
export { FLOW_MESSAGES } from './types.js';
export type { Tableau } from './tableaus.js';
export { dopri5, verner65, fehlberg78, rk4, realStabilityBoundary } from './solvers.js';
export { pid, constantStep, defaultTolerance, type PidOptions } from './controller.js';
export { integrate, DEFAULT_MAX_STEPS } from './integrate.js';
export {
  carrySigns,
  eventSigns,
  firedComponents,
  locateEvent,
  type EventSpec,
  type EventHit,
  type SubStep,
} from './events.js';
export {
  gaussLegendre,
  gaussStep,
  gaussQuadraticDrift,
  stagePoints,
  type GaussCoeffs,
  type ImplicitStepOut,
  type BallForm,
} from './gauss.js';
export {
  gradientFlow,
  gradientFlowController,
  sharpnessCap,
  powerSharpness,
  defaultSolverId,
  type SharpnessCapOptions,
  type GradientFlowControllerOptions,
} from './gradientFlow.js';
export { gfLimit, GF_LIMIT_MESSAGES, type GfLimit, type GfLimitOptions, type GfLimitResult } from './gfLimit.js';
export { linear2Limit, scalarNetLimit, type Linear2Limit, type ScalarNetLimit } from './oracles.js';
export { solverLaws, type SolverLawReport } from './laws.js';
