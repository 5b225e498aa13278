// Toy: the generator produces instances outside the hypotheses (x > 1), which evaluate detects: hypothesis_violated.
import fc from 'fast-check';
import { claims, defineTheorem, hypothesisViolated } from '../api.js';

export default defineTheorem({
  id: 'toy_generator_bug',
  title: 'A generator that breaks its own hypotheses',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`|x| \le 1 \implies x^2 \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: -64, max: 128 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 65, max: 256 }).map((k) => ({ x: String(k / 64), broken: true })),
  evaluate(B, spec: { x: string; broken?: boolean }) {
    const v = B.num(spec.x);
    if (spec.broken !== true && B.cmp(B.abs(v), B.one) > 0) return hypothesisViolated(`|x| = ${spec.x} > 1`);
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, B.one, claims.roundoff(B, 2, x2), 'x^2<=1')] };
  },
});
