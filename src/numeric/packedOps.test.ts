/**
 * packed.ts: zero arrays of any length (the cached small templates and the cached long ones), the finiteness scan
 * and concatenation.
 */
import { describe, expect, it } from 'vitest';
import { allFinite, concatDoubles, doubles } from './packed.js';

const allZero = (z: readonly number[]): boolean => z.every((v) => Object.is(v, 0));

describe('doubles', () => {
  // (the uncached path past 2^20 entries differs from the cached long one only in memory use: not tested, for speed)
  it('gives n zeros at both size classes: small (≤ 4096, cached templates) and long', () => {
    for (const n of [0, 1, 2, 4095, 4096, 4097, 70_000]) {
      const a = doubles(n);
      expect(a.length).toBe(n);
      expect(allZero(a)).toBe(true);
      if (n > 0) {
        a[n - 1] = 3.5;
        a[0] = 2.5;
      }
      const b = doubles(n);
      expect(b).not.toBe(a);
      expect(allZero(b)).toBe(true);
    }
  });

  it('rejects negative, fractional, non-finite and unsafe lengths naming the length', () => {
    for (const n of [-1, -4097, 0.5, 4096.5, 5000.5, NaN, Infinity, 2 ** 53])
      expect(() => doubles(n)).toThrow(`vector length ${n} is not a non-negative integer`);
  });
});

describe('allFinite / concatDoubles', () => {
  it('allFinite is false as soon as one entry is ±Infinity or NaN, wherever it is', () => {
    expect(allFinite([])).toBe(true);
    expect(allFinite([1, -2, 0, 5e-324, 1.7e308])).toBe(true);
    for (const bad of [Infinity, -Infinity, NaN])
      for (const at of [0, 1, 2]) {
        const x = [1, 2, 3];
        x[at] = bad;
        expect(allFinite(x)).toBe(false);
      }
  });

  it('concatDoubles joins the arrays in order, empty ones included, into a fresh array', () => {
    const a = [1, 2];
    const z = concatDoubles([a, [], [3], [4, 5, 6], []]);
    expect(z).toEqual([1, 2, 3, 4, 5, 6]);
    expect(z).not.toBe(a);
    expect(concatDoubles([])).toEqual([]);
    expect(concatDoubles([[], []])).toEqual([]);
    const one = concatDoubles([a]);
    expect(one).toEqual(a);
    expect(one).not.toBe(a);
  });
});
