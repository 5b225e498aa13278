/**
 * `loss`: F(θ) ± err and `gradNorm`: ‖∇F(θ)‖₂ ± err, with bars from the rounding analysis in objectiveBounds.ts
 * (evaluation of the formula at the given θ in this backend; not discretization).
 */
import type { Measured, Repr } from '../numeric/types.js';
import { gradWithError, valueWithError } from './objectiveBounds.js';
import { margin, normUpper } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** loss: F(θ) = w Σ_i ℓ(f(θ; x_i), y_i) (or ½θᵀAθ − bᵀθ + c) with |F̂ − F| ≤ err. */
export function lossDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Measured<R> {
  return valueWithError(ctx.F, ctx.theta, ctx.majorant);
}

/** gradNorm: ‖∇F(θ)‖₂; err = ‖e‖₂ (componentwise gradient bound e) + the nrm2 rounding (n + 8)·u·‖∇̂F‖, × MARGIN. */
export function gradNormDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Measured<R> {
  const B = ctx.F.B;
  const { grad, err } = gradWithError(ctx.F, ctx.theta, ctx.majorant);
  const value = B.nrm2(grad);
  const e = B.add(normUpper(B, err), B.mul(B.mul(B.int(B.dim(grad) + 8), B.eps), value));
  return { value, err: margin(B, e) };
}
