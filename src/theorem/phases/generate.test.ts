import { describe, expect, it } from 'vitest';
import { judgeEvidence } from '../claims.js';
import type { Claim } from '../types.js';
import { slackScore } from './generate.js';

const le = (lhs: string, rhs: string): Claim => ({ label: 'c', lhs, rel: '<=', rhs, err: '0' });
const score = (...claims: Claim[]) => slackScore(judgeEvidence({ claims }));

describe('slackScore: the smallest slack, unsaturated', () => {
  it('is the slack up to 1/2 and continuous there', () => {
    expect(score(le('0.9', '1'))).toBeCloseTo(0.1, 15);
    expect(score(le('3', '1'))).toBeCloseTo(-2 / 3, 15);
    expect(score(le('0.5', '1'))).toBe(0.5);
    expect(score(le('0.4999999', '1'))).toBeCloseTo(0.5, 6);
  });

  it('orders bounds whose slack rounds to exactly 1 in double precision by their ratio', () => {
    const far = judgeEvidence({ claims: [le('1e-40', '1')] });
    const farther = judgeEvidence({ claims: [le('1e-60', '1')] });
    expect(far.minSlack).toBe(1);
    expect(farther.minSlack).toBe(1); // the plain slack cannot tell them apart
    expect(slackScore(far)).toBeLessThan(slackScore(farther));
    expect(slackScore(far)).toBeCloseTo(0.5 + Math.log(0.5e40), 9);
  });

  it('keeps the order of the slack over 1/2 and takes the smallest over the claims', () => {
    const xs = ['0.4', '0.1', '1e-3', '1e-9'].map((l) => score(le(l, '1')));
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
    expect(score(le('1e-9', '1'), le('0.8', '1'))).toBeCloseTo(0.2, 15);
  });

  it('a ratio that underflows or a side ≤ 0 ranks after every positive ratio', () => {
    expect(score(le('0', '1'))).toBeGreaterThan(score(le('1e-300', '1')));
    expect(score(le('-1', '1'))).toBeGreaterThan(score(le('1e-300', '1')));
    expect(score(le('1e-400', '1'))).toBeGreaterThan(score(le('1e-300', '1')));
  });
});
