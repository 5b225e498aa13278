/**
 * The `thm` CLI as a real process (slow-ish: each spawn starts node + tsx, so keep these few). Every process runs in a
 * sandbox (src/testing/thm.ts): results and default fixtures in a temporary folder, the checkout left untouched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from '../testing/thm.js';

const sb = sandbox('thm-cli');
afterAll(() => sb.cleanup());
const { thm, tmp } = sb;
const toy = (id: string) => path.join('src', 'theorem', 'testdata', `${id}.theorem.ts`);

describe('thm (real process)', () => {
  it('check: a true theorem holds and a false one is certified violated (exit 1), with seed, fixture, JSON and a replay line that reproduces it', () => {
    const fixtures = path.join(tmp, 'fx');
    const json = path.join(tmp, 'out.json');
    const r = thm(
      'check',
      toy('toy_square_le_one'),
      toy('toy_square_le_self'),
      '--profile',
      'quick',
      '--fixtures',
      fixtures,
      '--json',
      json,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/toy_square_le_one +folklore toy +25 +holds/);
    expect(r.out).toMatch(/toy_square_le_self .* violated/);
    expect(r.out).toMatch(/seed: -?\d+/);
    const replayLine = /replay: npx thm (replay \S+\.json --theorem \S+)/.exec(r.out);
    expect(replayLine).not.toBeNull();
    const results = (
      JSON.parse(fs.readFileSync(json, 'utf8')) as {
        results: { id: string; verdict: string; counterexamples: { spec: unknown }[] }[];
      }
    ).results;
    expect(results.map((x) => [x.id, x.verdict])).toEqual([
      ['toy_square_le_one', 'holds'],
      ['toy_square_le_self', 'violated'],
    ]);
    expect(results[1]!.counterexamples[0]!.spec).toEqual({ x: '1.015625' });

    const replay = thm(...replayLine![1]!.split(' '));
    expect(replay.code).toBe(1);
    expect(replay.out).toMatch(
      /f64 +violated[\s\S]*dd +violated[\s\S]*dec:50 +violated[\s\S]*mpfr:50 +violated[\s\S]*mpfr:100 +violated/,
    );
    expect(replay.out).toMatch(/verdict: violated — certified at mpfr:50 and mpfr:100: .*; cross-check dec:50 agrees/);
  });

  it('usage and input errors exit 2 with one line naming the argument or field, no stack trace', () => {
    const bad = path.join(tmp, 'bad.json');
    fs.writeFileSync(
      bad,
      '{"theorem":"toy_square_le_self","spec":{},"verdict":"violated","claims":[],"found":{},"status":"wontfix"}',
    );
    for (const [args, msg] of [
      [['check', toy('toy_bad_refs')], /refs: must cite at least one source/],
      [['check', '--runs', 'many'], /--runs: "many" must be an integer/],
      [['check', 'no_such_theorem'], /unknown theorem id "no_such_theorem"/],
      [['replay', bad], /status: "wontfix" must be open \| explained \| fixed/],
    ] as const) {
      const r = thm(...args);
      expect(r.code, r.err).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
    }
  });

  it('check: a hanging evaluate ends in budget_exhausted (worker killed), not a hang', () => {
    const r = thm('check', toy('toy_hang'), '--profile', 'quick', '--budget-ms', '200');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/toy_hang .* budget_exhausted/);
    expect(r.out).toMatch(/hard time budget: worker killed/);
  });

  it('check FOLDER checks every *.theorem.ts under it, in path order; a folder without any is exit 2', () => {
    const suite = path.join(tmp, 'suite');
    for (const [id, sub] of [
      ['toy_square_le_self', 'a'],
      ['toy_square_le_one', path.join('b', 'c')],
    ] as const) {
      fs.mkdirSync(path.join(suite, sub), { recursive: true });
      // outside the checkout, so its imports are made absolute (resolving 'fast-check' from anywhere is another matter)
      const src = fs
        .readFileSync(toy(id), 'utf8')
        .replace("'../api.js'", JSON.stringify(path.resolve('src', 'theorem', 'api.ts')))
        .replace("'fast-check'", JSON.stringify(import.meta.resolve('fast-check')));
      fs.writeFileSync(path.join(suite, sub, `${id}.theorem.ts`), src);
    }
    const json = path.join(tmp, 'suite.json');
    const r = thm('check', suite, '--profile', 'quick', '--json', json);
    expect(r.code, r.err).toBe(1);
    const ids = (JSON.parse(fs.readFileSync(json, 'utf8')) as { results: { id: string }[] }).results.map((x) => x.id);
    expect(ids).toEqual(['toy_square_le_self', 'toy_square_le_one']);
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    const e = thm('check', empty);
    expect(e.code).toBe(2);
    expect(e.err.trim()).toBe(`thm check: ${empty}: a folder with no *.theorem.ts files`);
  });

  it('signed seeds: --seed=-N and --seed -N both work, and the re-run line the tool prints (negative seed) runs as printed', () => {
    const a = thm('check', toy('toy_no_teeth'), '--profile', 'quick', '--seed=-2045161133');
    expect(a.code, a.err).toBe(1);
    const rerun = /^ {2}re-run: (npx thm check .* --seed -2045161133)$/m.exec(a.out);
    expect(rerun, a.out).not.toBeNull();
    const b = sb.shell(rerun![1]!);
    expect(b.code, b.err).toBe(1);
    expect(b.out).toMatch(/toy_no_teeth .* -2045161133 +FAIL/);
    expect(b.out).toContain(`re-run: ${rerun![1]}`);
  });
});
