import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logistic } from '../losses/logistic.js';
import { ddBackend } from './dd.js';
import { decBackend } from './decimal.js';
import { ddExactDecimal, ddParse } from './ddIO.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';
import type { Backend, Repr } from './types.js';

/**
 * The cheaper exp core (two-level table 2^(j1/512)·2^(j2/2^18), |r| ≤ ln2/2^19, tail in double), the one-reciprocal
 * sigmoid and the paired gemv kernel, checked against decimal.js at 70 digits and against the sequential dd fold.
 */
const D70 = Decimal.clone({ precision: 70 });
const U2 = 2 ** -106; // u² with u = 2^-53
/** exp: documented ≲ 2u² (ddMath.ts); ×2 for the second-order terms bounded only loosely (≲ 2^-110 each). */
const EXP_TOL = 4 * U2;
/** sigmoid: exp (2u²) + rounding of 1 + e (u²) + reciprocal (ρ and t·(ρ + ρ²) roundings ≲ 4u²) ≲ 7u²; ×2 as above. */
const SIG_TOL = 14 * U2;
/** The project-wide requirement on dd exp-type functions (well above both bounds). */
const REQ = 1e-30;

const exact = (x: DDScalar): Decimal => new D70(ddExactDecimal(x.hi, x.lo));
function relErr(got: DDScalar, ref: Decimal): number {
  return exact(got).minus(ref).div(ref).abs().toNumber();
}
const sigmoidRef = (d: Decimal): Decimal => new D70(1).div(d.neg().exp().plus(1));

/** Exact decimal literals m·10^-35 with m uniform in [lo, hi]·10^35 (35 significant digits: a nonzero low word). */
function decimalIn(lo: number, hi: number): fc.Arbitrary<string> {
  const s = 10n ** 35n;
  return fc
    .bigInt({ min: BigInt(Math.round(lo * 1e6)) * (s / 1000000n), max: BigInt(Math.round(hi * 1e6)) * (s / 1000000n) })
    .map((m) => `${m}e-35`);
}

function check(
  f: (x: DDScalar) => DDScalar,
  ref: (d: Decimal) => Decimal,
  x: DDScalar,
  tol: number,
  what: string,
): void {
  const err = relErr(f(x), ref(exact(x)));
  expect(err, what).toBeLessThanOrEqual(tol);
  expect(err, what).toBeLessThanOrEqual(REQ);
}

describe('exp: two-level table core', () => {
  // x = N·ln2/2^18 + off with N = 2^18·k + 512·j1 + j2: the table ends (j1 = ±256, j2 = 0, 511), the reduction
  // boundary off = ±ln2/2^19 (both roundings of N), and k from deep underflow to overflow.
  const L = new D70(2).ln().div(2 ** 18);
  const at = (N: number, off: number): DDScalar =>
    ddParse(L.times(N).plus(L.times(off)).toSignificantDigits(34).toString());

  it('stays within 4u² at the table ends and the reduction half-steps, for k from −960 to 1023', () => {
    for (const k of [-960, -3, -1, 0, 1, 2, 1023]) {
      for (const j1 of [-256, -255, -1, 0, 1, 255]) {
        for (const j2 of [0, 1, 510, 511]) {
          const N = k * 2 ** 18 + 512 * j1 + j2;
          for (const off of [-0.4999999, -0.25, 0, 0.4999999]) {
            const x = at(N, off);
            if (x.hi > 709.78) continue;
            check(X.exp, (d) => d.exp(), x, EXP_TOL, `N = ${N}, off = ${off}`);
          }
        }
      }
    }
  });

  it('stays within 4u² for random arguments on [−670, 709.78], [−1, 1] and near 0', () => {
    for (const [lo, hi, runs] of [
      [-670, 709.78, 300],
      [-1, 1, 200],
      [-1e-4, 1e-4, 100],
    ] as const) {
      fc.assert(
        fc.property(decimalIn(lo, hi), (s) => check(X.exp, (d) => d.exp(), ddParse(s), EXP_TOL, s)),
        { numRuns: runs },
      );
    }
  });

  it('is exact at 0 and keeps the low word of tiny arguments: exp(x) = 1 + x + x²/2 for |x| ≤ 2^-60', () => {
    expect(X.exp(X.dd(0))).toEqual({ hi: 1, lo: 0 });
    const x = X.dd(2 ** -60, 2 ** -115);
    const e = X.exp(x);
    expect(e.hi).toBe(1);
    expect(relErr(e, exact(x).exp())).toBeLessThanOrEqual(EXP_TOL);
  });

  it('log (one Newton step on exp) and softplus keep the ddMath accuracy with the new exp (≤ 1e-30)', () => {
    fc.assert(
      fc.property(decimalIn(0.001, 1000), (s) => {
        const x = ddParse(s);
        expect(relErr(X.log(x), exact(x).ln()), s).toBeLessThanOrEqual(REQ);
        const sp = exact(x).neg().exp().plus(1).ln().plus(exact(x)); // softplus(x) = x + log(1 + e^-x)
        expect(relErr(X.softplus(x), sp), s).toBeLessThanOrEqual(REQ);
      }),
      { numRuns: 100 },
    );
  });
});

describe('sigmoid: one reciprocal of 1 + e^{−x}', () => {
  it('stays within 14u² on [−40, 40] (the logistic-loss range) and on [−660, 660]', () => {
    for (const [lo, hi, runs] of [
      [-40, 40, 300],
      [-660, 660, 150],
    ] as const) {
      fc.assert(
        fc.property(decimalIn(lo, hi), (s) => check(X.sigmoid, sigmoidRef, ddParse(s), SIG_TOL, s)),
        { numRuns: runs },
      );
    }
  });

  it('is accurate on both sides of the switch to e^x/(1 + e^x) at x = −600 and at x = 0', () => {
    for (const s of [
      '-600.0000000001',
      '-600',
      '-599.9999999999',
      '-1e-30',
      '0',
      '1e-30',
      '-0.5',
      '0.5',
      '36.7',
      '-36.7',
    ]) {
      check(X.sigmoid, sigmoidRef, ddParse(s), SIG_TOL, s);
    }
  });

  it('σ(x) + σ(−x) = 1 to within 2·14u² (both computed independently)', () => {
    fc.assert(
      fc.property(decimalIn(-30, 30), (s) => {
        const x = ddParse(s);
        const sum = exact(X.sigmoid(x)).plus(exact(X.sigmoid(X.neg(x))));
        expect(sum.minus(1).abs().toNumber(), s).toBeLessThanOrEqual(2 * SIG_TOL);
      }),
      { numRuns: 100 },
    );
  });

  it('the map kernel gives the scalar results bit for bit', () => {
    const B = ddBackend();
    const v = B.vec(['-700', '-601.5', '-600', '-12.25', '-1e-20', '0', '3.5', '40', '800']);
    const z = B.map('sigmoid', v);
    for (let i = 0; i < B.dim(v); i++) expect(B.at(z, i)).toEqual(X.sigmoid(B.at(v, i)));
  });
});

describe('gemv in row/column pairs', () => {
  const B = ddBackend();
  /** The sequential fold Σ_j A_ij x_j over add/mul (the law the kernel must equal exactly). */
  const fold = (terms: DDScalar[]): DDScalar => terms.reduce((s, t) => X.add(s, t), X.DD_ZERO);
  const literal = fc
    .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: -8, max: 3 }))
    .map(([m, e]) => `${m}e${e}`);

  it('equals the sequential fold for odd and even sizes, plain and transposed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(literal, { minLength: 25, maxLength: 25 }),
        (r, c, xs) => {
          const A = B.mat(Array.from({ length: r }, (_, i) => xs.slice(i * c, i * c + c)));
          const u = B.vec(xs.slice(0, c));
          const w = B.vec(xs.slice(5, 5 + r));
          const z = B.gemv(A, u);
          for (let i = 0; i < r; i++) {
            expect(B.at(z, i)).toEqual(fold(Array.from({ length: c }, (_, j) => X.mul(B.mget(A, i, j), B.at(u, j)))));
          }
          const zt = B.gemv(A, w, true);
          for (let j = 0; j < c; j++) {
            expect(B.at(zt, j)).toEqual(fold(Array.from({ length: r }, (_, i) => X.mul(B.mget(A, i, j), B.at(w, i)))));
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sends only the non-finite or overflowing entry of a pair to the careful path', () => {
    // row 0: a product beyond 2^996 (the Veltkamp split overflows, mulSlow is exact); row 2: an infinite entry
    const A = B.mat([
      ['1e290', '2'],
      ['3', '4'],
      ['1e-300', '7'],
      ['5', '6'],
    ]);
    A.data[2 * 5] = Infinity;
    const x = B.vec(['1e10', '0.5']);
    const z = B.gemv(A, x);
    expect(B.at(z, 0).hi).toBeGreaterThan(1e299);
    expect(B.at(z, 0)).toEqual(X.add(X.mul(B.mget(A, 0, 0), B.at(x, 0)), X.mul(B.mget(A, 0, 1), B.at(x, 1))));
    expect(B.at(z, 1)).toEqual(X.add(X.mul(B.mget(A, 1, 0), B.at(x, 0)), X.mul(B.mget(A, 1, 1), B.at(x, 1))));
    expect(B.at(z, 2).hi).toBe(Infinity);
    expect(B.at(z, 3)).toEqual(X.add(X.mul(B.mget(A, 3, 0), B.at(x, 0)), X.mul(B.mget(A, 3, 1), B.at(x, 1))));
  });
});

/**
 * d1 and value of the logistic loss against the five-kernel formulas they replace (one code path for every backend).
 */
function logisticSame<R extends Repr>(B: Backend<R>): void {
  const loss = logistic(B);
  const f = B.vec(['2.5', '-0.125', '13.75', '-40.5', '0.3']);
  const y1 = B.vec(['1', '-1', '1', '-1', '0.5']);
  const y2 = B.vec(['-1', '1', '1', '1', '-2']);
  for (const y of [y1, y2, y1, B.vec(['1', '-1', '1', '-1', '0.5'])]) {
    const old = B.map('neg', B.vmul(y, B.map('sigmoid', B.map('neg', B.vmul(y, f)))));
    expect(B.vshow(loss.d1(f, y))).toEqual(B.vshow(old));
    expect(B.vshow(loss.value(f, y))).toEqual(B.vshow(B.map('softplus', B.map('neg', B.vmul(y, f)))));
  }
}

describe("logistic loss: ℓ' = (−y)·σ((−y)·f) with −y computed once per y", () => {
  it('gives −y·σ(−y·f) and softplus(−y·f) exactly as before on dd and dec:50 (negation is exact), for changing y', () => {
    logisticSame(ddBackend());
    logisticSame(decBackend(50));
  });
});
