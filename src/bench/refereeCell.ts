/**
 * `referee-planted-1e5`: time to a certified counterexample at the max-margin theorems' 10⁵-step ci horizon. The
 * planted false claim (src/theorem/testdata/toy_planted_max_margin.theorem.ts) is found at f64 and then refereed at
 * the cell's backend digits P: mpfr:P and mpfr:2P, with the dec:P cross-check when its projected cost fits the budget
 * (the same calls as `referee`, made synchronously because the bench has already loaded MPFR).
 */
import type { AnyBackend } from '../numeric/types.js';
import { getBackend } from '../theorem/backends.js';
import type { AnyTheorem } from '../theorem/define.js';
import { withCrossCheck } from '../theorem/ladder.js';
import { classify, evaluateOn } from '../theorem/referee.js';
import planted, { plantedSpec } from '../theorem/testdata/toy_planted_max_margin.theorem.js';

export function plantedRefereeCell(B: AnyBackend) {
  const P = B.digits;
  const thm = planted as unknown as AnyTheorem;
  const spec = plantedSpec(100_000);
  return {
    run: () => {
      const found = evaluateOn(thm, getBackend('f64'), spec);
      const ra = evaluateOn(thm, getBackend(`mpfr:${P}`), spec);
      const rb = evaluateOn(thm, getBackend(`mpfr:${2 * P}`), spec);
      const r = withCrossCheck(
        thm,
        spec,
        { certify: [ra.backend, rb.backend], crossCheck: `dec:${P}` },
        { ...classify(ra, rb), rungs: [ra, rb] },
      );
      return {
        f64: `${found.status} (${found.ms.toFixed(0)} ms)`,
        verdict: r.verdict,
        reason: r.reason,
        rungs: r.rungs.map((g) => `${g.backend} ${g.status} ${g.ms.toFixed(0)} ms`).join('; '),
        gap: ra.claims[0]?.lhs ?? '',
      };
    },
    units: 3600,
    unitName: 'certified_per_hour',
  };
}
