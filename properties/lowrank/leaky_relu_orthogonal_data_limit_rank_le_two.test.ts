/**
 * The closed-form facts about the orthogonal-data KKT point W̄ (docs/theorems/lowrank.md R11, derived) that the theorem
 * file states but does not put among its claims (its negative control breaks orthogonality, which would make them fail
 * trivially): srank W̄ = 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank W̄ ≤ 2 (σ₃ = 0), and sign f(x; W̄) = sign⟨ŵ,
 * x⟩. Checked on the theorem's own generated instances, on dd, with the linalg error bars.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, stableRank, svd } from '../../src/index.js';
import { arbitraryFor } from '../../src/theorem/types.js';
import { kktDirection } from './collapse.lib.js';
import thm, { type OrthSpec } from './leaky_relu_orthogonal_data_limit_rank_le_two.theorem.js';

const B = ddBackend();

describe('the orthogonal-data KKT point W̄ of Frei et al. (docs/theorems/lowrank.md R11)', () => {
  it('has stable rank 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank at most two, and a linear decision boundary along ŵ', () => {
    fc.assert(
      fc.property(arbitraryFor<OrthSpec>(thm.hypotheses, 'ci'), (s) => {
        const m = s.a.length;
        const { W, relErr } = kktDirection(B, s.X, s.y, s.a, s.gamma);
        const Wm = B.reshape(W, m, s.d);
        const g = B.num(s.gamma);
        const r = B.div(B.sub(B.one, g), B.add(B.one, g));
        // 1 ± γ are exact (dyadic γ); the division, the square (doubling its error) and the add leave ≤ 4u·formula, ×2.
        const formula = B.add(B.one, B.mul(r, r));
        const fBar = B.mul(B.mul(B.int(8), B.eps), formula);
        const sr = stableRank(B, Wm);
        // |W̄ − Ŵ| ≤ relErr·|Ŵ| entrywise ⇒ ‖ΔW‖_F ≤ relErr‖Ŵ‖_F: ‖W‖_F² moves by 2·relErr, σ₁ by ≤ ‖ΔW‖₂ ≤
        // relErr·√srank·σ₁ (Weyl), so srank = ‖W‖_F²/σ₁² moves by ≤ (2 + 2√srank)·relErr·srank to first order; ×2 for
        // the O(relErr²) terms.
        const moved = B.mul(
          B.mul(B.int(2), B.add(B.int(2), B.mul(B.int(2), B.sqrt(sr.value)))),
          B.mul(relErr, sr.value),
        );
        const bar = B.add(B.add(sr.err, moved), fBar);
        const gap = B.abs(B.sub(sr.value, formula));
        expect(B.cmp(gap, bar), `|srank − formula| = ${B.show(gap)} > ${B.show(bar)}`).toBeLessThanOrEqual(0);
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
      { numRuns: 60, seed: 48 },
    );
  });
});
