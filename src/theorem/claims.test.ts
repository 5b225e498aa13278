import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { f64Backend } from '../numeric/f64.js';
import { claims, hypothesisViolated, hypothesisViolatedError, inconclusive, judge, judgeEvidence } from './claims.js';
import type { Claim } from './types.js';

const c = (lhs: string, rel: Claim['rel'], rhs: string, err: string): Claim => ({ label: 't', lhs, rel, rhs, err });

describe('judge', () => {
  it('a <= claim is violated only when lhs − rhs exceeds the error bar', () => {
    expect(judge(c('1.1', '<=', '1', '0.1')).status).toBe('within'); // d = err exactly: not certain
    expect(judge(c('1.1000000000000000000000000000001', '<=', '1', '0.1')).status).toBe('violated');
    expect(judge(c('0.8', '<=', '1', '0.1')).status).toBe('holds');
    expect(judge(c('0.95', '<=', '1', '0.1')).status).toBe('within');
  });

  it('a >= claim mirrors a <= claim', () => {
    expect(judge(c('1', '>=', '1.1', '0.1')).status).toBe('within');
    expect(judge(c('1', '>=', '1.2', '0.1')).status).toBe('violated');
    expect(judge(c('2', '>=', '1', '0.1')).status).toBe('holds');
  });

  it('an == claim is within its bar or violated, never certain', () => {
    expect(judge(c('1', '==', '1', '0')).status).toBe('within');
    expect(judge(c('1', '==', '1.5', '0.5')).status).toBe('within');
    expect(judge(c('1', '==', '1.5', '0.4')).status).toBe('violated');
  });

  it('compares exactly, beyond double precision', () => {
    // 1 + 1e-40 vs 1: equal as doubles, different as decimals
    expect(judge(c('1.0000000000000000000000000000000000000001', '<=', '1', '0')).status).toBe('violated');
  });

  it('non-finite values and negative error bars are invalid, never holds', () => {
    expect(judge(c('NaN', '<=', '1', '0')).status).toBe('invalid');
    expect(judge(c('-Infinity', '<=', '1', '0')).status).toBe('invalid');
    expect(judge(c('0', '<=', '1', 'Infinity')).status).toBe('invalid');
    expect(judge(c('0', '<=', '1', '-1')).status).toBe('invalid');
  });

  it('flags vacuous claims: both sides within the bar of 0, or a slack ratio above 1e12', () => {
    expect(judge(c('1e-20', '<=', '2e-20', '1e-16')).vacuous).toBe(true);
    expect(judge(c('1', '<=', '1e13', '1e-16')).vacuous).toBe(true);
    expect(judge(c('1', '<=', '1e11', '1e-16')).vacuous).toBe(false);
  });

  it('reports relative slack: positive when holding, negative when violated', () => {
    expect(judge(c('1', '<=', '2', '0')).slack).toBe(0.5);
    expect(judge(c('2', '<=', '1', '0')).slack).toBe(-0.5);
    // slack = (1/3 to 1000 digits).toNumber(): one correct rounding, as is the double 1 / 3, and the 1e-1000 truncation
    // cannot cross a rounding midpoint (1/3 is no dyadic midpoint), so the two doubles are equal: tolerance 0.
    expect(judge(c('3', '>=', '2', '0')).slack).toBe(1 / 3);
  });
});

describe('judgeEvidence', () => {
  it('is violated when any claim is, and invalid when a claim is not finite', () => {
    expect(judgeEvidence({ claims: [c('0', '<=', '1', '0'), c('2', '<=', '1', '0')] }).status).toBe('violated');
    expect(judgeEvidence({ claims: [c('0', '<=', '1', '0'), c('NaN', '<=', '1', '0')] }).status).toBe('invalid');
    expect(judgeEvidence({ claims: [c('0', '<=', '1', '0')] }).status).toBe('ok');
  });

  it('passes inconclusive and hypothesis-violated evidence through', () => {
    expect(judgeEvidence({ claims: [], inconclusive: 'x' }).status).toBe('inconclusive');
    expect(judgeEvidence({ claims: [], hypothesisViolated: 'x' }).status).toBe('hypothesis_violated');
  });

  it('counts a sample without claims as vacuous', () => {
    expect(judgeEvidence({ claims: [] }).vacuous).toBe(true);
  });
});

describe('claims builders', () => {
  const B = f64Backend();

  it('widen the bar by the representation error of B.show (u·(|lhs| + |rhs|) at least)', () => {
    const k = claims.le(B, 0.1, 0.3, 0, 'x');
    expect(k.lhs).toBe('0.1');
    // err = 0·(1 + 2u) + 2u·(|0.1| + |0.3|) = 0.8u exactly in the 1000-digit judge context (make in claims.ts), then
    // rounded UP to 6 significant digits: 0.8u ≤ err < 0.8u·(1 + 1e-5). Compared exactly (no double rounding).
    const D = Decimal.clone({ precision: 60 });
    const bar = new D(2).pow(-53).times('0.8');
    expect(new D(k.err).gte(bar)).toBe(true);
    expect(new D(k.err).lt(bar.times('1.00001'))).toBe(true);
  });

  it('a claim that fails in f64 only by representation error is within, not violated', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in f64: the honest bar (one rounding) covers the difference
    const sum = B.add(0.1, 0.2);
    expect(judge(claims.eq(B, sum, B.num('0.3'), claims.roundoff(B, 1, sum), 's')).status).toBe('within');
    expect(judge(claims.eq(B, sum, B.num('0.3'), '0', 's')).status).toBe('within'); // show-error alone covers it
  });

  it('roundoff is growth · u · Σ|xᵢ|', () => {
    expect(claims.roundoff(B, 4, -1, 2)).toBe(4 * 2 ** -53 * 3);
  });

  it('everyStep labels each consecutive pair with its step', () => {
    const out = claims.everyStep([3, 2, 1], (a, b) => claims.le(B, b, a, '0', 'dec'));
    expect(out.map((k) => k.label)).toEqual(['dec@0', 'dec@1']);
    expect(claims.each([1, 2], (x) => claims.ge(B, x, 0, '0', 'pos')).map((k) => k.label)).toEqual(['pos@0', 'pos@1']);
  });

  it("accept balls: the bar is the sum of the operands' radii, the label is the fourth argument", () => {
    const K = ballArith(B);
    const third = K.div(K.int(1), K.int(3)); // 1/3 ± (rounding of the quotient)
    const k = claims.le(B, K.mul(third, K.int(3)), K.int(1), 'third');
    expect(k.label).toBe('third');
    expect(k.rel).toBe('<=');
    const D = Decimal.clone({ precision: 60 });
    expect(new D(k.err).gte(new D(B.show(K.mul(third, K.int(3)).err)))).toBe(true);
    expect(judge(k).status).toBe('within'); // 3·fl(1/3) = 1 in f64: equal sides, within the bar
    // a certain violation survives: 1/3 ≤ 0.3 is violated by far more than the bar
    expect(judge(claims.le(B, third, K.num('0.3'), 'v')).status).toBe('violated');
    expect(judge(claims.ge(B, third, K.num('0.3'))).status).toBe('holds');
    expect(claims.eq(B, third, third).label).toBe('lhs==rhs');
  });

  it('a ball claim is caught when a side is a ball and the other is not, or when an explicit bar is passed', () => {
    const K = ballArith(B);
    const bad = claims.le as unknown as (...a: unknown[]) => unknown;
    expect(() => bad(B, K.int(1), 2, 'x')).toThrow(/both sides must be balls/);
    expect(() => bad(B, K.int(1), K.int(2), 1e-3, 'x')).toThrow(/the fourth argument is the label/);
    expect(() => bad(B, 1, 2)).toThrow(/explicit error bar/);
  });
});

describe('judge: the rest of the semantics (mutation testing)', () => {
  it('the vacuity ratio is taken against the side that bounds: lhs for <=, rhs for >=', () => {
    // >=: lhs = 1e13 ≥ rhs = 1 with gap 1e13 − 1 > 1e12·|rhs|: vacuous; gap 1e11 − 1 < 1e12·|rhs|: not
    expect(judge(c('1e13', '>=', '1', '1e-16')).vacuous).toBe(true);
    expect(judge(c('1e11', '>=', '1', '1e-16')).vacuous).toBe(false);
    // <=: the same numbers mirrored, tested against |lhs| (a ratio against |rhs| = 1e13 would call it not vacuous)
    expect(judge(c('1', '<=', '1e13', '1e-16')).vacuous).toBe(true);
  });

  it('only a claim that holds can be vacuous by ratio; a violated or within one never is', () => {
    expect(judge(c('1e13', '<=', '1', '1e-16'))).toMatchObject({ status: 'violated', vacuous: false });
    expect(judge(c('1', '>=', '1e13', '1e-16'))).toMatchObject({ status: 'violated', vacuous: false });
    expect(judge(c('1e13', '==', '1', '1e20'))).toMatchObject({ status: 'within', vacuous: true }); // scale ≤ err
    expect(judge(c('1e13', '==', '1', '1e-16'))).toMatchObject({ status: 'violated', vacuous: false });
  });

  it('both sides within the bar of 0 is vacuous exactly up to scale = err', () => {
    expect(judge(c('1', '<=', '1', '1')).vacuous).toBe(true); // max(|lhs|, |rhs|) = err
    expect(judge(c('1.0000001', '<=', '1.0000001', '1')).vacuous).toBe(false);
  });

  it('slack of an == claim is −|d|/max(|lhs|, |rhs|), never positive; equal zero sides have slack 0', () => {
    expect(judge(c('1', '==', '2', '2')).slack).toBe(-0.5);
    expect(judge(c('2', '==', '1', '2')).slack).toBe(-0.5);
    expect(judge(c('1', '==', '1', '0')).slack === 0).toBe(true);
    expect(judge(c('0', '<=', '0', '0')).slack).toBe(0); // scale 0: no relative slack to speak of
    expect(judge(c('-2', '>=', '-1', '0')).slack).toBe(-0.5); // gap = lhs − rhs = −1, scale = |−2|
  });

  it('an == claim is violated exactly when |d| exceeds the bar, from either side', () => {
    expect(judge(c('1.5', '==', '1', '0.5')).status).toBe('within');
    expect(judge(c('1.5', '==', '1', '0.4999')).status).toBe('violated');
    expect(judge(c('0.5', '==', '1', '0.4999')).status).toBe('violated');
  });

  it('holds needs the computed gap to exceed the bar strictly; equal to the bar is within', () => {
    expect(judge(c('0.9', '<=', '1', '0.1')).status).toBe('within');
    expect(judge(c('0.8999', '<=', '1', '0.1')).status).toBe('holds');
    expect(judge(c('1.1', '>=', '1', '0.1')).status).toBe('within');
    expect(judge(c('1.1001', '>=', '1', '0.1')).status).toBe('holds');
  });

  it('diff is lhs − rhs exactly, also for an invalid claim', () => {
    expect(judge(c('1', '<=', '0.3', '0')).diff).toBe('0.7');
    expect(judge(c('Infinity', '<=', '1', '0')).diff).toBe('Infinity');
    expect(Number.isNaN(judge(c('NaN', '<=', '1', '0')).slack)).toBe(true);
  });
});

describe('judgeEvidence: summary over the claims (mutation testing)', () => {
  it('minSlack is the smallest slack over the finite claims; NaN without claims', () => {
    const j = judgeEvidence({ claims: [c('1', '<=', '4', '0'), c('NaN', '<=', '1', '0'), c('1', '<=', '2', '0')] });
    expect(j.minSlack).toBe(0.5);
    expect(Number.isNaN(judgeEvidence({ claims: [] }).minSlack)).toBe(true);
  });

  it('a violated claim outranks an invalid one, whatever the order, and the reason names the first failing claim', () => {
    const bad = { ...c('NaN', '<=', '1', '0'), label: 'nan' };
    const over = { ...c('1.23456789', '<=', '0', '0'), label: 'over' };
    const j = judgeEvidence({ claims: [c('0', '<=', '1', '0'), bad, over] });
    expect(j.status).toBe('violated');
    expect(j.reason).toBe('nan: invalid (lhs − rhs = NaN)');
    // lhs − rhs to 6 significant digits in the reason
    expect(judgeEvidence({ claims: [over] }).reason).toBe('over: violated (lhs − rhs = 1.23457)');
    expect(judgeEvidence({ claims: [c('0', '<=', '1', '0')] }).reason).toBeUndefined();
  });

  it('vacuous: every claim vacuous, or marked by hand; one informative claim makes the sample informative', () => {
    const vac = c('1', '<=', '1e13', '1e-16');
    const info = c('1', '<=', '2', '0');
    expect(judgeEvidence({ claims: [vac, vac] }).vacuous).toBe(true);
    expect(judgeEvidence({ claims: [vac, info] }).vacuous).toBe(false);
    expect(judgeEvidence({ claims: [info], vacuous: true }).vacuous).toBe(true);
    expect(judgeEvidence({ claims: [info], vacuous: false }).vacuous).toBe(false);
  });

  it('hypothesis_violated and inconclusive carry their reason and judge no claim', () => {
    expect(judgeEvidence({ claims: [c('2', '<=', '1', '0')], hypothesisViolated: 'x > 1' })).toMatchObject({
      status: 'hypothesis_violated',
      reason: 'x > 1',
      judgements: [],
      vacuous: false,
    });
    expect(judgeEvidence({ claims: [c('2', '<=', '1', '0')], inconclusive: 'diverged' })).toMatchObject({
      status: 'inconclusive',
      reason: 'diverged',
      judgements: [],
      vacuous: false,
    });
    expect(() => judgeEvidence({ claims: 3 } as unknown as Parameters<typeof judgeEvidence>[0])).toThrow(
      /Evidence \{ claims: Claim\[\] \}/,
    );
  });
});

describe('claims builders: the bar (mutation testing)', () => {
  const B = f64Backend();
  const D = Decimal.clone({ precision: 80 });
  const u = new D(2).pow(-53);

  it('an explicit bar e becomes e·(1 + 2u) + 2u·(|lhs| + |rhs|), rounded up to 6 significant digits', () => {
    for (const [lhs, rhs, e] of [
      [0, 0, '1'],
      [3, -5, '0.25'],
      [1e300, 1, '1e290'],
    ] as const) {
      const k = claims.ge(B, lhs, rhs, e, 'x');
      const exact = new D(e).times(u.times(2).plus(1)).plus(u.times(2).times(new D(Math.abs(lhs)).plus(Math.abs(rhs))));
      expect(new D(k.err).gte(exact)).toBe(true);
      expect(new D(k.err).lte(exact.times('1.00001'))).toBe(true);
      expect(new D(k.err).sd()).toBeLessThanOrEqual(6);
      expect(k.rel).toBe('>=');
    }
  });

  it('a backend-scalar bar is shown and widened the same way', () => {
    const k = claims.le(B, 2, 1, 0.5, 'x');
    const exact = new D('0.5').times(u.times(2).plus(1)).plus(u.times(6));
    expect(new D(k.err).gte(exact) && new D(k.err).lte(exact.times('1.00001'))).toBe(true);
  });

  it('a non-finite side leaves the bar as given (the judge calls the claim invalid)', () => {
    const k = claims.le(B, Infinity, 1, '0.5', 'x');
    expect(k.err).toBe('0.5');
    expect(judge(k).status).toBe('invalid');
  });

  it('a malformed string bar is rejected naming the claim', () => {
    expect(() => claims.le(B, 1, 2, 'abc', 'mine')).toThrow(/claim mine: err/);
  });

  it('everyStep and each label every claim of a step that returns several', () => {
    const out = claims.everyStep([1, 2, 3], (a, b, k) => [
      claims.le(B, a, b, '0', 'lo'),
      claims.ge(B, b, k, '0', 'hi'),
    ]);
    expect(out.map((k) => k.label)).toEqual(['lo@0', 'hi@0', 'lo@1', 'hi@1']);
    expect(claims.everyStep([1], () => claims.le(B, 0, 1, '0', 'x'))).toEqual([]);
    expect(
      claims.each([5, 6], (x, i) => [claims.le(B, i, x, '0', 'a'), claims.le(B, i, x, '0', 'b')]).map((k) => k.label),
    ).toEqual(['a@0', 'b@0', 'a@1', 'b@1']);
  });

  it('roundoff takes an exact-string growth factor too, and the absolute values of the terms', () => {
    expect(claims.roundoff(B, '0.5', -4)).toBe(0.5 * 2 ** -53 * 4);
    expect(claims.roundoff(B, 1)).toBe(0);
  });

  it('the default labels name the relation', () => {
    const K = ballArith(B);
    expect(claims.le(B, K.int(1), K.int(2)).label).toBe('lhs<=rhs');
    expect(claims.ge(B, K.int(1), K.int(2)).label).toBe('lhs>=rhs');
    expect(claims.le(B, 1, 2, '0').label).toBe('lhs<=rhs');
    expect(claims.ge(B, 1, 2, '0').label).toBe('lhs>=rhs');
    expect(claims.eq(B, 1, 2, '0').label).toBe('lhs==rhs');
  });
});

describe('evidence helpers', () => {
  it('inconclusive carries its reason and observed quantities; hypothesisViolatedError is recognisable by name', () => {
    expect(inconclusive('slow', { steps: '10' })).toEqual({
      claims: [],
      inconclusive: 'slow',
      observed: { steps: '10' },
    });
    expect(inconclusive('slow')).toEqual({ claims: [], inconclusive: 'slow' });
    expect(hypothesisViolated('x < 0')).toEqual({ claims: [], hypothesisViolated: 'x < 0' });
    const e = hypothesisViolatedError('x < 0');
    expect([e.name, e.message]).toEqual(['HypothesisViolated', 'x < 0']);
  });
});

describe('claims: what survived the first mutation run', () => {
  it('a claim within its bar is never vacuous by ratio: it may still be violated', () => {
    // gap = 1 = err (within), |lhs| = 1e-13 so gap > 1e12·|lhs|, and scale = 1 + 1e-13 > err
    expect(judge(c('1e-13', '<=', '1.0000000000001', '1'))).toMatchObject({ status: 'within', vacuous: false });
    expect(judge(c('1.0000000000001', '>=', '1e-13', '1'))).toMatchObject({ status: 'within', vacuous: false });
  });

  it('an invalid claim is not vacuous (it goes to the referee, it is not excused)', () => {
    expect(judge(c('NaN', '<=', '1', '0'))).toMatchObject({ status: 'invalid', vacuous: false });
    expect(judge(c('0', '<=', '0', '-1'))).toMatchObject({ status: 'invalid', vacuous: false });
  });

  it('a malformed side or bar is rejected naming the claim and the field', () => {
    expect(() => judge({ ...c('x1', '<=', '1', '0'), label: 'mine' })).toThrow(/claim mine: lhs/);
    expect(() => judge({ ...c('1', '<=', '1.2.3', '0'), label: 'mine' })).toThrow(/claim mine: rhs/);
    expect(() => judge({ ...c('1', '<=', '1', ''), label: 'mine' })).toThrow(/claim mine: err/);
  });

  it('builder errors name the claim by its label, or by the relation when it has none', () => {
    const B = f64Backend();
    const K = ballArith(B);
    const bad = claims.le as unknown as (...a: unknown[]) => unknown;
    expect(() => bad(B, K.int(1), 2, 'mine')).toThrow(/^claim mine: both sides must be balls/);
    expect(() => bad(B, K.int(1), 2)).toThrow(/^claim lhs<=rhs: both sides must be balls/);
    expect(() => bad(B, K.int(1), K.int(2), 1e-3, 'mine')).toThrow(/^claim mine: with balls/);
    expect(() => bad(B, K.int(1), K.int(2), 1e-3)).toThrow(/^claim lhs<=rhs: with balls/);
    expect(() => bad(B, 1, 2, undefined, 'mine')).toThrow(/^claim mine: scalar sides need an explicit error bar/);
    expect(() => bad(B, 1, 2)).toThrow(/^claim lhs<=rhs: scalar sides need an explicit error bar/);
  });
});
