import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { savePlan } from './save.js';
import type { SavePolicy } from './types.js';

describe('savePlan.next', () => {
  it('is the first step after k that the policy records (Infinity when none), for every policy', () => {
    const policy: fc.Arbitrary<SavePolicy> = fc.oneof(
      fc.constant('final' as const),
      fc.integer({ min: 1, max: 40 }).map((every) => ({ every })),
      fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 8 }).map((at) => ({ at })),
      fc.integer({ min: 1, max: 6 }).map((logSpaced) => ({ logSpaced })),
    );
    fc.assert(
      fc.property(policy, fc.integer({ min: 0, max: 120 }), (p, k) => {
        const steps = 120;
        const plan = savePlan(p, steps);
        const next = plan.next(k);
        let want = Infinity;
        for (let j = k + 1; j <= steps; j++) {
          if (plan.has(j)) {
            want = j;
            break;
          }
        }
        // 'every' may name a step beyond the budget; run clamps to steps
        expect(Math.min(next, steps + 1)).toBe(Math.min(want, steps + 1));
      }),
      { seed: 71, numRuns: 400 },
    );
  });
});
