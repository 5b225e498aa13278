import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { diagonalLinear, diagonalLinearJson, diagonalWeights } from './diagonalLinear.js';

describe('diagonalLinear', () => {
  const B = f64Backend();

  it('predicts xᵀ(u ⊙ u − v ⊙ v) and its gradient is [2u ⊙ s; −2v ⊙ s], s = Xᵀg', () => {
    const M = diagonalLinear(B, { d: 2 });
    const theta = B.vec(['1', '2', '3', '0.5']); // u = (1, 2), v = (3, 0.5): w = (−8, 3.75)
    expect(Array.from(diagonalWeights(B, theta))).toEqual([-8, 3.75]);
    const X = B.mat([
      ['1', '0'],
      ['1', '2'],
    ]);
    expect(Array.from(M.predict(theta, X))).toEqual([-8, -0.5]);
    // g = (1, 1): s = Xᵀg = (2, 2)
    expect(Array.from(M.vjp(theta, X, B.vec(['1', '1'])))).toEqual([4, 8, -12, -2]);
  });

  it('reads {"u", "v"} and {"d", "alpha"} (u(0) = v(0) = α·1), and names the field of a bad spec', () => {
    expect(diagonalLinearJson.parse({ d: 2, alpha: '0.5' }, 'm')).toEqual({
      spec: { d: 2 },
      theta0: ['0.5', '0.5', '0.5', '0.5'],
      inputDim: 2,
    });
    expect(diagonalLinearJson.parse({ u: ['1'], v: ['2'] }, 'm').theta0).toEqual(['1', '2']);
    expect(() => diagonalLinearJson.parse({ u: ['1', '2'], v: ['1'] }, 'm')).toThrow(/^m\.v: has length 1, expected 2/);
    expect(() => diagonalLinearJson.parse({ alpha: '1' }, 'm')).toThrow(/^m\.d: is required/);
    expect(() => diagonalLinearJson.parse({ d: 1, alpha: '1', u: ['1'] }, 'm')).toThrow(/either "u" and "v"/);
  });
});
