/**
 * The referee's escalation rule and rung records on cases the table tests do not reach: escalation needs both rungs
 * `violated` and a claim violated on both; a rung's time is a duration; theorem_error rungs carry no claims. Killed
 * survivors of the mutation run over referee.ts (npm run mutate -- referee).
 */
import { describe, expect, it } from 'vitest';
import { judgeEvidence } from './claims.js';
import { getBackend } from './backends.js';
import type { AnyTheorem } from './define.js';
import { classify, disagreeOnSameClaim, escalationIds, evaluateOn, type Rung } from './referee.js';
import type { Claim } from './types.js';
import squareLeOne from './testdata/toy_square_le_one.theorem.js';

const le = (label: string, lhs: string): Claim => ({ label, lhs, rel: '<=', rhs: '1', err: '0' });
const rungOf = (backend: string, claims: Claim[]): Rung => {
  const judgement = judgeEvidence({ claims });
  return { backend, status: judgement.status, claims, judgement, ms: 0 };
};

describe('disagreeOnSameClaim: when the referee escalates', () => {
  it('needs a claim violated on both rungs; other violated claims do not count', () => {
    // a: claim a violated, b: claim c violated; both hold b. Nothing is violated on both: no escalation.
    const p = rungOf('dec:50', [le('a', '2'), le('b', '0')]);
    const q = rungOf('dec:100', [le('c', '3'), le('b', '0')]);
    expect(disagreeOnSameClaim(p, q)).toBe(false);
  });

  it('escalates when one claim violated on both disagrees, even if the first rung violates more claims', () => {
    // a is violated on both with d = 1 and d = 2 (bars 0): disagree; b is violated only on the first rung
    const p = rungOf('dec:50', [le('a', '2'), le('b', '5')]);
    const q = rungOf('dec:100', [le('a', '3'), le('b', '0')]);
    expect(disagreeOnSameClaim(p, q)).toBe(true);
  });

  it('classify names both rungs when the higher one is invalid', () => {
    const p = { ...rungOf('dec:50', [le('a', '2')]), reason: 'r50' };
    const q = { ...rungOf('dec:100', [le('a', 'NaN')]), reason: 'r100' };
    expect(classify(p, q)).toEqual({ verdict: 'undecided', reason: 'dec:50: violated (r50); dec:100: invalid (r100)' });
  });

  it('escalation ids: only an id that is exactly <lowercase name>:<digits> is doubled', () => {
    expect(escalationIds(['dec:50x', 'dec:100x'])).toEqual(['dec:50x', 'dec:100x']);
    expect(escalationIds(['Dec:50', 'Dec:100'])).toEqual(['Dec:50', 'Dec:100']);
  });
});

describe('evaluateOn: rung records', () => {
  const B = getBackend('f64');
  const returning = (evaluate: () => unknown) => ({ ...squareLeOne, evaluate }) as unknown as AnyTheorem;

  it('ms is the time evaluate took: between 0 and the wall time around the call, on every path', () => {
    const paths: (() => unknown)[] = [
      () => ({ claims: [le('k', '0')] }),
      () => {
        throw new Error('bug');
      },
      () => 42,
      () => ({
        get claims(): Claim[] {
          throw new Error('getter');
        },
      }),
    ];
    for (const evaluate of paths) {
      const t0 = performance.now();
      const r = evaluateOn(returning(evaluate), B, {});
      const wall = performance.now() - t0;
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.ms).toBeLessThanOrEqual(wall);
    }
  });

  it('a theorem_error rung has no claims, whichever way evaluate failed', () => {
    const thrown = evaluateOn(
      returning(() => {
        throw new Error('bug');
      }),
      B,
      {},
    );
    const getter = evaluateOn(
      returning(() => ({
        get claims(): Claim[] {
          throw new Error('getter');
        },
      })),
      B,
      {},
    );
    for (const r of [thrown, getter]) {
      expect(r.status).toBe('theorem_error');
      expect(r.claims).toEqual([]);
    }
  });

  it('evaluate returning null is a theorem_error saying it is not Evidence (reading it does not throw)', () => {
    const r = evaluateOn(
      returning(() => null),
      B,
      {},
    );
    expect(r.status).toBe('theorem_error');
    expect(r.reason).toMatch(/not Evidence/);
    expect(r.reason).not.toMatch(/^reading what evaluate returned/);
  });
});
