/**
 * Separable mirror potentials Φ(θ) = Σ_j φ(θ_j): the contract every entry of the registry (./index.ts) implements.
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';

/**
 * What mirror descent needs of a potential: the mirror map ∇Φ = (φ′)_j and its inverse (∇Φ)⁻¹ = ((φ′)⁻¹)_j, both
 * elementwise on backend vectors. A user's own potential (`separablePotential`) only has to give these two.
 */
export interface MirrorPotential<R extends Repr> {
  /** Registry name ("squared", "hypentropy", …) or a user's name. */
  readonly name: string;
  /** Parameters as exact strings (β, α, p, width …), for reports and fixtures. */
  readonly params: Readonly<Record<string, Num>>;
  /** ∇Φ(θ): the mirror map, elementwise φ′. */
  grad(theta: V<R>): V<R>;
  /** (∇Φ)⁻¹(z): back from the dual, elementwise (φ′)⁻¹. */
  gradInv(z: V<R>): V<R>;
}

/** Where φ is defined: the whole line, or x > 0 (negative entropy). */
export type PotentialDomain = 'real' | 'positive';

/**
 * A registered potential: φ, φ′, (φ′)⁻¹ and φ″ as vector kernels over the backend, plus rigorous enclosures of φ′,
 * (φ′)⁻¹ and φ″ at exact points (ball arithmetic, for certificates such as the Bregman oracle's, ./bregman.ts).
 *
 * Every registered φ is strictly convex on its domain with φ′ mapping the domain onto ℝ (so (φ′)⁻¹ is defined on all
 * of ℝ and increasing), and φ″ is monotone on each side of 0 (decreasing in |x| or increasing in |x|): the extremes of
 * φ″ over an interval are at its ends or at 0. The law suite (./laws.ts) checks all of it.
 */
export interface Potential<R extends Repr> extends MirrorPotential<R> {
  readonly B: Backend<R>;
  readonly domain: PotentialDomain;
  /** Where φ″ > 0 is claimed: everywhere on the domain, or away from 0 (p-norm, p > 2: φ″(0) = 0). */
  readonly positiveCurvature: 'everywhere' | 'awayFromZero';
  /** φ(x_j), elementwise (Φ(x) = Σ_j φ(x_j)). */
  value(x: V<R>): V<R>;
  /** φ″(x_j), elementwise (+∞ where φ″ is infinite: p-norm with p < 2 at 0). */
  hess(x: V<R>): V<R>;
  /** Enclosures at an exact backend point (radius-0 input): the true φ′(x), (φ′)⁻¹(z), φ″(x) lie in the balls. */
  readonly ball: PotentialBalls<R>;
}

/** Rigorous scalar enclosures (./enclose.ts turns them into enclosures over intervals, by monotonicity). */
export interface PotentialBalls<R extends Repr> {
  grad(K: BallArith<R>, x: S<R>): Ball<R>;
  gradInv(K: BallArith<R>, z: S<R>): Ball<R>;
  /** φ″(x); null where φ″ is infinite (p-norm with p < 2 at x = 0). */
  hess(K: BallArith<R>, x: S<R>): Ball<R> | null;
}
