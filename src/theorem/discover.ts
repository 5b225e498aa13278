/**
 * Discovery of theorem files (no hand-kept list): properties/<area>/<id>.theorem.ts, each `export default
 * defineTheorem({...})`, plus the catalogue lint (id = file name, unique ids, public imports only, no stray files).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputError, isInputError } from '../errors.js';
import { validateTheorem, type AnyTheorem } from './define.js';

export const THEOREM_SUFFIX = '.theorem.ts';

/**
 * theoremcheck's own folder (its package.json, src/ and the catalogue in properties/). Results and fixtures are not
 * written here but under the user's project: see src/cli/resultsRoot.ts. (fileURLToPath: a path with spaces stays one.)
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
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
    if (isInputError(e)) throw inputError(`${shown}: ${(e as Error).message}`);
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw inputError(`${shown}: cannot be loaded (${first})`);
  }
  const thm = mod.default;
  if (thm === undefined) throw inputError(`${shown}: default export: missing (write \`export default defineTheorem({...})\`)`);
  validateTheorem(thm, shown);
  if ((thm as { __theorem?: unknown }).__theorem !== true) throw inputError(`${shown}: default export: must come from defineTheorem({...})`);
  if (thm.id !== idFromFile(abs)) throw inputError(`${shown}: id: ${JSON.stringify(thm.id)} differs from the file name (rename one of them)`);
  return { file: abs, area: areaOf(abs, dir), theorem: thm };
}

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Module specifiers a source file imports. */
export function importsOf(source: string): string[] {
  return [...source.matchAll(IMPORT_RE)].map((m) => (m[1] ?? m[2])!);
}

/**
 * Lint the catalogue folder: one message per problem (empty = clean). Checks what discovery alone cannot:
 * stray .ts files that would silently not run, public imports only, unique ids. (Loading checks id = file name
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
    if (!ok) problems.push(`${rel(f)}: not run: a file under properties/ must be <id>.theorem.ts, *.test.ts or a helper *.lib.ts`);
    if (!base.endsWith(THEOREM_SUFFIX) && !base.endsWith('.lib.ts')) continue;
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (spec === 'theoremcheck' || spec === 'fast-check') continue;
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(f), spec);
        if (entry.includes(target)) continue;
        if (!path.relative(dir, target).startsWith('..') && target.endsWith('.lib.js')) continue;
      }
      problems.push(`${rel(f)}: imports ${JSON.stringify(spec)}: theorem files import only the package entry (src/index.ts), fast-check and *.lib.ts helpers`);
    }
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
