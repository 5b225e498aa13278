import { describe, expect, it } from 'vitest';
import { intOption, parse } from './args.js';

const OPTS = { seed: { type: 'string' }, runs: { type: 'string' }, json: { type: 'boolean' } } as const;
const msg = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect((e as Error).name).toBe('InputError');
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('parse', () => {
  it('takes a negative number after a string option as its value, in every spelling', () => {
    for (const argv of [['--seed', '-2045161133'], ['--seed=-2045161133']]) {
      expect(parse('check', argv, OPTS).values.seed).toBe('-2045161133');
    }
    expect(parse('check', ['a', '--seed', '-5', 'b'], OPTS)).toEqual({
      values: { seed: '-5' },
      positionals: ['a', 'b'],
    });
    expect(parse('check', ['--runs', '-1'], OPTS).values.runs).toBe('-1');
  });

  it('leaves a negative number after a boolean option, or after --, as a positional', () => {
    expect(parse('x', ['--json', '--', '-5'], OPTS).positionals).toEqual(['-5']);
    expect(msg(() => parse('x', ['--json', '-5'], OPTS))).toBe('x: unknown option "-5" (see thm help)');
  });

  it('says what is wrong in one line', () => {
    expect(msg(() => parse('check', ['--seed'], OPTS))).toBe('check: --seed: missing value (see thm help)');
    expect(msg(() => parse('check', ['--seed', '--runs'], OPTS))).toBe(
      'check: --seed: its value starts with "-"; write --seed=VALUE (see thm help)',
    );
    expect(msg(() => parse('check', ['--nope'], OPTS))).toBe('check: unknown option "--nope" (see thm help)');
    expect(msg(() => parse('check', ['--seed='], OPTS))).toBe('check: --seed: empty value');
    expect(msg(() => parse('check', ['--seed', ''], OPTS))).toBe('check: --seed: empty value');
  });
});

describe('intOption', () => {
  it('accepts exactly the integers in range', () => {
    expect(intOption('-2045161133', 'seed', { signed: true })).toBe(-2045161133);
    expect(intOption('2147483647', 'seed', { signed: true })).toBe(2 ** 31 - 1);
    expect(intOption('500', 'digits', { min: 10, max: 500 })).toBe(500);
    expect(intOption(undefined, 'runs')).toBeUndefined();
  });

  it('names the option, the value and the range', () => {
    expect(msg(() => intOption('-1', 'runs'))).toBe('--runs: "-1" must be an integer ≥ 1');
    expect(msg(() => intOption('2147483648', 'seed', { signed: true }))).toBe(
      '--seed: "2147483648" must be a 32-bit integer',
    );
    expect(msg(() => intOption('501', 'digits', { min: 10, max: 500 }))).toBe(
      '--digits: "501" must be an integer in [10, 500]',
    );
    expect(msg(() => intOption('5', 'digits', { min: 10, max: 500 }))).toBe(
      '--digits: "5" must be an integer in [10, 500]',
    );
    expect(msg(() => intOption('1e3', 'runs'))).toBe('--runs: "1e3" must be an integer ≥ 1');
  });
});
