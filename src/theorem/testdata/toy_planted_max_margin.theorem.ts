// Planted false claim (framework test data, not part of the catalogue): "logistic GD on separable data reaches the max
// margin up to 10^-4 by t = 10⁵". False: the normalized-margin gap decays only like 1/log t (Soudry et al. 2018,
// arXiv 1710.10345, Theorem 3 and the rates section), and is 6.48e-4 at t = 10⁵ on this data (f64, mpfr:50 and
// mpfr:100 agree to 12 digits). The data are the 16
// points of the logistic benchmark (4 support vectors, ŵ = (½, ½), so the max margin is γ = 1/‖ŵ‖ = √2); η = 1/64.
// It exists to time a certified counterexample at a 10⁵-step horizon, referee included (ladder.test.ts).
import fc from 'fast-check';
import { logisticData, LOGISTIC_LR } from '../../bench/logistic.js';
import { ballArith } from '../../ball/index.js';
import { claims, defineTheorem, inconclusive } from '../api.js';
import type { Num } from '../../numeric/types.js';
import { gdSegment, logisticSum, normBounds, trajectoryBar } from '../../../properties/maxmargin/maxmargin.lib.js';

export interface PlantedSpec {
  /** Rows z_n = y_n x_n (labels absorbed). */
  readonly Z: Num[][];
  readonly lr: Num;
  readonly steps: number;
  /** The planted bound on γ − min_n z_nᵀw(t)/‖w(t)‖. */
  readonly gap: Num;
}

/** The planted instance at `steps` GD steps. */
export function plantedSpec(steps = 100_000): PlantedSpec {
  const { X, y } = logisticData();
  const Z = X.map((row, n) => (y[n] === '-1' ? row.map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`)) : row));
  return { Z, lr: LOGISTIC_LR, steps, gap: '0.0001' };
}

export default defineTheorem<PlantedSpec>({
  id: 'toy_planted_max_margin',
  title: 'PLANTED FALSE: logistic GD reaches the max margin up to 1e-4 within 10^5 steps',
  status: 'conjecture',
  kind: 'upper',
  claim: String.raw`\gamma-\min_n \tfrac{z_n^\top w(10^5)}{\|w(10^5)\|}\le 10^{-4}`,
  refs: [
    { arxiv: '1710.10345', where: 'Theorem 3 and the rates section (the gap is Θ(1/log t)); planted false bound' },
  ],
  hypotheses: fc.constant(plantedSpec()),
  violations: fc.constant(plantedSpec()),
  budget: {
    quick: { runs: 1, negativeRuns: 1 },
    ci: { runs: 1, negativeRuns: 1 },
    nightly: { runs: 1, negativeRuns: 1 },
  },
  evaluate(B, s) {
    const d = s.Z[0]!.length;
    const N = s.Z.length;
    const K = ballArith(B);
    const F = logisticSum(B, s.Z);
    const lr = B.num(s.lr);
    const w = gdSegment(F, lr, B.zeros(d), s.steps);
    if (w === null) return inconclusive('GD diverged (η < 8/σ_max² should prevent it)');
    const { sumNorm, maxNorm } = normBounds(B, s.Z);
    // Structural bar (not arithmetic): GD's exact map is nonexpansive for η < 8/σ_max², so ‖ŵ_T − w_T‖ ≤ τ
    const tau = trajectoryBar(B, { T: s.steps, lr, w0norm: B.zero, sumNorm, maxNorm, N, d });
    const nw = B.nrm2(w);
    if (B.cmp(nw, B.mul(B.int(4), tau)) <= 0) return inconclusive('‖w‖ is within the rounding bar');
    const wb = K.vexact(w);
    const m = K.div(
      s.Z.map((z) => K.dot(K.vnum(z), wb)).reduce((x, y) => K.min(x, y)),
      K.norm2(wb),
    );
    // the normalized margin is 2·max‖z_n‖/(‖w‖ − τ)-Lipschitz on the τ-ball around w
    const mTrue = K.widen(m, B.div(B.mul(B.int(2), B.mul(maxNorm, tau)), B.sub(nw, tau)));
    const lhs = K.sub(K.sqrt(K.int(2)), mTrue);
    return {
      claims: [claims.le(B, lhs, K.num(s.gap), `gap@${s.steps}`)],
      observed: { gap: B.show(lhs.value), tau: B.show(tau) },
    };
  },
});
