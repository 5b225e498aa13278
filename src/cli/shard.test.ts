/**
 * --shard i/n: the split (unit) and, with real processes, the union of the n shards' --json equals one unsharded run,
 * and `thm report --from` merges the shards into the same report.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { thmEnv, thmSync, tinyTheorem, toy } from '../testing/thm.js';
import type { CheckDocument, CheckedTheorem } from './checkJson.js';
import { parseShard, shardOf } from './shard.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-shard-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('shardOf / parseShard', () => {
  it('the n shards partition the selection, keep its order, and do not depend on the order it was given in', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/), { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        (ids, n) => {
          const shards = Array.from({ length: n }, (_, k) => shardOf(ids, { index: k + 1, total: n }, (x) => x));
          expect(shards.flat().sort()).toEqual([...ids].sort());
          for (const s of shards) expect(s).toEqual(ids.filter((x) => s.includes(x))); // original order
          // sizes differ by at most one (round-robin)
          expect(
            Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length)),
          ).toBeLessThanOrEqual(1);
          const reversed = [...ids].reverse();
          for (let k = 0; k < n; k++)
            expect(new Set(shardOf(reversed, { index: k + 1, total: n }, (x) => x))).toEqual(new Set(shards[k]));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('parseShard accepts i/n with 1 ≤ i ≤ n and names --shard otherwise', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, total: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1', '1/2/3', '-1/2', 'a/b', ' 1/2']) {
      expect(() => parseShard(bad), bad).toThrow(/--shard: .* must be i\/n/);
      try {
        parseShard(bad);
      } catch (e) {
        expect(isInputError(e)).toBe(true);
      }
    }
  });
});

describe('thm check --shard (real processes)', () => {
  const dir = path.join(tmp, 'theorems');
  fs.mkdirSync(dir);
  const files = [
    toy('toy_square_le_one'),
    toy('toy_square_le_self'),
    toy('toy_vacuous'),
    toy('toy_no_teeth'),
    tinyTheorem(dir, 'tiny_holds', { hi: 64, bound: '1' }),
    tinyTheorem(dir, 'tiny_finding', { status: 'conjecture', lo: 32, hi: 64, bound: '0.5' }),
    tinyTheorem(dir, 'tiny_violated', { lo: 32, hi: 64, bound: '0.5' }),
  ];
  const env = thmEnv(tmp);
  /** Run `thm check` on `files` with its own fixtures folder; the document with that folder's path made neutral. */
  const check = (
    name: string,
    extra: string[],
  ): { code: number | null; out: string; doc: CheckDocument; file: string } => {
    const fx = path.join(tmp, `fx-${name}`);
    const file = path.join(tmp, `${name}.json`);
    const r = thmSync(
      ['check', ...files, '--profile', 'quick', '--jobs', '1', '--fixtures', fx, '--json', file, ...extra],
      env,
    );
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll(fx, '<fixtures>'));
    return { code: r.code, out: r.out, doc: JSON.parse(fs.readFileSync(file, 'utf8')) as CheckDocument, file };
  };
  const comparable = (rs: readonly CheckedTheorem[]) =>
    [...rs].map(({ timeMs: _, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id));

  it('the union of the shards 1/3, 2/3, 3/3 equals one unsharded run; thm report --from merges them into the same report', () => {
    const whole = check('whole', []);
    expect(whole.code).toBe(1);
    expect(whole.doc.results).toHaveLength(files.length);
    const shards = [1, 2, 3].map((i) => check(`shard${i}`, ['--shard', `${i}/3`]));
    for (const [k, s] of shards.entries()) {
      expect(s.doc.shard).toEqual({ index: k + 1, total: 3 });
      expect(s.out).toContain(`shard ${k + 1}/3: ${s.doc.results.length} of ${files.length} theorems`);
      expect(s.doc.results.length).toBeGreaterThanOrEqual(2); // 7 theorems over 3 shards: 3, 2, 2
    }
    expect(comparable(shards.flatMap((s) => s.doc.results))).toEqual(comparable(whole.doc.results));
    const ids = shards.map((s) => new Set(s.doc.results.map((r) => r.id)));
    expect(ids[0]!.size + ids[1]!.size + ids[2]!.size).toBe(files.length); // disjoint

    const report = (args: string[]) => thmSync(['report', '--json', '--from', ...args], env);
    const norm = (out: string) =>
      (JSON.parse(out) as { id: string; last: { timeMs?: number } }[])
        .map((row) => ({ ...row, last: { ...row.last, timeMs: 0 } }))
        .sort((a, b) => a.id.localeCompare(b.id));
    const merged = report(shards.map((s) => s.file));
    const single = report([whole.file]);
    expect(merged.code, merged.err).toBe(1); // toy_square_le_self is violated: the merged run fails
    expect(single.code).toBe(1);
    expect(norm(merged.out)).toEqual(norm(single.out));
    expect(norm(merged.out).map((r) => r.id)).toHaveLength(files.length);

    // a missing shard is said and fails the merge; a shard given twice is an input error naming the file
    const partial = thmSync(['report', '--from', shards[0]!.file, shards[1]!.file], env);
    expect(partial.code).toBe(1);
    expect(partial.err).toMatch(/warning: missing shard 3\/3/);
    const twice = thmSync(['report', '--from', shards[0]!.file, shards[0]!.file], env);
    expect(twice.code).toBe(2);
    expect(twice.err.trim().split('\n')).toHaveLength(1);
    expect(twice.err).toMatch(/shard1\.json: results: \w+ is also in .*shard1\.json/);
  });
});
