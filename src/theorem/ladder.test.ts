import { describe, expect, it } from 'vitest';
import { judgeEvidence } from './claims.js';
import type { AnyTheorem } from './define.js';
import {
  combineCrossCheck,
  CROSS_CHECK_BUDGET_MS,
  DEC_OVER_MPFR_COST,
  ladderIds,
  refereeLadder,
  withCrossCheck,
  type Ladder,
} from './ladder.js';
import { classify, referee, type RefereeResult, type Rung } from './referee.js';
import type { Claim } from './types.js';
import { makeMpfrInit } from '../numeric/mpfrInit.js';
import toySquare from './testdata/toy_square_le_one.theorem.js';
import planted, { plantedSpec } from './testdata/toy_planted_max_margin.theorem.js';

const rung = (backend: string, lhs: string, err: string, ms = 0): Rung => {
  const claims: Claim[] = [{ label: 'k', lhs, rel: '<=', rhs: '1', err }];
  const judgement = judgeEvidence({ claims });
  return { backend, status: judgement.status, claims, judgement, ms };
};
const certified = (ms = 0): RefereeResult => {
  const a = rung('mpfr:50', '1.5', '1e-40', ms);
  const b = rung('mpfr:100', '1.5', '1e-90');
  return { ...classify(a, b), rungs: [a, b] };
};

describe('refereeLadder', () => {
  it('certifies with mpfr:p and mpfr:2p and cross-checks with dec:p', async () => {
    const l = await refereeLadder(50);
    expect(l).toEqual({ certify: ['mpfr:50', 'mpfr:100'], crossCheck: 'dec:50' });
    expect(ladderIds(l)).toEqual(['dec:50', 'mpfr:50', 'mpfr:100']);
  });

  it('falls back to dec:p and dec:2p, saying why, when MPFR failed to load (the warning line is initMpfr’s)', async () => {
    const lines: string[] = [];
    const failing = makeMpfrInit(
      () => Promise.reject(new Error('out of memory')),
      (l) => lines.push(l),
    );
    const l = await refereeLadder(50, failing.init);
    expect(l).toEqual({
      certify: ['dec:50', 'dec:100'],
      crossCheck: null,
      fallback: 'mpfr unavailable (out of memory)',
    });
    expect(ladderIds(l)).toEqual(['dec:50', 'dec:100']);
    await refereeLadder(50, failing.init);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^warning: mpfr backend unavailable: .*\(out of memory\); the referee falls back to decimal\.js rungs$/,
    );
  });
});

describe('combineCrossCheck', () => {
  it('keeps a certified violation when dec:p violates the same claim within the error bars, and says so', () => {
    expect(certified().verdict).toBe('violated');
    const r = combineCrossCheck(certified(), rung('dec:50', '1.5', '1e-45'));
    expect(r.verdict).toBe('violated');
    expect(r.reason).toMatch(/cross-check dec:50 agrees$/);
    expect(r.rungs.map((x) => x.backend)).toEqual(['dec:50', 'mpfr:50', 'mpfr:100']);
    expect(r.rungs[0]!.reason).toBe('cross-check agrees with mpfr:100 on k');
  });

  it('turns the verdict undecided when dec:p holds, or violates with a value beyond the bars', () => {
    const holds = combineCrossCheck(certified(), rung('dec:50', '0.5', '1e-45'));
    expect(holds.verdict).toBe('undecided');
    expect(holds.reason).toMatch(/independent cross-check dec:50 is ok/);
    const apart = combineCrossCheck(certified(), rung('dec:50', '1.6', '1e-45'));
    expect(apart.verdict).toBe('undecided');
    expect(apart.reason).toMatch(/violates but disagrees beyond the error bars/);
  });

  it('leaves other verdicts alone (the cross-check only guards certifications)', () => {
    const a = rung('mpfr:50', '1.5', '1e-40');
    const b = rung('mpfr:100', '0.5', '1e-90');
    const art = { ...classify(a, b), rungs: [a, b] };
    expect(combineCrossCheck(art, rung('dec:50', '1.5', '1e-45')).verdict).toBe('precision_artifact');
  });
});

describe('withCrossCheck', () => {
  const ladder: Ladder = { certify: ['mpfr:50', 'mpfr:100'], crossCheck: 'dec:50' };
  // a theorem whose evaluation is never reached unless the cross-check runs
  const counting = (): { thm: AnyTheorem; calls: () => number } => {
    let n = 0;
    const thm = {
      ...toySquare,
      evaluate: (B: Parameters<typeof toySquare.evaluate>[0]) => {
        n++;
        return {
          claims: [{ label: 'k', lhs: '1.5', rel: '<=', rhs: '1', err: '1e-45' }] as Claim[],
          observed: { b: B.id },
        };
      },
    } as unknown as AnyTheorem;
    return { thm, calls: () => n };
  };

  it('skips the cross-check when its projected cost (mpfr:p time × DEC_OVER_MPFR_COST) exceeds the budget', () => {
    const { thm, calls } = counting();
    const slowMs = (CROSS_CHECK_BUDGET_MS / DEC_OVER_MPFR_COST) * 2;
    const r = withCrossCheck(thm, {}, ladder, certified(slowMs));
    expect(calls()).toBe(0);
    expect(r.verdict).toBe('violated');
    expect(r.reason).toMatch(/cross-check dec:50 skipped \(projected 60 s > budget 30 s\)/);
  });

  it('runs it when it fits, and always when asked (golden files, replay)', () => {
    const c1 = counting();
    expect(withCrossCheck(c1.thm, {}, ladder, certified(1)).reason).toMatch(/cross-check dec:50 agrees/);
    expect(c1.calls()).toBe(1);
    const c2 = counting();
    expect(withCrossCheck(c2.thm, {}, ladder, certified(1e9), { always: true }).rungs[0]!.backend).toBe('dec:50');
    expect(c2.calls()).toBe(1);
  });

  it('on the decimal fallback (MPFR unavailable) records why in the reason', () => {
    const fb: Ladder = {
      certify: ['dec:50', 'dec:100'],
      crossCheck: null,
      fallback: 'mpfr unavailable (out of memory)',
    };
    const r = withCrossCheck(counting().thm, {}, fb, certified());
    expect(r.reason).toMatch(/\[mpfr unavailable \(out of memory\): decimal\.js rungs only\]$/);
  });
});

describe('referee on a real theorem', () => {
  it('certifies x = 2 against x² ≤ 1 at mpfr:50 and mpfr:100, with the dec:50 cross-check agreeing', async () => {
    const r = await referee(toySquare, { x: '2' }, 50);
    expect(r.verdict).toBe('violated');
    expect(r.rungs.map((x) => x.backend)).toEqual(['dec:50', 'mpfr:50', 'mpfr:100']);
    expect(r.reason).toBe('certified at mpfr:50 and mpfr:100: x^2<=1; cross-check dec:50 agrees');
  });

  it('does not certify an instance that holds (x = 1/2)', async () => {
    const r = await referee(toySquare, { x: '0.5' }, 50);
    expect(r.verdict).not.toBe('violated');
  });
});

describe('a planted false max-margin claim (testdata/toy_planted_max_margin)', () => {
  // The full 10⁵-step instance is timed by `npm run bench -- referee-planted-1e5 mpfr:50 --single`; here 300 steps,
  // where the gap is far above the planted 10^-4 too.
  it('is found at f64 and certified at mpfr:50 and mpfr:100 with the dec:50 cross-check agreeing', async () => {
    const thm = planted as unknown as AnyTheorem;
    const spec = plantedSpec(300);
    const r = await referee(thm, spec, 50, { always: true });
    expect(r.verdict).toBe('violated');
    expect(r.reason).toBe('certified at mpfr:50 and mpfr:100: gap@300; cross-check dec:50 agrees');
    expect(r.rungs.map((g) => `${g.backend}:${g.status}`)).toEqual([
      'dec:50:violated',
      'mpfr:50:violated',
      'mpfr:100:violated',
    ]);
  }, 60_000);

  it('holds with an honest bound (gap ≤ 1/10 at 300 steps): the claim is not violated by construction', async () => {
    const r = await referee(planted, { ...plantedSpec(300), gap: '0.1' }, 50);
    expect(r.verdict).not.toBe('violated');
  }, 60_000);
});
