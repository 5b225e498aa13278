/**
 * The dd fused path of gd on the logistic sum loss of a linear classifier (labels ±1, absorbed into the rows
 * z_n = y_n x_n; Soudry et al. 2018 eq. (2.2)): w_{t+1} = w_t + η Σ_n z_n σ(−z_nᵀw_t), by the dd kernel
 * `ddLogisticSumGd` (src/numeric/ddLogisticGd.ts), which carries e^{−z_nᵀw} between steps and re-anchors it every
 * LOGISTIC_GD_DRIFT_STEPS steps. Its stated error (derived there): each σ_n has relative error at most
 * K·eps·(1 + ‖z_n‖₁·max_j|w_j|) beyond the plain step's, K = LOGISTIC_GD_DRIFT_STEPS — the 'lossDerivative' kind.
 */
import type { DataObjective, Objective } from '../objective/objective.js';
import { asDdBackend, type DDMat, type DDVec } from '../numeric/dd.js';
import { LOGISTIC_GD_DRIFT_STEPS, LOGISTIC_GD_MAX_DIM, ddLogisticSumGd } from '../numeric/ddLogisticGd.js';
import { doubles } from '../numeric/packed.js';
import type { Repr } from '../numeric/types.js';
import type { FusedEntry, FusedPath } from './fused.js';
import type { Stepper, StepperState } from './types.js';

/** Z = diag(y)X on the dd representation (negating a row is exact), or undefined when some y_n is not ±1. */
function absorbLabels(X: DDMat, y: DDVec): DDMat | undefined {
  const { rows: N, cols: d, data } = X;
  const z = doubles(2 * N * d);
  for (let n = 0; n < N; n++) {
    const yh = y[2 * n]!;
    if (y[2 * n + 1] !== 0 || (yh !== 1 && yh !== -1)) return undefined;
    for (let i = 2 * n * d; i < 2 * (n + 1) * d; i++) z[i] = yh * data[i]!;
  }
  return { rows: N, cols: d, data: z };
}

const NAME = 'dd-logistic-sum-gd';
const ERROR = { kind: 'lossDerivative', driftSteps: LOGISTIC_GD_DRIFT_STEPS } as const;

export const ddLogisticSumGdPath: FusedEntry = {
  name: NAME,
  stepper: 'gd',
  objective: 'logisticSum',
  error: ERROR,
  supports: (B) => asDdBackend(B) !== undefined,
  bind<R extends Repr, St extends StepperState<R>>(
    F: Objective<R>,
    stepper: Stepper<R, St>,
  ): FusedPath<St> | undefined {
    const B = asDdBackend(F.B);
    const lr = stepper.params['lr'];
    if (B === undefined || stepper.name !== 'gd' || lr === undefined) return undefined;
    const o = F as Partial<DataObjective<R>>;
    const family = o.model?.kind === 'linearClassifier' && o.loss?.kind === 'logistic' && o.reduction === 'sum';
    if (!family || o.data === undefined) return undefined;
    const X = o.data.X as DDMat;
    if (X.cols !== F.dim || X.cols > LOGISTIC_GD_MAX_DIM) return undefined;
    const Z = absorbLabels(X, o.data.y as DDVec);
    if (Z === undefined) return undefined;
    const eta = B.num(lr); // params hold B.show(η), which B.num reads back exactly
    return {
      name: NAME,
      error: ERROR,
      advance(state, steps) {
        const r = ddLogisticSumGd(Z, state.theta as DDVec, eta, steps);
        // gd's state is { theta } (GdState): nothing else to carry
        return { state: { theta: r.w } as unknown as St, steps: r.steps };
      },
    };
  },
};
