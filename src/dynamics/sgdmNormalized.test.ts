import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { quadratic } from '../objective/quadratic.js';
import { heavyBall } from './heavyBall.js';
import { run } from './run.js';
import { sgd, sgdm } from './sgd.js';
import { sgdmNormalized } from './sgdmNormalized.js';

describe('sgdmNormalized', () => {
  it('β = 0 is sgd bit for bit (same seed, same noise)', () => {
    const B = f64Backend();
    const F = quadratic(B, {
      A: B.mat([
        ['2', '0.5'],
        ['0.5', '1'],
      ]),
    });
    const noiseFactor = B.diag(B.vec(['0.5', '0.25']));
    const x0 = B.vec(['1', '-1']);
    const a = run(F, sgd(B, { lr: B.num('0.1'), seed: 3, noiseFactor }), x0, { steps: 20 });
    const b = run(F, sgdmNormalized(B, { lr: B.num('0.1'), beta: B.zero, seed: 3, noiseFactor }), x0, { steps: 20 });
    expect(B.vshow(b.theta)).toEqual(B.vshow(a.theta));
  });

  it('η = γ/(1 − β) follows heavy-ball sgdm (γ, β) to 45 digits at dec:50; another η does not', () => {
    const B = decBackend(50) as unknown as Backend<Opaque>;
    const F = quadratic(B, {
      A: B.mat([
        ['1.5', '0.25'],
        ['0.25', '0.5'],
      ]),
    });
    const noiseFactor = B.diag(B.vec(['1', '1']));
    const x0 = B.vec(['2', '1']);
    const hb = run(F, sgdm(B, { lr: B.num('0.05'), beta: B.num('0.75'), seed: 9, noiseFactor }), x0, { steps: 25 });
    const ema = run(F, sgdmNormalized(B, { lr: B.num('0.2'), beta: B.num('0.75'), seed: 9, noiseFactor }), x0, {
      steps: 25,
    });
    const off = run(F, sgdmNormalized(B, { lr: B.num('0.21'), beta: B.num('0.75'), seed: 9, noiseFactor }), x0, {
      steps: 25,
    });
    const gap = (x: typeof hb.theta) => B.toNumber(B.amax(B.vsub(x, hb.theta)));
    expect(gap(ema.theta)).toBeLessThan(1e-45);
    expect(gap(off.theta)).toBeGreaterThan(1e-3);
    expect(ema.state.m).toBeDefined();
  });

  it("Polyak's heavyBall (η, β) is sgdm (γ = η, β) without noise: θ_k − θ_{k−1} = −γm_k", () => {
    const B = decBackend(50) as unknown as Backend<Opaque>;
    const F = quadratic(B, {
      A: B.mat([
        ['1.5', '0.25'],
        ['0.25', '0.5'],
      ]),
    });
    const x0 = B.vec(['2', '1']);
    const [lr, beta] = [B.num('0.3'), B.num('0.8')];
    const a = run(F, heavyBall(B, { lr, beta }), x0, { steps: 40 });
    const b = run(F, sgdm(B, { lr, beta, seed: 0 }), x0, { steps: 40 });
    expect(B.toNumber(B.amax(B.vsub(a.theta, b.theta)))).toBeLessThan(1e-45);
  });
});

describe('sgdmNormalized reports and refuses', () => {
  const B = f64Backend();
  const F = quadratic(B, { A: B.eye(2) });

  it('its name and exact hyperparameters, with the oracle’s seed, batch and noise', () => {
    const s = sgdmNormalized(B, { lr: B.num('0.2'), beta: B.num('0.75'), seed: 9 });
    expect(s.name).toBe('sgdmNormalized');
    expect(s.params).toEqual({ lr: '0.2', beta: '0.75', seed: '9', batchSize: 'full', noise: 'none' });
  });

  it('a batchSize outside [1, n] is one line naming the stepper', () => {
    const s = sgdmNormalized(B, { lr: B.num('0.2'), beta: B.num('0.75'), seed: 9, batchSize: 2 });
    expect(() => s.init(F, B.vec(['1', '1']))).toThrow(
      /^sgdmNormalized: batchSize 2 must be an integer in \[1, F\.nSamples = 1\]$/,
    );
  });
});
