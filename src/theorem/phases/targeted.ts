/**
 * The targeted phase (after the random phase): hill-climb on the smallest claim slack. It starts from the random
 * phase's lowest-slack samples, mutates the draws that produced them (choices.ts), evaluates the mutant, and keeps it
 * when its slack is among the lowest found. A failing mutant is shrunk (greedily along the arbitrary's own shrink
 * tree, as fast-check shrinks), refereed and recorded exactly as a random-phase failure is. Deterministic given the
 * run's seed; it spends at most the run's `targeted` share of samples and stops at the time budget.
 *
 * The tightness phase (`thm check --tightness`) is the same climb on another score: the largest tightness ratio
 * (lhs/rhs of a bound) instead of the smallest slack.
 */
import type fc from 'fast-check';
import type { Rung } from '../referee.js';
import type { SearchReport, TightnessSearch } from '../result.js';
import { arbitraryFor } from '../types.js';
import { apply, doubled, mutate, Mulberry, regenerate, reversed, type ChoiceRecord } from './choices.js';
import { offer, record, slackScore, type GenerateStats, type Seed } from './generate.js';
import { failing, refereeFailure, report, sample, type Outcome, type Run } from './run.js';

/** Shrink evaluations a targeted failure may spend (fast-check's own shrinker is bounded by the time budget only). */
const MAX_SHRINKS = 1000;

/** Greedy shrink: take the first shrink candidate that still fails, until none does or the budget runs out. */
function shrinkFailure(run: Run, arb: fc.Arbitrary<unknown>, start: fc.Value<unknown>, first: Rung) {
  let cur = start;
  let rung = first;
  let steps = 0;
  let path = 0;
  outer: while (steps < MAX_SHRINKS && performance.now() < run.deadline) {
    for (const cand of arb.shrink(cur.value_, cur.context)) {
      if (++steps > MAX_SHRINKS || performance.now() >= run.deadline) break outer;
      const r = sample(run, cand.value_, 'hypotheses', 'evaluate');
      run.phase('targeted');
      if (failing(r)) {
        cur = cand;
        rung = r;
        path++;
        continue outer;
      }
    }
    break;
  }
  return { spec: cur.value_, rung, steps: path };
}

/** What a climb minimizes on one evaluated sample (NaN: the sample says nothing, it is not kept as a seed). */
type Score = (r: Rung) => number;

const bySlack: Score = (r) => slackScore(r.judgement!);
const byRatio: Score = (r) => -r.judgement!.maxRatio;

/**
 * Hill-climb from `seeds` on `score`, at most `budget` mutants, stopping at the time budget. Every evaluated mutant
 * counts as a sample of the run (slack, tightness, discarded, vacuous); a failing one is shrunk, refereed and recorded.
 */
async function climb(
  run: Run,
  out: Outcome,
  stats: GenerateStats,
  seeds: readonly Seed[],
  budget: number,
  score: Score,
  salt: number,
): Promise<{ spent: number; found: boolean } | null> {
  const arb = arbitraryFor(run.thm.hypotheses, run.prof.name);
  // a record must regenerate its own sample, else its mutants are not neighbours of it (an arbitrary that draws
  // outside the Random it is handed): such seeds are dropped
  const pool: Seed[] = seeds.filter((s) => {
    try {
      return JSON.stringify(regenerate(arb, s.rec, 0).value.value_) === s.json;
    } catch {
      return false;
    }
  });
  if (pool.length === 0) return null;
  const rng = new Mulberry(run.seed ^ salt);
  let spent = 0;
  /** Evaluate one mutant: null when the generator threw on it; 'failed' once its failure is recorded. */
  const trial = async (rec: ChoiceRecord): Promise<Seed | null | 'failed'> => {
    spent++;
    let child: { value: fc.Value<unknown>; rec: ChoiceRecord };
    try {
      child = regenerate(arb, rec, rng.nextInt(0, 0x7fffffff));
    } catch {
      return null; // a generator that throws on some draws: the random phase reports generator bugs
    }
    const spec = child.value.value_;
    const r = sample(run, spec, 'hypotheses', 'evaluate');
    run.phase('targeted');
    if (failing(r)) {
      const s = shrinkFailure(run, arb, child.value, r);
      const j = await refereeFailure(run, s.rung, s.spec);
      const saved = record(run, out, s.spec, j, { seed: run.seed, counterexamplePath: null });
      report(run, out, j, { phase: 'targeted', spec: s.spec, seed: run.seed, path: null, ...saved });
      return 'failed';
    }
    stats.samples++;
    if (r.status === 'inconclusive') {
      stats.discarded++;
      return null;
    }
    const jd = r.judgement!;
    if (jd.vacuous) stats.vacuous++;
    if (jd.minSlack < stats.minSlack) {
      stats.minSlack = jd.minSlack;
      if (r.observed !== undefined) stats.tightest = r.observed;
      else delete stats.tightest;
    }
    if (!Number.isNaN(jd.maxRatio) && (stats.tightness === undefined || jd.maxRatio > stats.tightness.ratio))
      stats.tightness = { ratio: jd.maxRatio, claim: jd.maxRatioLabel ?? '', spec };
    const v = score(r);
    if (Number.isNaN(v)) return null;
    const seed: Seed = { rec: child.rec, json: JSON.stringify(spec), score: v };
    offer(pool, seed);
    return seed;
  };
  while (spent < budget && performance.now() < run.deadline) {
    // the best seed half of the time, else any seed of the pool (keeps a second basin alive)
    const parent = rng.nextInt(0, 1) === 0 ? pool[0]! : pool[rng.nextInt(0, pool.length - 1)]!;
    if (rng.nextInt(0, 3) === 0) {
      // one trial in four is a fresh sample (no prefix): it feeds the pool where the score is flat or a biased
      // sub-range traps the seeds, and bounds the loss against plain random search where the score misleads
      if ((await trial({ bias: parent.rec.bias, choices: [] })) === 'failed') return { spent, found: true };
      continue;
    }
    const m = mutate(parent.rec, rng);
    let got = await trial(m.rec);
    if (got === 'failed') return { spent, found: true };
    let move = m.move;
    if (move === undefined || got === null) continue;
    // a single-draw move that raised the score is tried the other way once (a compass search step)
    if (got.score >= parent.score && spent < budget) {
      move = reversed(move);
      got = await trial(apply(parent.rec, move));
      if (got === 'failed') return { spent, found: true };
    }
    // a move that lowered the score is repeated at doubling steps while the score keeps falling (a line search)
    let best = parent.score;
    while (got !== null && got.score < best && spent < budget) {
      best = got.score;
      move = doubled(move);
      got = await trial(apply(got.rec, move));
      if (got === 'failed') return { spent, found: true };
    }
  }
  return { spent, found: false };
}

export async function targetedSearch(
  run: Run,
  out: Outcome,
  stats: GenerateStats,
  budget: number,
): Promise<SearchReport> {
  const before = stats.minSlack;
  const rep = (samples: number, found: boolean): SearchReport => ({
    strategy: 'targeted',
    samples,
    bestBefore: Number.isFinite(before) ? before : null,
    bestAfter: Number.isFinite(stats.minSlack) ? stats.minSlack : null,
    found,
  });
  if (budget <= 0 || stats.stoppedEarly || stats.pool.length === 0) return rep(0, false);
  run.phase('targeted');
  const c = await climb(run, out, stats, stats.pool, budget, bySlack, 0x5a17ed);
  if (c === null) return rep(0, false);
  if (!c.found && c.spent < budget)
    out.notes.push(`targeted search stopped at the time budget after ${c.spent} of ${budget} samples`);
  return rep(c.spent, c.found);
}

/**
 * The tightness phase: climb on the largest tightness ratio from the random phase's highest-ratio samples. Returns
 * what it did (the best ratio itself is `stats.tightness`), or null when it could not start (no budget, the random
 * phase stopped early, no sample with a positive bound).
 */
export async function tightnessSearch(
  run: Run,
  out: Outcome,
  stats: GenerateStats,
  budget: number,
): Promise<TightnessSearch | null> {
  const before = stats.tightness?.ratio ?? null;
  if (budget <= 0 || stats.stoppedEarly || stats.ratioPool.length === 0) return null;
  run.phase('targeted');
  const c = await climb(run, out, stats, stats.ratioPool, budget, byRatio, 0x7191e5);
  if (c === null) return null;
  if (!c.found && c.spent < budget)
    out.notes.push(`tightness search stopped at the time budget after ${c.spent} of ${budget} samples`);
  return { samples: c.spent, before, found: c.found };
}
