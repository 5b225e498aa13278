/**
 * `thm check [ids | theorem files] [--profile] [--runs N] [--seed S] [--backend f64|dd|dec:N] [--fixtures DIR]
 * [--json FILE] [--jobs N] [--budget-ms N] [--strict]`: verify theorems in parallel worker processes and print a table.
 * Exit 0 when every theorem passes, 1 otherwise, 2 when a stored fixture cannot be replayed (after every theorem ran);
 * usage/input errors exit 2 from main. `--strict`: an undecided sample of a theorem fails it.
 */
import os from 'node:os';
import path from 'node:path';
import { checkBackendId } from '../../theorem/backends.js';
import { PROJECT_ROOT, type LoadedTheorem } from '../../theorem/discover.js';
import { DEFAULT_FIXTURES_DIR } from '../../theorem/fixtures.js';
import { profileFrom, seedFor, withBudget, type Profile } from '../../theorem/profiles.js';
import { citation, type TheoremResult, type VerifyOptions } from '../../theorem/verify.js';
import { intOption, parse, stringOption } from '../args.js';
import { closing, details, resultsTable } from '../format.js';
import { recordLastRun, writeJsonFile } from '../lastRun.js';
import { runPool, type Outcome } from '../pool.js';
import { progress } from '../progress.js';
import { resolveTargets } from '../targets.js';
import { inputError } from '../../errors.js';
import { MSG } from '../../theorem/verdicts.js';

export const summary = 'verify theorems (the whole catalogue by default) and print a table';
export const usage = 'thm check [ids | path/to/x.theorem.ts …] [--profile quick|ci|nightly] [--runs N] [--seed S] [--backend f64|dd|dec:N] [--fixtures DIR] [--json FILE] [--jobs N] [--budget-ms N] [--strict]';

/** The engine self-check run when the catalogue is empty: a true toy bound must hold, a false one must be certified violated. */
const SELF_CHECK = ['toy_square_le_one', 'toy_square_le_self'].map((id) => path.join(PROJECT_ROOT, 'src', 'theorem', 'testdata', `${id}.theorem.ts`));

/** Hard budget: the soft budget (phases stop themselves) twice over, plus process start-up. */
export function hardBudgetMs(softMs: number): number {
  return 2 * softMs + 5_000;
}

function synthesized(t: LoadedTheorem, prof: Profile, backend: string, seed: number, verdict: TheoremResult['verdict'], problem: string, ms: number): TheoremResult {
  const thm = t.theorem;
  return {
    id: thm.id, title: thm.title, status: thm.status, kind: thm.kind, citation: citation(thm), file: t.file,
    profile: prof.name, backend, seed, verdict, passed: false, finding: false, runs: 0, discarded: 0, vacuous: 0,
    minSlack: null, timeMs: ms, counterexamples: [], negativeControl: { verdict: 'not_run', runs: 0, reason: '' },
    problems: [problem], warnings: [], fixtureProblems: [], healthJudged: false, notes: [], replay: `npm run thm -- check ${path.relative(process.cwd(), t.file)} --profile ${prof.name} --seed ${seed}`,
  };
}

/** Run `targets` on a worker pool; results in target order. */
export async function checkTheorems(targets: readonly LoadedTheorem[], o: {
  profile: Profile; runs?: number; seed?: number; backend?: string; fixturesDir: string | null; jobs: number; budgetMs?: number; strict?: boolean;
}): Promise<TheoremResult[]> {
  const bar = progress(targets.length);
  const jobs = targets.map((t, index) => {
    const soft = o.budgetMs ?? withBudget(o.profile, t.theorem.budget?.[o.profile.name]).timeMs;
    // the seed is fixed here (fresh ones too) so that a killed worker's result still names it
    const seed = seedFor(o.profile, t.theorem.id, o.seed);
    const opts: VerifyOptions = {
      profile: o.profile, seed, fixturesDir: o.fixturesDir, timeMs: soft, file: path.relative(process.cwd(), t.file) || t.file,
      ...(o.runs !== undefined ? { runs: o.runs } : {}), ...(o.backend !== undefined ? { backend: o.backend } : {}),
      ...(o.strict === true ? { strict: true } : {}),
    };
    return { index, file: t.file, opts, hardMs: hardBudgetMs(soft) };
  });
  const outcomes = await runPool(jobs, o.jobs, (x: Outcome) => bar.tick(targets[x.index]!.theorem.id));
  bar.done();
  return outcomes.map((x, i) => {
    const t = targets[i]!;
    const job = jobs[i]!;
    const backend = o.backend ?? o.profile.backend;
    if (x.kind === 'result') return x.result;
    if (x.kind === 'timeout') {
      return synthesized(t, o.profile, backend, job.opts.seed!, 'budget_exhausted', MSG.hardBudget(x.ms, x.phase), x.ms);
    }
    if (x.input) throw inputError(x.message);
    return synthesized(t, o.profile, backend, job.opts.seed!, 'undecided', `internal error: ${x.message}`, 0);
  });
}

export async function run(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parse('check', argv, {
    profile: { type: 'string' }, runs: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' },
    fixtures: { type: 'string' }, json: { type: 'string' }, jobs: { type: 'string' }, 'budget-ms': { type: 'string' },
    strict: { type: 'boolean' },
  });
  const profile = profileFrom(stringOption(values.profile));
  const runs = intOption(values.runs, 'runs');
  const seed = intOption(values.seed, 'seed', { signed: true });
  const backend = values.backend === undefined ? undefined : checkBackendId(String(values.backend), '--backend');
  const jobs = intOption(values.jobs, 'jobs') ?? os.availableParallelism();
  const budgetMs = intOption(values['budget-ms'], 'budget-ms');
  const fixturesDir = stringOption(values.fixtures) ?? DEFAULT_FIXTURES_DIR; // workers share the cwd
  const json = stringOption(values.json);

  let targets = await resolveTargets(positionals);
  const selfCheck = targets.length === 0;
  if (selfCheck) {
    console.log('no theorems found in properties/ (add properties/<area>/<id>.theorem.ts); running the engine self-check');
    targets = await resolveTargets(SELF_CHECK);
  }
  const results = await checkTheorems(targets, {
    profile, fixturesDir: selfCheck ? null : fixturesDir, jobs, strict: values.strict === true,
    ...(runs !== undefined ? { runs } : {}), ...(seed !== undefined ? { seed } : {}),
    ...(backend !== undefined ? { backend } : {}), ...(budgetMs !== undefined ? { budgetMs } : {}),
  });

  console.log(resultsTable(results));
  for (const d of results.map(details).filter((x) => x !== '')) console.log(`\n${d}`);
  if (json !== undefined) writeJsonFile(json, { profile: profile.name, date: new Date().toISOString(), selfCheck, results });

  if (selfCheck) {
    const [t, f] = results;
    const ok = t?.verdict === 'holds' && t.passed && f?.verdict === 'violated';
    console.log(`\nengine self-check: ${ok ? 'ok (a true bound holds, a false one is certified violated)' : 'FAILED'}`);
    return ok ? 0 : 1;
  }
  recordLastRun(results);
  const failed = results.filter((r) => !r.passed);
  const findings = results.filter((r) => r.finding);
  console.log(`\n${results.length} theorems: ${results.length - failed.length} passed, ${failed.length} failed, ${findings.length} findings (profile ${profile.name})`);
  const end = closing(results);
  for (const line of end.stderr) console.error(line);
  return end.code;
}
