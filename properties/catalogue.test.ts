/**
 * The catalogue as a vitest suite, part 1 (src/testing/catalogueSuite.ts; parts 2… are catalogue.part<k>.test.ts), plus
 * the lint that makes "a theorem file is not run" impossible to miss.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DIR, idFromFile, lintCatalogue } from '../src/theorem/discover.js';
import { CATALOGUE_PARTS, loadCatalogue, partition, registerCataloguePart } from '../src/testing/catalogueSuite.js';

const cat = await loadCatalogue();
registerCataloguePart(cat, 0);

describe('catalogue lint', () => {
  it('every theorem file loads, validates, and its id equals its file name', () => {
    expect(cat.loadErrors).toEqual([]);
  });

  it('every theorem file is in exactly one part, and every part has a test file', () => {
    const ids = cat.files.map(idFromFile).sort();
    expect([...cat.parts.keys()].sort()).toEqual(ids);
    for (const p of cat.parts.values()) expect(p).toBeGreaterThanOrEqual(0);
    for (const p of cat.parts.values()) expect(p).toBeLessThan(CATALOGUE_PARTS);
    // part 1 is this file, part k ≥ 2 is catalogue.part<k>.test.ts: one file per part, none missing, none extra
    const partFiles = fs.readdirSync(CATALOGUE_DIR).filter((f) => /^catalogue(\.part\d+)?\.test\.ts$/.test(f));
    const expected = Array.from({ length: CATALOGUE_PARTS }, (_, k) =>
      k === 0 ? 'catalogue.test.ts' : `catalogue.part${k + 1}.test.ts`,
    );
    expect(partFiles.sort()).toEqual(expected.sort());
  });

  it('the split balances recorded times and costs a new theorem at the median', () => {
    const parts = partition(
      ['a', 'b', 'c', 'new'],
      new Map([
        ['a', 10],
        ['b', 6],
        ['c', 5],
      ]),
      2,
    );
    expect(parts.get('a')).toBe(0);
    expect(parts.get('b')).toBe(1);
    expect(parts.get('new')).toBe(1); // 6 + 6 ≤ 10
    expect(parts.get('c')).toBe(0);
  });

  it('has no stray files, foreign imports or colliding ids', () => {
    expect(lintCatalogue(CATALOGUE_DIR, cat.loaded)).toEqual([]);
  });
});
