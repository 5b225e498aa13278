/**
 * sgd and sgdm beyond their update equations (steppers.test.ts) and the stepper laws: the oracle's documented
 * full-batch case (batchSize = n is F itself, no draws), its one-line refusals, and what the steppers report.
 */
import { describe, expect, it } from 'vitest';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { objective, type Objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { run } from './run.js';
import { sgd, sgdm } from './sgd.js';

const B = f64Backend();
// three samples, F(θ) = (1/3) Σ_i ½(x_iᵀθ − y_i)²
const F = objective(B, linearClassifier(B, { d: 2 }), square(B), {
  X: B.mat([
    ['1', '0.5'],
    ['-0.5', '2'],
    ['0.25', '-1'],
  ]),
  y: B.vec(['1', '0', '-0.5']),
});
const theta0 = B.vec(['0.5', '-0.25']);
const lr = B.num('0.125');
const beta = B.num('0.5');
const noiseFactor = B.mat([['0.5'], ['0.25']]);
// a user objective: value and grad only (no nSamples, no subset)
const Q = quadratic(B, { A: B.eye(2) });
const user: Objective<F64> = { B, dim: 2, value: (t) => Q.value(t), grad: (t) => Q.grad(t) };

describe('sgd / sgdm gradient oracle', () => {
  it('batchSize = n is the full batch, F itself with no draws: the same noise sequence as batchSize omitted', () => {
    for (const make of [
      (b?: number) => sgd(B, { lr, seed: 5, noiseFactor, ...(b === undefined ? {} : { batchSize: b }) }),
      (b?: number) => sgdm(B, { lr, beta, seed: 5, noiseFactor, ...(b === undefined ? {} : { batchSize: b }) }),
    ]) {
      const full = run(F, make(), theta0, { steps: 6, save: { every: 1 } });
      const n = run(F, make(3), theta0, { steps: 6, save: { every: 1 } });
      expect(n.trajectory.map((p) => B.vshow(p.theta))).toEqual(full.trajectory.map((p) => B.vshow(p.theta)));
      // a real minibatch draws, so it differs (the control that the comparison can fail)
      const mini = run(F, make(2), theta0, { steps: 6 });
      expect(B.vshow(mini.theta)).not.toEqual(B.vshow(full.theta));
    }
  });

  it('without batchSize only F.grad is needed (a user objective runs)', () => {
    const out = run(user, sgd(B, { lr, seed: 1 }), B.vec(['1', '-1']), { steps: 2 });
    // ∇F = θ: θ_k = (1 − η)^k θ_0, exactly in double for η = 1/8
    expect(B.vshow(out.theta)).toEqual(B.vshow(B.vec(['0.765625', '-0.765625'])));
    expect(sgd(B, { lr, seed: 1 }).needs).toEqual([]);
    expect(sgd(B, { lr, seed: 1, batchSize: 2 }).needs).toEqual(['subset']);
  });

  it('a batchSize on an objective without subset, or outside [1, n], is one line naming the stepper', () => {
    for (const [name, s] of [
      ['sgd', sgd(B, { lr, seed: 1, batchSize: 1 })],
      ['sgdm', sgdm(B, { lr, beta, seed: 1, batchSize: 1 })],
    ] as const) {
      // run names the missing member first (from needs); init, called by any other driver, does so itself
      expect(() => s.init(user, theta0)).toThrow(
        new RegExp(`^${name} with batchSize 1 needs the objective's subset, which it does not have`),
      );
    }
    expect(() => run(F, sgd(B, { lr, seed: 1, batchSize: 4 }), theta0, { steps: 1 })).toThrow(
      /^sgd: batchSize 4 must be an integer in \[1, F\.nSamples = 3\]$/,
    );
    expect(() => run(F, sgdm(B, { lr, beta, seed: 1, batchSize: 0 }), theta0, { steps: 1 })).toThrow(
      /^sgdm: batchSize 0 must be an integer in \[1, F\.nSamples = 3\]$/,
    );
  });

  it('a minibatch step on an objective with samples but no subset names the missing member (step without init)', () => {
    const s = sgd(B, { lr, seed: 1, batchSize: 2 });
    const noSubset: Objective<F64> = { ...user, nSamples: 3 };
    expect(() => s.step(noSubset, s.init(F, theta0), 0)).toThrow(/^sgd minibatch needs the objective's subset/);
  });
});

describe('sgd / sgdm report their name and hyperparameters', () => {
  it('exact strings: lr (and β), the seed, the batch ("full" or b) and the noise factor shape', () => {
    const a = sgd(B, { lr, seed: 3 });
    expect(a.name).toBe('sgd');
    expect(a.params).toEqual({ lr: '0.125', seed: '3', batchSize: 'full', noise: 'none' });
    expect(sgd(B, { lr, seed: 3, batchSize: 2, noiseFactor }).params).toEqual({
      lr: '0.125',
      seed: '3',
      batchSize: '2',
      noise: 'C 2×1',
    });
    const m = sgdm(B, { lr, beta, seed: 4, batchSize: 1 });
    expect(m.name).toBe('sgdm');
    expect(m.params).toEqual({ lr: '0.125', beta: '0.5', seed: '4', batchSize: '1', noise: 'none' });
  });
});
