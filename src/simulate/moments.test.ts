import fs from 'node:fs';
import path from 'node:path';
import { Decimal } from 'decimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { sandbox } from '../testing/thm.js';
import { parseMomentsSpec } from './moments.js';
import { simulateAny } from './simulate.js';

const D = Decimal.clone({ precision: 60 });

/** SGD on ½hx² (h = 2) from x₀ = 1.5, η = 0.3, σ² = 0.5: mean a^k x₀ and variance V(1 − a^{2k}), a = 1 − ηh. */
const SGD_SPEC = {
  model: { kind: 'quadratic', A: [['2']], theta: ['1.5'] },
  stepper: { kind: 'sgd', lr: '0.3' },
  noise: { gaussian: { cov: [['0.5']] } },
  steps: 20,
  save: { every: 10 },
  output: 'moments',
};

describe('thm simulate "output": "moments"', () => {
  const box = sandbox('thm-moments');
  afterAll(() => box.cleanup());

  it('a real thm process prints the exact mean and covariance per saved step (dec:50)', () => {
    const file = path.join(box.tmp, 'sgd.json');
    fs.writeFileSync(file, JSON.stringify(SGD_SPEC));
    const r = box.thm('simulate', '--spec', file, '--backend', 'dec:50', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      output: string;
      result: string;
      trajectory: { k: number; mean: string[]; cov: string[][] }[];
    };
    expect(out.output).toBe('moments');
    expect(out.result).toBe('ok');
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 10, 20]);
    const a = new D('0.4');
    const V = new D('0.3').times('0.5').div(new D(2).times(new D(2).minus('0.6'))); // ησ²/(h(2 − ηh))
    for (const p of out.trajectory) {
      expect(new D(p.mean[0]!).minus(a.pow(p.k).times('1.5')).abs().lt('1e-45')).toBe(true);
      expect(
        new D(p.cov[0]![0]!)
          .minus(V.times(new D(1).minus(a.pow(2 * p.k))))
          .abs()
          .lt('1e-45'),
      ).toBe(true);
    }
  });

  it('bad input: one line naming the field, exit 2', () => {
    const file = path.join(box.tmp, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...SGD_SPEC, stepper: { kind: 'sgd', lr: '0.3', seed: 1 } }));
    const r = box.thm('simulate', '--spec', file, '--json');
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/spec\.stepper\.seed: does not apply to "output": "moments"/);
  });
});

describe('moments specs (in process)', () => {
  const bad = (spec: unknown): string => {
    try {
      parseMomentsSpec(spec);
    } catch (e) {
      expect(isInputError(e)).toBe(true);
      return (e as Error).message;
    }
    return 'no error';
  };

  it('names the offending field', () => {
    expect(bad({ ...SGD_SPEC, model: { kind: 'linear2', a: ['1'], b: ['1'] } })).toMatch(
      /spec\.model\.kind: "output": "moments" needs/,
    );
    expect(bad({ ...SGD_SPEC, noise: undefined })).toMatch(/spec\.noise: is required/);
    expect(bad({ ...SGD_SPEC, noise: { gaussian: {} } })).toMatch(/spec\.noise\.gaussian: give exactly one of/);
    expect(bad({ ...SGD_SPEC, noise: { gaussian: { cov: [['1', '0']] } } })).toMatch(/spec\.noise\.gaussian\.cov/);
    expect(bad({ ...SGD_SPEC, stepper: { kind: 'sgdm', lr: '0.1' } })).toMatch(/spec\.stepper\.beta: is required/);
    expect(bad({ ...SGD_SPEC, stepper: { kind: 'gd', lr: '0.1' } })).toMatch(/spec\.stepper\.kind/);
    expect(bad({ ...SGD_SPEC, extra: 1 })).toMatch(/spec\.extra: unknown field/);
  });

  it('"noise" without "output": "moments" is rejected by the trajectory parser, naming spec.noise', () => {
    const traj = {
      model: SGD_SPEC.model,
      stepper: { kind: 'sgd', lr: '0.3', seed: 1 },
      noise: SGD_SPEC.noise,
      steps: 20,
    };
    expect(() => simulateAny(traj)).toThrow(/spec\.noise: applies to "output": "moments" only/);
  });

  it('SGDM with a noise factor and Σ ∝ 1/η: the x-marginal at k = 1 is (x₀ − γhx₀, γ²·CCᵀ/γ)', () => {
    const r = simulateAny(
      {
        model: { kind: 'quadratic', A: [['1']], theta: ['2'] },
        stepper: { kind: 'sgdm', lr: '0.25', beta: '0.5' },
        noise: { gaussian: { factor: [['2', '1']], perLr: true } },
        steps: 1,
        output: 'moments',
      },
      { backend: 'dec:40' },
    );
    expect('output' in r && r.trajectory[1]).toMatchObject({ k: 1, mean: ['1.5'], cov: [['1.25']] });
  });

  it('an unstable recursion is a result (diverged), not an error', () => {
    const r = simulateAny({ ...SGD_SPEC, stepper: { kind: 'sgd', lr: '2' }, steps: 5000 }, { backend: 'f64' });
    expect(r.result).toBe('diverged');
  });
});
