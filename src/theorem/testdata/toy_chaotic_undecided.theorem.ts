// Toy: a claim whose computed value is x + u^(1/8) (u = the backend's unit roundoff), far beyond its error bar at
// every precision: every rung violates x ≤ 1 but no two agree, even at dec:400, so the referee says `undecided`. The
// negative control (no rounding term) is certified.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

interface Spec {
  readonly x: string;
  readonly amp: string;
}

export default defineTheorem<Spec>({
  id: 'toy_chaotic_undecided',
  title: 'A failure the referee cannot decide',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`x \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.constant({ x: '2', amp: '1' }),
  violations: fc.constant({ x: '2', amp: '0' }),
  evaluate(B, { x, amp }) {
    const root8 = B.sqrt(B.sqrt(B.sqrt(B.eps)));
    return { claims: [claims.le(B, B.add(B.num(x), B.mul(B.num(amp), root8)), B.one, '1e-70', 'x<=1')] };
  },
});
