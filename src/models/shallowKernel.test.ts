import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import type { Backend, Repr } from '../numeric/types.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { kernelInterpolant, shallowKernel } from './shallowKernel.js';

describe('the (O2) kernels', () => {
  /**
   * (2c)⁻¹ Σ_W ½ ∫ σ(Wx − b)σ(Wx′ − b) db by Simpson's rule on the pieces between the kinks b ∈ {±x, ±x′} ∩ (−c, c):
   * on each piece the integrand is a polynomial of degree ≤ 2 in b, so Simpson is exact (an independent check).
   */
  function simpson(act: 'relu' | 'abs', c: number, x: number, y: number): number {
    const sig = (z: number) => (act === 'relu' ? Math.max(z, 0) : Math.abs(z));
    const g = (b: number) => 0.5 * (sig(x - b) * sig(y - b) + sig(-x - b) * sig(-y - b));
    const cuts = [-c, c, x, y, -x, -y].filter((t) => t >= -c && t <= c).sort((a, b) => a - b);
    let s = 0;
    for (let i = 0; i + 1 < cuts.length; i++) {
      const [l, r] = [cuts[i]!, cuts[i + 1]!];
      s += ((r - l) / 6) * (g(l) + 4 * g((l + r) / 2) + g(r));
    }
    return s / (2 * c);
  }

  const pts = ['-2.5', '-1.25', '0', '0.375', '1.75', '3'];
  function closedFormMatches<R extends Repr>(D: Backend<R>, act: 'relu' | 'abs'): void {
    const K = ballArith(D);
    for (const c of ['1', '2']) {
      for (const x of pts) {
        for (const y of pts) {
          const k = shallowKernel(K, act, { c: D.num(c), x: D.num(x), y: D.num(y) });
          const want = simpson(act, Number(c), Number(x), Number(y));
          // all inputs are dyadic: Simpson in doubles is within 1e-14 relative of the exact integral
          expect(Math.abs(D.toNumber(k.value) - want)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(want)));
          expect(D.toNumber(k.err)).toBeLessThan(1e-35);
          const kt = shallowKernel(K, act, { c: D.num(c), x: D.num(y), y: D.num(x) });
          expect(D.show(kt.value)).toBe(D.show(k.value));
        }
      }
    }
  }
  it.each(['relu', 'abs'] as const)('%s: the closed form equals the exact piecewise integral; symmetric', (act) =>
    closedFormMatches(decBackend(40), act),
  );

  it('the interpolant interpolates and encloses α; a repeated point is reported, not solved', () => {
    const B = ddBackend();
    const I = kernelInterpolant(
      B,
      'relu',
      '2',
      ['-1.2', '-0.5', '0.1', '0.6', '1.3'],
      ['0.5', '-0.3', '0.8', '0.2', '-0.6'],
    );
    if ('reason' in I) throw new Error(I.reason);
    expect(B.toNumber(I.contraction)).toBeLessThan(1e-20);
    const f = I.evaluate(B.num('0.1'));
    expect(Math.abs(B.toNumber(f.value) - 0.8)).toBeLessThanOrEqual(B.toNumber(f.err) + 1e-16);
    expect(B.toNumber(f.err)).toBeLessThan(1e-20);
    const bad = kernelInterpolant(B, 'abs', '2', ['0.5', '0.5'], ['1', '2']);
    expect('reason' in bad && bad.reason).toMatch(/singular|ill-conditioned/);
  });

  function secondDerivativeJumps<R extends Repr>(B: Backend<R>): void {
    const I = kernelInterpolant(B, 'relu', '1', ['0'], ['1']);
    if ('reason' in I) throw new Error(I.reason);
    // second differences with step h on each side of −1: linear on the left, (x + 1)² on the right
    const h = B.num('1e-6');
    const f = (x: ReturnType<typeof B.num>) => I.evaluate(x).value;
    const second = (t: ReturnType<typeof B.num>) =>
      B.toNumber(B.div(B.add(B.sub(f(B.add(t, h)), B.mul(B.int(2), f(t))), f(B.sub(t, h))), B.mul(h, h)));
    const left = second(B.num('-1.5'));
    const right = second(B.add(B.num('-1'), B.mul(B.int(3), h)));
    expect(Math.abs(left)).toBeLessThan(1e-12);
    // f″(−1+) = α(x_1 + c)/(4c) = 6/4 with α = 1/K(0, 0) = 6 (relu, c = 1: K(0, 0) = k₊(0, 0) = ½∫₋₁⁰ b² db = 1/6)
    expect(right).toBeGreaterThan(1.4);
    expect(right).toBeLessThan(1.6);
  }
  it('f″ jumps at −c (one point at 0: the interpolant is C¹, not C², there)', () =>
    secondDerivativeJumps(decBackend(40)));
});
