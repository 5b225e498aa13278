/**
 * The models, and `MODELS`, the one catalogue of models: the model and objective law suites (laws.test.ts,
 * objective/laws.test.ts), the diagnostics' law suite and `thm simulate` all run over it.
 *
 * A new model joins every one of them by being added to `MODELS` with: a `factory` from an exact spec, a `cases`
 * arbitrary of exact law instances (spec + data + point + directions), its polynomial `degree` in θ, and its `json`
 * part of a simulate spec (fields + parser, kept in the model's file). The model itself declares what diagnostics
 * need (`homogeneity`, `majorant()`, `invariants`, `layers`, `linearPredictor`; models/types.ts). Nothing else needs
 * to be touched: a new model is its own file plus its entry here.
 */
import type { Backend, Repr } from '../numeric/types.js';
import type { ModelEntry } from './cases.js';
import type { Model } from './types.js';
import {
  casesFor,
  deepLinearSpecs,
  linear2Specs,
  linearClassifierSpecs,
  reluMlpCases,
  scalarNetSpecs,
  twoLayerCases,
} from './cases.js';
import { deepLinear, deepLinearJson } from './deepLinear.js';
import { diagonalLinear, diagonalLinearJson } from './diagonalLinear.js';
import { linear2, linear2Json } from './linear2.js';
import { linearClassifier, linearClassifierJson } from './linearClassifier.js';
import { reluMlp, reluMlpJson, type ReluMlpSpec } from './reluMlp.js';
import { scalarNet, scalarNetJson } from './scalarNet.js';
import {
  shallowLinearized,
  shallowLinearizedJson,
  shallowNet,
  shallowNetJson,
  type ShallowLinearizedSpec,
  type ShallowNetSpec,
} from './shallow.js';
import { shallowLinearizedCases, shallowNetCases } from './shallowCases.js';
import type { TwoLayerSpec } from './twoLayer.js';
import { twoLayerFromSpec, twoLayerJson } from './twoLayer.js';

export type { Block, InvariantFamily, Model, ModelJson } from './types.js';
export { scalarNet, type ScalarNetOptions } from './scalarNet.js';
export { linear2, type Linear2Options } from './linear2.js';
export { deepLinear, type DeepLinearOptions } from './deepLinear.js';
export { linearClassifier, type LinearClassifierOptions } from './linearClassifier.js';
export { reluMlp, mlpWidths, type ReluMlpSpec } from './reluMlp.js';
export { diagonalLinear, diagonalWeights, type DiagonalLinearOptions } from './diagonalLinear.js';
export {
  twoLayer,
  twoLayerFromSpec,
  ACTIVATIONS,
  type Activation,
  type TwoLayerOptions,
  type TwoLayerSpec,
} from './twoLayer.js';
export {
  shallowNet,
  shallowLinearized,
  shallowInit,
  SHALLOW_ACTIVATIONS,
  type FeatureModel,
  type ShallowActivation,
  type ShallowNetSpec,
  type ShallowLinearizedSpec,
} from './shallow.js';
export { shallowKernel, kernelInterpolant, type KernelInterpolant, type KernelPoint } from './shallowKernel.js';
export type { ModelCase, ModelEntry } from './cases.js';

/** The model with the registry spec it was built from (`Model.spec`: what its jet forward is rebuilt from). */
function withSpec<R extends Repr>(model: Model<R>, spec: unknown): Model<R> {
  return { ...model, spec };
}

/** Every model, with what the law suite needs to check it (see the module comment). */
export const MODELS = {
  scalarNet: {
    factory: <R extends Repr>(B: Backend<R>, s: { depth: number }) => withSpec(scalarNet(B, s), s),
    cases: casesFor(scalarNetSpecs, (s) => ({ dim: s.depth, inputDim: 1 })),
    degree: (s) => s.depth,
    json: scalarNetJson,
  } satisfies ModelEntry<{ depth: number }>,
  linear2: {
    factory: <R extends Repr>(B: Backend<R>, s: { k: number }) => withSpec(linear2(B, s), s),
    cases: casesFor(linear2Specs, (s) => ({ dim: 2 * s.k, inputDim: 1 })),
    degree: () => 2,
    json: linear2Json,
  } satisfies ModelEntry<{ k: number }>,
  deepLinear: {
    factory: <R extends Repr>(B: Backend<R>, s: { widths: number[] }) => withSpec(deepLinear(B, s), s),
    cases: casesFor(deepLinearSpecs, (s) => ({
      dim: s.widths.slice(1).reduce((acc, w, l) => acc + w * s.widths[l]!, 0),
      inputDim: s.widths[0]!,
    })),
    degree: (s) => s.widths.length - 1,
    json: deepLinearJson,
  } satisfies ModelEntry<{ widths: number[] }>,
  linearClassifier: {
    factory: <R extends Repr>(B: Backend<R>, s: { d: number }) => withSpec(linearClassifier(B, s), s),
    cases: casesFor(linearClassifierSpecs, (s) => ({ dim: s.d, inputDim: s.d })),
    degree: () => 1,
    json: linearClassifierJson,
  } satisfies ModelEntry<{ d: number }>,
  diagonalLinear: {
    factory: <R extends Repr>(B: Backend<R>, s: { d: number }) => withSpec(diagonalLinear(B, s), s),
    cases: casesFor(linearClassifierSpecs, (s) => ({ dim: 2 * s.d, inputDim: s.d })),
    degree: () => 2,
    json: diagonalLinearJson,
  } satisfies ModelEntry<{ d: number }>,
  twoLayer: {
    factory: <R extends Repr>(B: Backend<R>, s: TwoLayerSpec) => withSpec(twoLayerFromSpec(B, s), s),
    cases: twoLayerCases,
    degree: (s: TwoLayerSpec) => (s.trainFirst ? 1 : 0) + (s.trainSecond ? 1 : 0),
    json: twoLayerJson,
  } satisfies ModelEntry<TwoLayerSpec>,
  reluMlp: {
    factory: <R extends Repr>(B: Backend<R>, s: ReluMlpSpec) => withSpec(reluMlp(B, s), s),
    cases: reluMlpCases,
    degree: (s: ReluMlpSpec) => s.widths.length - 1,
    json: reluMlpJson,
  } satisfies ModelEntry<ReluMlpSpec>,
  shallowNet: {
    factory: <R extends Repr>(B: Backend<R>, s: ShallowNetSpec) => shallowNet(B, s),
    cases: shallowNetCases,
    degree: () => 2,
    json: shallowNetJson,
  } satisfies ModelEntry<ShallowNetSpec>,
  shallowLinearized: {
    factory: <R extends Repr>(B: Backend<R>, s: ShallowLinearizedSpec) => shallowLinearized(B, s),
    cases: shallowLinearizedCases,
    degree: () => 1,
    json: shallowLinearizedJson,
  } satisfies ModelEntry<ShallowLinearizedSpec>,
};

/** Names of the registered models. */
export type ModelKind = keyof typeof MODELS;

/** The registry by name, for code that dispatches on a `kind` read from input (check `Object.hasOwn` first). */
export const MODEL_ENTRIES: Readonly<Record<string, ModelEntry<unknown>>> = MODELS;
