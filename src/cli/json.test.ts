import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, parseJson } from './json.js';

const err = (text: string, depth?: number): string => {
  try {
    parseJson(text, 'f.json', depth);
  } catch (e) {
    expect((e as Error).name).toBe('InputError');
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(text)}`);
};

describe('parseJson (strict reader)', () => {
  it('returns what JSON.parse returns for any JSON text without duplicate keys, compact or indented', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        for (const text of [JSON.stringify(v), JSON.stringify(v, null, 2)])
          expect(parseJson(text, 'x')).toStrictEqual(JSON.parse(text));
      }),
      { seed: 18, numRuns: 300 },
    );
  });

  it('agrees with JSON.parse on which short texts are syntax errors', () => {
    // the alphabet of JSON's grammar: random strings over it are mostly invalid, sometimes valid
    const tok = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"a"',
      '"b"',
      '1',
      '-0.5e3',
      'true',
      'null',
      ' ',
      '\n',
      '01',
      '"\\u00e9"',
      '"\\x"',
    );
    fc.assert(
      fc.property(fc.array(tok, { maxLength: 12 }), (ts) => {
        const text = ts.join('');
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          expect(err(text)).toMatch(/^f\.json: not valid JSON \(.* at line \d+, column \d+\)$/);
          return;
        }
        if (/duplicate key/.test(safe(text))) return;
        expect(parseJson(text, 'f.json')).toStrictEqual(expected);
      }),
      { seed: 18, numRuns: 2000 },
    );
  });

  it('accepts a leading UTF-8 byte-order mark', () => {
    expect(parseJson('\ufeff{"a": [1, "x"]}', 'f')).toStrictEqual({ a: [1, 'x'] });
  });

  it('rejects duplicate keys, naming the key and the object that holds it', () => {
    expect(err('{"a": 1, "a": 2}')).toBe('f.json: duplicate key "a" in the top-level object (line 1, column 10)');
    expect(err('{"model": {"layers": [{"w": 1,\n "w": 2}]}}')).toBe(
      'f.json: duplicate key "w" in model.layers[0] (line 2, column 2)',
    );
    // same key in sibling objects is fine
    expect(parseJson('[{"a":1},{"a":2}]', 'f')).toStrictEqual([{ a: 1 }, { a: 2 }]);
  });

  it('caps nesting without using the stack: 100,000 nested arrays is a one-line error', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(err(deep)).toBe(
      `f.json: nested deeper than ${MAX_JSON_DEPTH} levels (line 1, column ${MAX_JSON_DEPTH + 1})`,
    );
    const ok = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(parseJson(ok, 'f')).toStrictEqual(JSON.parse(ok));
    expect(err('{"a":{"b":{}}}', 2)).toMatch(/nested deeper than 2 levels/);
  });

  it('keeps "__proto__" as data, as JSON.parse does', () => {
    const v = parseJson('{"__proto__": {"polluted": 1}}', 'f') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** The duplicate-key message, or '' (for the grammar comparison). */
function safe(text: string): string {
  try {
    parseJson(text, 'f');
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}
