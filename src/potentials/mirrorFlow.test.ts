import { describe, expect, it } from 'vitest';
import { run } from '../dynamics/run.js';
import { mirrorDescent } from '../dynamics/mirrorDescent.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { square } from '../losses/square.js';
import { ddBackend } from '../numeric/dd.js';
import { objective } from '../objective/objective.js';
import { pid } from '../flow/controller.js';
import { mirrorFlow } from './mirrorFlow.js';
import { makePotential } from './registry.js';
import type { PotentialSpec } from './registry.js';

// Mirror descent is explicit Euler on the dual field: after k = T/η steps it is O(η) from the flow at T, so halving η
// halves the gap (ratio → 2 as η → 0); a wrong field (e.g. the primal gradient flow) would leave an O(1) gap.
describe('mirror flow vs mirror descent as η → 0', () => {
  const B = ddBackend();
  const F = objective(
    B,
    linearClassifier(B, { d: 3 }),
    square(B),
    {
      X: B.mat([
        ['1', '0.5', '-0.25'],
        ['0.25', '-1', '0.5'],
      ]),
      y: B.vec(['0.5', '-0.25']),
    },
    { reduction: 'sum' },
  );
  const theta0 = B.vec(['0.5', '0.25', '0.75']);
  const T = '1';
  it.each<PotentialSpec>([
    { name: 'hypentropy', param: '0.5' },
    { name: 'negEntropy' },
    { name: 'squaredPlusQuartic' },
    { name: 'pNorm', param: '3', width: 4 },
  ])('%j: first-order agreement (gap ratio in [1.8, 2.2] for η = 1/64 → 1/128 → 1/256)', (spec) => {
    const P = makePotential(B, spec);
    const flow = mirrorFlow(F, P, theta0, { t1: T, controller: pid(B, { rtol: '1e-24', atol: '1e-24' }) });
    expect(flow.dual.result).toBe('ok');
    const gap = (k: number) => {
      const md = run(F, mirrorDescent(B, { lr: B.div(B.one, B.int(k)), potential: P }), theta0, { steps: k });
      return B.toNumber(B.amax(B.vsub(md.theta, flow.theta)));
    };
    const [g1, g2, g3] = [gap(64), gap(128), gap(256)];
    expect(g1 / g2).toBeGreaterThan(1.8);
    expect(g1 / g2).toBeLessThan(2.2);
    expect(g2 / g3).toBeGreaterThan(1.8);
    expect(g2 / g3).toBeLessThan(2.2);
  });
});
