/**
 * `sharpness`: S(θ) = λ_max(∇²F(θ)), the top eigenvalue of the exact dense Hessian (Objective.hessian; Cohen et al.
 * 2021, docs/theorems/eos.md E2/E11). Error bar = the eigensolver's residual-based bound on λ_max of the computed,
 * symmetrized Hessian H_s (linalg/eigh.ts) + ‖E‖_F, where E ≥ |H_s − ∇²F| entrywise (objectiveBounds.ts):
 * by Weyl, |λ_max(H_s) − λ_max(∇²F)| ≤ ‖H_s − ∇²F‖₂ ≤ ‖E‖_F.
 */
import { topEigen } from '../linalg/eigh.js';
import type { Measured, Repr } from '../numeric/types.js';
import { hessianWithError } from './objectiveBounds.js';
import { normUpper } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** sharpness: λ_max(∇²F(θ)) ± (eigensolver bound + ‖E‖_F). */
export function sharpnessDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Measured<R> {
  const B = ctx.F.B;
  const { H, err } = hessianWithError(ctx.F, ctx.theta, ctx.majorant);
  const top = topEigen(B, H);
  return { value: top.value, err: B.add(top.err, normUpper(B, B.flatten(err))) };
}
