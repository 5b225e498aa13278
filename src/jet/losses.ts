/**
 * Per-sample losses on jets: `JET_LOSSES` has one entry per loss of `LOSSES` (the jet law suite fails for a loss
 * without one). f is the n×C prediction series, Y the n×C exact targets; the result is the n×C series of ℓ
 * entrywise (C = 1 for the registered models). Same formulas as src/losses: ½(f − y)², log(1 + e^{−yf}), e^{−yf}.
 */
import type { LossKind } from '../losses/index.js';
import type { Repr } from '../numeric/types.js';
import type { Jet, JetOps } from './series.js';

/** ℓ(f, Y) entrywise on a prediction series. */
export type JetLoss = <R extends Repr, T>(J: JetOps<R, T>, f: Jet<T>, Y: T) => Jet<T>;

/** −Y·f (the negative margin), the argument of the margin losses. */
const negMargin = <R extends Repr, T>(J: JetOps<R, T>, f: Jet<T>, Y: T): Jet<T> => J.mul(J.constant(J.A.neg(Y)), f);

export const JET_LOSSES = {
  square: (J, f, Y) => {
    const r = J.sub(f, J.constant(Y));
    return J.ratio(J.mul(r, r), 1, 2);
  },
  logistic: (J, f, Y) => J.softplus(negMargin(J, f, Y)),
  exponential: (J, f, Y) => J.exp(negMargin(J, f, Y)),
} as const satisfies Record<LossKind, JetLoss>;

/** The jet of a registered loss by name. */
export function jetLoss(kind: string): JetLoss {
  if (!Object.hasOwn(JET_LOSSES, kind)) {
    throw new RangeError(`jet: no jet for loss ${JSON.stringify(kind)}; add one to JET_LOSSES (src/jet/losses.ts)`);
  }
  return JET_LOSSES[kind as LossKind];
}
