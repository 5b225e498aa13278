/**
 * The adaptive steppers' `thm simulate` parts (./adaptiveEntries.ts): each kind runs from a spec, and bad
 * hyperparameters are InputErrors naming the field; one real `thm simulate` process checks the exit code and the
 * one-line message of an error raised while running (f_i* missing), not while parsing.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { finiteSum } from '../finiteSum/finiteSum.js';
import { FINITE_SUMS } from '../finiteSum/index.js';
import { f64Backend } from '../numeric/f64.js';
import { ADAPTIVE_STEPPERS } from './adaptiveEntries.js';
import { run } from './run.js';
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

describe('the registry entries themselves (parse, make, error growth)', () => {
  const P = 'spec.stepper';
  const size = { nSamples: 2 };

  it('parse: seed is required, fStar is optional (absent stays absent), a wrong-length fStar names the field', () => {
    expect(inputMessage(() => ADAPTIVE_STEPPERS.spsMax.json.parse({ c: '1', gammaB: '1' }, P, size))).toMatch(
      /^spec\.stepper\.seed: is required for spsMax \(a non-negative integer, e\.g\. 42\)$/,
    );
    expect(inputMessage(() => ADAPTIVE_STEPPERS.ngn.json.parse({ lr: '1', seed: -3 }, P, size))).toMatch(
      /^spec\.stepper\.seed: /,
    );
    expect(
      inputMessage(() => ADAPTIVE_STEPPERS.spsMax.json.parse({ c: '1', gammaB: '1', seed: 4, fStar: 'low' }, P, size)),
    ).toMatch(/^spec\.stepper\.fStar: /);
    const spec = ADAPTIVE_STEPPERS.spsMax.json.parse({ c: '1', gammaB: '1', seed: 4 }, P, size);
    expect(spec).toEqual({ c: '1', gammaB: '1', seed: 4 });
    expect(
      inputMessage(() => ADAPTIVE_STEPPERS.decSps.json.parse({ c0: '1', gammaB: '1', seed: 4, fStar: ['0'] }, P, size)),
    ).toMatch(/^spec\.stepper\.fStar: has length 1, expected 2 \(one f_i\* per sample\)$/);
  });

  it("make without fStar: f_i* comes from the finite sum's component infima", () => {
    const B = f64Backend();
    const F = finiteSum(B, FINITE_SUMS.islamovEx1.components);
    const st = ADAPTIVE_STEPPERS.spsMax.make(B, { c: '1', gammaB: '0.5', seed: 3 });
    expect(run(F, st, B.vec(['1.5', '-0.75']), { steps: 4 }).result).toBe('ok');
  });

  it('ngn: withSeed and withLr replace one field; random(lr, seed) is the spec with that γ and seed', () => {
    const e = ADAPTIVE_STEPPERS.ngn;
    expect(e.stochastic?.withSeed({ lr: '0.5', seed: 1 }, 9)).toEqual({ lr: '0.5', seed: 9 });
    expect(e.withLr({ lr: '0.5', seed: 1 }, '0.25')).toEqual({ lr: '0.25', seed: 1 });
    expect(e.stochastic?.random('0.25', 5)).toEqual({ lr: '0.25', seed: 5 });
  });

  // StepperEntry.hyper: learning rates in (0, 1] (the law problems have L ≤ 1); the entries' comments give the rest
  it('conformance hyperparameters stay in their documented ranges', () => {
    const draw = <T>(a: fc.Arbitrary<T>) => fc.sample(a, { seed: 11, numRuns: 200 });
    const inRange = (xs: readonly string[], lo: number, hi: number) => {
      const v = xs.map(Number);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(lo);
      expect(Math.max(...v)).toBeLessThanOrEqual(hi);
    };
    inRange(
      draw(ADAPTIVE_STEPPERS.ngn.hyper).map((s) => s.lr),
      1 / 16,
      1,
    );
    inRange(
      draw(ADAPTIVE_STEPPERS.spsMax.hyper).map((s) => s.gammaB),
      1 / 16,
      1,
    );
    inRange(
      draw(ADAPTIVE_STEPPERS.decSps.hyper).map((s) => s.c0),
      1,
      2,
    );
    inRange(
      draw(ADAPTIVE_STEPPERS.adagradNormMax.hyper).map((s) => s.b0),
      2,
      4,
    );
  });

  // the formulas in the entries' comments, with ‖∇f_i‖∞ ≤ G = 0.75S + 0.5 on the law problems
  it('error growth: NGN Γ = 1 + γ·max(L, ¾); DecSPS adds G/c_0; AdaGrad-norm-max its two-row maximum', () => {
    expect(ADAPTIVE_STEPPERS.ngn.errorGrowth({ lr: '0.5', seed: 0 }, 1, 1)).toEqual({ gamma: 1.5, K: 2 });
    expect(ADAPTIVE_STEPPERS.ngnDec.errorGrowth({ lr: '0.5', seed: 0 }, 0.5, 1)).toEqual({ gamma: 1.375, K: 2 });
    // 1 + 0.5·0.75 + (0.75·2 + 0.5)/2
    expect(ADAPTIVE_STEPPERS.decSps.errorGrowth({ c0: '2', gammaB: '0.5', seed: 0 }, 0.5, 2)).toEqual({
      gamma: 2.375,
      K: 2,
    });
    // G = 8: max{1 + 1·0.5/2 + (1·8/4)(3·0.5 + 2), 2 + 1.5} = 8.25
    expect(ADAPTIVE_STEPPERS.adagradNormMax.errorGrowth({ lr: '1', b0: '2', seed: 0 }, 0.5, 10)).toEqual({
      gamma: 8.25,
      K: 2,
    });
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
