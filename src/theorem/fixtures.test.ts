import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkPlacement,
  foundWith,
  isFixtureError,
  osErrorText,
  readFixture,
  writeFixture,
  type Fixture,
  type FixtureWriter,
} from './fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-fixtures-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const fx: Fixture = {
  theorem: 'toy_t',
  spec: { b: '2', a: ['0.5'] },
  verdict: 'violated',
  claims: [{ label: 'k', lhs: '2', rel: '<=', rhs: '1', err: '1e-30' }],
  found: foundWith({ seed: 1, path: '0:1', profile: 'ci', backend: 'dd' }),
  status: 'open',
  note: '',
};

describe('fixtures', () => {
  it('round-trip exactly, named by the hash of the canonical spec', () => {
    const { file, created } = writeFixture(tmp, fx);
    expect(created).toBe(true);
    expect(path.basename(file)).toMatch(/^[0-9a-f]{12}\.json$/);
    expect(readFixture(file)).toEqual({ ...fx, spec: { a: ['0.5'], b: '2' } });
    // key order of the spec does not change the name
    expect(writeFixture(tmp, { ...fx, spec: { a: ['0.5'], b: '2' } }).file).toBe(file);
  });

  it('are read with a leading byte-order mark (as an editor may save them)', () => {
    const { file } = writeFixture(tmp, { ...fx, spec: { bom: '1' } });
    fs.writeFileSync(file, `\uFEFF${fs.readFileSync(file, 'utf8')}`);
    expect(readFixture(file)).toEqual({ ...fx, spec: { bom: '1' } });
  });

  it('are never overwritten silently, and leave no temp files', () => {
    const { file } = writeFixture(tmp, fx);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"note": ""', '"note": "triaged"'));
    expect(writeFixture(tmp, { ...fx, status: 'fixed' }).created).toBe(false);
    expect(readFixture(file).note).toBe('triaged');
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it.each([
    ['{', /not valid JSON/],
    [
      '{"theorem":"t","spec":{},"verdict":"maybe","claims":[],"found":{},"status":"open"}',
      /verdict: "maybe" must be one of/,
    ],
    [
      '{"theorem":"t","spec":{},"verdict":"violated","claims":[],"found":{},"status":"done"}',
      /status: "done" must be open \| explained \| fixed/,
    ],
    ['{"theorem":"t","verdict":"violated"}', /spec: is missing/],
    // strict reader: a duplicate key is named by its path, not resolved to the last value as JSON.parse does
    [
      '{"theorem":"t","spec":{"x":"1","x":"2"},"verdict":"violated","claims":[],"found":{},"status":"open"}',
      /bad\.json: spec\.x: duplicate key "x" in spec \(line 1, column 32\)$/,
    ],
    [
      '{"theorem":"t","spec":{},"verdict":"violated","claims":[],"found":{},"status":"open","status":"fixed"}',
      /bad\.json: status: duplicate key "status" in the top-level object/,
    ],
  ])('malformed files give one-line errors naming the field: %s', (text, msg) => {
    const f = path.join(tmp, 'bad.json');
    fs.writeFileSync(f, text);
    expect(() => readFixture(f)).toThrow(msg);
  });
});

describe('writeFixture on a failing disk', () => {
  it('throws the OS error and leaves no temp file, whichever step fails', () => {
    const dir = path.join(tmp, 'failing');
    const fail = (code: string) => () => {
      throw Object.assign(new Error(`${code}: simulated, open 'x'`), { code });
    };
    for (const io of [
      {
        ...fs,
        writeFileSync: (f: string) => {
          fs.writeFileSync(f, '{');
          fail('ENOSPC')();
        },
      },
      { ...fs, linkSync: fail('EROFS') },
    ]) {
      expect(() => writeFixture(dir, fx, io as unknown as FixtureWriter)).toThrow(/ENOSPC|EROFS/);
      expect(fs.readdirSync(path.join(dir, 'toy_t'))).toEqual([]);
    }
    expect(
      osErrorText(Object.assign(new Error("ENOSPC: no space left on device, write '/a/b.json'"), { code: 'ENOSPC' })),
    ).toBe('ENOSPC: no space left on device');
  });

  it("placement: a fixture under another theorem's folder, or not named by its spec's hash, is a FixtureError naming the field", () => {
    const { file } = writeFixture(path.join(tmp, 'placed'), fx);
    expect(() => checkPlacement(file, readFixture(file), 'toy_t')).not.toThrow();
    expect(() => checkPlacement(file, readFixture(file), 'toy_other')).toThrow(
      /: theorem: "toy_t" is filed under toy_other's folder/,
    );
    const renamed = path.join(path.dirname(file), 'renamed.json');
    fs.copyFileSync(file, renamed);
    try {
      checkPlacement(renamed, readFixture(renamed), 'toy_t');
      expect.unreachable();
    } catch (e) {
      expect(isFixtureError(e) && [e.file, e.field]).toEqual([renamed, 'spec']);
    }
  });
});
