/** Layouts, closed-form values and input errors of each model (the identities are in laws.test.ts). */
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { deepLinear, linear2, linearClassifier, scalarNet, twoLayer, twoLayerFromSpec } from './index.js';

const B = f64Backend();

describe('θ layouts are the documented flat orders', () => {
  it('linear2 is [a, b]; deepLinear is W1 row-major then W2 …; twoLayer is [u, c, v] of the trainable blocks', () => {
    expect(linear2(B, { k: 3 }).layout).toEqual([
      { name: 'a', shape: [3] },
      { name: 'b', shape: [3] },
    ]);
    const dl = deepLinear(B, { widths: [3, 2, 1] });
    expect(dl.layout).toEqual([
      { name: 'W1', shape: [2, 3] },
      { name: 'W2', shape: [1, 2] },
    ]);
    expect(dl.dim).toBe(8);
    const tl = twoLayer(B, {
      width: 2,
      inputDim: 3,
      activation: 'relu',
      trainFirst: true,
      trainSecond: true,
      bias: true,
    });
    expect(tl.layout.map((b) => b.name)).toEqual(['u', 'c', 'v']);
    expect(tl.dim).toBe(6 + 2 + 2);
    const first = twoLayer(B, {
      width: 2,
      inputDim: 3,
      activation: 'relu',
      trainFirst: true,
      trainSecond: false,
      bias: false,
      fixed: { v: B.vec(['1', '-1']) },
    });
    expect(first.layout.map((b) => b.name)).toEqual(['u']);
  });

  it('deepLinear reads W1 row-major: f(x) = W2 W1 x', () => {
    const m = deepLinear(B, { widths: [2, 2, 1] });
    // W1 = [[1, 2], [3, 4]], W2 = [[1, -1]]: W2W1 = [-2, -2]
    const th = B.vec(['1', '2', '3', '4', '1', '-1']);
    expect(
      B.vshow(
        m.predict(
          th,
          B.mat([
            ['1', '0'],
            ['0', '1'],
            ['1', '1'],
          ]),
        ),
      ),
    ).toEqual(['-2', '-2', '-4']);
  });

  it('twoLayer computes Σ_j v_j σ(u_jᵀx + c_j) for each activation', () => {
    const X = B.mat([['1', '-2']]);
    const th = B.vec(['1', '1', '2', '0', '0', '0.5', '1', '-1']); // u = [[1,1],[2,0]], c = (0, 0.5), v = (1, −1)
    // z = (−1, 2.5)
    const f = (activation: 'relu' | 'leakyRelu' | 'abs' | 'identity') =>
      B.show(
        B.at(
          twoLayer(B, {
            width: 2,
            inputDim: 2,
            activation,
            alpha: '0.25',
            trainFirst: true,
            trainSecond: true,
            bias: true,
          }).predict(th, X),
          0,
        ),
      );
    expect(f('relu')).toBe('-2.5');
    expect(f('leakyRelu')).toBe('-2.75');
    expect(f('abs')).toBe('-1.5');
    expect(f('identity')).toBe('-3.5');
  });

  it('scalarNet multiplies the product by the scalar input', () => {
    const m = scalarNet(B, { depth: 3 });
    expect(B.vshow(m.predict(B.vec(['2', '-1', '0.5']), B.mat([['1'], ['3']])))).toEqual(['-1', '-3']);
    // zeros are safe in the gradient (no division by w_i)
    expect(B.vshow(m.vjp(B.vec(['0', '2', '3']), B.mat([['1']]), B.vec(['1'])))).toEqual(['6', '0', '0']);
  });
});

describe('declared homogeneity', () => {
  it('is depth for scalarNet, 2 for linear2, L for deepLinear, 1 for linearClassifier', () => {
    expect(scalarNet(B, { depth: 4 }).homogeneity).toBe(4);
    expect(linear2(B, { k: 2 }).homogeneity).toBe(2);
    expect(deepLinear(B, { widths: [2, 3, 3, 1] }).homogeneity).toBe(3);
    expect(linearClassifier(B, { d: 2 }).homogeneity).toBe(1);
  });
  it('is the number of trained layers for twoLayer, and absent with a fixed bias', () => {
    const spec = { width: 1, inputDim: 1, activation: 'relu' as const, bias: false };
    expect(twoLayerFromSpec(B, { ...spec, trainFirst: true, trainSecond: true }).homogeneity).toBe(2);
    expect(
      twoLayerFromSpec(B, { ...spec, trainFirst: true, trainSecond: false, fixed: { v: ['1'] } }).homogeneity,
    ).toBe(1);
    expect(twoLayerFromSpec(B, { ...spec, bias: true, trainFirst: true, trainSecond: true }).homogeneity).toBe(2);
    expect(
      twoLayerFromSpec(B, {
        ...spec,
        bias: true,
        trainFirst: false,
        trainSecond: true,
        fixed: { u: [['1']], c: ['1'] },
      }).homogeneity,
    ).toBeUndefined();
  });
});

describe('input errors name the field', () => {
  it('rejects bad options and shapes', () => {
    expect(() => scalarNet(B, { depth: 1 })).toThrow(/depth must be an integer ≥ 2/);
    expect(() => deepLinear(B, { widths: [2, 2] })).toThrow(/last width must be 1/);
    expect(() =>
      twoLayer(B, { width: 1, inputDim: 1, activation: 'leakyRelu', trainFirst: true, trainSecond: true, bias: false }),
    ).toThrow(/needs alpha/);
    expect(() =>
      twoLayer(B, { width: 1, inputDim: 1, activation: 'relu', trainFirst: false, trainSecond: true, bias: false }),
    ).toThrow(/fixed.u/);
    expect(() =>
      twoLayer(B, {
        width: 1,
        inputDim: 1,
        activation: 'tanh' as never,
        trainFirst: true,
        trainSecond: true,
        bias: false,
      }),
    ).toThrow(/activation must be one of/);
    expect(() => linear2(B, { k: 2 }).predict(B.vec(['1', '2', '3']), B.mat([['1']]))).toThrow(
      /θ has length 3, expected dim θ = 4/,
    );
    expect(() => linear2(B, { k: 1 }).predict(B.vec(['1', '2']), B.mat([['1', '2']]))).toThrow(/X must be n×1/);
    expect(() => linearClassifier(B, { d: 2 }).vjp(B.vec(['1', '2']), B.mat([['1', '2']]), B.vec(['1', '1']))).toThrow(
      /per-sample weights/,
    );
  });
});
