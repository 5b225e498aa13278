/**
 * The referee (mpmath autoprec-style): re-run one instance at p and 2p digits on the certifying backends of the ladder
 * (ladder.ts: mpfr:p and mpfr:2p, or dec:p and dec:2p without MPFR) and classify it. A counterexample is `violated`
 * only when both precisions violate the same claim and agree within their error bars; when the higher precision holds
 * it was a `precision_artifact`. When both violate the same claim but disagree beyond their bars (chaotic dynamics
 * amplify rounding until the bars are honest but wide apart), the referee escalates to 4p and 8p before giving up with
 * `undecided`. A certified violation is then cross-checked in decimal (ladder.ts).
 */
import { Decimal } from 'decimal.js';
import type { AnyBackend } from '../numeric/types.js';
import { getBackend } from './backends.js';
import { judgeEvidence, type SampleJudgement, type SampleStatus } from './claims.js';
import type { AnyTheorem } from './define.js';
import { refereeLadder, withCrossCheck, type CrossCheckPolicy } from './ladder.js';
import { rerunSampling } from './statistical.js';
import { evidenceProblem, userFrame } from './theoremErrors.js';
import type { Claim, Evidence } from './types.js';
import { MSG, type Verdict } from './verdicts.js';

const J = Decimal.clone({ precision: 1000 });

/** One evaluation of an instance on one backend. */
export interface Rung {
  readonly backend: string;
  readonly status: SampleStatus | 'theorem_error';
  readonly claims: readonly Claim[];
  readonly judgement?: SampleJudgement;
  readonly reason?: string;
  /** The evidence's `observed` quantities (shown in reports). */
  readonly observed?: Readonly<Record<string, string>>;
  /** file:line of the user's code, for a theorem_error. */
  readonly location?: string;
  readonly ms: number;
}

/** `observed` as strings (a theorem file may return numbers despite the type): reports print and serialize them. */
function observedOf(o: object): Record<string, string> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, String(v)]));
}

/**
 * Evaluate and judge `spec` on `B`. A thrown HypothesisViolated becomes `hypothesis_violated`; any other exception, or
 * a return value that is not Evidence, is a bug in the theorem file (`theorem_error`, with the user's file:line).
 */
export function evaluateOn(thm: AnyTheorem, B: AnyBackend, spec: unknown): Rung {
  const t0 = performance.now();
  let ev: unknown;
  try {
    ev = thm.evaluate(B, spec);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const status = err.name === 'HypothesisViolated' ? 'hypothesis_violated' : 'theorem_error';
    const location = status === 'theorem_error' ? userFrame(err.stack) : undefined;
    return {
      backend: B.id,
      status,
      claims: [],
      reason: status === 'theorem_error' ? `evaluate threw ${err.name}: ${err.message}` : err.message,
      ...(location !== undefined ? { location } : {}),
      ms: performance.now() - t0,
    };
  }
  let judgement: SampleJudgement;
  let observed: Record<string, string> | undefined;
  try {
    const bad = evidenceProblem(ev);
    if (bad !== null) {
      // an unhandled rejection of a returned Promise must not crash the run: it is reported as this theorem_error
      if (typeof (ev as { catch?: unknown } | null)?.catch === 'function')
        (ev as Promise<unknown>).catch(() => undefined);
      return { backend: B.id, status: 'theorem_error', claims: [], reason: bad, ms: performance.now() - t0 };
    }
    judgement = judgeEvidence(ev as Evidence);
    const o = (ev as Evidence).observed;
    observed = o !== undefined ? observedOf(o) : undefined;
  } catch (e) {
    // a returned object whose getters throw: still the theorem file's bug, not the framework's
    const err = e instanceof Error ? e : new Error(String(e));
    const location = userFrame(err.stack);
    return {
      backend: B.id,
      status: 'theorem_error',
      claims: [],
      reason: `reading what evaluate returned threw ${err.name}: ${err.message}`,
      ...(location ? { location } : {}),
      ms: performance.now() - t0,
    };
  }
  const evidence = ev as Evidence;
  return {
    backend: B.id,
    status: judgement.status,
    claims: evidence.claims,
    judgement,
    ...(judgement.reason !== undefined ? { reason: judgement.reason } : {}),
    ...(observed !== undefined ? { observed } : {}),
    ms: performance.now() - t0,
  };
}

/** Claims violated on both rungs whose values agree within the two error bars. */
export function agreeingViolations(a: Rung, b: Rung): string[] {
  const bars = (r: Rung) => {
    const m = new Map<string, { d: InstanceType<typeof J>; e: InstanceType<typeof J> }>();
    r.claims.forEach((c, i) => {
      if (r.judgement?.judgements[i]?.status === 'violated')
        m.set(c.label, { d: new J(c.lhs).minus(c.rhs), e: new J(c.err) });
    });
    return m;
  };
  const ma = bars(a);
  const mb = bars(b);
  return [...ma.entries()]
    .filter(([label, x]) => {
      const y = mb.get(label);
      return y !== undefined && x.d.minus(y.d).abs().lte(x.e.plus(y.e));
    })
    .map(([label]) => label);
}

/** Both rungs violate a common claim but no common violated claim agrees within the bars (the case to escalate). */
export function disagreeOnSameClaim(p: Rung, p2: Rung): boolean {
  if (p.status !== 'violated' || p2.status !== 'violated' || agreeingViolations(p, p2).length > 0) return false;
  const violated = (r: Rung) =>
    new Set(r.claims.filter((_, i) => r.judgement?.judgements[i]?.status === 'violated').map((c) => c.label));
  const b = violated(p2);
  return [...violated(p)].some((l) => b.has(l));
}

/** Classify a counterexample from two consecutive referee rungs (dec:p and dec:2p). */
export function classify(p: Rung, p2: Rung): { verdict: Verdict; reason: string } {
  const te = [p2, p].find((r) => r.status === 'theorem_error');
  if (te !== undefined) return { verdict: 'theorem_error', reason: `at ${te.backend}: ${te.reason ?? ''}` };
  if (p.status === 'hypothesis_violated' || p2.status === 'hypothesis_violated') {
    return { verdict: 'hypothesis_violated', reason: (p2.status === 'hypothesis_violated' ? p2 : p).reason ?? '' };
  }
  if (p2.status === 'ok') return { verdict: 'precision_artifact', reason: MSG.artifact(p2.backend) };
  if (p.status === 'violated' && p2.status === 'violated') {
    const labels = agreeingViolations(p, p2);
    if (labels.length > 0) return { verdict: 'violated', reason: MSG.certified(p.backend, p2.backend, labels) };
    return { verdict: 'undecided', reason: MSG.disagree(p.backend, p2.backend) };
  }
  const say = (r: Rung) => `${r.backend}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`;
  return { verdict: 'undecided', reason: `${say(p)}; ${say(p2)}` };
}

export interface RefereeResult {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly rungs: readonly Rung[];
}

/** How many times the referee doubles the precision beyond 2p when the rungs disagree (50 → … → 400 digits). */
export const ESCALATIONS = 2;

/** The certifying rungs for the pair [X:p, X:2p] of a ladder: X:p, X:2p, then the escalation rungs X:4p, X:8p. */
export function escalationIds(certify: readonly [string, string]): string[] {
  const m = /^([a-z0-9]+):(\d+)$/.exec(certify[0]);
  if (m === null) return [...certify];
  return Array.from({ length: 2 + ESCALATIONS }, (_, i) => `${m[1]}:${Number(m[2]) * 2 ** i}`);
}

/**
 * Re-run `spec` on the ladder's certifying pair and classify it; while the last two rungs violate the same claim but
 * disagree beyond their bars, add the next escalation rung and classify the last two again. A certified violation then
 * meets the decimal cross-check (ladder.ts).
 */
export async function referee(
  thm: AnyTheorem,
  spec: unknown,
  digits: number,
  policy: CrossCheckPolicy = {},
): Promise<RefereeResult> {
  const ladder = await refereeLadder(digits);
  const ids = escalationIds(ladder.certify);
  const rungs = ids.slice(0, 2).map((id) => evaluateOn(thm, getBackend(id), spec));
  for (let k = 2; k < ids.length && disagreeOnSameClaim(rungs.at(-2)!, rungs.at(-1)!); k++) {
    rungs.push(evaluateOn(thm, getBackend(ids[k]!), spec));
  }
  // the decimal cross-check runs at the precision of the pair that decided (dec:4p after one escalation, …)
  const decided = /:(\d+)$/.exec(rungs.at(-2)!.backend)?.[1] ?? String(digits);
  const l = ladder.crossCheck === null ? ladder : { ...ladder, crossCheck: `dec:${decided}` };
  const result = withCrossCheck(thm, spec, l, { ...classify(rungs.at(-2)!, rungs.at(-1)!), rungs }, policy);
  return statisticalRerun(thm, spec, [rungs.at(-2)!.backend, rungs.at(-1)!.backend], result);
}

/** The statistical claims among the agreeing violations of the last two rungs (the certified labels). */
function certifiedStatistical(result: RefereeResult): { labels: string[]; all: boolean; delta: string } {
  const [p, p2] = [result.rungs.at(-2)!, result.rungs.at(-1)!];
  const labels = agreeingViolations(p, p2);
  const stat = p2.claims.filter((c) => c.statistical !== undefined && labels.includes(c.label));
  const delta = stat.map((c) => c.statistical!.delta).join(', ');
  return { labels: stat.map((c) => c.label), all: labels.length > 0 && stat.length === labels.length, delta };
}

/**
 * The referee's meaning for statistical claims (./statistical.ts): precision alone cannot tell a real violation from
 * a sampling fluke, so a violation certified only on statistical claims is re-run on the certifying pair with fresh
 * derived seeds and RERUN_FACTOR times the samples. It stays `violated` only when the rerun violates one of the same
 * statistical claims, certified the same way; otherwise it is `undecided`. A violation certified on any deterministic
 * claim needs no rerun. The reason starts with `statistical (δ = …)`.
 */
export function statisticalRerun(
  thm: AnyTheorem,
  spec: unknown,
  pair: readonly string[],
  result: RefereeResult,
  backend: (id: string) => AnyBackend = getBackend,
): RefereeResult {
  if (result.verdict !== 'violated') return result;
  const first = certifiedStatistical(result);
  if (!first.all) return result;
  const tag = `statistical (δ = ${first.delta})`;
  const re = rerunSampling(spec);
  if (re === null) {
    return {
      ...result,
      verdict: 'undecided',
      reason: `${tag}: ${result.reason}, but the spec has no \`sampling\` {seed, samples} to rerun with fresh seeds: add one (src/theorem/statistical.ts)`,
    };
  }
  const what = `rerun with seed ${re.sampling.seed} and ${re.sampling.samples} samples`;
  const again = pair.map((id) => {
    const r = evaluateOn(thm, backend(id), re.spec);
    return { ...r, backend: `${r.backend} (rerun)` };
  });
  const second = classify(again[0]!, again[1]!);
  const rungs = [...result.rungs, ...again];
  const repro = second.verdict === 'violated' ? certifiedStatistical({ ...second, rungs }) : null;
  const common = repro?.labels.filter((l) => first.labels.includes(l)) ?? [];
  if (common.length > 0) {
    return { verdict: 'violated', reason: `${tag}: ${result.reason}; reproduced on an independent ${what}`, rungs };
  }
  return {
    verdict: 'undecided',
    reason: `${tag}: ${result.reason}, but an independent ${what} does not reproduce it (${second.verdict}: ${second.reason}): a sampling fluke at probability ≤ δ, not a certified counterexample`,
    rungs,
  };
}
