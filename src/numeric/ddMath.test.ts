import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddExactDecimal, ddParse } from './ddIO.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';

const D60 = Decimal.clone({ precision: 60 });
const U2 = 2 ** -106; // u² with u = 2^-53
/**
 * The accuracy required of every scalar function (relative; absolute where the value is 0): 5 unit roundoffs of the dd
 * backend, 5·2^-102 = 80u² ≈ 9.9e-31. ddMath.ts documents ≤ 3u² (exp), ≤ 9u² (log) and 3u²/7u²/15u² per add/mul/div,
 * so the longest composition tested (sigmoid = 1/(1 + e^-x): ≤ 21u² to first order) stays 4× below it; the margin
 * covers the second-order and argument-reduction terms the module bounds only loosely (≲ 2^-110).
 */
const FN_TOL = 5 * 2 ** -102;

const exact = (x: DDScalar): Decimal => new D60(ddExactDecimal(x.hi, x.lo));
/** |got − ref| / |ref| (|got| when ref = 0), computed at 60 digits. */
function relErr(got: DDScalar, ref: Decimal): number {
  const g = exact(got);
  return ref.isZero() ? g.abs().toNumber() : g.minus(ref).div(ref).abs().toNumber();
}

/** Exact decimal literals m·10^-35 with m uniform in [lo, hi]·10^35 (≈ 35 significant digits: lo ≠ 0 in the pair). */
function decimalIn(lo: number, hi: number): fc.Arbitrary<string> {
  const s = 10n ** 35n;
  return fc
    .bigInt({ min: BigInt(Math.round(lo * 1e6)) * (s / 1000000n), max: BigInt(Math.round(hi * 1e6)) * (s / 1000000n) })
    .map((m) => `${m}e-35`);
}
/** Literals with a 35-digit mantissa in [1, 10) and a decimal exponent in [e0, e1], sign optional. */
function decimalScaled(e0: number, e1: number, signed = false): fc.Arbitrary<string> {
  return fc
    .tuple(fc.bigInt({ min: 10n ** 34n, max: 10n ** 35n - 1n }), fc.integer({ min: e0, max: e1 }), fc.boolean())
    .map(([m, e, neg]) => `${signed && neg ? '-' : ''}${m}e${e - 34}`);
}

/**
 * References that keep 60 significant digits of the result: exp(d) − 1 and ln(1 + d) at 60 digits would lose the
 * digits of tiny d, so below 1e-3 they are summed from their Taylor series (terms beyond 1e-75·|d| dropped).
 */
function expm1Ref(d: Decimal): Decimal {
  if (d.abs().gte('1e-3')) return d.exp().minus(1);
  let term = d;
  let sum = d;
  for (let n = 2; n <= 26; n++) {
    term = term.times(d).div(n);
    sum = sum.plus(term);
  }
  return sum;
}
function log1pRef(d: Decimal): Decimal {
  if (d.abs().gte('1e-3')) return d.plus(1).ln();
  let pow = d;
  let sum = d;
  for (let n = 2; n <= 26; n++) {
    pow = pow.times(d);
    sum = n % 2 === 0 ? sum.minus(pow.div(n)) : sum.plus(pow.div(n));
  }
  return sum;
}
const softplusRef = (d: Decimal): Decimal => (d.gt(0) ? d.plus(log1pRef(d.neg().exp())) : log1pRef(d.exp()));

const TINY = new D60(2).pow(-1074); // the subnormal spacing
/**
 * The error exp can have where its result v = e^x < 2^-969 (ddMath.ts `expHL`): hi + lo = RN(zh·2^k) + RN(zl·2^k) on
 * the subnormal grid, with zh + zl = v·2^-k·(1 + δ), |δ| ≤ 2u² (FN_TOL here). If hi is normal only lo rounds
 * (≤ ½·2^-1074); if hi is subnormal, |zl·2^k| ≤ u·v < ½·2^-1074 rounds to 0 and is lost: correct rounding plus u·v.
 */
function expSubnormalBound(v: Decimal): Decimal {
  const dropped = v.lt(new D60(2).pow(-1022)) ? v.times(new D60(2).pow(-53)) : new D60(0);
  return TINY.div(2).plus(dropped).plus(v.times(FN_TOL));
}

function checkFn(
  f: (x: DDScalar) => DDScalar,
  ref: (d: Decimal) => Decimal,
  arb: fc.Arbitrary<string>,
  runs = 150,
): void {
  fc.assert(
    fc.property(arb, (s) => {
      const x = ddParse(s);
      const err = relErr(f(x), ref(exact(x)));
      expect(err, `argument ${s}`).toBeLessThanOrEqual(FN_TOL);
    }),
    { numRuns: runs },
  );
}

describe('constants', () => {
  it('carries ln 2 correctly to 110 digits and as a correctly rounded pair', () => {
    const D110 = Decimal.clone({ precision: 110 });
    expect(D110.ln(2).toString()).toBe(X.LN2_DIGITS);
    const pair = ddParse(X.LN2_DIGITS);
    expect([X.LN2.hi, X.LN2.lo]).toEqual([pair.hi, pair.lo]);
  });
});

describe('basic operations meet the JMP 2017 error bounds (u = 2^-53), checked against decimal.js at 60 digits', () => {
  const arg = decimalScaled(-20, 20, true);
  const bin = (f: (a: DDScalar, b: DDScalar) => DDScalar, ref: (a: Decimal, b: Decimal) => Decimal, bound: number) =>
    fc.assert(
      fc.property(arg, arg, (a, b) => {
        const x = ddParse(a);
        const y = ddParse(b);
        expect(relErr(f(x, y), ref(exact(x), exact(y)))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 300 },
    );
  it('add (AccurateDWPlusDW) has relative error ≤ 3u²/(1 − 4u)', () => bin(X.add, (a, b) => a.plus(b), 3.0001 * U2));
  it('sub has the same bound as add', () => bin(X.sub, (a, b) => a.minus(b), 3.0001 * U2));
  it('mul (DWTimesDW1) has relative error ≤ 7u²', () => bin(X.mul, (a, b) => a.times(b), 7 * U2));
  it('div (DWDivDW2) has relative error ≤ 15u² + 56u³', () => bin(X.div, (a, b) => a.div(b), 15.0001 * U2));

  it('cancellation in add is exact-relative: (1 + 2^-60) − 1 = 2^-60 exactly', () => {
    const a = X.dd(1, 2 ** -60);
    expect(X.sub(a, X.dd(1))).toEqual({ hi: 2 ** -60, lo: 0 });
  });

  it('mul and div stay accurate where the Veltkamp split would overflow (|x| > 2^996)', () => {
    const big = ddParse('1.2345678901234567890123456789012e300');
    const small = ddParse('3.3333333333333333333333333333333e-5');
    expect(relErr(X.mul(big, small), exact(big).times(exact(small)))).toBeLessThanOrEqual(7 * U2);
    expect(relErr(X.div(big, small), exact(big).div(exact(small)))).toBeLessThanOrEqual(15.0001 * U2);
    const big2 = ddParse('9.8765432109876543210987654321098e304');
    expect(relErr(X.div(big2, big), exact(big2).div(exact(big)))).toBeLessThanOrEqual(15.0001 * U2);
    expect(relErr(X.mul(big, X.dd(1e-290)), exact(big).times(exact(X.dd(1e-290))))).toBeLessThanOrEqual(7 * U2);
  });

  it('powi matches decimal.js within (|n| − 1)·7u², plus 15u² for the final division when n < 0 (|n| ≤ 20)', () => {
    fc.assert(
      fc.property(decimalIn(0.5, 2), fc.integer({ min: -20, max: 20 }), (s, n) => {
        const x = ddParse(s);
        // Binary powering, first order in u²: a squaring doubles base's relative error and adds ≤ 7u² (e_s = (2^s −
        // 1)·7u²), each product of r adds ≤ 7u² (mul(1, base) is exact): Σ_{bits s of |n|}(2^s − 1)·7u² + (popcount −
        // 1)·7u² = (|n| − 1)·7u². n < 0 adds DWDivDW2's 15u² + 56u³ (the .0001); second-order terms are < 1e-28·u². The
        // reference x^n is decimal.js rounded to 60 digits (≤ ½·10^-59 relative; pow is only "almost always" correctly
        // rounded: 10^-59).
        const bound = (7 * Math.max(Math.abs(n) - 1, 0) + (n < 0 ? 15.0001 : 0)) * U2 + 1e-59;
        expect(relErr(X.powi(x, n), exact(x).pow(n))).toBeLessThanOrEqual(bound);
      }),
      { numRuns: 100 },
    );
    expect(() => X.powi(X.dd(2), 0.5)).toThrow(/powi/);
  });
});

describe(`scalar functions are accurate to ${FN_TOL} relative (decimal.js at 60 digits)`, () => {
  it('sqrt over the whole positive range, including huge and tiny arguments', () => {
    checkFn(X.sqrt, (d) => d.sqrt(), decimalScaled(-300, 300));
    checkFn(X.sqrt, (d) => d.sqrt(), decimalIn(0, 4));
  });

  it('exp on [−670, 709.78] (results ≥ 2^-969 keep a full-precision low word)', () => {
    checkFn(X.exp, (d) => d.exp(), decimalIn(-670, 709.78));
    checkFn(X.exp, (d) => d.exp(), decimalIn(-1, 1));
    checkFn(X.exp, (d) => d.exp(), decimalScaled(-300, -1, true));
  });

  it('exp near overflow and underflow', () => {
    for (const s of ['709.78', '709.782712893', '-670', '-669.999999999999999']) {
      const x = ddParse(s);
      expect(relErr(X.exp(x), exact(x).exp()), s).toBeLessThanOrEqual(FN_TOL);
    }
    // below 2^-969 the low word is subnormal: error ≤ expSubnormalBound (a 0 returned at −744 or −745.1 fails it)
    for (const s of ['-700', '-744', '-745.1']) {
      const x = ddParse(s);
      const v = exact(x).exp();
      expect(exact(X.exp(x)).minus(v).abs().lte(expSubnormalBound(v)), s).toBe(true);
    }
  });

  it('expm1 on [−50, 50] and for tiny arguments (relative, no cancellation)', () => {
    checkFn(X.expm1, expm1Ref, decimalIn(-50, 50));
    checkFn(X.expm1, expm1Ref, decimalScaled(-300, -1, true));
  });

  it('log over the whole positive range and near 1', () => {
    checkFn(X.log, (d) => d.ln(), decimalScaled(-300, 300));
    checkFn(X.log, (d) => d.ln(), decimalIn(0.5, 2));
    checkFn(
      X.log,
      (d) => d.ln(),
      decimalScaled(-30, -3, true).map((s) => new D60(1).plus(s).toFixed()), // 1 + δ, |δ| ≤ 1e-3, exact
    );
  });

  it('log1p for tiny, moderate and huge arguments', () => {
    checkFn(X.log1p, log1pRef, decimalScaled(-300, -1, true));
    checkFn(X.log1p, log1pRef, decimalIn(-0.999, 3));
    checkFn(X.log1p, log1pRef, decimalScaled(0, 300));
  });

  it('softplus = log(1 + e^x) and sigmoid = 1/(1 + e^-x) on [−660, 660]', () => {
    checkFn(X.softplus, softplusRef, decimalIn(-660, 660));
    checkFn(X.sigmoid, (d) => new D60(1).div(d.neg().exp().plus(1)), decimalIn(-660, 660));
    checkFn(X.softplus, softplusRef, decimalIn(-2, 2));
  });

  it('stays stable for large |x|: softplus(800) = 800, sigmoid(−800) is tiny and positive, sigmoid(800) = 1', () => {
    expect(X.softplus(X.dd(800))).toEqual({ hi: 800, lo: 0 });
    expect(X.sigmoid(X.dd(800))).toEqual({ hi: 1, lo: 0 });
    expect(X.sigmoid(X.dd(-700)).hi).toBeGreaterThan(0);
    expect(X.softplus(X.dd(-700)).hi).toBeGreaterThan(0);
  });
});

describe('table-driven exp/expm1/log kernels: reduction boundaries, octave ends, extreme k (≤ 1e-30 relative)', () => {
  // x = N·ln2/4096 + r, N = 4096k + j, j ∈ [−2048, 2048]: probe each side of where N, j and k change.
  const D80 = Decimal.clone({ precision: 80 });
  const L = D80.ln(2).div(4096);
  /** Exact literal N·ln2/4096 + off, rounded at 40 digits (the reference uses the pair it parses to). */
  const at = (n: number, off: string): string => L.times(n).plus(off).toSignificantDigits(40).toString();
  const expRef = (x: DDScalar): Decimal => exact(x).exp();
  const check = (f: (x: DDScalar) => DDScalar, ref: (d: Decimal) => Decimal, s: string): void => {
    const x = ddParse(s);
    expect(relErr(f(x), ref(exact(x))), s).toBeLessThanOrEqual(FN_TOL);
  };

  it('exp and expm1 at half-steps ±ln2/8192 around N for j = 0, ±1, ±2047, ±2048 and k = −3..3', () => {
    const half = L.div(2);
    for (let k = -3; k <= 3; k++) {
      for (const j of [0, 1, -1, 2047, -2047, 2048, -2048]) {
        const n = 4096 * k + j;
        for (const off of ['0', half.times(0.999999).toString(), half.times(-0.999999).toString(), '1e-25', '-1e-25']) {
          check(X.exp, (d) => d.exp(), at(n, off));
          check(X.expm1, expm1Ref, at(n, off));
        }
      }
    }
  });

  it('expm1 keeps relative accuracy through the T_j − 1 table (|x| ≤ ln2/2) and across its edge N = ±2048', () => {
    checkFn(X.expm1, expm1Ref, decimalIn(-4e-4, 4e-4), 200);
    checkFn(X.expm1, expm1Ref, decimalIn(-0.36, 0.36), 200);
    for (const n of [1, -1, 2, -2, 2047, -2047, 2048, -2048, 2049, -2049]) {
      for (const off of ['0', '1e-6', '-1e-6']) check(X.expm1, expm1Ref, at(n, off));
    }
  });

  it('exp at the extreme exponents: k = 1024 with j = −2048 (x ≈ 709.44), the overflow edge, k ≈ −969', () => {
    for (const s of [
      '709.436',
      '709.43613',
      '709.7',
      '709.7827128',
      '709.78271289338399',
      '-671',
      '-671.5',
      '-669.9',
    ]) {
      check(X.exp, (d) => d.exp(), s);
    }
    checkFn(X.exp, (d) => d.exp(), decimalIn(700, 709.78), 100);
    checkFn(X.exp, (d) => d.exp(), decimalIn(-671, -600), 100);
    expect(X.exp(X.dd(709.7828)).hi).toBe(Infinity);
    // results below 2^-1021 go through the two-step scaling: one rounding of the subnormal high word
    // (e^−745.13 = 0.5016·2^-1074 must round up to 2^-1074; e^−745.2 = 0.468·2^-1074 to 0)
    for (const s of ['-708.1', '-708.4', '-709.1', '-720', '-745.13', '-745.2']) {
      const x = ddParse(s);
      const v = expRef(x);
      expect(exact(X.exp(x)).minus(v).abs().lte(expSubnormalBound(v)), s).toBe(true);
    }
  });

  it('exp and expm1 for random arguments of every magnitude', () => {
    checkFn(X.exp, (d) => d.exp(), decimalScaled(-20, 1, true), 300); // |x| < 100: full-precision low word
    checkFn(X.expm1, expm1Ref, decimalScaled(-20, 1, true), 300);
  });

  it('log and log1p at the branch boundaries (1/√2, √2, ±1/2) and the ends of the one-Newton-step range', () => {
    for (const s of [
      '0.70710678118654752440084436210484903928',
      '0.7071067811865475',
      '0.70710678118654758',
      '1.4142135623730950488016887242096980786',
      '1.4142135623730951',
      '1.41421356237309515',
      '2.7e-261',
      '2.69e-261',
      '3.7e260',
      '3.71e260',
      '1e-300',
      '1e300',
      '0.5',
      '2',
    ]) {
      check(X.log, (d) => d.ln(), s);
    }
    for (const s of ['0.5', '-0.5', '0.5000000000000001', '-0.5000000000000001', '0.49999999999999994', '-0.9999999']) {
      check(X.log1p, log1pRef, s);
    }
    checkFn(X.log, (d) => d.ln(), decimalIn(0.01, 100), 200);
    checkFn(X.log1p, log1pRef, decimalIn(-0.6, 0.6), 200);
  });

  it('softplus and sigmoid for random moderate arguments (the logistic-loss range)', () => {
    checkFn(X.softplus, softplusRef, decimalIn(-40, 40), 200);
    checkFn(X.sigmoid, (d) => new D60(1).div(d.neg().exp().plus(1)), decimalIn(-40, 40), 200);
    checkFn(X.sigmoid, (d) => new D60(1).div(d.neg().exp().plus(1)), decimalScaled(-30, 0, true), 100);
  });

  it('the allocation-free routines return the high word and leave the low word for the caller (expHL, LO)', () => {
    const x = ddParse('1.2345678901234567890123456789');
    const z = [0, 0];
    X.ddMapInto('exp', [x.hi, x.lo], z);
    expect({ hi: z[0], lo: z[1] }).toEqual(X.exp(x));
    expect(relErr({ hi: z[0]!, lo: z[1]! }, exact(x).exp())).toBeLessThanOrEqual(FN_TOL);
  });
});

describe('special values', () => {
  const isNaN = (x: DDScalar): boolean => Number.isNaN(x.hi);
  it('log(0) = −∞, log of a negative number is NaN, log(∞) = ∞', () => {
    expect(X.log(X.dd(0)).hi).toBe(-Infinity);
    expect(isNaN(X.log(X.dd(-1)))).toBe(true);
    expect(X.log(X.dd(Infinity)).hi).toBe(Infinity);
    expect(X.log1p(X.dd(-1)).hi).toBe(-Infinity);
    expect(isNaN(X.log1p(X.dd(-2)))).toBe(true);
    expect(isNaN(X.sqrt(X.dd(-1)))).toBe(true);
  });
  it('exp overflows to (∞, 0) and underflows to 0', () => {
    expect(X.exp(X.dd(710))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.exp(X.dd(709.79))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.exp(X.dd(-Infinity))).toEqual({ hi: 0, lo: 0 });
    expect(X.expm1(X.dd(-Infinity))).toEqual({ hi: -1, lo: 0 });
  });
  it('NaN propagates through every function and operation, and results are never (finite, NaN)', () => {
    const nan = X.dd(NaN);
    for (const f of [X.sqrt, X.exp, X.expm1, X.log, X.log1p, X.softplus, X.sigmoid, X.recip, X.abs]) {
      expect(isNaN(f(nan))).toBe(true);
    }
    for (const f of [X.add, X.sub, X.mul, X.div]) {
      expect(isNaN(f(nan, X.dd(1)))).toBe(true);
      expect(isNaN(f(X.dd(1), nan))).toBe(true);
    }
    expect(X.add(X.dd(Infinity), X.dd(1))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.mul(X.dd(1e300), X.dd(1e300))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.div(X.dd(1), X.dd(0))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.div(X.dd(1), X.dd(Infinity))).toEqual({ hi: 0, lo: 0 });
    expect(isNaN(X.mul(X.dd(0), X.dd(Infinity)))).toBe(true);
    expect(X.isFiniteDD(X.dd(1, 1e-17))).toBe(true);
    expect(X.isFiniteDD(X.dd(Infinity))).toBe(false);
  });
});

describe('overflow, exact scaling and the remaining entry points', () => {
  it('add of two finite values that overflows is (±∞, 0), not (∞, NaN)', () => {
    expect(X.add(X.dd(1.5e308), X.dd(1.5e308))).toEqual({ hi: Infinity, lo: 0 });
    expect(X.add(X.dd(-1.5e308), X.dd(-1.5e308))).toEqual({ hi: -Infinity, lo: 0 });
  });
  it('ldexp is exact in range (checked against 2^k at 400 digits, enough for every case) and overflows to (±∞, 0)', () => {
    const D400 = Decimal.clone({ precision: 400 });
    const ex = (x: DDScalar): Decimal => new D400(ddExactDecimal(x.hi, x.lo));
    const a = X.dd(1.25, 2 ** -60);
    for (const k of [1, -1, 7, -300, 900]) {
      const want = ex(a).times(new D400(2).pow(k));
      expect(ex(X.ldexp(a, k)).eq(want), `k = ${k}`).toBe(true);
    }
    expect(X.ldexp(a, 0)).toBe(a);
    expect(X.ldexp(a, 2000)).toEqual({ hi: Infinity, lo: 0 });
    expect(X.ldexp(X.neg(a), 2000)).toEqual({ hi: -Infinity, lo: 0 });
  });
  it('sqr(a) = mul(a, a) bit for bit and is within 7u² of a² (JMP Alg. 12 bound)', () => {
    fc.assert(
      fc.property(decimalIn(-1e3, 1e3), (s) => {
        const a = ddParse(s);
        expect(X.sqr(a)).toEqual(X.mul(a, a));
        const ref = exact(a).times(exact(a));
        expect(relErr(X.sqr(a), ref)).toBeLessThanOrEqual(7 * U2);
      }),
      { seed: 8, numRuns: 50 },
    );
  });
  it('powi rejects a non-integer exponent, naming it; a^−n = 1/a^n within 4 operations of error', () => {
    expect(() => X.powi(X.dd(2), 0.5)).toThrow(/powi: exponent 0.5 is not an integer/);
    const a = ddParse('1.1');
    const ref = new D60(ddExactDecimal(a.hi, a.lo)).pow(-5);
    // 1.1^5 by binary powering is 3 multiplications (7u² each), then one division (15u²), first order 36u²
    expect(relErr(X.powi(a, -5), ref)).toBeLessThanOrEqual(40 * U2);
  });
  it('logHL of a pair with hi = 0 is −∞ when the pair is ≥ 0, NaN when lo < 0 (a negative number)', () => {
    const out = new Float64Array(1);
    expect(X.logHL(0, 0, out)).toBe(-Infinity);
    expect(X.logHL(0, -1e-320, out)).toBeNaN();
    expect(out[0]).toBe(0);
  });
});

describe('exp and log meet the error bounds their modules state (tighter than FN_TOL)', () => {
  const within = (
    f: (x: DDScalar) => DDScalar,
    ref: (d: Decimal) => Decimal,
    arb: fc.Arbitrary<string>,
    tol: number,
    seed: number,
  ): void =>
    fc.assert(
      fc.property(arb, (s) => {
        const x = ddParse(s);
        expect(relErr(f(x), ref(exact(x))), `argument ${s}`).toBeLessThanOrEqual(tol);
      }),
      { seed, numRuns: 100 },
    );
  it('exp: ≲ 2u² relative for results ≥ 2^-969, plus the 2^-110 of reduction and polynomial (ddExp.ts expHL)', () => {
    const tol = 2 * U2 + 2 ** -110;
    within(X.exp, (d) => d.exp(), decimalIn(-670, 709.78), tol, 91);
    within(X.exp, (d) => d.exp(), decimalIn(-1, 1), tol, 92);
    within(X.exp, (d) => d.exp(), decimalScaled(-300, -1, true), tol, 93);
  });
  it('log: ≲ 9u² relative outside (1/√2, √2) (ddLog.ts logHL: 3u² absolute, |log a| ≥ ln2/2)', () => {
    const tol = 9 * U2;
    within(
      X.log,
      (d) => d.ln(),
      decimalScaled(-300, 300).filter((s) => !(Number(s) > 0.7 && Number(s) < 1.42)),
      tol,
      94,
    );
    within(X.log, (d) => d.ln(), decimalIn(1.42, 4), tol, 95);
    within(X.log, (d) => d.ln(), decimalIn(0.3, 0.7), tol, 96);
  });
});

describe('exponentOf', () => {
  it('is floor(log2 |x|): 2^e ≤ |x| < 2^(e+1) for every finite nonzero double, subnormals included (exact comparisons)', () => {
    const check = (x: number): void => {
      const e = X.exponentOf(x);
      // 2^e as a double is exact for e ∈ [−1074, 1023]; comparisons of doubles are exact
      expect(2 ** e <= Math.abs(x) && Math.abs(x) < 2 ** (e + 1), `x = ${x}, e = ${e}`).toBe(true);
    };
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => x !== 0),
        check,
      ),
      { seed: 42, numRuns: 500 },
    );
    for (const x of [
      5e-324,
      -5e-324,
      2 ** -1022,
      2 ** -1022 - 5e-324,
      1,
      -1,
      1.5,
      0.75,
      Number.MAX_VALUE,
      2 ** -1060 * 3,
    ])
      check(x);
    expect([X.exponentOf(5e-324), X.exponentOf(2 ** -1023), X.exponentOf(-3), X.exponentOf(Number.MAX_VALUE)]).toEqual([
      -1074, -1023, 1, 1023,
    ]);
  });
});
