/**
 * reluMlp beyond the law suite (laws.test.ts runs every MODEL_LAWS law on it): the width pattern, a forward pass by
 * hand, vector output through the objective, the layer factor norms, and its `thm simulate` form.
 */
import { describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { objective } from '../objective/objective.js';
import { simulate } from '../simulate/simulate.js';
import { MODELS } from './index.js';
import { mlpWidths, reluMlp } from './reluMlp.js';

const B = decBackend(40) as unknown as Backend<Opaque>;

describe('reluMlp', () => {
  it('widths follow n_k = ⌈n·k^r⌉ for r = 0, 1, 2', () => {
    expect(mlpWidths({ input: 2, n: 3, r: 0, depth: 4, output: 1 })).toEqual([2, 3, 3, 3, 1]);
    expect(mlpWidths({ input: 2, n: 3, r: 1, depth: 4, output: 1 })).toEqual([2, 3, 6, 9, 1]);
    expect(mlpWidths({ input: 2, n: 1.5, r: 2, depth: 4, output: 2 })).toEqual([2, 2, 6, 14, 2]);
    expect(() => mlpWidths({ input: 2, n: 0, r: 2, depth: 3, output: 1 })).toThrow(/n must be > 0/);
  });

  it('predicts relu(XW1ᵀ)W2ᵀ row-major for two outputs (by hand)', () => {
    // W1 = [[1, -1], [2, 0]], W2 = [[1, 1], [-1, 2]]; x = (1, 2): z1 = (-1, 2), h1 = (0, 2), f = (2, 4)
    const m = reluMlp(B, { widths: [2, 2, 2] });
    const f = m.predict(
      B.vec(['1', '-1', '2', '0', '1', '1', '-1', '2']),
      B.mat([
        ['1', '2'],
        ['3', '0'],
      ]),
    );
    // x = (3, 0): z1 = (3, 6), h1 = (3, 6), f = (9, 9)
    expect(B.vshow(f)).toEqual(['2', '4', '9', '9']);
    expect(m.outputs).toBe(2);
    expect(m.homogeneity).toBe(2);
  });

  it('the objective with C outputs is (1/n)Σ_i ½‖f(x_i) − y_i‖², and rejects n targets', () => {
    const model = MODELS.reluMlp.factory(B, { widths: [2, 2, 2] });
    const X = B.mat([
      ['1', '2'],
      ['3', '0'],
    ]);
    const theta = B.vec(['1', '-1', '2', '0', '1', '1', '-1', '2']);
    const F = objective(B, model, square(B), { X, y: B.vec(['1', '4', '9', '7']) });
    // residuals (1, 0) and (0, 2): (½·1 + ½·4)/2 = 1.25
    expect(B.show(F.value(theta))).toBe('1.25');
    expect(() => objective(B, model, square(B), { X, y: B.vec(['1', '4']) })).toThrow(/2 targets per row/);
    expect(F.subset([1]).value(theta)).toEqual(B.num('2'));
  });

  it('layer factor norms: each block of vjp(g) is D_kᵀH_{k−1}, so its norm ≤ ‖D_k‖‖H_{k−1}‖, = for one sample', () => {
    const m = reluMlp(B, { widths: [3, 2, 2, 1] });
    const theta = B.vec(['0.5', '-1', '0.25', '1', '0.75', '-0.5', '1', '-0.5', '0.25', '1', '-1', '0.5']);
    const X = B.mat([['1', '0.5', '-1']]);
    const g = B.vec(['0.75']);
    const grad = m.vjp(theta, X, g);
    const norms = m.layerFactorNorms!(theta, X, g);
    const blocks = [B.slice(grad, 0, 6), B.slice(grad, 6, 10), B.slice(grad, 10, 12)];
    blocks.forEach((blk, k) => {
      const prod = B.mul(norms[k]!.forward, norms[k]!.backward);
      // one sample: D_kᵀH_{k−1} is an outer product, whose Frobenius norm is the product of the norms
      expect(Math.abs(B.toNumber(B.sub(B.nrm2(blk), prod)))).toBeLessThan(1e-35);
    });
  });

  it('simulate: W with a pattern, vector targets as rows; a wrong pattern or row length names the field', () => {
    const spec = {
      model: {
        kind: 'reluMlp',
        W: [
          [
            ['1', '-1'],
            ['2', '0'],
          ],
          [
            ['1', '1'],
            ['-1', '2'],
          ],
        ],
        pattern: { n: '2', r: 2 },
      },
      data: {
        x: [
          ['1', '2'],
          ['3', '0'],
        ],
        y: [
          ['1', '4'],
          ['9', '7'],
        ],
      },
      loss: 'square',
      stepper: { kind: 'gd', lr: '0.01' },
      steps: 1,
      diagnostics: ['loss'],
    };
    const out = simulate(spec, { backend: 'dec:30' });
    expect(out.trajectory[0]!.loss).toBe('1.25');
    expect(() => simulate({ ...spec, model: { ...spec.model, pattern: { n: '3', r: 2 } } })).toThrow(
      /^spec\.model\.W: widths \[2, 2, 2\] do not follow pattern/,
    );
    expect(() => simulate({ ...spec, data: { ...spec.data, y: ['1', '2'] } })).toThrow(/^spec\.data\.y\[0\]/);
  });
});
