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

export type LossKind = 'square' | 'logistic' | 'exponential';

/** Every loss by name. */
export const LOSSES: { readonly [K in LossKind]: <R extends Repr>(B: Backend<R>) => Loss<R> } = {
  square,
  logistic,
  exponential,
};

/** `lossFromId(B, 'logistic')`: the loss named in a spec (throws naming the field on an unknown name). */
export function lossFromId<R extends Repr>(B: Backend<R>, id: string): Loss<R> {
  if (!Object.hasOwn(LOSSES, id)) {
    throw new RangeError(`loss: unknown loss ${JSON.stringify(id)}; expected one of ${Object.keys(LOSSES).join(', ')}`);
  }
  return LOSSES[id as LossKind](B);
}
