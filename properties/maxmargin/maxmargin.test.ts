import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, spec, svd } from '../../src/index.js';
import { belowThreshold, maxMarginData, stepBelow, wTilde, wrongDirections } from './maxmargin.lib.js';

const { cmp, parseNum } = spec.rational;

const B: any = ddBackend();

describe('maxmargin.lib', () => {
  it('sandwiches σ_max²(X) between the exact lower and upper bounds, and η = stepBelow(u, S) < 8/σ_max²', () => {
    fc.assert(
      fc.property(maxMarginData(), fc.constantFrom('0.5', '0.99', '0.25'), (data, u) => {
        const top = svd(B, B.mat(data.X));
        // σ_max ± its rigorous error bar (linalg): both bounds must hold beyond that bar
        const s = top.values[0];
        const e = top.errors[0];
        const sMax2hi = Number(B.show(B.mul(B.add(s, e), B.add(s, e))));
        const sMax2lo = Number(B.show(B.mul(B.sub(s, e), B.sub(s, e))));
        expect(Number(data.sigmaSqUpper)).toBeGreaterThanOrEqual(sMax2lo);
        expect(Number(data.sigmaSqLower)).toBeLessThanOrEqual(sMax2hi);
        const eta = stepBelow(u, data.sigmaSqUpper);
        expect(belowThreshold(eta, data.sigmaSqUpper)).toBe(true);
        expect(cmp(parseNum(eta), { n: 0n, d: 1n })).toBe(1);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('w̃ solves η·exp(−z_nᵀw̃) = α_n on the support (Theorem 4) within its error bar', () => {
    fc.assert(
      fc.property(maxMarginData(), (data) => {
        const eta = B.num(stepBelow('0.5', data.sigmaSqUpper));
        const wt = wTilde(B, data, eta);
        for (const n of data.support) {
          const z = B.vec(data.X[n]!);
          const lhs = B.mul(eta, B.exp(B.neg(B.dot(z, wt.w))));
          const a = B.num(data.alpha[n]!);
          // |Δ(z_nᵀw̃)| ≤ ‖z_n‖·err, so the relative error of α is ≤ e^{‖z_n‖err} − 1 (+ rounding ~1e-30)
          const rel = Number(B.show(B.div(B.abs(B.sub(lhs, a)), a)));
          const bound = Math.expm1(Number(B.show(B.mul(B.nrm2(z), wt.err)))) + 1e-28;
          expect(rel).toBeLessThanOrEqual(bound);
        }
      }),
      { numRuns: 30, seed: 12 },
    );
  });

  it('the wrong directions of the negative control are scaled to min margin 1 and differ from ŵ in d ≥ 2 instances', () => {
    let differ = 0;
    fc.assert(
      fc.property(maxMarginData({ d: { min: 2, max: 3 } }), (data) => {
        const w = wrongDirections(data);
        const mins = data.X.map((z) => z.reduce((s, x, j) => s + Number(x) * Number(w.mean[j]!), 0));
        expect(Math.min(...mins)).toBeCloseTo(1, 12);
        if (w.mean.some((x, j) => Math.abs(Number(x) - Number(data.wHat[j]!)) > 1e-6)) differ++;
      }),
      { numRuns: 30, seed: 13 },
    );
    expect(differ).toBeGreaterThan(15);
  });
});
