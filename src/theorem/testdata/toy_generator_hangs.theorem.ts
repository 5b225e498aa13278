// Toy: the hypotheses generator never returns (a search without an end). Only the worker's hard budget stops it, and
// the report must blame the generator, not evaluate.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

export default defineTheorem({
  id: 'toy_generator_hangs',
  title: 'A generator that hangs',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`x \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: 0, max: 8 }).map((k) => {
    // never returns: the thread blocks for good (as a search without an end would, but using no CPU)
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    return { x: String(k) };
  }),
  violations: fc.constant({ x: '2' }),
  evaluate(B, { x }) {
    return { claims: [claims.le(B, B.num(x), B.one, '0', 'x<=1')] };
  },
});
