/**
 * Events of the flow driver (the role of Diffrax `Event` / SciPy `solve_ivp(events=…)`, written over the Backend):
 * scalar functions g_i(t, y), given together as one backend vector, are checked after every accepted step; when a
 * component changes sign inside a step, the crossing is bracketed by re-integrating that step from its start with a
 * shorter step size (the driver has no dense output, so every trial point carries the solver's own accuracy).
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';

/**
 * Event functions and the root finder's settings (an option of `integrate`). The field should be smooth on each
 * step up to the crossing and a little beyond it: for a field that switches where g crosses 0, integrate each piece
 * with the field of that piece frozen and restart at the event with the next one (the error test of the step to tHi
 * is applied, and a switching field fails it: the run then shrinks its steps toward the crossing).
 */
export interface EventSpec<R extends Repr> {
  /** g(t, y) = (g_1, …, g_m): an event fires when a component takes the sign opposite to its last nonzero sign. */
  readonly g: (t: S<R>, y: V<R>) => V<R>;
  /** Stop bisecting once the time bracket is at most this wide (default 64·u·max(1, |t|) at the step's end). */
  readonly tol?: S<R>;
  /** Most root-finder iterations per event (default 200; each one re-integrates the step once). */
  readonly maxIter?: number;
}

/**
 * Where an event fired. Invariant: at (tLo, yLo) no component has the sign opposite to its last nonzero sign before
 * the step (it may be 0), at (tHi, yHi) the components in `fired` have it (strictly), so each of them crosses 0 in
 * [tLo, tHi] along the computed solution, and restarting from yHi sees them on their new side. If a component crosses
 * more than once inside one step, one of its crossings is found, not necessarily the first.
 */
export interface EventHit<R extends Repr> {
  /** The first of `fired` (lowest index). */
  readonly index: number;
  /** Components whose sign at tHi is opposite to their last nonzero sign before the step. */
  readonly fired: readonly number[];
  readonly tLo: S<R>;
  readonly tHi: S<R>;
  readonly yLo: V<R>;
  readonly yHi: V<R>;
  readonly gLo: V<R>;
  readonly gHi: V<R>;
  /** Re-integrations of the step spent by the root finder. */
  readonly iterations: number;
  /** tHi − tLo ≤ tol (false: maxIter ran out, or the backend cannot split the bracket further). */
  readonly converged: boolean;
}

/** Signs (−1, 0, +1) of the components of g. */
export function eventSigns<R extends Repr>(B: Backend<R>, g: V<R>): number[] {
  return B.unpack(g).map((x) => B.cmp(x, B.zero));
}

/**
 * Components that have crossed: their sign in g is the opposite of `last`, the last nonzero sign seen (a component
 * that reaches 0 exactly has not crossed yet; one with no nonzero sign so far never fires).
 */
export function firedComponents<R extends Repr>(B: Backend<R>, last: readonly number[], g: V<R>): number[] {
  const now = eventSigns(B, g);
  if (now.length !== last.length)
    throw new RangeError(`event: g returned ${now.length} components, expected ${last.length} (a fixed number)`);
  const out: number[] = [];
  for (let i = 0; i < last.length; i++) if (last[i] !== 0 && now[i] === -last[i]!) out.push(i);
  return out;
}

/** The last nonzero sign of every component after seeing g (a component at 0 keeps its previous sign). */
export function carrySigns<R extends Repr>(B: Backend<R>, last: readonly number[], g: V<R>): number[] {
  return eventSigns(B, g).map((x, i) => (x !== 0 ? x : (last[i] ?? 0)));
}

/** One trial: the state after a step of size s from the step's start (and its local error estimate). */
export type SubStep<R extends Repr> = (s: S<R>) => { readonly y: V<R>; readonly err?: V<R> };

/** A bracket [lo, hi] in step size (offsets from the step's start t) with the states and g at both ends. */
interface End<R extends Repr> {
  s: S<R>;
  y: V<R>;
  g: V<R>;
  err?: V<R>;
}

/**
 * Locate the crossing inside the step (t, y) → (t + h, yEnd) whose end state has fired components.
 * Illinois regula falsi (Dowell & Jarratt 1971) on the earliest linear-interpolation root among the fired components,
 * safeguarded: every third trial is a bisection and trials are kept tol/2 inside the bracket, so the bracket shrinks
 * to ≤ tol in O(log(h/tol)) trials at worst, typically in a handful.
 */
export function locateEvent<R extends Repr>(
  B: Backend<R>,
  spec: EventSpec<R>,
  sub: SubStep<R>,
  t: S<R>,
  start: { readonly y: V<R>; readonly g: V<R>; readonly signs: readonly number[] },
  end: { readonly h: S<R>; readonly y: V<R>; readonly g: V<R>; readonly err?: V<R> },
): EventHit<R> & { readonly errHi?: V<R> } {
  const tEnd = B.add(t, end.h);
  const tol = spec.tol ?? B.mul(B.mul(B.int(64), B.eps), B.max(B.one, B.max(B.abs(t), B.abs(tEnd))));
  const maxIter = spec.maxIter ?? 200;
  const half = B.div(tol, B.int(2));
  const lo: End<R> = { s: B.zero, y: start.y, g: start.g };
  const hi: End<R> = { s: end.h, y: end.y, g: end.g, ...(end.err ? { err: end.err } : {}) };
  let wLo = 1;
  let wHi = 1;
  let moved = 0; // +1: hi moved last, −1: lo moved last
  let it = 0;
  let stuck = false;
  while (it < maxIter && B.cmp(B.sub(hi.s, lo.s), tol) > 0) {
    const mid = B.div(B.add(lo.s, hi.s), B.int(2));
    let s: S<R> = mid;
    if (it % 3 !== 2) {
      // earliest regula-falsi root over the components fired at hi (their sign at lo is still the start sign)
      const fired = firedComponents(B, start.signs, hi.g);
      for (const i of fired) {
        const a = B.mul(B.at(lo.g, i), B.fromDouble(wLo));
        const b = B.mul(B.at(hi.g, i), B.fromDouble(wHi));
        const r = B.add(lo.s, B.mul(B.sub(hi.s, lo.s), B.div(a, B.sub(a, b))));
        if (B.isFinite(r) && (s === mid || B.cmp(r, s) < 0)) s = r;
      }
      s = B.min(B.max(s, B.add(lo.s, half)), B.sub(hi.s, half));
    }
    it++;
    if (B.cmp(s, lo.s) <= 0 || B.cmp(s, hi.s) >= 0) {
      stuck = true; // the backend's time resolution: the bracket cannot be split
      break;
    }
    const trial = sub(s);
    const g = spec.g(B.add(t, s), trial.y);
    const next: End<R> = { s, y: trial.y, g, ...(trial.err ? { err: trial.err } : {}) };
    if (firedComponents(B, start.signs, g).length > 0) {
      Object.assign(hi, next);
      if (!next.err) delete hi.err;
      wHi = 1;
      if (moved === 1) wLo /= 2; // lo retained twice: Illinois halves its weight
      moved = 1;
    } else {
      Object.assign(lo, next);
      wLo = 1;
      if (moved === -1) wHi /= 2;
      moved = -1;
    }
  }
  const fired = firedComponents(B, start.signs, hi.g);
  return {
    index: fired[0]!,
    fired,
    tLo: B.add(t, lo.s),
    tHi: hi.s === end.h ? tEnd : B.add(t, hi.s),
    yLo: lo.y,
    yHi: hi.y,
    gLo: lo.g,
    gHi: hi.g,
    iterations: it,
    converged: !stuck && B.cmp(B.sub(hi.s, lo.s), tol) <= 0,
    ...(hi.err ? { errHi: hi.err } : {}),
  };
}
