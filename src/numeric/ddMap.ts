/**
 * The dd elementary functions as map kernels over interleaved (hi, lo) arrays (`ddMapInto`, no allocation per
 * element) and as scalar functions returning one DDScalar each; both read the low word from a buffer private to
 * this module.
 */
import type { DDScalar } from './ddArith.js';
import { expHL, expm1HL } from './ddExp.js';
import { log1pHL, logHL } from './ddLog.js';
import { sigmoidHL, softplusHL } from './ddActivations.js';

/** The low word of the last …HL call made here (see ddExp.ts). */
const LOB = new Float64Array(1);

/** The elementwise maps with allocation-free kernels here (the `map` kernel of dd.ts loops over these). */
export type FastMapOp = 'exp' | 'expm1' | 'log' | 'log1p' | 'softplus' | 'sigmoid';

/** z[i] = op(x[i]) for interleaved (hi, lo) arrays of equal length: no allocation per element. */
export function ddMapInto(op: FastMapOp, x: readonly number[], z: number[]): void {
  const n2 = x.length;
  switch (op) {
    case 'exp':
      for (let i = 0; i < n2; i += 2) {
        z[i] = expHL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
    case 'expm1':
      for (let i = 0; i < n2; i += 2) {
        z[i] = expm1HL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
    case 'log':
      for (let i = 0; i < n2; i += 2) {
        z[i] = logHL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
    case 'log1p':
      for (let i = 0; i < n2; i += 2) {
        z[i] = log1pHL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
    case 'softplus':
      for (let i = 0; i < n2; i += 2) {
        z[i] = softplusHL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
    case 'sigmoid':
      for (let i = 0; i < n2; i += 2) {
        z[i] = sigmoidHL(x[i]!, x[i + 1]!, LOB);
        z[i + 1] = LOB[0]!;
      }
      return;
  }
}

// ---- scalar wrappers (one object per result) -----------------------------------------------------------------------

/**
 * e^a. Relative error ≲ 2u² ≈ 1.6e-32 (≤ 1e-30 tested) for e^a ≥ 2^-969 (a ≥ −671); below, the result is
 * subnormal-limited (absolute error ≤ 2^-1074). Overflow → Infinity, a = −∞ → 0.
 */
export function exp(a: DDScalar): DDScalar {
  const h = expHL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}

/** e^a − 1, relatively accurate near 0. */
export function expm1(a: DDScalar): DDScalar {
  const h = expm1HL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}

/** log(1 + a), relatively accurate near 0 (see `log1pHL`). */
export function log1p(a: DDScalar): DDScalar {
  const h = log1pHL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}

/** Natural log (see `logHL`). log 0 = −Infinity, log of a negative number = NaN. */
export function log(a: DDScalar): DDScalar {
  const h = logHL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}

// ---- activations ---------------------------------------------------------------------------------------------------

/** log(1 + e^x) = max(x, 0) + log1p(e^{−|x|}): no overflow for large x, no cancellation for very negative x. */
export function softplus(a: DDScalar): DDScalar {
  const h = softplusHL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}

/** 1/(1 + e^{−x}) (one reciprocal; e^{−x} ≤ e^600), e^x/(1 + e^x) below x = −600: no overflow (see `sigmoidHL`). */
export function sigmoid(a: DDScalar): DDScalar {
  const h = sigmoidHL(a.hi, a.lo, LOB);
  return { hi: h, lo: LOB[0]! };
}
