import { defineTheorem } from '../../src/index.js';
import { diagonalClaims, flowInstances, gdInstances, type DiagSpec } from './diagonal.lib.js';

// P5.3 (docs/theorems/mirror.md M5, derived; Woodworth et al. recalled): gradient flow on w = u ⊙ u − v ⊙ v from
// u(0) = v(0) = α·1 is mirror flow with Q_α, so its limit is argmin_{Xw = y} Q_α(w), within the integrator's bound
// (gfLimit: integration error plus the Newton distance to the limit). Negative control, P5.4: discrete GD on (u, v)
// with a finite step, whose limit misses the oracle by an amount growing with η.
export default defineTheorem<DiagSpec>({
  id: 'diagonal_net_gf_limit_is_q_alpha_bregman_projection',
  title: 'Gradient flow on a diagonal linear network from α·1 converges to argmin_{Xw=y} Q_α(w)',
  status: 'theorem',
  kind: 'eventually',
  claim: String.raw`\dot u = -\nabla_u L,\ \dot v = -\nabla_v L,\ u(0) = v(0) = \alpha\mathbf 1 \implies u_\infty^2 - v_\infty^2 = \arg\min_{Xw = y} Q_\alpha(w)`,
  refs: [
    {
      arxiv: '2002.09277',
      where: 'diagonal linear networks: gradient flow minimizes Q_α (recalled, numbering unchecked)',
    },
    {
      key: 'docs/theorems/mirror.md#m5-diagonal-linear-networks-gradient-flow-is-mirror-flow-with-q_α',
      where: 'equivalence and limit (derived)',
    },
  ],
  hypotheses: flowInstances,
  violations: gdInstances,
  budget: { quick: { runs: 10, negativeRuns: 10 }, ci: { runs: 8, negativeRuns: 8 }, nightly: { runs: 150 } },
  evaluate: (B, s) => diagonalClaims(B, s),
});
