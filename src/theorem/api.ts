/**
 * The theorem framework's public surface (re-exported by src/index.ts): what a theorem file needs.
 */
export { defineTheorem } from './define.js';
export { claims, inconclusive, hypothesisViolated, hypothesisViolatedError, type ClaimBuilder } from './claims.js';
export { verifyTheorem } from './verify.js';
export { RERUN_FACTOR, type Sampling } from './statistical.js';
export type { VerifyOptions, TheoremResult, Counterexample } from './verify.js';
export type {
  Budget,
  Claim,
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
} from './types.js';
