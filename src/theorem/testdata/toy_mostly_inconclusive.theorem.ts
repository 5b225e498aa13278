// Toy: evaluate gives up (inconclusive) on most instances: health must report too many discarded samples.
import fc from 'fast-check';
import { claims, defineTheorem, inconclusive } from '../api.js';

export default defineTheorem({
  id: 'toy_mostly_inconclusive',
  title: 'Mostly inconclusive',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`|x| \le 1 \implies x^2 \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: -64, max: 64 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 65, max: 256 }).map((k) => ({ x: String(k / 64) })),
  evaluate(B, { x }) {
    const v = B.num(x);
    const x2 = B.mul(v, v);
    if (B.cmp(B.abs(v), B.num('0.9')) < 0) return inconclusive('pretend the run did not converge');
    return { claims: [claims.le(B, x2, B.one, claims.roundoff(B, 2, x2), 'x^2<=1')] };
  },
});
