/**
 * The targeted phase (after the random phase): minimize the smallest claim slack over the instance space by moving
 * the draws (choices.ts) that produced the random phase's lowest-slack samples. Each step is a line search along one
 * draw's position in its range (lineSearch.ts: bracket by doubling steps, then golden-section and parabolic steps),
 * the draw with the most bits first, from the best seed whose draws span their ranges; fresh samples and random
 * mutations are mixed in. Every instance is built by the `hypotheses` arbitrary from the moved draws, so it satisfies
 * the hypotheses by construction. A failing instance is shrunk (greedily along the arbitrary's own shrink tree, as
 * fast-check shrinks), refereed and recorded exactly as a random-phase failure is. Deterministic given the run's
 * seed; it evaluates at most the run's `targeted` share of samples and stops at the time budget.
 *
 * The tightness phase (`thm check --tightness`) is the same climb on another score: the largest tightness ratio
 * (lhs/rhs of a bound) instead of the smallest slack.
 */
import type fc from 'fast-check';
import type { Rung } from '../referee.js';
import type { SearchReport, TightnessSearch } from '../result.js';
import { arbitraryFor } from '../types.js';
import {
  atPosition,
  drawBits,
  mutate,
  Mulberry,
  position,
  regenerate,
  resolution,
  withChoice,
  type ChoiceRecord,
} from './choices.js';
import { lineSearch } from './lineSearch.js';
import { record, slackScore, type GenerateStats, type Seed } from './generate.js';
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

/** A seed of the climb and the draws already line-searched from it without a better score. */
interface Climber {
  readonly seed: Seed;
  readonly tried: Set<number>;
  /** Bits of its value draws (drawBits ≥ 2): how much a line search from it can move. */
  readonly freedom: number;
}

/** Seeds a climb keeps (the lowest scores; a seed every draw of which was line-searched is dropped). */
const CLIMB_POOL = 16;
/** Evaluations one line search may spend (bracket + refinement of a 2⁶⁴-value range fit in it). */
const LINE_BUDGET = 24;
/** One trial in SHARE is a fresh sample, one in SHARE a random mutation of the best seed; the rest line searches. */
const SHARE = 8;
/** Fresh samples and mutations that only repeat instances, in budgets, after which a climb gives up. */
const MAX_ATTEMPTS = 4;
/** A seed is climbed when its freedom is at least this share of the freest seed's (see `select`). */
const FREE_ENOUGH = 0.75;

const freedomOf = (rec: ChoiceRecord) => rec.choices.reduce((t, c) => t + (drawBits(c) >= 2 ? drawBits(c) : 0), 0);

/**
 * Climb from `seeds` on `score`, at most `budget` evaluations, stopping at the time budget: coordinate line searches
 * (lineSearch.ts) along one draw at a time, the draw with the most bits first, from the best seed; a seed whose every
 * draw was searched without progress is dropped (a restart from the next). Fresh samples (half of them unbiased, so
 * that every draw spans its whole range) and random mutations (several draws at once, one-bit decisions) keep the
 * pool from settling in one basin. Every evaluated instance counts as a sample of the run (slack, tightness,
 * discarded, vacuous); a failing one is shrunk, refereed and recorded.
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
  const start: Seed[] = seeds.filter((s) => {
    try {
      return JSON.stringify(regenerate(arb, s.rec, 0).value.value_) === s.json;
    } catch {
      return false;
    }
  });
  if (start.length === 0) return null;
  const rng = new Mulberry(run.seed ^ salt);
  const pool: Climber[] = [];
  const dropped = new Set<string>();
  const admit = (s: Seed): Climber | null => {
    if (dropped.has(s.json) || pool.some((c) => c.seed.json === s.json)) return null;
    if (pool.length >= CLIMB_POOL && s.score >= pool.at(-1)!.seed.score) return null;
    const c: Climber = { seed: s, tried: new Set(), freedom: freedomOf(s.rec) };
    pool.push(c);
    pool.sort((a, b) => a.seed.score - b.seed.score);
    if (pool.length > CLIMB_POOL) pool.pop();
    return c;
  };
  for (const s of start) admit(s);
  let spent = 0;
  let attempts = 0;
  let found = false;
  /** Evaluate one instance: null when the generator threw or the sample says nothing; found is set on a failure. */
  /** Instances evaluated so far (line searches from nearby seeds often meet at the same instance). */
  const seen = new Map<string, Seed | null>(start.map((s) => [s.json, s]));
  const trial = async (rec: ChoiceRecord, fallback: number, countKnown: boolean): Promise<Seed | null> => {
    let child: { value: fc.Value<unknown>; rec: ChoiceRecord };
    try {
      child = regenerate(arb, rec, fallback);
    } catch {
      spent++;
      return null; // a generator that throws on some draws: the random phase reports generator bugs
    }
    const spec = child.value.value_;
    const json = JSON.stringify(spec);
    const known = seen.get(json);
    if (known !== undefined) {
      // not evaluated again; a fresh sample or a mutation that repeats one is an attempt (a small instance space
      // ends the loop)
      if (countKnown) attempts++;
      return known;
    }
    spent++;
    seen.set(json, null);
    const r = sample(run, spec, 'hypotheses', 'evaluate');
    run.phase('targeted');
    if (failing(r)) {
      const s = shrinkFailure(run, arb, child.value, r);
      const j = await refereeFailure(run, s.rung, s.spec);
      const saved = record(run, out, s.spec, j, { seed: run.seed, counterexamplePath: null });
      report(run, out, j, { phase: 'targeted', spec: s.spec, seed: run.seed, path: null, ...saved });
      found = true;
      return null;
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
    const seed: Seed = { rec: child.rec, json, score: v };
    seen.set(json, seed);
    admit(seed);
    return seed;
  };
  /**
   * The seed to climb from: the lowest score among the seeds nearly as free as the freest. A seed drawn from one of
   * fast-check's biased sub-ranges (values near 0 or near the bounds) often scores well, but a line search cannot
   * leave that sub-range; seeds whose draws span their whole ranges go first.
   */
  const select = (): Climber | undefined => {
    const maxFree = Math.max(0, ...pool.map((c) => c.freedom));
    return pool.find((c) => c.freedom >= FREE_ENOUGH * maxFree);
  };
  let fresh = 0;
  let moves = 0;
  while (spent < budget && attempts < MAX_ATTEMPTS * budget && !found && performance.now() < run.deadline) {
    const c = select();
    if (c === undefined || fresh * SHARE < spent) {
      // a fresh sample, every other one unbiased (each draw over its whole range)
      fresh++;
      await trial(
        { bias: fresh % 2 === 1 ? undefined : start[0]!.rec.bias, choices: [] },
        rng.nextInt(0, 0x7fffffff),
        true,
      );
      continue;
    }
    if (moves * SHARE < spent) {
      // a random mutation of the best seed: several draws at once or a one-bit decision, which no line search moves
      moves++;
      await trial(mutate(pool[0]!.seed.rec, rng).rec, rng.nextInt(0, 0x7fffffff), true);
      continue;
    }
    // the untried value draw with the most bits
    let at = -1;
    c.seed.rec.choices.forEach((ch, i) => {
      const b = drawBits(ch);
      if (b >= 2 && !c.tried.has(i) && (at < 0 || b > drawBits(c.seed.rec.choices[at]!))) at = i;
    });
    if (at < 0) {
      pool.splice(pool.indexOf(c), 1);
      dropped.add(c.seed.json);
      continue;
    }
    c.tried.add(at);
    const draw = c.seed.rec.choices[at]!;
    const fallback = rng.nextInt(0, 0x7fffffff);
    const reached = new Map<number, Seed>();
    const line = await lineSearch(
      async (p) => {
        // −∞ ends the line search: a failure was found, or the time budget is spent
        if (performance.now() >= run.deadline) return -Infinity;
        const s = await trial(withChoice(c.seed.rec, at, atPosition(draw, p)), fallback, false);
        if (found) return -Infinity;
        if (s !== null) reached.set(p, s);
        return s?.score ?? NaN;
      },
      position(draw),
      c.seed.score,
      Math.min(LINE_BUDGET, budget - spent),
      resolution(draw),
    );
    // the best point of the line is a new seed that need not be searched along this draw again
    if (line.f < c.seed.score) pool.find((d) => d.seed === reached.get(line.p))?.tried.add(at);
  }
  return { spent, found };
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
