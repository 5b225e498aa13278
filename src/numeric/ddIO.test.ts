import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddExactDecimal, ddParse, ddShow, pow2, ratToDouble, ratToDoubles } from './ddIO.js';

const D80 = Decimal.clone({ precision: 80 });

/** Decimal literals with up to 40 significant digits and exponents across (and beyond) the double range. */
const decimalLiteral = fc
  .tuple(fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.integer({ min: -360, max: 330 }))
  .map(([m, e]) => `${m}e${e}`);

/** ulp of a finite nonzero double. */
function ulp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -1022) return 2 ** -1074;
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // guard against log2 rounding up at a power of two
  if (2 ** (e + 1) <= a) e += 1;
  return 2 ** (e - 52);
}

/** A normalised random pair: hi any finite double, lo a double with |lo| ≤ ulp(hi)/2 and fl(hi + lo) = hi. */
const ddPair = fc
  .tuple(
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }),
    fc.double({ min: -1, max: 1, noNaN: true }),
  )
  .map(([h, f]) => {
    const l = h === 0 ? 0 : f * ulp(h) * 0.5;
    const s = h + l;
    return { hi: s, lo: l - (s - h) || 0 };
  });

describe('ratToDouble (the rounding step of exact parsing)', () => {
  it('agrees with JS number parsing (correctly rounded) on random decimals, subnormals and overflow included', () => {
    fc.assert(
      fc.property(decimalLiteral, (s) => {
        const [m, e] = s.split('e').map((t) => BigInt(t)) as [bigint, bigint];
        const x = e >= 0n ? ratToDouble(m * 10n ** e, 1n) : ratToDouble(m, 10n ** -e);
        expect(Object.is(x, Number(s)) || (x === 0 && Number(s) === 0)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('rounds halfway cases to even and handles the subnormal boundary', () => {
    expect(ratToDouble(2n ** 53n + 1n, 1n)).toBe(2 ** 53); // tie → even
    expect(ratToDouble(2n ** 53n + 3n, 1n)).toBe(2 ** 53 + 4);
    expect(ratToDouble(1n, 2n ** 1075n)).toBe(0); // exactly half the smallest subnormal: ties to even (0)
    expect(ratToDouble(3n, 2n ** 1076n)).toBe(2 ** -1074);
    expect(ratToDouble(2n ** 1024n, 1n)).toBe(Infinity);
    expect(pow2(-1074)).toBe(5e-324);
    expect(pow2(1023)).toBe(2 ** 1023);
  });

  it('splits 1/3 into three non-overlapping doubles whose sum is 1/3 to ~160 bits', () => {
    const [a, b, c] = ratToDoubles(1n, 3n, 3) as [number, number, number];
    const sum = new D80(ddExactDecimal(a, b)).plus(ddExactDecimal(c, 0));
    expect(
      sum
        .minus(new D80(1).div(3))
        .abs()
        .lte(2 ** -160),
    ).toBe(true);
  });
});

describe('num (ddParse) is correctly rounded to the pair', () => {
  it('has hi = Number(str) and |exact − (hi + lo)| ≤ ulp(lo)/2, checked with decimal.js at 80 digits', () => {
    fc.assert(
      fc.property(decimalLiteral, (s) => {
        const { hi, lo } = ddParse(s);
        expect(Object.is(hi, Number(s)) || (hi === 0 && Number(s) === 0)).toBe(true);
        if (!Number.isFinite(hi)) return;
        // (hi, lo) are exact dyadics; exact − (hi+lo) is computed with 80 significant digits of the difference.
        const err = new D80(s).minus(ddExactDecimal(hi, lo)).abs();
        const bound = lo === 0 ? new D80(2).pow(-1075) : new D80(ddExactDecimal(ulp(lo), 0)).div(2);
        expect(err.lte(bound)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('reads 0.1 as the pair nearest to one tenth', () => {
    const { hi, lo } = ddParse('0.1');
    expect(hi).toBe(0.1);
    // 0.1 − fl(0.1) = −5.551115123125782702118158340454101562e-18 exactly; its nearest double:
    expect(lo).toBe(Number('-5.5511151231257827021181583404541015625e-18'));
  });

  it('throws a RangeError naming the offending string', () => {
    expect(() => ddParse('0x10')).toThrow(/"0x10"/);
    expect(() => ddParse('1/3')).toThrow(RangeError);
  });

  it('maps specials and signed zero', () => {
    expect(ddParse('Infinity')).toEqual({ hi: Infinity, lo: 0 });
    expect(ddParse('-Infinity')).toEqual({ hi: -Infinity, lo: 0 });
    expect(Number.isNaN(ddParse('NaN').hi)).toBe(true);
    expect(Object.is(ddParse('-0').hi, -0)).toBe(true);
    expect(ddParse('1e-400')).toEqual({ hi: 0, lo: 0 });
    expect(ddParse('1e400').hi).toBe(Infinity);
  });
});

describe('show round-trips through num', () => {
  const roundTrip = (hi: number, lo: number): void => {
    const s = ddShow(hi, lo);
    const back = ddParse(s);
    expect([back.hi, back.lo, s]).toEqual([hi, lo, s]);
  };

  it('on decimals like 0.1, 1e-300, -123.456e7 (and prints the short form back)', () => {
    for (const s of [
      '0.1',
      '1e-300',
      '-123.456e7',
      '3.14159265358979323846264338327950288',
      '5e-324',
      '1.7976931348623157e308',
    ]) {
      const x = ddParse(s);
      roundTrip(x.hi, x.lo);
    }
    expect(ddShow(ddParse('0.1').hi, ddParse('0.1').lo)).toBe('0.1');
    expect(ddShow(ddParse('-123.456e7').hi, ddParse('-123.456e7').lo)).toBe('-1234560000');
    expect(ddShow(ddParse('1e-300').hi, ddParse('1e-300').lo)).toBe('1e-300');
  });

  it('on dyadic rationals (exact in both bases; ≤ 100 significant bits are exact as a pair)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 100n), max: 2n ** 100n }), fc.integer({ min: -200, max: 100 }), (m, e) => {
        const s = e >= 0 ? (m << BigInt(e)).toString() : exactDyadic(m, -e);
        const x = ddParse(s);
        roundTrip(x.hi, x.lo);
        expect(new D80(ddExactDecimal(x.hi, x.lo)).eq(new D80(s))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('on random normalised pairs, including pairs whose lo needs more than 32 digits', () => {
    fc.assert(
      fc.property(ddPair, ({ hi, lo }) => roundTrip(hi, lo)),
      { numRuns: 300 },
    );
    roundTrip(1, 2 ** -200);
    roundTrip(-1e300, -1e280);
  });

  it('on specials', () => {
    expect(ddShow(NaN, 0)).toBe('NaN');
    expect(ddShow(Infinity, 0)).toBe('Infinity');
    expect(ddShow(-Infinity, 0)).toBe('-Infinity');
    expect(ddShow(-0, 0)).toBe('-0');
    expect(ddShow(0, 0)).toBe('0');
  });
});

/** m / 2^k as an exact decimal literal. */
function exactDyadic(m: bigint, k: number): string {
  const scaled = m * 5n ** BigInt(k);
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(k + 1, '0');
  return `${neg ? '-' : ''}${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
}

describe('pow2 over and beyond the double range', () => {
  it('pow2(e + 1) = 2·pow2(e) for every e in [−1074, 1022], pow2(0) = 1; 0 below −1074 and ∞ above 1023', () => {
    expect(pow2(0)).toBe(1);
    for (let e = -1074; e < 1023; e++) expect(pow2(e + 1), `e = ${e}`).toBe(2 * pow2(e));
    expect(pow2(-1022)).toBe(2.2250738585072014e-308); // smallest normal
    expect(pow2(-1075)).toBe(0);
    expect(pow2(1024)).toBe(Infinity);
  });
});

describe('ratToDoubles when the value is exhausted or out of range', () => {
  it('pads with zeros once a part is exact, and the parts sum to the rational', () => {
    expect(ratToDoubles(1n, 4n, 3)).toEqual([0.25, 0, 0]);
    const [a, b, c] = ratToDoubles(-(2n ** 60n) - 1n, 1n, 3) as [number, number, number];
    expect([a, b, c]).toEqual([-(2 ** 60), -1, 0]);
  });
  it('overflows to [±∞, 0, …] and underflows to [+0, 0, …] (never −0)', () => {
    expect(ratToDoubles(10n ** 400n, 1n, 2)).toEqual([Infinity, 0]);
    expect(ratToDoubles(-(10n ** 400n), 1n, 2)).toEqual([-Infinity, 0]);
    const tiny = ratToDoubles(-1n, 10n ** 400n, 2);
    expect(tiny).toEqual([0, 0]);
    expect(Object.is(tiny[0], -0)).toBe(false);
  });
});

describe('ddExactDecimal on specials and signed zero', () => {
  it('prints NaN, ±Infinity, −0 and 0, and 1 + 2^-60 exactly', () => {
    expect(ddExactDecimal(NaN, 0)).toBe('NaN');
    expect(ddExactDecimal(Infinity, 0)).toBe('Infinity');
    expect(ddExactDecimal(-Infinity, 0)).toBe('-Infinity');
    expect(ddExactDecimal(-0, 0)).toBe('-0');
    expect(ddExactDecimal(0, 0)).toBe('0');
    const D = Decimal.clone({ precision: 100 });
    expect(new D(ddExactDecimal(1, 2 ** -60)).eq(new D(2).pow(-60).plus(1))).toBe(true);
  });
});

describe('show prints the shortest round-tripping rounding', () => {
  // exact values of pairs need up to ~770 digits (hi near 1e-300); 1200 keeps every rounding below exact
  const DX = Decimal.clone({ precision: 1200, rounding: Decimal.ROUND_HALF_UP });
  /** A literal with k ≤ 30 significant digits reads to a pair whose show has at most k digits, and k − 1 fail. */
  const literal = fc
    .tuple(
      fc.integer({ min: 1, max: 30 }),
      fc.bigInt({ min: 1n, max: 10n ** 30n }),
      fc.integer({ min: -300, max: 280 }),
    )
    .map(([k, m, e]) => {
      const digits = ((m % 10n ** BigInt(k)) + 10n ** BigInt(k - 1)).toString().slice(0, k); // exactly k digits
      return `${digits}e${e}`;
    });
  const minimal = (hi: number, lo: number): void => {
    const s = ddShow(hi, lo);
    const back = ddParse(s);
    expect([back.hi, back.lo]).toEqual([hi, lo]);
    const k = new DX(s).sd();
    if (k > 1 && k <= 40) {
      const shorter = new DX(ddExactDecimal(hi, lo)).toSignificantDigits(k - 1).toString();
      const p = ddParse(shorter);
      expect(p.hi === hi && p.lo === lo, `${shorter} reads back to ${s}`).toBe(false);
    }
  };
  it('on random normalised pairs: the rounding (half up) to one digit fewer does not read back', () => {
    fc.assert(
      fc.property(ddPair, ({ hi, lo }) => minimal(hi, lo)),
      { seed: 19, numRuns: 150 },
    );
  });
  it('no more significant digits than a literal it came from, and its rounding to one digit fewer does not read back', () => {
    fc.assert(
      fc.property(literal, fc.boolean(), (lit, neg) => {
        const x = ddParse(neg ? `-${lit}` : lit);
        const s = ddShow(x.hi, x.lo);
        const back = ddParse(s);
        expect([back.hi, back.lo]).toEqual([x.hi, x.lo]);
        const k = new DX(s).sd();
        expect(k).toBeLessThanOrEqual(new DX(lit).sd());
        if (k > 1) {
          const shorter = new DX(ddExactDecimal(x.hi, x.lo)).toSignificantDigits(k - 1).toString();
          const p = ddParse(shorter);
          expect(p.hi === x.hi && p.lo === x.lo, `${shorter} reads back to ${s}`).toBe(false);
        }
      }),
      { seed: 18, numRuns: 150 },
    );
  });
});
