/**
 * What `thm check` writes for CI tools besides the table: the --json document, the --junit XML and (under GitHub
 * Actions) workflow annotations and the job summary. Kept out of the command so that check.ts stays a short sequence of
 * steps.
 */
import type { ProfileName } from '../theorem/types.js';
import { annotations } from './annotations.js';
import { checkDocument, type CheckedTheorem, type Shard } from './checkJson.js';
import { junitXml, type NotRun } from './junit.js';
import { writeFileAtomic } from './lastRun.js';
import { stepSummary, writeStepSummary } from './stepSummary.js';
import { version } from './version.js';

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

/** Write --json and --junit; under GITHUB_ACTIONS=true print annotations and append the job summary. */
export function writeCiOutputs(results: readonly CheckedTheorem[], o: CiOutputOptions): void {
  const doc = checkDocument(results, o);
  if (o.json !== undefined) writeFileAtomic(o.json, `${JSON.stringify(doc, null, 2)}\n`, `--json ${o.json}`);
  if (o.junit !== undefined) {
    const properties: Record<string, string> = { profile: o.profile, tool: `theoremcheck@${version()}` };
    if (o.shard !== null) properties.shard = `${o.shard.index}/${o.shard.total}`;
    if (o.interrupted) properties.interrupted = 'true';
    writeFileAtomic(
      o.junit,
      junitXml(results, { name: 'thm check', timestamp: doc.date, properties, notRun: o.notRun }),
      `--junit ${o.junit}`,
    );
  }
  if (process.env.GITHUB_ACTIONS === 'true') {
    const root = process.env.GITHUB_WORKSPACE ?? process.cwd();
    for (const line of annotations(results, (r) => o.fileOf(r.id), root)) console.log(line);
    writeStepSummary(stepSummary(results, o));
  }
}
