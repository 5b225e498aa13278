/**
 * The scalar operations the adaptive step-size rules (./stepRules.ts) are written with: a finite-sum `Field` plus
 * min, max, sqrt, a certain sign (for domain checks) and `show` (for messages). A Backend (on its scalars) and a
 * `BallArith` (on balls) both provide them, so each rule is written once and runs either fast, to drive a stepper, or
 * in ball arithmetic, to enclose a whole path and its exact expectation with rigorous bars.
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Field } from '../finiteSum/field.js';
import { ballFieldOf, scalarField } from '../objective/field.js';
import type { Backend, Repr, S } from '../numeric/types.js';

export interface StepField<T> extends Field<T> {
  min(a: T, b: T): T;
  max(a: T, b: T): T;
  sqrt(a: T): T;
  /** a² (over balls: an enclosure that stays ≥ 0, unlike a·a). */
  sqr(a: T): T;
  /** ‖v‖₂ (over balls: |‖x‖ − ‖m‖| ≤ ‖r‖, so it never fails near 0 as a sqrt of Σ v_j² could). */
  norm2(v: readonly T[]): T;
  /**
   * The sign of a when it is certain: −1, 0 (a is exactly zero) or 1; undefined when it is not certain (a ball that
   * contains 0 and is not exactly 0).
   */
  sign(a: T): -1 | 0 | 1 | undefined;
  /**
   * A value enclosing [lo, hi] (lo ≤ hi): over balls, the ball of that interval, used when a rule cannot divide (a
   * divisor ball containing 0) but knows the range of the quotient. On a backend signs are certain, so it is reached
   * only with NaN inputs, and the midpoint is as good as any value there (the step is NaN anyway).
   */
  hull(lo: T, hi: T): T;
  /** For messages. */
  show(a: T): string;
}

/** A Backend's scalars as a StepField (signs are always certain). */
export function backendStepField<R extends Repr>(B: Backend<R>): StepField<S<R>> {
  return {
    ...scalarField(B),
    norm2: (v) => B.nrm2(B.pack(v)),
    sign: (a) => (Number.isNaN(B.toNumber(a)) ? undefined : B.cmp(a, B.zero)),
    hull: (lo, hi) => B.div(B.add(lo, hi), B.int(2)),
    show: (a) => B.show(a),
  };
}

/** Ball arithmetic as a StepField: a sign is certain when the whole ball lies on one side of 0 (or is exactly 0). */
export function ballStepField<R extends Repr>(K: BallArith<R>): StepField<Ball<R>> {
  const B = K.B;
  return {
    ...ballFieldOf(K),
    norm2: (v) => K.norm2(K.vof(B.pack(v.map((a) => a.value)), B.pack(v.map((a) => a.err)))),
    sign: (a) => {
      if (B.isZero(a.value) && B.isZero(a.err)) return 0;
      if (B.cmp(K.lower(a), B.zero) > 0) return 1;
      if (B.cmp(K.upper(a), B.zero) < 0) return -1;
      return undefined;
    },
    hull: (lo, hi) => {
      const a = K.lower(lo);
      const b = K.upper(hi);
      const m = B.div(B.add(a, b), B.int(2));
      // rigorous upper bounds of b − m and m − a (each difference as a ball, then its upper end)
      const r = B.max(K.upper(K.sub(K.exact(b), K.exact(m))), K.upper(K.sub(K.exact(m), K.exact(a))));
      return K.of(m, r);
    },
    show: (a) => `${B.show(a.value)} ± ${B.show(a.err)}`,
  };
}
