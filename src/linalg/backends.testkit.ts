/**
 * Test kit: the backends the linalg tests run on — f64, dd and dec:50, imported statically so that a missing or
 * broken backend fails these tests instead of silently shrinking them to f64.
 */
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Backend, Repr, S } from '../numeric/types.js';

export const backends: AnyBackend[] = [f64Backend(), ddBackend(), decBackend(50)];

/** |x − target| ≤ bar, evaluated in the backend (target an exact decimal string or a backend scalar). */
export function within<R extends Repr>(B: Backend<R>, x: S<R>, target: string | S<R>, bar: S<R>): boolean {
  const t = typeof target === 'string' ? B.num(target) : target;
  return B.cmp(B.abs(B.sub(x, t)), bar) <= 0;
}
