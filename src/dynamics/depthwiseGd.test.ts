/**
 * depthwiseGd beyond the stepper law suite (laws.test.ts runs every law on its constant-ξ form): the per-layer step
 * against a hand computation, the normalized rule's ‖ξ_kG_k‖_F = 1 on one sample (an outer product), and bad ξ as
 * one-line input errors through a real `thm simulate` process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { reluMlp } from '../models/reluMlp.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { objective } from '../objective/objective.js';
import { sandbox } from '../testing/thm.js';
import { depthwiseGd } from './depthwiseGd.js';
import { run } from './run.js';

const B = decBackend(40) as unknown as Backend<Opaque>;
const theta0 = B.vec(['0.5', '-1', '0.25', '1', '0.75', '-0.5', '1', '-0.5', '0.25', '1', '-1', '0.5']);
const X = B.mat([['1', '0.5', '-1']]);
const F = objective(B, reluMlp(B, { widths: [3, 2, 2, 1] }), square(B), { X, y: B.vec(['0.25']) });
const blocks: [number, number][] = [
  [0, 6],
  [6, 10],
  [10, 12],
];

describe('depthwiseGd', () => {
  it('constant ξ: W_k ← W_k − ηξ_kG_k block by block', () => {
    const xi = ['0.5', '2', '0.25'];
    const out = run(F, depthwiseGd(B, { lr: B.num('0.125'), xi: xi.map((x) => B.num(x)) }), theta0, { steps: 1 });
    const g = F.grad(theta0);
    blocks.forEach(([a, b], k) => {
      const want = B.vsub(B.slice(theta0, a, b), B.scal(B.mul(B.num('0.125'), B.num(xi[k]!)), B.slice(g, a, b)));
      expect(B.vshow(B.slice(out.theta, a, b))).toEqual(B.vshow(want));
    });
  });

  it('normalized ξ: on one sample every layer moves by exactly η in Frobenius norm', () => {
    const lr = B.num('0.125');
    const out = run(F, depthwiseGd(B, { lr, xi: 'normalized' }), theta0, { steps: 1 });
    blocks.forEach(([a, b]) => {
      const moved = B.nrm2(B.vsub(B.slice(out.theta, a, b), B.slice(theta0, a, b)));
      expect(Math.abs(B.toNumber(B.sub(moved, lr)))).toBeLessThan(1e-35);
    });
    expect(out.state.xi).toHaveLength(3);
  });

  it('refuses ξ ≤ 0 and the wrong number of scales, and "normalized" without layer factors', () => {
    expect(() => depthwiseGd(B, { lr: B.one, xi: [B.one, B.zero] })).toThrow(/xi\[1\] = 0 must be > 0/);
    expect(() => run(F, depthwiseGd(B, { lr: B.one, xi: [B.one, B.one] }), theta0, { steps: 1 })).toThrow(
      /^stepper\.xi: has 2 scales, the model has 3 layers \(W1, W2, W3\)/,
    );
  });
});

describe('depthwiseGd in thm simulate (real process)', () => {
  const sb = sandbox('thm-depthwise');
  afterAll(() => sb.cleanup());
  const spec = (xi: unknown) => ({
    model: {
      kind: 'reluMlp',
      W: [
        [
          ['1', '-1'],
          ['2', '0.5'],
        ],
        [['1', '-0.5']],
      ],
    },
    data: {
      x: [
        ['1', '2'],
        ['-1', '0.5'],
      ],
      y: ['1', '0'],
    },
    loss: 'square',
    stepper: { kind: 'depthwiseGd', lr: '0.0625', xi },
    steps: 3,
    diagnostics: ['loss'],
  });
  const simulate = (xi: unknown) => {
    const f = path.join(sb.tmp, `spec-${JSON.stringify(xi).replace(/\W/g, '')}.json`);
    fs.writeFileSync(f, JSON.stringify(spec(xi)));
    return sb.thm('simulate', '--spec', f, '--json', '--backend', 'f64');
  };

  // (a run with "normalized" through simulate(): src/diagnostics/taylor.test.ts)
  it('ξ ≤ 0 or a wrong count of scales is exit 2, one line naming the field', () => {
    const neg = simulate(['1', '-0.5']);
    expect(neg.code).toBe(2);
    expect(neg.err.trim()).toMatch(/^thm simulate: spec\.stepper\.xi\[1\]: -0\.5 must be > 0/);
    expect(neg.err.trim().split('\n')).toHaveLength(1);
    const count = simulate(['1', '1', '1']);
    expect(count.code).toBe(2);
    expect(count.err.trim()).toMatch(/stepper\.xi: has 3 scales, the model has 2 layers \(W1, W2\)/);
    expect(count.err.trim().split('\n')).toHaveLength(1);
  });
});
