/**
 * The adaptive SGD steppers' entries in the stepper registry (`STEPPERS`, ./index.ts): conformance hyperparameters for
 * the law suite (./laws.ts), how to build each from an exact spec, its error growth, and its `thm simulate` part
 * (fields + parser, next to `make`). Their step sizes are outside the domain at lr = 0 (γ_b, γ > 0), so the law suite
 * checks that lr = 0 is refused in one line naming the parameter (`positiveLr`) instead of freezing θ.
 */
import fc from 'fast-check';
import { count, fail, num, positive, vec, type JsonObject } from '../json/read.js';
import type { Backend, Num, Repr, S } from '../numeric/types.js';
import { adagradNormMax, decSps, ngn, ngnDec, spsMax } from './adaptiveSgd.js';
import type { StepperEntry } from './types.js';

/** f_i* in a spec: one value for every sample or one per sample. */
type FStar = Num | readonly Num[];

export interface SpsMaxSpec {
  readonly c: Num;
  readonly gammaB: Num;
  readonly seed: number;
  readonly fStar?: FStar;
}
export interface DecSpsSpec {
  readonly c0: Num;
  readonly gammaB: Num;
  readonly seed: number;
  readonly fStar?: FStar;
}
export interface NgnSpec {
  readonly lr: Num;
  readonly seed: number;
}
export interface AdagradNormMaxSpec {
  readonly lr: Num;
  readonly b0: Num;
  readonly seed: number;
}

const sixteenths = (lo: number, hi: number): fc.Arbitrary<Num> =>
  fc.integer({ min: lo, max: hi }).map((k) => String(k / 16));
const seedArb = fc.nat({ max: 1_000_000 });
/**
 * The law problems are least squares f_i = ½(x_iᵀθ − y_i)² ≥ 0 with inf f_i = 0 whenever x_i ≠ 0; when x_i = 0,
 * ∇f_i ≡ 0
 * and the step is 0 whatever f_i* is, so f_i* = 0 is exact where it matters.
 */
const LAW_FSTAR = '0';

function fStarOf<R extends Repr>(B: Backend<R>, f: FStar | undefined): S<R> | S<R>[] | undefined {
  if (f === undefined) return undefined;
  return typeof f === 'string' ? B.num(f) : f.map((v) => B.num(v));
}

function seedField(o: JsonObject, p: string, who: string): number {
  if (o.seed === undefined) fail(`${p}.seed`, `is required for ${who} (a non-negative integer, e.g. 42)`);
  return count(o.seed, `${p}.seed`, 0);
}

/** "fStar": f_i* = inf f_i, one exact decimal for every sample or a list of one per sample (optional). */
function fStarField(o: JsonObject, p: string, nSamples: number): { fStar?: FStar } {
  if (o.fStar === undefined) return {};
  if (Array.isArray(o.fStar)) return { fStar: vec(o.fStar, `${p}.fStar`, nSamples, 'one f_i* per sample') };
  return { fStar: num(o.fStar, `${p}.fStar`) };
}

/**
 * ‖∇f_i‖∞ on the law problems (|X_ij| ≤ ½, d ≤ 3, |y_i| ≤ 1, ‖θ‖∞ ≤ S): |x_iᵀθ − y_i| ≤ 1.5S + 1, times |x_ij| ≤ ½.
 */
const lawGrad = (S: number) => 0.75 * S + 0.5;

/** NGN and its decreasing variant take the same spec (γ, seed); only the stepper and the field's wording differ. */
function ngnEntry(name: 'ngn' | 'ngnDec', stepper: typeof ngn, lrMeaning: string): StepperEntry<NgnSpec> {
  return {
    name,
    hyper: fc.record({ lr: sixteenths(1, 16), seed: seedArb }),
    make: (B, s) => stepper(B, { lr: B.num(s.lr), seed: s.seed }),
    withLr: (s, lr) => ({ ...s, lr }),
    positiveLr: 'lr',
    stochastic: { withSeed: (s, seed) => ({ ...s, seed }), random: (lr, seed) => ({ lr, seed }) },
    // on least squares γ_k ≤ γ (γ/(1 + γ‖x_i‖²), or with γ̃_k ≤ γ) does not depend on θ: Jacobian I − γ_k x_i x_iᵀ
    errorGrowth: (s, L) => ({ gamma: 1 + Number(s.lr) * Math.max(L, 0.75), K: 2 }),
    json: {
      fields: ['lr', 'seed'],
      parse: (o, p) => ({
        lr: positive(o.lr, `${p}.lr`, lrMeaning),
        seed: seedField(o, p, name),
      }),
    },
  };
}

export const ADAPTIVE_STEPPERS = {
  spsMax: {
    name: 'spsMax',
    hyper: fc.record({ c: sixteenths(8, 32), gammaB: sixteenths(1, 16), seed: seedArb, fStar: fc.constant(LAW_FSTAR) }),
    make: (B, s) => spsMax(B, { c: B.num(s.c), gammaB: B.num(s.gammaB), seed: s.seed, fStar: fStarOf(B, s.fStar) }),
    withLr: (s, lr) => ({ ...s, gammaB: lr }),
    positiveLr: 'gammaB',
    stochastic: {
      withSeed: (s, seed) => ({ ...s, seed }),
      random: (lr, seed) => ({ c: '0.5', gammaB: lr, seed, fStar: LAW_FSTAR }),
    },
    // γ_k ≤ γ_b, and on least squares γ_k = min{1/(2c‖x_i‖²), γ_b} does not depend on θ: one step's Jacobian is
    // I − γ_k x_i x_iᵀ (∞-norm ≤ 1 + γ_b·max(L, ¾), as sgdIndexed); K = 2 for the rounding of the ratio
    errorGrowth: (s, L) => ({ gamma: 1 + Number(s.gammaB) * Math.max(L, 0.75), K: 2 }),
    json: {
      fields: ['c', 'gammaB', 'seed', 'fStar'],
      parse: (o, p, size) => ({
        c: positive(o.c, `${p}.c`, 'the constant c of the SPSmax step size'),
        gammaB: positive(o.gammaB, `${p}.gammaB`, 'the step cap γ_b of SPSmax'),
        seed: seedField(o, p, 'spsMax'),
        ...fStarField(o, p, size.nSamples),
      }),
    },
  } satisfies StepperEntry<SpsMaxSpec>,
  decSps: {
    name: 'decSps',
    // c_0 ∈ [1, 2] keeps the error-growth bound (below) far from vacuous over the law's 6 steps
    hyper: fc.record({
      c0: sixteenths(16, 32),
      gammaB: sixteenths(1, 16),
      seed: seedArb,
      fStar: fc.constant(LAW_FSTAR),
    }),
    make: (B, s) => decSps(B, { c0: B.num(s.c0), gammaB: B.num(s.gammaB), seed: s.seed, fStar: fStarOf(B, s.fStar) }),
    withLr: (s, lr) => ({ ...s, gammaB: lr }),
    positiveLr: 'gammaB',
    stochastic: {
      withSeed: (s, seed) => ({ ...s, seed }),
      random: (lr, seed) => ({ c0: '0.5', gammaB: lr, seed, fStar: LAW_FSTAR }),
    },
    // state (θ, m), γ_k = m_{k+1}/c_k ≤ γ_b: the θ row is 1 + γ_b·max(L, ¾) plus ‖∇f_i‖∞/c_0 (through m); m's row is
    // 1 (the ratio does not depend on θ on least squares)
    errorGrowth: (s, L, S) => ({
      gamma: 1 + Number(s.gammaB) * Math.max(L, 0.75) + lawGrad(S) / Number(s.c0),
      K: 2,
    }),
    json: {
      fields: ['c0', 'gammaB', 'seed', 'fStar'],
      parse: (o, p, size) => ({
        c0: positive(o.c0, `${p}.c0`, 'the scale c_0 of c_k = c_0√(k + 1) in DecSPS'),
        gammaB: positive(o.gammaB, `${p}.gammaB`, 'the initial step cap γ_b of DecSPS'),
        seed: seedField(o, p, 'decSps'),
        ...fStarField(o, p, size.nSamples),
      }),
    },
  } satisfies StepperEntry<DecSpsSpec>,
  ngn: ngnEntry('ngn', ngn, 'the NGN step-size parameter γ'),
  ngnDec: ngnEntry('ngnDec', ngnDec, 'the NGN step-size parameter γ of γ̃_k = γ/√(k + 1)'),
  adagradNormMax: {
    name: 'adagradNormMax',
    // b_{−1} ∈ [2, 4] keeps the law's error-growth bound (below) far from vacuous over 6 steps
    hyper: fc.record({ lr: sixteenths(1, 16), b0: sixteenths(32, 64), seed: seedArb }),
    make: (B, s) => adagradNormMax(B, { lr: B.num(s.lr), b0: B.num(s.b0), seed: s.seed }),
    withLr: (s, lr) => ({ ...s, lr }),
    positiveLr: 'lr',
    stochastic: { withSeed: (s, seed) => ({ ...s, seed }), random: (lr, seed) => ({ lr, seed, b0: '2' }) },
    // state (θ, c, b), b ≥ b_{−1}, ‖∇f_i‖∞ ≤ G: c⁺ = max{c, ‖∇f_i‖} has row ≤ 1 + 3L (|∂‖g‖/∂θ|₁ ≤ ‖H‖₁ ≤ 3L for
    // d ≤ 3); b⁺ = √(b² + c⁺²) has row ≤ 1 + (1 + 3L); θ⁺ = θ − γg/b⁺ has row ≤ 1 + γL/b_{−1} + (γG/b_{−1}²)(3L + 2)
    errorGrowth: (s, L, S) => {
      const g = Number(s.lr);
      const b = Number(s.b0);
      return {
        gamma: Math.max(1 + (g * L) / b + ((g * lawGrad(S)) / (b * b)) * (3 * L + 2), 2 + 3 * L),
        K: 2,
      };
    },
    json: {
      fields: ['lr', 'b0', 'seed'],
      parse: (o, p) => ({
        lr: positive(o.lr, `${p}.lr`, 'the step-size parameter γ of AdaGrad-norm-max'),
        b0: positive(o.b0, `${p}.b0`, 'the initial accumulator b_{−1} of AdaGrad-norm-max'),
        seed: seedField(o, p, 'adagradNormMax'),
      }),
    },
  } satisfies StepperEntry<AdagradNormMaxSpec>,
} as const;
