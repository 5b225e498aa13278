/**
 * backendFromId: the id grammar (f64, dd, dec:<digits>, mpfr:<digits>, canonical digits only, at most 9 of them), the
 * accepted precision range at both ends, one cached instance per id, and one-line RangeErrors naming the id.
 */
import { describe, expect, it } from 'vitest';
import { initMpfr } from './mpfrInit.js';
import {
  backendFromId,
  DEC_ID_MAX_DIGITS,
  DEC_ID_MIN_DIGITS,
  MPFR_ID_MAX_DIGITS,
  MPFR_ID_MIN_DIGITS,
} from './registry.js';

await initMpfr();

/** The message of the error backendFromId throws for id (fails the test when it does not throw). */
function errorOf(id: string): string {
  try {
    backendFromId(id);
  } catch (e) {
    expect(e).toBeInstanceOf(RangeError);
    return (e as Error).message;
  }
  throw new Error(`backendFromId('${id}') did not throw`);
}

describe('backendFromId: ids and precisions', () => {
  it('accepts exactly 10..1000 digits for dec and mpfr, as documented by the exported bounds', () => {
    expect([DEC_ID_MIN_DIGITS, DEC_ID_MAX_DIGITS, MPFR_ID_MIN_DIGITS, MPFR_ID_MAX_DIGITS]).toEqual([
      10, 1000, 10, 1000,
    ]);
    for (const p of [10, 11, 999, 1000]) {
      expect(backendFromId(`dec:${p}`).digits).toBe(p);
      expect(backendFromId(`mpfr:${p}`).id).toBe(`mpfr:${p}`);
    }
    expect(backendFromId('f64').id).toBe('f64');
    expect(backendFromId('dd').id).toBe('dd');
  });

  it('a dec precision out of range names the id and the digits; nine digits still parse, ten do not', () => {
    expect(errorOf('dec:123456789')).toBe(
      "backend: 'dec:123456789' has 123456789 digits; use dec:<digits> with 10 ≤ digits ≤ 1000",
    );
    expect(errorOf('dec:1001')).toBe("backend: 'dec:1001' has 1001 digits; use dec:<digits> with 10 ≤ digits ≤ 1000");
    expect(errorOf('dec:1')).toBe("backend: 'dec:1' has 1 digits; use dec:<digits> with 10 ≤ digits ≤ 1000");
    expect(errorOf('dec:1234567890')).toBe(
      "backend: unknown id 'dec:1234567890' (use f64, dd, dec:<digits> or mpfr:<digits>)",
    );
    for (const id of ['xdec:50', 'dec:50x', 'f64 ', ' dd', 'mpfr', 'Mpfr:50'])
      expect(errorOf(id)).toBe(`backend: unknown id '${id}' (use f64, dd, dec:<digits> or mpfr:<digits>)`);
  });

  it('an mpfr precision that is not a canonical integer in range names the id; nine digits parse, ten do not', () => {
    const msg = (id: string): string =>
      `backend: '${id}' is not a valid precision; use mpfr:<digits> with 10 ≤ digits ≤ 1000 (an integer, no leading zeros)`;
    for (const id of ['mpfr:123456789', 'mpfr:1234567890', 'mpfr: 50', 'mpfr:50 ', 'mpfr:+50', 'mpfr:1'])
      expect(errorOf(id)).toBe(msg(id));
    for (const id of ['dec:5', 'mpfr:5', 'nope']) expect(errorOf(id)).not.toContain('\n');
  });

  it('caches one instance per id and does not cache failures', () => {
    expect(backendFromId('dec:11')).toBe(backendFromId('dec:11'));
    expect(backendFromId('mpfr:11')).toBe(backendFromId('mpfr:11'));
    expect(backendFromId('dec:11')).not.toBe(backendFromId('dec:12'));
    expect(errorOf('dec:9')).toBe(errorOf('dec:9'));
  });
});
