import { describe, expect, it } from 'vitest';
import { ddBackend, fehlberg78, pid } from '../../src/index.js';
import { gfAcrossMaskSwitches, gfGaussAcrossMaskSwitches } from './gfPieces.lib.js';
import { maskedMlp } from './maskedMlp.lib.js';

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
});

describe('a flow that slides along a kink is inconclusive, not followed', () => {
  // z₁ = w_a (sample (1, 0)), z₂ = w_a + w_b (sample (1, 1)), targets −4 and 4: while unit 1 is on for sample 1,
  // sample 1's larger residual pushes w_a down through 0; once it is off, sample 2 alone pushes w_a back up — the
  // two fields meet at z₁ = 0 (a Filippov slide)
  const B = ddBackend();
  const X = [
    ['1', '0'],
    ['1', '1'],
  ];
  const Y = [['-4'], ['4']];
  const net = maskedMlp(B, [2, 1, 1], X, Y);
  const theta0 = B.vec(['0.0625', '1', '1']);
  const xi = [B.one, B.one];

  it.each([
    ['Gauss–Legendre', () => gfGaussAcrossMaskSwitches(net, { X, Y }, xi, theta0, B.num('0.5'))],
    [
      'driver (Fehlberg 7(8))',
      () =>
        gfAcrossMaskSwitches(net, xi, theta0, B.num('0.5'), {
          solver: fehlberg78,
          controller: () => pid(B, { rtol: '1e-24', atol: '1e-24' }),
        }),
    ],
  ] as const)('%s', (_name, go) => {
    const flow = go();
    expect(flow.result).toBe('inconclusive');
    expect(flow.reason).toMatch(/slides along the kink/);
    expect(flow.switches.length).toBe(1);
  });
});
