/**
 * The results root: the one folder `thm` writes under (docs/results.md). It is the current project, found as npm
 * finds it — the nearest folder at or above the working directory that holds a package.json — never a folder inside
 * node_modules (an installed theoremcheck is not the project). THM_RESULTS_ROOT overrides it (tests, CI sandboxes).
 *
 *   <root>/.tmp/thm/last-results.json       last verdict of each theorem (thm check writes, thm report reads)
 *   <root>/fixtures/counterexamples/<id>/   counterexamples (unless --fixtures DIR)
 *   <root>/fixtures/tightness/<id>.json     the best tightness instance of a bound (thm check --tightness)
 *   <root>/.tmp/thm/boundary/<id>.svg|json  boundary maps (thm boundary, unless --out)
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';

export const RESULTS_ROOT_ENV = 'THM_RESULTS_ROOT';

function insideNodeModules(dir: string): boolean {
  return dir.split(path.sep).includes('node_modules');
}

/**
 * The project folder for `cwd`: the nearest folder at or above it that holds a package.json and is not inside
 * node_modules; when there is none, the nearest folder at or above it outside node_modules (as npm uses the working
 * directory when it finds no package.json).
 */
export function findProjectRoot(cwd: string): string {
  const start = path.resolve(cwd);
  let fallback: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (!insideNodeModules(dir)) {
      fallback ??= dir;
      if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    }
    if (path.dirname(dir) === dir) return fallback ?? start;
  }
}

/** THM_RESULTS_ROOT (resolved against `cwd`) when set and not empty, else the project folder of `cwd`. */
export function resultsRoot(cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const override = env[RESULTS_ROOT_ENV];
  return override !== undefined && override !== '' ? path.resolve(cwd, override) : findProjectRoot(cwd);
}

export function lastResultsFile(root: string = resultsRoot()): string {
  return path.join(root, '.tmp', 'thm', 'last-results.json');
}

export function defaultFixturesDir(root: string = resultsRoot()): string {
  return path.join(root, 'fixtures', 'counterexamples');
}

/** A folder named by the user that must exist (a typo would otherwise read as "no counterexamples"). */
export function existingFolder(dir: string, where: string): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch {
    throw inputError(`${where}: no such folder`);
  }
  if (!st.isDirectory()) throw inputError(`${where}: is a file, not a folder`);
  return dir;
}

/** How to print a path in a command line the user may copy: relative to the working directory when inside it. */
export function shownPath(p: string, cwd: string = process.cwd()): string {
  const rel = path.relative(cwd, p);
  return rel === '' ? '.' : rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
}
