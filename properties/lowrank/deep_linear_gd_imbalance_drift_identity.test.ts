/**
 * Teeth of the GF half of deep_linear_gd_imbalance_drift_identity (the negative control breaks only the GD half): the
 * balance identity W_{k+1}ᵀG_{k+1} = G_kW_kᵀ must hold within its bar for the engine's gradient and be certainly
 * violated when one layer's gradient is off by a relative 1e-6 (far above the dd bar, far below any O(1) effect).
 */
import { describe, expect, it } from 'vitest';
import { ddBackend, type Claim } from '../../src/index.js';
import { judge } from '../../src/theorem/claims.js';
import { balanceIdentity } from './deep_linear_gd_imbalance_drift_identity.theorem.js';
import { deepLinearRisk } from './lowrank.lib.js';

const B = ddBackend();
const widths = [2, 3, 2, 1];
const theta = B.vec([
  '0.5',
  '-0.25',
  '0.75',
  '1',
  '-0.5',
  '0.125',
  '0.25',
  '-1',
  '0.5',
  '0.375',
  '0.625',
  '-0.75',
  '1',
  '0.5',
]); // 3·2 + 2·3 + 1·2
const X = [
  ['1', '0.5'],
  ['-0.25', '1'],
  ['0.75', '-0.5'],
];
const y = ['1', '-1', '1'];
const statuses = (cs: Claim[]) => cs.map((c) => judge(c).status);

describe('the GF balance identity of deep linear nets', () => {
  it('holds within its bar for the engine gradient and is certainly violated for a gradient off by 1e-6 in one layer', () => {
    const F = deepLinearRisk(B, widths, X, y);
    expect(statuses(balanceIdentity(B, F, theta, widths, 0)).every((s) => s === 'within')).toBe(true);
    // scale the gradient of the last layer (its 2 entries sit at the end of θ) by 1 + 1e-6
    const n = B.dim(theta);
    const scale = B.concat([B.fill(n - 2, B.one), B.fill(2, B.num('1.000001'))]);
    // gradWithError reads the gradient through the objective's error model: break it there (and in grad) alike
    const em = F.errorModel;
    const broken = {
      ...F,
      grad: (th: typeof theta) => B.vmul(scale, F.grad(th)),
      errorModel: {
        ...em,
        grad: (th: typeof theta, o: Parameters<typeof em.grad>[1]) => {
          const g = em.grad(th, o);
          return { value: B.vmul(scale, g.value), err: g.err };
        },
      },
    };
    expect(statuses(balanceIdentity(B, broken as typeof F, theta, widths, 0))).toContain('violated');
  });
});
