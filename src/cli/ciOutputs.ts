/**
 * What `thm check` writes for CI tools besides the table: the --json document, the --junit XML and (under GitHub
 * Actions) workflow annotations. Kept out of the command so that check.ts stays a short sequence of steps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { inputError } from '../errors.js';
import type { ProfileName } from '../theorem/types.js';
import { annotations } from './annotations.js';
import { checkDocument, type CheckedTheorem, type Shard } from './checkJson.js';
import { junitXml, type NotRun } from './junit.js';
import { version } from './version.js';
import { removeQuietly } from './lastRun.js';

/** Write `text` to `file` atomically (temp file + rename; the temp file never survives an error). */
export function writeTextFile(file: string, text: string, option: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    removeQuietly(tmp);
    throw inputError(`${option}: ${file}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

export interface CiOutputOptions {
  readonly json?: string | undefined;
  readonly junit?: string | undefined;
  readonly profile: ProfileName;
  readonly selfCheck: boolean;
  readonly interrupted: boolean;
  readonly shard: Shard | null;
  readonly notRun: readonly NotRun[];
  /** Absolute theorem file of a result id (for annotations). */
  readonly fileOf: (id: string) => string | undefined;
}

/** Write --json and --junit, and print annotations when GITHUB_ACTIONS=true. */
export function writeCiOutputs(results: readonly CheckedTheorem[], o: CiOutputOptions): void {
  const doc = checkDocument(results, o);
  if (o.json !== undefined) writeTextFile(o.json, `${JSON.stringify(doc, null, 2)}\n`, '--json');
  if (o.junit !== undefined) {
    const properties: Record<string, string> = { profile: o.profile, tool: `theoremcheck@${version()}` };
    if (o.shard !== null) properties.shard = `${o.shard.index}/${o.shard.total}`;
    if (o.interrupted) properties.interrupted = 'true';
    writeTextFile(o.junit, junitXml(results, { name: 'thm check', timestamp: doc.date, properties, notRun: o.notRun }), '--junit');
  }
  if (process.env.GITHUB_ACTIONS === 'true') {
    const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
    for (const line of annotations(results, (r) => o.fileOf(r.id), root)) console.log(line);
  }
}
