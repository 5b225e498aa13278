// Toy (framework test data, not part of the catalogue): the mean of U(0, 1) samples is ≤ `bound`, as a statistical
// claim. Holds for bound ≥ ½; bound = 0.3 breaks it by a clear margin. `fluke` plants an unlucky draw: for that one
// seed every sample is 1 (the rare tail event δ allows), so a failure there must not reproduce on the rerun.
import fc from 'fast-check';
import { ballArith } from '../../ball/index.js';
import { rngFromSeed, uniform } from '../../dynamics/rng.js';
import { claims, defineTheorem } from '../api.js';

interface Spec {
  readonly bound: string;
  readonly fluke?: number;
  readonly sampling: { readonly seed: number; readonly samples: number };
}

const sampling = fc.record({ seed: fc.nat({ max: 1_000_000 }), samples: fc.constant(200) });

export default defineTheorem<Spec>({
  id: 'toy_stat_mean',
  title: 'The mean of uniform samples is at most ½ (statistical)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`\mathbb{E}\,U \le b \text{ for } U \sim \mathcal U(0,1),\ b \ge \tfrac12`,
  refs: [{ key: 'folklore', where: 'toy' }],
  hypotheses: fc.record({ bound: fc.constantFrom('0.5', '0.75'), sampling }),
  violations: fc.record({ bound: fc.constant('0.3'), sampling }),
  evaluate(B, { bound, fluke, sampling: s }) {
    const A = ballArith(B);
    let rng = rngFromSeed(s.seed);
    const xs = Array.from({ length: s.samples }, () => {
      const d = uniform(B, rng);
      rng = d.rng;
      return A.exact(s.seed === fluke ? B.one : d.value);
    });
    return { claims: [claims.mean(B, xs, ['0', '1'], '<=', A.exact(B.num(bound)), '0.01', 'mean<=bound')] };
  },
});
