// Toy: (x + c) − x = c with a DISHONEST error bar of 0. True in exact arithmetic; fails in f64 by rounding only, so the
// referee must call it a precision_artifact. c = 2^-60 is exact in binary and in decimal, so every referee rung (mpfr
// and dec) computes the sum exactly. The negative control uses a wrong right-hand side.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

const C = '8.67361737988403547205962240695953369140625e-19'; // 2^-60
const specs = (rhs: string) => fc.integer({ min: 65, max: 128 }).map((k) => ({ x: String(k / 64), c: C, rhs }));

export default defineTheorem({
  id: 'toy_shift_cancels',
  title: 'Adding and subtracting x cancels',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`(x + c) - x = c`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: specs(C),
  violations: specs('0.2'),
  evaluate(B, { x, c, rhs }) {
    const v = B.num(x);
    return { claims: [claims.eq(B, B.sub(B.add(v, B.num(c)), v), B.num(rhs), '0', 'shift')] };
  },
});
