/**
 * Exact moments of linear-Gaussian dynamics (SGD and SGD with momentum on quadratics with Gaussian gradient noise),
 * closed-form Gaussian expectations of test functions, the 1-D stationary closed forms, and the SVAG transform.
 */
export {
  sgdSystem,
  sgdmSystem,
  noiseOverLr,
  pointMass,
  stepMoments,
  marginal,
  propagate,
  showMoments,
  type LinearGaussianSystem,
  type Moments,
  type MomentPoint,
  type QuadraticNoise,
} from './linearGaussian.js';
export { expectQuadratic, expectCos, expectExp, projected } from './expectations.js';
export { cosSin } from './trig.js';
export { sgdStationaryVariance, sgdmStationaryCovariance, type SgdmStationary } from './stationary.js';
export { svagCoefficients, svagNoiseFactor, svagProblem } from './svag.js';
export {
  leastSquaresSgd,
  leastSquaresSgdm,
  pointMassSecond,
  stepSecond,
  covarianceOf,
  propagateSecond,
  type RandomAffineSystem,
  type SecondMoments,
} from './randomAffine.js';
export { eigenPointMass, eigenStep, eigenPropagate, type EigenSgdm, type EigenMoments } from './eigenBlocks.js';
