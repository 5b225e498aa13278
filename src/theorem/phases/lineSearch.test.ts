import { describe, expect, it } from 'vitest';
import { lineSearch, type Along } from './lineSearch.js';

/** `f` with a log of the positions it was asked for. */
function logged(f: (p: number) => number): { along: Along; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    along: (p) => {
      calls.push(p);
      return Promise.resolve(f(p));
    },
  };
}

const RES = 1e-6; // a draw over 10⁶ + 1 integers

describe('lineSearch', () => {
  it('finds the minimum of a unimodal score far from the start, in O(log(1/res)) evaluations', async () => {
    // the score of the planted horizon claim along λ for T = 40: −ln λ − 80 ln(1 − λ), minimal at λ = 1/81
    const { along, calls } = logged((p) => -Math.log(p) - 80 * Math.log1p(-p));
    const p0 = 0.7;
    const r = await lineSearch(along, p0, -Math.log(p0) - 80 * Math.log1p(-p0), 60, RES);
    expect(Math.abs(r.p - 1 / 81)).toBeLessThan(1e-4);
    expect(r.spent).toBe(calls.length);
    expect(r.spent).toBeLessThan(45);
    expect(new Set(calls).size).toBe(calls.length); // no position evaluated twice
    for (const p of calls) expect(Math.abs(p / RES - Math.round(p / RES))).toBeLessThan(1e-6); // on the grid
  });

  it('stops at the first −∞ (a failure) inside a narrow window, long before the bracket is resolved', async () => {
    const { along } = logged((p) => (Math.abs(p - 0.3141) < 0.002 ? -Infinity : Math.abs(p - 0.3141)));
    const r = await lineSearch(along, 0.9, 0.9 - 0.3141, 100, RES);
    expect(r.f).toBe(-Infinity);
    expect(Math.abs(r.p - 0.3141)).toBeLessThan(0.002);
    expect(r.spent).toBeLessThan(20);
  });

  it('runs to the end of the range when the score keeps falling', async () => {
    const { along } = logged((p) => p);
    const r = await lineSearch(along, 0.5, 0.5, 50, RES);
    expect(r.p).toBe(0);
    expect(r.f).toBe(0);
  });

  it('keeps the start when both neighbours are worse, and never exceeds its budget', async () => {
    const { along, calls } = logged((p) => Math.abs(p - 0.25));
    const r = await lineSearch(along, 0.25, 0, 5, RES);
    expect(r).toEqual({ p: 0.25, f: 0, spent: 5 });
    expect(calls).toHaveLength(5);
  });

  it('treats a sample that says nothing (NaN) as worse than any score', async () => {
    const { along } = logged((p) => (p < 0.5 ? NaN : p));
    const r = await lineSearch(along, 0.8, 0.8, 40, RES);
    expect(r.p).toBeGreaterThanOrEqual(0.5);
    expect(r.p).toBeLessThan(0.5 + 1e-4);
  });

  it('on a coarse draw (5 values) tries each position at most once and ends', async () => {
    const { along, calls } = logged((p) => Math.abs(p - 0.75));
    const r = await lineSearch(along, 0, 0.75, 50, 0.25);
    expect(r.p).toBe(0.75);
    expect(calls.length).toBeLessThanOrEqual(4);
  });
});
