/**
 * `verifyTheorem`: the phases in Hypothesis's order — explicit (witnesses, stored fixtures) → generate
 * (fast-check) → shrink (fast-check) → referee (dec:p, dec:2p) → record (fixture) → negative control → health.
 */
import path from 'node:path';
import fc from 'fast-check';
import type { AnyBackend } from '../numeric/types.js';
import { getBackend, checkBackendId } from './backends.js';
import { inputError } from '../errors.js';
import { type AnyTheorem } from './define.js';
import { CATALOGUE_DIR } from './discover.js';
import { DEFAULT_FIXTURES_DIR, foundWith, listFixtures, readFixture, writeFixture, type FixtureStatus } from './fixtures.js';
import { profileFrom, seedFor, withBudget, type Profile } from './profiles.js';
import { evaluateOn, referee, type Rung } from './referee.js';
import { arbitraryFor, type Claim, type ProfileName, type Verdict } from './types.js';

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
  /** Path of the theorem file, for the replay command. */
  readonly file?: string;
}

export interface RungSummary {
  readonly backend: string;
  readonly status: string;
  readonly reason?: string;
}

export interface Counterexample {
  readonly phase: 'witness' | 'fixture' | 'generate';
  readonly spec: unknown;
  readonly verdict: Verdict;
  readonly reason: string;
  /** Claims at the highest precision evaluated. */
  readonly claims: readonly Claim[];
  /** The theorem's `observed` quantities on this instance, at the same precision as `claims`. */
  readonly observed?: Readonly<Record<string, string>>;
  readonly rungs: readonly RungSummary[];
  readonly seed?: number;
  readonly path?: string | null;
  readonly fixture?: string;
  readonly fixtureStatus?: FixtureStatus;
  readonly replay: string;
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
  /** The theorem's `observed` quantities on the generated sample with the smallest slack (absent when none). */
  readonly observed?: Readonly<Record<string, string>>;
  readonly timeMs: number;
  readonly counterexamples: readonly Counterexample[];
  readonly negativeControl: { readonly verdict: Verdict | 'not_run'; readonly runs: number; readonly reason: string };
  readonly problems: readonly string[];
  readonly notes: readonly string[];
  /** One-line command that re-runs this check. */
  readonly replay: string;
}

const RANK: Record<Verdict, number> = {
  holds: 0, precision_artifact: 1, undecided: 2, budget_exhausted: 3, hypothesis_violated: 4, violated: 5,
};

export function worst(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

export function citation(thm: AnyTheorem): string {
  return thm.refs.map((r) => `${r.arxiv !== undefined ? `arXiv:${r.arxiv}` : r.key} ${r.where}`).join('; ');
}

function summarize(r: Rung): RungSummary {
  return { backend: r.backend, status: r.status, ...(r.reason !== undefined ? { reason: r.reason } : {}) };
}

/** `observed` of the highest-precision rung, as an optional field. */
const observedField = (rungs: readonly Rung[]) => {
  const o = rungs.at(-1)!.observed;
  return o !== undefined ? { observed: o } : {};
};

const failing = (r: Rung) => r.status === 'violated' || r.status === 'invalid' || r.status === 'error' || r.status === 'hypothesis_violated';

/** Run every phase for one theorem. Never throws for theorem-level outcomes; they become the verdict and problems. */
export async function verifyTheorem(thm: AnyTheorem, opts: VerifyOptions = {}): Promise<TheoremResult> {
  const t0 = performance.now();
  const base = typeof opts.profile === 'object' ? opts.profile : profileFrom(opts.profile);
  const prof = withBudget(base, thm.budget?.[base.name]);
  const runs = opts.runs ?? prof.runs;
  const timeMs = opts.timeMs ?? prof.timeMs;
  const deadline = t0 + timeMs;
  const backendId = checkBackendId(opts.backend ?? prof.backend);
  const seed = seedFor(prof, thm.id, opts.seed);
  const B: AnyBackend = getBackend(backendId);
  const fixturesDir = opts.fixturesDir === undefined ? DEFAULT_FIXTURES_DIR : opts.fixturesDir;
  const target = opts.file ?? thm.id;
  const backendFlag = opts.backend !== undefined ? ` --backend ${backendId}` : '';
  // a theorem outside the catalogue must be named to `thm replay`
  const inCatalogue = opts.file === undefined || !path.relative(CATALOGUE_DIR, path.resolve(opts.file)).startsWith('..');
  const replayCmd = (fixture: string) => `npm run thm -- replay ${fixture}${inCatalogue ? '' : ` --theorem ${opts.file}`}`;
  const checkCmd = (s: number) => `npm run thm -- check ${target} --profile ${prof.name} --seed ${s}${opts.runs !== undefined ? ` --runs ${runs}` : ''}${backendFlag}`;

  const problems: string[] = [];
  const notes: string[] = [];
  const counterexamples: Counterexample[] = [];
  let verdict: Verdict = 'holds';
  let blocking = false; // a certified violation that counts against this theorem (not an explained fixture)

  // Referee one failing instance and describe it.
  const judgeFailure = async (first: Rung, spec: unknown): Promise<{ verdict: Verdict; reason: string; rungs: Rung[] }> => {
    if (first.status === 'hypothesis_violated') return { verdict: 'hypothesis_violated', reason: first.reason ?? '', rungs: [first] };
    const ref = await referee(thm, spec, prof.refereeDigits);
    if (first.status === 'error' || ref.rungs.some((r) => r.status === 'error')) {
      problems.push(`evaluate threw on an instance: ${(first.status === 'error' ? first : ref.rungs.find((r) => r.status === 'error')!).reason}`);
    } else if (ref.rungs.every((r) => r.status === 'invalid')) {
      problems.push(`a claim is not a finite number at every precision (${first.reason}): classify divergence in evaluate with inconclusive(…)`);
    }
    return { verdict: ref.verdict, reason: ref.reason, rungs: [first, ...ref.rungs] };
  };

  // ---- explicit: witnesses ----------------------------------------------------------------------------------------
  for (const [i, w] of (thm.witnesses ?? []).entries()) {
    const r = evaluateOn(thm, B, w);
    if (failing(r)) {
      const j = await judgeFailure(r, w);
      verdict = worst(verdict, j.verdict);
      if (j.verdict === 'violated' || j.verdict === 'hypothesis_violated') blocking = true;
      counterexamples.push({
        phase: 'witness', spec: w, verdict: j.verdict, reason: `witness ${i}: ${j.reason}`, claims: j.rungs.at(-1)!.claims,
        ...observedField(j.rungs), rungs: j.rungs.map(summarize), replay: checkCmd(seed),
      });
    } else if (r.status === 'inconclusive') {
      problems.push(`witness ${i} is inconclusive (${r.reason}): a witness must decide the claim`);
    } else if (thm.kind === 'tight') {
      const slack = r.judgement!.minSlack;
      const delta = thm.tightness ?? 1e-6;
      if (!(Math.abs(slack) <= delta)) problems.push(`witness ${i} is not tight: relative slack ${slack.toExponential(3)} > ${delta}`);
    }
  }

  // ---- explicit: stored fixtures ---------------------------------------------------------------------------------
  for (const file of fixturesDir === null ? [] : listFixtures(fixturesDir, thm.id)) {
    const fx = readFixture(file);
    if (fx.theorem !== thm.id) throw inputError(`${file}: theorem: ${JSON.stringify(fx.theorem)} does not match the directory ${thm.id}`);
    const r = evaluateOn(thm, B, fx.spec);
    const replay = replayCmd(file);
    if (!failing(r)) {
      if (fx.status === 'open' && r.status === 'ok') notes.push(`${file} now holds at ${B.id}: mark it fixed if that is why`);
      continue;
    }
    const j = await judgeFailure(r, fx.spec);
    if (fx.status === 'fixed' && (j.verdict === 'violated' || j.verdict === 'hypothesis_violated')) {
      problems.push(`regression: ${file} is marked fixed but is ${j.verdict} again (${j.reason}); replay: ${replay}`);
    }
    if (j.verdict === 'violated' && fx.status !== 'explained') blocking = true;
    if (fx.status !== 'explained' || j.verdict !== 'violated') verdict = worst(verdict, j.verdict);
    else notes.push(`${file}: known counterexample (explained: ${fx.note || 'no note'})`);
    counterexamples.push({
      phase: 'fixture', spec: fx.spec, verdict: j.verdict, reason: j.reason, claims: j.rungs.at(-1)!.claims,
      ...observedField(j.rungs), rungs: j.rungs.map(summarize), fixture: file, fixtureStatus: fx.status, replay,
    });
  }

  // ---- generate → shrink (fast-check) ----------------------------------------------------------------------------
  let samples = 0;
  let discarded = 0;
  let vacuous = 0;
  let minSlack = Infinity;
  let tightest: Rung['observed'];
  let failedOnce = false;
  const details = fc.check(
    fc.property(arbitraryFor(thm.hypotheses, prof.name), (spec) => {
      const r = evaluateOn(thm, B, spec);
      const bad = failing(r);
      if (!failedOnce) {
        if (bad) failedOnce = true;
        else {
          samples++;
          if (r.status === 'inconclusive') discarded++;
          else {
            if (r.judgement!.vacuous) vacuous++;
            if (r.judgement!.minSlack < minSlack) {
              minSlack = r.judgement!.minSlack;
              tightest = r.observed;
            }
          }
        }
      }
      return !bad;
    }),
    { seed, numRuns: runs, interruptAfterTimeLimit: Math.max(1, (deadline - performance.now()) * 0.7) },
  );

  // ---- referee → record -------------------------------------------------------------------------------------------
  if (details.failed && details.counterexample !== null) {
    const spec = details.counterexample[0];
    const first = evaluateOn(thm, B, spec);
    const j = await judgeFailure(first, spec);
    verdict = worst(verdict, j.verdict);
    if (j.verdict === 'violated' || j.verdict === 'hypothesis_violated') blocking = true;
    let fixture: string | undefined;
    let replay = checkCmd(details.seed);
    if (fixturesDir !== null && (j.verdict === 'violated' || j.verdict === 'undecided')) {
      const w = writeFixture(fixturesDir, {
        theorem: thm.id, spec, verdict: j.verdict, claims: j.rungs.at(-1)!.claims,
        found: foundWith({ seed: details.seed, path: details.counterexamplePath, profile: prof.name, backend: B.id }),
        status: 'open', note: '',
      });
      fixture = w.file;
      replay = replayCmd(w.file);
      if (!w.created) notes.push(`${w.file} already exists: kept as it is (not overwritten)`);
    }
    counterexamples.push({
      phase: 'generate', spec, verdict: j.verdict, reason: j.reason, claims: j.rungs.at(-1)!.claims,
      ...observedField(j.rungs), rungs: j.rungs.map(summarize), seed: details.seed, path: details.counterexamplePath,
      ...(fixture !== undefined ? { fixture } : {}), replay,
    });
  } else if (details.interrupted && details.numRuns < runs) {
    verdict = worst(verdict, 'budget_exhausted');
    problems.push(`budget exhausted: ${details.numRuns} of ${runs} runs within ${timeMs} ms`);
  }

  // ---- negative control -------------------------------------------------------------------------------------------
  let negative: TheoremResult['negativeControl'] = { verdict: 'not_run', runs: 0, reason: '' };
  if (verdict !== 'budget_exhausted') {
    const negRuns = prof.negativeRuns;
    const nd = fc.check(
      fc.property(arbitraryFor(thm.violations, prof.name), (spec) => evaluateOn(thm, B, spec).status !== 'violated'),
      { seed: seed ^ 0x5bd1e995, numRuns: negRuns, endOnFailure: true, interruptAfterTimeLimit: Math.max(1, deadline - performance.now()) },
    );
    if (nd.failed && nd.counterexample !== null) {
      const ref = await referee(thm, nd.counterexample[0], prof.refereeDigits);
      negative = { verdict: ref.verdict, runs: nd.numRuns, reason: ref.reason };
      if (ref.verdict !== 'violated') {
        problems.push(`negative control: the violation found in \`violations\` was not certified by the referee (${ref.verdict}: ${ref.reason})`);
      }
    } else if (nd.interrupted && nd.numRuns < negRuns) {
      negative = { verdict: 'budget_exhausted', runs: nd.numRuns, reason: 'time budget' };
      verdict = worst(verdict, 'budget_exhausted');
      problems.push(`budget exhausted in the negative control after ${nd.numRuns} of ${negRuns} runs without a violation`);
    } else {
      negative = { verdict: 'holds', runs: nd.numRuns, reason: 'no violation found' };
      problems.push(`negative control: no certified violation in ${nd.numRuns} samples of \`violations\` — the check has no teeth (misencoded bound, or a hypothesis that is not used)`);
    }
  }

  // ---- health -------------------------------------------------------------------------------------------------------
  if (samples > 0 && discarded * 2 > samples) {
    problems.push(`health: ${discarded} of ${samples} samples were discarded as inconclusive (more than half): narrow the hypotheses or lengthen the horizon`);
  }
  if (samples - discarded > 0 && vacuous === samples - discarded) {
    problems.push(`health: every sample was vacuous (both sides ≈ 0, or slack above 1e12): the generator never tests the claim`);
  }

  const finding = verdict === 'violated' && thm.status !== 'theorem';
  const passed = problems.length === 0 && !(blocking && thm.status === 'theorem') && verdict !== 'hypothesis_violated' && verdict !== 'budget_exhausted';
  return {
    id: thm.id, title: thm.title, status: thm.status, kind: thm.kind, citation: citation(thm),
    ...(opts.file !== undefined ? { file: opts.file } : {}),
    profile: prof.name, backend: B.id, seed, verdict, passed, finding,
    runs: samples, discarded, vacuous, minSlack: Number.isFinite(minSlack) ? minSlack : null,
    ...(tightest !== undefined ? { observed: tightest } : {}),
    timeMs: Math.round(performance.now() - t0), counterexamples, negativeControl: negative, problems, notes,
    replay: counterexamples.find((c) => c.verdict !== 'precision_artifact')?.replay ?? checkCmd(seed),
  };
}
