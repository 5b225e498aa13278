/**
 * Bad input through real `thm` processes: each is exit 2 with one line on stderr naming the argument or field (never
 * an internal error, exit 3); and the inputs a careful user expects to work (a spec with a byte-order mark, a fixture
 * that now holds) do.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sandbox } from '../testing/thm.js';

const sb = sandbox('thm-inputs');
afterAll(() => sb.cleanup());
const write = (name: string, text: string): string => {
  const f = path.join(sb.tmp, name);
  fs.writeFileSync(f, text);
  return f;
};
const TOY = path.join('src', 'theorem', 'testdata', 'toy_square_le_self.theorem.ts');
const SPEC = {
  model: { kind: 'linear2', a: ['0.1', '0.2'], b: ['0.3', '-0.1'] },
  data: { x: [['1']], y: ['0.7'] },
  loss: 'square',
  stepper: { kind: 'gd', lr: '0.05' },
  steps: 4,
  save: { every: 2 },
  diagnostics: ['loss'],
};
const fixture = (spec: unknown) => ({
  theorem: 'toy_square_le_self',
  spec,
  verdict: 'violated',
  claims: [],
  status: 'open',
  note: '',
  found: {
    seed: null,
    path: null,
    profile: null,
    backend: 'f64',
    engine: 'theoremcheck@0.1.0',
    fastCheck: '4.10.2',
    date: '2026-01-01T00:00:00.000Z',
  },
});

/** Exit 2, stdout empty, exactly one stderr line matching `msg`. */
function expectInputError(args: readonly string[], msg: RegExp): void {
  const r = sb.thm(...args);
  expect(r.code, `${args.join(' ')}\n${r.err}`).toBe(2);
  expect(r.err.trim().split('\n'), r.err).toHaveLength(1);
  expect(r.err.trim()).toMatch(msg);
  expect(r.out).toBe('');
}

describe('bad input is exit 2, one line (real thm processes)', () => {
  it('simulate specs: 100,000-deep nesting, duplicate keys, a directory; a byte-order mark is accepted', () => {
    const deep = write('deep.json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expectInputError(
      ['simulate', '--spec', deep],
      /^thm simulate: --spec .*deep\.json: nested deeper than 64 levels \(line 1, column 65\)$/,
    );
    const dup = write('dup.json', JSON.stringify(SPEC).replace('"lr":"0.05"', '"lr":"0.05","lr":"-1"'));
    expectInputError(
      ['simulate', '--spec', dup],
      /--spec .*dup\.json: duplicate key "lr" in stepper \(line 1, column \d+\)$/,
    );
    expectInputError(['simulate', '--spec', sb.tmp], /--spec .*: is a directory, not a JSON file$/);

    const bom = write('bom.json', `\ufeff${JSON.stringify(SPEC, null, 2)}`);
    const plain = write('plain.json', JSON.stringify(SPEC));
    const a = sb.thm('simulate', '--spec', bom, '--json', '--backend', 'f64');
    const b = sb.thm('simulate', '--spec', plain, '--json', '--backend', 'f64');
    expect(a.code, a.err).toBe(0);
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out)).toMatchObject({ result: 'ok' });
  });

  it('list filters and stray arguments', () => {
    expectInputError(
      ['list', '--area', 'nope'],
      /^thm list: --area: "nope" is not an area of the catalogue \(areas: [a-z, ]+\)$/,
    );
    expectInputError(
      ['list', '--status', 'nope'],
      /^thm list: --status: "nope" must be one of theorem \| conjecture \| phenomenon$/,
    );
    expectInputError(['list', 'stray'], /^thm list: unexpected argument "stray"/);
    expectInputError(['report', 'stray'], /^thm report: unexpected argument "stray"/);
    expectInputError(
      ['report', '--fixtures', path.join(sb.tmp, 'no-such-folder')],
      /^thm report: --fixtures .*no-such-folder: no such folder$/,
    );
    expectInputError(['simulate', 'stray', '--spec', 'x.json'], /^thm simulate: unexpected argument "stray"/);
  });

  it('--runs -1 says what is wrong; a value that starts with a dash says how to write it; an empty value is not the working directory', () => {
    expectInputError(['check', TOY, '--runs', '-1'], /^thm check: --runs: "-1" must be an integer ≥ 1$/);
    expectInputError(
      ['check', TOY, '--json', '-x'],
      /^thm check: --json: its value starts with "-"; write --json=VALUE/,
    );
    expectInputError(['check', TOY, '--fixtures='], /^thm check: --fixtures: empty value$/);
  });

  it('replay: --digits above the maximum is rejected like --digits 5; a duplicate key in the fixture is named', () => {
    const fx = write('fx.json', JSON.stringify(fixture({ x: '0.5' })));
    expectInputError(
      ['replay', fx, '--theorem', TOY, '--digits', '501'],
      /^thm replay: --digits: "501" must be an integer in \[10, 500\]$/,
    );
    expectInputError(
      ['replay', fx, '--theorem', TOY, '--digits', '5'],
      /^thm replay: --digits: "5" must be an integer in \[10, 500\]$/,
    );
    const dup = write('fxdup.json', JSON.stringify(fixture({ x: '0.5' })).replace('"x":"0.5"', '"x":"0.5","x":"2"'));
    expectInputError(
      ['replay', dup, '--theorem', TOY],
      /fxdup\.json: duplicate key "x" in spec \(line 1, column \d+\)$/,
    );
    expectInputError(['replay', sb.tmp], /^thm replay: .*: is a directory, not a JSON file$/);
  });

  it('replay: a fixture that now holds at every rung says "now holds" (exit 0), not precision_artifact', () => {
    const fx = write('holds.json', JSON.stringify(fixture({ x: '0.5' })));
    const r = sb.thm('replay', fx, '--theorem', TOY);
    expect(r.code, r.err).toBe(0);
    // the referee rungs depend on whether MPFR loads (theorem/ladder.ts): every rung printed must say ok
    const rungs = [...r.out.matchAll(/^(f64|dd|dec:\d+|mpfr:\d+) +(\S+) /gm)].map((m) => [m[1], m[2]]);
    expect(rungs.map((x) => x[0]).slice(0, 2)).toEqual(['f64', 'dd']);
    expect(rungs.length).toBeGreaterThanOrEqual(4);
    for (const [id, status] of rungs) expect(status, id).toBe('ok');
    expect(r.out).toMatch(
      new RegExp(`^verdict: holds — now holds at every rung \\(${rungs.map((x) => x[0]).join(', ')}\\)$`, 'm'),
    );
    expect(r.out).toMatch(/holds\.json now holds: mark it fixed if that is why/);
    expect(r.out).not.toMatch(/precision_artifact|certified/);
  });
});
