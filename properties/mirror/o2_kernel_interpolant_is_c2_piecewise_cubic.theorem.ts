import fc from 'fast-check';
import { defineTheorem } from '../../src/index.js';
import { kernelClaims, kernelInstances, type KernelSpec } from './kernel.lib.js';

// P2.5 (docs/theorems/mirror.md M7, derived): the infinite-width kernel interpolant of the shallow univariate
// network (W = ±1, B ~ Unif[−c, c], relu or abs) interpolates the data, is a cubic between consecutive knots
// {−c, x_1, …, x_m, c} (linear beyond ±c), C² at the data and C¹ at ±c (f″ jumps there: the bias density does).
// Negative controls: claim f‴ continuous at the data (it jumps by α_i/(2c) for relu), f″ continuous at ±c, or one
// cubic across a data point.
export default defineTheorem<KernelSpec>({
  id: 'o2_kernel_interpolant_is_c2_piecewise_cubic',
  title:
    'The (O2) kernel interpolant interpolates and is piecewise cubic with knots at the data and ±c, C² at the data',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`f_\infty = k(\cdot)^\top K_{XX}^{-1}y:\ f_\infty(x_i) = y_i,\ f_\infty|_{[t_j, t_{j+1}]} \in \mathcal P_3,\ t \in \{\pm c\} \cup \{x_i\},\ f_\infty \in C^2(\mathbb R \setminus \{\pm c\}) \cap C^1`,
  refs: [
    { arxiv: '2410.03988', where: 'infinite-width limit of lazy training (recalled; kernel derived here)' },
    {
      key: 'docs/theorems/mirror.md#m7-the-infinite-width-kernels-o2-and-the-interpolant',
      where: 'kernels, interpolant and its smoothness (derived)',
    },
  ],
  hypotheses: kernelInstances(fc.constant('none')),
  violations: kernelInstances(fc.constantFrom('c3', 'c2ends', 'dropKnot')),
  budget: { ci: { runs: 12, negativeRuns: 12 }, nightly: { runs: 500 } },
  // the claims are exact identities judged on balls: no slack for a targeted search to shrink
  search: 'random',
  evaluate: (B, s) => kernelClaims(B, s),
});
