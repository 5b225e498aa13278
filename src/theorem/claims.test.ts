import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { f64Backend } from '../numeric/f64.js';
import { claims, judge, judgeEvidence } from './claims.js';
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
