/**
 * SGD with momentum in normalized (EMA) form (arXiv 2307.15196, the form its analysis uses; docs/theorems/momentum.md
 * M1):
 *   m̃_{k+1} = βm̃_k + (1 − β)g_k,   θ_{k+1} = θ_k − ηm̃_{k+1},   m̃_0 = 0,
 * with g_k from the same seeded oracle as `sgdm` (./sgd.ts), so both forms see the same gradient-noise sequence. With
 * η = γ/(1 − β) it produces the iterates of heavy-ball `sgdm` (γ, β) (m̃ = (1 − β)m).
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { rngFromSeed, type Rng } from './rng.js';
import { gradientOracle, type GradientOracle } from './sgd.js';
import type { Stepper, StepperState } from './types.js';

export interface SgdmNormalizedHyper<R extends Repr> extends GradientOracle<R> {
  /** Learning rate η (the effective learning rate of heavy-ball γ = η(1 − β)). */
  readonly lr: S<R>;
  /** Momentum β. */
  readonly beta: S<R>;
}

export interface SgdmNormalizedState<R extends Repr> extends StepperState<R> {
  /** The averaged buffer m̃_k (m̃_0 = 0). */
  readonly m: V<R>;
  readonly rng: Rng;
}

/** The normalized-form stepper (module comment). */
export function sgdmNormalized<R extends Repr>(
  B: Backend<R>,
  hyper: SgdmNormalizedHyper<R>,
): Stepper<R, SgdmNormalizedState<R>> {
  const negLr = B.neg(hyper.lr);
  const { beta } = hyper;
  const oneMinus = B.sub(B.one, beta);
  const g = gradientOracle(B, hyper);
  const rng0 = rngFromSeed(hyper.seed);
  return {
    name: 'sgdmNormalized',
    params: { lr: B.show(hyper.lr), beta: B.show(beta), ...g.params() },
    needs: g.needs,
    init: (F, theta0) => {
      g.check(F, 'sgdmNormalized');
      return { theta: theta0, m: B.zeros(B.dim(theta0)), rng: rng0 };
    },
    step: (F, s) => {
      const d = g.draw(F, s.theta, s.rng);
      const m = B.axpy(beta, s.m, B.scal(oneMinus, d.g));
      return { theta: B.axpy(negLr, m, s.theta), m, rng: d.rng };
    },
    theta: (s) => s.theta,
  };
}
