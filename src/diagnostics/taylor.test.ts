/**
 * The `taylor` diagnostic through `thm simulate`'s engine (simulate()): c_0 is the loss, c_1 = −‖∇F‖² (the step is
 * along the gradient), the coefficients past twice the model's degree vanish (square loss), all within the bars.
 */
import { describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { twoLayer } from '../models/index.js';
import { decBackend } from '../numeric/decimal.js';
import { objective } from '../objective/objective.js';
import { simulate } from '../simulate/simulate.js';
import { DIAGNOSTICS } from './index.js';

type M = { value: string; err: string };

describe('taylor diagnostic in simulate', () => {
  it('deep linear net, square loss: c_0 = F, c_1 = −‖∇F‖², c_5 = c_6 = 0; softRank per layer', () => {
    const out = simulate(
      {
        model: {
          kind: 'deepLinear',
          W: [
            [
              ['0.5', '0.1'],
              ['0.2', '0.4'],
            ],
            [['0.3', '-0.2']],
          ],
        },
        data: {
          x: [
            ['1', '0'],
            ['0', '1'],
          ],
          y: ['1', '-0.5'],
        },
        loss: 'square',
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 2,
        diagnostics: ['loss', 'gradNorm', 'taylor', 'softRank'],
      },
      { backend: 'dd' },
    );
    for (const p of out.trajectory) {
      const c = p['taylor'] as M[];
      expect(c).toHaveLength(7);
      // compared in doubles: each dd value read by Number() moves by ≤ 2⁻⁵³ relative, so add 1e-15 relative
      const within = (a: number, b: number, e: number) =>
        expect(Math.abs(a - b)).toBeLessThanOrEqual(e + 1e-15 * Math.max(Math.abs(a), Math.abs(b)));
      within(Number(c[0]!.value), Number(p.loss), Number(c[0]!.err) + Number(p['lossErr']));
      const g = p['gradNorm'] as M;
      const g2 = Number(g.value) ** 2;
      within(Number(c[1]!.value), -g2, Number(c[1]!.err) + 3 * Number(g.value) * Number(g.err));
      // f = W2W1x has degree 2 in θ, so the square loss has degree 4 along any line
      for (const j of [5, 6]) within(Number(c[j]!.value), 0, Number(c[j]!.err));
      const sr = p['softRank'] as Record<string, Record<string, M>>;
      expect(Object.keys(sr)).toEqual(['W1', 'W2']);
      expect(Number(sr['W2']!['entropy']!.value)).toBe(1);
    }
  });

  // c_0 = F and c_1 = −‖∇F‖² within the bars; c_j = 0 past twice the degree in θ (square loss, masks frozen)
  const check = (spec: object, zeroFrom: number) => {
    const out = simulate(spec, { backend: 'dd' });
    for (const p of out.trajectory) {
      const c = p['taylor'] as M[];
      const within = (a: number, b: number, e: number) =>
        expect(Math.abs(a - b)).toBeLessThanOrEqual(e + 1e-15 * Math.max(Math.abs(a), Math.abs(b)));
      within(Number(c[0]!.value), Number(p.loss), Number(c[0]!.err) + Number(p['lossErr']));
      const g = p['gradNorm'] as M;
      within(Number(c[1]!.value), -(Number(g.value) ** 2), Number(c[1]!.err) + 3 * Number(g.value) * Number(g.err));
      for (let j = zeroFrom; j <= 6; j++) within(Number(c[j]!.value), 0, Number(c[j]!.err));
      expect(Math.abs(Number(c[1]!.value))).toBeGreaterThan(0);
    }
  };

  it('twoLayer (relu, bias, both layers trained: degree 2 in θ, so c_5 = c_6 = 0)', () => {
    check(
      {
        model: {
          kind: 'twoLayer',
          activation: 'relu',
          u: [
            ['0.5', '-0.25'],
            ['0.75', '1'],
          ],
          c: ['0.125', '-0.5'],
          v: ['1', '-0.5'],
        },
        data: {
          x: [
            ['1', '0.5'],
            ['-0.5', '1'],
            ['1', '1'],
          ],
          y: ['1', '-1', '0.5'],
        },
        loss: 'square',
        stepper: { kind: 'gd', lr: '0.05' },
        steps: 2,
        save: { every: 1 },
        diagnostics: ['loss', 'gradNorm', 'taylor'],
      },
      5,
    );
  });

  it('reluMlp with two outputs (3 layers: degree 3, c_j = 0 only past 6, so none checked as 0)', () => {
    check(
      {
        model: {
          kind: 'reluMlp',
          W: [
            [
              ['0.5', '-0.75'],
              ['1', '0.75'],
            ],
            [
              ['1', '-0.5'],
              ['0.25', '1'],
            ],
            [
              ['-1', '0.5'],
              ['0.5', '0.25'],
            ],
          ],
        },
        data: {
          x: [
            ['1', '0.5'],
            ['-0.5', '1'],
          ],
          y: [
            ['1', '0'],
            ['0', '-1'],
          ],
        },
        loss: 'square',
        stepper: { kind: 'depthwiseGd', lr: '0.05', xi: 'normalized' },
        steps: 2,
        save: { every: 1 },
        diagnostics: ['loss', 'gradNorm', 'taylor'],
      },
      7,
    );
  });

  it('a closed-form quadratic or a model with no jet: one line naming the field and why', () => {
    expect(() =>
      simulate({
        model: { kind: 'quadratic', A: [['1']], theta: ['1'] },
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 1,
        diagnostics: ['taylor'],
      }),
    ).toThrow(/^spec\.diagnostics\[0\]: taylor does not apply to this model\/objective \(.*not a closed form/);
    // a two-layer net built directly carries no registry spec, so its jet (activation, fixed blocks) is unknown
    const B = decBackend(30);
    const m = twoLayer(B, {
      width: 1,
      inputDim: 1,
      activation: 'relu',
      trainFirst: true,
      trainSecond: true,
      bias: false,
    });
    const F = objective(B, m, square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(DIAGNOSTICS.taylor.applies(F)).toBe(false);
    expect(() => DIAGNOSTICS.taylor.compute({ F, theta: B.vec(['1', '1']) })).toThrow(
      /^taylor: model "twoLayer" has no jet forward/,
    );
  });
});
