import { describe, expect, it } from 'vitest';
import { f64Backend } from './f64.js';

const B = f64Backend();

describe('f64 backend storage', () => {
  it('stores vectors as plain arrays of doubles and exports a Float64Array copy from toNumbers', () => {
    const x = B.vec(['0.5', '-0', '3']);
    expect(Array.isArray(x)).toBe(true);
    expect(Object.is(x[1], -0)).toBe(true);
    const t = B.toNumbers(x);
    expect(t).toBeInstanceOf(Float64Array);
    expect(Array.from(t)).toEqual([0.5, -0, 3]);
    t[0] = 9;
    expect(x[0]).toBe(0.5);
  });
  it('never grows a vector: with, basis and at reject an index outside [0, n)', () => {
    const x = B.zeros(2);
    expect(() => B.with(x, 2, 1)).toThrow(/with: index 2/);
    expect(() => B.basis(2, -1)).toThrow(/basis: index -1/);
    expect(() => B.at(x, 5)).toThrow(/at: index 5/);
    expect(B.with(x, 1, 7)).toEqual([0, 7]);
    expect(x).toEqual([0, 0]);
    expect(() => B.zeros(-1)).toThrow(RangeError);
  });
  it('keeps reshape/flatten zero-copy over the same array', () => {
    const v = B.vec(['1', '2', '3', '4']);
    expect(B.flatten(B.reshape(v, 2, 2))).toBe(v);
  });
});
