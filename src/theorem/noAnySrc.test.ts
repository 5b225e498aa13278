/**
 * Library lint: no `any` keyword under src/ (the project rule "no `any` in new code"). Two aliases are the only
 * allowed `any`: AnyBackend (numeric/types.ts) and AnyTheorem (define.ts), for registries that hold backends or
 * theorems of different representations; their uses stay allowed here (properties/noAny.test.ts forbids them in theorem
 * code). Both lists fail when an entry is no longer needed, so they only shrink.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findAny, tsFilesUnder } from './lintAny.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** file (relative to src/) → the trimmed text of the one line whose `any` is allowed. */
const ALLOWED: ReadonlyMap<string, string> = new Map([
  ['numeric/types.ts', 'export type AnyBackend = Backend<any>;'],
  [
    'theorem/define.ts',
    'export type AnyTheorem = Theorem<any>; // eslint-disable-line @typescript-eslint/no-explicit-any',
  ],
]);

describe('library lint: no any under src/', () => {
  const files = tsFilesUnder(SRC);
  it('finds the library', () => {
    expect(files).toContain('theorem/define.ts');
    expect(files).toContain('numeric/types.ts');
  });
  it('every allowlisted file exists', () => {
    for (const f of ALLOWED.keys()) expect(files, f).toContain(f);
  });
  for (const f of files) {
    it(f, () => {
      const source = fs.readFileSync(path.join(SRC, f), 'utf8');
      const lines = source.split('\n');
      const uses = findAny(source, f).filter((u) => u.text === 'any');
      const allowed = ALLOWED.get(f);
      const bad = uses.filter((u) => lines[u.line - 1]?.trim() !== allowed);
      expect(
        bad.map((u) => `${u.file}:${u.line}: any (type it over R extends Repr, Opaque or unknown instead)`),
      ).toEqual([]);
      if (allowed !== undefined) {
        expect(uses.length, `${f}: the allowed line "${allowed}" has no any any more: remove it from ALLOWED`).toBe(1);
      }
    });
  }
});
