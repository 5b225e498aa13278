/**
 * The scalar operations a per-sample function is written with. Both a `Backend` (on its scalars) and a `BallArith`
 * (on balls: value ± rigorous radius) have them under these names, so each f_i is written once and evaluated either
 * fast (to drive steppers) or with certified error bars (to build claims).
 */
import type { Num } from '../numeric/types.js';

export interface Field<T> {
  num(x: Num): T;
  int(n: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  exp(a: T): T;
}

/** Σ a_i b_i over a field (short vectors only: the examples live in R²). */
export function fdot<T>(F: Field<T>, a: readonly T[], b: readonly T[]): T {
  if (a.length !== b.length) throw new RangeError(`fdot: lengths ${a.length} and ${b.length} differ`);
  let s = F.int(0);
  for (let i = 0; i < a.length; i++) s = F.add(s, F.mul(a[i]!, b[i]!));
  return s;
}
