/**
 * `run`: the one discrete loop. Steps a stepper, records a save policy's steps with diagnostics, and ends with a
 * result value (never an exception, never a hang) for divergence, a stop condition, or the step budget. With
 * `fuse: true` a registered fused path (./fused.ts) may advance each stretch between two save points in one call.
 */
import { requireCapabilities } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Repr, V } from '../numeric/types.js';
import { fusedPathFor, type FusedPath } from './fused.js';
import { savePlan } from './save.js';
import type { Diagnostics, RunOptions, RunOutput, RunResult, Stepper, StepperState, TrajectoryPoint } from './types.js';

/** What each result means and what to do about it (Diffrax RESULTS style). `run` appends the step and details. */
export const RUN_MESSAGES: Readonly<Record<RunResult, string>> = {
  ok: 'all requested steps ran.',
  max_steps:
    'the stop condition never fired within the step budget; increase `steps`, or check that the condition can be ' +
    'reached (e.g. a tolerance below the rounding floor of the backend never triggers).',
  stopped: 'the stop condition fired.',
  diverged:
    'θ became non-finite (overflow or NaN); lower the learning rate (e.g. below 2/L for a quadratic with top ' +
    'curvature L), start closer to a minimizer, or treat divergence as the expected outcome if the theorem predicts it.',
};

/**
 * Runs `stepper` from θ_0 for at most `steps` steps. Records (k, θ_k, diagnostics(F, θ_k, k)) at k = 0, at the
 * policy's steps and at the last step reached; diagnostics run only at recorded steps. Ends with:
 * - `diverged` at the first k whose θ_k has a non-finite entry (the trajectory ends at the last finite state),
 * - `stopped` at the first k where `stop` returns a reason (checked on every state, k = 0 included),
 * - `max_steps` when `stop` was given and never fired, `ok` when it was not given.
 * Throws (input errors only) when `steps` is not a finite non-negative integer, θ_0 has the wrong length or is not
 * finite, the save policy is malformed, or F lacks a member the stepper or a diagnostic declares in `needs`.
 * With `fuse: true`, no `stop`, and a fused path that binds to (F, stepper), every stretch of two or more steps between
 * save points is advanced by that path (one-step stretches, and what the path leaves, are stepped); the output's
 * `fused` names it and counts the steps it took.
 */
export function run<R extends Repr, St extends StepperState<R>, D extends Diagnostics<R>>(
  F: Objective<R>,
  stepper: Stepper<R, St>,
  theta0: V<R>,
  options: RunOptions<R, St, D>,
): RunOutput<R, St, D> {
  const B = F.B;
  const { steps, stop } = options;
  if (typeof steps !== 'number' || !Number.isSafeInteger(steps) || steps < 0) {
    throw new RangeError(`run: steps = ${String(steps)} must be a finite non-negative integer (≤ 2^53 − 1)`);
  }
  if (B.dim(theta0) !== F.dim) {
    throw new RangeError(`run: theta0 has length ${B.dim(theta0)} but the objective has dim ${F.dim}`);
  }
  if (!B.allFinite(theta0)) throw new RangeError('run: theta0 has a non-finite entry; start from a finite point');
  const plan = savePlan(options.save ?? 'final', steps);
  const diagnostics = (options.diagnostics ?? {}) as D;
  // what the stepper and each diagnostic call on F beyond value and grad: checked here, before any step
  requireCapabilities(F, stepper.needs ?? [], `run: stepper ${stepper.name}`);
  for (const [name, fn] of Object.entries(diagnostics))
    requireCapabilities(F, fn.needs ?? [], `run: diagnostic ${name}`);

  const trajectory: TrajectoryPoint<R, D>[] = [];
  const record = (k: number, theta: V<R>): void => {
    const point: Record<string, unknown> = { k, theta };
    for (const [name, fn] of Object.entries(diagnostics)) point[name] = fn(F, theta, k);
    trajectory.push(point as TrajectoryPoint<R, D>);
  };
  const fused = options.fuse === true && stop === undefined ? fusedPathFor(F, stepper) : undefined;
  let fusedSteps = 0;
  const finish = (result: RunResult, k: number, state: St, detail: string, reason?: string): RunOutput<R, St, D> => ({
    result,
    message: `${result} at step ${k}${detail}: ${RUN_MESSAGES[result]}`,
    steps: k,
    theta: stepper.theta(state),
    state,
    trajectory,
    ...(reason === undefined ? {} : { reason }),
    ...(fused === undefined ? {} : { fused: { name: fused.name, steps: fusedSteps, error: fused.error } }),
  });

  let state = stepper.init(F, theta0);
  let lastSaved = -1;
  const save = (k: number): void => {
    record(k, stepper.theta(state));
    lastSaved = k;
  };
  const why = (k: number): string | undefined => {
    if (stop === undefined) return undefined;
    const r = stop(F, stepper.theta(state), k, state);
    return typeof r === 'string' && r !== '' ? r : undefined;
  };

  let reason = why(0);
  save(0);
  if (reason !== undefined) return finish('stopped', 0, state, ` (${reason})`, reason);
  if (fused !== undefined) {
    // no stop predicate here: from save point to save point, by the fused path when the stretch has ≥ 2 steps and by
    // the stepper for what it leaves (a one-step stretch, or the rest after the path stopped short)
    for (let k = 0; k < steps;) {
      const target = Math.min(plan.next(k), steps);
      if (target - k >= 2) {
        const adv = advance(B, fused, stepper, state, target - k);
        state = adv.state;
        k += adv.steps;
        fusedSteps += adv.steps;
      }
      for (; k < target; k++) {
        const prev = state;
        state = stepper.step(F, state, k);
        if (!B.allFinite(stepper.theta(state))) {
          if (lastSaved !== k) {
            const diverged = state;
            state = prev;
            save(k);
            state = diverged;
          }
          return finish('diverged', k + 1, state, ` (first non-finite θ; last finite state k = ${k} is recorded)`);
        }
      }
      save(k);
    }
    return finish('ok', steps, state, '');
  }
  for (let k = 1; k <= steps; k++) {
    const prev = state;
    state = stepper.step(F, state, k - 1);
    if (!B.allFinite(stepper.theta(state))) {
      if (lastSaved !== k - 1) {
        const diverged = state;
        state = prev;
        save(k - 1);
        state = diverged;
      }
      return finish('diverged', k, state, ` (first non-finite θ; last finite state k = ${k - 1} is recorded)`);
    }
    reason = why(k);
    if (reason !== undefined || k === steps || plan.has(k)) save(k);
    if (reason !== undefined) return finish('stopped', k, state, ` (${reason})`, reason);
  }
  return stop === undefined
    ? finish('ok', steps, state, '')
    : finish('max_steps', steps, state, ` (stop condition not met within ${steps} steps)`);
}

/** One fused call, checked: a path that reports more steps than asked, or a non-finite θ, is an internal error. */
function advance<R extends Repr, St extends StepperState<R>>(
  B: Objective<R>['B'],
  path: FusedPath<St>,
  stepper: Stepper<R, St>,
  state: St,
  steps: number,
): { readonly state: St; readonly steps: number } {
  const out = path.advance(state, steps);
  const inRange = Number.isSafeInteger(out.steps) && out.steps >= 0 && out.steps <= steps;
  if (!inRange || !B.allFinite(stepper.theta(out.state))) {
    throw new Error(`run: fused path ${path.name} broke its contract on a ${steps}-step stretch (took ${out.steps})`);
  }
  return out;
}
