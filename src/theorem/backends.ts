/**
 * Backend ids → backends for the framework: f64 | dd | dec:<p> | mpfr:<p>, with input errors naming the id.
 * mpfr:<p> resolves once MPFR is loaded (`await initMpfr()`: the referee ladder and the CLI do it when needed).
 */
import { backendFromId } from '../numeric/registry.js';
import type { AnyBackend } from '../numeric/types.js';
import { inputError } from '../errors.js';

/** Throws an InputError unless `id` names a backend (f64, dd, dec:<p>, mpfr:<p>); returns the id. */
export function checkBackendId(id: string, where = 'backend'): string {
  getBackend(id, where);
  return id;
}

/** The backend named `id` (the registry caches one instance per id). */
export function getBackend(id: string, where = 'backend'): AnyBackend {
  try {
    return backendFromId(id);
  } catch (e) {
    throw inputError(`${where}: ${(e as Error).message.replace(/^backend: /, '')}`);
  }
}
