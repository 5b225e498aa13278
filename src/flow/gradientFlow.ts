/**
 * Gradient flow θ' = −∇F(θ) as a vector field, and a step cap tied to the local sharpness so that the explicit
 * solver follows a stiff flow instead of stepping over it.
 */
import { requireCapabilities } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { pid, type PidOptions } from './controller.js';
import type { AdaptiveController, MaxStepHook, OdeSolver, VectorField } from './types.js';

/** The gradient-flow field (t, θ) ↦ −∇F(θ). */
export function gradientFlow<R extends Repr>(F: Objective<R>): VectorField<R> {
  return (_t, theta) => F.B.map('neg', F.grad(theta));
}

/** Deterministic start vector v_i ∝ 1 + i/n (not orthogonal to a generic top eigenvector), unit norm. */
function startVector<R extends Repr>(B: Backend<R>, n: number): V<R> {
  const v = B.pack(Array.from({ length: n }, (_, i) => B.add(B.one, B.div(B.int(i), B.int(n)))));
  return B.scal(B.div(B.one, B.nrm2(v)), v);
}

/**
 * Power iteration on the Hessian: v ← Hv/‖Hv‖, `iters` times. Returns ‖Hv‖ for the final unit v (≤ ρ(H), the
 * spectral radius; an estimate from below — callers apply a safety factor) and v for warm starts.
 */
export function powerSharpness<R extends Repr>(
  F: Objective<R>,
  theta: V<R>,
  iters: number,
  v0?: V<R>,
): { value: S<R>; v: V<R> } {
  const H = requireCapabilities(F, ['hvp'], 'powerSharpness');
  const B = F.B;
  let v = v0 ?? startVector(B, F.dim);
  let value = B.zero;
  for (let i = 0; i < iters; i++) {
    const w = H.hvp(theta, v);
    value = B.nrm2(w);
    if (B.isZero(value) || !B.isFinite(value)) return { value, v };
    v = B.scal(B.div(B.one, value), w);
  }
  return { value, v };
}

export interface SharpnessCapOptions {
  /** Fraction of the solver's real stability boundary used (default 0.5: covers a 2× underestimate of λ_max). */
  safety?: number;
  /** Recompute the estimate every this many accepted steps (default 10). */
  every?: number;
  /** Power iterations for the first estimate (default 12) and for warm-started updates (default 4). */
  iters?: number;
  itersWarm?: number;
}

/**
 * Step cap h ≤ safety·c/ρ̂ with c the solver's real stability boundary (DOPRI5 ≈ 3.31, Fehlberg 7(8) ≈ 5.0,
 * Verner 6(5) ≈ 4.06, RK4 ≈ 2.78) and ρ̂ a power-iteration estimate of ρ(∇²F(θ)) — the stiffness of the linearized
 * flow δ' = −∇²F δ. The estimate is recomputed every `every` accepted steps, warm-started from the previous
 * eigenvector (a few hvps per `every` steps: ≲ 10% of the cost of 6–12 gradient evaluations per step).
 * Returns a stateful hook (it caches the estimate; a step counter that restarts triggers a fresh estimate).
 */
export function sharpnessCap<R extends Repr>(
  F: Objective<R>,
  solver: OdeSolver,
  opts: SharpnessCapOptions = {},
): MaxStepHook<R> {
  requireCapabilities(F, ['hvp'], 'the gradient-flow sharpness cap (sharpnessCap, gradientFlowController)');
  const B = F.B;
  const c = B.fromDouble(solver.realStability * (opts.safety ?? 0.5));
  const every = opts.every ?? 10;
  let last = -Infinity;
  let cap: S<R> | undefined;
  let v: V<R> | undefined;
  return (_t, theta, step) => {
    if (step - last >= every || step < last) {
      const est = powerSharpness(F, theta, v === undefined ? (opts.iters ?? 12) : (opts.itersWarm ?? 4), v);
      v = est.v;
      last = step;
      cap = B.isFinite(est.value) && B.cmp(est.value, B.zero) > 0 ? B.div(c, est.value) : undefined;
    }
    return cap;
  };
}

export interface GradientFlowControllerOptions<R extends Repr>
  extends Omit<PidOptions<R>, 'maxStep'>, SharpnessCapOptions {}

/** PI controller for gradient flow: default tolerances of the backend plus the sharpness cap. */
export function gradientFlowController<R extends Repr>(
  F: Objective<R>,
  solver: OdeSolver,
  opts: GradientFlowControllerOptions<R> = {},
): AdaptiveController<R> {
  return pid(F.B, { ...opts, maxStep: sharpnessCap(F, solver, opts) });
}

/** The solver used for a backend by default: DOPRI5 at ≤ 17 digits, Fehlberg 7(8) above (order pays at 1e-30). */
export function defaultSolverId(B: { digits: number }): 'dopri5' | 'fehlberg78' {
  return B.digits <= 17 ? 'dopri5' : 'fehlberg78';
}
