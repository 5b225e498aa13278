import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { backendFromId } from './registry.js';

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
    expect(() => backendFromId('dec:x')).toThrow("backend: unknown id 'dec:x' (use f64, dd or dec:<digits>)");
    for (const id of ['', 'F64', 'double', 'dec:', 'dec:050', 'dec:+50', 'dec:50.0', 'dec: 50', 'dec50']) {
      expect(() => backendFromId(id)).toThrow(`backend: unknown id '${id}' (use f64, dd or dec:<digits>)`);
    }
  });

  it('rejects dec precisions outside 10..1000, saying which range to use', () => {
    expect(() => backendFromId('dec:9')).toThrow("backend: 'dec:9' has 9 digits; use dec:<digits> with 10 ≤ digits ≤ 1000");
    expect(() => backendFromId('dec:1001')).toThrow(/10 ≤ digits ≤ 1000/);
    expect(() => backendFromId('dec:99999999999')).toThrow(/unknown id/);
  });
});
