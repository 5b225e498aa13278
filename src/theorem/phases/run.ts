/**
 * The state the phases of `verifyTheorem` share: the run's settings (`Run`), what the phases find (`Outcome`), and the
 * steps every phase uses — evaluate one sample, referee a failure, record a counterexample into the outcome.
 */
import path from 'node:path';
import type { AnyBackend } from '../../numeric/types.js';
import { getBackend, checkBackendId } from '../backends.js';
import type { AnyTheorem } from '../define.js';
import { CATALOGUE_DIR } from '../discover.js';
import { DEFAULT_FIXTURES_DIR } from '../fixtures.js';
import { profileFrom, seedFor, withBudget, type Profile } from '../profiles.js';
import { evaluateOn, referee, type Rung } from '../referee.js';
import type { Counterexample, FixtureProblem, RungSummary, VerifyOptions } from '../result.js';
import { addFalseAlarm, falseAlarm, type FalseAlarm } from '../statistical.js';
import { locate, specValueProblem } from '../theoremErrors.js';
import { MSG, worst, type Phase, type Verdict } from '../verdicts.js';

export interface Run {
  readonly thm: AnyTheorem;
  readonly opts: VerifyOptions;
  readonly prof: Profile;
  readonly runs: number;
  readonly timeMs: number;
  readonly deadline: number;
  readonly seed: number;
  readonly B: AnyBackend;
  readonly fixturesDir: string | null;
  readonly phase: (p: Phase) => void;
  readonly replayCmd: (fixture: string) => string;
  readonly checkCmd: (seed: number) => string;
  /** Statistical claims evaluated on `hypotheses` and witnesses, and their Σδ (../statistical.ts). */
  falseAlarm: FalseAlarm;
}

export interface Outcome {
  verdict: Verdict;
  /** A certified violation that counts against this theorem (not an explained fixture). */
  blocking: boolean;
  /** A counterexample found but not saved (the run must fail so that it is not lost). */
  unsaved: boolean;
  readonly problems: string[];
  readonly warnings: string[];
  readonly notes: string[];
  readonly fixtureProblems: FixtureProblem[];
  readonly counterexamples: Counterexample[];
}

/** A refereed failing instance. */
export interface Judged {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly rungs: readonly Rung[];
  readonly location?: string;
}

export function setUp(thm: AnyTheorem, opts: VerifyOptions, t0: number): Run {
  const base = typeof opts.profile === 'object' ? opts.profile : profileFrom(opts.profile);
  const prof = withBudget(base, thm.budget?.[base.name]);
  const runs = opts.runs ?? prof.runs;
  const timeMs = opts.timeMs ?? prof.timeMs;
  const backendId = checkBackendId(opts.backend ?? prof.backend);
  const seed = seedFor(prof, thm.id, opts.seed);
  const target = opts.file ?? thm.id;
  const backendFlag = opts.backend !== undefined ? ` --backend ${backendId}` : '';
  // a theorem outside the catalogue must be named to `thm replay`
  const inCatalogue =
    opts.file === undefined || !path.relative(CATALOGUE_DIR, path.resolve(opts.file)).startsWith('..');
  return {
    thm,
    opts,
    prof,
    runs,
    timeMs,
    deadline: t0 + timeMs,
    seed,
    B: getBackend(backendId),
    fixturesDir: opts.fixturesDir === undefined ? DEFAULT_FIXTURES_DIR : opts.fixturesDir,
    phase: opts.onPhase ?? (() => undefined),
    // `npx thm …` runs as printed both in a project that installed theoremcheck and in its own checkout (npm exec
    // runs the current package's own bin); `npm run thm --` only works in the checkout
    replayCmd: (fixture) => `npx thm replay ${fixture}${inCatalogue ? '' : ` --theorem ${opts.file}`}`,
    falseAlarm: { claims: 0, delta: '0', certified: '0' },
    checkCmd: (s) =>
      `npx thm check ${target} --profile ${prof.name} --seed ${s}${opts.runs !== undefined ? ` --runs ${runs}` : ''}${backendFlag}`,
  };
}

export const failing = (r: Rung) =>
  r.status === 'violated' ||
  r.status === 'invalid' ||
  r.status === 'theorem_error' ||
  r.status === 'hypothesis_violated';

function summarize(r: Rung): RungSummary {
  return { backend: r.backend, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
}

/**
 * Evaluate one spec at the generate backend, after checking that the generator produced exact JSON (a spec with
 * Infinity or a non-decimal number string is a theorem-file bug, located at the arbitrary's definition).
 */
export function sample(
  run: Run,
  spec: unknown,
  source: 'hypotheses' | 'violations' | 'witnesses',
  during: Phase,
): Rung {
  const bad = specValueProblem(spec);
  if (bad !== null) {
    const location = locate(run.opts.file, source);
    return {
      backend: run.B.id,
      status: 'theorem_error',
      claims: [],
      reason: `${source} produced ${bad}`,
      ...(location ? { location } : {}),
      ms: 0,
    };
  }
  run.phase(during);
  const r = evaluateOn(run.thm, run.B, spec);
  // the negative control's samples are meant to fail: they do not count against the false-alarm budget
  if (source !== 'violations') run.falseAlarm = addFalseAlarm(run.falseAlarm, falseAlarm(r.claims));
  return r;
}

/** Record one judged counterexample and fold its verdict into the outcome. */
export function report(
  run: Run,
  out: Outcome,
  j: Judged,
  cx: Omit<Counterexample, 'verdict' | 'reason' | 'claims' | 'rungs' | 'location'> & { reason?: string },
  counts = true,
): void {
  if (counts) {
    out.verdict = worst(out.verdict, j.verdict);
    if (j.verdict === 'violated' || j.verdict === 'hypothesis_violated') out.blocking = true;
  }
  if (j.verdict === 'undecided' && cx.phase !== 'negative') {
    const line = MSG.undecided(cx.phase, j.reason, cx.replay);
    if (run.thm.status === 'theorem') out.warnings.push(line);
    else out.notes.push(line);
  }
  const location = j.location ?? (j.verdict === 'theorem_error' ? locate(run.opts.file, 'evaluate') : undefined);
  out.counterexamples.push({
    ...cx,
    verdict: j.verdict,
    reason: cx.reason ?? j.reason,
    claims: j.rungs.at(-1)!.claims,
    rungs: j.rungs.map(summarize),
    ...(j.rungs.at(-1)!.observed !== undefined ? { observed: j.rungs.at(-1)!.observed } : {}),
    ...(location !== undefined ? { location } : {}),
  });
}

// ---- referee ------------------------------------------------------------------------------------------------------

/** Referee one failing instance: theorem-file errors and rejected hypotheses need no referee; the rest is re-run. */
export async function refereeFailure(run: Run, first: Rung, spec: unknown): Promise<Judged> {
  if (first.status === 'hypothesis_violated')
    return { verdict: 'hypothesis_violated', reason: first.reason ?? '', rungs: [first] };
  if (first.status === 'theorem_error') {
    return {
      verdict: 'theorem_error',
      reason: first.reason ?? '',
      rungs: [first],
      ...(first.location ? { location: first.location } : {}),
    };
  }
  run.phase('referee');
  const ref = await referee(run.thm, spec, run.prof.refereeDigits);
  const rungs = [first, ...ref.rungs];
  if (ref.verdict === 'theorem_error') {
    const te = ref.rungs.find((r) => r.status === 'theorem_error');
    return { verdict: 'theorem_error', reason: ref.reason, rungs, ...(te?.location ? { location: te.location } : {}) };
  }
  // NaN/Infinity at every precision is not rounding and not a counterexample: divergence evaluate did not classify
  if (rungs.every((r) => r.status === 'invalid'))
    return { verdict: 'theorem_error', reason: MSG.notFinite(first.reason ?? ''), rungs };
  return { verdict: ref.verdict, reason: ref.reason, rungs };
}
