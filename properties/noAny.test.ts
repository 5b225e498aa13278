/**
 * Catalogue lint: no `any` under properties/ (issue #19). Theorem code is typed over `Backend<Opaque>`, so an `any`
 * would switch off the scalar/vector/matrix distinction there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findAny, tsFilesUnder } from '../src/theorem/lintAny.js';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

describe('catalogue lint: no any under properties/', () => {
  const files = tsFilesUnder(ROOT);
  it('finds the catalogue', () => {
    expect(files.some((f) => f.endsWith('.theorem.ts'))).toBe(true);
  });
  for (const f of files) {
    it(f, () => {
      const uses = findAny(fs.readFileSync(path.join(ROOT, f), 'utf8'), f);
      expect(uses.map((u) => `${u.file}:${u.line}: ${u.text} (type it over Backend<Opaque> / Ball instead)`)).toEqual(
        [],
      );
    });
  }
});
