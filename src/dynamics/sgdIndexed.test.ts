import { describe, expect, it } from 'vitest';
import { finiteSum } from '../finiteSum/finiteSum.js';
import { FINITE_SUMS } from '../finiteSum/index.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import type { Objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { run } from './run.js';
import { sgdIndexed } from './sgdIndexed.js';

const B = decBackend(40) as unknown as Backend<Opaque>;
const F = finiteSum(B, FINITE_SUMS.islamovEx1.components);
const x0 = B.vec(['1.5', '-0.75']);
const lr = B.num('0.375');

describe('sgdIndexed', () => {
  it('follows the given path: x_{k+1} = x_k − γ∇f_{i_k}(x_k)', () => {
    const out = run(F, sgdIndexed(B, { lr, indices: [1, 0, 1] }), x0, { steps: 3, save: { every: 1 } });
    let x = x0;
    for (const i of [1, 0, 1]) x = B.axpy(B.neg(lr), F.gradAt(i, x), x);
    expect(B.vshow(out.theta)).toEqual(B.vshow(x));
    expect(out.state.indices).toEqual([1, 0, 1]);
  });
  it('draws the missing indices from the seed and records them in the state (same seed, same path)', () => {
    const a = run(F, sgdIndexed(B, { lr, indices: [1], seed: 7 }), x0, { steps: 12 });
    const b = run(F, sgdIndexed(B, { lr, seed: 7 }), x0, { steps: 12 });
    expect(a.state.indices.length).toBe(12);
    expect(a.state.indices[0]).toBe(1);
    expect(new Set(b.state.indices)).toEqual(new Set([0, 1]));
    const replay = run(F, sgdIndexed(B, { lr, indices: b.state.indices }), x0, { steps: 12 });
    expect(B.vshow(replay.theta)).toEqual(B.vshow(b.theta));
  });
  it('schedule "invSqrt": step k uses γ/√(k + 1) (Theorem 4); "constant" is the default', () => {
    const path = [0, 1, 1];
    const out = run(F, sgdIndexed(B, { lr, indices: path, schedule: 'invSqrt' }), x0, { steps: 3 });
    let x = x0;
    path.forEach((i, k) => (x = B.axpy(B.neg(B.div(lr, B.sqrt(B.int(k + 1)))), F.gradAt(i, x), x)));
    expect(B.vshow(out.theta)).toEqual(B.vshow(x));
    const constant = run(F, sgdIndexed(B, { lr, indices: path }), x0, { steps: 3 });
    expect(B.vshow(constant.theta)).not.toEqual(B.vshow(x));
    expect(() => sgdIndexed(B, { lr, schedule: 'cosine' as 'constant' })).toThrow(/schedule "cosine" must be one of/);
  });
  it('refuses a step beyond the path without a seed, and an index outside [0, n), in one line', () => {
    expect(() => run(F, sgdIndexed(B, { lr, indices: [0] }), x0, { steps: 2 })).toThrow(
      /step 1 needs index i_1 .* no seed/,
    );
    expect(() => run(F, sgdIndexed(B, { lr, indices: [2] }), x0, { steps: 1 })).toThrow(
      /index 2 is not a sample index in \[0, 2\)/,
    );
  });
});

describe('sgdIndexed: what it reports, needs and refuses', () => {
  it('name, hyperparameters as given (seed, path and schedule only when given), and needs F.subset', () => {
    const s = sgdIndexed(B, { lr, indices: [1, 0, 1] });
    expect(s.name).toBe('sgdIndexed');
    expect(s.params).toEqual({ lr: '0.375', indices: '1,0,1' });
    expect(s.needs).toEqual(['subset']);
    expect(sgdIndexed(B, { lr, seed: 7, schedule: 'invSqrt' }).params).toEqual({
      lr: '0.375',
      seed: '7',
      schedule: 'invSqrt',
    });
    expect(sgdIndexed(B, { lr, schedule: 'constant' }).params).toEqual({ lr: '0.375' });
  });

  it('an unknown schedule names the allowed ones', () => {
    expect(() => sgdIndexed(B, { lr, schedule: 'cosine' as 'constant' })).toThrow(
      /^sgdIndexed: schedule "cosine" must be one of constant, invSqrt$/,
    );
  });

  it('init refuses every given index outside the integers of [0, n), before any step', () => {
    for (const bad of [-1, 2, 0.5]) {
      const s = sgdIndexed(B, { lr, indices: [0, bad] });
      expect(() => s.init(F, x0)).toThrow(new RegExp(`^sgdIndexed: index ${bad} is not a sample index in \\[0, 2\\)$`));
    }
    expect(sgdIndexed(B, { lr, indices: [0, 1] }).init(F, x0).indices).toEqual([0, 1]);
  });

  it('init or a step on an objective without subset names the stepper and the missing member', () => {
    // a user objective: value and grad only
    const Q = quadratic(B, { A: B.eye(2) });
    const user: Objective<Opaque> = { B, dim: 2, value: (t) => Q.value(t), grad: (t) => Q.grad(t) };
    const s = sgdIndexed(B, { lr, indices: [0] });
    // init checks it too (for drivers other than run, which checks `needs` first)
    expect(() => s.init(user, x0)).toThrow(/^sgdIndexed needs the objective's subset/);
    expect(() => s.step(user, { theta: x0, indices: [0], rng: null }, 0)).toThrow(
      /^sgdIndexed needs the objective's subset/,
    );
  });
});
