import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, gfLimit, scalarNetLimit, spec } from '../../src/index.js';
import { certifyGfsSide, lrFromGfs, gfsSharpness, snObjective } from './gfs.lib.js';

const B = ddBackend();
const inits = spec.scalarNetInit({
  D: { min: 2, max: 4 },
  magnitude: spec.dyadic({ min: '0.5', max: '1.5', bits: 4 }),
});

describe('GFS sharpness closed form φ(w) = y²Σ 1/(w_i² + c*) (docs/theorems/eos.md E11)', () => {
  it('agrees with the engine closed-form oracle scalarNetLimit within the a-posteriori error bar', () => {
    fc.assert(
      fc.property(inits, (s) => {
        const w = B.vec(s.w);
        const y = B.num(s.y);
        const g = gfsSharpness(B, w, y)!;
        const o = scalarNetLimit(B, w, y);
        // the oracle's own rounding: (D + 4)u·φ, ×4 for its root's last step
        const tol = B.add(g.err, B.mul(B.mul(B.int(4 * (s.w.length + 4)), B.eps), g.value));
        expect(B.cmp(B.abs(B.sub(g.value, o.sharpness)), tol)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('agrees with the sharpness at the limit of the engine gradient flow (gfLimit ± its distance bound)', () => {
    fc.assert(
      fc.property(inits, (s) => {
        const w = B.vec(s.w);
        const y = B.num(s.y);
        const g = gfsSharpness(B, w, y)!;
        // rtol = tol = 1e-24 (7 digits above dd's u ≈ 2e-31): lim.err is then ~1e-22, dominated by the integrator's
        // summed local-error estimates; a looser flow would only blunt this check (1e-16 gave lim.err ~1e-15).
        const lim = gfLimit(snObjective(B, s.w.length, s.y), w, { rtol: '1e-24', atol: '1e-24', tol: '1e-24' });
        expect(lim.result).toBe('ok');
        // sharpness at a minimizer = y²Σ 1/θ_i²; moving θ by ≤ err changes it by ≤ y²Σ 2err/|θ_i|³ (×2, second order)
        const th = B.unpack(lim.theta);
        const y2 = B.mul(y, y);
        const S = B.mul(
          y2,
          th.reduce((a, x) => B.add(a, B.div(B.one, B.mul(x, x))), B.zero),
        );
        const dS = B.mul(
          B.mul(B.int(4), B.mul(y2, lim.err)),
          th.reduce((a, x) => B.add(a, B.div(B.one, B.abs(B.mul(x, B.mul(x, x))))), B.zero),
        );
        // No residual term: S uses y², not π(θ)², so S(θ∞) = φ exactly; θ's distance |π − y|/‖∇π‖ = ‖∇F‖/‖∇π‖² from the
        // manifold π = y is inside lim.err (its 2‖H⁺∇F‖ term, H ≈ ∇π∇πᵀ). Evaluating S rounds D + 3 times per term
        // (square, reciprocal, ≤ D − 1 sums, y², ×y²): relative γ_{D+3} ≤ (D + 4)u, ×2 (bounds.ts convention).
        const tol = B.add(B.add(g.err, dS), B.mul(B.mul(B.int(2 * (s.w.length + 4)), B.eps), S));
        expect(B.cmp(B.abs(B.sub(g.value, S)), tol)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 6, seed: 12 },
    );
  });

  it('is √((w₁² − w₂²)² + 4y²) for D = 2 (the depth-2 linear net with k = 1, docs/theorems/eos.md E11)', () => {
    const g = gfsSharpness(B, B.vec(['1.5', '0.5']), B.num('0.75'))!;
    const exact = B.sqrt(B.add(B.int(4), B.mul(B.int(4), B.num('0.5625'))));
    expect(B.cmp(B.abs(B.sub(g.value, exact)), B.add(g.err, B.mul(B.int(8), B.mul(B.eps, exact))))).toBeLessThanOrEqual(
      0,
    );
  });

  it('lrFromGfs certifies the side of 2√2 on dd and throws when the margin cannot hold it', () => {
    // D = 2, w = (1, 1), y = 1: c* = 0, φ = 2, so 2√2/φ = √2; η = 1.414 is below, 1.415 above (√2 = 1.41421…)
    expect(() => certifyGfsSide(['1', '1'], '1', '1.414', 'below')).not.toThrow();
    expect(() => certifyGfsSide(['1', '1'], '1', '1.415', 'above')).not.toThrow();
    expect(() => certifyGfsSide(['1', '1'], '1', '1.415', 'below')).toThrow(/not certified/);
    expect(() => certifyGfsSide(['1', '1'], '1', '1.414', 'above')).toThrow(/not certified/);
    expect(() => certifyGfsSide(['0', '1'], '1', '1', 'below')).toThrow(/no certified φ/);
    // v just under 1 with the 0.999 factor is still certified below; v = 1.2 is certified above
    fc.assert(
      fc.property(inits, (s) => {
        expect(Number(lrFromGfs(s.w, s.y, '0.999', 'below'))).toBeGreaterThan(0);
        expect(Number(lrFromGfs(s.w, s.y, '1.2', 'above'))).toBeGreaterThan(0);
      }),
      { numRuns: 30, seed: 12 },
    );
  });
});
