/**
 * theoremcheck's public surface: what a user's theorem file imports (and nothing under src/ beyond this file).
 */
// numeric core: the Backend contract, backends, exact I/O
export * from './numeric/index.js';
export { vecOf, matOf, type ScalarInput } from './numeric/build.js';
// exact instances: arbitraries that hold hypotheses by construction, materialize, canonical JSON
export * as spec from './instances/index.js';
export { materialize, canonicalJson, specHash } from './instances/index.js';
export type {
  SpectrumSpec,
  SpectralQuadraticSpec,
  Linear2InitSpec,
  ScalarNetInitSpec,
  DeepLinearInitSpec,
  SeparableDataSpec,
  SpecArbitraryEntry,
} from './instances/index.js';
// linear algebra with error bounds
export * from './linalg/index.js';
// models, losses, objectives
export * from './models/index.js';
export * from './losses/index.js';
export {
  objective,
  isDataObjective,
  type Objective,
  type DataObjective,
  type Data,
  type Reduction,
  type ObjectiveOptions,
} from './objective/objective.js';
export {
  CAPABILITIES,
  hasCapability,
  missingCapabilities,
  requireCapabilities,
  samplesOf,
  type Capability,
  type ObjectiveWith,
} from './objective/capabilities.js';
export type { ErrorModel, ErrorModelOptions } from './objective/errorModel.js';
export { fieldObjective, scalarField, ballField, type Field, type FieldObjectiveSpec } from './objective/field.js';
export {
  quadratic,
  quadraticFromSpec,
  type QuadraticObjective,
  type QuadraticOptions,
  type QuadraticSpec,
} from './objective/quadratic.js';
// finite sums of per-sample functions (f = (1/n) Σ f_i given directly), their registry, exact expectations over paths
export {
  FINITE_SUMS,
  FINITE_SUM_ENTRIES,
  finiteSum,
  componentBalls,
  backendField,
  ridgeLorentz,
  radial,
  gaussianWell,
  rationalWell,
  affineSquare,
  exactExpectation,
  sgdExactExpectation,
  sgdBallStep,
  plainField,
  treeSize,
  EXPECTATION_CAP,
  sgdExpectations,
  leastSquares,
  leastSquaresRow,
  meanValueStat,
  coordinateStat,
  invSqrtSchedule,
  type FieldStat,
  type SgdExpectationOptions,
  type ExpectationPath,
  type FiniteSum,
  type FiniteSumEntry,
  type SolutionSet,
  type Component,
  type Field as ComponentField,
  type RadialProfile,
} from './finiteSum/index.js';
// certified solution sets S = argmin f of the 2-D finite sums (Examples 2, 3, 6) and their smoothness constants
export {
  certifySolutionSet,
  certifyDisk,
  refineInDisk,
  solutionSetOn,
  type SolutionCertificate,
  type MinimizerDisk,
  type SolutionBalls,
  type Smoothness,
} from './finiteSum/index.js';
// discrete dynamics: steppers and the one driver
export * from './dynamics/index.js';
// exact moments of linear-Gaussian dynamics (SGD, SGDM on quadratics with Gaussian noise), Gaussian expectations, SVAG
export * from './moments/index.js';
// separable mirror potentials (registry, scaled versions, enclosures) and the Bregman projection oracle
export * from './potentials/index.js';
// gradient flow: vector field + solver + step controller + save policy, one driver
export {
  SOLVERS,
  dopri5,
  verner65,
  fehlberg78,
  rk4,
  integrate,
  pid,
  constantStep,
  defaultTolerance,
  FLOW_MESSAGES,
  gradientFlow,
  gradientFlowController,
  sharpnessCap,
  powerSharpness,
  gfLimit,
  GF_LIMIT_MESSAGES,
  linear2Limit,
  scalarNetLimit,
  solverLaws,
  carrySigns,
  eventSigns,
  firedComponents,
  locateEvent,
  gaussLegendre,
  gaussStep,
  gaussQuadraticDrift,
  stagePoints,
} from './flow/index.js';
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
  EventSpec,
  EventHit,
  SubStep,
  GaussCoeffs,
  ImplicitStepOut,
  BallForm,
  Tableau,
  GfLimit,
  GfLimitOptions,
  GfLimitResult,
  Linear2Limit,
  ScalarNetLimit,
} from './flow/index.js';
// the theorem framework: what a theorem file is made of
export {
  defineTheorem,
  claims,
  inconclusive,
  hypothesisViolated,
  hypothesisViolatedError,
  verifyTheorem,
  RERUN_FACTOR,
} from './theorem/api.js';
export type { Sampling } from './theorem/api.js';
export type {
  Budget,
  Claim,
  ClaimBuilder,
  Evidence,
  Opaque,
  ProfileArbitrary,
  ProfileName,
  Ref,
  Rel,
  Theorem,
  TheoremDef,
  TheoremKind,
  TheoremStatus,
  Verdict,
  VerifyOptions,
  TheoremResult,
  Counterexample,
} from './theorem/api.js';
// simulation of one spec (the `thm simulate` contract)
export { simulate, simulateAny, formatTable, type SimulationJson, type PointJson } from './simulate/simulate.js';
export { parseMomentsSpec, simulateMoments, type MomentsSpec, type MomentsJson } from './simulate/moments.js';
export { parseSimSpec, type SimSpec } from './simulate/spec.js';
// ball arithmetic: values with rigorous error bars (midpoint ± radius) over any backend
export {
  ballArith,
  isBall,
  BallDomainError,
  TRANSCENDENTAL_ULPS,
  type Ball,
  type BallArith,
  type VecBall,
  type MatBall,
} from './ball/index.js';
// diagnostics: value ± error bar (each output is a Ball)
export {
  DIAGNOSTICS,
  DIAGNOSTIC_NAMES,
  diagnosticByName,
  applicableDiagnostics,
  diagnosticHooks,
  diagnosticToJson,
  isMeasured,
  valueWithError,
  gradWithError,
  hessianWithError,
  defaultMajorant,
  softRanks,
  type SoftRanks,
  type Diagnostic,
  type DiagnosticContext,
  type DiagnosticValue,
  type DiagnosticJson,
  type DiagnosticName,
  type HookOptions,
  type TypedDiagnostic,
} from './diagnostics/index.js';
// certified hard-margin SVM oracle (Soudry et al. 2018's ŵ)
export {
  hardMarginSvm,
  absorbLabels,
  type SvmResult,
  type SvmSolution,
  type SvmNotSeparable,
  type SvmDegenerate,
  type SvmCertificate,
  type HardMarginOptions,
} from './svm/hardMargin.js';
export { activeSetQP, type ActiveSetResult } from './svm/activeSet.js';
// Taylor-mode differentiation: jets over any backend, c_j of L(θ − ηΔ) with bars
export {
  taylor,
  taylorMid,
  lossSeries,
  lossOfParams,
  lossAtBall,
  preactivationPolys,
  certifyNoSignChange,
  certifySignChange,
  etaStar,
  jetOps,
  jetMid,
  ballAlgebra,
  plainAlgebra,
  JetDomainError,
  JET_MODELS,
  JET_LOSSES,
  jetModel,
  jetLoss,
  reluMlpJet,
  type Jet,
  type JetOps,
  type JetAlgebra,
  type JetBall,
  type JetFn,
  type JetActivation,
  type JetNet,
  type JetLoss,
  type TaylorProblem,
  type JetOptions,
  type BallPoly,
} from './jet/index.js';
// fast-check, re-exported so a theorem file outside this repository needs only this entry point
export { default as fc } from 'fast-check';
