/**
 * The steppers' parts of a `thm simulate` spec (README.md "thm simulate"): readers for the fields several steppers
 * share, used by each registry entry's `json.parse` (./index.ts `STEPPERS`). Every error is an InputError naming the
 * field.
 */
import { count, fail, num, obj, onlyKeys, positive, type JsonObject } from '../json/read.js';
import type { Num } from '../numeric/types.js';

/** Other names people give the learning rate; a spec that uses one is told to write "lr". */
export const LR_ALIASES: readonly string[] = ['eta', 'η', 'learningRate', 'learning_rate', 'stepSize', 'step_size'];

/**
 * Checks spec.stepper's keys: "kind" and the entry's `fields`, nothing else; a learning rate under another name
 * (`LR_ALIASES`) gets its own message.
 */
export function checkStepperKeys(o: JsonObject, path: string, kind: string, fields: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (LR_ALIASES.includes(k) && !fields.includes(k))
      fail(`${path}.${k}`, `the learning rate is called "lr" (write "lr": ${JSON.stringify(o[k])})`);
  }
  onlyKeys(o, path, ['kind', ...fields], kind);
}

/** "lr": the learning rate η, > 0 for every stepper here (η ≤ 0 does not descend; it is rejected as an input error). */
export function lrField(o: JsonObject, path: string): Num {
  if (o.lr === undefined) fail(`${path}.lr`, 'is required (the learning rate η > 0, e.g. "0.1")');
  return positive(o.lr, `${path}.lr`, 'the learning rate η');
}

/** "beta": the momentum coefficient β (required). */
export function betaField(o: JsonObject, path: string): Num {
  if (o.beta === undefined) fail(`${path}.beta`, 'is required (the momentum coefficient β, e.g. "0.9")');
  return num(o.beta, `${path}.beta`);
}

/** The stochastic oracle's fields: "seed" (required), "batch" (≤ n, default the full batch), "noise" (scale c ≥ 0). */
export function stochasticFields(
  o: JsonObject,
  path: string,
  nSamples: number,
): { readonly seed: number; readonly batch: number | 'full'; readonly noise: Num | null } {
  const batch = o.batch === undefined || o.batch === 'full' ? 'full' : count(o.batch, `${path}.batch`, 1);
  if (batch !== 'full' && batch > nSamples)
    fail(`${path}.batch`, `${batch} exceeds the number of samples (${nSamples})`);
  if (o.seed === undefined)
    fail(`${path}.seed`, 'is required for stochastic steppers (a non-negative integer, e.g. 42)');
  return {
    seed: count(o.seed, `${path}.seed`, 0),
    batch,
    noise: o.noise === undefined ? null : num(o.noise, `${path}.noise`),
  };
}

/** A mirror potential: "euclidean" (the default) or {"hypentropy": β} with β > 0. */
export function potentialField(o: JsonObject, path: string): 'euclidean' | { readonly hypentropy: Num } {
  if (o.potential === undefined || o.potential === 'euclidean') return 'euclidean';
  const q = obj(o.potential, `${path}.potential`);
  onlyKeys(q, `${path}.potential`, ['hypentropy'], 'potential ("euclidean" or {"hypentropy": β})');
  return { hypentropy: positive(q.hypentropy, `${path}.potential.hypentropy`, 'the hyperbolic-entropy scale β') };
}
