/**
 * Finite sums f = (1/n) Σ_i f_i of per-sample functions given directly (not as model + loss + data), as in the ERM
 * problem (1) of Islamov et al. (arXiv 2410.12455): each f_i by its value, gradient and Hessian–vector product,
 * written once over a `Field` (./field.ts) so that the same formulas run on a Backend and in ball arithmetic.
 */
import type { Num } from '../numeric/types.js';
import type { Field } from './field.js';

/** One per-sample function f_i : R^d → R (d = `dim`). */
export interface Component {
  /** Shown in messages ("ex1.f1"). */
  readonly name: string;
  readonly dim: number;
  value<T>(F: Field<T>, x: readonly T[]): T;
  grad<T>(F: Field<T>, x: readonly T[]): T[];
  /** ∇²f_i(x)·u */
  hvp<T>(F: Field<T>, x: readonly T[], u: readonly T[]): T[];
  /** f_i* = inf f_i as an exact decimal when known exactly (attained), else undefined. */
  readonly infimum?: Num;
}
