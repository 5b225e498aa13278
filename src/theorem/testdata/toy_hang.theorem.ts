// Toy: evaluate never returns. Only a process-level budget can stop it (the CLI's worker is killed).
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
    for (;;) {
      /* hang */
    }
  },
});
