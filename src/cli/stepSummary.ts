/**
 * The GitHub Actions job summary of `thm check` (appended to the file GITHUB_STEP_SUMMARY names, under
 * GITHUB_ACTIONS=true): a Markdown table of the theorems and, folded, the details of each one that is not a clean
 * `holds` — what a reviewer reads on the run's page without opening the log.
 */
import fs from 'node:fs';
import type { CheckedTheorem, Shard } from './checkJson.js';
import { details, mark, negativeText, slackText } from './format.js';

/** A table cell: pipes and line breaks would break the row. */
const cell = (s: string) => s.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');

export function stepSummary(
  results: readonly CheckedTheorem[],
  o: { profile: string; shard: Shard | null; interrupted: boolean; notRun: readonly { id: string }[] },
): string {
  const failed = results.filter((r) => !r.passed).length;
  const findings = results.filter((r) => r.finding).length;
  const head =
    `### thm check (profile ${o.profile}${o.shard ? `, shard ${o.shard.index}/${o.shard.total}` : ''}): ` +
    `${results.length - failed} passed, ${failed} failed, ${findings} findings${o.interrupted ? ` — interrupted, not run: ${o.notRun.map((n) => n.id).join(', ')}` : ''}`;
  const out = [
    head,
    '',
    '| theorem | area | verdict | negative control | min slack | time | |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    out.push(
      `| \`${cell(r.id)}\` | ${cell(r.area)} | ${r.verdict} | ${negativeText(r.negativeControl.verdict)} | ${slackText(r.minSlack)} | ${(r.timeMs / 1000).toFixed(1)} s | ${mark(r)} |`,
    );
  }
  out.push(
    '',
    'min slack: smallest relative slack over the generated samples (0 = tight); negative control: must be violated.',
  );
  for (const r of results) {
    const d = details(r);
    if (d === '') continue;
    // a fence longer than any backtick run inside, so the details cannot close it
    const fence = '`'.repeat(Math.max(3, ...[...d.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    out.push(
      '',
      `<details><summary>${cell(r.id)}: ${r.verdict} (${mark(r)})</summary>`,
      '',
      `${fence}text`,
      d,
      fence,
      '',
      '</details>',
    );
  }
  return `${out.join('\n')}\n`;
}

/** Append the summary to GITHUB_STEP_SUMMARY when GitHub Actions provides one (a write failure is only a warning). */
export function writeStepSummary(text: string, file: string | undefined = process.env.GITHUB_STEP_SUMMARY): void {
  if (file === undefined || file === '') return;
  try {
    fs.appendFileSync(file, text);
  } catch (e) {
    console.error(
      `thm check: warning: GITHUB_STEP_SUMMARY ${file}: cannot append (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
    );
  }
}
