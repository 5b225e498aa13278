/**
 * Optional members of an `Objective` (its capabilities), and the one check steppers, flows and diagnostics run at
 * setup: a user objective needs only `value` and `grad`; whatever else a consumer calls it declares here, and a
 * missing one is an InputError that names the member, who needs it, and what to add.
 */
import { inputError } from '../errors.js';
import type { Repr } from '../numeric/types.js';
import type { Objective } from './objective.js';

/** What each capability is (shown in the error message, so it says what to add). */
export const CAPABILITIES = {
  valueAndGrad: 'valueAndGrad(θ) → { value, grad } (F and ∇F sharing one pass)',
  hvp: 'hvp(θ, u) → ∇²F(θ)·u (the exact Hessian-vector product)',
  hessian: 'hessian(θ) → the dense ∇²F(θ) (a dim × dim matrix)',
  subset: 'nSamples (the number of samples) and subset(indices) → the same objective over those samples',
  errorModel:
    'errorModel: { value(θ) → ball, grad(θ) → vector ball } (rigorous error bars), or build F with fieldObjective(B, { dim, value, grad }) so the library derives them by ball arithmetic',
  hessianErrorModel:
    'errorModel.hessian(θ) → matrix ball (a symmetric midpoint), or a `hessian` in the fieldObjective spec',
} as const;

export type Capability = keyof typeof CAPABILITIES;

/** The members each capability puts on the objective. */
interface Members {
  valueAndGrad: 'valueAndGrad';
  hvp: 'hvp';
  hessian: 'hessian';
  subset: 'subset' | 'nSamples';
  errorModel: 'errorModel';
  hessianErrorModel: 'errorModel';
}

/** F with the members of the capabilities K present (what `requireCapabilities` returns). */
export type ObjectiveWith<R extends Repr, K extends Capability> = Objective<R> &
  Required<Pick<Objective<R>, Members[K]>>;

/** True when F has capability c. */
export function hasCapability<R extends Repr>(F: Objective<R>, c: Capability): boolean {
  switch (c) {
    case 'valueAndGrad':
    case 'hvp':
    case 'hessian':
      return typeof F[c] === 'function';
    case 'subset':
      return typeof F.subset === 'function' && typeof F.nSamples === 'number';
    case 'errorModel':
      return F.errorModel !== undefined;
    case 'hessianErrorModel':
      return F.errorModel !== undefined && typeof F.errorModel.hessian === 'function';
  }
}

/** The capabilities among `needs` that F lacks. */
export function missingCapabilities<R extends Repr>(F: Objective<R>, needs: readonly Capability[]): Capability[] {
  return needs.filter((c) => !hasCapability(F, c));
}

/**
 * F, typed with the members `needs` names; throws an InputError when one is missing:
 * "<who> needs the objective's <member>: add <what it is> to the objective".
 */
export function requireCapabilities<R extends Repr, K extends Capability>(
  F: Objective<R>,
  needs: readonly K[],
  who: string,
): ObjectiveWith<R, K> {
  const missing = missingCapabilities(F, needs);
  if (missing.length > 0) {
    const what = missing.map((c) => CAPABILITIES[c]).join('; and ');
    throw inputError(`${who} needs the objective's ${missing.join(', ')}, which it does not have: add ${what}`);
  }
  return F as ObjectiveWith<R, K>;
}

/** The number of samples F averages or sums over (1 when it does not say: a closed-form or user objective). */
export function samplesOf<R extends Repr>(F: Objective<R>): number {
  return F.nSamples ?? 1;
}
