/**
 * `norms`: ‖θ_block‖₂ for every block of the model's layout (Frobenius norm for matrix blocks: ‖a‖, ‖b‖, ‖W_l‖_F),
 * and ‖θ‖₂ under "total". Bar: nrm2 is accurate to (n + 8)·u relative (backend law suite), × MARGIN.
 */
import type { Measured, Repr } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { blocksWithOffsets, norm2 } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** norms: { [block]: ‖θ_block‖, total: ‖θ‖ } (a single "total" for objectives without a model). */
export function normsDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Record<string, Measured<R>> {
  const { F, theta } = ctx;
  const B = F.B;
  const out: Record<string, Measured<R>> = {};
  if (isDataObjective(F)) {
    for (const { block, start, end } of blocksWithOffsets(F.model.layout))
      out[block.name] = norm2(B, B.slice(theta, start, end));
  }
  out['total'] = norm2(B, theta);
  return out;
}
