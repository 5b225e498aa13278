import { defineTheorem, inconclusive, makePotential, type Claim } from '../../src/index.js';
import { hypotheses, invariantClaims, kernelBasis, runMd, violations, type MdSpec } from './mirror.lib.js';

// P5.2: ∇Φ(w_t) − ∇Φ(w₀) ∈ row(X) at every step (docs/theorems/mirror.md M3, derived). Checked at the saved steps
// (t ≤ 8, powers of 2, the last) against every vector of an exact basis of ker X.
export default defineTheorem<MdSpec>({
  id: 'mirror_descent_dual_moves_in_row_space',
  title: 'Mirror descent on under-determined least squares keeps ∇Φ(w_t) − ∇Φ(w₀) in the row space of X',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`\nabla\Phi(w_{t+1}) = \nabla\Phi(w_t) - \eta X^\top(Xw_t - y) \implies \langle n, \nabla\Phi(w_t) - \nabla\Phi(w_0)\rangle = 0 \ \forall n \in \ker X,\ \forall t`,
  refs: [
    {
      arxiv: '1802.08246',
      where: '§2, the mirror-descent characterization (recalled; its proof rests on this invariant)',
    },
    { key: 'docs/theorems/mirror.md#m3-mirror-descent-keeps-the-dual-in-the-row-space', where: 'invariant (derived)' },
  ],
  hypotheses: (profile) => hypotheses(profile === 'nightly' ? 20000 : 3000),
  // Negative control: the mirror map of a potential other than the one the stepper runs with (docs M3: the invariant
  // belongs to the stepper's own Φ).
  violations: (profile) => violations(profile === 'nightly' ? 20000 : 3000),
  budget: { ci: { runs: 25, negativeRuns: 25 }, nightly: { runs: 300 } },
  evaluate(B, s) {
    const run = runMd(B, s);
    if ('diverged' in run) return inconclusive(run.diverged);
    const P = makePotential(B, s.potential);
    const Pc = makePotential(B, s.claimed);
    const basis = kernelBasis(B, s);
    const p0 = run.points[0]!;
    const out: Claim[] = [];
    for (const p of run.points.slice(1)) {
      const c = invariantClaims(B, P, Pc, p0, p, basis);
      if (c === null) return inconclusive(`φ″ is unbounded near the iterate at step ${p.t}: no round-trip bar`);
      out.push(...c);
    }
    return { claims: out, observed: { steps: String(run.steps), converged: run.converged ? '1' : '0' } };
  },
});
