/**
 * SGD with an explicit index sequence (Islamov et al., arXiv 2410.12455, Algorithm 1):
 *   x_{k+1} = x_k − γ ∇f_{i_k}(x_k),   ∇f_{i_k} = ∇F.subset([i_k]),
 * where the indices i_0, i_1, … are carried in the state: either given (`indices`: a fixed path, as the exact
 * expectation over paths enumerates them, src/finiteSum/expectation.ts) or drawn i_k ~ Unif[n] from the seeded RNG
 * in the state (`seed`). A drawn index is appended to the state's sequence, so a state always shows the path that led
 * to it.
 *
 * Step schedule (`schedule`): "constant" (the default, γ_k = γ, Algorithm 1) or "invSqrt", γ_k = γ/√(k + 1), the
 * decreasing step of Theorem 4 (App. C.2.1, eq. (24)), computed on the backend at each step.
 */
import type { Objective } from '../objective/objective.js';
import type { Backend, Repr, S } from '../numeric/types.js';
import { rngFromSeed, uniformInt, type Rng } from './rng.js';
import type { Stepper, StepperState } from './types.js';
import { requireCapabilities, samplesOf, type Capability } from '../objective/capabilities.js';

export interface SgdIndexedHyper<R extends Repr> {
  /** Step size γ. */
  readonly lr: S<R>;
  /** The index path i_0, i_1, … (each in [0, n)); steps beyond its end draw from `seed` (or fail without one). */
  readonly indices?: readonly number[];
  /** Seed of the RNG for drawn indices. */
  readonly seed?: number;
  /** γ_k = γ ("constant", the default) or γ/√(k + 1) ("invSqrt"). */
  readonly schedule?: SgdSchedule;
}

/** Step schedules of SGD (module comment). */
export type SgdSchedule = 'constant' | 'invSqrt';
export const SGD_SCHEDULES: readonly SgdSchedule[] = ['constant', 'invSqrt'];

export interface SgdIndexedState<R extends Repr> extends StepperState<R> {
  /** i_0, …, i_{m−1}: given, or given then drawn. Step k uses indices[k], drawing it first when k = m. */
  readonly indices: readonly number[];
  readonly rng: Rng | null;
}

export function sgdIndexed<R extends Repr>(B: Backend<R>, hyper: SgdIndexedHyper<R>): Stepper<R, SgdIndexedState<R>> {
  const negLr = B.neg(hyper.lr);
  const schedule = hyper.schedule ?? 'constant';
  if (!SGD_SCHEDULES.includes(schedule))
    throw new RangeError(`sgdIndexed: schedule ${JSON.stringify(schedule)} must be one of ${SGD_SCHEDULES.join(', ')}`);
  const negLrAt = (k: number) => (schedule === 'constant' ? negLr : B.div(negLr, B.sqrt(B.int(k + 1))));
  const given = hyper.indices ?? [];
  const rng0 = hyper.seed === undefined ? null : rngFromSeed(hyper.seed);
  return {
    name: 'sgdIndexed',
    params: {
      lr: B.show(hyper.lr),
      ...(hyper.seed === undefined ? {} : { seed: String(hyper.seed) }),
      ...(hyper.indices ? { indices: given.join(',') } : {}),
      ...(schedule === 'constant' ? {} : { schedule }),
    },
    /** ∇f_{i_k} comes from F.subset([i_k]). */
    needs: ['subset'] as readonly Capability[],
    init: (F: Objective<R>, theta0) => {
      requireCapabilities(F, ['subset'], 'sgdIndexed');
      const n = samplesOf(F);
      for (const i of given) {
        if (!Number.isInteger(i) || i < 0 || i >= n)
          throw new RangeError(`sgdIndexed: index ${i} is not a sample index in [0, ${n})`);
      }
      return { theta: theta0, indices: given, rng: rng0 };
    },
    step: (F, s, k) => {
      let { indices, rng } = s;
      if (k >= indices.length) {
        if (rng === null) {
          throw new RangeError(
            `sgdIndexed: step ${k} needs index i_${k} but the path has ${indices.length} indices and no seed; give more indices or a seed`,
          );
        }
        const d = uniformInt(rng, samplesOf(F));
        indices = [...indices, d.value];
        rng = d.rng;
      }
      const i = indices[k]!;
      return {
        theta: B.axpy(negLrAt(k), requireCapabilities(F, ['subset'], 'sgdIndexed').subset([i]).grad(s.theta), s.theta),
        indices,
        rng,
      };
    },
    theta: (s) => s.theta,
  };
}
