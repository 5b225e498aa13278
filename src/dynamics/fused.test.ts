import { describe, expect, it, vi } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { exponential } from '../losses/exponential.js';
import { logistic } from '../losses/logistic.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { objective } from '../objective/objective.js';
import { FUSED_PATHS, fusedPathFor, fusedPathInfo, type FusedObjectiveFamily } from './fused.js';
import { gd } from './gd.js';
import { heavyBall } from './heavyBall.js';

const data = (B: AnyBackend) => ({
  X: B.mat([
    ['1', '2'],
    ['3', '-1'],
  ]),
  y: B.vec(['1', '-1']),
});

describe('fused paths (the registry run consults with fuse: true)', () => {
  it('dd has one for gd on the logistic sum loss; f64 and dec have none', () => {
    expect(FUSED_PATHS.map((e) => e.name)).toEqual(['dd-logistic-sum-gd']);
    expect(fusedPathInfo(ddBackend(), 'gd', 'logisticSum')?.error).toEqual({ kind: 'lossDerivative', driftSteps: 64 });
    for (const B of [f64Backend(), decBackend(20)] as AnyBackend[]) {
      expect(fusedPathInfo(B, 'gd', 'logisticSum')).toBeUndefined();
      const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), data(B), { reduction: 'sum' });
      expect(fusedPathFor(F, gd(B, { lr: B.num('0.5') }))).toBeUndefined();
    }
    // a backend object that merely calls itself 'dd' is not the dd representation
    const fake: AnyBackend = { ...ddBackend() };
    expect(fusedPathInfo(fake, 'gd', 'logisticSum')).toBeUndefined();
  });

  it('binds on dd only to gd on linearClassifier + logistic + sum', () => {
    const B = ddBackend();
    const lr = B.num('0.5');
    const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), data(B), { reduction: 'sum' });
    expect(fusedPathFor(F, gd(B, { lr }))?.name).toBe('dd-logistic-sum-gd');
    expect(fusedPathFor(F, heavyBall(B, { lr, beta: B.zero }))).toBeUndefined();
    const mean = objective(B, linearClassifier(B, { d: 2 }), logistic(B), data(B), { reduction: 'mean' });
    expect(fusedPathFor(mean, gd(B, { lr }))).toBeUndefined();
    const expLoss = objective(B, linearClassifier(B, { d: 2 }), exponential(B), data(B), { reduction: 'sum' });
    expect(fusedPathFor(expLoss, gd(B, { lr }))).toBeUndefined();
  });
});

describe('fused path lookups match stepper, objective family and backend', () => {
  it('fusedPathInfo needs all three to match', () => {
    const B = ddBackend();
    expect(fusedPathInfo(B, 'gd', 'logisticSum')?.name).toBe('dd-logistic-sum-gd');
    expect(fusedPathInfo(B, 'heavyBall', 'logisticSum')).toBeUndefined();
    // a family no entry is registered for (JSON callers can pass any string)
    expect(fusedPathInfo(B, 'gd', 'squareSum' as FusedObjectiveFamily)).toBeUndefined();
  });

  it('fusedPathFor binds an entry only for its stepper on a backend it supports (bind may rely on both)', () => {
    const entry = FUSED_PATHS[0]!;
    const spy = vi.spyOn(entry, 'bind');
    try {
      const B = ddBackend();
      const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), data(B), { reduction: 'sum' });
      expect(fusedPathFor(F, heavyBall(B, { lr: B.num('0.5'), beta: B.zero }))).toBeUndefined();
      const f = f64Backend();
      const F64 = objective(f, linearClassifier(f, { d: 2 }), logistic(f), data(f), { reduction: 'sum' });
      expect(fusedPathFor(F64, gd(f, { lr: f.num('0.5') }))).toBeUndefined();
      expect(spy).not.toHaveBeenCalled();
      expect(fusedPathFor(F, gd(B, { lr: B.num('0.5') }))).toBeDefined();
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
