/**
 * Discovery of theorem files (no hand-kept list): properties/<area>/<id>.theorem.ts, each `export default
 * defineTheorem({...})`, plus the catalogue lint (id = file name, unique ids, public imports only, no stray files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputError, isInputError } from '../errors.js';
import { validateTheorem, type AnyTheorem } from './define.js';
import { noteReportedLoadFailure } from './loadHooks.js';

export const THEOREM_SUFFIX = '.theorem.ts';

/**
 * theoremcheck's own folder (its package.json, src/ and the catalogue in properties/). Results and fixtures are not
 * written here but under the user's project: see src/cli/resultsRoot.ts. (fileURLToPath: a path with spaces stays one.)
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** This package's own folder (bin/, src/, docs/theorems/ live here, wherever the results of a run go). */
export const PACKAGE_DIR = PROJECT_ROOT;
export const CATALOGUE_DIR = path.join(PROJECT_ROOT, 'properties');

export interface LoadedTheorem {
  readonly file: string;
  /** First folder under properties/ ('' for files elsewhere). */
  readonly area: string;
  readonly theorem: AnyTheorem;
}

/** Every file under `dir` (recursively), sorted, as absolute paths. */
export function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: false }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => fs.statSync(f).isFile())
    .sort();
}

/** Every *.theorem.ts under `dir`, sorted. */
export function findTheoremFiles(dir: string = CATALOGUE_DIR): string[] {
  return walk(dir).filter((f) => f.endsWith(THEOREM_SUFFIX));
}

export function idFromFile(file: string): string {
  return path.basename(file, THEOREM_SUFFIX);
}

export function areaOf(file: string, dir: string = CATALOGUE_DIR): string {
  const rel = path.relative(dir, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return '';
  const parts = rel.split(path.sep);
  return parts.length > 1 ? parts[0]! : '';
}

/** Import one theorem file and validate its default export; every failure is a one-line InputError naming the file. */
export async function loadTheoremFile(file: string, dir: string = CATALOGUE_DIR): Promise<LoadedTheorem> {
  const abs = path.resolve(file);
  const shown = path.relative(process.cwd(), abs) || abs;
  if (!fs.existsSync(abs)) throw inputError(`${shown}: no such theorem file`);
  if (!abs.endsWith(THEOREM_SUFFIX)) throw inputError(`${shown}: a theorem file must be named <id>${THEOREM_SUFFIX}`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(abs).href)) as { default?: unknown };
  } catch (e) {
    noteReportedLoadFailure(e);
    if (isInputError(e)) throw inputError(`${shown}: ${(e as Error).message}`);
    throw inputError(loadFailure(e, abs, shown));
  }
  const thm = mod.default;
  if (thm === undefined) {
    const empty = fs.readFileSync(abs, 'utf8').trim() === '';
    throw inputError(
      `${shown}: ${empty ? 'the file is empty' : 'default export: missing'} (write \`export default defineTheorem({...})\`)`,
    );
  }
  if (typeof thm !== 'object' || thm === null || (thm as { __theorem?: unknown }).__theorem !== true) {
    throw inputError(
      `${shown}: default export: must be the result of defineTheorem({...}), got ${thm === null ? 'null' : typeof thm}`,
    );
  }
  validateTheorem(thm, shown);
  if (thm.id !== idFromFile(abs))
    throw inputError(`${shown}: id: ${JSON.stringify(thm.id)} differs from the file name (rename one of them)`);
  return { file: abs, area: areaOf(abs, dir), theorem: thm };
}

/**
 * One line for a theorem file that does not load: a syntax error as `file:line:column: reason` (esbuild reports the
 * line 1-based and the column 0-based; editors expect both 1-based), anything else with the first line of its message
 * and, when the stack passes through the file, where.
 */
export function loadFailure(e: unknown, abs: string, shown: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const syntax = /^(.+?):(\d+):(\d+): ERROR: (.+)$/m.exec(message);
  if (syntax !== null && path.resolve(syntax[1]!) === abs)
    return `${shown}:${syntax[2]}:${Number(syntax[3]) + 1}: syntax error: ${syntax[4]}`;
  const first = message.split('\n')[0]!;
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const at =
    new RegExp(`${escapeRe(abs)}:(\\d+):(\\d+)`).exec(stack) ??
    new RegExp(`${escapeRe(pathToFileURL(abs).href)}:(\\d+):(\\d+)`).exec(stack);
  return at === null
    ? `${shown}: cannot be loaded (${first})`
    : `${shown}:${at[1]}:${at[2]}: cannot be loaded (${first})`;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const IMPORT_RE =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Module specifiers a source file imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT_RE)].map((m) => (m[1] ?? m[2])!);
}

/** Citations of notes that are not part of this repository (design notes, research notes kept elsewhere). */
const OUTSIDE_NOTES =
  /\btheorems[- ][ABC]\b|(?<![\w.])[ABC] §\d|\bshared\/(?:theorems|DESIGN|STYLE|TOOLCHAIN|bench)|\b(?:DESIGN|STYLE|TOOLCHAIN) §|\bresearch\/[\w-]+\.md/;

/** The source with line and block comments blanked (string contents are kept; good enough for a lint). */
export function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * Lint the catalogue folder: one message per problem (empty = clean). Checks what discovery alone cannot:
 * stray .ts files that would silently not run, public imports only, no process.env (the profile comes from the
 * framework), refs that point somewhere (`refProblems`), unique ids. (Loading checks id = file name
 * and the fields, so `loadTheoremFile` errors are reported by the caller.)
 */
export function lintCatalogue(dir: string = CATALOGUE_DIR, loaded: readonly LoadedTheorem[] = []): string[] {
  const problems: string[] = [];
  const rel = (f: string) => path.relative(PROJECT_ROOT, f);
  const entry = [path.join(PROJECT_ROOT, 'src', 'index.js'), path.join(PROJECT_ROOT, 'src', 'index.ts')];
  for (const f of walk(dir)) {
    const base = path.basename(f);
    if (!/\.[cm]?[jt]s$/.test(base)) continue;
    const ok = base.endsWith(THEOREM_SUFFIX) || base.endsWith('.test.ts') || base.endsWith('.lib.ts');
    if (!ok)
      problems.push(
        `${rel(f)}: not run: a file under properties/ must be <id>.theorem.ts, *.test.ts or a helper *.lib.ts`,
      );
    const outside = OUTSIDE_NOTES.exec(fs.readFileSync(f, 'utf8'));
    if (outside !== null)
      problems.push(
        `${rel(f)}: cites ${JSON.stringify(outside[0])}, a note outside this repository: cite a paper or docs/theorems/<area>.md`,
      );
    if (!base.endsWith(THEOREM_SUFFIX) && !base.endsWith('.lib.ts')) continue;
    const source = fs.readFileSync(f, 'utf8');
    if (/\bprocess\s*\.\s*env\b/.test(withoutComments(source))) {
      problems.push(
        `${rel(f)}: reads process.env: a theorem gets its profile only from the framework (hypotheses/violations as functions of the profile)`,
      );
    }
    for (const spec of importsOf(source)) {
      if (spec === 'theoremcheck' || spec === 'fast-check') continue;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(f), spec);
        if (entry.includes(target)) continue;
        if (!path.relative(dir, target).startsWith('..') && target.endsWith('.lib.js')) continue;
      }
      problems.push(
        `${rel(f)}: imports ${JSON.stringify(spec)}: theorem files import only the package entry (src/index.ts), fast-check and *.lib.ts helpers`,
      );
    }
  }
  for (const l of loaded) {
    if (path.relative(dir, l.file).startsWith('..')) continue;
    for (const p of refProblems(l.theorem.refs)) problems.push(`${rel(l.file)}: ${p}`);
  }
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const prev = seen.get(l.theorem.id);
    if (prev !== undefined) problems.push(`${rel(l.file)}: id ${l.theorem.id} collides with ${rel(prev)}`);
    else seen.set(l.theorem.id, l.file);
  }
  return problems;
}

/** Load every theorem of the catalogue; a file that fails to load throws its one-line InputError. */
export async function loadCatalogue(dir: string = CATALOGUE_DIR): Promise<LoadedTheorem[]> {
  const out: LoadedTheorem[] = [];
  for (const f of findTheoremFiles(dir)) out.push(await loadTheoremFile(f, dir));
  return out;
}

export const REFERENCES_DOC = 'docs/theorems/references.md';

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors of a Markdown file's headings (a repeated heading gets -1, -2, … as on GitHub). */
export function markdownAnchors(text: string): Set<string> {
  const out = new Set<string>();
  const count = new Map<string, number>();
  let fence = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fence = !fence;
    const h = fence ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h === null) continue;
    const a = headingAnchor(h[1]!);
    const n = count.get(a) ?? 0;
    count.set(a, n + 1);
    out.add(n === 0 ? a : `${a}-${n}`);
  }
  return out;
}

/**
 * Where a theorem's `refs` point, checked against this repository: a `key` is either a file of the repository with an
 * optional heading anchor (`docs/theorems/eos.md#e3-gd-imbalance-recurrence`) or a bibliography key that is a heading
 * of docs/theorems/references.md; an `arxiv` id must be well formed and listed there. One message per bad ref.
 */
export function refProblems(
  refs: readonly { readonly arxiv?: string; readonly key?: string }[],
  root: string = PACKAGE_DIR,
): string[] {
  const problems: string[] = [];
  const refsFile = path.join(root, REFERENCES_DOC);
  const refsText = fs.existsSync(refsFile) ? fs.readFileSync(refsFile, 'utf8') : '';
  refs.forEach((r, i) => {
    if (r.arxiv !== undefined) {
      if (!/^\d{4}\.\d{4,5}$/.test(r.arxiv))
        problems.push(`refs[${i}].arxiv: ${JSON.stringify(r.arxiv)} is not an arXiv id (e.g. '2501.09137')`);
      else if (!refsText.includes(`arXiv:${r.arxiv}`))
        problems.push(`refs[${i}].arxiv: ${r.arxiv} is not listed in ${REFERENCES_DOC}`);
    }
    if (r.key === undefined) return;
    const [file, anchor] = r.key.split('#', 2) as [string, string | undefined];
    if (!file.includes('/') && !file.endsWith('.md')) {
      if (!markdownAnchors(refsText).has(headingAnchor(r.key)))
        problems.push(
          `refs[${i}].key: ${JSON.stringify(r.key)} points nowhere (neither a file of this repository nor a heading of ${REFERENCES_DOC})`,
        );
      return;
    }
    const target = path.resolve(root, file);
    if (
      path.isAbsolute(file) ||
      path.relative(root, target).startsWith('..') ||
      !fs.existsSync(target) ||
      !fs.statSync(target).isFile()
    ) {
      problems.push(`refs[${i}].key: ${JSON.stringify(r.key)}: no file ${file} in this repository`);
    } else if (anchor !== undefined && !markdownAnchors(fs.readFileSync(target, 'utf8')).has(anchor)) {
      problems.push(`refs[${i}].key: ${JSON.stringify(r.key)}: ${file} has no heading #${anchor}`);
    }
  });
  return problems;
}
