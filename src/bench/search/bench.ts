/**
 * `npm run bench -- search [seeds] [cap]`: random vs targeted search on the planted false claims (planted.ts). Per
 * claim: the failure mass of its generator (share of SAMPLES generated instances that fail at f64), then for each seed
 * the number of evaluated instances up to and including the first one whose counterexample the referee certifies
 * (shrink steps not counted), with the whole budget random, and with WARMUP random samples followed by the targeted
 * phase. Then the ci profile's split of 100 runs (80 random + 20 targeted) against 100 random: on how many seeds a
 * certified counterexample is found at all. Prints one JSON line per claim (with the command, its time and the load
 * average: `npm run -s bench -- search > docs/data/search.jsonl` feeds the README through `npm run docs`) and the
 * Markdown table (table.ts; medians, "> cap" when the median run found nothing).
 */
import os from 'node:os';
import fc from 'fast-check';
import { getBackend } from '../../theorem/backends.js';
import { PROFILES } from '../../theorem/profiles.js';
import { evaluateOn } from '../../theorem/referee.js';
import type { AnyTheorem } from '../../theorem/define.js';
import { verifyTheorem } from '../../theorem/verify.js';
import { PLANTED } from './planted.js';
import { searchTables, type SearchLine } from './table.js';

const SAMPLES = 20_000;
/**
 * Random samples before the targeted phase starts (it climbs from their lowest-slack ones). Short: the targeted phase
 * mixes fresh samples into its line searches, and a longer warm-up only delays them (measured: 20 → 8 took the
 * off-by-one horizon claim from a median of 26 to 17.5 evaluations, the others gained or stayed; 4 lost on the
 * short-horizon claim, whose failures random sampling finds in ≈ 5).
 */
export const WARMUP = 8;

function failureMass(thm: AnyTheorem): number {
  const B = getBackend('f64');
  const specs = fc.sample(thm.hypotheses as fc.Arbitrary<unknown>, { seed: 12345, numRuns: SAMPLES });
  return specs.filter((s) => evaluateOn(thm, B, s).status === 'violated').length / SAMPLES;
}

/** Evaluations to the first certified counterexample, or null when none was found within `cap`. */
export async function evaluationsToCertified(
  thm: AnyTheorem,
  seed: number,
  cap: number,
  targeted: boolean,
  warmup = WARMUP,
): Promise<number | null> {
  const r = await verifyTheorem(thm, {
    profile: { ...PROFILES.quick, runs: cap, negativeRuns: 1, timeMs: 600_000 },
    backend: 'f64',
    seed,
    fixturesDir: null,
    targetedRuns: targeted ? cap - warmup : 0,
  });
  const cx = r.counterexamples.find((c) => c.phase === 'generate' || c.phase === 'targeted');
  return cx?.verdict === 'violated' ? r.runs + 1 : null;
}

export async function searchBench(seeds = 10, cap = 4000): Promise<void> {
  const lines: SearchLine[] = [];
  const command = `npm run -s bench -- search ${seeds} ${cap}`;
  for (const { theorem, kind } of PLANTED) {
    const t0 = performance.now();
    const thm = theorem as AnyTheorem;
    const mass = failureMass(thm);
    const random: (number | null)[] = [];
    const targeted: (number | null)[] = [];
    let ciRandom = 0;
    let ciTargeted = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      random.push(await evaluationsToCertified(thm, seed, cap, false));
      targeted.push(await evaluationsToCertified(thm, seed, cap, true));
      if ((await evaluationsToCertified(thm, seed, 100, false)) !== null) ciRandom++;
      if ((await evaluationsToCertified(thm, seed, 100, true, 80)) !== null) ciTargeted++;
    }
    const line: SearchLine = {
      claim: thm.id,
      kind,
      mass,
      seeds,
      cap,
      warmup: WARMUP,
      random,
      targeted,
      ciRandom,
      ciTargeted,
      command,
      ms: Math.round(performance.now() - t0),
      load1: Math.round(os.loadavg()[0]! * 100) / 100,
    };
    lines.push(line);
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  process.stdout.write(`\n${searchTables(lines)}\n`);
}
