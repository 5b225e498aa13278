/**
 * The negative control and the health check: `violations` must yield a certified violation (else the check has no
 * teeth), and a full generate phase must not be mostly inconclusive or all vacuous.
 */
import fc from 'fast-check';
import { referee, type Rung } from '../referee.js';
import type { TheoremResult } from '../result.js';
import { arbitraryFor } from '../types.js';
import { MSG, worst } from '../verdicts.js';
import { generatorThrew, type GenerateStats } from './generate.js';
import { refereeFailure, report, sample, type Outcome, type Run } from './run.js';

/** The `violations` arbitrary must produce a certified violation: otherwise the check has no teeth. */
export async function negativeControl(run: Run, out: Outcome): Promise<TheoremResult['negativeControl']> {
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
      {
        seed: run.seed ^ 0x5bd1e995,
        numRuns: negRuns,
        endOnFailure: true,
        interruptAfterTimeLimit: Math.max(1, run.deadline - performance.now()),
      },
    );
  } catch (e) {
    generatorThrew(run, out, e, 'violations', 'negative');
    return { verdict: 'theorem_error', runs: 0, reason: 'the violations arbitrary threw' };
  }
  if (nd.failed && nd.counterexample !== null) {
    const spec = nd.counterexample[0];
    if (last?.status === 'theorem_error') {
      const j = await refereeFailure(run, last, spec);
      report(run, out, j, {
        phase: 'negative',
        spec,
        seed: nd.seed,
        path: nd.counterexamplePath,
        replay: run.checkCmd(run.seed),
      });
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

/**
 * Health of the generator, judged only on a generate phase that ran to the end: the few samples before a failure (or
 * before the budget ran out) say nothing about how often the generator tests the claim.
 */
export function health(run: Run, out: Outcome, s: GenerateStats): boolean {
  if (s.stoppedEarly) return false;
  run.phase('health');
  if (s.samples > 0 && s.discarded * 2 > s.samples) out.problems.push(MSG.healthDiscarded(s.discarded, s.samples));
  if (s.samples - s.discarded > 0 && s.vacuous === s.samples - s.discarded) out.problems.push(MSG.healthVacuous());
  return true;
}
