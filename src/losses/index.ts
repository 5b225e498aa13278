/**
 * The losses, and a registry that the loss law suite (losses.test.ts) runs over: a new loss joins the suite by being
 * added to `LOSSES`.
 */
import type { Backend, Repr } from '../numeric/types.js';
import { exponential } from './exponential.js';
import { logistic } from './logistic.js';
import { square } from './square.js';
import type { Loss } from './types.js';

export type { Loss } from './types.js';
export { square } from './square.js';
export { logistic } from './logistic.js';
export { exponential } from './exponential.js';

/** What targets a loss takes: any real number, or labels y ∈ {−1, +1} (margin losses ℓ(y·f)). */
export type LossTargets = 'real' | 'sign';

/** A loss in the catalogue: its factory and the targets it is defined for. */
export interface LossEntry {
  make<R extends Repr>(B: Backend<R>): Loss<R>;
  readonly targets: LossTargets;
}

/** Every loss by name (the loss law suite and `thm simulate` run over it). */
export const LOSSES = {
  square: { make: square, targets: 'real' },
  logistic: { make: logistic, targets: 'sign' },
  exponential: { make: exponential, targets: 'sign' },
} as const satisfies Readonly<Record<string, LossEntry>>;

export type LossKind = keyof typeof LOSSES;

/** `lossFromId(B, 'logistic')`: the loss named in a spec (throws naming the field on an unknown name). */
export function lossFromId<R extends Repr>(B: Backend<R>, id: string): Loss<R> {
  if (!Object.hasOwn(LOSSES, id)) {
    throw new RangeError(`loss: unknown loss ${JSON.stringify(id)}; expected one of ${Object.keys(LOSSES).join(', ')}`);
  }
  return LOSSES[id as LossKind].make(B);
}
