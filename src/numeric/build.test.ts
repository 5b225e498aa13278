/** vecOf / matOf: decimal strings and computed backend scalars in one vector or matrix. */
import { describe, expect, it } from 'vitest';
import { matOf, vecOf } from './build.js';
import { ddBackend } from './dd.js';
import { decBackend } from './decimal.js';
import { f64Backend } from './f64.js';
import type { AnyBackend } from './types.js';

describe('vecOf / matOf', () => {
  for (const B of [f64Backend(), ddBackend(), decBackend(30)] as AnyBackend[]) {
    it(`mix decimal strings with computed scalars, bit for bit (${B.id})`, () => {
      const third = B.div(B.one, B.int(3)); // a computed value no decimal string reproduces in a binary backend
      const A = matOf(B, [
        ['2', third],
        [third, '0.5'],
      ]);
      expect(B.cmp(B.mget(A, 0, 1), third)).toBe(0);
      expect(B.cmp(B.mget(A, 1, 0), third)).toBe(0);
      expect(B.mshow(A)[0]![0]).toBe('2');
      expect(B.show(B.mget(A, 1, 1))).toBe('0.5');
      expect([B.rows(A), B.cols(A)]).toEqual([2, 2]);
      const v = vecOf(B, ['0.1', third]);
      expect(B.cmp(B.at(v, 0), B.num('0.1'))).toBe(0);
      expect(B.cmp(B.at(v, 1), third)).toBe(0);
      // decimal-only input is B.mat's
      expect(B.mshow(matOf(B, [['1', '0.25']]))).toEqual(B.mshow(B.mat([['1', '0.25']])));
    });
  }
  it('rejects ragged rows and an empty matrix, naming the row', () => {
    const B = f64Backend();
    expect(() => matOf(B, [['1', '2'], ['3']])).toThrow(/row 1 has 1 entries, row 0 has 2/);
    expect(() => matOf(B, [])).toThrow(/no rows/);
  });
});
