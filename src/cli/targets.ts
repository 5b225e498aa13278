/**
 * Resolve `thm check` arguments: theorem ids from the catalogue, paths to theorem files anywhere on disk, or folders
 * (every *.theorem.ts under them, e.g. `thm check properties/smooth`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import {
  CATALOGUE_DIR,
  findTheoremFiles,
  idFromFile,
  loadTheoremFile,
  type LoadedTheorem,
} from '../theorem/discover.js';

function looksLikePath(a: string): boolean {
  return a.includes('/') || a.includes(path.sep) || a.endsWith('.ts');
}

function isDirectory(a: string): boolean {
  try {
    return fs.statSync(a).isDirectory();
  } catch {
    return false;
  }
}

/** Theorems named by `args` (whole catalogue when empty), loaded and validated, in argument/catalogue order. */
export async function resolveTargets(args: readonly string[], dir = CATALOGUE_DIR): Promise<LoadedTheorem[]> {
  const catalogue = findTheoremFiles(dir);
  const files: string[] = [];
  for (const a of args.length === 0 ? catalogue : args) {
    let file: string;
    if (args.length === 0 || looksLikePath(a) || isDirectory(a)) {
      file = path.resolve(a);
      if (!fs.existsSync(file)) throw inputError(`check: ${a}: no such theorem file`);
      if (isDirectory(file)) {
        const inside = findTheoremFiles(file);
        if (inside.length === 0) throw inputError(`check: ${a}: a folder with no *.theorem.ts files`);
        for (const f of inside) if (!files.includes(f)) files.push(f);
        continue;
      }
    } else {
      const hit = catalogue.find((f) => idFromFile(f) === a);
      if (hit === undefined)
        throw inputError(`check: unknown theorem id ${JSON.stringify(a)} (thm list shows the catalogue)`);
      file = hit;
    }
    if (!files.includes(file)) files.push(file);
  }
  const out: LoadedTheorem[] = [];
  for (const f of files) out.push(await loadTheoremFile(f, dir));
  return out;
}
