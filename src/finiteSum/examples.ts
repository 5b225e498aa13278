/**
 * The 2-D finite sums of Islamov et al. (arXiv 2410.12455), f = ½(f_1 + f_2), as registry entries (./index.ts
 * `FINITE_SUMS`): components, what is known exactly (f_i*, f*, the solution set S and Proj(x, S) where closed form),
 * bounds on directional derivatives of order 3 and 4 that the law suite's central-difference tolerances use, the
 * smoothness constant L, and for Examples 2, 3 and 6 the data of a certificate of S (proved by ./certify.ts).
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
 *
 * Smoothness (Assumption 1: L = sup_i sup_x ‖∇²f_i(x)‖). A radial f = ψ(‖r‖²), r = x − z, has ∇²f = 2ψ'(q)I +
 * 4ψ''(q)rrᵀ, with eigenvalues 2ψ'(q) (directions ⊥ r) and 2ψ'(q) + 4qψ''(q) (along r); each entry maximizes their
 * absolute values over q ≥ 0 in its comment.
 */
import type { Num } from '../numeric/types.js';
import { gaussianWell, radial, rationalWell, ridgeLorentz } from './components.js';
import type { SolutionCertificate } from './certify.js';
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
  /** Assumption 1's L (each f_i is L-smooth), derived in the entry's comment (the law suite checks it). */
  readonly smoothness?: Smoothness;
  /** Data of the certificate of S = argmin f when S is not in closed form (./certify.ts re-proves it on use). */
  readonly certificate?: SolutionCertificate;
}

/**
 * L = sup_i sup_x ‖∇²f_i(x)‖ and where the sup is attained: ‖∇²f_{attainedBy}(attainedAt)‖ = L. With `box`, the sup is
 * over x ∈ [−box, box]^d only (a function that is not globally L-smooth, e.g. Example 4: L-smooth on bounded sets).
 */
export interface Smoothness {
  readonly L: Num;
  readonly attainedBy: number;
  readonly attainedAt: readonly Num[];
  readonly box?: Num;
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
  // ∇²f_i = φ''(t + c_i)·(1, 1)(1, 1)ᵀ, ‖(1, 1)(1, 1)ᵀ‖ = 2, |φ''(t)| = |2 − 6t²|/(1 + t²)³ ≤ 2 with equality at t = 0
  // (|2 − 6s| ≤ 2(1 + s)³ for s ≥ 0): L = 4, attained by f_1 where x + y = 0
  smoothness: { L: '4', attainedBy: 0, attainedAt: ['0', '0'] },
};

/**
 * Example 2 (eq. (4)): f_1 = 1 − e^{−(x² + y²)}, f_2 = 1 − e^{−((x − 2)² + (y − 2)²)}; f_i* = 0 at the centres. f has
 * a saddle at (1, 1) (paper). f* is not in closed form: S is two points on the diagonal near the centres, certified
 * by ./certify.ts from `certificate` (f* ≈ 0.4998318). Bounds: B_3 = 9, B_4 = 40.
 */
export const example2: FiniteSumEntry = {
  name: 'islamovEx2',
  source: 'arXiv 2410.12455, Example 2, eq. (4)',
  components: [radial('ex2.f1', ['0', '0'], gaussianWell), radial('ex2.f2', ['2', '2'], gaussianWell)],
  derivBound: { 3: 9, 4: 40 },
  // radial Hessian eigenvalues (module comment) 2e^{−q} and (2 − 4q)e^{−q}: the first is ≤ 2, the second has |·| ≤ 2
  // (its extremes are 2 at q = 0 and −4e^{−3/2} at q = 3/2): L = 2, attained at each centre
  smoothness: { L: '2', attainedBy: 0, attainedAt: ['0', '0'] },
  // S = two points on the diagonal near the centres, swapped by (x, y) ↦ (2 − y, 2 − x) (./certify.ts)
  certificate: {
    box: ['-2', '4'],
    radial: [
      { centre: ['0', '0'], profile: gaussianWell },
      { centre: ['2', '2'], profile: gaussianWell },
    ],
    minimizers: [
      { centre: ['0.000674327', '0.000674327'], radius: '0.1', mu: '0.8' },
      { centre: ['1.999325673', '1.999325673'], radius: '0.1', mu: '0.8' },
    ],
    mirror: '2',
  },
};

/**
 * Example 3 (eq. (6)): f_1 = (1 + x² + y²)/(4 + x² + y²) = 1 − 3/(4 + q₁), f_2 = q₂/(4 + q₂) = 1 − 4/(4 + q₂) with
 * q₁ = x² + y², q₂ = (x − 2.5)² + (y − 2.5)². The paper prints f_2's denominator as 4 + (y − 2.5)² + (y − 2.5)²; we
 * read it as the radial 4 + q₂, matching f_1's form (docs/theorems/landscape.md). f_1* = 1/4 (at 0), f_2* = 0 (at
 * (2.5, 2.5)). f has a non-global local minimum (paper), near (0.2589, 0.2589); S is one point near (2.376, 2.376),
 * certified by ./certify.ts from `certificate` (f* ≈ 0.4057162).
 * Bounds: a/b^{1+k/2} with (a, b) = (3, 4), (4, 4): B_3 = 4·7/32 < 1, B_4 = 4·120/64 < 8.
 */
const ex3Well1 = rationalWell('3', '4', '0.25');
const ex3Well2 = rationalWell('4', '4', '0');

export const example3: FiniteSumEntry = {
  name: 'islamovEx3',
  source: 'arXiv 2410.12455, Example 3, eq. (6)',
  components: [radial('ex3.f1', ['0', '0'], ex3Well1), radial('ex3.f2', ['2.5', '2.5'], ex3Well2)],
  derivBound: { 3: 1, 4: 8 },
  // radial Hessian eigenvalues 2a/(b + q)² and 2a(b − 3q)/(b + q)³: the first is ≤ 2a/b², the second lies in
  // [−a/(2b²), 2a/b²] (its minimum is at q = b): L_i = 2a/b², i.e. 3/8 and 1/2; L = 1/2, attained at f_2's centre
  smoothness: { L: '0.5', attainedBy: 1, attainedAt: ['2.5', '2.5'] },
  // S = one point near f_2's centre; the local minimum near (0.259, 0.259) is excluded by the subdivision
  certificate: {
    box: ['-2', '5'],
    radial: [
      { centre: ['0', '0'], profile: ex3Well1 },
      { centre: ['2.5', '2.5'], profile: ex3Well2 },
    ],
    minimizers: [{ centre: ['2.376197127', '2.376197127'], radius: '0.2', mu: '0.1' }],
  },
};

/** One profile object for both components of Example 6 (the mirror symmetry is checked on it). */
const unitWell = rationalWell('1', '1', '0');

/**
 * Example 6 (App. B, eq. (14)): f_1 = (x² + y²)/(1 + x² + y²) = 1 − 1/(1 + q₁), f_2 the same around (1, 1); f_i* = 0
 * at the centres. The paper: f* ≈ 0.316988 at (0.159375, 0.159375) and (0.840625, 0.840625); here S is certified
 * (./certify.ts), the two points swapped by (x, y) ↦ (1 − y, 1 − x).
 * Bounds (a, b) = (1, 1): B_3 = 7, B_4 = 120. Smoothness: eigenvalues 2/(1 + q)² and 2(1 − 3q)/(1 + q)³ (module
 * comment, a = b = 1), |·| ≤ 2 with equality at q = 0: L = 2, attained at each centre.
 */
export const example6: FiniteSumEntry = {
  name: 'islamovEx6',
  source: 'arXiv 2410.12455, Example 6, eq. (14)',
  components: [radial('ex6.f1', ['0', '0'], unitWell), radial('ex6.f2', ['1', '1'], unitWell)],
  derivBound: { 3: 7, 4: 120 },
  smoothness: { L: '2', attainedBy: 0, attainedAt: ['0', '0'] },
  certificate: {
    box: ['-2', '3'],
    radial: [
      { centre: ['0', '0'], profile: unitWell },
      { centre: ['1', '1'], profile: unitWell },
    ],
    minimizers: [
      { centre: ['0.1593749807', '0.1593749807'], radius: '0.1', mu: '0.1' },
      { centre: ['0.8406250193', '0.8406250193'], radius: '0.1', mu: '0.1' },
    ],
    mirror: '1',
  },
};
