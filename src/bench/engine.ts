/**
 * W1 of the benchmark workloads (src/bench/workloads.ts) through the real engine path (engine issue, "Performance"):
 * linear2 model + square loss
 * + objective + gd stepper + the run driver, against the numeric-core W1 (raw kernels). Same data, η and steps.
 */
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { square } from '../losses/square.js';
import { linear2 } from '../models/linear2.js';
import type { AnyBackend } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { K, STEPS, w1Data } from './workloads.js';

export function w1EngineCell(B: AnyBackend) {
  const data = w1Data();
  // L = ½(aᵀb − y)² is the mean square loss of linear2 on one sample x = 1, target y = 1/100.
  const F = objective(B, linear2(B, { k: K }), square(B), { X: B.mat([['1']]), y: B.vec(['0.01']) });
  const stepper = gd(B, { lr: B.num('0.05') });
  const theta0 = B.concat([B.vec(data.a), B.vec(data.b)]);
  return {
    run: () => {
      const out = run(F, stepper, theta0, { steps: STEPS, save: 'final' });
      return { loss: B.show(F.value(out.theta)), a0: B.show(B.at(out.theta, 0)) };
    },
    units: STEPS,
    unitName: 'steps_per_s',
  };
}
