/**
 * Gradient descent with depthwise gradient scaling (arXiv 2502.13110, abstract: "SGD with depthwise gradient
 * scaling"; docs/theorems/taylor.md T1 and T9): every layer (block of the model's layout) takes its own step
 *
 *   W_k ← W_k − η ξ_{k,t} G_k,   G_k = ∇_{W_k}F(θ_t),
 *
 * with ξ either constant per layer (`xi`: one positive scale per block) or the normalized rule (`'normalized'`)
 *
 *   ξ_{k,t} = 1 / (w ‖D_k‖_F ‖H_{k−1}‖_F),
 *
 * where H_{k−1} (n × n_{k−1}) holds the inputs of layer k and D_k (n × n_k) the back-propagated deltas of the n
 * samples at θ_t, so that G_k = w D_kᵀH_{k−1} (w = 1/n for the mean, 1 for the sum); with the mean this is
 * ξ_{k,t} = B/(‖D_k‖_F‖H_{k−1}‖_F), B the batch size, and ‖ξ_{k,t}G_k‖_F ≤ 1 (Cauchy–Schwarz: ‖D_kᵀH_{k−1}‖_F ≤
 * ‖D_k‖_F‖H_{k−1}‖_F), so η bounds every layer's step length. The paper's own ξ could not be read; this rule is the
 * one written out in docs/theorems/taylor.md T9. A layer with ‖D_k‖_F‖H_{k−1}‖_F = 0 has G_k = 0 and does not move.
 * The normalized rule needs the model's `layerFactorNorms` (e.g. `reluMlp`).
 *
 * Layers: the blocks of the model's layout for an empirical risk; a single block (all of θ) for any other objective.
 * Optax-style: `init` checks the scales against the layers (one-line RangeError naming `xi`), `step` is pure.
 */
import type { Objective } from '../objective/objective.js';
import { isDataObjective } from '../objective/objective.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

export interface DepthwiseGdHyper<R extends Repr> {
  /** Learning rate η. */
  readonly lr: S<R>;
  /** One scale ξ_k > 0 per layer, or the normalized rule (module comment). */
  readonly xi: readonly S<R>[] | 'normalized';
}

/** θ_t and the scales ξ_{k,t} the last step used (empty at t = 0). */
export interface DepthwiseGdState<R extends Repr> extends StepperState<R> {
  readonly xi: readonly S<R>[];
}

/** The layers of F: [offset, size, name] per block of the model's layout, or all of θ. */
function layersOf<R extends Repr>(F: Objective<R>): { o: number; n: number; name: string }[] {
  if (!isDataObjective(F)) return [{ o: 0, n: F.dim, name: 'θ' }];
  let o = 0;
  return F.model.layout.map((b) => {
    const n = b.shape.reduce((p, s) => p * s, 1);
    const out = { o, n, name: b.name };
    o += n;
    return out;
  });
}

/** `depthwiseGd(B, { lr, xi })`: W_k ← W_k − ηξ_{k,t}G_k (module comment). */
export function depthwiseGd<R extends Repr>(
  B: Backend<R>,
  hyper: DepthwiseGdHyper<R>,
): Stepper<R, DepthwiseGdState<R>> {
  const { lr, xi } = hyper;
  if (xi !== 'normalized') {
    if (xi.length === 0) throw new RangeError('depthwiseGd: xi is empty (one scale per layer, or "normalized")');
    xi.forEach((x, i) => {
      if (!(B.cmp(x, B.zero) > 0)) throw new RangeError(`depthwiseGd: xi[${i}] = ${B.show(x)} must be > 0`);
    });
  }
  /** ξ_{k,t} at θ by the normalized rule. */
  const normalized = (F: Objective<R>, theta: V<R>): S<R>[] => {
    if (!isDataObjective(F) || F.model.layerFactorNorms === undefined) {
      throw new RangeError(
        'depthwiseGd: xi "normalized" needs an empirical risk whose model gives its layer factors (layerFactorNorms, e.g. reluMlp)',
      );
    }
    const model = F.model;
    const g = F.loss.d1(model.predict(theta, F.data.X), F.data.y);
    const w = F.reduction === 'mean' ? B.div(B.one, B.int(F.nSamples)) : B.one;
    return model.layerFactorNorms!(theta, F.data.X, g).map(({ forward, backward }) => {
      const den = B.mul(w, B.mul(forward, backward));
      return B.isZero(den) ? B.zero : B.div(B.one, den);
    });
  };
  return {
    name: 'depthwiseGd',
    params: { lr: B.show(lr), xi: xi === 'normalized' ? 'normalized' : xi.map((x) => B.show(x)).join(',') },
    init(F, theta0) {
      const layers = layersOf(F);
      if (xi !== 'normalized' && xi.length !== layers.length) {
        throw new RangeError(
          `stepper.xi: has ${xi.length} scale${xi.length === 1 ? '' : 's'}, the model has ${layers.length} layer${layers.length === 1 ? '' : 's'} (${layers.map((l) => l.name).join(', ')}): give one ξ_k > 0 per layer`,
        );
      }
      return { theta: theta0, xi: [] };
    },
    step(F, s) {
      const layers = layersOf(F);
      const scales = xi === 'normalized' ? normalized(F, s.theta) : xi;
      const g = F.grad(s.theta);
      const parts = layers.map((l, k) => {
        const c = B.mul(lr, scales[k]!);
        return B.axpy(B.neg(c), B.slice(g, l.o, l.o + l.n), B.slice(s.theta, l.o, l.o + l.n));
      });
      return { theta: B.concat(parts), xi: scales };
    },
    theta: (s) => s.theta,
  };
}
