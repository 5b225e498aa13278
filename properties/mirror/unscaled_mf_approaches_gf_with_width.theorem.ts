import { defineTheorem, type Ball, type Claim, type Opaque } from '../../src/index.js';
import {
  ladder,
  ladderInstances,
  notAbove,
  perSeed,
  rungMeans,
  signTest,
  times,
  type LadderSpec,
  type Rung,
} from './ladder.lib.js';

// P2.3 (conjecture: arXiv 2410.03988, Theorem 2 as recalled from the abstract; docs/theorems/mirror.md M8). On the
// linearized shallow network (the lazy limit, M6) with an unscaled non-quadratic potential, going up a width ladder
// n₁ < n₂ with independent feature draws at each rung, each of these holds with probability ≥ 1/2 over the draws: the
// mirror-descent limit is at least as close to the gradient-descent limit at n₂ as at n₁, so is the label
// nonlinearity, the gradient-descent function approaches the (O2) kernel interpolant, the output weights move
// O(n^{−1/2}) (√n‖a*‖_∞ at most doubles), and mirror descent on the full network (all of a, w, b; labels /8) is lazy
// (√n·max_t‖θ(t) − θ(0)‖_∞ at most doubles). Each is a one-sided sign test over the spec's seeds at δ = 1/16
// (`signTest`: rejected only when at most k* seeds go the conjectured way, probability ≤ δ under the claim; no range
// bound needed). 4 seeds at quick and ci, 8 at nightly. The lower rung is past the burn-in width (64: at 16 a seed's
// label nonlinearity can exceed its value at 256, M8), 16× below the upper one; the nightly ladder goes to 4096. The
// full network runs on its own ladder 16 → 256 at every profile, cheap enough for a referee rerun at mpfr.
// Negative control: the ladder walked downward (64 → 16), the kernel distance alone (the referee reruns a certified
// violation on 16 seeds at mpfr precision; the kernel claim needs one oracle per rung).
export default defineTheorem<LadderSpec>({
  id: 'unscaled_mf_approaches_gf_with_width',
  title: 'Unscaled mirror descent on the lazy shallow network approaches gradient descent and the kernel limit',
  status: 'conjecture',
  kind: 'upper',
  claim: String.raw`P\big(\|f^{\phi}_{n_2} - f^{GD}_{n_2}\|_\infty \le \|f^{\phi}_{n_1} - f^{GD}_{n_1}\|_\infty\big) \ge \tfrac12,\ P\big(\|f^{GD}_{n_2} - f_\infty\|_\infty \le \|f^{GD}_{n_1} - f_\infty\|_\infty\big) \ge \tfrac12,\ n_1 < n_2`,
  refs: [
    { arxiv: '2410.03988', where: 'Theorem 2: same implicit bias as gradient flow as the width grows (recalled)' },
    {
      key: 'docs/theorems/mirror.md#m8-width-ladders-p23-p24',
      where: 'what is compared, and why it is a conjecture here',
    },
  ],
  hypotheses: (profile) =>
    profile === 'nightly'
      ? ladderInstances(false, [256, 4096], 8, [16, 256])
      : ladderInstances(false, [64, 1024], 4, [16, 256]),
  violations: ladderInstances(false, [64, 16], 4).map((s) => ({ ...s, only: 'kernel' as const })),
  // every profile's evaluation costs seconds (four certified oracles per rung and seed, 4–8 seeds): few runs
  budget: { quick: { runs: 2, negativeRuns: 6 }, ci: { runs: 2, negativeRuns: 6 }, nightly: { runs: 10 } },
  search: 'random',
  evaluate(B, s) {
    const L = ladder(B, s);
    if (!Array.isArray(L)) return L;
    const avg = (key: keyof Rung) => rungMeans(B, L, key);
    // per seed: the upper rung at most the lower one (at most twice it for the O(n^{−1/2}) scale of the moves)
    const shrinks = (hi: Ball<Opaque>, lo: Ball<Opaque>) => notAbove(B, hi, lo);
    const bounded = (hi: Ball<Opaque>, lo: Ball<Opaque>) => notAbove(B, hi, times(B, lo, 2));
    const tests: [keyof Rung, typeof shrinks, string][] = [
      ['gap', shrinks, 'MF-GF gap shrinks'],
      ['defect', shrinks, 'label nonlinearity shrinks'],
      ['kernel', shrinks, 'GD approaches the kernel interpolant'],
      ['lazy', bounded, 'sqrt(n) max|a| stays bounded'],
      ['move', bounded, 'full net is lazy'],
    ];
    const out: Claim[] = [];
    for (const [key, test, label] of tests) {
      const pass = perSeed(L, key, test);
      if (pass !== null) out.push(signTest(pass, label));
    }
    return { claims: out, observed: { ...avg('gap'), ...avg('kernel') } };
  },
});
