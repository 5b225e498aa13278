import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import type { Field } from './field.js';
import { FINITE_SUMS } from './index.js';
import { reluField, reluLogisticSample } from './reluNet.js';

type AnyB = Backend<Opaque>;

describe('two-layer ReLU network with logistic loss (Example 5)', () => {
  const B = decBackend(50) as unknown as AnyB;
  const f = reluLogisticSample('f', ['0.367', '0.589'], 1, 2, '0.01', '0.02');
  // W = (w_1; w_2) with w_1 active on x (z_1 > 0) and w_2 inactive (z_2 < 0); v = (2, −1)
  const w = ['1', '1', '-1', '-1', '2', '-1'].map((s) => B.num(s));
  const z1 = 0.367 + 0.589;

  it('value: log(1 + e^{−t}) + λ₁‖v‖² + λ₂‖W‖² with t = y·vᵀReLU(Wx)', () => {
    const t = 2 * z1; // the inactive unit contributes 0
    const expected = Math.log1p(Math.exp(-t)) + 0.01 * 5 + 0.02 * 4;
    expect(B.toNumber(f.value(B, w))).toBeCloseTo(expected, 14);
  });

  it('gradient: an inactive unit gets only its ℓ2 term, the active one the loss term too', () => {
    const g = f.grad(B, w).map((x) => B.toNumber(x));
    const d1 = -1 / (1 + Math.exp(2 * z1)); // ϕ'(t)
    expect(g[2]).toBeCloseTo(2 * 0.02 * -1, 14); // w_2 inactive: 2λ₂w
    expect(g[3]).toBeCloseTo(2 * 0.02 * -1, 14);
    expect(g[0]).toBeCloseTo(d1 * 2 * 0.367 + 2 * 0.02, 14); // ϕ'·v_1·x + 2λ₂w
    expect(g[4]).toBeCloseTo(d1 * z1 + 2 * 0.01 * 2, 14); // ϕ'·a_1 + 2λ₁v_1
    expect(g[5]).toBeCloseTo(2 * 0.01 * -1, 14); // a_2 = 0
  });

  it('the registered instance has three samples and six parameters', () => {
    const e = FINITE_SUMS.islamovEx5;
    expect(e.components.length).toBe(3);
    expect(e.components.every((c) => c.dim === 6)).toBe(true);
  });

  it('a field without max/log is refused with a message', () => {
    const bare: Field<number> = {
      num: Number,
      int: (n) => n,
      add: (a, b) => a + b,
      sub: (a, b) => a - b,
      mul: (a, b) => a * b,
      div: (a, b) => a / b,
      neg: (a) => -a,
      exp: Math.exp,
    };
    expect(() => reluField(bare)).toThrow(/no max\/log/);
  });
});
