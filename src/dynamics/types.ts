/**
 * Discrete dynamics: the stepper contract (Optax-style pure init/step pairs over explicit state) and the types of the
 * one driver `run` (Diffrax-style save policy, diagnostics and result values).
 */
import type fc from 'fast-check';
import type { JsonObject } from '../json/read.js';
import type { Capability } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, Num, Repr, V } from '../numeric/types.js';
import type { FusedError } from './fused.js';

/** What every stepper state carries: the current iterate θ_k. Extra fields (momentum, previous iterate, RNG) are the
 * stepper's own. States are immutable values: `step` returns a new one and never writes its argument. */
export interface StepperState<R extends Repr> {
  readonly theta: V<R>;
}

/**
 * A discrete optimizer as a pure (init, step) pair over explicit, readonly state: `step` is the paper's recurrence,
 * written in the factory's doc comment. Randomness lives in the state (a seeded `Rng`), never in `Math.random`.
 */
export interface Stepper<R extends Repr, St extends StepperState<R> = StepperState<R>> {
  /** "gd" | "heavyBall" | "nesterov" | "sgd" | "sgdm" | "mirrorDescent": shown in reports. */
  readonly name: string;
  /** Hyperparameters as exact strings (`B.show`), for reports and fixtures. */
  readonly params: Readonly<Record<string, Num>>;
  /**
   * Objective members `step` calls beyond `value` and `grad` (objective/capabilities.ts), e.g. ['subset'] for
   * minibatch SGD. `run` checks them before the first step and names what is missing; omitted = none.
   */
  readonly needs?: readonly Capability[];
  /** The state at k = 0 (momentum methods start from rest: θ₋₁ = θ₀, m₀ = 0). */
  init(F: Objective<R>, theta0: V<R>): St;
  /** One step k → k + 1 (k is the index of the incoming state). */
  step(F: Objective<R>, state: St, k: number): St;
  /** θ of a state. */
  theta(state: St): V<R>;
}

/**
 * A diagnostic evaluated at saved steps only: (F, θ_k, k) → anything. `needs` lists the objective members it calls
 * (objective/capabilities.ts); `run` checks them before the first step.
 */
export type DiagnosticFn<R extends Repr, Out = unknown> = ((F: Objective<R>, theta: V<R>, k: number) => Out) & {
  readonly needs?: readonly Capability[];
};

/** Named diagnostics; their values appear under the same names in every trajectory point. */
export type Diagnostics<R extends Repr> = { readonly [name: string]: DiagnosticFn<R> };

/** Which steps `run` records. k = 0 and the last step reached are ALWAYS recorded, whatever the policy. */
export type SavePolicy =
  /** k = 0 and the last step only. */
  | 'final'
  /** Every n-th step: k ≡ 0 (mod n). */
  | { readonly every: number }
  /** The listed steps (non-negative integers ≤ steps; order and duplicates do not matter). */
  | { readonly at: readonly number[] }
  /** Log-spaced: k = ⌊10^{j/m}⌋ for j = 0, 1, … (deduplicated), m = perDecade points per decade. */
  | { readonly logSpaced: number };

/** The stop predicate: return a reason (non-empty string) to stop at step k, anything else to continue. Checked on
 * every state, including k = 0. */
export type StopFn<R extends Repr, St> = (
  F: Objective<R>,
  theta: V<R>,
  k: number,
  state: St,
) => string | false | null | undefined;

export interface RunOptions<R extends Repr, St, D extends Diagnostics<R>> {
  /** Number of steps: a finite non-negative integer. */
  readonly steps: number;
  /** Default 'final'. */
  readonly save?: SavePolicy;
  readonly stop?: StopFn<R, St>;
  readonly diagnostics?: D;
  /**
   * Let a registered fused path (./fused.ts) advance the stretches between save points in one call. Default false:
   * a fused path is not bit-identical to stepping and adds the error it states (`RunOutput.fused`). Ignored when
   * `stop` is given (the predicate is checked on every state) or when no fused path binds to (F, stepper).
   */
  readonly fuse?: boolean;
}

/**
 * How a run ended (Diffrax RESULTS style; `RUN_MESSAGES` says what happened and what to do):
 * - `ok`: all `steps` steps ran and no stop predicate was given;
 * - `max_steps`: a stop predicate was given and never fired within `steps` steps (the awaited event did not happen);
 * - `stopped`: the stop predicate fired (its reason is in the message);
 * - `diverged`: θ had a non-finite entry (overflow or NaN) after some step.
 */
export type RunResult = 'ok' | 'diverged' | 'max_steps' | 'stopped';

/** One saved point of a trajectory: k, θ_k and the diagnostics evaluated at θ_k. */
export type TrajectoryPoint<R extends Repr, D extends Diagnostics<R>> = { readonly k: number; readonly theta: V<R> } & {
  readonly [K in keyof D]: ReturnType<D[K]>;
};

export interface RunOutput<R extends Repr, St, D extends Diagnostics<R>> {
  readonly result: RunResult;
  /** Human-readable: what happened, at which step, and what to do. */
  readonly message: string;
  /** The last step index reached (the step of divergence for 'diverged'). */
  readonly steps: number;
  /** θ at `steps` (non-finite for 'diverged'). */
  readonly theta: V<R>;
  /** The full stepper state at `steps`. */
  readonly state: St;
  /** Saved points in increasing k. For 'diverged' the non-finite state is not in it; the last finite one is. */
  readonly trajectory: readonly TrajectoryPoint<R, D>[];
  /** For 'stopped': the predicate's reason. */
  readonly reason?: string;
  /** When a fused path ran (`fuse: true`): its name, the steps it advanced, and the extra error it states. */
  readonly fused?: { readonly name: string; readonly steps: number; readonly error: FusedError };
}

/** The backend a stepper factory closes over (factories take the backend first). */
export type StepperFactory<R extends Repr, H, St extends StepperState<R>> = (B: Backend<R>, hyper: H) => Stepper<R, St>;

/**
 * A stepper's entry in the conformance registry (`STEPPERS` in ./index.ts): how to build it from an exact spec, an
 * arbitrary of conformance hyperparameters, and what the law suite (./laws.ts) may expect of it.
 */
export interface StepperEntry<Spec> {
  readonly name: string;
  /** Conformance hyperparameters (exact strings; learning rates in (0, 1], the law problems have L ≤ 1). */
  readonly hyper: fc.Arbitrary<Spec>;
  /** The stepper for `spec` on a problem of the given size (sizes for noise factors and batch clamping). */
  make<R extends Repr>(
    B: Backend<R>,
    spec: Spec,
    size: { readonly dim: number; readonly nSamples: number },
  ): Stepper<R, StepperState<R>>;
  /** `spec` with learning rate `lr`. */
  withLr(spec: Spec, lr: Num): Spec;
  /**
   * For steppers whose learning rate must be > 0 (adaptive step sizes): the name of the parameter `withLr` sets. The
   * law suite then checks that lr = 0 is refused with a one-line error naming it, instead of the rest-point law.
   */
  readonly positiveLr?: string;
  /** For stochastic steppers: `spec` with another seed, and a spec that surely uses randomness (minibatch or noise). */
  readonly stochastic?: { withSeed(spec: Spec, seed: number): Spec; random(lr: Num, seed: number): Spec };
  /** A spec of this stepper that must reproduce gd(lr) bit for bit (e.g. heavy ball with β = 0). */
  asGd?(lr: Num): Spec;
  /** Where lr = 0 freezes θ: θ₀ by default; mirror descent: (∇Φ)⁻¹(∇Φ(θ₀)) (one round trip). */
  restPoint?<R extends Repr>(B: Backend<R>, spec: Spec, theta0: V<R>): V<R>;
  /**
   * Error growth for the f64-vs-reference law, given L ≥ ‖∇²F‖∞ and S ≥ max ‖θ_k‖∞: Γ ≥ the ∞-norm of the Jacobian of
   * one step in the stepper's state variables, and K ≥ 1 multiplying the per-step rounding (momentum buffers,
   * mirror-map conditioning, noise magnitude).
   */
  errorGrowth(spec: Spec, L: number, S: number): { readonly gamma: number; readonly K: number };
  /** Its part of a `thm simulate` spec: {"kind": <registry name>, …fields}, parsed to this entry's spec. */
  readonly json: StepperJson<Spec>;
}

/** A stepper's part of a `thm simulate` spec (README.md "thm simulate"), kept next to its `make`. */
export interface StepperJson<Spec> {
  /** Fields of spec.stepper besides "kind" (any other is rejected as a typo). */
  readonly fields: readonly string[];
  /** spec.stepper → this entry's spec; InputErrors (json/read.ts) name the field under `path`. */
  parse(o: JsonObject, path: string, size: { readonly nSamples: number }): Spec;
}
