/**
 * generate → shrink (fast-check, on the `hypotheses` arbitrary) → referee → record: the shrunk failure is refereed and,
 * when certified (or undecided), written to the corpus; a write that fails loses nothing.
 */
import fc from 'fast-check';
import { fixtureFile, foundWith, osErrorText, writeFixture, type Fixture } from '../fixtures.js';
import type { SampleJudgement } from '../claims.js';
import type { Rung } from '../referee.js';
import type { Counterexample, Tightness } from '../result.js';
import { locate, userFrame } from '../theoremErrors.js';
import { arbitraryFor } from '../types.js';
import { MSG, worst } from '../verdicts.js';
import { Recorded, type ChoiceRecord } from './choices.js';
import { failing, refereeFailure, report, sample, type Judged, type Outcome, type Run } from './run.js';

/**
 * A sample of the random phase and the draws that produced it (where a climb starts), with its score, lower is
 * better: the smallest claim slack for the targeted phase, minus the largest tightness ratio for the tightness phase.
 */
export interface Seed {
  readonly rec: ChoiceRecord;
  readonly json: string;
  readonly score: number;
}

/**
 * The targeted phase's score of a sample: its smallest claim slack, unsaturated. The relative slack
 * (rhs − lhs)/max(|lhs|,|rhs|) of a bound whose sides are orders of magnitude apart rounds to exactly 1 in double
 * precision, which leaves a climb without a direction on much of an instance space (e.g. λ(1 − λ)^{2T} against a bound
 * of order 1/T). Above 1/2, where a claim with positive sides has slack 1 − r for its ratio r = lhs/rhs (rhs/lhs for
 * ≥), the slack is replaced by 1/2 + ln(1/(2r)): the same order where the slack does not round to 1, continuous at
 * 1/2, and still ordered where it does. A ratio that underflows to 0 (or a side ≤ 0) ranks after every positive
 * ratio.
 */
/** Above the score of any positive double ratio: 1/2 + ln(1/(2·5e-324)). */
const BEYOND = 0.5 + Math.log(0.5) - Math.log(Number.MIN_VALUE);

export function slackScore(j: SampleJudgement): number {
  let m = Infinity;
  for (const c of j.judgements) {
    if (Number.isNaN(c.slack)) continue;
    m = Math.min(m, c.slack <= 0.5 ? c.slack : c.ratio > 0 ? 0.5 + Math.log(0.5 / c.ratio) : BEYOND + c.slack);
  }
  return m === Infinity ? NaN : m;
}

/** How many of the best-scoring samples the random phase hands to a climb. */
export const POOL_SIZE = 4;

/** Insert `s` into `pool` (sorted by score, at most POOL_SIZE, no duplicate instance); true when it was kept. */
export function offer(pool: Seed[], s: Seed): boolean {
  if (!Number.isFinite(s.score) || pool.some((p) => p.json === s.json)) return false;
  if (pool.length >= POOL_SIZE && s.score >= pool.at(-1)!.score) return false;
  pool.push(s);
  pool.sort((a, b) => a.score - b.score);
  if (pool.length > POOL_SIZE) pool.pop();
  return true;
}

export interface GenerateStats {
  samples: number;
  discarded: number;
  vacuous: number;
  minSlack: number;
  /** The theorem's `observed` quantities on the sample with the smallest slack. */
  tightest?: Readonly<Record<string, string>>;
  /** The largest tightness ratio over the generated samples (claims.ts `Judgement.ratio`), its claim and spec. */
  tightness?: Tightness;
  /** The property failed or the time budget interrupted it: the samples are not a full run. */
  stoppedEarly: boolean;
  /** The lowest-slack samples with their choice records, lowest first. */
  readonly pool: Seed[];
  /** The samples with the largest tightness ratio (score −ratio), largest first: where the tightness phase starts. */
  readonly ratioPool: Seed[];
}

/** A generator that threw: its own theorem_error, at the user's line. */
export function generatorThrew(
  run: Run,
  out: Outcome,
  e: unknown,
  source: 'hypotheses' | 'violations',
  phase: Counterexample['phase'],
): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const location = userFrame(err.stack) ?? locate(run.opts.file, source);
  const rung: Rung = {
    backend: run.B.id,
    status: 'theorem_error',
    claims: [],
    reason: `${source} threw ${err.name}: ${err.message}`,
    ms: 0,
  };
  report(
    run,
    out,
    { verdict: 'theorem_error', reason: rung.reason!, rungs: [rung], ...(location ? { location } : {}) },
    {
      phase,
      spec: null,
      replay: run.checkCmd(run.seed),
    },
  );
}

/** fast-check's generate and shrink phases on the `hypotheses` arbitrary; counts the samples before any failure. */
function generate(
  run: Run,
  out: Outcome,
  numRuns: number,
): { stats: GenerateStats; details: fc.RunDetails<[unknown]> | null } {
  const stats: GenerateStats = {
    samples: 0,
    discarded: 0,
    vacuous: 0,
    minSlack: Infinity,
    stoppedEarly: true,
    pool: [],
    ratioPool: [],
  };
  let failedOnce = false;
  run.phase('generate');
  let details: fc.RunDetails<[unknown]>;
  try {
    // transparent: the same values as the bare arbitrary, plus the draws behind each one
    const arb = new Recorded(arbitraryFor(run.thm.hypotheses, run.prof.name));
    details = fc.check(
      fc.property(arb, (spec: unknown) => {
        const r = sample(run, spec, 'hypotheses', 'evaluate');
        run.phase('generate');
        const bad = failing(r);
        if (!failedOnce) {
          if (bad) failedOnce = true;
          else {
            stats.samples++;
            if (r.status === 'inconclusive') stats.discarded++;
            else {
              if (r.judgement!.vacuous) stats.vacuous++;
              const ratio = r.judgement!.maxRatio;
              if (!Number.isNaN(ratio) && (stats.tightness === undefined || ratio > stats.tightness.ratio))
                stats.tightness = { ratio, claim: r.judgement!.maxRatioLabel ?? '', spec };
              if (arb.last !== null) {
                const json = JSON.stringify(spec);
                offer(stats.pool, { rec: arb.last, json, score: slackScore(r.judgement!) });
                if (!Number.isNaN(ratio)) offer(stats.ratioPool, { rec: arb.last, json, score: -ratio });
              }
              if (r.judgement!.minSlack < stats.minSlack) {
                stats.minSlack = r.judgement!.minSlack;
                if (r.observed !== undefined) stats.tightest = r.observed;
                else delete stats.tightest;
              }
            }
          }
        }
        return !bad;
      }),
      {
        seed: run.seed,
        numRuns,
        interruptAfterTimeLimit: Math.max(1, (run.deadline - performance.now()) * 0.7),
      },
    );
  } catch (e) {
    generatorThrew(run, out, e, 'hypotheses', 'generate');
    return { stats, details: null };
  }
  stats.stoppedEarly = details.failed || details.interrupted;
  return { stats, details };
}

/** The shrunk counterexample fast-check settled on (its shrink phase ran inside `fc.check`), or null. */
function shrunk(details: fc.RunDetails<[unknown]>): { spec: unknown } | null {
  return details.failed && details.counterexample !== null ? { spec: details.counterexample[0] } : null;
}

// ---- record ---------------------------------------------------------------------------------------------------------

/**
 * Write a certified (or undecided) counterexample to the corpus. A write that fails (read-only folder, a file where
 * the folder should be, a full disk) loses nothing: the counterexample stays in the result with its re-run command,
 * a warning names the path and the OS error, and the result fails.
 */
export function record(
  run: Run,
  out: Outcome,
  spec: unknown,
  j: Judged,
  details: { readonly seed: number; readonly counterexamplePath: string | null },
): Pick<Counterexample, 'fixture' | 'fixtureError' | 'replay'> {
  const rerun = run.checkCmd(details.seed);
  if (run.fixturesDir === null || (j.verdict !== 'violated' && j.verdict !== 'undecided')) return { replay: rerun };
  run.phase('record');
  const fx: Fixture = {
    theorem: run.thm.id,
    spec,
    verdict: j.verdict,
    claims: j.rungs.at(-1)!.claims,
    found: foundWith({
      seed: details.seed,
      path: details.counterexamplePath,
      profile: run.prof.name,
      backend: run.B.id,
    }),
    status: 'open',
    note: '',
  };
  try {
    const w = writeFixture(run.fixturesDir, fx, run.opts.fixtureWriter);
    if (!w.created) out.notes.push(MSG.kept(w.file));
    return { fixture: w.file, replay: run.replayCmd(w.file) };
  } catch (e) {
    const file = fixtureFile(run.fixturesDir, run.thm.id, spec);
    out.unsaved = true;
    out.warnings.push(MSG.notSaved(file, osErrorText(e), rerun));
    return { fixtureError: `${file} (${osErrorText(e)})`, replay: rerun };
  }
}

/** The random phase: `numRuns` samples (the rest of the run's budget goes to the targeted phase). */
export async function generateShrinkRefereeRecord(run: Run, out: Outcome, numRuns = run.runs): Promise<GenerateStats> {
  const { stats, details } = generate(run, out, numRuns);
  if (details === null) return stats;
  const cx = shrunk(details);
  if (cx !== null) {
    const first = sample(run, cx.spec, 'hypotheses', 'evaluate');
    const j = await refereeFailure(run, first, cx.spec);
    const saved = record(run, out, cx.spec, j, details);
    report(run, out, j, {
      phase: 'generate',
      spec: cx.spec,
      seed: details.seed,
      path: details.counterexamplePath,
      ...saved,
    });
  } else if (details.interrupted && details.numRuns < numRuns) {
    out.verdict = worst(out.verdict, 'budget_exhausted');
    out.problems.push(MSG.budgetGenerate(details.numRuns, numRuns, run.timeMs));
  }
  return stats;
}
