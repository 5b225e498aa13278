/**
 * Edges of the phases that phases.test.ts does not reach: witnesses that fail or say nothing, a time budget spent
 * before the negative control, a `violations` arbitrary that throws, a theorem file that breaks only at the referee's
 * precision, rejected instances and all-non-finite claims. Killed survivors of `npm run mutate -- phases`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claims, hypothesisViolatedError, inconclusive } from '../claims.js';
import { defineTheorem, type AnyTheorem } from '../define.js';
import type { Backend, Repr } from '../../numeric/types.js';
import type { VerifyOptions } from '../result.js';
import { verifyTheorem } from '../verify.js';
import slow from '../testdata/toy_slow.theorem.js';
import squareLeOne from '../testdata/toy_square_le_one.theorem.js';

const quick = (t: AnyTheorem, o: VerifyOptions = {}) => verifyTheorem(t, { profile: 'quick', fixturesDir: null, ...o });

/** squareLeOne with another evaluate or other parts. */
const variant = (id: string, over: Partial<AnyTheorem>): AnyTheorem =>
  defineTheorem<{ x: string }>({ ...squareLeOne, id, ...(over as object) });

describe('witnesses', () => {
  it('a failing witness is a counterexample of the witness phase, named by its index', async () => {
    const r = await quick(variant('toy_bad_witness', { witnesses: [{ x: '0.5' }, { x: '1.25' }] }));
    expect(r.counterexamples.map((c) => [c.phase, c.verdict, c.spec])).toEqual([
      ['witness', 'violated', { x: '1.25' }],
    ]);
    expect(r.counterexamples[0]!.reason).toMatch(/^witness 1: certified/);
    expect(r.passed).toBe(false);
  });

  it('a witness that is inconclusive is a problem saying so', async () => {
    const r = await quick(
      variant('toy_silent_witness', {
        witnesses: [{ x: '0.5' }],
        evaluate: (B: never, s: { x: string }) =>
          s.x === '0.5' ? inconclusive('no decision here') : squareLeOne.evaluate(B, s),
      }),
    );
    expect(r.problems).toEqual(['witness 0 is inconclusive (no decision here): a witness must decide the claim']);
  });
});

describe('budgets and throwing arbitraries', () => {
  it('a budget spent in the generate phase skips the negative control (not_run)', async () => {
    const r = await quick(slow, { timeMs: 100 });
    expect(r.verdict).toBe('budget_exhausted');
    expect(r.negativeControl).toEqual({ verdict: 'not_run', runs: 0, reason: '' });
    expect(r.passed).toBe(false);
  });

  it('a violations arbitrary that throws: the negative control is a theorem_error, not an internal error', async () => {
    const throwing = fc.constant(0).map((): { x: string } => {
      throw new Error('violations broke');
    });
    const r = await quick(variant('toy_violations_throw', { violations: throwing }));
    expect(r.negativeControl).toEqual({ verdict: 'theorem_error', runs: 0, reason: 'the violations arbitrary threw' });
    expect(r.counterexamples.map((c) => [c.phase, c.verdict])).toEqual([['negative', 'theorem_error']]);
    expect(r.counterexamples[0]!.reason).toMatch(/violations threw Error: violations broke/);
  });
});

describe('what the referee can return', () => {
  it('evaluate throwing only at the referee precision is a theorem_error naming the rung', async () => {
    const r = await quick(
      variant('toy_breaks_at_referee', {
        hypotheses: fc.constant({ x: '1.25' }),
        evaluate: (B: { id: string }, s: { x: string }) => {
          if (B.id !== 'f64') throw new Error(`no ${B.id} here`);
          return squareLeOne.evaluate(B as never, s);
        },
      }),
    );
    const cx = r.counterexamples.find((c) => c.phase === 'generate')!;
    expect(cx.verdict).toBe('theorem_error');
    expect(cx.reason).toMatch(/^at [a-z]+:\d+: evaluate threw Error: no [a-z]+:\d+ here$/);
    expect(cx.rungs[0]).toEqual({ backend: 'f64', status: 'violated', reason: expect.any(String) as string });
  });

  it('an instance outside the hypotheses is not refereed: one rung, its reason kept', async () => {
    const r = await quick(
      variant('toy_rejects', {
        status: 'conjecture',
        evaluate: (B: never, s: { x: string }) => {
          if (Number(s.x) <= 1) throw hypothesisViolatedError(`x = ${s.x} is rejected`);
          return squareLeOne.evaluate(B, s);
        },
      }),
    );
    const cx = r.counterexamples.find((c) => c.phase === 'generate')!;
    expect(cx.verdict).toBe('hypothesis_violated');
    expect(cx.rungs).toHaveLength(1);
    expect(cx.reason).toMatch(/^x = .* is rejected$/);
  });

  it('claims that are NaN at every precision are a theorem_error that quotes the first rung', async () => {
    const r = await quick(
      variant('toy_nan_everywhere', {
        hypotheses: fc.constant({ x: '0.5' }),
        // 0/0 is NaN in every backend
        evaluate: (B: Backend<Repr>) => ({ claims: [claims.le(B, B.div(B.zero, B.zero), B.one, '0', 'nan')] }),
      }),
    );
    const cx = r.counterexamples.find((c) => c.phase === 'generate')!;
    expect(cx.verdict).toBe('theorem_error');
    expect(cx.rungs[0]!.status).toBe('invalid');
    expect(cx.reason).toContain(cx.rungs[0]!.reason!);
  });
});
