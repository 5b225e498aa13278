import fc from 'fast-check';
import {
  ballArith,
  claims,
  DIAGNOSTICS,
  defineTheorem,
  gd,
  run,
  spec,
  type Ball,
  type Claim,
  type Opaque,
} from '../../src/index.js';
import { deepLinearGdArb, deepLinearRisk, frobeniusGap, layersOf, type DeepLinearGdSpec } from './lowrank.lib.js';

const CHECK_AT = [0, 4, 8];

/**
 * Instance: a deep linear net (widths [d_0, …, d_L = 1], L = 2 or 3), logistic data, GD step η; the bounds are checked
 * at the iterates t = 0, 4, 8 (they are algebraic: they hold for ANY matrices, so every iterate is a valid instance).
 * `c` multiplies the right-hand sides: "1" is the theorem; the negative control deflates it.
 */
const INSTANCE = {
  hiddenMin: 2, // a hidden width 1 makes D_k 1×1 and both bounds read 0 ≤ 0 (vacuous)
  entry: spec.dyadic({ min: '-2', max: '2', bits: 4 }),
  n: { min: 1, max: 4 },
  lr: spec.dyadic({ min: '0.0625', max: '0.25', bits: 4 }),
};

export default defineTheorem<DeepLinearGdSpec>({
  id: 'deep_linear_alignment_bound',
  title:
    'Deep linear nets: the gap and alignment bounds 1 − ⟨v_{k+1}, u_k⟩² ≤ (λ_max(D_k) − λ_min(D_k) + gap_{k+1})/‖W_{k+1}‖₂² at every GD iterate',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\mathrm{gap}_k := \|W_k\|_F^2 - \|W_k\|_2^2 \le \sum_{j=k}^{L-1}\bigl(\lambda_{\max}(D_j) - \operatorname{tr} D_j\bigr),\qquad 1 - \langle v_{k+1}, u_k\rangle^2 \le \frac{\lambda_{\max}(D_k) - \lambda_{\min}(D_k) + \mathrm{gap}_{k+1}}{\|W_{k+1}\|_2^2}`,
  refs: [
    {
      arxiv: '1810.02032',
      where: "Ji & Telgarsky 2019, setting of §2 and Lemma 2 (the paper's own GF form of these bounds, with D(0))",
    },
    {
      key: 'docs/theorems/lowrank.md#r5-alignment-bound',
      where: '1 − ⟨v_{k+1}, u_k⟩² ≤ (λ_max(D_k) − λ_min(D_k) + gap_{k+1})/‖W_{k+1}‖₂² (derived, any matrices)',
    },
    {
      key: 'docs/theorems/lowrank.md#r4-gap-bound',
      where: 'gap_k ≤ Σ_{j≥k}(λ_max(D_j) − tr D_j) (derived, any matrices)',
    },
  ],
  hypotheses: deepLinearGdArb(INSTANCE, fc.constant('1')),
  // Negative control: right-hand sides deflated by c ∈ {1/64, 1/32}: at generic (unbalanced) iterates the spread of
  // D_k is comparable to ‖W_{k+1}‖₂², so the misalignment exceeds c·(bound).
  violations: deepLinearGdArb(INSTANCE, fc.constantFrom('0.015625', '0.03125')),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const F = deepLinearRisk(B, s.widths, s.X, s.y);
    const sol = run(F, gd(B, { lr: B.num(s.lr) }), B.vec(s.layers.flat(2)), {
      steps: CHECK_AT.at(-1)!,
      save: { at: CHECK_AT },
    });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    const c = K.num(s.c);
    const L = s.widths.length - 1;
    const out: Claim[] = [];
    for (const pt of sol.trajectory) {
      const ctx = { F, theta: pt.theta };
      const inv = DIAGNOSTICS.invariants.compute(ctx) as Record<
        string,
        { lambdaMax: Ball<Opaque>; lambdaMin: Ball<Opaque>; trace: Ball<Opaque> }
      >;
      const sv = DIAGNOSTICS.singularValues.compute(ctx);
      const al = DIAGNOSTICS.alignment.compute(ctx);
      const Ws = layersOf(B, s.widths, pt.theta);
      // gap_l = ‖W_l‖_F² − σ₁(W_l)² (ball arithmetic on σ₁'s ball)
      const gap = Ws.map((W, l) => {
        const s1 = sv[`W${l + 1}`]![0]!;
        const g = frobeniusGap(B, W, s1);
        return { gap: K.of(g.value, g.err), s1 };
      });
      for (let k = 0; k + 1 < L; k++) {
        // (4): gap_k ≤ Σ_{j ≥ k} (λ_max(D_j) − tr D_j); the last layer is a row vector (gap_L = 0 in exact arithmetic).
        const terms: Ball<Opaque>[] = [];
        for (let j = k; j < L - 1; j++) {
          const D = inv[`D${j + 1}`]!;
          terms.push(K.sub(D.lambdaMax, D.trace));
        }
        out.push(claims.le(B, gap[k]!.gap, K.mul(c, K.sum(terms)), `gap${k + 1}@${pt.k}`));
        // (5): 1 − a² ≤ (λ_max(D_k) − λ_min(D_k) + gap_{k+1}) / σ₁(W_{k+1})²
        const a = al[`W${k + 1}-W${k + 2}`]!;
        const D = inv[`D${k + 1}`]!;
        const g1 = gap[k + 1]!;
        const S = K.sqr(g1.s1);
        // (5) divides by ‖W_{k+1}‖₂²: undefined for a zero layer, so no claim there (the others still count)
        if (K.containsZero(S)) continue;
        const q = K.div(K.add(K.sub(D.lambdaMax, D.lambdaMin), g1.gap), S);
        out.push(claims.le(B, K.sub(K.int(1), K.sqr(a)), K.mul(c, q), `align${k + 1}@${pt.k}`));
      }
    }
    return { claims: out };
  },
});
