// Toy: evaluate never returns (its thread is blocked). Only a process-level budget can stop it (the worker is killed).
import fc from 'fast-check';
import { defineTheorem } from '../api.js';

export default defineTheorem({
  id: 'toy_hang',
  title: 'Hanging evaluate',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\text{never returns}`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.constant<{ x: string }>({ x: '1' }),
  violations: fc.constant<{ x: string }>({ x: '2' }),
  evaluate() {
    // blocks the thread for good, like a busy loop, but without burning a core the other tests need
    for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  },
});
