import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { mpfrBackend } from './mpfr.js';
import { initMpfr } from './mpfrInit.js';
import { backendFromId } from './registry.js';

await initMpfr();

describe('backendFromId', () => {
  it('builds f64, dd and dec:<digits> backends whose id is the requested id', () => {
    for (const id of ['f64', 'dd', 'dec:10', 'dec:50', 'dec:1000']) expect(backendFromId(id).id).toBe(id);
    expect(backendFromId('dec:50').digits).toBe(50);
  });

  it('returns one cached instance per id, the same one decBackend(p) returns', () => {
    expect(backendFromId('f64')).toBe(backendFromId('f64'));
    expect(backendFromId('dd')).toBe(backendFromId('dd'));
    expect(backendFromId('dec:34')).toBe(backendFromId('dec:34'));
    expect(backendFromId('dec:34')).toBe(decBackend(34));
  });

  it('rejects an unknown id with a message listing the valid ones', () => {
    expect(() => backendFromId('dec:x')).toThrow(
      "backend: unknown id 'dec:x' (use f64, dd, dec:<digits> or mpfr:<digits>)",
    );
    for (const id of ['', 'F64', 'double', 'dec:', 'dec:050', 'dec:+50', 'dec:50.0', 'dec: 50', 'dec50']) {
      expect(() => backendFromId(id)).toThrow(
        `backend: unknown id '${id}' (use f64, dd, dec:<digits> or mpfr:<digits>)`,
      );
    }
  });

  it('rejects dec precisions outside 10..1000, saying which range to use', () => {
    expect(() => backendFromId('dec:9')).toThrow(
      "backend: 'dec:9' has 9 digits; use dec:<digits> with 10 ≤ digits ≤ 1000",
    );
    expect(() => backendFromId('dec:1001')).toThrow(/10 ≤ digits ≤ 1000/);
    expect(() => backendFromId('dec:99999999999')).toThrow(/unknown id/);
  });

  it('builds mpfr:<digits> (one cached instance per id, the same one mpfrBackend(p) returns)', () => {
    for (const id of ['mpfr:10', 'mpfr:50', 'mpfr:1000']) expect(backendFromId(id).id).toBe(id);
    expect(backendFromId('mpfr:50')).toBe(mpfrBackend(50));
    expect(backendFromId('mpfr:50').digits).toBe(50);
  });

  it('rejects bad mpfr precisions with one line naming the id and the valid range', () => {
    for (const id of [
      'mpfr:0',
      'mpfr:-5',
      'mpfr:1.5',
      'mpfr:050',
      'mpfr:',
      'mpfr:x',
      'mpfr:9',
      'mpfr:1001',
      'mpfr:99999999999',
      'mpfr:1e3',
    ]) {
      expect(() => backendFromId(id)).toThrow(
        `backend: '${id}' is not a valid precision; use mpfr:<digits> with 10 ≤ digits ≤ 1000 (an integer, no leading zeros)`,
      );
      let msg = '';
      try {
        backendFromId(id);
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).not.toContain('\n');
    }
  });
});
