/**
 * Mirror descent with a separable potential Φ(θ) = Σ_j φ(θ_j) (any potential of src/potentials, or a user's own).
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { squared } from '../potentials/elementary.js';
import type { MirrorPotential } from '../potentials/types.js';
import type { Stepper, StepperState } from './types.js';

export type { MirrorPotential } from '../potentials/types.js';
export { hypentropy, vasinh, vsinh } from '../potentials/hyperbolic.js';

/** Φ(θ) = ½‖θ‖² (the registry's `squared`): ∇Φ = id, so mirror descent is `gd` bit for bit. */
export const euclidean = squared;

/** A user-supplied separable potential: φ′ and its inverse as maps on backend vectors (elementwise). */
export function separablePotential<R extends Repr>(spec: {
  readonly name: string;
  readonly params?: Readonly<Record<string, string>>;
  /** x ↦ (φ′(x_j))_j */
  readonly dphi: (x: V<R>) => V<R>;
  /** z ↦ ((φ′)⁻¹(z_j))_j */
  readonly dphiInv: (z: V<R>) => V<R>;
}): MirrorPotential<R> {
  return { name: spec.name, params: spec.params ?? {}, grad: spec.dphi, gradInv: spec.dphiInv };
}

export interface MirrorDescentHyper<R extends Repr> {
  /** Learning rate η. */
  readonly lr: S<R>;
  readonly potential: MirrorPotential<R>;
}

export interface MirrorDescentState<R extends Repr> extends StepperState<R> {
  /** The dual iterate z_k = ∇Φ(θ_k), carried so that the dual update is an exact sum of gradients (no round trip). */
  readonly dual: V<R>;
}

/**
 * Mirror descent (Nemirovski & Yudin 1983): ∇Φ(θ_{k+1}) = ∇Φ(θ_k) − η ∇F(θ_k), i.e.
 *   z_0 = ∇Φ(θ_0),   z_{k+1} = z_k − η ∇F(θ_k),   θ_{k+1} = (∇Φ)⁻¹(z_{k+1}).
 * The state keeps θ_0 as given (θ_k for k ≥ 1 is (∇Φ)⁻¹(z_k)); with Φ = ½‖·‖² this is `gd` bit for bit.
 */
export function mirrorDescent<R extends Repr>(
  B: Backend<R>,
  hyper: MirrorDescentHyper<R>,
): Stepper<R, MirrorDescentState<R>> {
  const negLr = B.neg(hyper.lr);
  const { potential } = hyper;
  return {
    name: 'mirrorDescent',
    params: { lr: B.show(hyper.lr), potential: potential.name, ...potential.params },
    init: (_F: Objective<R>, theta0: V<R>) => ({ theta: theta0, dual: potential.grad(theta0) }),
    step: (F, s) => {
      const dual = B.axpy(negLr, F.grad(s.theta), s.dual);
      return { theta: potential.gradInv(dual), dual };
    },
    theta: (s) => s.theta,
  };
}
