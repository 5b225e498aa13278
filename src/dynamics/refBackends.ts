/**
 * Test support: the higher-precision backends, when their modules exist (dd.ts and decimal.ts are written
 * concurrently). A missing module yields undefined instead of failing the import.
 */
import type { AnyBackend } from '../numeric/types.js';

async function load(path: string, factory: string, ...args: unknown[]): Promise<AnyBackend | undefined> {
  try {
    const mod = (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
    const make = mod[factory];
    return typeof make === 'function' ? (make as (...a: unknown[]) => AnyBackend)(...args) : undefined;
  } catch {
    return undefined;
  }
}

/** `ddBackend()` and `decBackend(40)` where available. */
export async function referenceBackends(): Promise<{ dd?: AnyBackend; dec?: AnyBackend }> {
  const dd = await load('../numeric/dd.js', 'ddBackend');
  const dec = await load('../numeric/decimal.js', 'decBackend', 40);
  return { ...(dd ? { dd } : {}), ...(dec ? { dec } : {}) };
}

/** For checking that the loader works at all (a module that exists). */
export const loadBackendForTest = load;
