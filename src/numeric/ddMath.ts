/**
 * The dd scalar library, one import for the dd backend and its tests: error-free transforms and the basic operations
 * (ddArith.ts), e^x and e^x − 1 (ddExp.ts), log and log1p (ddLog.ts), softplus and σ (ddActivations.ts), and the
 * map kernels and object-returning wrappers of those (ddMap.ts). The allocation-free …HL routines return the high word
 * and write the low word to a buffer the caller owns (ddExp.ts says why).
 */
export {
  type DDScalar,
  dd,
  SPLITTER,
  DD_ZERO,
  DD_ONE,
  exponentOf,
  ldexp,
  add,
  neg,
  sub,
  mul,
  mulSlow,
  div,
  divSlow,
  abs,
  sqr,
  recip,
  cmp,
  isFiniteDD,
  powi,
  sqrt,
  twoProd,
  addHL,
  divHL,
} from './ddArith.js';
export { LN2_DIGITS, LN2, kLn2, expHL, expm1HL } from './ddExp.js';
export { logHL, log1pHL } from './ddLog.js';
export { softplusHL, sigmoidHL } from './ddActivations.js';
export { type FastMapOp, ddMapInto, exp, expm1, log, log1p, softplus, sigmoid } from './ddMap.js';
