/**
 * What `verifyTheorem` takes and returns: its options, and the result of one theorem (verdict, counterexamples,
 * problems, warnings) as the CLI prints it and `--json` writes it.
 */
import type { AnyTheorem } from './define.js';
import type { FixtureStatus, FixtureWriter } from './fixtures.js';
import type { Profile } from './profiles.js';
import type { FalseAlarm } from './statistical.js';
import type { Claim, ProfileName } from './types.js';
import type { Phase, Verdict } from './verdicts.js';

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
  /** Samples (out of `runs`) given to the targeted phase; default the profile's share, 0 for `search: 'random'`. */
  readonly targetedRuns?: number;
  /**
   * Extra samples for the tightness phase (`thm check --tightness`): kinds upper/lower/tight climb on the largest
   * lhs/rhs ratio after the targeted phase; default 0 (off).
   */
  readonly tightnessRuns?: number;
}

/** What the tightness phase did (phases/targeted.ts `tightnessSearch`). */
export interface TightnessSearch {
  /** Mutants evaluated. */
  readonly samples: number;
  /** The largest ratio before the tightness phase (random and targeted phases; null: none had a positive bound). */
  readonly before: number | null;
  /** It found a failing instance (a counterexample, recorded as any other). */
  readonly found: boolean;
}

/** What the targeted phase did (phases/targeted.ts). */
export interface SearchReport {
  readonly strategy: 'targeted' | 'random';
  /** Mutants evaluated (shrink steps of a failure not included). */
  readonly samples: number;
  /** Smallest slack of the random phase, and of all samples after the targeted phase (null: no sample had claims). */
  readonly bestBefore: number | null;
  readonly bestAfter: number | null;
  /** The targeted phase found the failing instance. */
  readonly found: boolean;
}

export interface RungSummary {
  readonly backend: string;
  readonly status: string;
  readonly reason?: string;
}

export interface Counterexample {
  readonly phase: 'witness' | 'fixture' | 'generate' | 'targeted' | 'negative';
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
  /** The fixture could not be written: "path (OS error)". The counterexample then lives only in this result. */
  readonly fixtureError?: string;
  /**
   * For a theorem_error: file:line of the user's code (the throwing frame, else the `evaluate`/generator definition).
   */
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

/**
 * How close a bound came to failing: the largest ratio (lhs/rhs of a <= claim, rhs/lhs of a >=) over the generated
 * samples, the claim and the spec attaining it (1 = attained; the bound is loose by 1/ratio on these samples).
 */
export interface Tightness {
  readonly ratio: number;
  readonly claim: string;
  readonly spec: unknown;
  /** Set when the tightness phase ran (`thm check --tightness`). */
  readonly search?: TightnessSearch;
  /** The file the CLI stored the instance in (`<results root>/fixtures/tightness/<id>.json`). */
  readonly record?: string;
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
  /** Kinds upper, lower and tight: the largest LHS/RHS ratio seen (absent when no sample had a positive bound). */
  readonly tightness?: Tightness;
  /** The slack-guided search after the random phase (absent when no generate phase ran). */
  readonly search?: SearchReport;
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
  /**
   * Statistical claims evaluated on `hypotheses` and witnesses (not on stored fixtures) and the sum of their δ: the
   * probability that some sample fails by chance alone is at most `delta` (absent when there were none).
   */
  readonly falseAlarm?: FalseAlarm;
}

export function citation(thm: AnyTheorem): string {
  return thm.refs.map((r) => `${r.arxiv !== undefined ? `arXiv:${r.arxiv}` : r.key} ${r.where}`).join('; ');
}
