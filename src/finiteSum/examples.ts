/**
 * The 2-D finite sums of Islamov et al. (arXiv 2410.12455), f = ½(f_1 + f_2), as registry entries (./index.ts
 * `FINITE_SUMS`): components, what is known exactly (f_i*, f*, the solution set S and Proj(x, S) where closed form),
 * and bounds on directional derivatives of order 3 and 4 that the law suite's central-difference tolerances use.
 *
 * Derivative bounds (|D^k f_i(x)[u, …, u]| ≤ bound·‖u‖^k for all x), from one-variable profiles: h(z) = 1/(1 + z²) has
 * h''' = −24z(z² − 1)/(1 + z²)⁴, |h'''| ≤ 24|z|/(1 + z²)³ ≤ 24·0.259 < 7 (max of z/(1 + z²)³ at z² = 1/5), and
 * h'''' = 24(5z⁴ − 10z² + 1)/(1 + z²)⁵, |h''''| ≤ 120; g(z) = e^{−z²} has |g'''| = |8z³ − 12z|e^{−z²} ≤ 8(3/(2e))^{3/2}
 * + 12(1/(2e))^{1/2} < 9 and |g''''| = |16z⁴ − 48z² + 12|e^{−z²} ≤ 16(2/e)² + 48/e + 12 < 40 (max |z|^k e^{−z²} =
 * (k/(2e))^{k/2}). Along a line x + s·u:
 * - ridge φ(aᵀx + c) = 1 − h(t): the k-th derivative is (aᵀu)^k h^{(k)}, |aᵀu| ≤ ‖a‖‖u‖;
 * - radial 1 − e^{−q}: q = d² + ‖u‖²(s − s₀)² (d = distance of z to the line), so e^{−q} = e^{−d²} g(‖u‖(s − s₀)) and
 *   the k-th derivative is ≤ ‖u‖^k max|g^{(k)}|;
 * - radial 1 − a/(b + q): a/(b + q) = (a/b′) h(‖u‖(s − s₀)/√b′) with b′ = b + d² ≥ b, so the k-th derivative is
 *   ≤ a‖u‖^k max|h^{(k)}|/b^{1 + k/2}.
 */
import type { Num } from '../numeric/types.js';
import { gaussianWell, radial, rationalWell, ridgeLorentz } from './components.js';
import type { Field } from './field.js';
import type { Component } from './types.js';

/** A solution set S = argmin f with Proj(x, S) in closed form. */
export interface SolutionSet {
  /** What S is, for messages and docs. */
  readonly description: string;
  /** The point x_p ∈ Proj(x, S) (unique where stated). */
  project<T>(F: Field<T>, x: readonly T[]): T[];
}

export interface FiniteSumEntry {
  readonly name: string;
  /** Where in the paper the functions are defined. */
  readonly source: string;
  readonly components: readonly Component[];
  /** f* = min f, exactly, when known in closed form. */
  readonly fStar?: Num;
  readonly solutionSet?: SolutionSet;
  /** B_k with |D^k f_i(x)[u, …, u]| ≤ B_k‖u‖^k for every component and every x (module comment), k = 3, 4. */
  readonly derivBound: { readonly 3: number; readonly 4: number };
}

/**
 * Example 1 (eq. (3)): f_1 = t²/(t² + 1), f_2 = (t + 1)²/((t + 1)² + 1), t = x + y. f_i* = 0. f depends on t only and
 * ½(φ(t) + φ(t + 1)) is minimized at t = −½ (its derivative φ'(t) + φ'(t + 1) vanishes there by the symmetry
 * φ'(−s) = −φ'(s), and the paper's proof states S = {y = −x − ½}); f* = φ(½) = (1/4)/(5/4) = 1/5.
 * Proj((x, y), S) = (x, y) − ((x + y + ½)/2)(1, 1) (orthogonal projection onto the line with normal (1, 1)).
 * Bounds: ‖a‖ = √2, so B_3 = 7·2√2 < 20, B_4 = 120·4 = 480.
 */
export const example1: FiniteSumEntry = {
  name: 'islamovEx1',
  source: 'arXiv 2410.12455, Example 1, eq. (3)',
  components: [ridgeLorentz('ex1.f1', ['1', '1'], '0'), ridgeLorentz('ex1.f2', ['1', '1'], '1')],
  fStar: '0.2',
  solutionSet: {
    description: 'the line y = −x − 1/2',
    project<T>(F: Field<T>, x: readonly T[]): T[] {
      const s = F.div(F.add(F.add(x[0]!, x[1]!), F.num('0.5')), F.int(2));
      return [F.sub(x[0]!, s), F.sub(x[1]!, s)];
    },
  },
  derivBound: { 3: 20, 4: 480 },
};

/**
 * Example 2 (eq. (4)): f_1 = 1 − e^{−(x² + y²)}, f_2 = 1 − e^{−((x − 2)² + (y − 2)²)}; f_i* = 0 at the centres. f has
 * a saddle at (1, 1) (paper). f* is not in closed form (two minimizers on the diagonal, near the centres) and is not
 * given here. Bounds: B_3 = 9, B_4 = 40.
 */
export const example2: FiniteSumEntry = {
  name: 'islamovEx2',
  source: 'arXiv 2410.12455, Example 2, eq. (4)',
  components: [radial('ex2.f1', ['0', '0'], gaussianWell), radial('ex2.f2', ['2', '2'], gaussianWell)],
  derivBound: { 3: 9, 4: 40 },
};

/**
 * Example 3 (eq. (6)): f_1 = (1 + x² + y²)/(4 + x² + y²) = 1 − 3/(4 + q₁), f_2 = q₂/(4 + q₂) = 1 − 4/(4 + q₂) with
 * q₁ = x² + y², q₂ = (x − 2.5)² + (y − 2.5)². The paper prints f_2's denominator as 4 + (y − 2.5)² + (y − 2.5)²; we
 * read it as the radial 4 + q₂, matching f_1's form (docs/theorems/landscape.md). f_1* = 1/4 (at 0), f_2* = 0 (at
 * (2.5, 2.5)). f has a non-global local minimum (paper); f* is not given here.
 * Bounds: a/b^{1+k/2} with (a, b) = (3, 4), (4, 4): B_3 = 4·7/32 < 1, B_4 = 4·120/64 < 8.
 */
export const example3: FiniteSumEntry = {
  name: 'islamovEx3',
  source: 'arXiv 2410.12455, Example 3, eq. (6)',
  components: [
    radial('ex3.f1', ['0', '0'], rationalWell('3', '4', '0.25')),
    radial('ex3.f2', ['2.5', '2.5'], rationalWell('4', '4', '0')),
  ],
  derivBound: { 3: 1, 4: 8 },
};
