// Toy: a slow evaluate (20 ms per instance) under a small budget: budget_exhausted, not a hang.
import fc from 'fast-check';
import { claims, defineTheorem } from '../api.js';

export default defineTheorem({
  id: 'toy_slow',
  title: 'Slow evaluate',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`|x| \le 1 \implies x^2 \le 1`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.integer({ min: -64, max: 64 }).map((k) => ({ x: String(k / 64) })),
  violations: fc.integer({ min: 65, max: 256 }).map((k) => ({ x: String(k / 64) })),
  budget: { quick: { runs: 1000, timeMs: 300 }, ci: { runs: 1000, timeMs: 300 } },
  evaluate(B, { x }) {
    // 20 ms without returning to the event loop (Atomics.wait blocks the thread, and uses no CPU)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    const v = B.num(x);
    const x2 = B.mul(v, v);
    return { claims: [claims.le(B, x2, B.one, claims.roundoff(B, 2, x2), 'x^2<=1')] };
  },
});
