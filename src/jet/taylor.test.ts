/**
 * The README example of `taylor` (same call, same numbers), η* certification on polynomials with known roots, and a
 * ReLU MLP whose loss polynomial is checked against the loss past η*.
 */
import { describe, expect, it } from 'vitest';
import type { AnyBackend } from '../numeric/types.js';
import { ballArith } from '../ball/index.js';
import { deepLinear } from '../models/deepLinear.js';
import { logistic } from '../losses/logistic.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { objective } from '../objective/objective.js';
import { certifyNoSignChange, certifySignChange, etaStar, preactivationPolys } from './etaStar.js';
import { reluMlpJet } from './models.js';
import { lossAtBall, taylor, taylorMid } from './taylor.js';

describe('taylor', () => {
  it('the README example: c_1 = −⟨∇L, Δ⟩ at dec:50, c_0 = L(θ), and the plain midpoints agree', () => {
    const B: AnyBackend = decBackend(50),
      X = B.mat([
        ['1', '0'],
        ['0', '1'],
      ]),
      y = B.vec(['1', '-1']);
    const theta = B.vec(['0.5', '-0.25', '1', '0.75', '1', '-0.5']);
    const delta = B.vec(['1', '0', '0', '1', '0.5', '0.5']);
    const problem = { model: 'deepLinear', spec: { widths: [2, 2, 1] }, loss: 'logistic', X, y };
    const c = taylor(B, problem, theta, delta, 3);
    const F = objective(B, deepLinear(B, { widths: [2, 2, 1] }), logistic(B), { X, y });
    const tol = B.num('1e-45');
    expect(B.cmp(B.abs(B.sub(c[0]!.value, F.value(theta))), tol)).toBeLessThan(0);
    expect(B.cmp(B.abs(B.add(c[1]!.value, B.dot(F.grad(theta), delta))), tol)).toBeLessThan(0);
    expect(B.cmp(B.abs(B.sub(c[2]!.value, B.mul(B.num('0.5'), B.dot(delta, F.hvp(theta, delta))))), tol)).toBeLessThan(
      0,
    );
    for (const cj of c) expect(B.cmp(cj.err, B.num('1e-45'))).toBeLessThan(0);
    const mid = taylorMid(B, problem, theta, delta, 3);
    mid.forEach((m, j) => expect(B.cmp(B.abs(B.sub(m, c[j]!.value)), B.num('1e-45'))).toBeLessThan(0));
  });

  it('rejects θ of the wrong size and a missing target, naming them', () => {
    const B: AnyBackend = ddBackend();
    const X = B.mat([['1']]);
    expect(() =>
      taylor(
        B,
        { model: 'linearClassifier', spec: { d: 1 }, loss: 'square', X, y: B.vec(['1']) },
        B.vec(['1', '2']),
        B.vec(['1']),
        2,
      ),
    ).toThrow(/θ has 2 entries/);
    expect(() =>
      taylor(B, { model: 'linearClassifier', spec: { d: 1 }, loss: 'square', X }, B.vec(['1']), B.vec(['1']), 2),
    ).toThrow(/targets/);
    expect(() =>
      taylor(B, { model: 'nope', loss: 'square', X, y: B.vec(['1']) }, B.vec(['1']), B.vec(['1']), 2),
    ).toThrow(/JET_MODELS/);
  });
});

describe('etaStar', () => {
  it('brackets the first root of (1 − t)(3 − t) and (2 − t) (a product of pre-activations of a known network)', () => {
    const B: AnyBackend = ddBackend();
    const K = ballArith(B);
    const polys = [
      [K.int(3), K.int(-4), K.int(1)], // (1 − t)(3 − t)
      [K.int(2), K.int(-1)],
    ];
    const { lo, hi } = etaStar(B, polys, B.int(16));
    expect(B.toNumber(lo)).toBeLessThanOrEqual(1);
    expect(B.toNumber(lo)).toBeGreaterThan(1 - 1e-12);
    expect(hi).not.toBeNull();
    expect(B.toNumber(hi)).toBeGreaterThanOrEqual(1);
    expect(B.toNumber(hi)).toBeLessThan(1 + 1e-12);
    expect(certifyNoSignChange(B, polys, B.num('0.999'))).toBe(true);
    expect(certifyNoSignChange(B, polys, B.num('1.001'))).toBe(false);
    expect(certifySignChange(B, polys, B.num('1.001'))).toBe(true);
    // 1 + t² has no positive root: lo = T, hi = null
    const none = etaStar(B, [[K.int(1), K.int(0), K.int(1)]], B.int(16));
    expect(B.toNumber(none.lo)).toBe(16);
    expect(none.hi).toBeNull();
  });

  it('a ReLU MLP: below η* the loss is the frozen-mask polynomial, past a certified sign change it is not', () => {
    const B: AnyBackend = decBackend(40);
    const K = ballArith(B);
    // one hidden unit z = x·w1 with x = 1, w1 = 1 − η (Δ = 1): η* = 1; output F = w2·relu(z), w2 = 1 (Δ = 0)
    const problem = { model: reluMlpJet([1, 1, 1]), loss: 'square', X: B.mat([['1']]), y: B.vec(['0']) };
    const theta = B.vec(['1', '1']);
    const delta = B.vec(['1', '0']);
    const polys = preactivationPolys(B, problem, theta, delta, 2);
    const { lo, hi } = etaStar(B, polys, B.int(16));
    expect(B.toNumber(lo)).toBeCloseTo(1, 10);
    expect(B.toNumber(hi)).toBeCloseTo(1, 10);
    const c = taylor(B, problem, theta, delta, 4);
    // L = ½(1 − η)²: c = ½, −1, ½, 0, 0
    expect(c.map((x) => B.show(x.value))).toEqual(['0.5', '-1', '0.5', '0', '0']);
    const at = (eta: string) => {
      const e = K.num(eta);
      const poly = K.sum(c.map((cj, j) => K.mul(cj, K.powi(e, j))));
      const loss = lossAtBall(B, problem, K.vsub(K.vexact(theta), K.scal(e, K.vexact(delta))));
      return B.toNumber(B.sub(loss.value, poly.value));
    };
    expect(Math.abs(at('0.5'))).toBeLessThan(1e-30);
    expect(at('1.5')).toBeCloseTo(-0.125, 20); // relu(−0.5) = 0: L = 0, the polynomial ½(0.5)² = 0.125
  });
});
