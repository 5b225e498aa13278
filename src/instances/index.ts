/**
 * The `spec` namespace: exact instances (plain JSON with decimal-string numbers), their arbitraries (satisfying
 * hypotheses by construction), `materialize`, canonical JSON / hashes and the spec law suite.
 */
import fc from 'fast-check';

export { canonicalJson, specHash } from './canonical.js';
export { materialize, materializeDeep, type Materialized, type MaterializeOptions } from './materialize.js';
export {
  dyadic,
  decimalNum,
  openUnit,
  unitInterval,
  logUniform,
  nonzeroDyadic,
  seed,
  exactDiv,
  type DyadicConstraints,
  type DecimalConstraints,
  type IntervalConstraints,
  type LogUniformConstraints,
  type NonzeroConstraints,
} from './numbers.js';
export { vector, unitVector, vectorWithNorm, type Dim, type VectorWithNorm } from './vectors.js';
export {
  orthogonal,
  withSpectrum,
  spectralQuadratic,
  type SpectrumSpec,
  type SpectralQuadraticSpec,
} from './matrices.js';
export {
  linear2Init,
  balancedInit,
  scalarNetInit,
  deepLinearInit,
  balancedDeepLinearInit,
  type Linear2InitSpec,
  type ScalarNetInitSpec,
  type DeepLinearInitSpec,
  type BalancedDeepLinearSpec,
} from './inits.js';
export { separableData, type SeparableDataSpec } from './data.js';
export { plantedSvmData, type PlantedSvmSpec, type PlantedSvmConstraints } from './separable.js';
export { specLaws, assertExactJson, complexity, type SpecArbitraryEntry, type Law } from './laws.js';
export { SPEC_ARBITRARIES } from './registry.js';
export { maxNum, minNum, normNum } from '../numeric/rational.js';
/**
 * Exact BigInt rationals (`spec.rational.parseNum`, `add`, `mul`, `cmp`, `toPlainNum`, …): decide hypotheses exactly.
 */
export * as rational from '../numeric/rational.js';

/** fc.record, re-exported so theorem files can write `spec.record({ ... })`. */
export const record = fc.record;
