/**
 * The referee ladder (docs/referee.md): which backends certify a counterexample at p digits, and the decimal.js
 * cross-check.
 *
 * - Certify with mpfr:p and mpfr:2p (MPFR, correctly rounded binary; ~10–20× faster than decimal.js at 50–100 digits).
 * - Cross-check a certified violation with dec:p: a different radix and an independent implementation, so a defect
 *   in either library (or a claim that only fails in binary) cannot certify alone. It runs when its projected cost —
 *   the mpfr:p rung's time × DEC_OVER_MPFR_COST — fits the budget, and always when the caller asks (golden files,
 *   `thm replay`). A cross-check that disagrees turns the verdict into `undecided`.
 * - When MPFR cannot load, the ladder falls back to dec:p and dec:2p (the warning line is printed once by initMpfr).
 *
 * The rungs are recorded in increasing precision — dec:p, mpfr:p, mpfr:2p — so the last one is the most precise.
 */
import { initMpfr, type MpfrStatus } from '../numeric/mpfrInit.js';
import type { AnyBackend } from '../numeric/types.js';
import { getBackend } from './backends.js';
import type { AnyTheorem } from './define.js';
import { agreeingViolations, evaluateOn, type RefereeResult, type Rung } from './referee.js';

/** The backends of one referee run at p digits. */
export interface Ladder {
  /** The pair `classify` compares: [mpfr:p, mpfr:2p], or [dec:p, dec:2p] when MPFR is unavailable. */
  readonly certify: readonly [string, string];
  /** The independent cross-check (dec:p), or null when the certifying pair is already decimal. */
  readonly crossCheck: string | null;
  /** Why the ladder fell back, when it did. */
  readonly fallback?: string;
}

/**
 * decimal.js time over MPFR time at the same digits, used only to project whether the cross-check fits its budget.
 * Measured (`npm run bench`, CPU time, 34–100 digits): 8–16× on W1–W3, over 30× on logistic GD, whose exp-heavy
 * sigmoid is what the max-margin theorems spend their time in; the larger figure is used so the projection errs long.
 */
export const DEC_OVER_MPFR_COST = 30;
/** Default time the cross-check may take (projected) when the caller does not insist on it. */
export const CROSS_CHECK_BUDGET_MS = 30_000;

/** The ladder for p digits (loads MPFR on first use; `load` is replaceable for tests of the fallback). */
export async function refereeLadder(digits: number, load: () => Promise<MpfrStatus> = initMpfr): Promise<Ladder> {
  const st = await load();
  if (st.state !== 'ready') {
    return {
      certify: [`dec:${digits}`, `dec:${2 * digits}`],
      crossCheck: null,
      fallback: `mpfr unavailable (${st.state === 'failed' ? st.reason : st.state})`,
    };
  }
  return { certify: [`mpfr:${digits}`, `mpfr:${2 * digits}`], crossCheck: `dec:${digits}` };
}

/** Every rung id of the ladder, in increasing precision (what `thm replay` runs). */
export function ladderIds(l: Ladder): string[] {
  return [...(l.crossCheck !== null ? [l.crossCheck] : []), ...l.certify];
}

/** When to run the cross-check. */
export interface CrossCheckPolicy {
  /** Run it whatever it costs (golden files, replay). */
  readonly always?: boolean;
  /** Projected-cost budget in ms (default CROSS_CHECK_BUDGET_MS). */
  readonly budgetMs?: number;
}

/**
 * Fold the cross-check rung into a certified result: the verdict stays `violated` only when the cross-check violates
 * a certified claim too and agrees with the most precise rung within the two error bars.
 */
export function combineCrossCheck(result: RefereeResult, cross: Rung): RefereeResult {
  const top = result.rungs.at(-1)!;
  if (result.verdict !== 'violated') return { ...result, rungs: [cross, ...result.rungs] };
  const labels = cross.status === 'violated' ? agreeingViolations(cross, top) : [];
  if (labels.length > 0) {
    const marked: Rung = { ...cross, reason: `cross-check agrees with ${top.backend} on ${labels.join(', ')}` };
    return {
      verdict: 'violated',
      reason: `${result.reason}; cross-check ${cross.backend} agrees`,
      rungs: [marked, ...result.rungs],
    };
  }
  const what =
    cross.status === 'violated'
      ? 'violates but disagrees beyond the error bars'
      : `is ${cross.status}${cross.reason ? ` (${cross.reason})` : ''}`;
  return {
    verdict: 'undecided',
    reason: `${result.reason}, but the independent cross-check ${cross.backend} ${what}: a library defect or a radix-sensitive claim — replay it (thm replay) and compare the rungs`,
    rungs: [cross, ...result.rungs],
  };
}

/**
 * Run the cross-check of `ladder` on a certified result when the policy allows it; otherwise say why it was skipped.
 */
export function withCrossCheck(
  thm: AnyTheorem,
  spec: unknown,
  ladder: Ladder,
  result: RefereeResult,
  policy: CrossCheckPolicy = {},
  backend: (id: string) => AnyBackend = getBackend,
): RefereeResult {
  if (ladder.crossCheck === null) {
    return ladder.fallback !== undefined
      ? { ...result, reason: `${result.reason} [${ladder.fallback}: decimal.js rungs only]` }
      : result;
  }
  if (result.verdict !== 'violated') return result;
  const projected = result.rungs[0]!.ms * DEC_OVER_MPFR_COST;
  const budget = policy.budgetMs ?? CROSS_CHECK_BUDGET_MS;
  if (!policy.always && projected > budget) {
    return {
      ...result,
      reason: `${result.reason}; cross-check ${ladder.crossCheck} skipped (projected ${(projected / 1000).toFixed(0)} s > budget ${(budget / 1000).toFixed(0)} s)`,
    };
  }
  return combineCrossCheck(result, evaluateOn(thm, backend(ladder.crossCheck), spec));
}
