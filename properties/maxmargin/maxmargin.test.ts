import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, spec, svd } from '../../src/index.js';
import { belowThreshold, maxMarginData, stepBelow, wTilde, wrongDirections } from './maxmargin.lib.js';

const { ONE, abs, cmp, dot, max, min, mul, parseNum, q, sub, toNum } = spec.rational;

const B = ddBackend();

describe('maxmargin.lib', () => {
  it('sandwiches σ_max²(X) between the exact lower and upper bounds, and η = stepBelow(u, S) < 8/σ_max²', () => {
    fc.assert(
      fc.property(maxMarginData(), fc.constantFrom('0.5', '0.99', '0.25'), (data, u) => {
        const top = svd(B, B.mat(data.X));
        // σ_max ± its rigorous error bar (linalg): both bounds must hold beyond that bar
        const s = top.values[0]!;
        const e = top.errors[0]!;
        const sMax2hi = Number(B.show(B.mul(B.add(s, e), B.add(s, e))));
        const sMax2lo = Number(B.show(B.mul(B.sub(s, e), B.sub(s, e))));
        expect(Number(data.sigmaSqUpper)).toBeGreaterThanOrEqual(sMax2lo);
        expect(Number(data.sigmaSqLower)).toBeLessThanOrEqual(sMax2hi);
        const lr = stepBelow(u, data.sigmaSqUpper);
        expect(belowThreshold(lr, data.sigmaSqUpper)).toBe(true);
        expect(cmp(parseNum(lr), { n: 0n, d: 1n })).toBe(1);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('w̃ solves η·exp(−z_nᵀw̃) = α_n on the support (Theorem 4) within its error bar', () => {
    fc.assert(
      fc.property(maxMarginData(), (data) => {
        const lr = B.num(stepBelow('0.5', data.sigmaSqUpper));
        const wt = wTilde(B, data, lr);
        const d = data.wHat.length;
        for (const n of data.support) {
          const z = B.vec(data.X[n]!);
          const zw = B.dot(z, wt.w);
          const lhs = B.mul(lr, B.exp(B.neg(zw)));
          const a = B.num(data.alpha[n]!);
          const rel = B.div(B.abs(B.sub(lhs, a)), a);
          // |z_nᵀ(w̃ − w̃*)| ≤ ‖z_n‖·err, so the relative error of α is ≤ e^{‖z_n‖err} − 1. Rounding (units of u): z's
          // entry rounding + the dot's γ_d put (d + 1)|z_n|ᵀ|w̃| into the exponent, exp adds |z_nᵀw̃| + 6
          // (numeric/laws.ts), and η's and α's entry roundings, η·, the subtraction and the division 1 each (4); ×2 for
          // the products of these.
          const round = B.mul(
            B.mul(B.int(2), B.eps),
            B.add(B.add(B.mul(B.int(d + 1), B.dot(B.map('abs', z), B.map('abs', wt.w))), B.abs(zw)), B.int(10)),
          );
          const bound = B.add(B.fn('expm1', B.mul(B.nrm2(z), wt.err)), round);
          expect(B.cmp(rel, bound), `relative error ${B.show(rel)} > ${B.show(bound)}`).toBeLessThanOrEqual(0);
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
        // Exact arithmetic. r is r* = v/min_n z_nᵀv (min margin exactly 1) rounded to 20 significant digits:
        // |r_j − r*_j| < ulp ≤ 1e-19|r*_j|, so ≤ ρ|r_j| with ρ = 1e-19/(1 − 1e-19), and |min_n z_nᵀr − 1| ≤
        // ρ·max_n|z_n|ᵀ|r|.
        const rho = q(1n, 10n ** 19n - 1n);
        const Z = data.X.map((z) => z.map((x) => parseNum(x)));
        const r = w.mean.map((x) => parseNum(x));
        const margin = Z.map((z) => dot(z, r)).reduce((m, x) => min(m, x));
        const bar = mul(
          rho,
          Z.map((z) => dot(z.map(abs), r.map(abs))).reduce((m, x) => max(m, x)),
        );
        expect(cmp(abs(sub(margin, ONE)), bar), `min margin ${toNum(margin)}`).toBeLessThanOrEqual(0);
        // ŵ also has min margin exactly 1, so r along ŵ would be ŵ rounded (|r_j − ŵ_j| ≤ ρ|r_j|): a larger gap proves
        // a different direction.
        if (r.some((x, j) => cmp(abs(sub(x, parseNum(data.wHat[j]!))), mul(rho, abs(x))) > 0)) differ++;
      }),
      { numRuns: 30, seed: 13 },
    );
    expect(differ).toBeGreaterThan(15);
  });
});
