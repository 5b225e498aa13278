// Toy: x² ≤ 10^15 on [-1, 1] holds with slack above 10^12 on every sample: health must call it vacuous.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

export default defineTheorem({
  id: 'toy_vacuous',
  title: 'A bound far too loose to say anything',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`|x| \le 1 \implies x^2 \le 10^{15}`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: -64, max: 64 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 1, max: 8 }).map((k) => ({ x: `${k}e8` })),
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, B.num('1e15'), claims.roundoff(B, 2, x2), 'x^2<=1e15')] };
  },
});
