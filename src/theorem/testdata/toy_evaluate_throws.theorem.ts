// Toy: a bug in a theorem file — evaluate reads a field the spec does not have once x > 1 (a TypeError). This is a
// theorem_error at this file's line, not a counterexample.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

interface Spec {
  readonly x: string;
  readonly extra?: { readonly y: string };
}

export default defineTheorem<Spec>({
  id: 'toy_evaluate_throws',
  title: 'An evaluate with a bug',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`x^2 \le 4`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: 0, max: 128 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 129, max: 256 }).map((k) => ({ x: String(k / 64) })),
  evaluate(B, spec) {
    const v = B.num(spec.x);
    if (B.cmp(v, B.one) > 0) B.num(spec.extra!.y); // the bug: `extra` is never generated
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, B.int(4), claims.roundoff(B, 2, x2), 'x^2<=4')] };
  },
});
