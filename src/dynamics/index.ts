/**
 * Discrete dynamics: steppers, the seeded RNG, the driver `run`, and the stepper registry the law suite runs over.
 */
import fc from 'fast-check';
import type { Backend, Num, Repr } from '../numeric/types.js';
import { depthwiseGd } from './depthwiseGd.js';
import { gd } from './gd.js';
import { heavyBall } from './heavyBall.js';
import { mirrorDescent } from './mirrorDescent.js';
import { makePotential, type PotentialSpec } from '../potentials/registry.js';
import { nesterov } from './nesterov.js';
import { sgd, sgdm } from './sgd.js';
import { sgdmNormalized } from './sgdmNormalized.js';
import { SGD_SCHEDULES, sgdIndexed, type SgdSchedule } from './sgdIndexed.js';
import { ADAPTIVE_STEPPERS } from './adaptiveEntries.js';
import { count, fail, oneOf, positive } from '../json/read.js';
import { betaField, lrField, potentialField, stochasticFields } from './json.js';
import type { StepperEntry } from './types.js';

export type * from './types.js';
export { gd, type GdHyper, type GdState } from './gd.js';
export { depthwiseGd, type DepthwiseGdHyper, type DepthwiseGdState } from './depthwiseGd.js';
export { heavyBall, type HeavyBallHyper, type HeavyBallState } from './heavyBall.js';
export { nesterov, type NesterovHyper, type NesterovState } from './nesterov.js';
export {
  sgdIndexed,
  SGD_SCHEDULES,
  type SgdIndexedHyper,
  type SgdIndexedState,
  type SgdSchedule,
} from './sgdIndexed.js';
export { sgdmNormalized, type SgdmNormalizedHyper, type SgdmNormalizedState } from './sgdmNormalized.js';
export {
  adaptiveSgd,
  spsMax,
  decSps,
  ngn,
  ngnDec,
  adagradNormMax,
  resolveFiStar,
  type AdaptiveSgdOptions,
  type AdaptiveSgdState,
} from './adaptiveSgd.js';
export {
  spsMaxRule,
  decSpsRule,
  ngnRule,
  ngnDecRule,
  adagradNormMaxRule,
  ruleStep,
  type StepRule,
  type SampleInfo,
  type AdagradNormMaxAux,
} from './stepRules.js';
export { backendStepField, ballStepField, type StepField } from './stepField.js';
export { ruleExactExpectation, ruleBallChild, numBall, type RuleNode } from './stepRuleBalls.js';
export type { SpsMaxSpec, DecSpsSpec, NgnSpec, AdagradNormMaxSpec } from './adaptiveEntries.js';
export { sgd, sgdm, type GradientOracle, type SgdHyper, type SgdState, type SgdmHyper, type SgdmState } from './sgd.js';
// the potentials themselves (hypentropy, …, MirrorPotential) are exported from src/potentials
export {
  mirrorDescent,
  euclidean,
  separablePotential,
  type MirrorDescentHyper,
  type MirrorDescentState,
} from './mirrorDescent.js';
export {
  rngFromSeed,
  nextU32,
  uniformInt,
  uniform,
  uniforms,
  gaussians,
  sampleWithoutReplacement,
  split,
  type Rng,
  type Drawn,
} from './rng.js';
export { run, RUN_MESSAGES } from './run.js';
export {
  fusedPathFor,
  fusedPathInfo,
  FUSED_PATHS,
  type FusedPath,
  type FusedEntry,
  type FusedError,
  type FusedObjectiveFamily,
} from './fused.js';
export { savePlan, logSpacedSteps, type SavePlan } from './save.js';
export { LR_ALIASES } from './json.js';

// ---- conformance registry ------------------------------------------------------------------------------------------

/** Dyadic k/16, k ∈ [lo, hi], as an exact string (every k/16 prints exactly). */
const sixteenths = (lo: number, hi: number): fc.Arbitrary<Num> =>
  fc.integer({ min: lo, max: hi }).map((k) => String(k / 16));
const lrArb = sixteenths(1, 16); // η ∈ (0, 1]; the law problems have L ≤ 1, so GD is stable
const betaArb = sixteenths(0, 14); // β ∈ [0, 0.875]

interface Stoch {
  readonly lr: Num;
  readonly seed: number;
  readonly batch: number | 'full';
  readonly noise: Num | null;
}
const stochArb: fc.Arbitrary<Stoch> = fc.record({
  lr: lrArb,
  seed: fc.nat({ max: 1_000_000 }),
  batch: fc.constantFrom<number | 'full'>('full', 1, 2, 3),
  noise: fc.option(
    fc.integer({ min: 1, max: 8 }).map((k) => String(k / 8)),
    { nil: null },
  ),
});

function oracleOf<R extends Repr>(B: Backend<R>, s: Stoch, size: { dim: number; nSamples: number }) {
  return {
    seed: s.seed,
    ...(s.batch === 'full' ? {} : { batchSize: Math.min(s.batch, size.nSamples) }),
    ...(s.noise === null ? {} : { noiseFactor: B.diag(B.fill(size.dim, B.num(s.noise))) }),
  };
}

/** |ξ| < 12.2 for a polar-method normal (s ≥ 2^-106), so a noise scale c adds at most 12.2·c per entry. */
const noiseK = (noise: Num | null): number => 1 + 13 * (noise === null ? 0 : Number(noise));

type MdSpec = { readonly lr: Num; readonly potential: PotentialSpec };

/**
 * The potentials the stepper laws run mirror descent with: those whose mirror map has a bounded conditioning on the
 * law problems (θ of either sign, |θ| ≤ S): not the negative entropy (θ > 0 only) nor the p-norm (1/φ″ unbounded at 0
 * for p > 2); the potential registry's own laws (src/potentials/laws.ts) cover every potential.
 */
const mdPotentialArb: fc.Arbitrary<PotentialSpec> = fc
  .tuple(
    fc.oneof(
      fc.constant<PotentialSpec>({ name: 'squared' }),
      fc.integer({ min: 2, max: 8 }).map((k): PotentialSpec => ({ name: 'hypentropy', param: String(k / 8) })),
      fc.integer({ min: 2, max: 8 }).map((k): PotentialSpec => ({ name: 'woodworth', param: String(k / 8) })),
      fc.constant<PotentialSpec>({ name: 'squaredPlusCubic' }),
      fc.constant<PotentialSpec>({ name: 'squaredPlusQuartic' }),
    ),
    fc.option(fc.constant(4), { nil: undefined }),
  )
  .map(([p, width]) => (width === undefined ? p : { ...p, width }));

/**
 * Error growth of mirror descent for the f64-vs-reference law (StepperEntry.errorGrowth). With c = √width and
 * |θ| ≤ S, the dual step z⁺ = z − η∇F((∇Φ)⁻¹z) has Jacobian I − ηH·diag(1/φ_n″(θ)), φ_n″(θ) = φ″(cθ), so
 * Γ = 1 + ηL·w with w ≥ max 1/φ″ over |y| ≤ cS; going back to θ multiplies dual errors by ≤ w, and the round trip
 * (∇Φ)⁻¹(∇Φ(θ)) has relative error ≤ ρ·u: K = (1 + w)·ρ. ρ per family: hypentropy/Q_α (14 + 8·asinh(cS/β))
 * (steppers.test.ts measures it); x² + |x|³: ≤ 40 (a quotient of positive terms, one sqrt); x² + x⁴: the cube root
 * exp(log(a + s)/3) adds 8u·|log(a + s)|/3 and P enters to the fifth power, a + s ≤ (cS)³ + cS + 1, so
 * ρ ≤ 120 + 40·log(2 + cS).
 */
function mdGrowth(s: MdSpec, L: number, S: number): { gamma: number; K: number } {
  const c = Math.sqrt(s.potential.width ?? 1);
  const Sy = c * S;
  const lr = Number(s.lr);
  const growth = (w: number, rho: number) => ({ gamma: 1 + lr * L * w, K: (1 + w) * rho });
  switch (s.potential.name) {
    case 'squared':
      return growth(1, 1);
    case 'hypentropy':
    case 'woodworth': {
      const a = Number(s.potential.param);
      const b = s.potential.name === 'woodworth' ? 2 * a * a : a;
      return growth(Math.sqrt(Sy * Sy + b * b), 14 + 8 * Math.asinh(Sy / b));
    }
    case 'squaredPlusCubic':
      return growth(0.5, 40);
    case 'squaredPlusQuartic':
      return growth(0.5, 120 + 40 * Math.log(2 + Sy));
    default:
      throw new RangeError(`mirrorDescent.errorGrowth: no bound for the potential ${s.potential.name}`);
  }
}

/**
 * Every stepper: the one catalogue the law suite (./laws.ts, run by ./laws.test.ts) checks and `thm simulate`
 * dispatches on by `kind`. A new stepper joins both by being added here: a spec arbitrary, how to build it (`make`),
 * what it reduces to (asGd), its error growth and its simulate `json` part (fields + parser); nothing else to edit.
 */
export const STEPPERS = {
  gd: {
    name: 'gd',
    hyper: fc.record({ lr: lrArb }),
    make: (B, s) => gd(B, { lr: B.num(s.lr) }),
    withLr: (s, lr) => ({ ...s, lr }),
    asGd: (lr) => ({ lr }),
    errorGrowth: (s, L) => ({ gamma: 1 + Number(s.lr) * L, K: 1 }),
    json: { fields: ['lr'], parse: (o, p) => ({ lr: lrField(o, p) }) },
  } satisfies StepperEntry<{ lr: Num }>,
  heavyBall: {
    name: 'heavyBall',
    hyper: fc.record({ lr: lrArb, beta: betaArb }),
    make: (B, s) => heavyBall(B, { lr: B.num(s.lr), beta: B.num(s.beta) }),
    withLr: (s, lr) => ({ ...s, lr }),
    asGd: (lr) => ({ lr, beta: '0' }),
    // state (θ_k, θ_{k−1}): θ⁺ = (1 + β)θ − ηHθ − βθ⁻ has ∞-norm ≤ 1 + 2β + ηL
    errorGrowth: (s, L) => ({ gamma: 1 + 2 * Number(s.beta) + Number(s.lr) * L, K: 1 + Number(s.beta) }),
    json: { fields: ['lr', 'beta'], parse: (o, p) => ({ lr: lrField(o, p), beta: betaField(o, p) }) },
  } satisfies StepperEntry<{ lr: Num; beta: Num }>,
  nesterov: {
    name: 'nesterov',
    hyper: fc.record({ lr: lrArb, beta: betaArb }),
    make: (B, s) => nesterov(B, { lr: B.num(s.lr), beta: B.num(s.beta) }),
    withLr: (s, lr) => ({ ...s, lr }),
    asGd: (lr) => ({ lr, beta: '0' }),
    // y = (1 + β)θ − βθ⁻ (norm ≤ 1 + 2β), then θ⁺ = (I − ηH)y (norm ≤ 1 + ηL)
    errorGrowth: (s, L) => ({ gamma: (1 + 2 * Number(s.beta)) * (1 + Number(s.lr) * L), K: 1 + 2 * Number(s.beta) }),
    json: { fields: ['lr', 'beta'], parse: (o, p) => ({ lr: lrField(o, p), beta: betaField(o, p) }) },
  } satisfies StepperEntry<{ lr: Num; beta: Num }>,
  sgd: {
    name: 'sgd',
    hyper: stochArb,
    make: (B, s, size) => sgd(B, { lr: B.num(s.lr), ...oracleOf(B, s, size) }),
    withLr: (s, lr) => ({ ...s, lr }),
    stochastic: {
      withSeed: (s, seed) => ({ ...s, seed }),
      random: (lr, seed) => ({ lr, seed, batch: 1, noise: '0.5' }),
    },
    asGd: (lr) => ({ lr, seed: 0, batch: 'full', noise: null }),
    errorGrowth: (s, L) => ({ gamma: 1 + Number(s.lr) * L, K: noiseK(s.noise) }),
    json: {
      fields: ['lr', 'seed', 'batch', 'noise'],
      parse: (o, p, size) => ({ lr: lrField(o, p), ...stochasticFields(o, p, size.nSamples) }),
    },
  } satisfies StepperEntry<Stoch>,
  sgdm: {
    name: 'sgdm',
    hyper: fc.tuple(stochArb, betaArb).map(([s, beta]) => ({ ...s, beta })),
    make: (B, s, size) => sgdm(B, { lr: B.num(s.lr), beta: B.num(s.beta), ...oracleOf(B, s, size) }),
    withLr: (s, lr) => ({ ...s, lr }),
    stochastic: {
      withSeed: (s, seed) => ({ ...s, seed }),
      random: (lr, seed) => ({ lr, seed, batch: 1, noise: '0.5', beta: '0.5' }),
    },
    asGd: (lr) => ({ lr, seed: 0, batch: 'full', noise: null, beta: '0' }),
    // state (θ, m): θ⁺ = θ − γ(βm + g(θ)), m⁺ = βm + g(θ): rows ≤ 1 + γL + γβ and L + β; |m| ≤ |g|/(1 − β)
    errorGrowth: (s, L) => {
      const b = Number(s.beta);
      const g = Number(s.lr);
      return { gamma: Math.max(1 + g * L + g * b, L + b), K: noiseK(s.noise) / (1 - b) };
    },
    json: {
      fields: ['lr', 'beta', 'seed', 'batch', 'noise'],
      parse: (o, p, size) => ({ lr: lrField(o, p), beta: betaField(o, p), ...stochasticFields(o, p, size.nSamples) }),
    },
  } satisfies StepperEntry<Stoch & { beta: Num }>,
  sgdmNormalized: {
    name: 'sgdmNormalized',
    hyper: fc.tuple(stochArb, betaArb).map(([s, beta]) => ({ ...s, beta })),
    make: (B, s, size) => sgdmNormalized(B, { lr: B.num(s.lr), beta: B.num(s.beta), ...oracleOf(B, s, size) }),
    withLr: (s, lr) => ({ ...s, lr }),
    stochastic: {
      withSeed: (s, seed) => ({ ...s, seed }),
      random: (lr, seed) => ({ lr, seed, batch: 1, noise: '0.5', beta: '0.5' }),
    },
    // β = 0: m̃ = 0·0 + 1·g = g exactly, then θ − ηg is gd's axpy
    asGd: (lr) => ({ lr, seed: 0, batch: 'full', noise: null, beta: '0' }),
    // state (θ, m̃): θ⁺ = θ − η(βm̃ + (1 − β)g(θ)), m̃⁺ = βm̃ + (1 − β)g(θ): rows ≤ 1 + η(1 − β)L + ηβ and
    // (1 − β)L + β; |m̃| ≤ max |g| (a convex combination), so unlike sgdm the buffer adds no 1/(1 − β)
    errorGrowth: (s, L) => {
      const b = Number(s.beta);
      const e = Number(s.lr);
      return { gamma: Math.max(1 + e * (1 - b) * L + e * b, (1 - b) * L + b), K: noiseK(s.noise) };
    },
    json: {
      fields: ['lr', 'beta', 'seed', 'batch', 'noise'],
      parse: (o, p, size) => ({ lr: lrField(o, p), beta: betaField(o, p), ...stochasticFields(o, p, size.nSamples) }),
    },
  } satisfies StepperEntry<Stoch & { beta: Num }>,
  sgdIndexed: {
    name: 'sgdIndexed',
    hyper: fc.record({ lr: lrArb, seed: fc.nat({ max: 1_000_000 }) }),
    make: (B, s) => sgdIndexed(B, { lr: B.num(s.lr), seed: s.seed, ...(s.schedule ? { schedule: s.schedule } : {}) }),
    withLr: (s, lr) => ({ ...s, lr }),
    stochastic: { withSeed: (s, seed) => ({ ...s, seed }), random: (lr, seed) => ({ lr, seed }) },
    // one sample's step: Jacobian I − γ x_i x_iᵀ, ∞-norm ≤ 1 + γ·max(L, ¾)
    // (one law-problem row has ‖x_i x_iᵀ‖∞ ≤ d/4 ≤ ¾)
    errorGrowth: (s, L) => ({ gamma: 1 + Number(s.lr) * Math.max(L, 0.75), K: 1 }),
    json: {
      fields: ['lr', 'seed', 'schedule'],
      parse: (o, p) => {
        if (o.seed === undefined) fail(`${p}.seed`, 'is required for sgdIndexed (a non-negative integer, e.g. 42)');
        const schedule =
          o.schedule === undefined ? undefined : oneOf(o.schedule, `${p}.schedule`, SGD_SCHEDULES, 'step schedule');
        return { lr: lrField(o, p), seed: count(o.seed, `${p}.seed`, 0), ...(schedule ? { schedule } : {}) };
      },
    },
  } satisfies StepperEntry<{ lr: Num; seed: number; schedule?: SgdSchedule }>,
  mirrorDescent: {
    name: 'mirrorDescent',
    hyper: fc.record({ lr: lrArb, potential: mdPotentialArb }),
    make: (B, s) => mirrorDescent(B, { lr: B.num(s.lr), potential: makePotential(B, s.potential) }),
    withLr: (s, lr) => ({ ...s, lr }),
    asGd: (lr) => ({ lr, potential: { name: 'squared' } }),
    restPoint: (B, s, theta0) => {
      const p = makePotential(B, s.potential);
      return p.gradInv(p.grad(theta0));
    },
    errorGrowth: (s, L, S) => mdGrowth(s, L, S),
    json: { fields: ['lr', 'potential'], parse: (o, p) => ({ lr: lrField(o, p), potential: potentialField(o, p) }) },
  } satisfies StepperEntry<MdSpec>,
  depthwiseGd: {
    name: 'depthwiseGd',
    // the law problems are linear classifiers: one layer, so one constant scale (the normalized rule needs a layered
    // model, depthwiseGd.test.ts)
    hyper: fc.record({ lr: lrArb, xi: fc.tuple(sixteenths(4, 32)) }),
    make: (B, s) => depthwiseGd(B, { lr: B.num(s.lr), xi: s.xi === 'normalized' ? s.xi : s.xi.map((x) => B.num(x)) }),
    withLr: (s, lr) => ({ ...s, lr }),
    // ξ = 1: η·1 = η exactly, and the per-block axpy is gd's axpy entry by entry
    asGd: (lr) => ({ lr, xi: ['1'] }),
    // per block θ⁺ = θ − (ηξ_k)g: Jacobian I − η·diag(ξ)H, ∞-norm ≤ 1 + η·max ξ·L; one more rounding (ηξ_k)
    errorGrowth: (s, L) => ({
      gamma: 1 + Number(s.lr) * (s.xi === 'normalized' ? 1 : Math.max(...s.xi.map(Number))) * L,
      K: 2,
    }),
    json: {
      fields: ['lr', 'xi'],
      parse: (o, p) => {
        if (o.xi === undefined)
          fail(`${p}.xi`, 'is required: one scale ξ_k > 0 per layer (["1", "0.5", …]) or "normalized"');
        if (o.xi === 'normalized') return { lr: lrField(o, p), xi: 'normalized' as const };
        if (!Array.isArray(o.xi) || o.xi.length === 0)
          fail(
            `${p}.xi`,
            `expected a non-empty list of scales ξ_k > 0 (one per layer) or "normalized", got ${JSON.stringify(o.xi)}`,
          );
        return { lr: lrField(o, p), xi: o.xi.map((x, i) => positive(x, `${p}.xi[${i}]`, 'the layer scale ξ_k')) };
      },
    },
  } satisfies StepperEntry<{ lr: Num; xi: readonly Num[] | 'normalized' }>,
  // SPSmax, DecSPS, NGN, decreasing NGN, AdaGrad-norm-max (arXiv 2410.12455 §4, App. C.2): ./adaptiveEntries.ts
  ...ADAPTIVE_STEPPERS,
} as const;

/** The registry by name, for code that dispatches on a `kind` read from input (check `Object.hasOwn` first). */
export const STEPPER_ENTRIES: Readonly<Record<string, StepperEntry<unknown>>> = STEPPERS;
