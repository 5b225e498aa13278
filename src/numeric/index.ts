/**
 * The numeric barrel: the Backend contract, exact I/O helpers, every backend, and the registry by id.
 *
 * Backend discovery. Every export of this module whose name ends in `Backend` and which is a function of no
 * arguments is a backend factory (`f64Backend()`, `ddBackend()`); `backendFactories()` lists them and
 * backends.test.ts runs the backend law suite on each. So a new backend module `foo.ts` exporting `fooBackend()`
 * joins every law test with ONE line here:
 *
 *     export { fooBackend } from './foo.js';
 *
 * Factories taking parameters (`decBackend(p)`) are skipped; the law test adds their instances explicitly.
 * (The law suite itself lives in laws.ts and is not exported here: it imports vitest.)
 */
import * as numeric from './index.js'; // this module's own namespace, read lazily by backendFactories()
import type { AnyBackend } from './types.js';

export type { Backend, AnyBackend, Num, Repr, S, V, M, MapOp, ScalarFn, Measured } from './types.js';
export { MAP_OPS } from './types.js';
export { checkNum, isNum, exactDecimal } from './exact.js';
export { LOGISTIC_GD_DRIFT_STEPS } from './ddLogisticGd.js';

// ---- backends: one export line each
// ----------------------------------------------------------------------------------
export { f64Backend, type F64, type F64Mat } from './f64.js';
export { ddBackend, type DD } from './dd.js';
export { decBackend, type Dec, type DecBackend, type DecMat } from './decimal.js';
export { mpfrBackend, mpfrBits, MPFR_GUARD_BITS, type Mpfr, type MpfrBackend, type MpfrMat } from './mpfr.js';
export { initMpfr, mpfrStatus, type MpfrStatus } from './mpfrInit.js';

export { backendFromId } from './registry.js';

/** A backend factory found by the naming convention above. */
export interface BackendFactory {
  /** Export name, e.g. "f64Backend". */
  readonly name: string;
  readonly make: () => AnyBackend;
}

/** Every zero-argument `*Backend` export of this barrel, sorted by name (read at call time, after module init). */
export function backendFactories(): BackendFactory[] {
  const ns = numeric as unknown as Record<string, unknown>;
  return Object.keys(ns)
    .filter((name) => name.endsWith('Backend'))
    .sort()
    .flatMap((name) => {
      const f = ns[name];
      return typeof f === 'function' && f.length === 0 ? [{ name, make: f as () => AnyBackend }] : [];
    });
}
