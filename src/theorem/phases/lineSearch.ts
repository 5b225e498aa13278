/**
 * A derivative-free line search on one coordinate p ∈ [0, 1] (a draw's position in its range, choices.ts): bracket
 * the minimum by steps that double while the score falls, then shrink the bracket by golden-section steps, every
 * other one replaced by the vertex of the parabola through the bracket when that lands inside it (Brent's idea, in a
 * simpler alternation). Many generators map a draw monotonically onto a parameter, so the score along one draw is
 * often unimodal, and the search needs O(log(1/resolution)) evaluations where random moves need O(1/width of the
 * failure region).
 */

/** The score at position p: lower is better; NaN when the sample says nothing; −∞ ends the search (a failure). */
export type Along = (p: number) => Promise<number>;

export interface LineResult {
  readonly p: number;
  readonly f: number;
  /** Evaluations spent (cached positions are not re-evaluated). */
  readonly spent: number;
}

const GOLD = 0.381966011250105; // 2 − φ
/** First step: 1/64 of the range, so the bracket doubles up to the far end in 6 steps. */
const FIRST_STEP = 1 / 64;

/**
 * Minimize `f` along p from `p0` (score `f0`, already evaluated), within `budget` evaluations; positions closer than
 * `res` are the same point. Returns the best position found (p0 when nothing was better).
 */
export async function lineSearch(f: Along, p0: number, f0: number, budget: number, res: number): Promise<LineResult> {
  const key = (p: number) => Math.round(p / res);
  const snap = (p: number) => Math.min(1, Math.max(0, key(p) * res));
  const seen = new Map<number, number>([[key(p0), f0]]);
  let spent = 0;
  let best = { p: snap(p0), f: f0 };
  const ev = async (p: number): Promise<number> => {
    const k = key(p);
    const hit = seen.get(k);
    if (hit !== undefined) return hit;
    spent++;
    const raw = await f(snap(p));
    const v = Number.isNaN(raw) ? Infinity : raw;
    seen.set(k, v);
    if (v < best.f) best = { p: snap(p), f: v };
    return v;
  };
  const done = () => spent >= budget || best.f === -Infinity;
  const out = (): LineResult => ({ ...best, spent });

  // bracket: a step to the side with more room, else the other side; then doubling steps while the score falls
  const step = Math.max(res, FIRST_STEP);
  const start = snap(p0);
  const dir = 1 - start >= start ? 1 : -1;
  let next = snap(start + dir * step);
  let fn = next === start ? Infinity : await ev(next);
  if (done()) return out();
  if (!(fn < f0)) {
    const other = snap(start - dir * step);
    const fo = other === start ? Infinity : await ev(other);
    if (done()) return out();
    if (!(fo < f0)) return refine(ev, done, out, [other, start, next], [fo, f0, fn], res);
    [next, fn] = [other, fo];
  }
  let prev = start;
  let fp = f0;
  let cur = next;
  let fc = fn;
  for (;;) {
    if (cur <= 0 || cur >= 1) return out(); // the minimum along this draw is at the end of its range
    const far = snap(cur + 2 * (cur - prev));
    const ff = await ev(far);
    if (done()) return out();
    if (ff < fc) {
      [prev, fp, cur, fc] = [cur, fc, far, ff];
      continue;
    }
    return refine(ev, done, out, [prev, cur, far], [fp, fc, ff], res);
  }
}

/** Shrink a bracket (a, b, c), f(b) ≤ f(a), f(c), down to `res`, by golden-section and parabolic steps. */
async function refine(
  ev: (p: number) => Promise<number>,
  done: () => boolean,
  out: () => LineResult,
  xs: [number, number, number],
  fs: [number, number, number],
  res: number,
): Promise<LineResult> {
  let [a, b, c] = xs[0] <= xs[2] ? xs : [xs[2], xs[1], xs[0]];
  let [fa, fb, fc] = xs[0] <= xs[2] ? fs : [fs[2], fs[1], fs[0]];
  for (let i = 0; c - a > 2 * res && !done(); i++) {
    let x = NaN;
    if (i % 2 === 1 && Number.isFinite(fa + fb + fc)) {
      // vertex of the parabola through the three points
      const r = (b - a) * (fb - fc);
      const q = (b - c) * (fb - fa);
      const den = 2 * (r - q);
      if (den !== 0) x = b - ((b - a) * r - (b - c) * q) / den;
    }
    if (!(x > a + res && x < c - res && Math.abs(x - b) >= res))
      x = c - b > b - a ? b + GOLD * (c - b) : b - GOLD * (b - a);
    x = Math.round(x / res) * res;
    if (Math.abs(x - b) < res / 2) x = c - b > b - a ? b + res : b - res;
    // no position strictly inside the bracket other than b is left
    if (!(x > a + res / 2 && x < c - res / 2)) break;
    const fx = await ev(x);
    if (fx < fb) {
      if (x > b) [a, fa] = [b, fb];
      else [c, fc] = [b, fb];
      [b, fb] = [x, fx];
    } else if (x > b) [c, fc] = [x, fx];
    else [a, fa] = [x, fx];
  }
  return out();
}
