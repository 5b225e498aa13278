import { claims, defineTheorem, type Ball, type Claim, type Opaque } from '../../src/index.js';
import { average, ladder, ladderInstances, times, type LadderPair, type LadderSpec } from './ladder.lib.js';

// P2.3 (conjecture: arXiv 2410.03988, Theorem 2 as recalled from the abstract; docs/theorems/mirror.md M8). On the
// linearized shallow network (the lazy limit, M6) with an unscaled non-quadratic potential, going up a width ladder
// n₁ < n₂, averaged over the spec's feature seeds: the mirror-descent limit approaches the gradient-descent limit,
// the label nonlinearity shrinks, the output weights move O(n^{−1/2}) (√n‖a*‖_∞ at most doubles), the gradient-descent
// function approaches the (O2) kernel interpolant, and mirror descent on the full network (all of a, w, b; labels /8)
// is lazy: √n·max_t‖θ(t) − θ(0)‖_∞ at most doubles. The averages are over the seeds drawn (their
// spread is not turned into a confidence bar: see M8). The lower rung is past the burn-in width (64: at 16 a seed's
// label nonlinearity can exceed its value at 256, M8), 16× below the upper one; the nightly ladder goes to 4096.
// The full network runs on its own ladder 16 → 256 at every profile, cheap enough for a referee rerun at mpfr.
// Negative control: the ladder walked downward.
export default defineTheorem<LadderSpec>({
  id: 'unscaled_mf_approaches_gf_with_width',
  title: 'Unscaled mirror descent on the lazy shallow network approaches gradient descent and the kernel limit',
  status: 'conjecture',
  kind: 'upper',
  claim: String.raw`\overline{\|f^{\phi}_{n_2} - f^{GD}_{n_2}\|_\infty} \le \overline{\|f^{\phi}_{n_1} - f^{GD}_{n_1}\|_\infty},\ \overline{\|f^{GD}_{n_2} - f_\infty\|_\infty} \le \overline{\|f^{GD}_{n_1} - f_\infty\|_\infty},\ n_1 < n_2`,
  refs: [
    { arxiv: '2410.03988', where: 'Theorem 2: same implicit bias as gradient flow as the width grows (recalled)' },
    {
      key: 'docs/theorems/mirror.md#m8-width-ladders-p23-p24',
      where: 'what is compared, and why it is a conjecture here',
    },
  ],
  hypotheses: (profile) =>
    profile === 'nightly'
      ? ladderInstances(false, [256, 4096], 2, [16, 256])
      : ladderInstances(false, [64, 1024], 2, [16, 256]),
  violations: ladderInstances(false, [64, 16], 1),
  // every profile's evaluation costs seconds (four certified oracles per rung and seed): few runs, any backend
  budget: { quick: { runs: 2, negativeRuns: 6 }, ci: { runs: 2, negativeRuns: 6 }, nightly: { runs: 20 } },
  search: 'random',
  evaluate(B, s) {
    const L = ladder(B, s);
    if (!Array.isArray(L)) return L;
    const avg = (f: (r: LadderPair) => Ball<Opaque>) => average(B, L.map(f));
    const out: Claim[] = [
      claims.le(
        B,
        avg((r) => r.hi.gap),
        avg((r) => r.lo.gap),
        'MF-GF gap shrinks',
      ),
      claims.le(
        B,
        avg((r) => r.hi.defect),
        avg((r) => r.lo.defect),
        'label nonlinearity shrinks',
      ),
      claims.le(
        B,
        avg((r) => r.hi.kernel),
        avg((r) => r.lo.kernel),
        'GD approaches the kernel interpolant',
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
    // the full-network run (hypotheses only: the downward negative control is about the gaps)
    if (s.fullWidths !== null)
      out.push(
        claims.le(
          B,
          avg((r) => r.hi.move!),
          times(
            B,
            avg((r) => r.lo.move!),
            2,
          ),
          'full net is lazy',
        ),
      );
    return {
      claims: out,
      observed: {
        gap_lo: B.show(avg((r) => r.lo.gap).value),
        gap_hi: B.show(avg((r) => r.hi.gap).value),
        kernel_lo: B.show(avg((r) => r.lo.kernel).value),
        kernel_hi: B.show(avg((r) => r.hi.kernel).value),
      },
    };
  },
});
