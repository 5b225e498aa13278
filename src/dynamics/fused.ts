/**
 * Fused paths: an optional extension of the one driver `run`. A fused path advances one stepper on one family of
 * objectives on one backend by many steps in a single call (e.g. dd GD on the logistic sum loss, which carries e^{−m_n}
 * from step to step instead of evaluating 16 fresh sigmoids per step). Neither the Backend nor the Stepper contract
 * needs one: without a fused path `run` steps the stepper, and f64/dec need none (their loop is the engine's step).
 *
 * A fused path is not bit-identical to stepping, so it is used only when the caller asks (`run(…, { fuse: true })`),
 * only for the stretches between two save points (never with a stop predicate, which is checked on every state), and
 * it states the extra error it may add (`FusedError`); `run` reports which path ran in `RunOutput.fused`, and
 * `fusedPathInfo` gives the same statement without data, for error bars computed before or apart from the run.
 *
 * Adding one: an entry file beside this one and one line in FUSED_PATHS.
 */
import type { Objective } from '../objective/objective.js';
import type { AnyBackend, Repr } from '../numeric/types.js';
import { ddLogisticSumGdPath } from './fusedLogisticGd.js';
import type { Stepper, StepperState } from './types.js';

/**
 * The objective families fused paths are registered for:
 * - 'logisticSum': objective(B, linearClassifier, logistic, { X, y }, { reduction: 'sum' }) with every label y_n ∈ {±1}
 *   (F(w) = Σ_n log(1 + e^{−z_nᵀw}), z_n = y_n x_n: Soudry et al. 2018 eq. (2.1)).
 */
export type FusedObjectiveFamily = 'logisticSum';

/**
 * What a fused step may add to the stepper's own per-step rounding. Kinds:
 * - 'lossDerivative': each per-sample loss derivative ℓ'_n a fused step uses has relative error at most
 *   driftSteps·B.eps·(1 + ‖x_n‖₁·‖θ‖) beyond what the plain step's kernels give at the same iterate (θ the current
 *   iterate; for a linear model the step then moves by at most η·Σ_n ‖x_n‖·|ℓ'_n|·that more).
 */
export interface FusedError {
  readonly kind: 'lossDerivative';
  readonly driftSteps: number;
}

/** A fused path bound to one objective and one stepper (what `run` calls). */
export interface FusedPath<St> {
  readonly name: string;
  readonly error: FusedError;
  /**
   * Up to `steps` (≥ 2) steps from `state` at once. Returns the state reached (θ finite) and the steps taken: fewer
   * than `steps` when the path cannot take the next one reliably (e.g. it would overflow, or its kernel's range ends);
   * `run` then takes the rest of the stretch by the stepper, which decides whether the run diverges.
   */
  advance(state: St, steps: number): { readonly state: St; readonly steps: number };
}

/** A registered fused path: what it fuses (for lookups without data) and how to bind it to an instance. */
export interface FusedEntry {
  readonly name: string;
  /** The stepper it replaces, by `Stepper.name`. */
  readonly stepper: string;
  readonly objective: FusedObjectiveFamily;
  readonly error: FusedError;
  /** Whether it runs on backend B. */
  supports(B: AnyBackend): boolean;
  /** The path for this objective and stepper, or undefined when the instance is not one it fuses. */
  bind<R extends Repr, St extends StepperState<R>>(F: Objective<R>, stepper: Stepper<R, St>): FusedPath<St> | undefined;
}

/** Every fused path, tried in order. */
export const FUSED_PATHS: readonly FusedEntry[] = [ddLogisticSumGdPath];

/** The first registered fused path that binds to (F, stepper) on F's backend, or undefined. */
export function fusedPathFor<R extends Repr, St extends StepperState<R>>(
  F: Objective<R>,
  stepper: Stepper<R, St>,
): FusedPath<St> | undefined {
  for (const e of FUSED_PATHS) {
    if (e.stepper !== stepper.name || !e.supports(F.B)) continue;
    const path = e.bind(F, stepper);
    if (path !== undefined) return path;
  }
  return undefined;
}

/**
 * The fused path `run(…, { fuse: true })` may take for this stepper and objective family on B (its name and stated
 * error), or undefined when it always steps: for error bars computed apart from the run.
 */
export function fusedPathInfo(B: AnyBackend, stepper: string, objective: FusedObjectiveFamily): FusedEntry | undefined {
  return FUSED_PATHS.find((e) => e.stepper === stepper && e.objective === objective && e.supports(B));
}
