// Toy: a FALSE "theorem": 0 ≤ x ≤ 2 ⇒ x² ≤ x (fails for x > 1). The framework must certify the violation.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

const grid = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => ({ x: String(k / 64) }));

export default defineTheorem({
  id: 'toy_square_le_self',
  title: 'A false bound: x² ≤ x on [0, 2]',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`0 \le x \le 2 \implies x^2 \le x`,
  refs: [{ key: 'folklore', where: 'toy (false)' }],
  hypotheses: grid(0, 128),
  violations: grid(65, 128),
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, v, claims.roundoff(B, 2, x2), 'x^2<=x')] };
  },
});
