/**
 * Save policies: which steps `run` records. k = 0 and the last step reached are always recorded (the driver adds the
 * last one when the run ends, since a stop or a divergence can end it early).
 */
import type { SavePolicy } from './types.js';

/** A validated policy as a predicate on k. */
export interface SavePlan {
  /** Whether step k (0 ≤ k ≤ steps) is recorded by the policy itself (k = 0 always is). */
  has(k: number): boolean;
  /** The first step after k that the policy records, or Infinity (a fused path advances up to it in one call). */
  next(k: number): number;
}

/** `next` over a set of recorded steps. */
function nextIn(set: ReadonlySet<number>): (k: number) => number {
  const sorted = [...set].sort((a, b) => a - b);
  return (k) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length ? sorted[lo]! : Infinity;
  };
}

function checkPosInt(x: unknown, field: string): number {
  if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 1) {
    throw new RangeError(`run: save.${field} = ${String(x)} must be a positive integer`);
  }
  return x;
}

/** Log-spaced steps ⌊10^{j/m}⌋ ≤ steps, j = 0, 1, …, deduplicated and increasing (k = 0 not included). */
export function logSpacedSteps(steps: number, perDecade: number): number[] {
  checkPosInt(perDecade, 'logSpaced');
  const out: number[] = [];
  for (let j = 0; ; j++) {
    const q = Math.floor(j / perDecade);
    const r = j % perDecade;
    // 10^q exact for q ≤ 22; 10^{r/m} is irrational for r ≠ 0, so the floor is not at a rounding boundary.
    const k = Math.floor(10 ** q * (r === 0 ? 1 : 10 ** (r / perDecade)));
    if (k > steps) break;
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

/** Validates `policy` against `steps` (throws a RangeError naming the field) and returns its predicate. */
export function savePlan(policy: SavePolicy, steps: number): SavePlan {
  if (policy === 'final') return { has: (k) => k === 0, next: () => Infinity };
  if (typeof policy !== 'object' || policy === null) {
    throw new RangeError(`run: save = ${JSON.stringify(policy)} must be 'final', { every }, { at } or { logSpaced }`);
  }
  if ('every' in policy) {
    const n = checkPosInt(policy.every, 'every');
    return { has: (k) => k % n === 0, next: (k) => (Math.floor(k / n) + 1) * n };
  }
  if ('at' in policy) {
    if (!Array.isArray(policy.at)) throw new RangeError('run: save.at must be an array of step indices');
    for (const k of policy.at) {
      if (!Number.isSafeInteger(k) || k < 0 || k > steps) {
        throw new RangeError(
          `run: save.at contains ${String(k)}; every entry must be an integer in [0, steps = ${steps}]`,
        );
      }
    }
    const set = new Set<number>([0, ...policy.at]);
    return { has: (k) => set.has(k), next: nextIn(set) };
  }
  if ('logSpaced' in policy) {
    const set = new Set<number>([0, ...logSpacedSteps(steps, policy.logSpaced)]);
    return { has: (k) => set.has(k), next: nextIn(set) };
  }
  throw new RangeError(`run: save = ${JSON.stringify(policy)} must be 'final', { every }, { at } or { logSpaced }`);
}
