import { describe, expect, it } from 'vitest';
import { ballArith, ddBackend, f64Backend, objective, reluMlp, square } from '../../src/index.js';
import { fieldBall, maskedMlp } from './maskedMlp.lib.js';

describe('maskedMlp: the frozen-mask field', () => {
  it('with the pattern of θ itself, the frozen-mask gradient is the engine gradient of the ReLU MLP objective', () => {
    const B = f64Backend();
    const widths = [3, 4, 2, 2];
    const X = [
      ['0.5', '-0.25', '0.75'],
      ['-0.5', '1', '0.125'],
      ['0.25', '0.375', '-1'],
    ];
    const Y = [
      ['1', '-0.5'],
      ['0.25', '2'],
      ['-1', '0.5'],
    ];
    // deterministic entries in (−1, 1), none giving a zero pre-activation
    const theta = B.pack(Array.from({ length: 12 + 8 + 4 }, (_, i) => B.fromDouble(Math.sin(1.7 * i + 0.3))));
    const net = maskedMlp(B, widths, X, Y);
    const { masks, kink } = net.masksAt(theta);
    expect(kink).toBe(false);
    const F = objective(B, reluMlp(B, { widths }), square(B), { X: B.mat(X), y: B.vec(Y.flat()) });
    const g = F.grad(theta);
    const mine = net.grad(theta, masks);
    // two summation orders of the same few-term sums: rounding only (entries O(1), depth 3)
    expect(B.toNumber(B.nrm2(B.vsub(g, mine)))).toBeLessThan(1e-14);
    // and the masks matter: all-on masks give a different field here (the test can fail)
    const on = masks.map((m) => B.fill(B.dim(m), B.one));
    expect(B.toNumber(B.nrm2(B.vsub(g, net.grad(theta, on))))).toBeGreaterThan(1e-3);
  });

  it('fieldBall encloses the frozen-mask field', () => {
    const B = ddBackend();
    const net = maskedMlp(B, [1, 1, 1], [['1']], [['-1']]);
    const xi = [B.one, B.num('2')];
    const K = ballArith(B);
    const th = B.vec(['0.25', '-0.75']);
    const masks = [B.vec(['1'])];
    const fb = fieldBall(net, K, [['1']], [['-1']], xi, K.vexact(th), masks);
    const f = B.vmul(B.vec(['-1', '-2']), net.grad(th, masks));
    for (let k = 0; k < 2; k++) {
      const d = B.abs(B.sub(B.at(fb[k]!.value, 0), B.at(f, k)));
      expect(B.cmp(d, B.add(B.at(fb[k]!.err, 0), B.mul(B.int(4), B.eps)))).toBeLessThanOrEqual(0);
    }
  });
});
