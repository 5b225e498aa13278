/**
 * Backends by id ("f64", "dd", "dec:50", "mpfr:50"): what fixtures, profiles and the CLI store and pass around.
 * `mpfr:<p>` needs MPFR loaded first (`await initMpfr()`, numeric/mpfrInit.ts); its precision is checked either way.
 */
import { ddBackend } from './dd.js';
import { decBackend } from './decimal.js';
import { f64Backend } from './f64.js';
import { mpfrBackend } from './mpfr.js';
import type { AnyBackend } from './types.js';

/** Precisions `dec:<digits>` the registry accepts. */
export const DEC_ID_MIN_DIGITS = 10;
export const DEC_ID_MAX_DIGITS = 1000;
/** Precisions `mpfr:<digits>` the registry accepts (the same range). */
export const MPFR_ID_MIN_DIGITS = 10;
export const MPFR_ID_MAX_DIGITS = 1000;

const USE = 'use f64, dd, dec:<digits> or mpfr:<digits>';

const cache = new Map<string, AnyBackend>();

function make(id: string): AnyBackend {
  if (id === 'f64') return f64Backend();
  if (id === 'dd') return ddBackend();
  // Canonical spelling only ("dec:050" would come back as id "dec:50" and break fixture matching).
  const m = /^dec:([1-9]\d{0,8})$/.exec(id);
  if (m) {
    const p = Number(m[1]);
    if (p < DEC_ID_MIN_DIGITS || p > DEC_ID_MAX_DIGITS) {
      throw new RangeError(
        `backend: '${id}' has ${p} digits; use dec:<digits> with ${DEC_ID_MIN_DIGITS} ≤ digits ≤ ${DEC_ID_MAX_DIGITS}`,
      );
    }
    return decBackend(p);
  }
  if (id.startsWith('mpfr:')) {
    const mm = /^mpfr:([1-9]\d{0,8})$/.exec(id);
    const p = mm ? Number(mm[1]) : NaN;
    if (!(p >= MPFR_ID_MIN_DIGITS && p <= MPFR_ID_MAX_DIGITS)) {
      throw new RangeError(
        `backend: '${id}' is not a valid precision; use mpfr:<digits> with ${MPFR_ID_MIN_DIGITS} ≤ digits ≤ ${MPFR_ID_MAX_DIGITS} (an integer, no leading zeros)`,
      );
    }
    return mpfrBackend(p);
  }
  throw new RangeError(`backend: unknown id '${id}' (${USE})`);
}

/** The backend with this id (one cached instance per id); throws a RangeError naming the id when it is unknown. */
export function backendFromId(id: string): AnyBackend {
  let B = cache.get(id);
  if (B === undefined) {
    B = make(id);
    cache.set(id, B);
  }
  return B;
}
