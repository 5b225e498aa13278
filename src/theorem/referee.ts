/**
 * The referee (mpmath autoprec-style): re-run one instance at p and 2p digits (ladder.ts) and classify it. A
 * counterexample is `violated` only when both precisions violate the same claim and agree within their error bars; when the higher
 * precision holds it was a `precision_artifact`; anything else is `undecided`.
 */
import { Decimal } from 'decimal.js';
import type { AnyBackend } from '../numeric/types.js';
import { getBackend } from './backends.js';
import { judgeEvidence, type SampleJudgement, type SampleStatus } from './claims.js';
import type { AnyTheorem } from './define.js';
import { refereeLadder, withCrossCheck, type CrossCheckPolicy } from './ladder.js';
import type { Claim, Verdict } from './types.js';

const J = Decimal.clone({ precision: 1000 });

/** One evaluation of an instance on one backend. */
export interface Rung {
  readonly backend: string;
  readonly status: SampleStatus | 'error';
  readonly claims: readonly Claim[];
  readonly judgement?: SampleJudgement;
  readonly reason?: string;
  /** The evidence's `observed` quantities (shown in reports). */
  readonly observed?: Readonly<Record<string, string>>;
  readonly ms: number;
}

/** `observed` as strings (a theorem file may return numbers despite the type): reports print and serialize them. */
function observedOf(o: object): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}

/** Evaluate and judge `spec` on `B`; thrown HypothesisViolated errors and other exceptions become values. */
export function evaluateOn(thm: AnyTheorem, B: AnyBackend, spec: unknown): Rung {
  const t0 = performance.now();
  try {
    const ev = thm.evaluate(B, spec);
    const judgement = judgeEvidence(ev);
    return {
      backend: B.id, status: judgement.status, claims: ev.claims, judgement,
      ...(judgement.reason !== undefined ? { reason: judgement.reason } : {}),
      ...(ev.observed !== undefined ? { observed: observedOf(ev.observed) } : {}), ms: performance.now() - t0,
    };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const status = err.name === 'HypothesisViolated' ? 'hypothesis_violated' : 'error';
    return { backend: B.id, status, claims: [], reason: `${err.name}: ${err.message}`, ms: performance.now() - t0 };
  }
}

/** Claims violated on both rungs whose values agree within the two error bars. */
export function agreeingViolations(a: Rung, b: Rung): string[] {
  const bars = (r: Rung) => {
    const m = new Map<string, { d: InstanceType<typeof J>; e: InstanceType<typeof J> }>();
    r.claims.forEach((c, i) => {
      if (r.judgement?.judgements[i]?.status === 'violated') m.set(c.label, { d: new J(c.lhs).minus(c.rhs), e: new J(c.err) });
    });
    return m;
  };
  const ma = bars(a);
  const mb = bars(b);
  return [...ma.entries()].filter(([label, x]) => {
    const y = mb.get(label);
    return y !== undefined && x.d.minus(y.d).abs().lte(x.e.plus(y.e));
  }).map(([label]) => label);
}

/** Classify a counterexample from its dec:p and dec:2p rungs. */
export function classify(p: Rung, p2: Rung): { verdict: Verdict; reason: string } {
  if (p.status === 'hypothesis_violated' || p2.status === 'hypothesis_violated') {
    return { verdict: 'hypothesis_violated', reason: (p2.status === 'hypothesis_violated' ? p2 : p).reason ?? '' };
  }
  if (p2.status === 'ok') {
    return { verdict: 'precision_artifact', reason: `holds at ${p2.backend}: the failure was rounding error (the error bar at the lower precision was too small)` };
  }
  if (p.status === 'violated' && p2.status === 'violated') {
    const labels = agreeingViolations(p, p2);
    if (labels.length > 0) return { verdict: 'violated', reason: `certified at ${p.backend} and ${p2.backend}: ${labels.join(', ')}` };
    return { verdict: 'undecided', reason: `${p.backend} and ${p2.backend} both fail but disagree beyond their error bars` };
  }
  return { verdict: 'undecided', reason: `${p.backend}: ${p.status}${p.reason ? ` (${p.reason})` : ''}; ${p2.backend}: ${p2.status}${p2.reason ? ` (${p2.reason})` : ''}` };
}

export interface RefereeResult {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly rungs: readonly Rung[];
}

/** Re-run `spec` on the ladder (ladder.ts: mpfr:p and mpfr:2p, then the dec:p cross-check) and classify it. */
export async function referee(thm: AnyTheorem, spec: unknown, digits: number, policy: CrossCheckPolicy = {}): Promise<RefereeResult> {
  const ladder = await refereeLadder(digits);
  const [a, b] = ladder.certify;
  const ra = evaluateOn(thm, getBackend(a), spec);
  const rb = evaluateOn(thm, getBackend(b), spec);
  return withCrossCheck(thm, spec, ladder, { ...classify(ra, rb), rungs: [ra, rb] }, policy);
}
