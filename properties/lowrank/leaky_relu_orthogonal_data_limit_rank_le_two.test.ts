/**
 * The closed-form facts about the orthogonal-data KKT point W̄ (theorems A §4c [DER]) that the theorem file states but
 * does not put among its claims (its negative control breaks orthogonality, which would make them fail trivially):
 * srank W̄ = 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank W̄ ≤ 2 (σ₃ = 0), and sign f(x; W̄) = sign⟨ŵ, x⟩.
 * Checked on the theorem's own generated instances, on dd, with the linalg error bars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, stableRank, svd } from '../../src/index.js';
import { kktDirection } from './collapse.lib.js';
import thm, { type OrthSpec } from './leaky_relu_orthogonal_data_limit_rank_le_two.theorem.js';

const B = ddBackend();

describe('the orthogonal-data KKT point W̄ of Frei et al. (theorems A §4c)', () => {
  it('has stable rank 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank at most two, and a linear decision boundary along ŵ', () => {
    fc.assert(
      fc.property(thm.hypotheses as fc.Arbitrary<OrthSpec>, (s) => {
        const m = s.a.length;
        const { W, relErr } = kktDirection(B, s.X, s.y, s.a, s.gamma);
        const Wm = B.reshape(W, m, s.d);
        const g = B.num(s.gamma);
        const r = B.div(B.sub(B.one, g), B.add(B.one, g));
        const formula = B.add(B.one, B.mul(r, r));
        const sr = stableRank(B, Wm);
        // W̄'s entries are within relErr relative, so srank (a ratio of squares) moves by ≤ 4·relErr·srank (×2 margin)
        const bar = B.add(sr.err, B.mul(B.mul(B.int(8), relErr), sr.value));
        expect(B.toNumber(B.abs(B.sub(sr.value, formula)))).toBeLessThanOrEqual(B.toNumber(bar) + B.toNumber(B.mul(B.int(8), B.mul(B.eps, formula))));
        const sv = svd(B, Wm);
        if (sv.values.length > 2) {
          // σ₃ = 0 exactly for the exact W̄: the computed one is within its bar plus relErr·‖W̄‖_F of 0 (Weyl)
          const lim = B.add(sv.errors[2]!, B.mul(relErr, B.nrm2(W)));
          expect(B.toNumber(B.sub(sv.values[2]!, lim))).toBeLessThanOrEqual(0);
        }
        // sign f(x; W̄) = sign⟨ŵ, x⟩ on the test points (|cos| ≥ 1/4: far from any rounding)
        const av = B.vec(s.a);
        s.tests.forEach((xs, k) => {
          const z = B.unpack(B.gemv(Wm, B.vec(xs)));
          const f = B.dot(av, B.pack(z.map((zj) => B.max(zj, B.mul(g, zj)))));
          expect(Math.sign(B.toNumber(f))).toBe(s.testSigns[k]);
        });
      }),
      { numRuns: 60 },
    );
  });
});
