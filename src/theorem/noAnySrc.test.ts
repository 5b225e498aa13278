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
import { findAny } from './lintAny.js';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** file (relative to src/) → the trimmed text of the one line whose `any` is allowed. */
const ALLOWED: ReadonlyMap<string, string> = new Map([
  ['numeric/types.ts', 'export type AnyBackend = Backend<any>;'],
  [
    'theorem/define.ts',
    'export type AnyTheorem = Theorem<any>; // eslint-disable-line @typescript-eslint/no-explicit-any',
  ],
]);

/** Files not migrated yet (each still has `any`): to be typed over `R extends Repr` / Opaque / unknown. */
const PENDING = new Set<string>([]);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('library lint: no any under src/', () => {
  const files = tsFiles(SRC)
    .map((f) => path.relative(SRC, f).split(path.sep).join('/'))
    .sort();
  it('finds the library', () => {
    expect(files).toContain('theorem/define.ts');
    expect(files).toContain('numeric/types.ts');
  });
  it('every allowlisted or pending file exists', () => {
    for (const f of [...ALLOWED.keys(), ...PENDING]) expect(files, f).toContain(f);
  });
  for (const f of files) {
    it(f, () => {
      const source = fs.readFileSync(path.join(SRC, f), 'utf8');
      const lines = source.split('\n');
      const uses = findAny(source, f).filter((u) => u.text === 'any');
      if (PENDING.has(f)) {
        expect(uses.length, `${f} has no any left: remove it from PENDING`).toBeGreaterThan(0);
        return;
      }
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
