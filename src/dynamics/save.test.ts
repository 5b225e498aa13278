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

describe('savePlan: policies and their validation', () => {
  const bad = (p: unknown): SavePolicy => p as SavePolicy;

  it("'final' records k = 0 only (run adds the last step itself)", () => {
    const plan = savePlan('final', 10);
    expect(plan.has(0)).toBe(true);
    for (let k = 1; k <= 10; k++) expect(plan.has(k)).toBe(false);
    expect(plan.next(0)).toBe(Infinity);
  });

  it('rejects a policy that is not a string or an object with a RangeError naming the accepted forms', () => {
    for (const p of [null, 42, 'every', undefined]) {
      expect(() => savePlan(bad(p), 10)).toThrow(RangeError);
      expect(() => savePlan(bad(p), 10)).toThrow(
        /^run: save = .* must be 'final', \{ every \}, \{ at \} or \{ logSpaced \}$/,
      );
    }
  });

  it('rejects an object with none of the policy keys the same way', () => {
    expect(() => savePlan(bad({}), 10)).toThrow(
      /^run: save = \{\} must be 'final', \{ every \}, \{ at \} or \{ logSpaced \}$/,
    );
    expect(() => savePlan(bad({ evry: 2 }), 10)).toThrow(/must be 'final', \{ every \}/);
  });

  it('save.at must be an array of integers in [0, steps]', () => {
    expect(() => savePlan(bad({ at: 5 }), 10)).toThrow(/^run: save.at must be an array of step indices$/);
    expect(() => savePlan(bad({ at: '5' }), 10)).toThrow(/^run: save.at must be an array of step indices$/);
    for (const k of [1.5, -1, 11, NaN]) {
      expect(() => savePlan({ at: [2, k] }, 10)).toThrow(
        new RangeError(`run: save.at contains ${String(k)}; every entry must be an integer in [0, steps = 10]`),
      );
    }
    const plan = savePlan({ at: [0, 10] }, 10);
    expect([0, 1, 9, 10].map((k) => plan.has(k))).toEqual([true, false, false, true]);
  });

  it('every and logSpaced must be positive integers, named in the message', () => {
    for (const n of [0, -2, 1.5, '3']) {
      expect(() => savePlan(bad({ every: n }), 10)).toThrow(
        `run: save.every = ${String(n)} must be a positive integer`,
      );
      expect(() => savePlan(bad({ logSpaced: n }), 10)).toThrow(
        `run: save.logSpaced = ${String(n)} must be a positive integer`,
      );
    }
  });
});
