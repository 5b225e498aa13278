/**
 * `spec.oracle` beyond linearClassifier (./oracle.ts): the linearized shallow network against its (O1)/(O3) oracle,
 * the diagonal network against Q_α, "stepper" and "qAlpha" resolved from the spec, and every bad combination an input
 * error naming its field (one real `thm simulate` process for the CLI's exit 2).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { bregmanData, certifyIterate } from '../potentials/bregman.js';
import { makePotential } from '../potentials/registry.js';
import { oracleProblem } from './oracle.js';
import { simulate } from './simulate.js';
import { parseSimSpec } from './spec.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
type Gap = { value: string; err: string };
const lastGap = (r: ReturnType<typeof simulate>): Gap => r.trajectory.at(-1)!.bregmanGap as Gap;

// width 64: √n = 8, so the features σ(w x − b)/8 are exact decimals; two points keep ΨΨᵀ well conditioned
const shallow = {
  model: { kind: 'shallowLinearized', activation: 'relu', width: 64, init: { seed: 3, bias: { uniform: '1' } } },
  data: { x: [['-0.5'], ['0.5']], y: ['0.25', '-0.125'] },
  loss: 'square',
  reduction: 'sum',
  save: { final: true },
};

describe("spec.oracle: shallowLinearized ((O1) unscaled, (O3) scaled) and the stepper's potential", () => {
  it.each([
    ['(O1)', 'squaredPlusCubic'],
    ['(O3)', { scaled: 'squaredPlusQuartic', width: 64 }],
  ])('%s: mirror descent ends at its own oracle ("stepper"), not at gradient descent\'s', (_, potential) => {
    const stepper = { kind: 'mirrorDescent', lr: '1', potential };
    const own = lastGap(
      simulate({ ...shallow, stepper, steps: 3000, oracle: { bregman: 'stepper' } }, { backend: 'dd' }),
    );
    expect(Number(own.value)).toBeLessThan(1e-25);
    expect(Number(own.err)).toBeLessThan(1e-25);
    const gd = lastGap(
      simulate({ ...shallow, stepper, steps: 3000, oracle: { bregman: 'squared' } }, { backend: 'dd' }),
    );
    expect(Number(gd.value) - Number(gd.err)).toBeGreaterThan(1e-6);
  });
});

describe('spec.oracle "stepper" with a mirrorFlow stepper on shallowLinearized ((O1), f64)', () => {
  const flow = {
    ...shallow,
    stepper: { kind: 'mirrorFlow', potential: 'squaredPlusCubic', rtol: '1e-12', atol: '1e-14' },
    t1: '600',
  };

  it("the converged flow is at its own oracle within the bars; another potential's oracle is certified away", () => {
    const spec = { ...flow, oracle: { bregman: 'stepper' } };
    const r = simulate(spec, { backend: 'f64' });
    expect(r.result).toBe('ok');
    const own = lastGap(r);
    // bregmanGap's bar is the oracle's radius; what the run adds (its residual, and its dual z = ∇Φ(θ) leaving
    // ∇Φ(θ₀) + range Ψᵀ by rounding, ≲ u·‖z‖∞ a step) is certified separately: `certifyIterate` puts θ and w* in
    // one box, so |θ_j − w*_j| ≤ 2·rad_j and the exact gap is 0 within err + 2·max rad
    const B = f64Backend();
    const parsed = parseSimSpec(spec);
    const P = makePotential(B, { name: 'squaredPlusCubic' });
    const theta = B.vec(r.trajectory.at(-1)!.theta);
    const cert = certifyIterate(P, bregmanData(P, oracleProblem(parsed.model, parsed.data!)), theta);
    if ('reason' in cert) throw new Error(cert.reason);
    const runBar = 2 * B.toNumber(B.amax(cert.box.err));
    const bar = Number(own.err) + runBar;
    expect(Number(own.value)).toBeLessThanOrEqual(bar);
    // converged: the bar is at the rounding level (at t1 = 100 it is ≈ 6e-5: the residual has not yet vanished)
    expect(bar).toBeLessThan(1e-10);
    // negative control: gradient flow's oracle (squared) and hypentropy's are certified away from 0, far beyond
    // the bar of the run's own oracle
    for (const bregman of ['squared', { hypentropy: '0.5' }]) {
      const other = lastGap(simulate({ ...flow, oracle: { bregman } }, { backend: 'f64' }));
      expect(Number(other.value) - Number(other.err)).toBeGreaterThan(1e4 * bar);
    }
  });
});

describe('spec.oracle: diagonalLinear and Q_α ("qAlpha")', () => {
  const diag = {
    model: { kind: 'diagonalLinear', d: 3, alpha: '0.5' },
    data: {
      x: [
        ['1', '0.5', '-0.25'],
        ['0.25', '-1', '0.5'],
      ],
      y: ['0.5', '-0.25'],
    },
    loss: 'square',
    reduction: 'sum',
    save: { final: true },
  };

  it('gradient flow on (u, v) ends at argmin_{Xw=y} Q_α(w) in w = u⊙u − v⊙v; the Euclidean oracle is far', () => {
    const stepper = { kind: 'flow', rtol: '1e-14', atol: '1e-16' };
    const q = lastGap(simulate({ ...diag, stepper, t1: '400', oracle: { bregman: 'qAlpha' } }, { backend: 'f64' }));
    expect(Number(q.value)).toBeLessThan(1e-7);
    const l2 = lastGap(simulate({ ...diag, stepper, t1: '400', oracle: { bregman: 'squared' } }, { backend: 'f64' }));
    expect(Number(l2.value) - Number(l2.err)).toBeGreaterThan(1e-3);
  });

  it.each([
    [
      '"stepper" on the diagonal network',
      { ...diag, stepper: { kind: 'gd', lr: '0.1' }, steps: 1, oracle: { bregman: 'stepper' } },
      /^spec\.oracle\.bregman: diagonalLinear trains u and v/,
    ],
    [
      '"qAlpha" with u ≠ v',
      {
        ...diag,
        model: { kind: 'diagonalLinear', u: ['1', '1', '1'], v: ['0.5', '1', '1'] },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        oracle: { bregman: 'qAlpha' },
      },
      /^spec\.oracle\.bregman: "qAlpha" needs u\(0\) = v\(0\) = α·1/,
    ],
    [
      '"qAlpha" on a linear classifier',
      {
        ...diag,
        model: { kind: 'linearClassifier', w: ['0', '0', '0'] },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        oracle: { bregman: 'qAlpha' },
      },
      /^spec\.oracle\.bregman: "qAlpha" is the oracle of diagonalLinear/,
    ],
    [
      '"stepper" of a stepper without a potential',
      {
        ...diag,
        model: { kind: 'linearClassifier', w: ['0', '0', '0'] },
        stepper: { kind: 'heavyBall', lr: '0.1', beta: '0.5' },
        steps: 1,
        oracle: { bregman: 'stepper' },
      },
      /^spec\.oracle\.bregman: "stepper" takes the potential of a mirrorDescent/,
    ],
    [
      'a width whose √n is not a terminating decimal',
      {
        ...shallow,
        model: { ...shallow.model, width: 10 },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        oracle: { bregman: 'squared' },
      },
      /^spec\.oracle: the shallowLinearized oracle needs exact features/,
    ],
    [
      'the full shallow network',
      {
        ...shallow,
        model: { ...shallow.model, kind: 'shallowNet' },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        oracle: { bregman: 'squared' },
      },
      /^spec\.oracle: the Bregman oracle needs the linear least-squares setting/,
    ],
  ])('rejects %s naming the field', (_, spec, re) => {
    expect(() => simulate(spec, { backend: 'f64' })).toThrow(re);
  });

  it('thm simulate exits 2 with one line naming spec.oracle.bregman', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-oracle-'));
    try {
      const file = path.join(dir, 'spec.json');
      const spec = {
        ...diag,
        model: { kind: 'linearClassifier', w: ['0', '0', '0'] },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        oracle: { bregman: 'qAlpha' },
      };
      fs.writeFileSync(file, JSON.stringify(spec));
      const p = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--spec', file, '--json'],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      expect(p.status).toBe(2);
      expect(p.stdout).toBe('');
      expect(p.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(p.stderr).toMatch(/spec\.oracle\.bregman: "qAlpha"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
