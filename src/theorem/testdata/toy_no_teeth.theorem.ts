// Toy: a true claim whose negative control breaks nothing: the framework must report that the check has no teeth.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

const grid = fc.integer({ min: -64, max: 64 }).map((k) => ({ x: String(k / 64) }));

export default defineTheorem({
  id: 'toy_no_teeth',
  title: 'Squares are nonnegative (negative control is not a violation)',
  status: 'theorem',
  kind: 'lower',
  claim: String.raw`x^2 \ge 0`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: grid,
  violations: grid,
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    return { claims: [claims.ge(B, B.add(x2, B.one), B.one, claims.roundoff(B, 2, x2), 'x^2+1>=1')] };
  },
});
