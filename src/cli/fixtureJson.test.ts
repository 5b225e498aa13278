/**
 * `thm check` replays stored fixtures through the strict JSON reader (src/cli/json.ts), as a real process in a sandbox:
 * a fixture with a byte-order mark is read and replayed; one with a duplicate key (which JSON.parse would resolve
 * silently to the last value) is a fixture problem naming the file and the key, and the run exits 2 at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { specHash } from '../instances/canonical.js';
import { sandbox, toy } from '../testing/thm.js';

const sb = sandbox('thm-fixture-json');
afterAll(() => sb.cleanup());

const fixtureText = (spec: { x: string }, status: string): string =>
  JSON.stringify(
    { theorem: 'toy_square_le_one', spec, verdict: 'violated', claims: [], found: {}, status, note: '' },
    null,
    2,
  );

describe('thm check: fixtures are read strictly', () => {
  it('a BOM is accepted (the fixture is replayed); a duplicate key is a fixture problem naming file and key (exit 2)', () => {
    const dir = path.join(sb.tmp, 'fx');
    fs.mkdirSync(path.join(dir, 'toy_square_le_one'), { recursive: true });
    const file = (spec: { x: string }) => path.join(dir, 'toy_square_le_one', `${specHash(spec)}.json`);
    // 0.5² ≤ 1: an `open` fixture that holds now, which the run notes by its file name
    const bom = file({ x: '0.5' });
    fs.writeFileSync(bom, `\uFEFF${fixtureText({ x: '0.5' }, 'open')}`);
    // "status" twice: JSON.parse would keep "fixed" and silently turn the fixture into a regression check
    const dup = file({ x: '0.25' });
    fs.writeFileSync(
      dup,
      fixtureText({ x: '0.25' }, 'open').replace('"status": "open"', '"status": "open", "status": "fixed"'),
    );

    const r = sb.thm('check', toy('toy_square_le_one'), '--profile', 'quick', '--fixtures', dir);
    expect(r.code, r.out + r.err).toBe(2);
    expect(r.err.trim().split('\n')).toEqual([
      `thm check: ${dup}: status: duplicate key "status" in the top-level object (line 9, column 21)`,
    ]);
    expect(r.out).toContain(`${bom} now holds at`);
    expect(r.out).toMatch(/toy_square_le_one .* holds/);
  }, 60_000);
});
