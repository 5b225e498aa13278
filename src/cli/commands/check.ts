/**
 * `thm check [ids | theorem files] [--profile] [--runs N] [--seed S] [--backend f64|dd|dec:N] [--fixtures DIR]
 * [--json FILE] [--junit FILE] [--shard i/n] [--jobs N] [--budget-ms N] [--strict] [--tightness]`: verify theorems
 * in parallel worker processes and print a table (plus, for CI, the outputs of ../ciOutputs.ts; docs/ci.md). Exit 0
 * when every theorem passes, 1 otherwise, 2 when a stored fixture cannot be replayed (after every theorem ran), 130
 * after SIGINT (finished results printed and recorded); usage/input errors exit 2 from main. `--strict`: an undecided
 * sample of a theorem fails it. `--tightness`: bounds (kinds upper/lower/tight) also climb on their largest lhs/rhs
 * ratio (another `runs` samples) and store the best instance under the results root (../tightnessRecord.ts).
 */
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT, type LoadedTheorem } from '../../theorem/discover.js';
import { profileFrom, seedFor, withBudget, type Profile } from '../../theorem/profiles.js';
import { citation, type TheoremResult, type VerifyOptions } from '../../theorem/result.js';
import { intOption, parse, stringOption } from '../args.js';
import {
  closing,
  details,
  falseAlarmLine,
  mark,
  resultsTable,
  searchText,
  TABLE_LEGEND,
  tightnessSearchText,
} from '../format.js';
import { checkOutputFile, recordLastRun } from '../lastRun.js';
import { writeCiOutputs } from '../ciOutputs.js';
import { parseShard, shardOf } from '../shard.js';
import { runPool, type Outcome } from '../pool.js';
import { progress } from '../progress.js';
import { resolveTargets } from '../targets.js';
import { defaultFixturesDir, lastResultsFile, shownPath } from '../resultsRoot.js';
import { storeTightness, tightnessDir } from '../tightnessRecord.js';
import { osErrorText } from '../../theorem/fixtures.js';
import { inputError } from '../../errors.js';
import { MSG } from '../../theorem/verdicts.js';

export const summary = 'verify theorems (the whole catalogue by default) and print a table';
export const usage =
  'thm check [ids | path/to/x.theorem.ts | folder …] [--profile quick|ci|nightly] [--runs N] [--seed S] [--backend f64|dd|dec:N] [--fixtures DIR] [--json FILE] [--junit FILE] [--shard i/n] [--jobs N] [--budget-ms N] [--strict] [--tightness]';
export const help = [
  'Options:',
  '  --profile P      quick (f64) | ci (dd, seeds from theorem ids; default) | nightly (dd, fresh seeds); else THM_PROFILE',
  "  --runs N         generated samples per theorem (default: the profile's)",
  '  --seed S         fast-check seed (a 32-bit integer; failures print theirs)',
  '  --backend B      backend of the generate phase: f64 | dd | dec:N',
  '  --fixtures DIR   counterexample corpus (default fixtures/counterexamples)',
  '  --json FILE      write the results as JSON (schemas/check-results.schema.json, "schema": 1)',
  '  --junit FILE     write JUnit XML (one testcase per theorem, classname = area; schemas/junit.xsd)',
  '  --shard i/n      run only shard i of n (theorems ordered by id, dealt round-robin); merge with thm report --from',
  '  --jobs N         worker processes (default: the number of CPUs)',
  '  --budget-ms N    soft time budget per theorem (killed at twice that + 5 s after its worker starts it)',
  '  --strict         an undecided sample of a theorem fails the run (default: a warning line)',
  '  --tightness      bounds (upper/lower/tight): another N runs maximize lhs/rhs (the choice-sequence climb); prints',
  '                   the best ratio and its instance, stored in fixtures/tightness/<id>.json under the results root;',
  '                   a tight theorem that stays below 1 − its declared tightness gets a warning',
  'With GITHUB_ACTIONS=true it prints ::error/::warning annotations; with stdout not a terminal, one line per finished',
  'theorem. SIGINT prints and records the finished theorems, then exits 130. See docs/ci.md.',
].join('\n');

/**
 * The engine self-check run when the catalogue is empty: a true toy bound must hold, a false one must be certified
 * violated.
 */
const SELF_CHECK = ['toy_square_le_one', 'toy_square_le_self'].map((id) =>
  path.join(PROJECT_ROOT, 'src', 'theorem', 'testdata', `${id}.theorem.ts`),
);

/**
 * Hard budget, from when a worker takes the theorem: the soft budget (phases stop themselves) twice over, plus loading
 * the theorem file (the worker's own start-up is not counted: src/cli/pool.ts).
 */
export function hardBudgetMs(softMs: number): number {
  return 2 * softMs + 5_000;
}

function synthesized(
  t: LoadedTheorem,
  prof: Profile,
  backend: string,
  seed: number,
  verdict: TheoremResult['verdict'],
  problem: string,
  ms: number,
): TheoremResult {
  const thm = t.theorem;
  return {
    id: thm.id,
    title: thm.title,
    status: thm.status,
    kind: thm.kind,
    citation: citation(thm),
    file: t.file,
    profile: prof.name,
    backend,
    seed,
    verdict,
    passed: false,
    finding: false,
    runs: 0,
    discarded: 0,
    vacuous: 0,
    minSlack: null,
    timeMs: ms,
    counterexamples: [],
    negativeControl: { verdict: 'not_run', runs: 0, reason: '' },
    problems: [problem],
    warnings: [],
    fixtureProblems: [],
    healthJudged: false,
    notes: [],
    replay: `npx thm check ${path.relative(process.cwd(), t.file)} --profile ${prof.name} --seed ${seed}`,
  };
}

export interface CheckRun {
  /** Results of the theorems that finished, in target order. */
  readonly results: TheoremResult[];
  /** SIGINT stopped the run: `notRun` lists what did not finish. */
  readonly interrupted: boolean;
  readonly notRun: LoadedTheorem[];
}

/** One log line for a finished theorem (printed as it finishes when stdout is not a terminal). */
function finishedLine(id: string, x: Outcome): string {
  if (x.kind === 'result')
    return `${x.result.id}  ${x.result.verdict}  ${mark(x.result)}  ${(x.result.timeMs / 1000).toFixed(1)}s`;
  if (x.kind === 'timeout') return `${id}  budget_exhausted  FAIL  ${(x.ms / 1000).toFixed(1)}s (worker killed)`;
  if (x.kind === 'interrupted') return `${id}  interrupted`;
  return `${id}  ${x.input ? 'input error' : 'internal error'}`;
}

/** Run `targets` on a worker pool; results in target order. `signal` (SIGINT) stops it, keeping what finished. */
export async function checkTheorems(
  targets: readonly LoadedTheorem[],
  o: {
    profile: Profile;
    runs?: number;
    seed?: number;
    backend?: string;
    fixturesDir: string | null;
    jobs: number;
    budgetMs?: number;
    signal?: AbortSignal;
    strict?: boolean;
    /** Run the tightness phase (another `runs` samples per bound). */
    tightness?: boolean;
  },
): Promise<CheckRun> {
  const bar = progress(targets.length);
  const jobs = targets.map((t, index) => {
    const prof = withBudget(o.profile, t.theorem.budget?.[o.profile.name]);
    const soft = o.budgetMs ?? prof.timeMs;
    // the seed is fixed here (fresh ones too) so that a killed worker's result still names it
    const seed = seedFor(o.profile, t.theorem.id, o.seed);
    const opts: VerifyOptions = {
      profile: o.profile,
      seed,
      fixturesDir: o.fixturesDir,
      timeMs: soft,
      file: path.relative(process.cwd(), t.file) || t.file,
      ...(o.runs !== undefined ? { runs: o.runs } : {}),
      ...(o.backend !== undefined ? { backend: o.backend } : {}),
      ...(o.strict === true ? { strict: true } : {}),
      ...(o.tightness === true ? { tightnessRuns: o.runs ?? prof.runs } : {}),
    };
    return { index, file: t.file, opts, hardMs: hardBudgetMs(soft) };
  });
  const finished = new Set<number>();
  const outcomes = await runPool(
    jobs,
    o.jobs,
    (x: Outcome) => {
      if (o.signal?.aborted === true || x.kind === 'interrupted') return; // killed by the interrupt: not a result
      finished.add(x.index);
      bar.tick(targets[x.index]!.theorem.id, finishedLine(targets[x.index]!.theorem.id, x));
    },
    o.signal,
  );
  bar.done();
  const results: TheoremResult[] = [];
  for (const [i, x] of outcomes.entries()) {
    if (x === undefined || !finished.has(i)) continue;
    const t = targets[i]!;
    const job = jobs[i]!;
    const backend = o.backend ?? o.profile.backend;
    if (x.kind === 'interrupted') continue;
    if (x.kind === 'result') results.push(x.result);
    else if (x.kind === 'timeout') {
      results.push(
        synthesized(t, o.profile, backend, job.opts.seed!, 'budget_exhausted', MSG.hardBudget(x.ms, x.phase), x.ms),
      );
    } else if (x.input) throw inputError(x.message);
    else
      results.push(synthesized(t, o.profile, backend, job.opts.seed!, 'undecided', `internal error: ${x.message}`, 0));
  }
  // a Ctrl-C reaches the workers too; one that died of it counts as an interrupt even if ours came late
  const interrupted = o.signal?.aborted === true || outcomes.some((x) => x?.kind === 'interrupted');
  return { results, interrupted, notRun: targets.filter((_, i) => !finished.has(i)) };
}

/** Store the best tightness instance of a result whose tightness phase ran, and name the file in the result. */
function withTightnessRecord(r: TheoremResult): TheoremResult {
  if (r.tightness?.search === undefined) return r;
  try {
    const w = storeTightness(tightnessDir(), r);
    if (w === null) return r;
    if (!w.written)
      return { ...r, notes: [...r.notes, `tightness: ${shownPath(w.file)} keeps a larger ratio from an earlier run`] };
    return { ...r, tightness: { ...r.tightness, record: shownPath(w.file) } };
  } catch (e) {
    return { ...r, warnings: [...r.warnings, `tightness instance not saved: ${osErrorText(e)}`] };
  }
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('check', argv, {
    profile: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    fixtures: { type: 'string' },
    json: { type: 'string' },
    jobs: { type: 'string' },
    'budget-ms': { type: 'string' },
    junit: { type: 'string' },
    shard: { type: 'string' },
    strict: { type: 'boolean' },
    tightness: { type: 'boolean' },
  });
  const profile = profileFrom(stringOption(values.profile));
  const runs = intOption(values.runs, 'runs');
  const seed = intOption(values.seed, 'seed', { signed: true });
  // the backend registry (every numeric engine) is loaded only to check a --backend given here: the main process
  // leaves the engine to its workers, so that it starts in a fraction of a second
  const backend =
    values.backend === undefined
      ? undefined
      : (await import('../../theorem/backends.js')).checkBackendId(String(values.backend), '--backend');
  const jobs = intOption(values.jobs, 'jobs') ?? os.availableParallelism();
  const budgetMs = intOption(values['budget-ms'], 'budget-ms');
  const fixturesDir = stringOption(values.fixtures) ?? shownPath(defaultFixturesDir()); // workers share the cwd
  const json = stringOption(values.json);
  const junit = stringOption(values.junit);
  const shard = values.shard === undefined ? null : parseShard(String(values.shard));
  // outputs that cannot be written fail now, not after the run (docs/results.md)
  if (json !== undefined) checkOutputFile(json, `--json ${json}`);
  if (junit !== undefined) checkOutputFile(junit, `--junit ${junit}`);
  checkOutputFile(lastResultsFile(), `results file ${shownPath(lastResultsFile())}`);

  let targets = await resolveTargets(positionals);
  const selfCheck = targets.length === 0;
  if (selfCheck) {
    console.log(
      'no theorems found in properties/ (add properties/<area>/<id>.theorem.ts); running the engine self-check',
    );
    targets = await resolveTargets(SELF_CHECK);
  } else if (shard !== null) {
    const all = targets.length;
    targets = shardOf(targets, shard, (t) => t.theorem.id);
    console.log(`shard ${shard.index}/${shard.total}: ${targets.length} of ${all} theorems`);
  }
  const stop = new AbortController();
  const onSigint = () => stop.abort(); // once: a second Ctrl-C ends the process at once
  process.once('SIGINT', onSigint);
  let checked: CheckRun;
  try {
    checked = await checkTheorems(targets, {
      profile,
      fixturesDir: selfCheck ? null : fixturesDir,
      jobs,
      signal: stop.signal,
      strict: values.strict === true,
      tightness: values.tightness === true,
      ...(runs !== undefined ? { runs } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(budgetMs !== undefined ? { budgetMs } : {}),
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const { interrupted } = checked;
  const results = selfCheck ? checked.results : checked.results.map(withTightnessRecord);
  const byId = new Map(targets.map((t) => [t.theorem.id, t]));

  console.log(resultsTable(results));
  console.log(TABLE_LEGEND);
  const searched = [...results.map(searchText), ...results.map(tightnessSearchText)].filter((x) => x !== '');
  if (searched.length > 0) console.log(`\n${searched.join('\n')}`);
  for (const d of results.map(details).filter((x) => x !== '')) console.log(`\n${d}`);
  if (interrupted)
    console.log(
      `\ninterrupted (SIGINT): ${results.length} of ${targets.length} theorems finished; not run: ${checked.notRun.map((t) => t.theorem.id).join(', ') || '-'}`,
    );
  if (!selfCheck) recordLastRun(results); // first: an unwritable --json/--junit must not lose the results
  writeCiOutputs(
    results.map((r) => ({ ...r, area: byId.get(r.id)?.area ?? '' })),
    {
      json,
      junit,
      profile: profile.name,
      selfCheck,
      interrupted,
      shard: selfCheck ? null : shard,
      notRun: checked.notRun.map((t) => ({
        id: t.theorem.id,
        area: t.area,
        reason: 'not run: the run was interrupted (SIGINT)',
      })),
      fileOf: (id) => byId.get(id)?.file,
    },
  );

  if (selfCheck) {
    const [t, f] = results;
    const ok = t?.verdict === 'holds' && t.passed && f?.verdict === 'violated';
    console.log(`\nengine self-check: ${ok ? 'ok (a true bound holds, a false one is certified violated)' : 'FAILED'}`);
    return interrupted ? 130 : ok ? 0 : 1;
  }
  const failed = results.filter((r) => !r.passed);
  const findings = results.filter((r) => r.finding);
  console.log(
    `\n${results.length} theorems: ${results.length - failed.length} passed, ${failed.length} failed, ${findings.length} findings (profile ${profile.name})`,
  );
  console.log(falseAlarmLine(results));
  const end = closing(results);
  for (const line of end.stderr) console.error(line);
  return interrupted ? 130 : end.code;
}
