import { claims, defineTheorem, type Ball, type Claim, type Opaque } from '../../src/index.js';
import { average, ladder, ladderInstances, times, type LadderPair, type LadderSpec } from './ladder.lib.js';

// P2.4 (conjecture: arXiv 2410.03988, Theorem 8 as recalled from the abstract, "lazy but not in the kernel regime";
// docs/theorems/mirror.md M8). With the potential scaled to the width, φ_n(x) = φ(√n x)/n, going up the ladder
// n₁ < n₂ (averaged over the spec's feature seeds): the gap to gradient descent and the label nonlinearity do not
// shrink (each stays above half its value at n₁), while √n‖a*‖_∞ stays bounded (at most doubles). The statement is
// about n → ∞: the lower rung is 256, where a seed's gap is within about 2× of the seed mean (at 16 it spreads over
// 12×, and a two-seed ladder 16 → 256 halved the gap: the certified counterexample of M8); nightly goes to 4096.
// Negative control: the unscaled potential on a 16× ladder, whose gap shrinks like n^{−1/2} or faster (P2.3): by 4×.
export default defineTheorem<LadderSpec>({
  id: 'scaled_md_stays_apart_from_gd_with_width',
  title: 'Scaled mirror descent on the lazy shallow network stays apart from gradient descent as the width grows',
  status: 'conjecture',
  kind: 'lower',
  claim: String.raw`\overline{\|f^{\phi_n}_{n_2} - f^{GD}_{n_2}\|_\infty} \ge \tfrac12\,\overline{\|f^{\phi_n}_{n_1} - f^{GD}_{n_1}\|_\infty},\ \overline{\sqrt{n_2}\|a^*_{n_2}\|_\infty} \le 2\,\overline{\sqrt{n_1}\|a^*_{n_1}\|_\infty}`,
  refs: [
    { arxiv: '2410.03988', where: 'Theorem 8: scaled potentials, lazy but not in the kernel regime (recalled)' },
    {
      key: 'docs/theorems/mirror.md#m8-width-ladders-p23-p24',
      where: 'what is compared, and why it is a conjecture here',
    },
  ],
  hypotheses: (profile) => ladderInstances(true, profile === 'nightly' ? [256, 4096] : [256, 1024], 2),
  violations: ladderInstances(false, [16, 64], 1, null, [{ name: 'squaredPlusQuartic' }]),
  // every profile's evaluation costs seconds (four certified oracles per rung and seed): few runs, any backend
  budget: { quick: { runs: 2, negativeRuns: 6 }, ci: { runs: 2, negativeRuns: 6 }, nightly: { runs: 20 } },
  search: 'random',
  evaluate(B, s) {
    const L = ladder(B, s);
    if (!Array.isArray(L)) return L;
    const avg = (f: (r: LadderPair) => Ball<Opaque>) => average(B, L.map(f));
    const out: Claim[] = [
      claims.ge(
        B,
        avg((r) => r.hi.gap),
        times(
          B,
          avg((r) => r.lo.gap),
          1,
          2,
        ),
        'gap to GD does not shrink',
      ),
      claims.ge(
        B,
        avg((r) => r.hi.defect),
        times(
          B,
          avg((r) => r.lo.defect),
          1,
          2,
        ),
        'nonlinearity does not shrink',
      ),
      claims.le(
        B,
        avg((r) => r.hi.lazy),
        times(
          B,
          avg((r) => r.lo.lazy),
          2,
        ),
        'sqrt(n) max|a| stays bounded',
      ),
    ];
    return {
      claims: out,
      observed: {
        gap_lo: B.show(avg((r) => r.lo.gap).value),
        gap_hi: B.show(avg((r) => r.hi.gap).value),
        defect_lo: B.show(avg((r) => r.lo.defect).value),
        defect_hi: B.show(avg((r) => r.hi.defect).value),
      },
    };
  },
});
