/**
 * The last verdict of each theorem (written by `thm check`, read by `thm report`): .tmp/thm/last-results.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../theorem/discover.js';
import type { TheoremResult } from '../theorem/verify.js';

/** THM_LAST_RESULTS moves the store (tests point it into a temp dir so they never touch the checkout's own). */
export const LAST_RUN_FILE = process.env.THM_LAST_RESULTS || path.join(PROJECT_ROOT, '.tmp', 'thm', 'last-results.json');

export function readLastRun(file = LAST_RUN_FILE): Record<string, TheoremResult> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, TheoremResult>;
  } catch {
    return {};
  }
}

/** Merge `results` into the store (atomic rename). */
export function recordLastRun(results: readonly TheoremResult[], file = LAST_RUN_FILE): void {
  const all = readLastRun(file);
  for (const r of results) all[r.id] = r;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/** Write a JSON document atomically (temp file + rename). */
export function writeJsonFile(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(tmp, file);
}
