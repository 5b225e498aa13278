/**
 * `verifyTheorem`: the phases in Hypothesis's order, one function each (under phases/) — explicit (witnesses, stored
 * fixtures) → generate (fast-check) → shrink (fast-check) → referee (dec:p, dec:2p, escalated) → record (fixture) →
 * negative control → health. The phases share one `Run` (settings) and write into one `Outcome` (what was found).
 */
import type { AnyTheorem } from './define.js';
import { explicitFixtures, explicitWitnesses } from './phases/explicit.js';
import { generateShrinkRefereeRecord } from './phases/generate.js';
import { health, negativeControl } from './phases/negative.js';
import { setUp, type Outcome, type Run } from './phases/run.js';
import { targetedSearch, tightnessSearch } from './phases/targeted.js';
import { citation, type TheoremResult, type Tightness, type TightnessSearch, type VerifyOptions } from './result.js';

export { worst } from './verdicts.js';
export { citation } from './result.js';
export type {
  Counterexample,
  FixtureProblem,
  RungSummary,
  TheoremResult,
  Tightness,
  TightnessSearch,
  VerifyOptions,
} from './result.js';

/** The kinds whose claims are bounds, for which a result records its tightness. */
const BOUND_KINDS: readonly AnyTheorem['kind'][] = ['upper', 'lower', 'tight'];

function passed(run: Run, out: Outcome): boolean {
  const { thm, opts } = run;
  const theoremError = out.counterexamples.some((c) => c.verdict === 'theorem_error');
  const undecided =
    thm.status === 'theorem' && out.counterexamples.some((c) => c.verdict === 'undecided' && c.phase !== 'negative');
  return (
    out.problems.length === 0 &&
    out.fixtureProblems.length === 0 &&
    !out.unsaved &&
    !theoremError &&
    !(out.blocking && thm.status === 'theorem') &&
    out.verdict !== 'hypothesis_violated' &&
    out.verdict !== 'budget_exhausted' &&
    !(opts.strict === true && undecided)
  );
}

/**
 * A `tight` theorem claims its bound is attained: when the tightness phase's best ratio stays below 1 − `tightness`
 * (the relative slack its witnesses must reach), the search did not come that close, which is worth a warning (the
 * bound may not be tight on the hypotheses as generated, or the search did not find where it is).
 */
function notAttained(run: Run, out: Outcome, t: Tightness | undefined, s: TightnessSearch): void {
  if (run.thm.kind !== 'tight' || s.found) return;
  const tol = run.thm.tightness ?? 1e-6;
  if (t !== undefined && 1 - t.ratio <= tol) return;
  const best = t === undefined ? 'no sample had a positive bound' : `best ratio ${t.ratio.toPrecision(6)} (${t.claim})`;
  out.warnings.push(
    `tightness: declared tight within ${tol}, but the search reached only ${best} after ${s.samples} more samples; check the witnesses and the hypotheses, or declare kind 'upper'/'lower'`,
  );
}

/** Run every phase for one theorem. Never throws for theorem-level outcomes; they become the verdict and problems. */
export async function verifyTheorem(thm: AnyTheorem, opts: VerifyOptions = {}): Promise<TheoremResult> {
  const t0 = performance.now();
  const run = setUp(thm, opts, t0);
  const out: Outcome = {
    verdict: 'holds',
    blocking: false,
    unsaved: false,
    problems: [],
    warnings: [],
    notes: [],
    fixtureProblems: [],
    counterexamples: [],
  };
  await explicitWitnesses(run, out);
  await explicitFixtures(run, out);
  // the targeted phase takes its share out of the runs (the total stays the profile's)
  const targeted = Math.min(
    run.runs - 1,
    opts.targetedRuns ?? (thm.search === 'random' ? 0 : Math.floor(run.runs * run.prof.targetedShare)),
  );
  const stats = await generateShrinkRefereeRecord(run, out, run.runs - Math.max(0, targeted));
  const search = await targetedSearch(run, out, stats, targeted);
  const bound = BOUND_KINDS.includes(thm.kind);
  const tightSearch =
    bound && (opts.tightnessRuns ?? 0) > 0 && !stats.stoppedEarly && !search.found
      ? ((await tightnessSearch(run, out, stats, opts.tightnessRuns!)) ?? {
          samples: 0,
          before: stats.tightness?.ratio ?? null,
          found: false,
        })
      : null;
  const tightness: Tightness | undefined =
    stats.tightness === undefined || !bound
      ? undefined
      : { ...stats.tightness, ...(tightSearch !== null ? { search: tightSearch } : {}) };
  if (tightSearch !== null) notAttained(run, out, tightness, tightSearch);
  const negative = await negativeControl(run, out);
  const healthJudged = health(run, out, stats);
  return {
    id: thm.id,
    title: thm.title,
    status: thm.status,
    kind: thm.kind,
    citation: citation(thm),
    ...(opts.file !== undefined ? { file: opts.file } : {}),
    profile: run.prof.name,
    backend: run.B.id,
    seed: run.seed,
    verdict: out.verdict,
    passed: passed(run, out),
    finding: out.verdict === 'violated' && thm.status !== 'theorem',
    runs: stats.samples,
    discarded: stats.discarded,
    vacuous: stats.vacuous,
    minSlack: Number.isFinite(stats.minSlack) ? stats.minSlack : null,
    ...(stats.tightest !== undefined ? { observed: stats.tightest } : {}),
    ...(tightness !== undefined ? { tightness } : {}),
    search: targeted > 0 ? search : { ...search, strategy: 'random' },
    timeMs: Math.round(performance.now() - t0),
    counterexamples: out.counterexamples,
    negativeControl: negative,
    problems: out.problems,
    warnings: out.warnings,
    fixtureProblems: out.fixtureProblems,
    healthJudged,
    notes: out.notes,
    ...(run.falseAlarm.claims > 0 ? { falseAlarm: run.falseAlarm } : {}),
    replay: out.counterexamples.find((c) => c.verdict !== 'precision_artifact')?.replay ?? run.checkCmd(run.seed),
  };
}
