/**
 * The closed-form facts about the orthogonal-data KKT point W̄ (docs/theorems/lowrank.md R11, derived) that the theorem
 * file states but does not put among its claims (its negative control breaks orthogonality, which would make them fail
 * trivially): srank W̄ = 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank W̄ ≤ 2 (σ₃ = 0), and sign f(x; W̄) = sign⟨ŵ,
 * x⟩. Checked on the theorem's own generated instances, on dd, in ball arithmetic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith, ddBackend } from '../../src/index.js';
import { arbitraryFor } from '../../src/theorem/types.js';
import { kktDirectionBall } from './collapse.lib.js';
import thm, { type OrthSpec } from './leaky_relu_orthogonal_data_limit_rank_le_two.theorem.js';

const B = ddBackend();
const K = ballArith(B);

describe('the orthogonal-data KKT point W̄ of Frei et al. (docs/theorems/lowrank.md R11)', () => {
  it('has stable rank 1 + ((1 − γ)/(1 + γ))² for balanced classes, rank at most two, and a linear decision boundary along ŵ', () => {
    fc.assert(
      fc.property(arbitraryFor<OrthSpec>(thm.hypotheses, 'ci'), (s) => {
        const m = s.a.length;
        // W̄, its stable rank, the formula and the singular values, all in ball arithmetic
        const W = K.mreshape(kktDirectionBall(K, s.X, s.y, s.a, s.gamma), m, s.d);
        const g = K.num(s.gamma);
        const r = K.div(K.sub(K.int(1), g), K.add(K.int(1), g));
        const formula = K.add(K.int(1), K.sqr(r));
        const f = K.mflatten(W);
        const sv = K.singularValues(W);
        const srank = K.div(K.dot(f, f), K.sqr(sv[0]!));
        const d = K.sub(srank, formula);
        expect(K.containsZero(d), `srank − formula = ${B.show(d.value)} ± ${B.show(d.err)} excludes 0`).toBe(true);
        // σ₃ = 0 exactly for the exact W̄: its ball must contain 0
        if (sv.length > 2) expect(K.containsZero(sv[2]!)).toBe(true);
        // sign f(x; W̄) = sign⟨ŵ, x⟩ on the test points (|cos| ≥ 1/4: far from any rounding)
        const av = B.vec(s.a);
        const Wm = W.value;
        s.tests.forEach((xs, k) => {
          const z = B.unpack(B.gemv(Wm, B.vec(xs)));
          const fx = B.dot(av, B.pack(z.map((zj) => B.max(zj, B.mul(g.value, zj)))));
          expect(Math.sign(B.toNumber(fx))).toBe(s.testSigns[k]);
        });
      }),
      { numRuns: 60, seed: 48 },
    );
  });
});
