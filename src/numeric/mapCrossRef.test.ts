/**
 * Every elementwise map of mpfr and dec against the other library at 80 digits. The backend law "map(op, x) equals
 * fn(op, x_i)" compares a backend with itself (mpfr's map and fn share one kernel per op), so a wrong kernel passes
 * it; here each op is checked against an independent implementation: mpfr:30 against decimal.js (dec:80), dec:30
 * against MPFR (mpfr:80). Inputs are dyadic (exact in binary and in decimal), so both sides see the same x.
 */
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { mpfrBackend } from './mpfr.js';
import { initMpfr } from './mpfrInit.js';
import { MAP_OPS, type AnyBackend, type MapOp } from './types.js';

await initMpfr();

const FINITE = ['-40', '-2.5', '-0.375', '-0.0009765625', '0', '0.0009765625', '0.375', '2.5', '40'];
const SPECIAL = ['NaN', 'Infinity', '-Infinity'];

/**
 * r (computed by B) is within 3·u_B·|ref| of ref (computed by R at 80 digits): one final rounding of the op
 * (≤ u_B·|exact|), the show/num round trip of r into R (≤ u_B·|r|), and R's own error (≤ u_R·|ref|, u_R ≤ 10^-79),
 * with u_B ≤ 10^-29 making the second-order terms negligible against the third u_B. Zero, NaN and ±Infinity
 * references are matched exactly (as zero, NaN or the same infinity).
 */
function expectClose(B: AnyBackend, R: AnyBackend, op: MapOp, x: string, r: unknown, ref: unknown): void {
  const where = `${B.id} ${op}(${x}) = ${B.show(r)}, reference ${R.id} ${R.show(ref)}`;
  const refShow = R.show(ref);
  if (refShow === 'NaN' || refShow === 'Infinity' || refShow === '-Infinity') {
    expect(B.show(r), where).toBe(refShow);
    return;
  }
  if (R.isZero(ref)) {
    expect(B.isZero(r), where).toBe(true);
    return;
  }
  expect(B.isFinite(r), where).toBe(true);
  const got = R.num(B.show(r));
  const err = R.abs(R.sub(got, ref));
  const allowed = R.mul(R.mul(R.int(3), R.num(B.show(B.eps))), R.abs(ref));
  expect(R.cmp(err, allowed), `${where}: |error| ${R.show(err)} > ${R.show(allowed)}`).toBeLessThanOrEqual(0);
}

const PAIRS: readonly (readonly [AnyBackend, AnyBackend])[] = [
  [mpfrBackend(30), decBackend(80)],
  [decBackend(30), mpfrBackend(80)],
];

describe.each(PAIRS.map(([B, R]) => ({ B, R, name: `${B.id} against ${R.id}` })))('$name', ({ B, R }) => {
  it.each(MAP_OPS.map((op) => ({ op })))('map($op) and fn($op) on finite and special inputs', ({ op }) => {
    const xs = [...FINITE, ...SPECIAL];
    const got = B.unpack(B.map(op, B.vec(xs)));
    xs.forEach((x, i) => {
      const ref = R.fn(op, R.num(x));
      expectClose(B, R, op, x, got[i], ref);
      expectClose(B, R, op, x, B.fn(op, B.num(x)), ref);
    });
  });

  it('sign, step and relu take the value −1, 0 or 1 (sign), 0 or 1 (step), max(x, 0) (relu) exactly', () => {
    const xs = [...FINITE, ...SPECIAL];
    const sign = B.vshow(B.map('sign', B.vec(xs)));
    const step = B.vshow(B.map('step', B.vec(xs)));
    const relu = B.vshow(B.map('relu', B.vec(xs)));
    // NaN → 0 for all three (src/numeric/types.ts); −0 and 0 both print as a zero
    const zero = (s: string): boolean => s === '0' || s === '-0';
    xs.forEach((x, i) => {
      const v = Number(x);
      if (v > 0) {
        expect([sign[i], step[i], relu[i]], x).toEqual(['1', '1', x]);
      } else if (v < 0) {
        expect([sign[i], zero(step[i]!), zero(relu[i]!)], x).toEqual(['-1', true, true]);
      } else {
        expect([zero(sign[i]!), zero(step[i]!), zero(relu[i]!)], x).toEqual([true, true, true]);
      }
    });
  });
});
