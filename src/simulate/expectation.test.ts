import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { sandbox } from '../testing/thm.js';
import { simulate } from './simulate.js';

const box = sandbox('thm-sim-expectation');
afterAll(() => box.cleanup());

const write = (name: string, spec: unknown): string => {
  const f = path.join(box.tmp, name);
  fs.writeFileSync(f, JSON.stringify(spec));
  return f;
};

interface Out {
  result: string;
  expectation?: { samples: number; paths: string };
  trajectory: { k: number; loss: string; lossErr: string; theta: string[]; thetaErr: string[] }[];
}

const ex1 = (extra: Record<string, unknown> = {}) => ({
  model: { kind: 'finiteSum', name: 'islamovEx1', theta: ['1.5', '-0.75'] },
  stepper: { kind: 'sgdIndexed', lr: '0.375', seed: 1 },
  steps: 3,
  save: { every: 1 },
  expectation: 'exact',
  ...extra,
});

describe('thm simulate with "expectation": "exact" (a real thm process)', () => {
  it('prints E[loss] and E[θ] with bars at every saved step; K = 1 is the mean of the two one-step points', () => {
    const r = box.thm('simulate', '--spec', write('ex1.json', ex1()), '--backend', 'dd', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const o = JSON.parse(r.out) as Out;
    expect(o.result).toBe('ok');
    expect(o.expectation).toEqual({ samples: 2, paths: '8' });
    expect(o.trajectory.map((p) => p.k)).toEqual([0, 1, 2, 3]);
    // k = 1 by hand: t = x + y = 3/4; ∇f_1 = φ'(t)(1, 1), ∇f_2 = φ'(t + 1)(1, 1) with φ'(t) = 2t/(1 + t²)²:
    // φ'(3/4) = 1.5/(25/16)² = 0.6144, φ'(7/4) = 3.5/(65/16)² = 0.21207…; E[θ_1] = θ_0 − γ(φ'(t) + φ'(t + 1))/2 (1, 1)
    const d = (0.6144 + 3.5 / (65 / 16) ** 2) / 2;
    expect(Number(o.trajectory[1]!.theta[0])).toBeCloseTo(1.5 - 0.375 * d, 14);
    expect(Number(o.trajectory[1]!.theta[1])).toBeCloseTo(-0.75 - 0.375 * d, 14);
    for (const p of o.trajectory) {
      expect(Number(p.lossErr)).toBeLessThan(1e-28);
      expect(p.thetaErr.every((e) => Number(e) < 1e-28)).toBe(true);
    }
    // E[f(x_0)] = f(x_0) = (φ(3/4) + φ(7/4))/2 = (9/25 + 49/65)/2
    expect(Number(o.trajectory[0]!.loss)).toBeCloseTo((9 / 25 + 49 / 65) / 2, 15);
  });

  it('the table output names the number of paths; least squares through linearClassifier + square works too', () => {
    const spec = {
      model: { kind: 'linearClassifier', w: ['0', '0'] },
      data: {
        x: [
          ['1', '0'],
          ['0', '2'],
        ],
        y: ['1', '1'],
      },
      loss: 'square',
      stepper: { kind: 'sgd', lr: '0.25', seed: 3, batch: 1 },
      steps: 4,
      expectation: 'exact',
    };
    const r = box.thm('simulate', '--spec', write('ls.json', spec), '--backend', 'f64');
    expect(r.code).toBe(0);
    expect(r.out).toContain('exact expectation over 16 index paths');
    const j = JSON.parse(box.thm('simulate', '--spec', write('ls.json', spec), '--json').out) as Out;
    // save defaults to the first and last points
    expect(j.trajectory.map((p) => p.k)).toEqual([0, 4]);
    // coordinate 1 moves only when sample 2 is drawn: w ← w − γ·2(2w − 1), i.e. E over Bernoulli(½) draws
    let w = 0;
    for (let k = 0; k < 4; k++) w = 0.5 * w + 0.5 * (w - 0.25 * 2 * (2 * w - 1));
    expect(Number(j.trajectory[1]!.theta[1])).toBeCloseTo(w, 14);
  });

  it('a tree above the cap is one line on stderr naming n, K and the cap (exit 2)', () => {
    const r = box.thm('simulate', '--spec', write('big.json', ex1({ steps: 40 })), '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/spec\.steps: .*n = 2 samples, K = 40 steps .*cap of 4194304/);
  });

  it('a stepper that does not draw one sample per step, or a model without per-sample functions, is an input error', () => {
    // one real process for the exit code and the one stderr line; the other cases in process (the same parser)
    const gd = box.thm('simulate', '--spec', write('gd.json', ex1({ stepper: { kind: 'gd', lr: '0.1' } })));
    expect(gd.code).toBe(2);
    expect(gd.err).toMatch(/^thm simulate: spec\.expectation: .*not gd\n$/);
    const message = (spec: unknown) => {
      try {
        simulate(spec, { backend: 'f64' });
        return '';
      } catch (e) {
        expect(isInputError(e)).toBe(true);
        return (e as Error).message;
      }
    };
    expect(message(ex1({ stepper: { kind: 'sgd', lr: '0.1', seed: 1 } }))).toMatch(/spec\.expectation: .*"batch": 1/);
    expect(message(ex1({ model: { kind: 'quadratic', A: [['1']], theta: ['1'] } }))).toMatch(
      /spec\.expectation: .*per-sample functions.*quadratic/,
    );
    expect(message(ex1({ expectation: 'sampled' }))).toMatch(/spec\.expectation: unknown expectation "sampled"/);
    expect(simulate(ex1({ diagnostics: ['loss'] }), { backend: 'f64' }).result).toBe('ok');
    expect(message(ex1({ diagnostics: ['loss', 'gradNorm'] }))).toMatch(
      /spec\.diagnostics\[1\]: gradNorm is not available/,
    );
  });
});
