/**
 * `"expectation": "exact"` in a `thm simulate` spec (README.md "thm simulate"): instead of one sampled path, E[loss]
 * and E[θ] at every saved step over all n^K index paths of SGD with i_k i.i.d. ~ Unif[n] (arXiv 2410.12455,
 * Algorithm 1), each with its rounding bar (src/finiteSum/sgdExpectations.ts). It needs per-sample functions written
 * over a Field: a registered finite sum (model kind finiteSum) or least squares (linearClassifier with the square
 * loss, mean reduction: f_i(w) = ½(x_iᵀw − y_i)²), and an SGD-type stepper that draws one sample per step.
 */
import { ballArith } from '../ball/ball.js';
import { savePlan } from '../dynamics/save.js';
import type { SavePolicy } from '../dynamics/types.js';
import { inputError } from '../errors.js';
import { EXPECTATION_CAP, FINITE_SUM_ENTRIES, treeSize } from '../finiteSum/index.js';
import { leastSquares } from '../finiteSum/leastSquares.js';
import { coordinateStat, invSqrtSchedule, meanValueStat, sgdExpectations } from '../finiteSum/sgdExpectations.js';
import type { Component } from '../finiteSum/types.js';
import { fail, oneOf } from '../json/read.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import type { ModelPart, SimSpec, StepperPart } from './spec.js';

/** The one value of spec.expectation. */
const EXACT = 'exact';
const STEPPERS_DOC = 'sgdIndexed, or sgd with "batch": 1 and no "noise"';

/** Checks that spec.expectation = "exact" applies to the model, loss and stepper (errors name spec.expectation). */
export function parseExpectation(
  x: unknown,
  model: ModelPart,
  stepper: StepperPart,
  loss: string | undefined,
  reduction: string | undefined,
): 'exact' {
  const p = 'spec.expectation';
  oneOf(x, p, [EXACT], 'expectation');
  if (stepper.kind === 'sgd') {
    const s = stepper.spec as { batch: number | 'full'; noise: Num | null };
    if (s.batch !== 1 || s.noise !== null)
      fail(p, `"exact" enumerates one uniformly drawn sample per step: sgd needs "batch": 1 and no "noise"`);
  } else if (stepper.kind !== 'sgdIndexed') {
    fail(p, `"exact" averages over the sampled indices of an SGD-type stepper (${STEPPERS_DOC}), not ${stepper.kind}`);
  }
  const ok =
    (model.family === 'closedForm' && model.kind === 'finiteSum') ||
    (model.kind === 'linearClassifier' && loss === 'square' && (reduction ?? 'mean') === 'mean');
  if (!ok)
    fail(
      p,
      `"exact" needs per-sample functions: model kind finiteSum, or linearClassifier with the square loss and mean reduction (got ${model.kind}${loss ? ` with the ${loss} loss` : ''})`,
    );
  return EXACT;
}

function componentsOf(spec: SimSpec): readonly Component[] {
  if (spec.model.kind === 'finiteSum')
    return FINITE_SUM_ENTRIES[(spec.model.spec as { name: string }).name]!.components;
  return leastSquares('data', spec.data!.x, spec.data!.y);
}

/** The point JSON of an exact-expectation run. */
export interface ExpectationPointJson {
  readonly k: number;
  readonly loss: Num;
  readonly lossErr: Num;
  readonly theta: Num[];
  readonly thetaErr: Num[];
}

/** E[loss] and E[θ] at the saved steps (module comment); `save` is the run driver's policy of the spec. */
export function simulateExpectation<R extends Repr>(
  B: Backend<R>,
  spec: SimSpec,
  save: SavePolicy,
): {
  result: string;
  message: string;
  trajectory: ExpectationPointJson[];
  expectation: { samples: number; paths: string };
} {
  const components = componentsOf(spec);
  const n = components.length;
  const K = spec.steps!;
  if (treeSize(n, K) === Infinity) {
    throw inputError(
      `spec.steps: "expectation": "exact" enumerates n^K index paths; n = ${n} samples, K = ${K} steps give ${BigInt(n) ** BigInt(K)} paths, more than the cap of ${EXPECTATION_CAP} tree nodes (EXPECTATION_CAP); lower spec.steps`,
    );
  }
  spec.diagnostics.forEach((name, i) => {
    if (name !== 'loss')
      fail(
        `spec.diagnostics[${i}]`,
        `${name} is not available with "expectation": "exact" (it reports E[loss] and E[θ] with their bars)`,
      );
  });
  const A = ballArith(B);
  const st = spec.stepper.spec as { lr: Num; schedule?: string };
  const lr0 = A.num(st.lr);
  const lr = st.schedule === 'invSqrt' ? invSqrtSchedule(B, lr0) : lr0;
  const x0 = spec.model.theta0.map((v) => A.num(v));
  const stats = [meanValueStat(components), ...x0.map((_, j) => coordinateStat(j))];
  const [loss, ...theta] = sgdExpectations(B, components, { lr, x0, steps: K }, stats);
  const plan = savePlan(save, K);
  const trajectory: ExpectationPointJson[] = [];
  for (let k = 0; k <= K; k++) {
    if (!(plan.has(k) || k === K)) continue;
    trajectory.push({
      k,
      loss: B.show(loss![k]!.value),
      lossErr: B.show(loss![k]!.err),
      theta: theta.map((t) => B.show(t[k]!.value)),
      thetaErr: theta.map((t) => B.show(t[k]!.err)),
    });
  }
  const paths = (BigInt(n) ** BigInt(K)).toString();
  return {
    result: 'ok',
    message: `ok: E[loss] and E[θ] over all ${n}^${K} = ${paths} index paths (i_k i.i.d. uniform on ${n} samples), exact up to the rounding bars lossErr and thetaErr.`,
    trajectory,
    expectation: { samples: n, paths },
  };
}
