import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json/read.js';
import { betaField, checkStepperKeys, LR_ALIASES, lrField, potentialField, stochasticFields } from './json.js';

const P = 'spec.stepper';

/** The InputError `read` throws: its one-line message must start with the field's path (the CLI prints it, exit 2). */
function inputErrorOf(read: () => unknown): Error {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).name).toBe('InputError');
    return e as Error;
  }
  throw new Error('expected an InputError, but the reader returned');
}

/** Asserts `read` fails naming `field` first, with `what` in the message. */
function rejects(read: () => unknown, field: string, what: string | RegExp): void {
  const { message } = inputErrorOf(read);
  expect(message.startsWith(`${field}: `)).toBe(true);
  if (typeof what === 'string') expect(message).toContain(what);
  else expect(message).toMatch(what);
}

describe('lrField', () => {
  it('returns the exact decimal string of a positive learning rate', () => {
    expect(lrField({ lr: '0.1' }, P)).toBe('0.1');
    expect(lrField({ lr: '1e-3' }, P)).toBe('1e-3');
  });

  it('requires "lr", saying what it is', () => {
    rejects(() => lrField({}, P), `${P}.lr`, 'is required (the learning rate η > 0');
  });

  it('rejects η ≤ 0 and non-decimals, naming the field and the learning rate', () => {
    rejects(() => lrField({ lr: '0' }, P), `${P}.lr`, 'must be > 0 (the learning rate η)');
    rejects(() => lrField({ lr: '-0.5' }, P), `${P}.lr`, 'must be > 0 (the learning rate η)');
    rejects(() => lrField({ lr: 0.1 }, P), `${P}.lr`, 'JS number');
  });
});

describe('betaField', () => {
  it('returns β as given, 0 included (heavy ball with β = 0 is GD)', () => {
    expect(betaField({ beta: '0.9' }, P)).toBe('0.9');
    expect(betaField({ beta: '0' }, P)).toBe('0');
  });

  it('requires "beta", saying what it is', () => {
    rejects(() => betaField({}, P), `${P}.beta`, 'is required (the momentum coefficient β');
  });

  it('rejects a value that is not an exact decimal, naming the field', () => {
    rejects(() => betaField({ beta: 'abc' }, P), `${P}.beta`, 'is not an exact decimal string');
  });
});

describe('stochasticFields', () => {
  const n = 3;

  it('defaults to the full batch and no noise; "full" is the full batch', () => {
    expect(stochasticFields({ seed: 7 }, P, n)).toEqual({ seed: 7, batch: 'full', noise: null });
    expect(stochasticFields({ seed: 0, batch: 'full' }, P, n)).toEqual({ seed: 0, batch: 'full', noise: null });
  });

  it('accepts every batch size 1 ≤ b ≤ n (number or digit string) and a noise scale', () => {
    for (let b = 1; b <= n; b++) {
      expect(stochasticFields({ seed: 1, batch: b }, P, n).batch).toBe(b);
      expect(stochasticFields({ seed: 1, batch: String(b) }, P, n).batch).toBe(b);
    }
    expect(stochasticFields({ seed: '42', noise: '0.5' }, P, n)).toEqual({ seed: 42, batch: 'full', noise: '0.5' });
  });

  it('rejects a batch larger than the number of samples, saying both', () => {
    rejects(
      () => stochasticFields({ seed: 1, batch: n + 1 }, P, n),
      `${P}.batch`,
      '4 exceeds the number of samples (3)',
    );
  });

  it('rejects a batch below 1 or not an integer, naming the field', () => {
    rejects(() => stochasticFields({ seed: 1, batch: 0 }, P, n), `${P}.batch`, 'integer ≥ 1');
    rejects(() => stochasticFields({ seed: 1, batch: 1.5 }, P, n), `${P}.batch`, 'must be an integer');
    rejects(() => stochasticFields({ seed: 1, batch: 'half' }, P, n), `${P}.batch`, 'must be an integer');
  });

  it('requires a non-negative integer seed', () => {
    rejects(() => stochasticFields({}, P, n), `${P}.seed`, 'is required for stochastic steppers');
    rejects(() => stochasticFields({ seed: -1 }, P, n), `${P}.seed`, 'non-negative integer');
  });

  it('reads the noise scale as an exact decimal, naming the field on error', () => {
    rejects(() => stochasticFields({ seed: 1, noise: 0.5 }, P, n), `${P}.noise`, 'JS number');
  });
});

describe('potentialField', () => {
  it('defaults to the squared potential (mirror descent is then GD)', () => {
    expect(potentialField({}, P)).toEqual({ name: 'squared' });
  });

  it('reads a named or parameterized potential', () => {
    expect(potentialField({ potential: 'squaredPlusCubic' }, P)).toEqual({ name: 'squaredPlusCubic' });
    expect(potentialField({ potential: { hypentropy: '0.5' } }, P)).toEqual({ name: 'hypentropy', param: '0.5' });
  });

  it('names the field on a bad potential', () => {
    rejects(() => potentialField({ potential: 'nope' }, P), `${P}.potential`, 'unknown potential "nope"');
  });
});

describe('checkStepperKeys', () => {
  const o = (x: JsonObject): JsonObject => x;

  it('accepts "kind" and the listed fields', () => {
    expect(() => checkStepperKeys(o({ kind: 'gd', lr: '0.1' }), P, 'gd', ['lr'])).not.toThrow();
  });

  it('tells a learning rate given under another name to use "lr"', () => {
    for (const alias of LR_ALIASES) {
      rejects(
        () => checkStepperKeys(o({ kind: 'gd', [alias]: '0.1' }), P, 'gd', ['lr']),
        `${P}.${alias}`,
        'the learning rate is called "lr" (write "lr": "0.1")',
      );
    }
  });

  it('lets an entry that declares an alias as its own field keep it', () => {
    expect(() => checkStepperKeys(o({ kind: 'x', eta: '0.1' }), P, 'x', ['eta'])).not.toThrow();
  });

  it('rejects any other key, naming it and what the stepper takes', () => {
    rejects(
      () => checkStepperKeys(o({ kind: 'gd', lr: '0.1', bta: '0' }), P, 'gd', ['lr']),
      `${P}.bta`,
      /gd takes kind, lr/,
    );
  });
});
