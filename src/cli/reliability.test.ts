/**
 * `thm check` / `thm replay` as real processes on the failure paths: a counterexample that cannot be saved, corrupt
 * or misplaced fixtures, fixtures of the wrong shape, bugs in a theorem file, undecided samples (and --strict),
 * health after an early stop, and a hanging generator. Every run uses temporary fixtures folders.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../theorem/discover.js';
import { sandbox } from '../testing/thm.js';
import { specHash } from '../instances/canonical.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-reliability-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const toy = (id: string) => path.join('src', 'theorem', 'testdata', `${id}.theorem.ts`);
const INDEX = path.join(PROJECT_ROOT, 'src', 'index.ts');
// theorem files outside the repository import fast-check by path (no install step in the temp folder)
const FC = path.join(PROJECT_ROOT, 'node_modules', 'fast-check', 'lib', 'fast-check.js');

// every process gets a temporary results root; the sandbox fails the test if thm writes into the checkout
const box = sandbox('thm-reliability-root');
afterAll(() => box.cleanup());

function thm(
  args: readonly string[],
  env: Record<string, string> = {},
): { code: number | null; out: string; err: string } {
  return box.thmWith({ env, timeoutMs: 90_000 }, ...args);
}

function write(rel: string, text: string): string {
  const f = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  return f;
}

/**
 * A preload (NODE_OPTIONS --import, so it reaches the pool's workers too) that makes every fs.writeFileSync under a
 * folder fail with an OS error: a full disk (ENOSPC) or a read-only file system (EROFS), which root cannot get from
 * chmod.
 */
const failWrites = write(
  'failWrites.mjs',
  `
import fs from 'node:fs';
const spec = process.env.THM_TEST_FAIL_WRITES ?? '';
const i = spec.indexOf(':');
const [code, dir] = [spec.slice(0, i), spec.slice(i + 1)];
const text = { ENOSPC: 'no space left on device', EROFS: 'read-only file system' }[code] ?? 'i/o error';
const original = fs.writeFileSync;
fs.writeFileSync = function (file, ...rest) {
  if (dir !== '' && String(file).startsWith(dir)) {
    throw Object.assign(new Error(code + ': ' + text + ", open '" + file + "'"), { code, syscall: 'open', path: String(file) });
  }
  return original.call(this, file, ...rest);
};
`,
);
const failing = (code: string, dir: string) => ({
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(failWrites).href}`.trim(),
  THM_TEST_FAIL_WRITES: `${code}:${dir}`,
});

describe('thm check: nothing found is lost', () => {
  it.each([
    ['--fixtures naming a file', 'ENOTDIR', () => ({ dir: write('a-file', 'not a folder'), env: {} })],
    ['a full disk', 'ENOSPC', () => ({ dir: path.join(tmp, 'full'), env: failing('ENOSPC', path.join(tmp, 'full')) })],
    [
      'a read-only fixtures folder',
      'EROFS',
      () => ({ dir: path.join(tmp, 'ro'), env: failing('EROFS', path.join(tmp, 'ro')) }),
    ],
  ])(
    '%s: the counterexample is printed (spec, claims, replay) and the run exits 1 with one warning line naming path and OS error',
    (_what, code, setUp) => {
      const { dir, env } = setUp();
      const r = thm(['check', toy('toy_square_le_self'), '--profile', 'quick', '--fixtures', dir], env);
      expect(r.code, r.err).toBe(1);
      expect(r.out).toMatch(/toy_square_le_self .* violated/);
      expect(r.out).toContain('spec: {"x":"1.015625"}');
      expect(r.out).toMatch(/x\^2<=x: 1\.03\d* <= 1\.015625 ± /);
      expect(r.out).toMatch(/replay: npx thm check \S+toy_square_le_self\.theorem\.ts --profile quick --seed -?\d+/);
      const hash = specHash({ x: '1.015625' });
      const warning = new RegExp(
        `^warning: toy_square_le_self: counterexample NOT saved: cannot write ${dir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/toy_square_le_self/${hash}\\.json \\(${code}: [a-z -]+\\)`,
      );
      const lines = r.err.trim().split('\n');
      expect(lines, r.err).toHaveLength(1);
      expect(lines[0]).toMatch(warning);
      expect(r.out).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m); // no stack trace
    },
    60_000,
  );
});

describe('thm check: bad stored fixtures are reported, every theorem still runs', () => {
  it('corrupt, misplaced, misnamed and mis-shaped fixtures: exit 2 at the end naming file and field; both theorems checked and in the JSON', () => {
    const dir = path.join(tmp, 'fx-bad');
    const corrupt = write('fx-bad/toy_square_le_one/0123456789ab.json', '{ "theorem": ');
    const spec = { x: '1.25', lr: '0.5' };
    const misfit = write(
      `fx-bad/toy_square_le_self/${specHash(spec)}.json`,
      JSON.stringify({
        theorem: 'toy_square_le_self',
        spec,
        verdict: 'violated',
        claims: [],
        found: {},
        status: 'open',
        note: '',
      }),
    );
    const fixture = (theorem: string, sp: unknown, status = 'open') =>
      JSON.stringify({ theorem, spec: sp, verdict: 'violated', claims: [], found: {}, status, note: '' });
    const misplaced = write(
      `fx-bad/toy_square_le_one/${specHash({ x: '1.5' })}.json`,
      fixture('toy_square_le_self', { x: '1.5' }),
    );
    const renamed = write('fx-bad/toy_square_le_self/renamed.json', fixture('toy_square_le_self', { x: '1.5' }));
    const status = write(
      `fx-bad/toy_square_le_self/${specHash({ x: '1.75' })}.json`,
      fixture('toy_square_le_self', { x: '1.75' }, 'wontfix'),
    );
    const json = path.join(tmp, 'bad-fixtures.json');
    const r = thm([
      'check',
      toy('toy_square_le_one'),
      toy('toy_square_le_self'),
      '--profile',
      'quick',
      '--fixtures',
      dir,
      '--json',
      json,
    ]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`thm check: ${corrupt}: JSON: not valid JSON`);
    expect(r.err).toContain(`thm check: ${misfit}: spec.lr: unknown field`);
    expect(r.err).toContain(
      `thm check: ${misplaced}: theorem: "toy_square_le_self" is filed under toy_square_le_one's folder`,
    );
    expect(r.err).toContain(`thm check: ${renamed}: spec: the file name is not the hash of its spec`);
    expect(r.err).toContain(`thm check: ${status}: status: "wontfix" must be open | explained | fixed`);
    expect(r.err.trim().split('\n')).toHaveLength(5);
    const results = (JSON.parse(fs.readFileSync(json, 'utf8')) as { results: { id: string; verdict: string }[] })
      .results;
    expect(results.map((x) => [x.id, x.verdict])).toEqual([
      ['toy_square_le_one', 'holds'],
      ['toy_square_le_self', 'violated'],
    ]);

    // the same mis-shaped fixture on replay: an input error naming the field, not `undecided` with exit 0
    const replay = thm(['replay', misfit, '--theorem', toy('toy_square_le_self')]);
    expect(replay.code, replay.out).toBe(2);
    expect(replay.err.trim()).toBe(`thm replay: ${misfit}: spec.lr: unknown field (the theorem's specs have x here)`);
  }, 60_000);
});

describe('thm check: bugs in a theorem file are theorem_error, not counterexamples', () => {
  it('evaluate throwing or returning a Promise: theorem_error with the user file:line, no fixture, exit 1', () => {
    const promise = write(
      'user/toy_returns_promise.theorem.ts',
      `
import fc from ${JSON.stringify(FC)};
import { defineTheorem } from ${JSON.stringify(INDEX)};
export default defineTheorem({
  id: 'toy_returns_promise', title: 'async evaluate', status: 'conjecture', kind: 'upper', claim: 'x',
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.constant({ x: '1' }),
  violations: fc.constant({ x: '2' }),
  // @ts-expect-error an async evaluate is the bug under test
  async evaluate() {
    return { claims: [] };
  },
});
`,
    );
    const fixtures = path.join(tmp, 'fx-errors');
    const throwsFile = toy('toy_evaluate_throws');
    const bugLine =
      fs
        .readFileSync(path.join(PROJECT_ROOT, throwsFile), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('spec.extra!.y')) + 1;
    const r = thm(['check', throwsFile, promise, '--profile', 'quick', '--fixtures', fixtures]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/toy_evaluate_throws .* theorem_error .* FAIL/);
    expect(r.out).toMatch(/toy_returns_promise .* theorem_error .* FAIL/);
    expect(r.out).toMatch(/generate theorem-file error: theorem_error — evaluate threw TypeError: /);
    expect(r.out).toContain(`at: ${throwsFile}:${bugLine}`);
    expect(r.out).toMatch(
      /evaluate returned a Promise, not Evidence \{ claims: Claim\[\] \}: evaluate must be synchronous/,
    );
    const evaluateLine =
      fs
        .readFileSync(promise, 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('async evaluate(')) + 1;
    expect(r.out).toMatch(new RegExp(`at: \\S*toy_returns_promise\\.theorem\\.ts:${evaluateLine}\\b`));
    expect(fs.existsSync(fixtures) ? fs.readdirSync(fixtures) : []).toEqual([]);
  }, 60_000);
});

describe('thm check: undecided is not a silent pass', () => {
  it('the referee escalates to 8p (mpfr:400, or dec:400 without MPFR), then prints the undecided sample as a warning; --strict fails the run', () => {
    const fixtures = path.join(tmp, 'fx-undecided');
    const r = thm(['check', toy('toy_chaotic_undecided'), '--profile', 'quick', '--fixtures', fixtures]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(
      /rungs: f64=violated, (mpfr|dec):50=violated, \1:100=violated, \1:200=violated, \1:400=violated/,
    );
    expect(r.err).toMatch(
      /^warning: toy_chaotic_undecided: undecided generate sample \((mpfr|dec):200 and \1:400 both fail but disagree beyond their error bars\)/m,
    );

    const strict = thm([
      'check',
      toy('toy_chaotic_undecided'),
      '--profile',
      'quick',
      '--fixtures',
      path.join(tmp, 'fx-undecided-2'),
      '--strict',
    ]);
    expect(strict.code, strict.err).toBe(1);
    expect(strict.out).toMatch(/toy_chaotic_undecided .* undecided .* FAIL/);
  }, 60_000);

  it('thm replay escalates as thm check does: a violation certified only at 4p and 8p replays as violated', () => {
    const spec = { x: '2', amp: '1e40' };
    const fixture = write(
      `fx-escalate/toy_chaotic_escalates/${specHash(spec)}.json`,
      JSON.stringify({
        theorem: 'toy_chaotic_escalates',
        spec,
        verdict: 'violated',
        claims: [],
        found: {},
        status: 'open',
        note: '',
      }),
    );
    const r = thm(['replay', fixture, '--theorem', toy('toy_chaotic_escalates')]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/^(mpfr|dec):100 +violated[\s\S]*^\1:200 +violated[\s\S]*^\1:400 +violated/m);
    expect(r.out).toMatch(/verdict: violated — certified at (mpfr|dec):200 and \1:400: x<=1/);
  }, 60_000);
});

describe('thm check: health after an early stop, and a hanging generator', () => {
  it('a refuted theorem gets no health verdict from the few samples before the failure', () => {
    const early = write(
      'user/toy_vacuous_then_false.theorem.ts',
      `
import fc from ${JSON.stringify(FC)};
import { claims, defineTheorem } from ${JSON.stringify(INDEX)};
// vacuous (x² ≤ 10¹⁵) below x = 1, false (x² ≤ x) above: the failure comes after a few vacuous samples
export default defineTheorem({
  id: 'toy_vacuous_then_false', title: 'vacuous, then false', status: 'theorem', kind: 'upper', claim: 'x',
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: 0, max: 128 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 65, max: 128 }).map((k) => ({ x: String(k / 64) })),
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    const rhs = B.cmp(v, B.one) > 0 ? v : B.num('1e15');
    return { claims: [claims.le(B, x2, rhs, claims.roundoff(B, 2, x2), 'x^2<=rhs')] };
  },
});
`,
    );
    const r = thm(['check', early, '--profile', 'quick', '--fixtures', path.join(tmp, 'fx-early')]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(/toy_vacuous_then_false .* violated/);
    expect(r.out).not.toMatch(/health:/);
  }, 60_000);

  it('a generator that never returns is reported as a generator problem, an evaluate that never returns as evaluate', () => {
    const exits = write(
      'user/toy_exits.theorem.ts',
      `
import fc from ${JSON.stringify(FC)};
import { defineTheorem } from ${JSON.stringify(INDEX)};
export default defineTheorem({
  id: 'toy_exits', title: 'evaluate ends the process', status: 'theorem', kind: 'upper', claim: 'x',
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.constant({ x: '1' }),
  violations: fc.constant({ x: '2' }),
  evaluate() {
    process.exit(7);
  },
});
`,
    );
    const r = thm([
      'check',
      toy('toy_generator_hangs'),
      toy('toy_hang'),
      exits,
      '--profile',
      'quick',
      '--budget-ms',
      '300',
      '--jobs',
      '2',
    ]);
    expect(r.code, r.err).toBe(1);
    expect(r.out).toMatch(
      /problem: internal error: worker exited \(code 7, signal null\) while checking \S+toy_exits\.theorem\.ts \(last phase: evaluate\)/,
    );
    expect(r.out).toMatch(/toy_generator_hangs .* budget_exhausted/);
    expect(r.out).toMatch(
      /toy_generator_hangs[^\n]*\n {2}problem: hard time budget: worker killed after \d+ ms \(generator did not return \(the `hypotheses` arbitrary/,
    );
    expect(r.out).toMatch(
      /toy_hang[^\n]*\n {2}problem: hard time budget: worker killed after \d+ ms \(evaluate did not return \(on a sample of `hypotheses`\)\)/,
    );
  }, 60_000);
});
