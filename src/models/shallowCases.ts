/**
 * Law-suite instances of the shallow univariate networks (./shallow.ts): dyadic θ, x, w, b (./cases.ts) with every
 * pre-activation w_k x_i − b_k ≠ 0, hence |w_k x_i − b_k| ≥ 1/64, away from the kinks of relu and abs (the argument
 * of `twoLayerPreactivations`: products of k/8 dyadics are exact in doubles).
 */
import fc from 'fast-check';
import { casesFor, dyadicVector, type ModelCase } from './cases.js';
import { SHALLOW_ACTIVATIONS, type ShallowLinearizedSpec, type ShallowNetSpec } from './shallow.js';

const specs = fc.record({ width: fc.integer({ min: 1, max: 3 }), activation: fc.constantFrom(...SHALLOW_ACTIVATIONS) });

const offKinks = (X: readonly (readonly string[])[], w: readonly string[], b: readonly string[]) =>
  X.every((row) => w.every((wk, k) => Number(wk) * Number(row[0]) - Number(b[k]) !== 0));

/** Full network: θ = [w; b; a]. */
export const shallowNetCases: fc.Arbitrary<ModelCase<ShallowNetSpec>> = casesFor(specs, (s) => ({
  dim: 3 * s.width,
  inputDim: 1,
})).filter((k) => {
  const n = k.spec.width;
  return offKinks(k.X, k.theta.slice(0, n), k.theta.slice(n, 2 * n));
});

/** Linearized model: θ = a, the features' w and b in the spec. */
export const shallowLinearizedCases: fc.Arbitrary<ModelCase<ShallowLinearizedSpec>> = casesFor(
  specs.chain((s) =>
    fc.record({ w: dyadicVector(s.width), b: dyadicVector(s.width) }).map((f) => ({ ...s, w: f.w, b: f.b })),
  ),
  (s) => ({ dim: s.width, inputDim: 1 }),
).filter((k) => offKinks(k.X, k.spec.w, k.spec.b));
