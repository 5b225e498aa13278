import { describe, expect, it } from 'vitest';
import type { Claim } from '../theorem/types.js';
import { claimSeries } from './claimSides.js';

const le = (label: string, lhs: string, rhs: string, err = '0'): Claim => ({ label, lhs, rel: '<=', rhs, err });

describe('claimSeries', () => {
  it('puts the claims name@k at x = k, both sides, and flags exactly the certified violations', () => {
    // 1.5 ≤ 1 is violated beyond its bar 0.1; 1.05 ≤ 1 is not certified (bar 0.1 covers the gap); 0.5 ≤ 1 holds
    const s = claimSeries([le('c@2', '0.5', '1', '0.1'), le('c@4', '1.05', '1', '0.1'), le('c@8', '1.5', '1', '0.1')]);
    expect(s.stepped).toBe(true);
    expect(s.points.filter((p) => p.side === 'lhs').map((p) => [p.x, p.value, p.violated])).toEqual([
      [2, 0.5, false],
      [4, 1.05, false],
      [8, 1.5, true],
    ]);
    expect(s.points.filter((p) => p.side === 'rhs').map((p) => p.value)).toEqual([1, 1, 1]);
  });

  it('uses the position among claims of the same name when a label carries no step', () => {
    const s = claimSeries([le('a@1', '1', '2'), le('b', '3', '4'), le('a@2', '5', '6')]);
    expect(s.stepped).toBe(false);
    expect(s.points.filter((p) => p.side === 'lhs').map((p) => [p.claim, p.x])).toEqual([
      ['a', 0],
      ['a', 1],
      ['b', 0],
    ]);
  });

  it('drops claims with a side beyond double range and thins long series, keeping violated claims', () => {
    expect(claimSeries([le('x@1', '1e400', '1'), le('x@2', '1', '2')]).dropped).toBe(1);
    const many = Array.from({ length: 100 }, (_, k) => le(`t@${k}`, k === 37 ? '3' : '1', '2'));
    const s = claimSeries(many, 10);
    const xs = s.points.filter((p) => p.side === 'lhs').map((p) => p.x);
    expect(xs).toContain(37);
    expect(xs).toContain(0);
    expect(xs).toContain(99);
    expect(s.thinned).toBe(100 - xs.length);
    expect(xs.length).toBe(11);
  });
});
