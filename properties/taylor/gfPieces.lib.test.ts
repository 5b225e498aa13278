import { describe, expect, it } from 'vitest';
import { ballArith, ddBackend, f64Backend, fehlberg78, objective, pid, reluMlp, square } from '../../src/index.js';
import { fieldBall, gfAcrossMaskSwitches, gfGaussAcrossMaskSwitches, maskedMlp } from './gfPieces.lib.js';

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
});

describe('gfAcrossMaskSwitches', () => {
  // widths [1, 1, 1], x = 1, y = −1, W1 = 1/16, W2 = 1: the residual w2·relu(w1) + 1 > 0 drives w1 down through 0 at
  // t ≈ 1/17; once the unit is off every gradient vanishes, so the flow stops there
  const B = ddBackend();
  const net = maskedMlp(B, [1, 1, 1], [['1']], [['-1']]);
  const xi = [B.one, B.one];
  const theta0 = B.vec(['0.0625', '1']);
  const T = B.num('0.5');
  const flow = gfAcrossMaskSwitches(net, xi, theta0, T, {
    solver: fehlberg78,
    controller: () => pid(B, { rtol: '1e-24', atol: '1e-24' }),
  });

  it('switches the mask once, where w1 crosses 0, and is stationary afterwards', () => {
    expect(flow.result).toBe('ok');
    expect(flow.switches.length).toBe(1);
    expect(flow.switches[0]!.index).toBe(0);
    const tSwitch = B.toNumber(flow.switches[0]!.t);
    // |ẇ1| = r·w2 ∈ [1, 17/16·1] before the switch: 1/17 ≤ t* ≤ 1/16
    expect(tSwitch).toBeGreaterThan(1 / 17 - 1e-3);
    expect(tSwitch).toBeLessThan(1 / 16);
    const w1 = B.at(flow.y, 0);
    expect(B.cmp(w1, B.zero)).toBeLessThanOrEqual(0);
    // just past the crossing: by at most the event tolerance (64u·T) times the speed (≤ 2)
    expect(B.toNumber(B.abs(w1))).toBeLessThan(128 * B.toNumber(B.eps));
  });

  it('conserves w1² − w2² across the switch within the integrator estimate', () => {
    const q = (th: typeof theta0) => B.sub(B.mul(B.at(th, 0), B.at(th, 0)), B.mul(B.at(th, 1), B.at(th, 1)));
    const drift = B.toNumber(B.abs(B.sub(q(flow.y), q(theta0))));
    const bar = 10 * 2 * B.toNumber(flow.maxNorm) * B.toNumber(flow.errSum) + 1e-29;
    expect(drift).toBeLessThanOrEqual(bar);
    expect(bar).toBeLessThan(1e-20);
  });
});

describe('gfGaussAcrossMaskSwitches: Gauss–Legendre pieces with a rigorous bar', () => {
  const B = ddBackend();
  const net = maskedMlp(B, [1, 1, 1], [['1']], [['-1']]);
  const xi = [B.one, B.num('2')];
  const theta0 = B.vec(['0.0625', '1']);
  const flow = gfGaussAcrossMaskSwitches(net, { X: [['1']], Y: [['-1']] }, xi, theta0, B.num('0.5'));
  const q = (th: typeof theta0) =>
    B.sub(B.mul(B.at(th, 0), B.at(th, 0)), B.div(B.mul(B.at(th, 1), B.at(th, 1)), B.num('2')));

  it('switches once and keeps w1²/ξ1 − w2²/ξ2 within its bar, a bar far below the motion of each layer', () => {
    expect(flow.result).toBe('ok');
    expect(flow.switches.length).toBe(1);
    expect(flow.unconverged).toBe(0);
    const drift = B.abs(B.sub(q(flow.y), q(theta0)));
    const bar = flow.bars[0]!;
    expect(B.cmp(drift, bar)).toBeLessThanOrEqual(0);
    expect(B.toNumber(bar)).toBeLessThan(1e-26);
    // ‖W_1‖² alone is not conserved: it falls from 1/256 to ~0
    const w1 = B.toNumber(B.at(theta0, 0)) ** 2 - B.toNumber(B.at(flow.y, 0)) ** 2;
    expect(w1).toBeGreaterThan(1e20 * B.toNumber(bar));
  });

  it('fieldBall encloses the frozen-mask field', () => {
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
