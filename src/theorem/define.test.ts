import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineTheorem } from './define.js';
import { arbitraryFor, type ProfileName, type TheoremDef } from './types.js';

const ok: TheoremDef<{ x: string }> = {
  id: 'toy_ok',
  title: 't',
  status: 'theorem',
  kind: 'upper',
  claim: 'x',
  refs: [{ arxiv: '2501.00001', where: 'Thm 1' }],
  hypotheses: fc.constant({ x: '1' }),
  violations: fc.constant({ x: '2' }),
  evaluate: () => ({ claims: [] }),
};

describe('defineTheorem', () => {
  it('accepts a complete definition and marks it', () => {
    expect(defineTheorem(ok).__theorem).toBe(true);
  });

  it.each([
    [{ refs: [] }, /refs: must cite/],
    [{ id: 'Bad-Id' }, /id: "Bad-Id" must be snake_case/],
    [{ id: `a${'_b'.repeat(30)}` }, /has 61 characters; at most 60/],
    [{ kind: 'sideways' }, /kind: "sideways" must be one of/],
    [{ status: 'lemma' }, /status: "lemma"/],
    [{ refs: [{ arxiv: '1' }] }, /refs\[0\]\.where/],
    [{ violations: undefined }, /violations: must be a fast-check Arbitrary/],
    [{ budget: { ci: { runs: 0 } } }, /budget\.ci\.runs: must be a positive integer/],
    [{ budget: { weekly: {} } }, /budget\.weekly: unknown profile/],
  ])('names the bad field in one line: %o', (patch, msg) => {
    expect(() => defineTheorem({ ...ok, ...(patch as object) })).toThrow(msg);
  });

  it("accepts hypotheses chosen per profile, and verify uses the profile's arbitrary", () => {
    const t = defineTheorem({
      ...ok,
      hypotheses: (p: ProfileName) => fc.constant({ x: p === 'nightly' ? '2' : '1' }),
    });
    expect(arbitraryFor(t.hypotheses, 'nightly')).not.toBe(arbitraryFor(t.hypotheses, 'ci'));
    expect(fc.sample(arbitraryFor(t.hypotheses, 'nightly'), 1)[0]).toEqual({ x: '2' });
    expect(fc.sample(arbitraryFor(t.hypotheses, 'quick'), 1)[0]).toEqual({ x: '1' });
  });
});
