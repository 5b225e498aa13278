/**
 * depthwiseGd beyond the stepper law suite (laws.test.ts runs every law on its constant-ξ form): the per-layer step
 * against a hand computation, the normalized rule's ‖ξ_kG_k‖_F = 1 on one sample (an outer product), and bad ξ as
 * one-line input errors through a real `thm simulate` process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { reluMlp } from '../models/reluMlp.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { sandbox } from '../testing/thm.js';
import { depthwiseGd } from './depthwiseGd.js';
import { run } from './run.js';

const B = decBackend(40) as unknown as Backend<Opaque>;
const theta0 = B.vec(['0.5', '-1', '0.25', '1', '0.75', '-0.5', '1', '-0.5', '0.25', '1', '-1', '0.5']);
const X = B.mat([['1', '0.5', '-1']]);
const F = objective(B, reluMlp(B, { widths: [3, 2, 2, 1] }), square(B), { X, y: B.vec(['0.25']) });
const blocks: [number, number][] = [
  [0, 6],
  [6, 10],
  [10, 12],
];

describe('depthwiseGd', () => {
  it('constant ξ: W_k ← W_k − ηξ_kG_k block by block', () => {
    const xi = ['0.5', '2', '0.25'];
    const out = run(F, depthwiseGd(B, { lr: B.num('0.125'), xi: xi.map((x) => B.num(x)) }), theta0, { steps: 1 });
    const g = F.grad(theta0);
    blocks.forEach(([a, b], k) => {
      const want = B.vsub(B.slice(theta0, a, b), B.scal(B.mul(B.num('0.125'), B.num(xi[k]!)), B.slice(g, a, b)));
      expect(B.vshow(B.slice(out.theta, a, b))).toEqual(B.vshow(want));
    });
  });

  it('normalized ξ: on one sample every layer moves by exactly η in Frobenius norm', () => {
    const lr = B.num('0.125');
    const out = run(F, depthwiseGd(B, { lr, xi: 'normalized' }), theta0, { steps: 1 });
    blocks.forEach(([a, b]) => {
      const moved = B.nrm2(B.vsub(B.slice(out.theta, a, b), B.slice(theta0, a, b)));
      expect(Math.abs(B.toNumber(B.sub(moved, lr)))).toBeLessThan(1e-35);
    });
    expect(out.state.xi).toHaveLength(3);
  });

  it('refuses ξ ≤ 0 and the wrong number of scales, and "normalized" without layer factors', () => {
    expect(() => depthwiseGd(B, { lr: B.one, xi: [B.one, B.zero] })).toThrow(/xi\[1\] = 0 must be > 0/);
    expect(() => run(F, depthwiseGd(B, { lr: B.one, xi: [B.one, B.one] }), theta0, { steps: 1 })).toThrow(
      /^stepper\.xi: has 2 scales, the model has 3 layers \(W1, W2, W3\)/,
    );
  });
});

describe('depthwiseGd in thm simulate (real process)', () => {
  const sb = sandbox('thm-depthwise');
  afterAll(() => sb.cleanup());
  const spec = (xi: unknown) => ({
    model: {
      kind: 'reluMlp',
      W: [
        [
          ['1', '-1'],
          ['2', '0.5'],
        ],
        [['1', '-0.5']],
      ],
    },
    data: {
      x: [
        ['1', '2'],
        ['-1', '0.5'],
      ],
      y: ['1', '0'],
    },
    loss: 'square',
    stepper: { kind: 'depthwiseGd', lr: '0.0625', xi },
    steps: 3,
    diagnostics: ['loss'],
  });
  const simulate = (xi: unknown) => {
    const f = path.join(sb.tmp, `spec-${JSON.stringify(xi).replace(/\W/g, '')}.json`);
    fs.writeFileSync(f, JSON.stringify(spec(xi)));
    return sb.thm('simulate', '--spec', f, '--json', '--backend', 'f64');
  };

  // (a run with "normalized" through simulate(): src/diagnostics/taylor.test.ts)
  it('ξ ≤ 0 or a wrong count of scales is exit 2, one line naming the field', () => {
    const neg = simulate(['1', '-0.5']);
    expect(neg.code).toBe(2);
    expect(neg.err.trim()).toMatch(/^thm simulate: spec\.stepper\.xi\[1\]: -0\.5 must be > 0/);
    expect(neg.err.trim().split('\n')).toHaveLength(1);
    const count = simulate(['1', '1', '1']);
    expect(count.code).toBe(2);
    expect(count.err.trim()).toMatch(/stepper\.xi: has 3 scales, the model has 2 layers \(W1, W2\)/);
    expect(count.err.trim().split('\n')).toHaveLength(1);
  });
});

describe('depthwiseGd: layers, the normalized rule on the mean and the sum, and what it reports', () => {
  const Q = quadratic(B, {
    A: B.mat([
      ['2', '0.5'],
      ['0.5', '1'],
    ]),
  });
  const q0 = B.vec(['1', '-2']);

  it('an objective without a model is one layer θ: θ_1 = θ_0 − ηξ∇F(θ_0) with ∇F = Aθ', () => {
    const out = run(Q, depthwiseGd(B, { lr: B.num('0.125'), xi: [B.num('0.5')] }), q0, { steps: 1 });
    // Aθ_0 = (2 − 1, 0.5 − 2) = (1, −1.5); ηξ = 1/16
    expect(B.vshow(out.theta)).toEqual(B.vshow(B.vec(['0.9375', '-1.90625'])));
    expect(() => run(Q, depthwiseGd(B, { lr: B.one, xi: [B.one, B.one] }), q0, { steps: 1 })).toThrow(
      /^stepper\.xi: has 2 scales, the model has 1 layer \(θ\): give one ξ_k > 0 per layer$/,
    );
    expect(() => run(F, depthwiseGd(B, { lr: B.one, xi: [B.one] }), theta0, { steps: 1 })).toThrow(
      /^stepper\.xi: has 1 scale, the model has 3 layers \(W1, W2, W3\)/,
    );
  });

  it('refuses an empty ξ, and "normalized" on an objective without layer factors', () => {
    expect(() => depthwiseGd(B, { lr: B.one, xi: [] })).toThrow(/^depthwiseGd: xi is empty/);
    const needs = /^depthwiseGd: xi "normalized" needs an empirical risk whose model gives its layer factors/;
    expect(() => run(Q, depthwiseGd(B, { lr: B.one, xi: 'normalized' }), q0, { steps: 1 })).toThrow(needs);
    const linear = objective(B, linearClassifier(B, { d: 3 }), square(B), { X, y: B.vec(['0.25']) });
    const w0 = B.vec(['1', '0', '-1']);
    expect(() => run(linear, depthwiseGd(B, { lr: B.one, xi: 'normalized' }), w0, { steps: 1 })).toThrow(needs);
  });

  it('normalized ξ on two equal samples (D_kᵀH_{k−1} of rank one): every layer moves by η, for the mean and the sum', () => {
    // D_k = [d; d], H = [h; h]: ξ_kG_k = 2dhᵀ/(‖D_k‖‖H‖) = dhᵀ/(‖d‖‖h‖), whatever the weight w of the reduction
    const lr = B.num('0.125');
    const X2 = B.mat([
      ['1', '0.5', '-1'],
      ['1', '0.5', '-1'],
    ]);
    for (const reduction of ['mean', 'sum'] as const) {
      const F2 = objective(
        B,
        reluMlp(B, { widths: [3, 2, 2, 1] }),
        square(B),
        { X: X2, y: B.vec(['0.25', '0.25']) },
        { reduction },
      );
      const out = run(F2, depthwiseGd(B, { lr, xi: 'normalized' }), theta0, { steps: 1 });
      blocks.forEach(([a, b]) => {
        const moved = B.nrm2(B.vsub(B.slice(out.theta, a, b), B.slice(theta0, a, b)));
        expect(Math.abs(B.toNumber(B.sub(moved, lr)))).toBeLessThan(1e-35);
      });
    }
  });

  it('starts with no scales (ξ of the last step, none at t = 0), and reports its name and hyperparameters', () => {
    const s = depthwiseGd(B, { lr: B.num('0.125'), xi: ['0.5', '2', '0.25'].map((x) => B.num(x)) });
    expect(run(F, s, theta0, { steps: 0 }).state.xi).toEqual([]);
    expect(s.name).toBe('depthwiseGd');
    expect(s.params).toEqual({ lr: '0.125', xi: '0.5,2,0.25' });
    expect(depthwiseGd(B, { lr: B.num('0.125'), xi: 'normalized' }).params).toEqual({ lr: '0.125', xi: 'normalized' });
  });
});
