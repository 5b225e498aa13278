import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { decimalNum, dyadicNum } from './laws.js';
import type { MapOp } from './types.js';

describe('decBackend(p)', () => {
  it('has id dec:p, p digits and eps = ½·10^(1−p) exactly', () => {
    const B = decBackend(30);
    expect(B.id).toBe('dec:30');
    expect(B.digits).toBe(30);
    expect(B.show(B.eps)).toBe('5e-30');
    expect(decBackend(12).show(decBackend(12).eps)).toBe('5e-12');
  });

  it('returns one instance (one Decimal context) per precision', () => {
    expect(decBackend(40)).toBe(decBackend(40));
    expect(decBackend(40).Decimal).not.toBe(decBackend(41).Decimal);
  });

  it('rejects a precision that is not an integer in range, naming p', () => {
    expect(() => decBackend(1)).toThrow(/p = 1 must be an integer/);
    expect(() => decBackend(30.5)).toThrow(/p = 30.5/);
    expect(() => decBackend(NaN)).toThrow(RangeError);
  });
});

describe('dec exact I/O', () => {
  const B10 = decBackend(10);
  const B30 = decBackend(30);
  const B60 = decBackend(60);

  it('num rounds to p significant digits, ties to even', () => {
    expect(B10.show(B10.num('1.0000000005'))).toBe('1');
    expect(B10.show(B10.num('1.0000000015'))).toBe('1.000000002');
    expect(B10.show(B10.num('1.00000000050000000000001'))).toBe('1.000000001');
    expect(B10.show(B10.num('-2.5e-400'))).toBe('-2.5e-400');
    expect(B10.show(B10.num('123456789012'))).toBe('123456789000');
    expect(B10.show(B10.int(12345678901))).toBe('12345678900');
  });

  it('show is compact exponent notation far from 1 and keeps −0, ±Infinity and NaN', () => {
    expect(B30.show(B30.num('1e-100000'))).toBe('1e-100000');
    expect(B30.show(B30.num('1.5e-7'))).toBe('1.5e-7');
    expect(B30.show(B30.num('0.000001'))).toBe('0.000001');
    expect(B30.show(B30.num('1e21'))).toBe('1e+21');
    expect(B30.show(B30.num('-0'))).toBe('-0');
    expect(B30.show(B30.num('+Infinity'))).toBe('Infinity');
    expect(B30.show(B30.num('NaN'))).toBe('NaN');
  });

  it('overflows to Infinity and underflows to 0 beyond the exponent range ±9·10^15', () => {
    expect(B30.isFinite(B30.num('1e8999999999999999'))).toBe(true);
    expect(B30.show(B30.num('1e9000000000000001'))).toBe('Infinity');
    expect(B30.show(B30.num('1e-9000000000000001'))).toBe('0');
  });

  it('fromDouble is the exact value of the double, rounded to p digits', () => {
    expect(B60.show(B60.fromDouble(0.1))).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(B30.show(B30.fromDouble(0.1))).toBe('0.100000000000000005551115123126');
    expect(B30.show(B30.fromDouble(-0))).toBe('-0');
    expect(B30.show(B30.fromDouble(-Infinity))).toBe('-Infinity');
    expect(B30.show(B30.fromDouble(2 ** 60))).toBe('1152921504606846976');
  });

  it('show(x) reads back to x for every value, including results of arithmetic', () => {
    fc.assert(
      fc.property(dyadicNum(60, 0, 80), decimalNum(-50, 50), (a, b) => {
        const x = B30.div(B30.num(a), B30.add(B30.num(b), B30.one));
        expect(B30.cmp(B30.num(B30.show(x)), x)).toBe(0);
        expect(B30.show(B30.num(B30.show(x)))).toBe(B30.show(x));
      }),
      { numRuns: 100 },
    );
  });
});

describe('dec kernels', () => {
  const B = decBackend(30);

  it('reshape and flatten share storage (zero-copy views)', () => {
    const x = B.vec(['1', '2', '3', '4', '5', '6']);
    const A = B.reshape(x, 2, 3);
    expect(A.data).toBe(x);
    expect(B.flatten(A)).toBe(x);
  });

  it('kernels return new arrays and leave their arguments unchanged', () => {
    const x = B.vec(['1', '2', '3']);
    const y = B.vec(['0.5', '-1', '4']);
    const before = [B.vshow(x), B.vshow(y)];
    const outs = [B.axpy(B.num('2'), x, y), B.vadd(x, y), B.map('exp', x), B.with(x, 0, B.zero), B.slice(x, 0, 3)];
    for (const z of outs) {
      expect(z).not.toBe(x);
      expect(z).not.toBe(y);
    }
    expect([B.vshow(x), B.vshow(y)]).toEqual(before);
  });

  it('nrm2 does not overflow for entries near the top of the exponent range', () => {
    expect(B.show(B.nrm2(B.vec(['3e5000000000000000', '-4e5000000000000000'])))).toBe('5e+5000000000000000');
    expect(B.show(B.nrm2(B.vec(['3e-5000000000000000', '4e-5000000000000000'])))).toBe('5e-5000000000000000');
    expect(B.show(B.nrm2(B.vec([])))).toBe('0');
  });

  it('throws a RangeError naming the kernel on a dimension mismatch', () => {
    expect(() => B.dot(B.vec(['1']), B.vec(['1', '2']))).toThrow(/dec:30 dot: dimension mismatch \(1 vs 2\)/);
    expect(() => B.at(B.vec(['1']), 1)).toThrow(/index 1 out of range/);
    expect(() => B.mat([['1', '2'], ['3']])).toThrow(/row 1 has 1 entries, expected 2/);
  });
});

describe('dec functions are correctly rounded (error ≤ u·|f(x)|, i.e. half an ulp, against dec:(p + 40))', () => {
  // Claim in decimal.ts: exp/log/sqrt by decimal.js, the others at p + 12 digits rounded once, so the error is at
  // most u·(1 + 10^-8)·|f(x)|; the reference's own error at p + 40 digits is below 10^-39·u.
  const cases: [string, number][] = [
    ['dec:30', 30],
    ['dec:12', 12],
  ];
  const ops: MapOp[] = ['exp', 'log', 'sqrt', 'log1p', 'expm1', 'softplus', 'sigmoid', 'recip'];
  const arg = fc.oneof(
    dyadicNum(40, 30, 200), // includes |x| down to 2^-200: the series branches of log1p/expm1
    dyadicNum(30, 0, 24), // |x| up to 2^30: exp over/underflow to extreme exponents, softplus/sigmoid saturation
    decimalNum(-60, -5),
    fc.integer({ min: 1, max: 999 }).map((k) => `-0.${String(k).padStart(3, '0')}999999999`), // log1p near −1
  );
  for (const [id, p] of cases) {
    it(`${id}: exp, log, sqrt, log1p, expm1, softplus, sigmoid, recip`, () => {
      const B = decBackend(p);
      const R = decBackend(p + 40);
      const u = R.num(B.show(B.eps));
      const tolFactor = R.add(R.one, R.num('1e-8'));
      fc.assert(
        fc.property(arg, fc.constantFrom(...ops), (x, op) => {
          const X = B.num(x);
          const want = R.fn(op, R.num(B.show(X))); // f at B's (rounded) input: the function's own error only
          const got = B.fn(op, X);
          if (!R.isFinite(want)) {
            expect(B.show(got)).toBe(R.show(want) === 'NaN' ? 'NaN' : B.show(B.num(R.show(want))));
            return;
          }
          const err = R.abs(R.sub(R.num(B.show(got)), want));
          const tol = R.mul(R.mul(u, tolFactor), R.abs(want));
          expect(R.cmp(err, tol) <= 0, `${op}(${x}) = ${B.show(got)}, reference ${R.show(want)}`).toBe(true);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('log1p and expm1 keep every digit of tiny arguments (values checked against mpmath at 60 digits)', () => {
    const B = decBackend(30);
    const f = (op: MapOp, x: string): string => B.show(B.fn(op, B.num(x)));
    expect(f('log1p', '1e-15')).toBe('9.999999999999995e-16');
    expect(f('log1p', '1.23456789e-20')).toBe('1.23456788999999999999237921062e-20');
    expect(f('expm1', '-1e-25')).toBe('-9.9999999999999999999999995e-26');
    expect(f('expm1', '1e-10')).toBe('1.00000000005000000000166666667e-10');
    expect(f('log1p', '-0.999999999999')).toBe('-27.6310211159285482082158974562');
    expect(f('log1p', '-1')).toBe('-Infinity');
    expect(f('log1p', '-2')).toBe('NaN');
  });
});

describe('no Decimal of another precision leaks into a dec backend', () => {
  const B30 = decBackend(30);
  const B60 = decBackend(60);
  const third30 = B30.div(B30.one, B30.int(3));
  const third60 = B60.div(B60.one, B60.int(3));

  it('decimal.js itself silently computes at the precision of the left operand', () => {
    // This is the trap the guard exists for: the same sum gives two different values depending on operand order.
    const left60 = third60.plus(third30);
    const left30 = third30.plus(third60);
    expect(left60.constructor).toBe(B60.Decimal);
    expect(left30.constructor).toBe(B30.Decimal);
    expect(left60.toString()).toBe(`0.${'6'.repeat(30)}${'3'.repeat(30)}`); // 60 digits
    expect(left30.toString()).toBe(`0.${'6'.repeat(30)}`); // 30 digits
  });

  it('scalar ops, kernels and show reject a Decimal of another context, naming its precision', () => {
    const msg = /dec:30 .*a Decimal of another context \(precision 60\)/;
    expect(() => B30.add(third30, third60)).toThrow(msg);
    expect(() => B30.add(third60, third30)).toThrow(msg);
    expect(() => B30.mul(third60, third60)).toThrow(msg);
    expect(() => B30.fn('softplus', third60)).toThrow(msg);
    expect(() => B30.cmp(third30, third60)).toThrow(msg);
    expect(() => B30.show(third60)).toThrow(msg);
    const v30 = B30.vec(['1', '2']);
    const v60 = B60.vec(['1', '2']);
    expect(() => B30.dot(v30, v60)).toThrow(msg);
    expect(() => B30.axpy(third60, v30, v30)).toThrow(msg);
    expect(() => B30.map('exp', v60)).toThrow(msg);
    expect(() => B30.gemv(B60.eye(2), v30)).toThrow(msg);
    expect(() => B30.pack([B30.one, third60])).toThrow(msg); // pack checks every entry
  });

  it('rejects plain JS numbers and decimal.js default-context values too', () => {
    expect(() => B30.add(B30.one, 0.1 as never)).toThrow(/expected a Decimal of this backend, got number 0.1/);
  });

  it('owns() tells which values belong to the backend', () => {
    expect(B30.owns(third30)).toBe(true);
    expect(B30.owns(third60)).toBe(false);
    expect(B30.owns(B30.vec(['1', '2']))).toBe(true);
    expect(B30.owns([B30.one, third60])).toBe(false);
    expect(B30.owns(B30.eye(2))).toBe(true);
    expect(B30.owns(B60.eye(2))).toBe(false);
    expect(B30.owns(B30.log1p(B30.num('1e-20')))).toBe(true); // not a value of the private guard context
  });

  it('values cross precisions only as strings', () => {
    const moved = B30.num(B60.show(third60));
    expect(B30.cmp(moved, third30)).toBe(0);
    expect(B30.show(B30.add(moved, third30))).toBe('0.666666666666666666666666666666');
  });
});

describe('dec special values: the limits of log1p, expm1, softplus and σ', () => {
  const B = decBackend(30);
  const f = (op: MapOp, x: string): string => B.show(B.fn(op, B.num(x)));
  it('log1p: log1p(∞) = ∞, log1p(−1) = −∞, below −1 and at −∞ NaN, ±0 and NaN returned as they are', () => {
    expect(f('log1p', 'Infinity')).toBe('Infinity');
    expect(f('log1p', '-1')).toBe('-Infinity');
    expect(f('log1p', '-1.5')).toBe('NaN');
    expect(f('log1p', '-Infinity')).toBe('NaN');
    expect(f('log1p', '-0')).toBe('-0');
    expect(f('log1p', 'NaN')).toBe('NaN');
    expect(B.show(B.log1p(B.num('-1')))).toBe('-Infinity');
  });
  it('expm1: e^∞ − 1 = ∞, e^−∞ − 1 = −1, ±0 and NaN returned as they are', () => {
    expect(f('expm1', 'Infinity')).toBe('Infinity');
    expect(f('expm1', '-Infinity')).toBe('-1');
    expect(f('expm1', '-0')).toBe('-0');
    expect(f('expm1', 'NaN')).toBe('NaN');
  });
  it('softplus(±∞) = ∞ and 0, σ(±∞) = 1 and 0, both NaN at NaN', () => {
    expect(f('softplus', 'Infinity')).toBe('Infinity');
    expect(f('softplus', '-Infinity')).toBe('0');
    expect(f('softplus', 'NaN')).toBe('NaN');
    expect(f('sigmoid', 'Infinity')).toBe('1');
    expect(f('sigmoid', '-Infinity')).toBe('0');
    expect(f('sigmoid', 'NaN')).toBe('NaN');
  });
  it('nrm2 of a vector with an infinite or NaN entry is that entry’s absolute value; amax returns a NaN entry', () => {
    expect(B.show(B.nrm2(B.vec(['1', '-Infinity', '2'])))).toBe('Infinity');
    expect(B.show(B.nrm2(B.vec(['2', 'NaN'])))).toBe('NaN');
    expect(B.show(B.amax(B.vec(['-5', 'NaN', '7'])))).toBe('NaN');
    expect(B.show(B.amax(B.vec(['-5', '3', '-7', '2'])))).toBe('7');
  });
});

describe('dec input checks name the argument', () => {
  const B = decBackend(30);
  it('rejects unsafe integers, bad indices and sizes, ragged rows, shape mismatches and unknown map ops', () => {
    expect(() => B.int(2 ** 53)).toThrow(/dec:30 int: 9007199254740992 is not a safe integer/);
    expect(B.show(B.int(2 ** 53 - 1))).toBe('9007199254740991');
    expect(() => B.powi(B.one, 0.5)).toThrow(/dec:30 powi: exponent 0.5 is not a safe integer/);
    expect(B.show(B.powi(B.int(-2), 3))).toBe('-8');
    expect(() => B.zeros(-1)).toThrow(/dec:30 zeros: size -1 must be a non-negative integer/);
    expect(() => B.eye(1.5)).toThrow(/size 1.5/);
    expect(() => B.mat([['1', '2'], ['3']])).toThrow(/dec:30 mat: row 1 has 1 entries, expected 2/);
    const E = B.mat([]);
    expect([B.rows(E), B.cols(E)]).toEqual([0, 0]);
    expect(() => B.reshape(B.vec(['1', '2', '3']), 2, 2)).toThrow(/dec:30 reshape: length 3 is not 2×2/);
    expect(() => B.map('cosh' as MapOp, B.vec(['1']))).toThrow(/dec:30 map: unknown op "cosh"/);
    expect(() => B.mget(B.eye(2), 2, 0)).toThrow(/dec:30 mget\(row\): index 2 out of range \[0, 2\)/);
  });
});
