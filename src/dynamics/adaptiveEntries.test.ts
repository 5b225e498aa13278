/**
 * The adaptive steppers' `thm simulate` parts (./adaptiveEntries.ts): each kind runs from a spec, and bad
 * hyperparameters are InputErrors naming the field; one real `thm simulate` process checks the exit code and the
 * one-line message of an error raised while running (f_i* missing), not while parsing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { simulate } from '../simulate/simulate.js';
import { sandbox } from '../testing/thm.js';

/** Least squares F = (1/2)Σ ½(x_iᵀw − y_i)² on two samples (f_i* = 0: each row can be fitted alone). */
const base = {
  model: { kind: 'linearClassifier', w: ['0', '0'] },
  data: {
    x: [
      ['1', '0.5'],
      ['-0.5', '1'],
    ],
    y: ['1', '-1'],
  },
  loss: 'square',
  steps: 8,
  save: { every: 4 },
  diagnostics: ['loss'],
};

function inputMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isInputError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('thm simulate with the adaptive steppers', () => {
  const kinds = [
    { kind: 'spsMax', c: '0.5', gammaB: '1', seed: 3, fStar: '0' },
    { kind: 'decSps', c0: '1', gammaB: '1', seed: 3, fStar: ['0', '0'] },
    { kind: 'ngn', lr: '1', seed: 3 },
    { kind: 'ngnDec', lr: '1', seed: 3 },
    { kind: 'adagradNormMax', lr: '1', b0: '0.5', seed: 3 },
  ];
  for (const stepper of kinds) {
    it(`${stepper.kind}: runs and decreases the loss from w = 0`, () => {
      const r = simulate({ ...base, stepper }, { backend: 'dd' });
      expect(r.result).toBe('ok');
      const loss = r.trajectory.map((p) => Number((p as unknown as { loss: string }).loss));
      expect(loss[loss.length - 1]!).toBeLessThan(loss[0]!);
    });
  }

  it('rejects non-positive hyperparameters and a wrong fStar naming the field', () => {
    const sim = (stepper: object) => () => simulate({ ...base, stepper }, { backend: 'f64' });
    expect(inputMessage(sim({ kind: 'spsMax', c: '0', gammaB: '1', seed: 1 }))).toMatch(
      /^spec\.stepper\.c: 0 must be > 0 \(the constant c of the SPSmax step size\)/,
    );
    expect(inputMessage(sim({ kind: 'spsMax', c: '1', gammaB: '-1', seed: 1 }))).toMatch(
      /^spec\.stepper\.gammaB: -1 must be > 0/,
    );
    expect(inputMessage(sim({ kind: 'decSps', c0: '-2', gammaB: '1', seed: 1 }))).toMatch(/^spec\.stepper\.c0: /);
    expect(inputMessage(sim({ kind: 'ngn', lr: '0', seed: 1 }))).toMatch(/^spec\.stepper\.lr: 0 must be > 0/);
    expect(inputMessage(sim({ kind: 'adagradNormMax', lr: '1', b0: '0', seed: 1 }))).toMatch(
      /^spec\.stepper\.b0: 0 must be > 0/,
    );
    expect(inputMessage(sim({ kind: 'ngn', lr: '1' }))).toMatch(/^spec\.stepper\.seed: is required for ngn/);
    expect(inputMessage(sim({ kind: 'spsMax', c: '1', gammaB: '1', seed: 1, fStar: ['0'] }))).toMatch(
      /^spec\.stepper\.fStar: has length 1, expected 2 \(one f_i\* per sample\)/,
    );
    expect(inputMessage(sim({ kind: 'ngn', eta: '1', seed: 1 }))).toMatch(
      /^spec\.stepper\.eta: the learning rate is called "lr"/,
    );
  });
});

const sb = sandbox('thm-adaptive');
afterAll(() => sb.cleanup());

describe('thm simulate (real process)', () => {
  it('spsMax on a model objective without fStar: exit 2, one line saying f_i* is missing and how to give it', () => {
    const spec = path.join(sb.tmp, 'sps.json');
    fs.writeFileSync(spec, JSON.stringify({ ...base, stepper: { kind: 'spsMax', c: '1', gammaB: '1', seed: 1 } }));
    const r = sb.thm('simulate', '--spec', spec, '--backend', 'f64');
    expect(r.code).toBe(2);
    const lines = r.err.trim().split('\n');
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/spsMax needs f_i\* = inf f_i for every sample .*: give fStar/);
  });
});
