import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, specHash } from './canonical.js';
import { ceil, div, eq, floor, fromInt, maxNum, normNum, parseNum, q, sigDigits, toNum } from './rational.js';

describe('exact rationals', () => {
  it('parses decimal strings exactly and prints one canonical spelling per value', () => {
    expect(toNum(parseNum('0.50'))).toBe('0.5');
    expect(toNum(parseNum('-3e-2'))).toBe('-0.03');
    expect(toNum(parseNum('1.5e-9'))).toBe('1.5e-9');
    expect(toNum(parseNum('+12e20'))).toBe('1.2e+21');
    expect(toNum(parseNum('.125'))).toBe('0.125');
    expect(toNum(parseNum('-0'))).toBe('0');
    expect(normNum('1000')).toBe('1000');
  });

  it('round-trips every canonical string through parseNum/toNum', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -40, max: 40 }), (n, e) => {
      const x = toNum(e >= 0 ? q(n * 10n ** BigInt(e)) : q(n, 10n ** BigInt(-e)));
      expect(toNum(parseNum(x))).toBe(x);
      expect(Number(x)).toBe(Number(`${n}e${e}`)); // same value as JS reads it
    }));
  });

  it('refuses values without a finite decimal expansion and non-finite strings', () => {
    expect(() => toNum(div(fromInt(1), fromInt(3)), 'eta')).toThrow('eta: 1/3 has no finite decimal expansion');
    expect(() => parseNum('Infinity', 'spec.x')).toThrow(/spec\.x: "Infinity" is not a finite/);
    expect(() => parseNum('1,5', 'spec.y')).toThrow(/spec\.y: "1,5" is not an exact decimal string/);
  });

  it('floors and ceils negative fractions toward −∞ and +∞', () => {
    expect([floor(q(-7n, 2n)), ceil(q(-7n, 2n)), floor(q(7n, 2n)), ceil(q(7n, 2n)), floor(fromInt(-3))]).toEqual([-4n, -3n, 3n, 4n, -3n]);
  });

  it('counts significant digits and finds exact maxima', () => {
    expect(['0.05', '5000', '1.05', '0', '-2.50'].map(sigDigits)).toEqual([1, 1, 3, 0, 2]);
    expect(maxNum(['0.3', '0.30000000000000000001', '-5'])).toBe('0.30000000000000000001');
    expect(eq(parseNum('2.5e-1'), q(1n, 4n))).toBe(true);
  });
});

describe('canonical JSON and spec hashes', () => {
  it('does not depend on key order and hashes to 12 hex digits', () => {
    const a = { b: ['1', '2'], a: { y: '0.5', x: 3 } };
    const b = { a: { x: 3, y: '0.5' }, b: ['1', '2'] };
    expect(canonicalJson(a)).toBe('{"a":{"x":3,"y":"0.5"},"b":["1","2"]}');
    expect(specHash(a)).toBe(specHash(b));
    expect(specHash(a)).toMatch(/^[0-9a-f]{12}$/);
    expect(specHash({ ...a, c: '1' })).not.toBe(specHash(a));
  });

  it('rejects what JSON cannot carry, naming the path', () => {
    expect(() => canonicalJson({ a: [Number.NaN] })).toThrow(/spec\.a\[0\]: NaN/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/spec\.a: a bigint cannot appear/);
  });
});
