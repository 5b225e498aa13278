/**
 * The steppers' parts of a `thm simulate` spec (README.md "thm simulate"): readers for the fields several steppers
 * share, used by each registry entry's `json.parse` (./index.ts `STEPPERS`). Every error is an InputError naming the
 * field.
 */
import { count, fail, num, onlyKeys, positive, type JsonObject } from '../json/read.js';
import { readPotential } from '../potentials/json.js';
import type { PotentialSpec } from '../potentials/registry.js';
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

/** "potential": any potential of the registry (src/potentials/json.ts); absent = "squared" (mirror descent = GD). */
export function potentialField(o: JsonObject, path: string): PotentialSpec {
  return o.potential === undefined ? { name: 'squared' } : readPotential(o.potential, `${path}.potential`);
}
