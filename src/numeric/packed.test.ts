/** `doubles`: fresh zero arrays at every length, also past the small-template range (templates never handed out). */
import { describe, expect, it } from 'vitest';
import { doubles } from './packed.js';

describe('doubles', () => {
  it('returns a fresh array of zeros each call, for short and long lengths and after writes into earlier results', () => {
    for (const n of [0, 1, 4096, 4097, 20_000]) {
      const a = doubles(n);
      expect(a.length).toBe(n);
      a.fill(7.5);
      const b = doubles(n);
      expect(b).not.toBe(a);
      expect(b.every((v) => Object.is(v, 0))).toBe(true);
    }
  });

  it('keeps working when more long lengths are asked than there are template slots', () => {
    for (let k = 0; k < 10; k++) {
      const z = doubles(5000 + k);
      z[0] = 1;
      expect(doubles(5000 + k)[0]).toBe(0);
    }
    expect(doubles(5000)[0]).toBe(0);
  });

  it('rejects a length that is not a non-negative integer', () => {
    expect(() => doubles(-1)).toThrow(RangeError);
    expect(() => doubles(1.5)).toThrow(/non-negative integer/);
  });
});
