/**
 * `theoremcheck/vitest`: run theorems inside a user's own vitest suite, one vitest test per theorem (in the spirit of
 * @fast-check/vitest's `test.prop`). A failing test's message is the one `thm check` prints: the certified
 * counterexample (spec, claims, precision rungs), its fixture path and the replay line.
 *
 *   import { theoremTest, theoremTests } from 'theoremcheck/vitest';
 *   theoremTests(new URL('./theorems/', import.meta.url), { profile: 'quick' }); // every *.theorem.ts below the folder
 *   theoremTest(myTheorem, { profile: 'ci' });                                  // one definition
 *
 * The profile is `options.profile`, else THM_PROFILE, else ci. Fixtures go to `options.fixtures` (default
 * fixtures/counterexamples under the current directory; `null` neither reads nor writes them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { details } from './cli/format.js';
import type { AnyTheorem } from './theorem/define.js';
import { findTheoremFiles, idFromFile, loadTheoremFile, THEOREM_SUFFIX } from './theorem/discover.js';
import { profileFrom, withBudget } from './theorem/profiles.js';
import type { ProfileName } from './theorem/types.js';
import { verifyTheorem } from './theorem/verify.js';

export interface TheoremTestOptions {
  /** quick | ci | nightly; default THM_PROFILE, else ci. */
  readonly profile?: ProfileName;
  /** Counterexample corpus (a folder); `null` neither reads nor writes fixtures. */
  readonly fixtures?: string | null;
  /** Fixed seed (default: the profile's: derived from the theorem id in quick/ci, fresh in nightly). */
  readonly seed?: number;
  readonly runs?: number;
  /** vitest timeout per theorem (default: twice the theorem's soft budget under the profile, plus 5 s). */
  readonly timeout?: number;
}

type Source = AnyTheorem | string | URL;

function pathOf(p: string | URL): string {
  return path.resolve(p instanceof URL ? fileURLToPath(p) : p);
}

async function check(theorem: AnyTheorem, file: string | undefined, o: TheoremTestOptions): Promise<void> {
  const r = await verifyTheorem(theorem, {
    profile: profileFrom(o.profile),
    ...(o.seed !== undefined ? { seed: o.seed } : {}),
    ...(o.runs !== undefined ? { runs: o.runs } : {}),
    ...(o.fixtures !== undefined ? { fixturesDir: o.fixtures === null ? null : pathOf(o.fixtures) } : {}),
    ...(file !== undefined ? { file: path.relative(process.cwd(), file) || file } : {}),
  });
  expect(r.passed, `${details(r)}\n`).toBe(true);
}

/**
 * Register one vitest test for a theorem: a definition (`defineTheorem(...)` result) or the path of a
 * `<id>.theorem.ts` file (loaded inside the test, so a file that does not load fails its own test with one line).
 */
export function theoremTest(source: Source, options: TheoremTestOptions = {}): void {
  const profile = profileFrom(options.profile);
  if (typeof source === 'string' || source instanceof URL) {
    const file = pathOf(source);
    test(
      idFromFile(file),
      async () => {
        const { theorem } = await loadTheoremFile(file, path.dirname(file));
        await check(theorem, file, options);
      },
      options.timeout ?? 2 * profile.timeMs + 5_000,
    );
    return;
  }
  const soft = withBudget(profile, source.budget?.[profile.name]).timeMs;
  test(source.id, () => check(source, undefined, options), options.timeout ?? 2 * soft + 5_000);
}

/**
 * One vitest test per `*.theorem.ts` file: every such file below a folder, or the files listed. The files are found
 * when the suite is collected and loaded when their test runs.
 */
export function theoremTests(where: string | URL | readonly (string | URL)[], options: TheoremTestOptions = {}): void {
  const files: string[] = [];
  for (const w of Array.isArray(where) ? where : [where as string | URL]) {
    const p = pathOf(w);
    if (fs.existsSync(p) && fs.statSync(p).isDirectory()) files.push(...findTheoremFiles(p));
    else if (p.endsWith(THEOREM_SUFFIX)) files.push(p);
    else throw new Error(`theoremTests: ${p}: neither a folder nor a <id>${THEOREM_SUFFIX} file`);
  }
  if (files.length === 0) throw new Error(`theoremTests: no *${THEOREM_SUFFIX} files in ${String(where)}`);
  for (const f of files) theoremTest(f, options);
}
