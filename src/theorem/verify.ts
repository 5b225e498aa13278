/**
 * `verifyTheorem`: the phases in Hypothesis's order, one function each — explicit (witnesses, stored fixtures) →
 * generate (fast-check) → shrink (fast-check) → referee (dec:p, dec:2p, escalated) → record (fixture) → negative
 * control → health. The phases share one `Run` (settings) and write into one `Outcome` (what was found).
 */
import path from 'node:path';
import fc from 'fast-check';
import type { AnyBackend } from '../numeric/types.js';
import { getBackend, checkBackendId } from './backends.js';
import { type AnyTheorem } from './define.js';
import { CATALOGUE_DIR } from './discover.js';
import {
  DEFAULT_FIXTURES_DIR, checkPlacement, fixtureError, fixtureFile, foundWith, isFixtureError, listFixtures, osErrorText, readFixture,
  writeFixture, type Fixture, type FixtureStatus, type FixtureWriter,
} from './fixtures.js';
import { profileFrom, seedFor, withBudget, type Profile } from './profiles.js';
import { evaluateOn, referee, type Rung } from './referee.js';
import { specShapeProblem } from './specShape.js';
import { locate, specValueProblem, userFrame } from './theoremErrors.js';
import { arbitraryFor, type Claim, type ProfileName } from './types.js';
import { MSG, worst, type Phase, type Verdict } from './verdicts.js';

export { worst } from './verdicts.js';

export interface VerifyOptions {
  /** Profile name or object; default THM_PROFILE, else ci. */
  readonly profile?: ProfileName | Profile;
  readonly runs?: number;
  readonly seed?: number;
  /** Backend of the generate phase (default: the profile's). */
  readonly backend?: string;
  /** Counterexample corpus; `null` neither reads nor writes fixtures. */
  readonly fixturesDir?: string | null;
  /** Soft time budget override (ms). */
  readonly timeMs?: number;
  /** Path of the theorem file, for the replay command and the file:line of theorem-file errors. */
  readonly file?: string;
  /** An `undecided` sample of a `theorem` fails the result (`thm check --strict`); otherwise it is a warning. */
  readonly strict?: boolean;
  /** Told when the run enters a phase (the CLI worker forwards it, so a hard-budget kill names the phase). */
  readonly onPhase?: (phase: Phase) => void;
  /** How fixtures are written (tests inject a failing writer to simulate a full disk). */
  readonly fixtureWriter?: FixtureWriter;
}

export interface RungSummary {
  readonly backend: string;
  readonly status: string;
  readonly reason?: string;
}

export interface Counterexample {
  readonly phase: 'witness' | 'fixture' | 'generate' | 'negative';
  readonly spec: unknown;
  readonly verdict: Verdict;
  readonly reason: string;
  /** Claims at the highest precision evaluated. */
  readonly claims: readonly Claim[];
  readonly rungs: readonly RungSummary[];
  readonly seed?: number;
  readonly path?: string | null;
  readonly fixture?: string;
  readonly fixtureStatus?: FixtureStatus;
  /** The fixture could not be written: "path (OS error)". The counterexample then lives only in this result. */
  readonly fixtureError?: string;
  /** For a theorem_error: file:line of the user's code (the throwing frame, else the `evaluate`/generator definition). */
  readonly location?: string;
  readonly replay: string;
}

/** A stored fixture that cannot be replayed (corrupt, misplaced, or not the theorem's spec shape): an input error. */
export interface FixtureProblem {
  readonly file: string;
  readonly field: string;
  /** One line: "file: field: what is wrong". */
  readonly message: string;
}

export interface TheoremResult {
  readonly id: string;
  readonly title: string;
  readonly status: AnyTheorem['status'];
  readonly kind: AnyTheorem['kind'];
  readonly citation: string;
  readonly file?: string;
  readonly profile: ProfileName;
  readonly backend: string;
  readonly seed: number;
  readonly verdict: Verdict;
  /** False when this result should fail CI (see properties/README.md for the policy). */
  readonly passed: boolean;
  /** A certified violation of a conjecture/phenomenon: recorded and reported, not a failure. */
  readonly finding: boolean;
  readonly runs: number;
  readonly discarded: number;
  readonly vacuous: number;
  /** Smallest relative slack over all generated samples (null when none had claims). */
  readonly minSlack: number | null;
  readonly timeMs: number;
  readonly counterexamples: readonly Counterexample[];
  readonly negativeControl: { readonly verdict: Verdict | 'not_run'; readonly runs: number; readonly reason: string };
  readonly problems: readonly string[];
  /** One-line warnings (an undecided sample of a theorem; a counterexample that could not be saved). */
  readonly warnings: readonly string[];
  /** Stored fixtures that could not be replayed; `thm check` exits 2 when there are any. */
  readonly fixtureProblems: readonly FixtureProblem[];
  /** Health was judged (false when the generate phase stopped early: a failure or the time budget). */
  readonly healthJudged: boolean;
  readonly notes: readonly string[];
  /** One-line command that re-runs this check. */
  readonly replay: string;
}

export function citation(thm: AnyTheorem): string {
  return thm.refs.map((r) => `${r.arxiv !== undefined ? `arXiv:${r.arxiv}` : r.key} ${r.where}`).join('; ');
}

// ---- the run's settings and what its phases find ----------------------------------------------------------------

interface Run {
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
}

interface Outcome {
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
interface Judged {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly rungs: readonly Rung[];
  readonly location?: string;
}

function setUp(thm: AnyTheorem, opts: VerifyOptions, t0: number): Run {
  const base = typeof opts.profile === 'object' ? opts.profile : profileFrom(opts.profile);
  const prof = withBudget(base, thm.budget?.[base.name]);
  const runs = opts.runs ?? prof.runs;
  const timeMs = opts.timeMs ?? prof.timeMs;
  const backendId = checkBackendId(opts.backend ?? prof.backend);
  const seed = seedFor(prof, thm.id, opts.seed);
  const target = opts.file ?? thm.id;
  const backendFlag = opts.backend !== undefined ? ` --backend ${backendId}` : '';
  // a theorem outside the catalogue must be named to `thm replay`
  const inCatalogue = opts.file === undefined || !path.relative(CATALOGUE_DIR, path.resolve(opts.file)).startsWith('..');
  return {
    thm, opts, prof, runs, timeMs, deadline: t0 + timeMs, seed, B: getBackend(backendId),
    fixturesDir: opts.fixturesDir === undefined ? DEFAULT_FIXTURES_DIR : opts.fixturesDir,
    phase: opts.onPhase ?? (() => undefined),
    replayCmd: (fixture) => `npm run thm -- replay ${fixture}${inCatalogue ? '' : ` --theorem ${opts.file}`}`,
    checkCmd: (s) => `npm run thm -- check ${target} --profile ${prof.name} --seed ${s}${opts.runs !== undefined ? ` --runs ${runs}` : ''}${backendFlag}`,
  };
}

const failing = (r: Rung) => r.status === 'violated' || r.status === 'invalid' || r.status === 'theorem_error' || r.status === 'hypothesis_violated';

function summarize(r: Rung): RungSummary {
  return { backend: r.backend, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
}

/**
 * Evaluate one spec at the generate backend, after checking that the generator produced exact JSON (a spec with
 * Infinity or a non-decimal number string is a theorem-file bug, located at the arbitrary's definition).
 */
function sample(run: Run, spec: unknown, source: 'hypotheses' | 'violations' | 'witnesses', during: Phase): Rung {
  const bad = specValueProblem(spec);
  if (bad !== null) {
    const location = locate(run.opts.file, source);
    return { backend: run.B.id, status: 'theorem_error', claims: [], reason: `${source} produced ${bad}`, ...(location ? { location } : {}), ms: 0 };
  }
  run.phase(during);
  return evaluateOn(run.thm, run.B, spec);
}

/** Record one judged counterexample and fold its verdict into the outcome. */
function report(run: Run, out: Outcome, j: Judged, cx: Omit<Counterexample, 'verdict' | 'reason' | 'claims' | 'rungs' | 'location'> & { reason?: string }, counts = true): void {
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
    ...cx, verdict: j.verdict, reason: cx.reason ?? j.reason, claims: j.rungs.at(-1)!.claims, rungs: j.rungs.map(summarize),
    ...(location !== undefined ? { location } : {}),
  });
}

// ---- referee ------------------------------------------------------------------------------------------------------

/** Referee one failing instance: theorem-file errors and rejected hypotheses need no referee; the rest is re-run. */
async function refereeFailure(run: Run, first: Rung, spec: unknown): Promise<Judged> {
  if (first.status === 'hypothesis_violated') return { verdict: 'hypothesis_violated', reason: first.reason ?? '', rungs: [first] };
  if (first.status === 'theorem_error') {
    return { verdict: 'theorem_error', reason: first.reason ?? '', rungs: [first], ...(first.location ? { location: first.location } : {}) };
  }
  run.phase('referee');
  const ref = await referee(run.thm, spec, run.prof.refereeDigits);
  const rungs = [first, ...ref.rungs];
  if (ref.verdict === 'theorem_error') {
    const te = ref.rungs.find((r) => r.status === 'theorem_error');
    return { verdict: 'theorem_error', reason: ref.reason, rungs, ...(te?.location ? { location: te.location } : {}) };
  }
  // NaN/Infinity at every precision is not rounding and not a counterexample: divergence evaluate did not classify
  if (rungs.every((r) => r.status === 'invalid')) return { verdict: 'theorem_error', reason: MSG.notFinite(first.reason ?? ''), rungs };
  return { verdict: ref.verdict, reason: ref.reason, rungs };
}

// ---- explicit: witnesses and stored fixtures ----------------------------------------------------------------------

async function explicitWitnesses(run: Run, out: Outcome): Promise<void> {
  for (const [i, w] of (run.thm.witnesses ?? []).entries()) {
    run.phase('explicit');
    const r = sample(run, w, 'witnesses', 'explicit');
    if (failing(r)) {
      const j = await refereeFailure(run, r, w);
      report(run, out, j, { phase: 'witness', spec: w, reason: `witness ${i}: ${j.reason}`, replay: run.checkCmd(run.seed) });
    } else if (r.status === 'inconclusive') {
      out.problems.push(MSG.witnessInconclusive(i, r.reason ?? ''));
    } else if (run.thm.kind === 'tight') {
      const slack = r.judgement!.minSlack;
      const delta = run.thm.tightness ?? 1e-6;
      if (!(Math.abs(slack) <= delta)) out.problems.push(MSG.witnessNotTight(i, slack, delta));
    }
  }
}

/** Read one fixture and check it can be replayed here: well-formed, filed under this theorem, the theorem's shape. */
function loadFixture(run: Run, file: string): Fixture {
  const fx = readFixture(file);
  checkPlacement(file, fx, run.thm.id);
  run.phase('generate'); // the shape is learned by sampling the theorem's own arbitraries
  const bad = specShapeProblem(run.thm, fx.spec, run.prof.name);
  run.phase('explicit');
  if (bad !== null) throw fixtureError(file, bad.field, bad.detail);
  return fx;
}

async function explicitFixtures(run: Run, out: Outcome): Promise<void> {
  if (run.fixturesDir === null) return;
  let files: string[];
  try {
    files = listFixtures(run.fixturesDir, run.thm.id);
  } catch (e) {
    if (!isFixtureError(e)) throw e;
    out.fixtureProblems.push({ file: e.file, field: e.field, message: e.message });
    return;
  }
  for (const file of files) {
    run.phase('explicit');
    let fx: Fixture;
    try {
      fx = loadFixture(run, file);
    } catch (e) {
      // one bad fixture is reported on its own; the other fixtures and the phases after still run
      if (!isFixtureError(e)) throw e;
      out.fixtureProblems.push({ file: e.file, field: e.field, message: e.message });
      continue;
    }
    const r = evaluateOn(run.thm, run.B, fx.spec);
    const replay = run.replayCmd(file);
    if (!failing(r)) {
      if (fx.status === 'open' && r.status === 'ok') out.notes.push(MSG.nowHolds(file, run.B.id));
      continue;
    }
    const j = await refereeFailure(run, r, fx.spec);
    if (fx.status === 'fixed' && (j.verdict === 'violated' || j.verdict === 'hypothesis_violated')) {
      out.problems.push(MSG.regression(file, j.verdict, j.reason, replay));
    }
    const explained = fx.status === 'explained' && j.verdict === 'violated';
    if (explained) out.notes.push(MSG.explained(file, fx.note));
    report(run, out, j, { phase: 'fixture', spec: fx.spec, fixture: file, fixtureStatus: fx.status, replay }, !explained);
  }
}

// ---- generate → shrink --------------------------------------------------------------------------------------------

interface GenerateStats {
  samples: number;
  discarded: number;
  vacuous: number;
  minSlack: number;
  /** The property failed or the time budget interrupted it: the samples are not a full run. */
  stoppedEarly: boolean;
}

/** A generator that threw: its own theorem_error, at the user's line. */
function generatorThrew(run: Run, out: Outcome, e: unknown, source: 'hypotheses' | 'violations', phase: Counterexample['phase']): void {
  const err = e instanceof Error ? e : new Error(String(e));
  const location = userFrame(err.stack) ?? locate(run.opts.file, source);
  const rung: Rung = { backend: run.B.id, status: 'theorem_error', claims: [], reason: `${source} threw ${err.name}: ${err.message}`, ms: 0 };
  report(run, out, { verdict: 'theorem_error', reason: rung.reason!, rungs: [rung], ...(location ? { location } : {}) }, {
    phase, spec: null, replay: run.checkCmd(run.seed),
  });
}

/** fast-check's generate and shrink phases on the `hypotheses` arbitrary; counts the samples before any failure. */
function generate(run: Run, out: Outcome): { stats: GenerateStats; details: fc.RunDetails<[unknown]> | null } {
  const stats: GenerateStats = { samples: 0, discarded: 0, vacuous: 0, minSlack: Infinity, stoppedEarly: true };
  let failedOnce = false;
  run.phase('generate');
  let details: fc.RunDetails<[unknown]>;
  try {
    details = fc.check(
      fc.property(arbitraryFor(run.thm.hypotheses, run.prof.name), (spec: unknown) => {
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
              if (!Number.isNaN(r.judgement!.minSlack)) stats.minSlack = Math.min(stats.minSlack, r.judgement!.minSlack);
            }
          }
        }
        return !bad;
      }),
      { seed: run.seed, numRuns: run.runs, interruptAfterTimeLimit: Math.max(1, (run.deadline - performance.now()) * 0.7) },
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
function record(run: Run, out: Outcome, spec: unknown, j: Judged, details: fc.RunDetails<[unknown]>): Pick<Counterexample, 'fixture' | 'fixtureError' | 'replay'> {
  const rerun = run.checkCmd(details.seed);
  if (run.fixturesDir === null || (j.verdict !== 'violated' && j.verdict !== 'undecided')) return { replay: rerun };
  run.phase('record');
  const fx: Fixture = {
    theorem: run.thm.id, spec, verdict: j.verdict, claims: j.rungs.at(-1)!.claims,
    found: foundWith({ seed: details.seed, path: details.counterexamplePath, profile: run.prof.name, backend: run.B.id }),
    status: 'open', note: '',
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

async function generateShrinkRefereeRecord(run: Run, out: Outcome): Promise<GenerateStats> {
  const { stats, details } = generate(run, out);
  if (details === null) return stats;
  const cx = shrunk(details);
  if (cx !== null) {
    const first = sample(run, cx.spec, 'hypotheses', 'evaluate');
    const j = await refereeFailure(run, first, cx.spec);
    const saved = record(run, out, cx.spec, j, details);
    report(run, out, j, { phase: 'generate', spec: cx.spec, seed: details.seed, path: details.counterexamplePath, ...saved });
  } else if (details.interrupted && details.numRuns < run.runs) {
    out.verdict = worst(out.verdict, 'budget_exhausted');
    out.problems.push(MSG.budgetGenerate(details.numRuns, run.runs, run.timeMs));
  }
  return stats;
}

// ---- negative control -----------------------------------------------------------------------------------------------

/** The `violations` arbitrary must produce a certified violation: otherwise the check has no teeth. */
async function negativeControl(run: Run, out: Outcome): Promise<TheoremResult['negativeControl']> {
  if (out.verdict === 'budget_exhausted') return { verdict: 'not_run', runs: 0, reason: '' };
  const negRuns = run.prof.negativeRuns;
  let last: Rung | undefined;
  run.phase('negative');
  let nd: fc.RunDetails<[unknown]>;
  try {
    nd = fc.check(
      fc.property(arbitraryFor(run.thm.violations, run.prof.name), (spec: unknown) => {
        last = sample(run, spec, 'violations', 'negative_evaluate');
        run.phase('negative');
        return last.status !== 'violated' && last.status !== 'theorem_error';
      }),
      { seed: run.seed ^ 0x5bd1e995, numRuns: negRuns, endOnFailure: true, interruptAfterTimeLimit: Math.max(1, run.deadline - performance.now()) },
    );
  } catch (e) {
    generatorThrew(run, out, e, 'violations', 'negative');
    return { verdict: 'theorem_error', runs: 0, reason: 'the violations arbitrary threw' };
  }
  if (nd.failed && nd.counterexample !== null) {
    const spec = nd.counterexample[0];
    if (last?.status === 'theorem_error') {
      const j = await refereeFailure(run, last, spec);
      report(run, out, j, { phase: 'negative', spec, seed: nd.seed, path: nd.counterexamplePath, replay: run.checkCmd(run.seed) });
      return { verdict: 'theorem_error', runs: nd.numRuns, reason: j.reason };
    }
    run.phase('referee');
    const ref = await referee(run.thm, spec, run.prof.refereeDigits);
    if (ref.verdict !== 'violated') out.problems.push(MSG.negativeNotCertified(ref.verdict, ref.reason));
    return { verdict: ref.verdict, runs: nd.numRuns, reason: ref.reason };
  }
  if (nd.interrupted && nd.numRuns < negRuns) {
    out.verdict = worst(out.verdict, 'budget_exhausted');
    out.problems.push(MSG.budgetNegative(nd.numRuns, negRuns));
    return { verdict: 'budget_exhausted', runs: nd.numRuns, reason: 'time budget' };
  }
  out.problems.push(MSG.noTeeth(nd.numRuns));
  return { verdict: 'holds', runs: nd.numRuns, reason: 'no violation found' };
}

// ---- health -----------------------------------------------------------------------------------------------------------

/**
 * Health of the generator, judged only on a generate phase that ran to the end: the few samples before a failure (or
 * before the budget ran out) say nothing about how often the generator tests the claim.
 */
function health(run: Run, out: Outcome, s: GenerateStats): boolean {
  if (s.stoppedEarly) return false;
  run.phase('health');
  if (s.samples > 0 && s.discarded * 2 > s.samples) out.problems.push(MSG.healthDiscarded(s.discarded, s.samples));
  if (s.samples - s.discarded > 0 && s.vacuous === s.samples - s.discarded) out.problems.push(MSG.healthVacuous());
  return true;
}

// ---- the run ----------------------------------------------------------------------------------------------------------

function passed(run: Run, out: Outcome): boolean {
  const { thm, opts } = run;
  const theoremError = out.counterexamples.some((c) => c.verdict === 'theorem_error');
  const undecided = thm.status === 'theorem' && out.counterexamples.some((c) => c.verdict === 'undecided' && c.phase !== 'negative');
  return out.problems.length === 0 && out.fixtureProblems.length === 0 && !out.unsaved && !theoremError
    && !(out.blocking && thm.status === 'theorem') && out.verdict !== 'hypothesis_violated' && out.verdict !== 'budget_exhausted'
    && !(opts.strict === true && undecided);
}

/** Run every phase for one theorem. Never throws for theorem-level outcomes; they become the verdict and problems. */
export async function verifyTheorem(thm: AnyTheorem, opts: VerifyOptions = {}): Promise<TheoremResult> {
  const t0 = performance.now();
  const run = setUp(thm, opts, t0);
  const out: Outcome = {
    verdict: 'holds', blocking: false, unsaved: false, problems: [], warnings: [], notes: [], fixtureProblems: [], counterexamples: [],
  };
  await explicitWitnesses(run, out);
  await explicitFixtures(run, out);
  const stats = await generateShrinkRefereeRecord(run, out);
  const negative = await negativeControl(run, out);
  const healthJudged = health(run, out, stats);
  return {
    id: thm.id, title: thm.title, status: thm.status, kind: thm.kind, citation: citation(thm),
    ...(opts.file !== undefined ? { file: opts.file } : {}),
    profile: run.prof.name, backend: run.B.id, seed: run.seed, verdict: out.verdict, passed: passed(run, out),
    finding: out.verdict === 'violated' && thm.status !== 'theorem',
    runs: stats.samples, discarded: stats.discarded, vacuous: stats.vacuous, minSlack: Number.isFinite(stats.minSlack) ? stats.minSlack : null,
    timeMs: Math.round(performance.now() - t0), counterexamples: out.counterexamples, negativeControl: negative,
    problems: out.problems, warnings: out.warnings, fixtureProblems: out.fixtureProblems, healthJudged, notes: out.notes,
    replay: out.counterexamples.find((c) => c.verdict !== 'precision_artifact')?.replay ?? run.checkCmd(run.seed),
  };
}
