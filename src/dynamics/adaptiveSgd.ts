/**
 * SGD with an adaptive step-size rule (./stepRules.ts) and an explicit index sequence, as a stepper:
 *   x_{k+1} = x_k − γ_k ∇f_{i_k}(x_k),   γ_k = rule(f_{i_k}(x_k), f_{i_k}*, ∇f_{i_k}(x_k), k, running state),
 * with f_i = F.subset([i]). The indices are carried in the state exactly as in ./sgdIndexed.ts: given (`indices`) and
 * then drawn i_k ~ Unif[n] from the seeded RNG in the state (`seed`). The factories `spsMax`, `decSps`, `ngn`, `ngnDec`
 * and `adagradNormMax` write each rule's recurrence in their doc comment.
 *
 * f_i* (SPSmax, DecSPS): `fStar` when given (one value for every sample, or one per sample), else the infima of a
 * finite sum's components (src/finiteSum); otherwise `init` throws one line saying that f_i* is missing and how to
 * give it.
 */
import { inputError } from '../errors.js';
import type { Component } from '../finiteSum/types.js';
import type { Backend, Num, Repr, S } from '../numeric/types.js';
import { requireCapabilities, samplesOf, type Capability } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import { rngFromSeed, uniformInt, type Rng } from './rng.js';
import { backendStepField } from './stepField.js';
import {
  adagradNormMaxRule,
  decSpsRule,
  ngnDecRule,
  ngnRule,
  ruleStep,
  spsMaxRule,
  type AdagradNormMaxAux,
  type StepRule,
} from './stepRules.js';
import type { Stepper, StepperState } from './types.js';

/** Options every adaptive stepper shares: the index path and, for the SPS family, f_i*. */
export interface AdaptiveSgdOptions<R extends Repr> {
  /** The index path i_0, i_1, … (each in [0, n)); steps beyond its end draw from `seed` (or fail without one). */
  readonly indices?: readonly number[];
  /** Seed of the RNG for drawn indices. */
  readonly seed?: number;
  /** f_i* = inf f_i: one value for every sample or one per sample (default: a finite sum's component infima). */
  readonly fStar?: S<R> | readonly S<R>[];
}

export interface AdaptiveSgdState<R extends Repr, A> extends StepperState<R> {
  /** i_0, …, i_{m−1}: given, or given then drawn. Step k uses indices[k], drawing it first when k = m. */
  readonly indices: readonly number[];
  readonly rng: Rng | null;
  /** The rule's running state after the last step (its aux0 at k = 0). */
  readonly aux: A;
  /** γ_{k−1}, the step size of the last step (null at k = 0). */
  readonly gamma: S<R> | null;
  /** f_i* per sample, resolved at init (null when the rule does not use it). */
  readonly fiStar: readonly S<R>[] | null;
}

/** The components of a finite-sum objective (src/finiteSum/finiteSum.ts), or undefined for any other objective. */
function componentsOf<R extends Repr>(F: Objective<R>): readonly Component[] | undefined {
  const c: unknown = (F as { readonly components?: unknown }).components;
  return Array.isArray(c) ? (c as readonly Component[]) : undefined;
}

/** f_i* for i ∈ [0, n): from `given`, else from a finite sum's components; a one-line InputError when unknown. */
export function resolveFiStar<R extends Repr>(
  B: Backend<R>,
  F: Objective<R>,
  n: number,
  given: S<R> | readonly S<R>[] | undefined,
  who: string,
): S<R>[] {
  if (given !== undefined) {
    if (!Array.isArray(given)) return Array.from({ length: n }, () => given as S<R>);
    const list = given as readonly S<R>[];
    if (list.length !== n)
      throw inputError(
        `${who}: fStar has ${list.length} entries, expected one per sample (n = ${n}) or a single value`,
      );
    return [...list];
  }
  const comps = componentsOf(F);
  if (comps === undefined)
    throw inputError(
      `${who} needs f_i* = inf f_i for every sample and the objective does not provide it (it is not a finite sum of components with known infima): give fStar (one value, or one per sample)`,
    );
  return comps.map((c, i) => {
    if (c.infimum === undefined)
      throw inputError(
        `${who} needs f_i* = inf f_i for every sample, but component ${i} (${c.name}) has no known infimum: give fStar`,
      );
    return B.num(c.infimum);
  });
}

/** SGD with step-size rule `rule` over B's scalars (module comment). `params` are shown in reports. */
export function adaptiveSgd<R extends Repr, A>(
  B: Backend<R>,
  rule: StepRule<S<R>, A>,
  params: Readonly<Record<string, Num>>,
  opts: AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, A>> {
  const F = backendStepField(B);
  const given = opts.indices ?? [];
  const rng0 = opts.seed === undefined ? null : rngFromSeed(opts.seed);
  const who = rule.name;
  return {
    name: who,
    params: {
      ...params,
      ...(opts.seed === undefined ? {} : { seed: String(opts.seed) }),
      ...(opts.indices ? { indices: given.join(',') } : {}),
    },
    needs: ['subset'] as readonly Capability[],
    init: (Obj: Objective<R>, theta0) => {
      requireCapabilities(Obj, ['subset'], who);
      const n = samplesOf(Obj);
      for (const i of given) {
        if (!Number.isInteger(i) || i < 0 || i >= n)
          throw new RangeError(`${who}: index ${i} is not a sample index in [0, ${n})`);
      }
      const fiStar = rule.needsFiStar ? resolveFiStar(B, Obj, n, opts.fStar, who) : null;
      return { theta: theta0, indices: given, rng: rng0, aux: rule.aux0, gamma: null, fiStar };
    },
    step: (Obj, s, k) => {
      let { indices, rng } = s;
      if (k >= indices.length) {
        if (rng === null) {
          throw new RangeError(
            `${who}: step ${k} needs index i_${k} but the path has ${indices.length} indices and no seed; give more indices or a seed`,
          );
        }
        const d = uniformInt(rng, samplesOf(Obj));
        indices = [...indices, d.value];
        rng = d.rng;
      }
      const i = indices[k]!;
      const Fi = requireCapabilities(Obj, ['subset'], who).subset([i]);
      const { value, grad } = Fi.valueAndGrad
        ? Fi.valueAndGrad(s.theta)
        : { value: Fi.value(s.theta), grad: Fi.grad(s.theta) };
      const out = ruleStep(F, rule, B.unpack(s.theta), s.aux, {
        i,
        k,
        fi: value,
        fiStar: s.fiStar === null ? undefined : s.fiStar[i],
        grad: B.unpack(grad),
      });
      return { theta: B.pack(out.x), indices, rng, aux: out.aux, gamma: out.gamma, fiStar: s.fiStar };
    },
    theta: (s) => s.theta,
  };
}

/**
 * SPSmax (Algorithm 2 of arXiv 2410.12455):
 *   γ_k = min{(f_{i_k}(x_k) − f_{i_k}*)/(c‖∇f_{i_k}(x_k)‖²), γ_b},   x_{k+1} = x_k − γ_k∇f_{i_k}(x_k);   c, γ_b > 0.
 */
export function spsMax<R extends Repr>(
  B: Backend<R>,
  hyper: { readonly c: S<R>; readonly gammaB: S<R> } & AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, null>> {
  const rule = spsMaxRule(backendStepField(B), hyper);
  return adaptiveSgd(B, rule, { c: B.show(hyper.c), gammaB: B.show(hyper.gammaB) }, hyper);
}

/**
 * DecSPS (Theorem 5 of arXiv 2410.12455; recurrence of Orvieto, Lacoste-Julien & Loizou 2022, see ./stepRules.ts):
 *   γ_k = (1/c_k) min{(f_{i_k}(x_k) − f_{i_k}*)/‖∇f_{i_k}(x_k)‖², c_{k−1}γ_{k−1}},   c_k = c_0√(k + 1),
 *   c_{−1}γ_{−1} = c_0γ_b,   x_{k+1} = x_k − γ_k∇f_{i_k}(x_k);   c_0, γ_b > 0.
 */
export function decSps<R extends Repr>(
  B: Backend<R>,
  hyper: { readonly c0: S<R>; readonly gammaB: S<R> } & AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, S<R>>> {
  const rule = decSpsRule(backendStepField(B), hyper);
  return adaptiveSgd(B, rule, { c0: B.show(hyper.c0), gammaB: B.show(hyper.gammaB) }, hyper);
}

/**
 * NGN (Algorithm 3 of arXiv 2410.12455), for f_i ≥ 0:
 *   γ_k = γ/(1 + (γ/(2f_{i_k}(x_k)))‖∇f_{i_k}(x_k)‖²),   x_{k+1} = x_k − γ_k∇f_{i_k}(x_k);   γ > 0 (`lr`).
 */
export function ngn<R extends Repr>(
  B: Backend<R>,
  hyper: { readonly lr: S<R> } & AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, null>> {
  return adaptiveSgd(B, ngnRule(backendStepField(B), hyper), { lr: B.show(hyper.lr) }, hyper);
}

/**
 * Decreasing NGN (Theorem 6 of arXiv 2410.12455): γ̃_k = γ/√(k + 1),
 *   γ_k = γ̃_k/(1 + (γ̃_k/(2f_{i_k}(x_k)))‖∇f_{i_k}(x_k)‖²),   x_{k+1} = x_k − γ_k∇f_{i_k}(x_k);   γ > 0 (`lr`).
 */
export function ngnDec<R extends Repr>(
  B: Backend<R>,
  hyper: { readonly lr: S<R> } & AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, null>> {
  return adaptiveSgd(B, ngnDecRule(backendStepField(B), hyper), { lr: B.show(hyper.lr) }, hyper);
}

/**
 * AdaGrad-norm-max (Algorithm 4 of arXiv 2410.12455):
 *   c_k² = max{c_{k−1}², ‖∇f_{i_k}(x_k)‖²},  b_k² = b_{k−1}² + c_k²,  γ_k = γ/b_k,  x_{k+1} = x_k − γ_k∇f_{i_k}(x_k),
 *   c_{−1} = 0, b_{−1} = `b0` > 0, γ = `lr` > 0.
 */
export function adagradNormMax<R extends Repr>(
  B: Backend<R>,
  hyper: { readonly lr: S<R>; readonly b0: S<R> } & AdaptiveSgdOptions<R>,
): Stepper<R, AdaptiveSgdState<R, AdagradNormMaxAux<S<R>>>> {
  const rule = adagradNormMaxRule(backendStepField(B), hyper);
  return adaptiveSgd(B, rule, { lr: B.show(hyper.lr), b0: B.show(hyper.b0) }, hyper);
}
