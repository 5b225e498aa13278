/**
 * Plain-text output of `thm`: aligned tables and the per-failure details (seed, counterexample, replay line).
 */
import { canonicalJson } from '../instances/canonical.js';
import { Decimal } from 'decimal.js';
import { addFalseAlarm, type FalseAlarm } from '../theorem/statistical.js';
import type { Claim } from '../theorem/types.js';
import type { TheoremResult } from '../theorem/verify.js';

/** Align `rows` under `head` (two spaces between columns). */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n');
}

export function slackText(s: number | null): string {
  return s === null ? '-' : s.toPrecision(3);
}

/** PASS, FAIL or FINDING (a violated conjecture/phenomenon). */
export function mark(r: TheoremResult): string {
  return !r.passed ? 'FAIL' : r.finding ? 'finding' : 'ok';
}

export function resultsTable(results: readonly TheoremResult[]): string {
  return table(
    ['theorem', 'citation', 'runs', 'verdict', 'negative control', 'min slack', 'time', 'seed', ''],
    results.map((r) => [
      r.id,
      shorten(r.citation),
      String(r.runs),
      r.verdict,
      negativeText(r.negativeControl.verdict),
      slackText(r.minSlack),
      `${(r.timeMs / 1000).toFixed(1)}s`,
      String(r.seed),
      mark(r),
    ]),
  );
}

export function negativeText(v: TheoremResult['negativeControl']['verdict']): string {
  return v === 'not_run' ? '-' : v;
}

/** What the columns of the results table mean (printed under it). */
export const TABLE_LEGEND = [
  'min slack: smallest relative slack (rhs − lhs)/max(|lhs|,|rhs|) over the generated samples (0 = tight, < 0 = violated, - = no sample had claims).',
  'negative control: verdict on `violations` (one hypothesis broken); it must be violated, otherwise the check has no teeth.',
].join('\n');

/** "0.251 (eq9)": a result's tightness ratio and the claim attaining it. */
export function tightnessText(t: { readonly ratio: number; readonly claim: string }): string {
  return `${t.ratio.toPrecision(3)}${t.claim === '' ? '' : ` (${t.claim})`}`;
}

export const TIGHTNESS_LEGEND =
  'tightness: largest lhs/rhs of a <= claim (rhs/lhs of >=) over the generated samples of a bound (upper, lower, tight): 1 = attained, 0.25 = loose by 4× there; * = the instance stored by thm check --tightness.';

/** `name=value, …` of a theorem's observed quantities. */
export function observedText(o: Readonly<Record<string, string>>): string {
  return Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** One line on the targeted phase: samples spent and the smallest slack before → after (empty when it did not run). */
export function searchText(r: TheoremResult): string {
  const s = r.search;
  if (s === undefined || s.strategy === 'random' || s.samples === 0) return '';
  const found = s.found ? '; found the failing instance' : '';
  return `${r.id}: targeted search ${s.samples} samples, min slack ${slackText(s.bestBefore)} → ${slackText(s.bestAfter)}${found}`;
}

/**
 * One line on the tightness phase (`--tightness`): samples, the best ratio before → after, the claim and the instance
 * attaining it, and where it is stored (empty when it did not run).
 */
export function tightnessSearchText(r: TheoremResult): string {
  const t = r.tightness;
  const s = t?.search;
  if (t === undefined || s === undefined) return '';
  const before = s.before === null ? '-' : s.before.toPrecision(6);
  const stored = t.record !== undefined ? `; stored in ${t.record}` : '';
  return `${r.id}: tightness search ${s.samples} samples, best ratio ${before} → ${t.ratio.toPrecision(6)} (${t.claim}) at ${specText(t.spec)}${stored}`;
}

/** What to print under the table for one result that is not a clean `holds` (empty otherwise). */
export function details(r: TheoremResult): string {
  if (
    r.verdict === 'holds' &&
    r.problems.length === 0 &&
    r.notes.length === 0 &&
    r.warnings.length === 0 &&
    r.fixtureProblems.length === 0
  )
    return '';
  const lines = [
    `${r.id} (${r.status}, ${r.kind}): ${r.verdict}${r.passed ? '' : ' — FAILS'}  [profile ${r.profile}, backend ${r.backend}, seed ${r.seed}]`,
  ];
  for (const p of r.problems) lines.push(`  problem: ${p}`);
  for (const p of r.fixtureProblems) lines.push(`  fixture problem: ${p.message}`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  for (const c of r.counterexamples) {
    lines.push(
      `  ${c.phase} ${c.verdict === 'theorem_error' ? 'theorem-file error' : 'counterexample'}: ${c.verdict} — ${c.reason}`,
    );
    if (c.location !== undefined) lines.push(`    at: ${c.location}`);
    lines.push(`    spec: ${specText(c.spec)}`);
    for (const k of c.claims.slice(0, 5)) lines.push(`    ${claimText(k)}`);
    if (c.claims.length > 5) lines.push(`    … ${c.claims.length - 5} more claims`);
    if (c.observed !== undefined) lines.push(`    observed: ${observedText(c.observed)}`);
    lines.push(`    rungs: ${c.rungs.map((g) => `${g.backend}=${g.status}`).join(', ')}`);
    if (c.seed !== undefined) lines.push(`    seed: ${c.seed}${c.path ? `  path: ${c.path}` : ''}`);
    if (c.fixture !== undefined)
      lines.push(`    fixture: ${c.fixture}${c.fixtureStatus ? ` (${c.fixtureStatus})` : ''}`);
    if (c.fixtureError !== undefined) lines.push(`    fixture NOT saved: ${c.fixtureError}`);
    lines.push(`    replay: ${c.replay}`);
  }
  for (const n of r.notes) lines.push(`  note: ${n}`);
  if (!r.passed) lines.push(`  re-run: ${r.replay}`);
  return lines.join('\n');
}

/** One claim as `label: lhs rel rhs ± err`, and for a statistical claim its δ and sample count. */
export function claimText(k: Claim): string {
  const stat =
    k.statistical === undefined ? '' : `  [statistical: δ = ${k.statistical.delta}, n = ${k.statistical.samples}]`;
  return `${k.label}: ${k.lhs} ${k.rel} ${k.rhs} ± ${k.err}${stat}`;
}

/** Decimal context of this file (shown bounds rounded up). */
const D = Decimal.clone({ precision: 40 });

/**
 * The `thm check` line on statistical claims: how many were evaluated, the run's first-sight false-alarm budget Σδ and
 * the bound on a certified false alarm (src/theorem/statistical.ts, FalseAlarm).
 */
export function falseAlarmLine(results: readonly TheoremResult[]): string {
  const zero: FalseAlarm = { claims: 0, delta: '0', certified: '0' };
  const fa = results.reduce((acc, r) => (r.falseAlarm === undefined ? acc : addFalseAlarm(acc, r.falseAlarm)), zero);
  if (fa.claims === 0) return 'statistical claims: none evaluated (false-alarm budget 0)';
  const certified =
    fa.certified === undefined
      ? 'a failure is certified only when a fresh-seed rerun fails too'
      : `certified false alarm ≤ ${new D(fa.certified).toSignificantDigits(3, D.ROUND_UP).toString()}: a failure counts only when a fresh-seed rerun fails too`;
  return `statistical claims: ${fa.claims} evaluated; false-alarm budget Σδ = ${fa.delta} (${certified})`;
}

/** A table-width citation: the first reference, at most 60 characters (the full citation is in --json and report). */
export function shorten(citation: string): string {
  const more = citation.includes(';') ? ' +' : '';
  const text = `${citation.split(';')[0]!.trim()}${more}`;
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** A spec as canonical JSON; a spec that JSON cannot hold (a generator bug: Infinity, a function) as best it can. */
function specText(spec: unknown): string {
  try {
    return canonicalJson(spec);
  } catch {
    return String(
      JSON.stringify(spec, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)),
    );
  }
}

/**
 * The end of `thm check`: one stderr line per warning and per stored fixture that could not be replayed, and the exit
 * code — 2 when a fixture is an input problem (fix the file), else 1 when a result fails, else 0.
 */
export function closing(results: readonly TheoremResult[]): {
  readonly stderr: readonly string[];
  readonly code: 0 | 1 | 2;
} {
  const stderr = [
    ...results.flatMap((r) => r.warnings.map((w) => `warning: ${r.id}: ${w}`)),
    ...results.flatMap((r) => r.fixtureProblems.map((p) => `thm check: ${p.message}`)),
  ];
  const code = results.some((r) => r.fixtureProblems.length > 0) ? 2 : results.some((r) => !r.passed) ? 1 : 0;
  return { stderr, code };
}
