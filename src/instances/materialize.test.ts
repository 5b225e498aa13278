import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal } from '../numeric/exact.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { materialize, materializeDeep } from './materialize.js';
import { withSpectrum } from './matrices.js';
import { dyadic } from './numbers.js';
import { eq, parseNum } from '../numeric/rational.js';

// Static imports: a missing dd/dec backend must fail this file, not shrink it to f64.
const BS: AnyBackend[] = [f64Backend(), ddBackend(), decBackend(50)];

describe.each(BS.map((B) => [B.id, B] as const))('materialize on %s', (_id, B) => {
  it('turns Num leaves into scalars, Num[] into vectors and Num[][] into matrices, keeping integers and labels', () => {
    const spec = {
      lr: '0.125',
      theta0: ['1', '-0.5'],
      A: {
        matrix: [
          ['2', '0'],
          ['0', '0.5'],
        ],
      },
      seed: 7,
      loss: 'logistic',
      flag: true,
    };
    const m = materializeDeep(B, spec, { keep: ['loss'] });
    expect(B.show(m.lr)).toBe('0.125');
    expect(B.vshow(m.theta0)).toEqual(['1', '-0.5']);
    expect(B.mshow(m.A.matrix)).toEqual([
      ['2', '0'],
      ['0', '0.5'],
    ]);
    expect([m.seed, m.loss, m.flag]).toEqual([7, 'logistic', true]);
  });

  it('reads short dyadic spec values exactly', () => {
    fc.assert(
      fc.property(dyadic({ min: '-100', max: '100', bits: 20 }), (x) => {
        // |x| ≤ 100 with ≤ 20 fraction bits needs ≤ 27 significant bits: exact in f64, dd and dec:50
        // (f64's show is the shortest round-trip string, so compare the exact value of the nearest double instead)
        expect(eq(parseNum(exactDecimal(B.toNumber(materialize.scalar(B, x)))), parseNum(x))).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('materializes withSpectrum matrices entry by entry as B.num of the same strings', () => {
    fc.assert(
      fc.property(withSpectrum({ n: { min: 1, max: 4 } }), (s) => {
        const A = materialize.matrix(B, s.matrix, 'spec.A');
        s.matrix.forEach((row, i) => row.forEach((x, j) => expect(B.cmp(B.mget(A, i, j), B.num(x))).toBe(0)));
      }),
      { numRuns: 20 },
    );
  });

  it('names the path of an offending field', () => {
    expect(() => materialize(B, { model: { a: ['1', '2', 'abc'] } })).toThrow(
      'spec.model.a[2]: "abc" is not an exact decimal string',
    );
    expect(() => materialize(B, { lr: 0.1 })).toThrow(/spec\.lr: JS number 0\.1/);
    expect(() => materialize(B, { x: 'NaN' })).toThrow(/spec\.x: "NaN" is not a finite exact decimal/);
    expect(() => materialize.matrix(B, [['1', '2'], ['3']], 'spec.A')).toThrow(
      /spec\.A\[1\]: row has 1 entries but row 0 has 2/,
    );
    expect(() => materialize.vector(B, ['1', 'x'], 'spec.v')).toThrow(/spec\.v\[1\]/);
  });
});

it('rounds non-dyadic decimals correctly in f64 (0.1 is the double nearest 0.1)', () => {
  const B = f64Backend();
  expect(materialize.scalar(B, '0.1')).toBe(0.1);
});
