import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { foundWith, readFixture, writeFixture, type Fixture } from './fixtures.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-fixtures-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const fx: Fixture = {
  theorem: 'toy_t', spec: { b: '2', a: ['0.5'] }, verdict: 'violated',
  claims: [{ label: 'k', lhs: '2', rel: '<=', rhs: '1', err: '1e-30' }],
  found: foundWith({ seed: 1, path: '0:1', profile: 'ci', backend: 'dd' }), status: 'open', note: '',
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

  it('are never overwritten silently, and leave no temp files', () => {
    const { file } = writeFixture(tmp, fx);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"note": ""', '"note": "triaged"'));
    expect(writeFixture(tmp, { ...fx, status: 'fixed' }).created).toBe(false);
    expect(readFixture(file).note).toBe('triaged');
    expect(fs.readdirSync(path.dirname(file)).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it.each([
    ['{', /not valid JSON/],
    ['{"theorem":"t","spec":{},"verdict":"maybe","claims":[],"found":{},"status":"open"}', /verdict: "maybe" must be one of/],
    ['{"theorem":"t","spec":{},"verdict":"violated","claims":[],"found":{},"status":"done"}', /status: "done" must be open \| explained \| fixed/],
    ['{"theorem":"t","verdict":"violated"}', /spec: is missing/],
  ])('malformed files give one-line errors naming the field: %s', (text, msg) => {
    const f = path.join(tmp, 'bad.json');
    fs.writeFileSync(f, text);
    expect(() => readFixture(f)).toThrow(msg);
  });
});
