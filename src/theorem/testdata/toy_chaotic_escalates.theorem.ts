// Toy: a claim whose computed value carries 10^40·u of rounding that its error bar ignores (as chaotic dynamics
// amplify rounding beyond a per-step bar): dd, dec:50 and dec:100 all violate x ≤ 1 but disagree beyond their bars;
// dec:200 and dec:400 agree, so the escalating referee certifies the violation.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

interface Spec {
  readonly x: string;
  readonly amp: string;
}

export default defineTheorem<Spec>({
  id: 'toy_chaotic_escalates',
  title: 'A violation the referee certifies only after escalating precision',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`x \le 1`,
  refs: [{ key: 'folklore', where: 'toy (false)' }],
  hypotheses: fc.constant({ x: '2', amp: '1e40' }),
  violations: fc.constant({ x: '2', amp: '0' }),
  evaluate(B, { x, amp }) {
    const v = B.add(B.num(x), B.mul(B.num(amp), B.eps)); // x + amp·u: the rounding the bar below leaves out
    return { claims: [claims.le(B, v, B.one, '1e-70', 'x<=1')] };
  },
});
