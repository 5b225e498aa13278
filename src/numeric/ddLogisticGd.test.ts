import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { carryExponentials } from './ddLogisticGd.js';
import { ddExactDecimal } from './ddIO.js';

const u = 2 ** -53;
const R = decBackend(60); // reference: 60 digits, error ~1e-60 ≪ u² ≈ 1.2e-32

/** A normalised pair (h, l) with |l| ≤ u|h|/2·frac from a double h and a fraction in (−1, 1). */
const pair = (h: number, frac: number): [number, number] => {
  const l = frac * 2 ** (Math.floor(Math.log2(Math.abs(h))) - 53);
  const s = h + l;
  return [s, l - (s - h)];
};

/** δ in one of the three branches: |δ| < 2^-17 (δ³/6 a double), < 2^-14 (pairs), or up to 4 (full dd exp). */
const delta = fc
  .record({
    branch: fc.constantFrom({ lo: -40, hi: -17 }, { lo: -17, hi: -14 }, { lo: -14, hi: 2 }),
    t: fc.double({ min: 0, max: 1, noNaN: true }),
    m: fc.double({ min: 1, max: 2, maxExcluded: true, noNaN: true }),
    neg: fc.boolean(),
    frac: fc.double({ min: -1, max: 1, noNaN: true }),
  })
  .map(({ branch: { lo, hi }, t, m, neg, frac }) =>
    pair((neg ? -1 : 1) * m * 2 ** Math.floor(lo + t * (hi - lo - 1)), frac),
  );

describe('carryExponentials (the dd logisticGd kernel carry, ddLogisticGd.ts)', () => {
  it('E·e^{−δ} has relative error ≤ 9u² per update in every branch (the module comment), against 60 digits', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            delta,
            fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
            fc.double({ min: -1, max: 1, noNaN: true }),
          ),
          { minLength: 1, maxLength: 6 },
        ),
        (cases) => {
          const N = cases.length;
          const XH = new Float64Array(N),
            XL = new Float64Array(N),
            EH = new Float64Array(N),
            EL = new Float64Array(N);
          cases.forEach(([[xh, xl], e, f], n) => {
            [XH[n], XL[n]] = [xh, xl];
            [EH[n], EL[n]] = pair(e, f);
          });
          const want = cases.map((_, n) =>
            R.mul(R.num(ddExactDecimal(EH[n]!, EL[n]!)), R.exp(R.neg(R.num(ddExactDecimal(XH[n]!, XL[n]!))))),
          );
          expect(carryExponentials(N, XH, XL, EH, EL, new Uint8Array(N))).toBe(true);
          want.forEach((w, n) => {
            const rel = R.toNumber(R.abs(R.div(R.sub(R.num(ddExactDecimal(EH[n]!, EL[n]!)), w), w)));
            expect(rel).toBeLessThanOrEqual(9 * u * u);
          });
        },
      ),
      { seed: 64, numRuns: 300 },
    );
  });
});
