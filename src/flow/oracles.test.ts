import { describe, expect, it } from 'vitest';
import { decBackend, type Dec } from '../numeric/decimal.js';
import type { Backend, Num } from '../numeric/types.js';
import { powerSharpness } from './gradientFlow.js';
import { linear2Limit, scalarNetLimit } from './oracles.js';
import { linear2Objective, scalarNetObjective } from './testObjectives.js';

// Tolerance 1000·u: each checked quantity is a handful of correctly rounded operations on O(1) values.
describe('closed-form oracles are minimizers with the stated invariants and sharpness (dec:40)', () => {
  const B: Backend<Dec> = decBackend(40);
  it('linear2: the limit has aᵀb = Φ, the same aaᵀ − bbᵀ, and sharpness √(4Φ² + ‖u₀‖²‖v₀‖²) = ‖a‖² + ‖b‖²', () => {
    for (const [a, b, Phi] of [
      [['0.3', '-0.2'], ['0.9', '0.4'], '1.5'],
      [['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75'],
    ] as [Num[], Num[], Num][]) {
      const a0 = B.vec(a);
      const b0 = B.vec(b);
      const o = linear2Limit(B, a0, b0, B.num(Phi));
      const tol = B.mul(B.int(1000), B.eps);
      expect(B.toNumber(B.abs(B.sub(B.dot(o.a, o.b), B.num(Phi))))).toBeLessThan(B.toNumber(tol));
      const D0 = B.vsub(B.flatten(B.ger(a0, a0)), B.flatten(B.ger(b0, b0)));
      const D1 = B.vsub(B.flatten(B.ger(o.a, o.a)), B.flatten(B.ger(o.b, o.b)));
      expect(B.toNumber(B.amax(B.vsub(D0, D1)))).toBeLessThan(B.toNumber(tol));
      const lam = B.add(B.dot(o.a, o.a), B.dot(o.b, o.b));
      expect(B.toNumber(B.abs(B.sub(lam, o.sharpness)))).toBeLessThan(B.toNumber(tol));
      // top Hessian eigenvalue at the limit by power iteration (gap: the other eigenvalues are 0 at a minimizer)
      const F = linear2Objective(B, a.length, B.num(Phi));
      const est = powerSharpness(F, B.concat([o.a, o.b]), 3).value;
      expect(B.toNumber(B.abs(B.sub(est, o.sharpness)))).toBeLessThan(B.toNumber(tol));
    }
  });

  it('scalarNet: the limit has ∏w = y, the same w_i² − w_j² and signs, and sharpness y²Σ1/w_i² = ‖∇∏w‖²', () => {
    const y = B.num('2');
    const w0 = B.vec(['0.5', '-1.2', '-0.8']);
    const o = scalarNetLimit(B, w0, y);
    const w = B.unpack(o.w);
    const tol = B.mul(B.int(1000), B.eps);
    const prod = w.reduce((p, x) => B.mul(p, x));
    expect(B.toNumber(B.abs(B.sub(prod, y)))).toBeLessThan(B.toNumber(tol));
    const d0 = B.sub(B.mul(B.at(w0, 0), B.at(w0, 0)), B.mul(B.at(w0, 1), B.at(w0, 1)));
    const d1 = B.sub(B.mul(w[0]!, w[0]!), B.mul(w[1]!, w[1]!));
    expect(B.toNumber(B.abs(B.sub(d0, d1)))).toBeLessThan(B.toNumber(tol));
    expect(w.map((x) => B.cmp(x, B.zero))).toEqual([1, -1, -1]);
    const F = scalarNetObjective(B, 3, y);
    const est = powerSharpness(F, o.w, 3).value;
    expect(B.toNumber(B.abs(B.sub(est, o.sharpness)))).toBeLessThan(B.toNumber(tol));
  });

  it('the oracles reject the degenerate initializations that flow to a saddle', () => {
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['-1']), B.num('1'))).toThrow(/saddle/);
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['1']), B.num('-1'))).toThrow(/saddle/);
    expect(() => scalarNetLimit(B, B.vec(['1', '-1']), B.num('1'))).toThrow(/sign/);
  });
});

