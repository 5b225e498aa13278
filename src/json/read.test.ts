import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { count, isUnitLabel, num, positive } from './read.js';

/** The one-line InputError message of f. */
function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isInputError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('json field readers', () => {
  it('positive: accepts every exact form of a value > 0, rejects 0 in every form and negatives', () => {
    for (const x of ['1', '0.5', '1e-300', '2e+3', '+0.25', '10e-999']) expect(positive(x, 'p', 'a rate')).toBe(x);
    for (const x of ['0', '-0', '+0', '0.000', '0e5', '0.0e-7', '-1', '-1e-300'])
      expect(message(() => positive(x, 'spec.lr', 'a rate'))).toBe(`spec.lr: ${x} must be > 0 (a rate)`);
  });

  it('num and count name the field and say what to write', () => {
    expect(message(() => num(0.1, 'spec.x'))).toBe(
      'spec.x: JS number 0.1; write it as an exact decimal string ("0.1")',
    );
    expect(message(() => num('Infinity', 'spec.x'))).toMatch(/^spec\.x: "Infinity" is not/);
    expect(message(() => count(1.5, 'spec.steps', 0))).toBe('spec.steps: 1.5 must be an integer');
  });

  it('isUnitLabel: ±1 in any exact form, nothing else', () => {
    for (const y of ['1', '-1', '+1', '1.0', '-1.000', '10e-1', '0.1e1', '0001', '100e-2'])
      expect(isUnitLabel(y), y).toBe(true);
    for (const y of ['0', '2', '0.5', '-0.999', '1.5e0', '100e-1', '1e1', '11e-1', '1e99999999999999999999'])
      expect(isUnitLabel(y), y).toBe(false);
  });
});
