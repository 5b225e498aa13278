/**
 * The `taylor` diagnostic through `thm simulate`'s engine (simulate()): c_0 is the loss, c_1 = −‖∇F‖² (the step is
 * along the gradient), the coefficients past twice the model's degree vanish (square loss), all within the bars.
 */
import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/simulate.js';

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
});
