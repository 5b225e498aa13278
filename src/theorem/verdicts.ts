/**
 * Verdicts of the theorem framework and every message the framework prints about them, in one table, so that the
 * wording of a verdict, a problem or a warning is found (and changed) in one place.
 */

/** Verdict of one instance or one theorem. */
export type Verdict =
  | 'holds'
  | 'violated'
  | 'precision_artifact'
  | 'undecided'
  | 'hypothesis_violated'
  | 'theorem_error'
  | 'budget_exhausted';

interface VerdictInfo {
  /** Severity when several samples of one theorem disagree: the theorem's verdict is the most severe one. */
  readonly rank: number;
  /** What the verdict means, for reports and the README. */
  readonly meaning: string;
}

export const VERDICT_INFO: Readonly<Record<Verdict, VerdictInfo>> = {
  holds: { rank: 0, meaning: 'every sample holds (or is within its error bar)' },
  precision_artifact: {
    rank: 1,
    meaning:
      "a sample failed at the generate precision but holds at the referee's: rounding error, not a counterexample",
  },
  undecided: {
    rank: 2,
    meaning:
      'the referee could not decide a failing sample (its precisions disagree beyond their bars even after escalation)',
  },
  budget_exhausted: { rank: 3, meaning: 'the time budget ran out before every phase finished' },
  hypothesis_violated: {
    rank: 4,
    meaning: 'the generator produced an instance that evaluate rejects (a generator bug)',
  },
  theorem_error: {
    rank: 5,
    meaning:
      'a bug in the theorem file: evaluate threw or returned something that is not Evidence, or a generator produced a value that is not exact JSON',
  },
  violated: {
    rank: 6,
    meaning: 'a certified counterexample (two referee precisions violate the same claim and agree within their bars)',
  },
};

export const VERDICTS: readonly Verdict[] = Object.keys(VERDICT_INFO) as Verdict[];

/** The more severe of two verdicts. */
export function worst(a: Verdict, b: Verdict): Verdict {
  return VERDICT_INFO[a].rank >= VERDICT_INFO[b].rank ? a : b;
}

/** What a `thm check` worker was doing; sent to the parent so that a hard-budget kill names the culprit. */
export type Phase =
  | 'load'
  | 'explicit'
  | 'generate'
  | 'targeted'
  | 'evaluate'
  | 'referee'
  | 'record'
  | 'negative'
  | 'negative_evaluate'
  | 'health';

/** Why a worker killed by the hard time budget was stuck, by the phase it last reported. */
const STUCK: Readonly<Record<Phase, string>> = {
  load: 'loading the theorem file did not finish',
  explicit: 'evaluate did not return on a witness or stored fixture',
  generate: 'generator did not return (the `hypotheses` arbitrary, while generating or shrinking a sample)',
  targeted:
    'generator did not return (the `hypotheses` arbitrary, regenerating a mutated sample in the targeted phase)',
  evaluate: 'evaluate did not return (on a sample of `hypotheses`)',
  referee: "evaluate did not return at the referee's precision",
  record: 'writing the counterexample did not finish',
  negative: 'generator did not return (the `violations` arbitrary of the negative control)',
  negative_evaluate: 'evaluate did not return (on a sample of `violations`, negative control)',
  health: 'the health phase did not finish',
};

/** Every phase, in the order a run reports them (the keys of STUCK, which must name each one). */
export const PHASES = Object.keys(STUCK) as readonly Phase[];

/** Messages of problems (fail the theorem), warnings (printed; some fail the run) and notes, in one place. */
export const MSG = {
  hardBudget: (ms: number, phase: Phase | undefined) =>
    `hard time budget: worker killed after ${ms} ms (${STUCK[phase ?? 'evaluate']})`,
  certified: (p: string, p2: string, labels: readonly string[]) => `certified at ${p} and ${p2}: ${labels.join(', ')}`,
  artifact: (backend: string) =>
    `holds at ${backend}: the failure was rounding error (the error bar at the lower precision was too small)`,
  disagree: (p: string, p2: string) => `${p} and ${p2} both fail but disagree beyond their error bars`,
  notFinite: (reason: string) =>
    `a claim is not a finite number at every precision (${reason}): classify divergence in evaluate with inconclusive(…)`,
  witnessInconclusive: (i: number, reason: string) =>
    `witness ${i} is inconclusive (${reason}): a witness must decide the claim`,
  witnessNotTight: (i: number, slack: number, delta: number) =>
    `witness ${i} is not tight: relative slack ${slack.toExponential(3)} > ${delta}`,
  nowHolds: (file: string, backend: string) => `${file} now holds at ${backend}: mark it fixed if that is why`,
  regression: (file: string, verdict: Verdict, reason: string, replay: string) =>
    `regression: ${file} is marked fixed but is ${verdict} again (${reason}); replay: ${replay}`,
  explained: (file: string, note: string) => `${file}: known counterexample (explained: ${note || 'no note'})`,
  kept: (file: string) => `${file} already exists: kept as it is (not overwritten)`,
  notSaved: (file: string, osError: string, replay: string) =>
    `counterexample NOT saved: cannot write ${file} (${osError}); re-run: ${replay}`,
  undecided: (phase: string, reason: string, replay: string) =>
    `undecided ${phase} sample (${reason}): not a pass, not a counterexample; replay: ${replay}`,
  budgetGenerate: (done: number, runs: number, ms: number) =>
    `budget exhausted: ${done} of ${runs} runs within ${ms} ms`,
  budgetNegative: (done: number, runs: number) =>
    `budget exhausted in the negative control after ${done} of ${runs} runs without a violation`,
  negativeNotCertified: (v: Verdict, reason: string) =>
    `negative control: the violation found in \`violations\` was not certified by the referee (${v}: ${reason})`,
  noTeeth: (n: number) =>
    `negative control: no certified violation in ${n} samples of \`violations\` — the check has no teeth (misencoded bound, or a hypothesis that is not used)`,
  healthDiscarded: (d: number, n: number) =>
    `health: ${d} of ${n} samples were discarded as inconclusive (more than half): narrow the hypotheses or lengthen the horizon`,
  healthVacuous: () =>
    'health: every sample was vacuous (both sides ≈ 0, or slack above 1e12): the generator never tests the claim',
} as const;
