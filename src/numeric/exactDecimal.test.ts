/**
 * exact.ts: the decimal-literal grammar (isNum/checkNum), the bit decomposition of a double and its exact decimal
 * expansion. A double's expansion is checked by two independent facts: it reads back (JS's correctly rounded Number)
 * to the same double, and it is a dyadic m/2^k with |m| < 2^53 and k ≤ 1074, i.e. itself a double, so it is that
 * double exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNum, decomposeDouble, dyadicDecimal, exactDecimal, isNum, isSpecial } from './exact.js';
import { parseNum, q, type Q } from './rational.js';

/** The exact value of m·2^e as a rational. */
const dyadic = (m: bigint, e: number): Q => (e >= 0 ? q(m * 2n ** BigInt(e)) : q(m, 2n ** BigInt(-e)));

describe('isNum / checkNum', () => {
  it('accepts decimal literals and ±Infinity/NaN, nothing else', () => {
    for (const s of [
      '0',
      '-0',
      '+1',
      '1.',
      '.5',
      '-.5',
      '1.25',
      '1e5',
      '1E-5',
      '-3.5e+2',
      '007',
      'Infinity',
      '+Infinity',
    ])
      expect(isNum(s), s).toBe(true);
    expect(isNum('-Infinity')).toBe(true);
    expect(isNum('NaN')).toBe(true);
    for (const s of [
      '',
      '.',
      '-',
      '1e',
      'e5',
      '1.2.3',
      '1e5.5',
      ' 1',
      '1 ',
      '0x10',
      '1_000',
      'inf',
      '-NaN',
      '1,5',
      '--1',
    ])
      expect(isNum(s), JSON.stringify(s)).toBe(false);
    for (const x of [1, null, undefined, {}, ['1']]) expect(isNum(x)).toBe(false);
  });

  it('checkNum returns its argument or throws a RangeError naming the place and the value', () => {
    expect(checkNum('0.125')).toBe('0.125');
    expect(() => checkNum('abc', 'spec.eta')).toThrow(
      'spec.eta: "abc" is not an exact decimal string (write numbers as strings like "0.125" or "-3e-2")',
    );
    expect(() => checkNum(0.1)).toThrow(/^number: 0\.1 is not an exact decimal string/);
    expect(() => checkNum(undefined)).toThrow(RangeError);
  });

  it('isSpecial is true exactly for the non-finite spellings', () => {
    for (const s of ['Infinity', '+Infinity', '-Infinity', 'NaN']) expect(isSpecial(s)).toBe(true);
    for (const s of ['0', '1e308', 'Inf', 'nan']) expect(isSpecial(s)).toBe(false);
  });
});

describe('decomposeDouble / exactDecimal', () => {
  const finite = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ noNaN: true, min: -1e-300, max: 1e-300 }),
    fc.integer().map((k) => k / 1024),
  );

  it('decomposeDouble(x) = (m, e) with x = m·2^e exactly, |m| < 2^53, e ≥ −1074', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const { mantissa, exponent } = decomposeDouble(x);
        expect(exponent).toBeGreaterThanOrEqual(-1074);
        expect(mantissa < 0n ? -mantissa : mantissa).toBeLessThan(2n ** 53n);
        if (x !== 0) expect(Math.sign(Number(mantissa))).toBe(Math.sign(x));
        // m·2^e computed by JS in floating point is exact here (|m| < 2^53, result a double)
        expect(Number(mantissa) * 2 ** exponent).toBe(x);
      }),
    );
    expect(decomposeDouble(1)).toEqual({ mantissa: 2n ** 52n, exponent: -52 });
    expect(decomposeDouble(-0.75)).toEqual({ mantissa: -(3n * 2n ** 51n), exponent: -53 });
    expect(decomposeDouble(5e-324)).toEqual({ mantissa: 1n, exponent: -1074 });
    expect(decomposeDouble(-5e-324)).toEqual({ mantissa: -1n, exponent: -1074 });
    expect(decomposeDouble(2 ** -1022)).toEqual({ mantissa: 2n ** 52n, exponent: -1074 });
    expect(decomposeDouble(2 ** 60)).toEqual({ mantissa: 2n ** 52n, exponent: 8 });
  });

  it('exactDecimal(x) is a decimal literal with the exact value of x (reads back to x, and is itself that dyadic)', () => {
    fc.assert(
      fc.property(finite, (x) => {
        const s = exactDecimal(x);
        expect(isNum(s)).toBe(true);
        expect(Number(s)).toBe(x);
        const { mantissa, exponent } = decomposeDouble(x);
        expect(parseNum(s)).toEqual(dyadic(mantissa, exponent));
        expect(s).not.toMatch(/e/); // positional
      }),
    );
    expect(exactDecimal(0.1)).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(exactDecimal(-2.5)).toBe('-2.5');
    expect(exactDecimal(2 ** 70)).toBe((2n ** 70n).toString());
    expect(exactDecimal(0)).toBe('0');
    expect(exactDecimal(-0)).toBe('-0');
    expect([exactDecimal(Infinity), exactDecimal(-Infinity), exactDecimal(NaN)]).toEqual([
      'Infinity',
      '-Infinity',
      'NaN',
    ]);
    const tiny = exactDecimal(5e-324);
    expect(tiny.startsWith('0.' + '0'.repeat(323) + '4940656458412')).toBe(true);
    expect(parseNum(tiny)).toEqual(q(1n, 2n ** 1074n));
  });

  it('dyadicDecimal(n, k) = n/2^k positionally, without trailing zeros', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }), fc.integer({ min: 0, max: 80 }), (n, k) => {
        const s = dyadicDecimal(n, k);
        expect(parseNum(s)).toEqual(q(n, 2n ** BigInt(k)));
        expect(s).not.toMatch(/\.\d*0$|\.$|e/);
        expect(s.startsWith('-')).toBe(n < 0n);
      }),
    );
    expect(dyadicDecimal(-3n, 3)).toBe('-0.375');
    expect(dyadicDecimal(0n, 5)).toBe('0');
    expect(dyadicDecimal(12n, 2)).toBe('3');
    expect(dyadicDecimal(5n, 0)).toBe('5');
    expect(dyadicDecimal(1n, 1)).toBe('0.5');
  });
});
