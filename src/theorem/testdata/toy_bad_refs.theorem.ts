// Toy: a malformed theorem file (no refs): loading it must fail with one line naming the field.
import fc from 'fast-check';
import { defineTheorem } from '../api.js';

export default defineTheorem({
  id: 'toy_bad_refs',
  title: 'Cites nothing',
  status: 'theorem',
  kind: 'upper',
  claim: 'x',
  refs: [],
  hypotheses: fc.constant({}),
  violations: fc.constant({}),
  evaluate: () => ({ claims: [] }),
});
