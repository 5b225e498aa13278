/**
 * Benchmark cells for the max-margin issue (item 4): logistic GD (sum loss, Soudry et al. 2018 §3) on 16 points in
 * R², the data of their Fig. 1 (x = (0.5, 1.5), (1.5, 0.5) and negatives, plus 12 off-margin points; ŵ = (0.5, 0.5)).
 *
 * - `logisticEngineCell`: the engine path the theorem files use — linearClassifier + logistic + objective('sum') +
 *   gd + run. This is the honest measurement.
 * - `logisticKernelCell`: the engine path with `fuse: true` (what the max-margin theorems run): on dd, `run` hands the
 *   whole stretch to the fused path (src/dynamics/fusedLogisticGd.ts); f64 has none and steps as the engine path.
 * - `logisticFusedCell`: the same recurrence w ← w + η Zᵀσ(−Zw) (labels absorbed) in four backend kernel calls per
 *   step (gemv, map, gemv, axpy), to show how much of the cost is engine overhead vs the sigmoid itself.
 * - `sigmoidFloorCell`: only the 16 sigmoids of each step (10⁶ calls of the `map('sigmoid')` kernel on the final
 *   margins): a lower bound for any GD implementation that evaluates ℓ' afresh at every step on this backend.
 */
import { linearClassifier } from '../models/linearClassifier.js';
import { logistic } from '../losses/logistic.js';
import { objective } from '../objective/objective.js';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import type { AnyBackend, Num } from '../numeric/types.js';
import { dyadicDecimal } from '../numeric/exact.js';
import { minstd } from './workloads.js';

/** One benchmark cell (same shape as ExtraCell in ./extra.ts). */
export interface LogisticCell {
  run: () => Record<string, string>;
  units: number;
  unitName: string;
}

/** Step size η = 1/64 < 2/(β σ_max²(X)) = 8/σ_max² for this data (σ_max² ≤ ‖X‖_F² ≈ 150). */
export const LOGISTIC_LR: Num = '0.015625';

/** The 16 samples (rows of X, labels y): 4 support vectors, 12 off-margin points z with zᵀŵ ≥ 1.125. */
export function logisticData(): { X: Num[][]; y: Num[] } {
  const base: Num[][] = [
    ['0.5', '1.5'],
    ['1.5', '0.5'],
    ['-0.5', '-1.5'],
    ['-1.5', '-0.5'],
  ];
  const y: Num[] = ['1', '1', '-1', '-1'];
  const u = minstd(424242, 24);
  for (let i = 0; i < 12; i++) {
    // a, b ∈ [1.125, 2.125): a + b ≥ 2.25, so zᵀŵ = (a + b)/2 ≥ 1.125 (strictly off the margin)
    const a = dyadicDecimal(BigInt(u[2 * i]! + 2048 + 4608), 12);
    const b = dyadicDecimal(BigInt(u[2 * i + 1]! + 2048 + 4608), 12);
    const neg = i % 2 === 1;
    base.push(neg ? [`-${a}`, `-${b}`] : [a, b]);
    y.push(neg ? '-1' : '1');
  }
  return { X: base, y };
}

/** Engine path: run(objective(linearClassifier, logistic, sum), gd(η), 0, { steps }). */
export function logisticEngineCell(B: AnyBackend, steps = 1_000_000): LogisticCell {
  const { X, y } = logisticData();
  const F = objective(
    B,
    linearClassifier(B, { d: 2 }),
    logistic(B),
    { X: B.mat(X), y: B.vec(y) },
    { reduction: 'sum' },
  );
  const stepper = gd(B, { lr: B.num(LOGISTIC_LR) });
  const theta0 = B.zeros(2);
  return {
    run: () => {
      const out = run(F, stepper, theta0, { steps });
      return { w0: B.show(B.at(out.theta, 0)), w1: B.show(B.at(out.theta, 1)), loss: B.show(F.value(out.theta)) };
    },
    units: steps,
    unitName: 'steps_per_s',
  };
}

/** Fused path: w ← w + η Zᵀσ(−Zw), Z = diag(y)X, four kernel calls per step. Same recurrence as the engine path. */
export function logisticFusedCell(B: AnyBackend, steps = 1_000_000): LogisticCell {
  const { X, y } = logisticData();
  const Z = B.mat(
    X.map((row, n) => (y[n] === '-1' ? row.map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`)) : row)),
  );
  const eta = B.num(LOGISTIC_LR);
  return {
    run: () => {
      let w = B.zeros(2);
      for (let k = 0; k < steps; k++) w = B.axpy(eta, B.gemv(Z, B.map('sigmoid', B.map('neg', B.gemv(Z, w))), true), w);
      const loss = B.sum(B.map('softplus', B.map('neg', B.gemv(Z, w))));
      return { w0: B.show(B.at(w, 0)), w1: B.show(B.at(w, 1)), loss: B.show(loss) };
    },
    units: steps,
    unitName: 'steps_per_s',
  };
}

/** The engine path with `fuse: true` (what the max-margin theorems run): 10⁶ steps, one save point at the end. */
export function logisticKernelCell(B: AnyBackend, steps = 1_000_000): LogisticCell {
  const { X, y } = logisticData();
  const F = objective(
    B,
    linearClassifier(B, { d: 2 }),
    logistic(B),
    { X: B.mat(X), y: B.vec(y) },
    { reduction: 'sum' },
  );
  const stepper = gd(B, { lr: B.num(LOGISTIC_LR) });
  const theta0 = B.zeros(2);
  return {
    run: () => {
      const out = run(F, stepper, theta0, { steps, fuse: true });
      return { w0: B.show(B.at(out.theta, 0)), w1: B.show(B.at(out.theta, 1)), loss: B.show(F.value(out.theta)) };
    },
    units: steps,
    unitName: 'steps_per_s',
  };
}

/** 10⁶ × map('sigmoid') on the 16 negated margins −Zw at w = (6, 6) (≈ the run's end point): the sigmoid cost alone. */
export function sigmoidFloorCell(B: AnyBackend, steps = 1_000_000): LogisticCell {
  const { X, y } = logisticData();
  const Z = B.mat(
    X.map((row, n) => (y[n] === '-1' ? row.map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`)) : row)),
  );
  const negMargins = B.map('neg', B.gemv(Z, B.vec(['6', '6'])));
  return {
    run: () => {
      let s = B.zeros(16);
      for (let k = 0; k < steps; k++) s = B.map('sigmoid', negMargins);
      return { sum: B.show(B.sum(s)) };
    },
    units: steps,
    unitName: 'steps_per_s',
  };
}

/** Entries for the extraWorkloads registry (src/bench/extra.ts). */
export const logisticWorkloads: Record<string, (B: AnyBackend) => LogisticCell> = {
  // the max-margin theorems' ci horizon, through the engine path: mpfr vs dec at the referee's digits
  'logistic-1e5': (B) => logisticEngineCell(B, 100_000),
  'logistic-1e6': (B) => logisticEngineCell(B),
  'logistic-1e6-fused': (B) => logisticFusedCell(B),
  'logistic-1e6-sigmoid-only': (B) => sigmoidFloorCell(B),
  'logistic-1e6-kernel': (B) => logisticKernelCell(B),
};
