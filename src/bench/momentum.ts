/**
 * Momentum-area benchmark rows (issue 13, "Performance"):
 * - `moments-sgdm-d64-1e4`: exact SGDM moments for d = 64 over 10⁴ steps through the eigenbasis blocks
 *   (src/moments/eigenBlocks.ts; the dense 128 × 128 recursion would cost two 128³ products per step):
 *   h_i = (i + 1)/64, σ_i² = 1, x* = 1, x₀ = 0, γ = 1/100, β = 9/10.
 * - `enumerate-ls-n4-K10`: E x_K of least-squares SGD (n = 4 samples, d = 2, K = 10) by exact enumeration of the
 *   4¹⁰ index paths (src/finiteSum/expectation.ts), beside the exact moment recursion (src/moments/randomAffine.ts).
 */
import { exactExpectation } from '../finiteSum/expectation.js';
import { eigenPointMass, eigenPropagate } from '../moments/eigenBlocks.js';
import { leastSquaresSgd, pointMassSecond, propagateSecond } from '../moments/randomAffine.js';
import type { AnyBackend } from '../numeric/types.js';
import type { ExtraCell } from './extra.js';

const D = 64;
const MOMENT_STEPS = 10_000;

export function momentsCell(B: AnyBackend): ExtraCell {
  const h = B.vec(Array.from({ length: D }, (_, i) => String((i + 1) / 64)));
  const sys = { h, sigma2: B.fill(D, B.one), b: h, lr: B.num('0.01'), beta: B.num('0.9') };
  return {
    run: () => {
      const m = eigenPropagate(B, sys, eigenPointMass(B, B.zeros(D)), MOMENT_STEPS);
      return { mx0: B.show(B.at(m.mx, 0)), trPxx: B.show(B.sum(m.pxx)), pxx63: B.show(B.at(m.pxx, D - 1)) };
    },
    units: MOMENT_STEPS,
    unitName: 'steps_per_s',
  };
}

const K = 10;

export function enumerationCell(B: AnyBackend): ExtraCell {
  const X = B.mat([
    ['1', '0.5'],
    ['-0.25', '1.5'],
    ['2', '-1'],
    ['0.5', '0.75'],
  ]);
  const sys = leastSquaresSgd(B, X, B.vec(['1', '-0.5', '0.75', '0.25']), B.num('0.125'));
  const m0 = pointMassSecond(B, sys, B.vec(['0.5', '-1']));
  const child = (s: typeof m0.mean, i: number) => B.vadd(B.gemv(sys.maps[i]!.A, s), sys.maps[i]!.c);
  return {
    run: () => {
      const E = exactExpectation(B, 4, K, m0.mean, child, (s) => B.at(s, 0));
      const rec = propagateSecond(B, sys, m0, K);
      return { enumerated: B.show(E[K]), recursion: B.show(B.at(rec[K]!.mean, 0)) };
    },
    units: 1,
    unitName: 'enumerations_per_s',
  };
}
