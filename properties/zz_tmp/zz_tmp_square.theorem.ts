// Toy (framework test data, not part of the catalogue): |x| ≤ 1 ⇒ x² ≤ 1. Holds; x > 1 breaks it.
import fc from 'fast-check';
import { claims, defineTheorem } from '../../src/theorem/api.js';

const grid = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => ({ x: String(k / 64) }));

export default defineTheorem({
  id: 'zz_tmp_square',
  title: 'Squares of numbers in [-1, 1] stay in [0, 1]',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`|x| \le 1 \implies x^2 \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: grid(-64, 64),
  violations: grid(65, 256),
  witnesses: [{ x: '1' }, { x: '-1' }],
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    // one rounded product: |fl(x²) − x²| ≤ u·x²; growth 2 for margin
    return { claims: [claims.le(B, x2, B.one, claims.roundoff(B, 2, x2), 'x^2<=1')], observed: { x2: B.show(x2) } };
  },
});
