import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, specHash } from '../instances/canonical.js';
import {
  ceil,
  div,
  dyadicBelow,
  eq,
  floor,
  fromInt,
  largestDyadicBelow,
  maxNum,
  mul,
  normNum,
  parseNum,
  parseRat,
  q,
  qsolve,
  roundNum,
  showRat,
  sigDigits,
  sqrtUpper,
  toNum,
  toPlainNum,
  cmp,
  SEARCH_STEP_LIMIT,
} from './rational.js';

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
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: -40, max: 40 }), (n, e) => {
        const x = toNum(e >= 0 ? q(n * 10n ** BigInt(e)) : q(n, 10n ** BigInt(-e)));
        expect(toNum(parseNum(x))).toBe(x);
        expect(Number(x)).toBe(Number(`${n}e${e}`)); // same value as JS reads it
      }),
    );
  });

  it('refuses values without a finite decimal expansion and non-finite strings', () => {
    expect(() => toNum(div(fromInt(1), fromInt(3)), 'eta')).toThrow('eta: 1/3 has no finite decimal expansion');
    expect(() => parseNum('Infinity', 'spec.x')).toThrow(/spec\.x: "Infinity" is not a finite/);
    expect(() => parseNum('1,5', 'spec.y')).toThrow(/spec\.y: "1,5" is not an exact decimal string/);
  });

  it('floors and ceils negative fractions toward −∞ and +∞', () => {
    expect([floor(q(-7n, 2n)), ceil(q(-7n, 2n)), floor(q(7n, 2n)), ceil(q(7n, 2n)), floor(fromInt(-3))]).toEqual([
      -4n,
      -3n,
      3n,
      4n,
      -3n,
    ]);
  });

  it('counts significant digits and finds exact maxima', () => {
    expect(['0.05', '5000', '1.05', '0', '-2.50'].map(sigDigits)).toEqual([1, 1, 3, 0, 2]);
    expect(maxNum(['0.3', '0.30000000000000000001', '-5'])).toBe('0.30000000000000000001');
    expect(eq(parseNum('2.5e-1'), q(1n, 4n))).toBe(true);
  });
});

describe('exact rationals: rounding, dyadics, fractions, solves', () => {
  it('roundNum rounds toward the requested side and keeps the significant digits', () => {
    const third = { n: 1n, d: 3n };
    expect(roundNum(third, 4, 'down')).toBe('0.3333');
    expect(roundNum(third, 4, 'up')).toBe('0.3334');
    expect(roundNum({ n: -1n, d: 3n }, 3, 'down')).toBe('-0.334');
    expect(roundNum({ n: 125n, d: 1n }, 2, 'up')).toBe('130');
  });

  it('toPlainNum writes every finite decimal positionally, where toNum would switch to scientific', () => {
    expect(toPlainNum(parseNum('1.5e-9'))).toBe('0.0000000015');
    expect(toPlainNum(parseNum('-12e20'))).toBe('-1200000000000000000000');
    expect(toPlainNum(q(3n, 8n))).toBe('0.375');
    expect(toPlainNum(q(0n))).toBe('0');
    expect(() => toPlainNum(q(1n, 3n))).toThrow(/finite decimal/);
  });

  it('reads "p/q" and decimals and shows them back as "p/q"', () => {
    expect(showRat(parseRat('35/384'))).toBe('35/384');
    expect(showRat(parseRat('-0.125'))).toBe('-1/8');
    expect(showRat(parseRat('2/-4'))).toBe('-1/2');
    expect(showRat(parseRat('6'))).toBe('6');
  });

  it('finds the largest dyadic below a threshold, exactly, whatever the float guess', () => {
    const cap = q(1n, 3n);
    const ok = (eta: ReturnType<typeof q>) => cmp(eta, cap) <= 0;
    for (const guess of [0.01, 0.3333, 0.9]) expect(largestDyadicBelow(guess, 8, ok)).toBe('0.33203125'); // 85/256
    expect(toPlainNum(dyadicBelow(cap, 4))).toBe('0.3125'); // 5/16: 4 significant bits
    expect(() => largestDyadicBelow(0.5, 2, () => false)).toThrow(/2\^-2/);
  });

  it('searches end: a predicate that never turns false, or a guess far above the threshold, is a clear error', () => {
    let calls = 0;
    const always = () => (calls++, true);
    expect(() => largestDyadicBelow(0.5, 8, always)).toThrow(
      /still stepping up after 1000000 steps .*ok must be monotone/,
    );
    expect(calls).toBe(SEARCH_STEP_LIMIT + 1);
    const cap = q(1n, 3n);
    expect(() => largestDyadicBelow(1e300, 8, (eta) => cmp(eta, cap) <= 0)).toThrow(/still stepping down/);
    expect(() => largestDyadicBelow(NaN, 8, () => true)).toThrow(/guess must be finite, got NaN/);
    expect(() => largestDyadicBelow(0.5, -1, () => true)).toThrow(/bits must be an integer/);
  });

  it('bounds square roots beyond the double range (a tiny a used to loop forever from a zero start)', () => {
    for (const a of [parseNum('1e-400'), parseNum('2e-401'), parseNum('3e400')]) {
      const r = sqrtUpper(a);
      expect(cmp(mul(r, r), a)).toBeGreaterThanOrEqual(0);
      // and tight: (r·(1 − 10^-6))² < a
      const lower = mul(r, q(999999n, 1000000n));
      expect(cmp(mul(lower, lower), a)).toBe(-1);
    }
  });

  it('solves square systems exactly, returns null when singular, and bounds square roots from above', () => {
    const A = [
      [q(2n), q(1n)],
      [q(1n), q(3n)],
    ];
    const x = qsolve(A, [q(1n), q(2n)])!;
    expect(x.map((v) => showRat(v))).toEqual(['1/5', '3/5']);
    expect(
      qsolve(
        [
          [q(1n), q(2n)],
          [q(2n), q(4n)],
        ],
        [q(1n), q(1n)],
      ),
    ).toBeNull();
    const r = sqrtUpper(q(2n));
    expect(cmp(mul(r, r), q(2n))).toBe(1);
    expect(cmp(r, parseNum('1.4142136'))).toBeLessThanOrEqual(0);
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
