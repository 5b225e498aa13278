/**
 * Separable mirror potentials Φ(θ) = Σ_j φ(θ_j) over any Backend: the registry (squared, negative entropy,
 * hypentropy, Woodworth's Q_α, p-norm, x² + |x|³, x² + x⁴), scaled versions, interval enclosures, and their
 * `thm simulate` JSON form. The law suite is ./laws.ts (run by ./laws.test.ts).
 */
export type { MirrorPotential, Potential, PotentialBalls, PotentialDomain } from './types.js';
export { squared, negEntropy, pNorm, vpowAbs } from './elementary.js';
export { hypentropy, woodworth, vasinh, vsinh, asinhBall, sinhBall } from './hyperbolic.js';
export { squaredPlusCubic, squaredPlusQuartic } from './polynomial.js';
export { scaled } from './scaled.js';
export { hullOf, increasingOn, gradOn, gradInvOn, curvatureRange, type CurvatureRange } from './enclose.js';
export {
  POTENTIALS,
  POTENTIAL_ENTRIES,
  makePotential,
  potentialSpecArb,
  potentialLabel,
  type PotentialEntry,
  type PotentialName,
  type PotentialParam,
  type PotentialSpec,
} from './registry.js';
export { readPotential } from './json.js';
export {
  bregmanProjection,
  bregmanData,
  certifyMultiplier,
  certifyIterate,
  dualPoint,
  ballAt,
  type BregmanProblem,
  type BregmanData,
  type BregmanResult,
  type BregmanOptions,
  type DualCertificate,
  type IterateCertificate,
} from './bregman.js';
export { mirrorFlow, mirrorFlowField, type MirrorFlowOptions, type MirrorFlowSolution } from './mirrorFlow.js';
