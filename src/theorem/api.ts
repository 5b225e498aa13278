/**
 * The theorem framework's public surface (re-exported by src/index.ts): what a theorem file needs.
 */
export { defineTheorem } from './define.js';
export { claims, inconclusive, hypothesisViolated, hypothesisViolatedError } from './claims.js';
export { verifyTheorem } from './verify.js';
export type { VerifyOptions, TheoremResult, Counterexample } from './verify.js';
export type {
  Budget, Claim, Evidence, ProfileArbitrary, ProfileName, Ref, Rel, Theorem, TheoremDef, TheoremKind, TheoremStatus, Verdict,
} from './types.js';
