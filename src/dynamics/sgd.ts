/**
 * Stochastic gradient descent and SGD with (heavy-ball form) momentum, with seeded minibatches and/or seeded Gaussian
 * gradient noise.
 */
import { requireCapabilities, samplesOf, type Capability } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import { gaussians, rngFromSeed, sampleWithoutReplacement, type Rng } from './rng.js';
import type { Stepper, StepperState } from './types.js';

/** The stochastic gradient oracle g_k shared by `sgd` and `sgdm`. */
export interface GradientOracle<R extends Repr> {
  /** Seed of the generator carried in the state (non-negative safe integer, from the spec). */
  readonly seed: number;
  /** Minibatch size b, 1 ≤ b ≤ F.nSamples. Omitted or = F.nSamples: the full batch, i.e. F itself (no draws). */
  readonly batchSize?: number;
  /** Covariance factor C (dim × r): g_k gets + C ξ_k, ξ_k ~ N(0, I_r), so Cov(noise) = C Cᵀ. */
  readonly noiseFactor?: M<R>;
}

/**
 * g_k = ∇F_{𝓑_k}(θ) + C ξ_k: 𝓑_k is b indices drawn without replacement (fresh each step, increasing order) and F_𝓑 is
 * `F.subset(𝓑)` (the mean over the batch); ξ_k standard normal (Marsaglia polar). The batch is drawn before the noise.
 */
function oracle<R extends Repr>(B: Backend<R>, o: GradientOracle<R>) {
  return {
    /** A minibatch calls F.subset (and reads F.nSamples); without batchSize only F.grad. */
    needs: (o.batchSize === undefined ? [] : ['subset']) as readonly Capability[],
    check(F: Objective<R>, who: string): void {
      const b = o.batchSize;
      if (b !== undefined) requireCapabilities(F, ['subset'], `${who} with batchSize ${b}`);
      if (b !== undefined && (!Number.isInteger(b) || b < 1 || b > samplesOf(F))) {
        throw new RangeError(`${who}: batchSize ${b} must be an integer in [1, F.nSamples = ${samplesOf(F)}]`);
      }
      if (o.noiseFactor !== undefined && B.rows(o.noiseFactor) !== F.dim) {
        throw new RangeError(
          `${who}: noiseFactor has ${B.rows(o.noiseFactor)} rows; it must have dim θ = ${F.dim} rows`,
        );
      }
    },
    draw(F: Objective<R>, theta: V<R>, rng: Rng): { g: V<R>; rng: Rng } {
      let Fk = F;
      const b = o.batchSize;
      if (b !== undefined && b < samplesOf(F)) {
        const batch = sampleWithoutReplacement(rng, samplesOf(F), b);
        Fk = requireCapabilities(F, ['subset'], 'sgd minibatch').subset(batch.value);
        rng = batch.rng;
      }
      let g = Fk.grad(theta);
      if (o.noiseFactor !== undefined) {
        const xi = gaussians(B, rng, B.cols(o.noiseFactor));
        g = B.vadd(g, B.gemv(o.noiseFactor, xi.value));
        rng = xi.rng;
      }
      return { g, rng };
    },
    params(): Record<string, string> {
      return {
        seed: String(o.seed),
        batchSize: o.batchSize === undefined ? 'full' : String(o.batchSize),
        noise: o.noiseFactor === undefined ? 'none' : `C ${B.rows(o.noiseFactor)}×${B.cols(o.noiseFactor)}`,
      };
    },
  };
}

export interface SgdHyper<R extends Repr> extends GradientOracle<R> {
  /** Learning rate η. */
  readonly lr: S<R>;
}

export interface SgdState<R extends Repr> extends StepperState<R> {
  readonly rng: Rng;
}

/**
 * SGD: θ_{k+1} = θ_k − η g_k, g_k = ∇F_{𝓑_k}(θ_k) + C ξ_k (see `GradientOracle`). Full batch without noise is `gd`
 * bit for bit.
 */
export function sgd<R extends Repr>(B: Backend<R>, hyper: SgdHyper<R>): Stepper<R, SgdState<R>> {
  const negLr = B.neg(hyper.lr);
  const g = oracle(B, hyper);
  const rng0 = rngFromSeed(hyper.seed);
  return {
    name: 'sgd',
    params: { lr: B.show(hyper.lr), ...g.params() },
    needs: g.needs,
    init: (F, theta0) => {
      g.check(F, 'sgd');
      return { theta: theta0, rng: rng0 };
    },
    step: (F, s) => {
      const d = g.draw(F, s.theta, s.rng);
      return { theta: B.axpy(negLr, d.g, s.theta), rng: d.rng };
    },
    theta: (s) => s.theta,
  };
}

export interface SgdmHyper<R extends Repr> extends GradientOracle<R> {
  /** Learning rate γ (effective learning rate γ/(1 − β)). */
  readonly lr: S<R>;
  /** Momentum β. */
  readonly beta: S<R>;
}

export interface SgdmState<R extends Repr> extends StepperState<R> {
  /** Momentum buffer m_k (m_0 = 0). */
  readonly m: V<R>;
  readonly rng: Rng;
}

/**
 * SGD with momentum, heavy-ball form (Wang et al. 2023, arXiv 2307.15196, eq. (1); PyTorch SGD, dampening 0):
 *   m_{k+1} = β m_k + g_k,   θ_{k+1} = θ_k − γ m_{k+1},   m_0 = 0,
 * with g_k from `GradientOracle`. β = 0 with the full batch and no noise is `gd` bit for bit.
 */
export function sgdm<R extends Repr>(B: Backend<R>, hyper: SgdmHyper<R>): Stepper<R, SgdmState<R>> {
  const negLr = B.neg(hyper.lr);
  const { beta } = hyper;
  const g = oracle(B, hyper);
  const rng0 = rngFromSeed(hyper.seed);
  return {
    name: 'sgdm',
    params: { lr: B.show(hyper.lr), beta: B.show(beta), ...g.params() },
    needs: g.needs,
    init: (F, theta0) => {
      g.check(F, 'sgdm');
      return { theta: theta0, m: B.zeros(B.dim(theta0)), rng: rng0 };
    },
    step: (F, s) => {
      const d = g.draw(F, s.theta, s.rng);
      const m = B.axpy(beta, s.m, d.g);
      return { theta: B.axpy(negLr, m, s.theta), m, rng: d.rng };
    },
    theta: (s) => s.theta,
  };
}

/** The oracle, for steppers in other files that draw the same g_k sequence (e.g. ./sgdmNormalized.ts). */
export { oracle as gradientOracle };
