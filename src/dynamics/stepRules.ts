/**
 * Adaptive step-size rules for SGD on a finite sum f = (1/n) Σ_i f_i (Islamov, Ajroldi, Orvieto, Lucchi, arXiv
 * 2410.12455, §4 and App. C.2). Step k samples i = i_k and moves
 *   x_{k+1} = x_k − γ_k ∇f_i(x_k),
 * where a rule computes γ_k from what the step sees (f_i(x_k), f_i*, ∇f_i(x_k), k) and its own running state:
 * - SPSmax (Algorithm 2, §4): γ_k = min{(f_i(x_k) − f_i*)/(c‖∇f_i(x_k)‖²), γ_b};
 * - DecSPS (Theorem 5, App. C.2.2; the recurrence is not written out in the paper, so this is the standard form of
 *   Orvieto, Lacoste-Julien & Loizou, NeurIPS 2022, that the paper cites): γ_k = (1/c_k) min{(f_i(x_k) − f_i*)/
 *   ‖∇f_i(x_k)‖², c_{k−1}γ_{k−1}}, with c_{−1}γ_{−1} := c_0γ_b and c_k = c_0√(k + 1) (the paper's Corollary 1 takes
 *   c_k = √(k + 1): c_0 = 1);
 * - NGN (Algorithm 3, §4): γ_k = γ/(1 + (γ/(2f_i(x_k)))‖∇f_i(x_k)‖²), computed as 2γf_i/(2f_i + γ‖∇f_i‖²) (equal for
 *   f_i > 0, and its limit 0 as f_i → 0⁺ with ∇f_i ≠ 0), for f_i ≥ 0;
 * - decreasing NGN (Theorem 6, App. C.2.3): the same with γ̃_k = γ/√(k + 1) in place of γ;
 * - AdaGrad-norm-max (Algorithm 4, App. C.2.4): c_k² = max{c_{k−1}², ‖∇f_i(x_k)‖²}, b_k² = b_{k−1}² + c_k²,
 *   γ_k = γ/b_k, c_{−1} = 0, b_{−1} > 0 given; kept as c_k = max{c_{k−1}, ‖∇f_i‖}, b_k = √(b_{k−1}² + c_k²) (the same
 *   numbers, since c, b ≥ 0; rounding errors in c then grow like those of ‖∇f_i‖, not of its square).
 * Each rule is written once over a `StepField` (./stepField.ts): on a Backend it drives the stepper of
 * ./adaptiveSgd.ts, over balls it encloses a path for the exact expectations of ./stepRuleBalls.ts.
 *
 * Inputs outside a rule's domain are one-line errors naming the parameter (γ, c, γ_b, c_0, b_{−1} ≤ 0; f_i(x_k) below
 * the given f_i*; f_i(x_k) < 0 for NGN); nothing is clamped. A zero gradient makes the step 0 whatever γ_k is: the
 * rules then take the cap (γ_b, the running bound, γ) instead of dividing by 0. Over balls, a divisor that may be 0
 * (a point at or within rounding of a minimizer of f_i) gives γ_k the whole range the rule allows ([0, γ_b],
 * [0, m_{k−1}/c_k], [0, γ]): a rigorous enclosure whose width multiplies a gradient that is itself within rounding of 0
 * (DecSPS carries that range on in its running minimum, so its later steps lose accuracy).
 */
import { inputError } from '../errors.js';
import type { StepField } from './stepField.js';

/** What step k sees: the sample i = i_k, f_i(x_k), f_i* (when known) and ∇f_i(x_k). */
export interface SampleInfo<T> {
  readonly i: number;
  readonly k: number;
  readonly fi: T;
  readonly fiStar: T | undefined;
  readonly grad: readonly T[];
}

/** A step-size rule over the scalars T, with running state A (null when it has none). */
export interface StepRule<T, A> {
  /** "spsMax", "decSps", "ngn", "ngnDec", "adagradNormMax": shown in messages. */
  readonly name: string;
  /** True when γ_k uses f_i* (SPSmax, DecSPS): the driver must provide it. */
  readonly needsFiStar: boolean;
  /** The running state before step 0. */
  readonly aux0: A;
  /** γ_k and the running state after step k. */
  next(aux: A, s: SampleInfo<T>): { readonly gamma: T; readonly aux: A };
}

/** Throws "who: name = v must be > 0 (what)" unless v > 0 for certain. */
function requirePositive<T>(F: StepField<T>, v: T, name: string, who: string, what: string): void {
  if (F.sign(v) !== 1) throw inputError(`${who}: ${name} = ${F.show(v)} must be > 0 (${what})`);
}

const sumSq = <T>(F: StepField<T>, g: readonly T[]): T => g.reduce((s, gj) => F.add(s, F.sqr(gj)), F.int(0));

/** f_i(x_k) − f_i*, refusing a negative gap (the given f_i* is then not inf f_i) and a missing f_i*. */
function gapOf<T>(F: StepField<T>, who: string, s: SampleInfo<T>): T {
  if (s.fiStar === undefined)
    throw inputError(`${who}: f_i* of sample ${s.i} is missing (the rule needs f_i* = inf f_i for every sample)`);
  const gap = F.sub(s.fi, s.fiStar);
  if (F.sign(gap) === -1)
    throw inputError(
      `${who}: f_i(x_k) − f_i* = ${F.show(gap)} < 0 at step ${s.k} (sample ${s.i}): the given f_i* is not a lower bound of f_i; give f_i* = inf f_i`,
    );
  return gap;
}

/** SPSmax (Algorithm 2): γ_k = min{(f_i(x_k) − f_i*)/(c‖∇f_i(x_k)‖²), γ_b}, c > 0, γ_b > 0. */
export function spsMaxRule<T>(F: StepField<T>, p: { readonly c: T; readonly gammaB: T }): StepRule<T, null> {
  requirePositive(F, p.c, 'c', 'spsMax', 'the constant c of the SPSmax step size, Algorithm 2');
  requirePositive(F, p.gammaB, 'gammaB', 'spsMax', 'the step cap γ_b of Algorithm 2');
  return {
    name: 'spsMax',
    needsFiStar: true,
    aux0: null,
    next(aux, s) {
      const gap = gapOf(F, 'spsMax', s);
      const q = sumSq(F, s.grad);
      const sq = F.sign(q);
      if (sq === 0) return { gamma: p.gammaB, aux };
      if (sq === undefined) return { gamma: F.hull(F.int(0), p.gammaB), aux };
      return { gamma: F.min(F.div(gap, F.mul(p.c, q)), p.gammaB), aux };
    },
  };
}

/**
 * DecSPS (standard form, module comment): γ_k = min{(f_i(x_k) − f_i*)/‖∇f_i(x_k)‖², c_{k−1}γ_{k−1}}/c_k with
 * c_k = c_0√(k + 1), c_{−1}γ_{−1} = c_0γ_b. The running state is m_k := c_kγ_k (so m_{−1} = c_0γ_b and m_k is the
 * running minimum of the ratios).
 */
export function decSpsRule<T>(F: StepField<T>, p: { readonly c0: T; readonly gammaB: T }): StepRule<T, T> {
  requirePositive(F, p.c0, 'c0', 'decSps', 'the scale c_0 of c_k = c_0√(k + 1) in DecSPS');
  requirePositive(F, p.gammaB, 'gammaB', 'decSps', 'the initial step cap γ_b of DecSPS');
  return {
    name: 'decSps',
    needsFiStar: true,
    aux0: F.mul(p.c0, p.gammaB),
    next(aux, s) {
      const gap = gapOf(F, 'decSps', s);
      const q = sumSq(F, s.grad);
      const sq = F.sign(q);
      const m = sq === 0 ? aux : sq === undefined ? F.hull(F.int(0), aux) : F.min(F.div(gap, q), aux);
      return { gamma: F.div(m, F.mul(p.c0, F.sqrt(F.int(s.k + 1)))), aux: m };
    },
  };
}

/** 2γf/(2f + γq): the NGN step for f ≥ 0 (module comment); refuses f < 0. */
function ngnStep<T>(F: StepField<T>, who: string, gamma: T, s: SampleInfo<T>): T {
  if (F.sign(s.fi) === -1)
    throw inputError(
      `${who}: f_${s.i}(x_${s.k}) = ${F.show(s.fi)} < 0, but NGN needs every f_i ≥ 0 (Algorithm 3 divides by 2f_i; Theorem 3 assumes each f_i positive): shift f_i by a constant or use another step rule`,
    );
  const q = sumSq(F, s.grad);
  const twoF = F.mul(F.int(2), s.fi);
  const den = F.add(twoF, F.mul(gamma, q));
  const sd = F.sign(den);
  if (sd === 0) return gamma; // f_i = 0 and ∇f_i = 0: a stationary zero of f_i, the step is 0
  if (sd === undefined) return F.hull(F.int(0), gamma); // γ_k ∈ [0, γ] for f_i ≥ 0
  return F.div(F.mul(gamma, twoF), den);
}

/** NGN (Algorithm 3): γ_k = γ/(1 + (γ/(2f_i(x_k)))‖∇f_i(x_k)‖²), γ > 0, every f_i ≥ 0. */
export function ngnRule<T>(F: StepField<T>, p: { readonly lr: T }): StepRule<T, null> {
  requirePositive(F, p.lr, 'lr', 'ngn', 'the NGN step-size parameter γ of Algorithm 3');
  return {
    name: 'ngn',
    needsFiStar: false,
    aux0: null,
    next: (aux, s) => ({ gamma: ngnStep(F, 'ngn', p.lr, s), aux }),
  };
}

/** Decreasing NGN (Theorem 6): NGN with γ̃_k = γ/√(k + 1). */
export function ngnDecRule<T>(F: StepField<T>, p: { readonly lr: T }): StepRule<T, null> {
  requirePositive(F, p.lr, 'lr', 'ngnDec', 'the NGN step-size parameter γ of γ̃_k = γ/√(k + 1), Theorem 6');
  return {
    name: 'ngnDec',
    needsFiStar: false,
    aux0: null,
    next: (aux, s) => ({ gamma: ngnStep(F, 'ngnDec', F.div(p.lr, F.sqrt(F.int(s.k + 1))), s), aux }),
  };
}

/** AdaGrad-norm-max's running state: c_{k−1} and b_{k−1}. */
export interface AdagradNormMaxAux<T> {
  readonly c: T;
  readonly b: T;
}

/** AdaGrad-norm-max (Algorithm 4): c_k = max{c_{k−1}, ‖∇f_i(x_k)‖}, b_k = √(b_{k−1}² + c_k²), γ_k = γ/b_k. */
export function adagradNormMaxRule<T>(
  F: StepField<T>,
  p: { readonly lr: T; readonly b0: T },
): StepRule<T, AdagradNormMaxAux<T>> {
  requirePositive(F, p.lr, 'lr', 'adagradNormMax', 'the step-size parameter γ of Algorithm 4');
  requirePositive(F, p.b0, 'b0', 'adagradNormMax', 'the initial accumulator b_{−1} of Algorithm 4');
  return {
    name: 'adagradNormMax',
    needsFiStar: false,
    aux0: { c: F.int(0), b: p.b0 },
    next(aux, s) {
      const c = F.max(aux.c, F.norm2(s.grad));
      const b = F.sqrt(F.add(F.sqr(aux.b), F.sqr(c)));
      return { gamma: F.div(p.lr, b), aux: { c, b } };
    },
  };
}

/** One step of a rule: γ_k from the rule, then x_{k+1} = x_k − γ_k ∇f_i(x_k) entrywise. */
export function ruleStep<T, A>(
  F: StepField<T>,
  rule: StepRule<T, A>,
  x: readonly T[],
  aux: A,
  s: SampleInfo<T>,
): { readonly x: T[]; readonly aux: A; readonly gamma: T } {
  const { gamma, aux: next } = rule.next(aux, s);
  return { x: x.map((xj, j) => F.sub(xj, F.mul(gamma, s.grad[j]!))), aux: next, gamma };
}
