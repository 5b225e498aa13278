/**
 * Benchmark cell for the exact expectation over index paths (src/finiteSum/sgdExpectations.ts): SGD with γ = 1/4 from
 * x_0 = (3/2, −3/4) on Example 1 of arXiv 2410.12455 (n = 2), E[f(x_k)] with its rounding bar for every k ≤ K = 20:
 * the whole tree, Σ_{k≤20} 2^k = 2^21 − 1 nodes.
 */
import { ballArith } from '../ball/ball.js';
import { FINITE_SUMS } from '../finiteSum/index.js';
import { meanValueStat, sgdExpectations } from '../finiteSum/sgdExpectations.js';
import type { AnyBackend } from '../numeric/types.js';

export const EXPECTATION_K = 20;

export function expectationEx1Cell(B: AnyBackend) {
  const K = ballArith(B);
  const c = FINITE_SUMS.islamovEx1.components;
  const opts = { lr: K.num('0.25'), x0: [K.num('1.5'), K.num('-0.75')], steps: EXPECTATION_K };
  return {
    run: () => {
      const [f] = sgdExpectations(B, c, opts, [meanValueStat(c)]);
      const last = f![EXPECTATION_K]!;
      return { E_f_K: B.show(last.value), err: B.show(last.err) };
    },
    units: 2 ** (EXPECTATION_K + 1) - 1,
    unitName: 'nodes_per_s',
  };
}
