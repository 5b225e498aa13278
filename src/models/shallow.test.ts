import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import { simulate } from '../simulate/simulate.js';
import { shallowInit, shallowLinearized, shallowLinearizedJson, shallowNet, shallowNetJson } from './shallow.js';

describe('shallow univariate networks', () => {
  const B = f64Backend();
  // width 4: n^{−1/2} = 1/2 exactly
  const w = ['1', '-1', '1', '-1'];
  const b = ['0.5', '-0.25', '-1', '1.5'];
  const a = ['1', '2', '-1', '0.5'];
  const X = B.mat([['0.25'], ['-1'], ['2']]);
  const ref = (act: (z: number) => number) =>
    [0.25, -1, 2].map(
      (x) => 0.5 * a.reduce((acc, ak, k) => acc + Number(ak) * act(Number(w[k]) * x - Number(b[k])), 0),
    );

  it.each([
    ['relu', (z: number) => Math.max(z, 0)],
    ['abs', (z: number) => Math.abs(z)],
  ] as const)('%s: f = n^{−1/2} Σ a_k σ(w_k x − b_k), full and linearized, Ψa = f', (activation, act) => {
    const full = shallowNet(B, { width: 4, activation });
    expect(full.layout.map((l) => l.name)).toEqual(['w', 'b', 'a']);
    expect(Array.from(full.predict(B.vec([...w, ...b, ...a]), X))).toEqual(ref(act));
    const lin = shallowLinearized(B, { width: 4, activation, w, b });
    expect(Array.from(lin.predict(B.vec(a), X))).toEqual(ref(act));
    expect(Array.from(B.gemv(lin.features(X), B.vec(a)))).toEqual(ref(act));
    // the linearized model is the full network's first-order model in a at a = 0
    const zero = B.vec([...w, ...b, '0', '0', '0', '0']);
    const dir = B.vec(['0', '0', '0', '0', '0', '0', '0', '0', ...a]);
    expect(Array.from(full.predict(zero, X))).toEqual([0, 0, 0]);
    expect(Array.from(full.jvp(zero, X, dir))).toEqual(ref(act));
  });

  it('shallowInit: a = 0, w = ±1, b on the grid inside (−c, c), exact decimals, seeded', () => {
    const D = decBackend(40);
    const s = shallowInit(200, '1.5', 7);
    expect(s.a.every((x) => x === '0')).toBe(true);
    expect(new Set(s.w)).toEqual(new Set(['1', '-1']));
    for (const bk of s.b) {
      const v = D.num(bk);
      expect(D.cmp(D.abs(v), D.num('1.5'))).toBeLessThan(0);
      // b/c·2^20 is an odd integer (the grid c·(2j + 1 − N)/N)
      const k = D.div(D.mul(v, D.num(String(2 ** 20))), D.num('1.5'));
      expect(D.show(k)).toMatch(/^-?\d*[13579]$/);
    }
    const mean = s.b.reduce((acc, x) => acc + Number(x), 0) / 200;
    expect(Math.abs(mean)).toBeLessThan((4 * (1.5 / Math.sqrt(3))) / Math.sqrt(200));
    expect(shallowInit(200, '1.5', 7)).toEqual(s);
    expect(shallowInit(200, '1.5', 8).b).not.toEqual(s.b);
    expect(shallowInit(3, '2e-1', 1).b.every((x) => Math.abs(Number(x)) < 0.2)).toBe(true);
  });

  it('reads {"a", "w", "b"} and {"width", "init"}, naming the field of a bad spec', () => {
    const r = shallowNetJson.parse({ activation: 'relu', a: ['0'], w: ['1'], b: ['0.5'] }, 'm');
    expect(r).toEqual({ spec: { width: 1, activation: 'relu' }, theta0: ['1', '0.5', '0'], inputDim: 1 });
    const l = shallowLinearizedJson.parse(
      { activation: 'abs', width: 3, init: { seed: 1, bias: { uniform: '2' } } },
      'm',
    );
    expect(l.theta0).toEqual(['0', '0', '0']);
    expect(l.spec.b).toEqual(shallowInit(3, '2', 1).b);
    expect(() => shallowNetJson.parse({ activation: 'tanh', a: ['0'], w: ['1'], b: ['0'] }, 'm')).toThrow(
      /^m\.activation/,
    );
    expect(() => shallowNetJson.parse({ activation: 'relu', width: 2 }, 'm')).toThrow(/^m\.init: is required/);
    expect(() =>
      shallowNetJson.parse({ activation: 'relu', width: 2, init: { seed: 1, bias: { uniform: '0' } } }, 'm'),
    ).toThrow(/^m\.init\.bias\.uniform: 0 must be > 0/);
    expect(() => shallowNetJson.parse({ activation: 'relu', a: ['0', '1'], w: ['1'], b: ['0', '1'] }, 'm')).toThrow(
      /^m\.w/,
    );
  });

  it('is reachable from thm simulate: gradient descent on the full network and the linearized model', () => {
    const data = { x: [['-0.5'], ['0.25'], ['0.75']], y: ['0.1', '-0.05', '0.08'] };
    for (const kind of ['shallowNet', 'shallowLinearized']) {
      const r = simulate(
        {
          model: { kind, activation: 'relu', width: 16, init: { seed: 3, bias: { uniform: '1' } } },
          data,
          loss: 'square',
          reduction: 'sum',
          stepper: { kind: 'gd', lr: '0.5' },
          steps: 400,
          save: { every: 400 },
          diagnostics: ['loss', 'norms'],
        },
        { backend: 'f64' },
      );
      expect(r.result).toBe('ok');
      const loss = r.trajectory.map((p) => Number(p.loss));
      expect(loss.at(-1)!).toBeLessThan(loss[0]! / 10);
    }
  });
});
