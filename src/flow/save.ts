/**
 * Save policy → the ordered list of times the driver must land on exactly (it shortens the step to hit them, so
 * saved values carry the solver's accuracy, no interpolation error).
 */
import type { Backend, Repr, S } from '../numeric/types.js';
import type { SaveAt } from './types.js';

export interface Schedule<R extends Repr> {
  /** Strictly increasing times in (t0, t1]; the last one is t1. */
  readonly stops: S<R>[];
  /** Whether to record at stops[i]. */
  readonly save: boolean[];
  readonly saveT0: boolean;
}

/** Most save points one call may request (guards against an `every` far smaller than t1 − t0). */
export const MAX_SAVES = 1_000_000;

export function schedule<R extends Repr>(B: Backend<R>, saveAt: SaveAt<R>, t0: S<R>, t1: S<R>): Schedule<R> {
  const wanted: S<R>[] = [];
  let saveT0 = saveAt.t0 ?? true;
  for (const t of saveAt.ts ?? []) {
    if (!B.isFinite(t)) throw new RangeError('saveAt.ts: every time must be finite');
    if (B.cmp(t, t0) === 0) saveT0 = true;
    else if (B.cmp(t, t0) > 0 && B.cmp(t, t1) <= 0) wanted.push(t);
    else throw new RangeError(`saveAt.ts: ${B.show(t)} lies outside [t0, t1] = [${B.show(t0)}, ${B.show(t1)}]`);
  }
  if (saveAt.every !== undefined) {
    const dt = saveAt.every;
    if (!(B.cmp(dt, B.zero) > 0)) throw new RangeError('saveAt.every: must be > 0');
    for (let k = 1; ; k++) {
      const t = B.add(t0, B.mul(B.int(k), dt));
      if (B.cmp(t, t1) > 0) break;
      if (k > MAX_SAVES) throw new RangeError(`saveAt.every: more than ${MAX_SAVES} save points; use a larger every`);
      wanted.push(t);
    }
  }
  if (saveAt.t1 ?? true) wanted.push(t1);
  wanted.sort((x, y) => B.cmp(x, y));
  const stops: S<R>[] = [];
  const save: boolean[] = [];
  for (const t of wanted) {
    if (stops.length > 0 && B.cmp(stops[stops.length - 1]!, t) === 0) continue;
    stops.push(t);
    save.push(true);
  }
  if (stops.length === 0 || B.cmp(stops[stops.length - 1]!, t1) !== 0) {
    stops.push(t1);
    save.push(false);
  }
  return { stops, save, saveT0 };
}
