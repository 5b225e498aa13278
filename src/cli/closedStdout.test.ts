/**
 * `thm check | head -c 1` (a real process): the reader goes away after one byte; thm must not die of EPIPE — it
 * finishes the run, records the results under its results root and exits with the run's code.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { lastResultsIn, sandbox } from '../testing/thm.js';

const box = sandbox('thm-closed-stdout');
afterAll(() => box.cleanup());

describe('thm check with a reader that closes early (real process)', () => {
  it('drops the output it cannot write, records the run and exits 0', () => {
    const toy = 'src/theorem/testdata/toy_square_le_one.theorem.ts';
    // sh has no pipefail: thm's own exit code is echoed to stderr
    const r = box.shell(
      `{ node --import tsx src/cli/main.ts check ${toy} --profile quick --fixtures ${box.tmp}/fx; ` +
        `echo "thm-exit=$?" >&2; } | head -c 1`,
    );
    expect(r.err).not.toContain('EPIPE');
    expect(r.err).toContain('thm-exit=0');
    // last-results.json is keyed by theorem id
    const recorded = JSON.parse(fs.readFileSync(lastResultsIn(box.root), 'utf8')) as Record<string, { id: string }>;
    expect(Object.values(recorded).map((r) => r.id)).toEqual(['toy_square_le_one']);
  });
});
