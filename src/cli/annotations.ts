/**
 * GitHub Actions workflow commands for `thm check` when GITHUB_ACTIONS=true: `::error` on the `defineTheorem` line of a
 * theorem that failed the run (on the user's own line for a theorem_error that has one), `::warning` for a finding (a
 * violated conjecture or phenomenon) and for the warnings of a passing theorem (an undecided sample …), `::error` on
 * each stored fixture that could not be replayed. Escaping follows the workflow-command rules: in the message %, CR
 * and LF are percent-encoded; in a property also `:` and `,`.
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

/**
 * 1-based line of the first `defineTheorem(` call in `source` (1 when there is none: the annotation still lands in the
 * file).
 */
export function defineTheoremLine(source: string): number {
  const i = source.split('\n').findIndex((l) => /\bdefineTheorem\s*\(/.test(l));
  return i < 0 ? 1 : i + 1;
}

/** What one annotation says: the verdict, the first counterexample (spec, reason, replay) or the problems. */
export function annotationMessage(r: TheoremResult): string {
  const lines = [`${r.id} (${r.status}): ${r.verdict}${r.passed ? '' : ' — fails the run'}`];
  const c = r.counterexamples.find((x) => x.verdict !== 'precision_artifact') ?? r.counterexamples[0];
  if (c !== undefined) {
    lines.push(
      `${c.phase} counterexample: ${c.verdict} — ${c.reason}`,
      `spec: ${canonicalJson(c.spec)}`,
      `replay: ${c.replay}`,
    );
  }
  for (const p of r.problems) lines.push(`problem: ${p}`);
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  if (!r.passed && c === undefined) lines.push(`re-run: ${r.replay}`);
  return lines.join('\n');
}

/** A `file:line` (or bare `file`) location as the engine writes it, resolved against the working directory. */
export function parseLocation(loc: string): { file: string; line?: number } {
  const m = /^(.*):(\d+)$/.exec(loc);
  return m ? { file: path.resolve(m[1]!), line: Number(m[2]) } : { file: path.resolve(loc) };
}

/**
 * The workflow commands for `results` (none for a clean pass). `fileOf` gives the absolute theorem file of a result;
 * paths are written relative to `root` (GITHUB_WORKSPACE: where GitHub resolves them).
 */
export function annotations(
  results: readonly TheoremResult[],
  fileOf: (r: TheoremResult) => string | undefined,
  root: string,
): string[] {
  const out: string[] = [];
  const at = (file: string | undefined, line?: number) =>
    file === undefined
      ? ''
      : `file=${escapeProperty(path.relative(root, file).split(path.sep).join('/'))},${line !== undefined ? `line=${line},` : ''}`;
  const cmd = (level: 'error' | 'warning', where: string, title: string, message: string) =>
    `::${level} ${where}title=${escapeProperty(title)}::${escapeData(message)}`;
  for (const r of results) {
    const abs = fileOf(r);
    let line = 1;
    try {
      if (abs !== undefined) line = defineTheoremLine(fs.readFileSync(abs, 'utf8'));
    } catch {
      /* file gone since the run: annotate line 1 */
    }
    if (!r.passed || r.finding) {
      // a bug in the theorem file points at the user's line when the engine found it
      const loc = r.counterexamples.find((c) => c.verdict === 'theorem_error' && c.location !== undefined)?.location;
      const where = loc !== undefined ? at(parseLocation(loc).file, parseLocation(loc).line) : at(abs, line);
      out.push(cmd(!r.passed ? 'error' : 'warning', where, `theorem ${r.id}: ${r.verdict}`, annotationMessage(r)));
    } else if (r.warnings.length > 0) {
      out.push(
        cmd(
          'warning',
          at(abs, line),
          `theorem ${r.id}: ${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}`,
          annotationMessage(r),
        ),
      );
    }
    for (const p of r.fixtureProblems)
      out.push(cmd('error', at(path.resolve(p.file)), `fixture of ${r.id}: ${p.field}`, p.message));
  }
  return out;
}
