/**
 * GitHub Actions workflow commands for `thm check` when GITHUB_ACTIONS=true: `::error` on the `defineTheorem` line of a
 * theorem that failed the run, `::warning` for a finding (a violated conjecture or phenomenon). Escaping follows the
 * workflow-command rules: in the message %, CR and LF are percent-encoded; in a property also `:` and `,`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '../instances/canonical.js';
import type { TheoremResult } from '../theorem/verify.js';

export function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** 1-based line of the first `defineTheorem(` call in `source` (1 when there is none: the annotation still lands in the file). */
export function defineTheoremLine(source: string): number {
  const i = source.split('\n').findIndex((l) => /\bdefineTheorem\s*\(/.test(l));
  return i < 0 ? 1 : i + 1;
}

/** What one annotation says: the verdict, the first counterexample (spec, reason, replay) or the problems. */
export function annotationMessage(r: TheoremResult): string {
  const lines = [`${r.id} (${r.status}): ${r.verdict}${r.passed ? '' : ' — fails the run'}`];
  const c = r.counterexamples.find((x) => x.verdict !== 'precision_artifact') ?? r.counterexamples[0];
  if (c !== undefined) {
    lines.push(`${c.phase} counterexample: ${c.verdict} — ${c.reason}`, `spec: ${canonicalJson(c.spec)}`, `replay: ${c.replay}`);
  }
  for (const p of r.problems) lines.push(`problem: ${p}`);
  if (!r.passed && c === undefined) lines.push(`re-run: ${r.replay}`);
  return lines.join('\n');
}

/**
 * The workflow commands for `results` (empty for passing theorems without a finding). `fileOf` gives the absolute
 * theorem file of a result; paths are written relative to `root` (GITHUB_WORKSPACE: where GitHub resolves them).
 */
export function annotations(results: readonly TheoremResult[], fileOf: (r: TheoremResult) => string | undefined, root: string): string[] {
  const out: string[] = [];
  for (const r of results) {
    const level = !r.passed ? 'error' : r.finding ? 'warning' : undefined;
    if (level === undefined) continue;
    const abs = fileOf(r);
    let where = '';
    if (abs !== undefined) {
      let line = 1;
      try {
        line = defineTheoremLine(fs.readFileSync(abs, 'utf8'));
      } catch { /* file gone since the run: annotate line 1 */ }
      where = `file=${escapeProperty(path.relative(root, abs).split(path.sep).join('/'))},line=${line},`;
    }
    out.push(`::${level} ${where}title=${escapeProperty(`theorem ${r.id}: ${r.verdict}`)}::${escapeData(annotationMessage(r))}`);
  }
  return out;
}
