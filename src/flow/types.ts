/**
 * Continuous time, Diffrax-style: a vector field, a solver of declared order with an embedded error
 * estimate, a step-size controller and a save policy, driven by the one loop `integrate`.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { EventHit, EventSpec } from './events.js';
import type { Tableau } from './tableaus.js';

/** dy/dt = f(t, y) over backend vectors. `gradientFlow(F)` is (t, θ) ↦ −∇F(θ). */
export type VectorField<R extends Repr> = (t: S<R>, y: V<R>) => V<R>;

/**
 * An explicit Runge–Kutta solver: backend-neutral data (an exact tableau), materialized per backend by the driver.
 * Final (not subclassed): a new solver is a new object literal added to the registry `SOLVERS` in index.ts, where the
 * solver law suite picks it up.
 */
export interface OdeSolver {
  /** "dopri5" | "verner65" | "fehlberg78" | "rk4" */
  readonly id: string;
  /** Order p of the propagated solution (global error O(h^p)); measured by the law suite. */
  readonly order: number;
  /** Order q of the embedded solution; the error estimate is O(h^{q+1}). Undefined: fixed-step only. */
  readonly embeddedOrder?: number;
  /** Exact coefficients. */
  readonly tableau: Tableau;
  /** Real stability boundary: |R(−x)| ≤ 1 for 0 ≤ x ≤ realStability (computed from the tableau). */
  readonly realStability: number;
  /** One line: what it is, reference. */
  readonly doc: string;
}

/** Caps the step size at (t, y) (e.g. c / sharpness for gradient flow); `step` counts accepted steps so far. */
export type MaxStepHook<R extends Repr> = (t: S<R>, y: V<R>, step: number) => S<R> | undefined;

/** How the step size is chosen: adaptively from the embedded error estimate (PI control), or constant. */
export type StepController<R extends Repr> = AdaptiveController<R> | ConstantController<R>;

export interface AdaptiveController<R extends Repr> {
  readonly kind: 'adaptive';
  /** The backend all step sizes and tolerances live in (the driver's numeric context). */
  readonly B: Backend<R>;
  /** Relative / absolute tolerance of the local error: ‖e_i / (atol + rtol·max(|y_i|, |y1_i|))‖_∞ ≤ 1. */
  readonly rtol: S<R>;
  readonly atol: S<R>;
  /** Initial step (default: Hairer–Wanner's starting-step heuristic). */
  readonly dt0?: S<R>;
  /** Largest step allowed (default: none). */
  readonly dtMax?: S<R>;
  /** Smallest step before giving up with 'step_too_small' (default: 0, i.e. until t + h = t in the backend). */
  readonly dtMin?: S<R>;
  /** PI exponents (Gustafsson; Hairer–Wanner II §IV.2): h ← h·safety·err^(−β₁/k)·errPrev^(β₂/k), k = q + 1. */
  readonly beta1: number;
  readonly beta2: number;
  readonly safety: number;
  readonly facMin: number;
  readonly facMax: number;
  /** Optional state-dependent cap on h (gradient flow: c / sharpness). */
  readonly maxStep?: MaxStepHook<R>;
}

export interface ConstantController<R extends Repr> {
  readonly kind: 'constant';
  readonly B: Backend<R>;
  readonly dt: S<R>;
}

/** What `integrate` records. Times are reached exactly (the step is shortened to land on them). */
export interface SaveAt<R extends Repr> {
  /** Save at t0 (default true). */
  readonly t0?: boolean;
  /** Save at t1 (default true). */
  readonly t1?: boolean;
  /** Save at these times (in (t0, t1]; sorted by the driver). */
  readonly ts?: readonly S<R>[];
  /** Save every Δt: t0 + Δt, t0 + 2Δt, … ≤ t1. */
  readonly every?: S<R>;
  /** Save after every accepted step (default false). */
  readonly steps?: boolean;
  /** Record fn(t, y) instead of y (Diffrax SaveAt(fn)): a diagnostic, an invariant, … */
  readonly fn?: (t: S<R>, y: V<R>) => unknown;
}

/** How an integration ended. */
export type FlowResult = 'ok' | 'max_steps' | 'step_too_small' | 'diverged' | 'stopped' | 'event';

/** What happened, and what to do (Diffrax RESULTS). */
export const FLOW_MESSAGES: Readonly<Record<FlowResult, string>> = {
  ok: 'reached t1',
  stopped: 'the stop condition fired before t1 (see t and y)',
  event:
    'an event function changed sign before t1; t and y are the state just past the crossing (see event for the bracket); restart from there to continue',
  max_steps:
    'maximum number of steps reached before t1; increase maxSteps, loosen rtol/atol, or shorten t1 (a stiff flow needs many explicit steps)',
  step_too_small:
    'the step size fell below dtMin or below the time resolution of the backend (t + h = t); the solution may blow up in finite time, or rtol/atol are below the rounding floor of this backend (use a larger rtol or a higher-precision backend)',
  diverged:
    'the state became non-finite or exceeded divergeAbove; the flow diverges from this initial condition (or the vector field overflows)',
};

/** The result of `integrate`: saved times/values, the final state, the termination result and cost counters. */
export interface Solution<R extends Repr> {
  readonly result: FlowResult;
  readonly message: string;
  readonly ts: S<R>[];
  /** States (or fn(t, y) when SaveAt.fn is given) at ts. */
  readonly ys: unknown[];
  /** Final time and state reached (t1 when result is 'ok'). */
  readonly t: S<R>;
  readonly y: V<R>;
  readonly stats: {
    readonly steps: number;
    readonly accepted: number;
    readonly rejected: number;
    readonly fevals: number;
    /** Σ over accepted steps of ‖local error estimate‖₂ (of the embedded, lower-order solution: conservative for
     * the propagated one). First-order bound on the global error when the flow is non-expanding. Zero for
     * solvers without an estimate. */
    readonly errSum: S<R>;
    /** max over accepted states of ‖y‖₂ (for invariant-drift bounds). */
    readonly maxNorm: S<R>;
  };
  /** Set when result is 'event': the located crossing (t = event.tHi, y = event.yHi). */
  readonly event?: EventHit<R>;
}

/** Options of `integrate` (keyword-only, with defaults). */
export interface IntegrateOptions<R extends Repr> {
  readonly t0?: S<R>;
  readonly t1: S<R>;
  readonly y0: V<R>;
  readonly saveAt?: SaveAt<R>;
  /** Checked after each accepted step with the field value f(t, y) already computed; true ends with 'stopped'. */
  readonly stop?: (t: S<R>, y: V<R>, dydt: V<R>) => boolean;
  /** Event functions: the run ends with 'event' at the first located sign change (see events.ts). Without one, or
   * when no component changes sign, the steps taken are exactly those of the run without `event`. */
  readonly event?: EventSpec<R>;
  /** Default 100 000 (attempted steps, accepted + rejected). */
  readonly maxSteps?: number;
  /** ‖y‖_∞ above this counts as 'diverged' (default 1e100; decimal backends never overflow on their own). */
  readonly divergeAbove?: S<R>;
}
