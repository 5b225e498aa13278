import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VERDICTS } from '../theorem/types.js';
import { isInputError } from '../errors.js';
import { CHECK_JSON_SCHEMA_FILE, checkDocument, readCheckDocument } from './checkJson.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-json-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const schema = JSON.parse(fs.readFileSync(CHECK_JSON_SCHEMA_FILE, 'utf8')) as {
  definitions: { verdict: { enum: string[] } };
};

function write(name: string, value: unknown): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isInputError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an input error');
}

describe('check JSON document', () => {
  it('the schema lists exactly the verdicts the engine can give (a new verdict must be documented there)', () => {
    expect([...schema.definitions.verdict.enum].sort()).toEqual([...VERDICTS].sort());
  });

  it('an empty run is a valid document of schema 1 and reads back', () => {
    const doc = checkDocument([], {
      profile: 'ci',
      selfCheck: false,
      interrupted: false,
      shard: { index: 2, total: 3 },
    });
    expect(readCheckDocument(write('empty.json', doc))).toEqual(doc);
  });

  it('bad documents are one-line input errors naming the file and the field', () => {
    const ok = checkDocument([], { profile: 'ci', selfCheck: false, interrupted: false, shard: null });
    expect(errorOf(() => readCheckDocument(write('v2.json', { ...ok, schema: 2 })))).toMatch(
      /v2\.json: schema: 2 is not 1/,
    );
    expect(errorOf(() => readCheckDocument(write('prof.json', { ...ok, profile: 'fast' })))).toMatch(
      /prof\.json: profile: must be equal to one of the allowed values \(quick \| ci \| nightly\)/,
    );
    expect(errorOf(() => readCheckDocument(write('res.json', { ...ok, results: [{ id: 'x' }] })))).toMatch(
      /res\.json: results\.0: must have required property/,
    );
    expect(errorOf(() => readCheckDocument(write('bad.json', '{"schema": 1,')))).toMatch(/bad\.json: not valid JSON/);
    expect(
      errorOf(() =>
        readCheckDocument(write('dup.json', JSON.stringify(ok).replace('"schema":1', '"schema":1,"schema":1'))),
      ),
    ).toMatch(/dup\.json: .*duplicate key "schema"/);
    expect(errorOf(() => readCheckDocument(path.join(tmp, 'missing.json')))).toMatch(
      /missing\.json: cannot be read \(ENOENT\)/,
    );
    expect(
      errorOf(() =>
        readCheckDocument(write('bom.json', `\uFEFF${JSON.stringify({ ...ok, shard: { index: 0, total: 1 } })}`)),
      ),
    ).toMatch(/bom\.json: shard/);
  });
});
