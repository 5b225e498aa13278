import { defineTheorem, inconclusive, makePotential } from '../../src/index.js';
import { hypotheses, invariantClaims, kernelBasis, limitClaims, runMd, violations, type MdSpec } from './mirror.lib.js';

// P5.1: the limit of mirror descent on under-determined least squares is the Bregman projection of w₀ onto
// {Xw = y} (docs/theorems/mirror.md M4: derived from M3 and the KKT conditions of M2). Finite-time form: the last
// iterate's certified enclosure of its limit meets the oracle's certified enclosure of w*; runs that do not reach
// ‖Xw − y‖ ≤ 1e-12 are inconclusive (the theorem assumes convergence).
export default defineTheorem<MdSpec>({
  id: 'mirror_descent_limit_is_bregman_projection',
  title: 'Mirror descent on under-determined least squares converges to argmin_{Xw=y} D_Φ(w, w₀)',
  status: 'theorem',
  kind: 'eventually',
  claim: String.raw`w_t \to w_\infty,\ Xw_\infty = y \implies w_\infty = \arg\min_{Xw = y} D_\Phi(w, w_0)`,
  refs: [
    { arxiv: '1802.08246', where: '§2, mirror descent on realizable losses (recalled, numbering unchecked)' },
    {
      key: 'docs/theorems/mirror.md#m4-the-limit-is-the-bregman-projection',
      where: 'limit and finite-time form (derived)',
    },
    {
      key: 'docs/theorems/mirror.md#m2-the-bregman-projection-oracle-and-its-certificate',
      where: 'the oracle (derived)',
    },
  ],
  hypotheses: (profile) => hypotheses(profile === 'nightly' ? 20000 : 3000),
  // Negative control: the oracle of another potential than the one mirror descent runs with.
  violations: (profile) => violations(profile === 'nightly' ? 20000 : 3000),
  budget: { ci: { runs: 25, negativeRuns: 25 }, nightly: { runs: 300 } },
  evaluate(B, s) {
    const run = runMd(B, s);
    if ('diverged' in run) return inconclusive(run.diverged);
    if (!run.converged) return inconclusive(`‖Xw − y‖ = ${B.show(run.residual)} > 1e-12 after ${run.steps} steps`);
    const P = makePotential(B, s.potential);
    const last = run.points[run.points.length - 1]!;
    const ev = limitClaims(B, s, P, makePotential(B, s.claimed), last);
    if (ev.inconclusive !== undefined) return ev;
    // the invariant at the last step, for the run's own potential: a run that left the row space fails here
    const inv = invariantClaims(B, P, P, run.points[0]!, last, kernelBasis(B, s));
    if (inv === null) return inconclusive('φ″ is unbounded near the last iterate: no round-trip bar');
    return { ...ev, claims: [...ev.claims, ...inv] };
  },
});
