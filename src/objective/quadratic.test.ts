/** `quadratic`: exact value, gradient and Hessian of ½θᵀAθ − bᵀθ + c on every backend. */
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { quadratic, quadraticFromSpec } from './quadratic.js';

const backends: AnyBackend[] = [f64Backend(), ddBackend(), decBackend(40)];

describe('quadratic', () => {
  for (const B of backends) {
    it(`computes F, ∇F, ∇²F·u and ∇²F exactly on dyadic data (${B.id})`, () => {
      const F = quadraticFromSpec(B, {
        A: [
          ['2', '0.5'],
          ['0.5', '1'],
        ],
        b: ['1', '-1'],
        c: '0.25',
        L: '2.20710678118654752440084436210484903928',
      });
      const th = B.vec(['1', '-2']);
      // Aθ = (1, −1.5); ½θᵀAθ = ½(1 + 3) = 2; bᵀθ = 3; F = 2 − 3 + 0.25
      expect(B.show(F.value(th))).toBe('-0.75');
      expect(B.vshow(F.grad(th))).toEqual(['0', '-0.5']);
      const vg = F.valueAndGrad(th);
      expect([B.show(vg.value), ...B.vshow(vg.grad)]).toEqual(['-0.75', '0', '-0.5']);
      expect(B.vshow(F.hvp(th, B.vec(['0', '2'])))).toEqual(['1', '2']);
      expect(B.mshow(F.hessian(th))).toEqual([
        ['2', '0.5'],
        ['0.5', '1'],
      ]);
      expect(F.nSamples).toBe(1);
      expect(F.subset([0])).toBe(F);
      // L from the spec, (3 + √2)/2 = λ_max(A), is carried through as B.num of that string
      expect(F.L === undefined ? undefined : B.show(F.L)).toBe(
        B.show(B.num('2.20710678118654752440084436210484903928')),
      );
    });
  }
  it('rejects a non-symmetric A, a wrong b and a bad subset, naming the field', () => {
    const B = f64Backend();
    expect(() =>
      quadratic(B, {
        A: B.mat([
          ['1', '2'],
          ['0', '1'],
        ]),
      }),
    ).toThrow(/symmetric; A\[0\]\[1\]/);
    expect(() => quadratic(B, { A: B.mat([['1', '2']]) })).toThrow(/square/);
    expect(() => quadratic(B, { A: B.eye(2), b: B.vec(['1']) })).toThrow(/b has length 1/);
    const F = quadratic(B, { A: B.eye(2) });
    expect(B.show(F.value(B.vec(['1', '1'])))).toBe('1');
    expect(() => F.subset([1])).toThrow(/indices must be \[0\]/);
    expect(() => F.grad(B.vec(['1']))).toThrow(/θ has length 1/);
  });
});
