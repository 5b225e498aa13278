/**
 * The models, and `MODELS`, the registry the model law suite (laws.test.ts) runs over.
 *
 * A new model joins the law suite by being added to `MODELS` with: a `factory` from an exact spec, a `cases`
 * arbitrary of exact law instances (spec + data + point + directions), its `majorant` spec (for rounding-error bounds)
 * and its polynomial `degree` in θ. Nothing else needs to be touched: laws.test.ts iterates over this object.
 */
import type { Backend, Repr } from '../numeric/types.js';
import type { ModelEntry } from './cases.js';
import {
  casesFor,
  deepLinearSpecs,
  linear2Specs,
  linearClassifierSpecs,
  scalarNetSpecs,
  twoLayerCases,
} from './cases.js';
import { deepLinear } from './deepLinear.js';
import { linear2 } from './linear2.js';
import { linearClassifier } from './linearClassifier.js';
import { scalarNet } from './scalarNet.js';
import type { TwoLayerSpec } from './twoLayer.js';
import { twoLayerFromSpec } from './twoLayer.js';

export type { Block, Model } from './types.js';
export { scalarNet, type ScalarNetOptions } from './scalarNet.js';
export { linear2, type Linear2Options } from './linear2.js';
export { deepLinear, type DeepLinearOptions } from './deepLinear.js';
export { linearClassifier, type LinearClassifierOptions } from './linearClassifier.js';
export { twoLayer, twoLayerFromSpec, ACTIVATIONS, type Activation, type TwoLayerOptions, type TwoLayerSpec } from './twoLayer.js';
export type { ModelCase, ModelEntry } from './cases.js';

const same = <T>(s: T): T => s;

/** Absolute value of an exact decimal string. */
function absNum(x: string): string {
  return x.startsWith('-') || x.startsWith('+') ? x.slice(1) : x;
}

/** Every model, with what the law suite needs to check it (see the module comment). */
export const MODELS = {
  scalarNet: {
    factory: <R extends Repr>(B: Backend<R>, s: { depth: number }) => scalarNet(B, s),
    cases: casesFor(scalarNetSpecs, (s) => ({ dim: s.depth, inputDim: 1 })),
    majorant: same,
    degree: (s) => s.depth,
  } satisfies ModelEntry<{ depth: number }>,
  linear2: {
    factory: <R extends Repr>(B: Backend<R>, s: { k: number }) => linear2(B, s),
    cases: casesFor(linear2Specs, (s) => ({ dim: 2 * s.k, inputDim: 1 })),
    majorant: same,
    degree: () => 2,
  } satisfies ModelEntry<{ k: number }>,
  deepLinear: {
    factory: <R extends Repr>(B: Backend<R>, s: { widths: number[] }) => deepLinear(B, s),
    cases: casesFor(deepLinearSpecs, (s) => ({
      dim: s.widths.slice(1).reduce((acc, w, l) => acc + w * s.widths[l]!, 0),
      inputDim: s.widths[0]!,
    })),
    majorant: same,
    degree: (s) => s.widths.length - 1,
  } satisfies ModelEntry<{ widths: number[] }>,
  linearClassifier: {
    factory: <R extends Repr>(B: Backend<R>, s: { d: number }) => linearClassifier(B, s),
    cases: casesFor(linearClassifierSpecs, (s) => ({ dim: s.d, inputDim: s.d })),
    majorant: same,
    degree: () => 1,
  } satisfies ModelEntry<{ d: number }>,
  twoLayer: {
    factory: <R extends Repr>(B: Backend<R>, s: TwoLayerSpec) => twoLayerFromSpec(B, s),
    cases: twoLayerCases,
    majorant: (s: TwoLayerSpec): TwoLayerSpec => {
      if (s.alpha !== undefined && Number(absNum(s.alpha)) > 1) {
        throw new RangeError('twoLayer majorant: assumes |alpha| ≤ 1 (|σ\'| ≤ 1)');
      }
      const { alpha: _alpha, ...rest } = s;
      const f = s.fixed ?? {};
      return {
        ...rest,
        activation: 'identity',
        fixed: {
          ...(f.u === undefined ? {} : { u: f.u.map((r) => r.map(absNum)) }),
          ...(f.c === undefined ? {} : { c: f.c.map(absNum) }),
          ...(f.v === undefined ? {} : { v: f.v.map(absNum) }),
        },
      };
    },
    degree: (s: TwoLayerSpec) => (s.trainFirst ? 1 : 0) + (s.trainSecond ? 1 : 0),
  } satisfies ModelEntry<TwoLayerSpec>,
};

/** Names of the registered models. */
export type ModelKind = keyof typeof MODELS;
