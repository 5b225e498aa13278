/**
 * Mirror descent with a separable potential Φ(θ) = Σ_j φ(θ_j), and the potentials it is run with.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

/** A strictly convex separable potential given by its mirror map ∇Φ = (φ′)_j and the inverse map (φ′)⁻¹. */
export interface MirrorPotential<R extends Repr> {
  /** "euclidean" | "hypentropy" | a user's name. */
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  /** ∇Φ(θ): the mirror map, elementwise φ′. */
  grad(theta: V<R>): V<R>;
  /** (∇Φ)⁻¹(z): back from the dual, elementwise (φ′)⁻¹. */
  gradInv(z: V<R>): V<R>;
}

/** Φ(θ) = ½‖θ‖²: ∇Φ = id, so mirror descent is `gd` bit for bit. */
export function euclidean<R extends Repr>(_B: Backend<R>): MirrorPotential<R> {
  return { name: 'euclidean', params: {}, grad: (x) => x, gradInv: (z) => z };
}

/**
 * asinh(t) elementwise from kernels: asinh(t) = sign(t) · log1p(a + a²/(1 + √(1 + a²))), a = |t|. The log1p form has
 * no cancellation for small |t| (asinh(t) ≈ t). Range: a² must not overflow (|t| < ~1e154 in f64 and dd).
 */
export function vasinh<R extends Repr>(B: Backend<R>, t: V<R>): V<R> {
  const a = B.map('abs', t);
  const a2 = B.map('square', a);
  const q = B.vdiv(a2, B.vshift(B.map('sqrt', B.vshift(a2, B.one)), B.one));
  return B.vmul(B.map('sign', t), B.map('log1p', B.vadd(a, q)));
}

/**
 * sinh(z) elementwise from kernels: sinh(z) = (expm1(z) − expm1(−z))/2. Both terms have the sign of z, so there is no
 * cancellation near 0, and it overflows to ±∞ exactly when sinh does.
 */
export function vsinh<R extends Repr>(B: Backend<R>, z: V<R>): V<R> {
  const half = B.num('0.5');
  return B.scal(half, B.vsub(B.map('expm1', z), B.map('expm1', B.map('neg', z))));
}

/**
 * Hypentropy (Ghai, Hazan, Singer 2020), β > 0: φ(x) = x·asinh(x/β) − √(x² + β²), φ′(x) = asinh(x/β),
 * (φ′)⁻¹(z) = β·sinh(z), φ″(x) = 1/√(x² + β²). β = 2α² is Woodworth et al.'s Q_α (diagonal linear networks).
 */
export function hypentropy<R extends Repr>(B: Backend<R>, beta: S<R>): MirrorPotential<R> {
  if (!(B.isFinite(beta) && B.cmp(beta, B.zero) > 0)) {
    throw new RangeError(`hypentropy: beta = ${B.show(beta)} must be finite and > 0`);
  }
  return {
    name: 'hypentropy',
    params: { beta: B.show(beta) },
    grad: (x) => vasinh(B, B.vdiv(x, B.fill(B.dim(x), beta))),
    gradInv: (z) => B.scal(beta, vsinh(B, z)),
  };
}

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
