/**
 * `thm check --junit FILE`: JUnit XML (schemas/junit.xsd, the format Jenkins, GitLab and GitHub test reporters read).
 * One <testsuite> per area, one <testcase> per theorem (classname = area). A theorem that fails the run is a
 * <failure> (a certified violation, no teeth, health …) or an <error> (budget exhausted, internal error, a generator
 * that breaks its hypotheses) whose text is the failure details: counterexample spec, claims, seed, replay command.
 * A finding passes, with its details in <system-out>; a theorem an interrupt kept from running is <skipped>.
 */
import os from 'node:os';
import type { CheckedTheorem } from './checkJson.js';
import { details } from './format.js';

/** A theorem selected but not run (e.g. the run was interrupted first). */
export interface NotRun {
  readonly id: string;
  readonly area: string;
  readonly reason: string;
}

/**
 * Characters XML 1.0 cannot carry at all (controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF): shown as
 * \uXXXX.
 */
/* eslint-disable no-control-regex -- XML 1.0 forbids these control characters; matching them is the point */
const INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

function clean(s: string): string {
  return s.replace(INVALID, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function xmlText(s: string): string {
  return clean(s).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** An attribute value in double quotes; tab/LF/CR as character references so attribute normalization keeps them. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replaceAll('"', '&quot;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);
const suiteName = (area: string) => area || '(no area)';

type Outcome = { kind: 'failure' | 'error'; type: string; message: string } | null;

/** Verdicts that say the check could not be carried out (JUnit <error>), not that the claim failed (<failure>). */
const ERROR_VERDICTS: ReadonlySet<string> = new Set(['budget_exhausted', 'hypothesis_violated', 'theorem_error']);

function outcome(r: CheckedTheorem): Outcome {
  if (r.passed) return null;
  const c = r.counterexamples.find((x) => x.verdict === r.verdict) ?? r.counterexamples[0];
  // the first thing that explains the failure: a counterexample, a problem, a fixture that cannot be replayed, a
  // warning
  const why = c?.reason ?? r.problems[0] ?? r.fixtureProblems[0]?.message ?? r.warnings[0];
  const message = `${r.verdict}${why !== undefined ? `: ${why}` : ''}`;
  // a stored fixture that cannot be replayed is an input error of the run (exit 2), not a verdict on the theorem
  if (c === undefined && r.problems.length === 0 && r.fixtureProblems.length > 0)
    return { kind: 'error', type: 'fixture_problem', message };
  const error = ERROR_VERDICTS.has(r.verdict) || r.problems.some((p) => p.startsWith('internal error'));
  return { kind: error ? 'error' : 'failure', type: r.verdict, message };
}

function testcase(r: CheckedTheorem): string[] {
  const head = `    <testcase name="${xmlAttr(r.id)}" classname="${xmlAttr(suiteName(r.area))}" time="${seconds(r.timeMs)}"`;
  const o = outcome(r);
  const info = [
    `${r.title}`,
    `citation: ${r.citation}`,
    `profile ${r.profile}, backend ${r.backend}, seed ${r.seed}, ${r.runs} runs, verdict ${r.verdict}`,
    ...(r.observed !== undefined
      ? [
          `observed (tightest sample): ${Object.entries(r.observed)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}`,
        ]
      : []),
  ].join('\n');
  const text = details(r);
  const body: string[] = [];
  if (o !== null)
    body.push(
      `      <${o.kind} message="${xmlAttr(o.message)}" type="${xmlAttr(o.type)}">${xmlText(text)}</${o.kind}>`,
    );
  body.push(`      <system-out>${xmlText(o === null && text !== '' ? `${info}\n\n${text}` : info)}</system-out>`);
  return [`${head}>`, ...body, '    </testcase>'];
}

/** The JUnit document for `results` (+ theorems not run), grouped by area in first-seen order. */
export function junitXml(
  results: readonly CheckedTheorem[],
  o: { name: string; timestamp: string; properties: Readonly<Record<string, string>>; notRun?: readonly NotRun[] },
): string {
  const notRun = o.notRun ?? [];
  const areas = [...new Set([...results.map((r) => r.area), ...notRun.map((n) => n.area)])];
  const kinds = results.map(outcome);
  const failures = kinds.filter((k) => k?.kind === 'failure').length;
  const errors = kinds.filter((k) => k?.kind === 'error').length;
  const total = seconds(results.reduce((s, r) => s + r.timeMs, 0));
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(o.name)}" tests="${results.length + notRun.length}" failures="${failures}" errors="${errors}" time="${total}">`,
  ];
  for (const [i, area] of areas.entries()) {
    const rs = results.filter((r) => r.area === area);
    const skip = notRun.filter((n) => n.area === area);
    const ks = rs.map(outcome);
    out.push(
      `  <testsuite name="${xmlAttr(suiteName(area))}" id="${i}" package="theoremcheck" tests="${rs.length + skip.length}"` +
        ` failures="${ks.filter((k) => k?.kind === 'failure').length}" errors="${ks.filter((k) => k?.kind === 'error').length}"` +
        ` skipped="${skip.length}" time="${seconds(rs.reduce((s, r) => s + r.timeMs, 0))}" timestamp="${o.timestamp.replace(/\.\d+Z$/, 'Z')}"` +
        ` hostname="${xmlAttr(os.hostname())}">`,
    );
    out.push(
      '    <properties>',
      ...Object.entries(o.properties).map(([k, v]) => `      <property name="${xmlAttr(k)}" value="${xmlAttr(v)}"/>`),
      '    </properties>',
    );
    for (const r of rs) out.push(...testcase(r));
    for (const n of skip) {
      out.push(
        `    <testcase name="${xmlAttr(n.id)}" classname="${xmlAttr(suiteName(area))}" time="0.000">`,
        `      <skipped message="${xmlAttr(n.reason)}"/>`,
        '    </testcase>',
      );
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
