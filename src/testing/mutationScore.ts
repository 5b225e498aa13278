/**
 * Mutation scores per folder from Stryker's incremental reports (mutation-testing-report-schema JSON: `files` maps a
 * path to its `mutants`, each with a `status`). Score = detected / valid, as Stryker defines it: (killed + timeout)
 * over (killed + timeout + survived + no coverage); compile and runtime errors are not valid mutants, and ignored
 * mutants (static ones unless `--static`) were not run.
 */

export interface FolderScore {
  readonly folder: string;
  readonly killed: number;
  readonly timeout: number;
  readonly survived: number;
  readonly noCoverage: number;
  readonly errors: number;
  readonly ignored: number;
  /** percent, or null when the folder has no valid mutant */
  readonly score: number | null;
}

export interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  ignored: number;
}

const COUNTED: Readonly<Record<string, keyof Counts>> = {
  Killed: 'killed',
  Timeout: 'timeout',
  Survived: 'survived',
  NoCoverage: 'noCoverage',
  CompileError: 'errors',
  RuntimeError: 'errors',
  Ignored: 'ignored',
};

/** The folder a mutated file is reported under: its directory, with src/theorem/phases/* folded into src/theorem. */
export function folderOf(file: string): string {
  const norm = file.replace(/\\/g, '/');
  const dir = norm.includes('/') ? norm.slice(0, norm.lastIndexOf('/')) : '.';
  return dir.startsWith('src/theorem/') ? 'src/theorem' : dir;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Adds the mutants of one report to `acc` (folder → counts); throws naming the report when it is not one. */
export function addReport(acc: Map<string, Counts>, report: unknown, name: string): void {
  if (!isRecord(report) || !isRecord(report.files))
    throw new Error(`${name}: not a Stryker report (no "files" object)`);
  for (const [file, result] of Object.entries(report.files)) {
    if (!isRecord(result) || !Array.isArray(result.mutants))
      throw new Error(`${name}: files["${file}"] has no mutants array`);
    const folder = folderOf(file);
    const c = acc.get(folder) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, errors: 0, ignored: 0 };
    for (const m of result.mutants) {
      const status = isRecord(m) ? m.status : undefined;
      const key = typeof status === 'string' ? COUNTED[status] : undefined;
      if (key === undefined)
        throw new Error(`${name}: files["${file}"] has a mutant with status ${JSON.stringify(status)}`);
      c[key]++;
    }
    acc.set(folder, c);
  }
}

/** Per-folder scores, sorted by folder. */
export function folderScores(acc: ReadonlyMap<string, Counts>): FolderScore[] {
  return [...acc.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([folder, c]) => {
      const detected = c.killed + c.timeout;
      const valid = detected + c.survived + c.noCoverage;
      return { folder, ...c, score: valid === 0 ? null : (100 * detected) / valid };
    });
}

/** A markdown table of the scores (the README's mutation-testing table has this shape). */
export function scoreTable(scores: readonly FolderScore[]): string {
  const rows = scores.map(
    (s) =>
      `| ${s.folder} | ${s.score === null ? '–' : `${s.score.toFixed(1)} %`} | ${s.killed} | ${s.timeout} | ${s.survived} | ${s.noCoverage} | ${s.errors} | ${s.ignored} |`,
  );
  return [
    '| folder | score | killed | timeout | survived | no coverage | errors | static, not run |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
