/**
 * Test kit: the backends the linalg tests run on. dd and dec:50 are loaded by dynamic import so that these tests
 * still run (on f64) while those modules are missing or broken; `missing` lists what could not be loaded.
 */
import type { AnyBackend } from '../numeric/types.js';
import { f64Backend } from '../numeric/f64.js';

export const missing: string[] = [];
export const backends: AnyBackend[] = [f64Backend()];

try {
  const { ddBackend } = await import('../numeric/dd.js');
  backends.push(ddBackend());
} catch (e) {
  missing.push(`dd (${(e as Error).message})`);
}
try {
  const { decBackend } = await import('../numeric/decimal.js');
  backends.push(decBackend(50));
} catch (e) {
  missing.push(`dec:50 (${(e as Error).message})`);
}

/** |x − target| ≤ bar, evaluated in the backend (target an exact decimal string or a backend scalar). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function within(B: AnyBackend, x: any, target: any, bar: any): boolean {
  const t = typeof target === 'string' ? B.num(target) : target;
  return B.cmp(B.abs(B.sub(x, t)), bar) <= 0;
}
