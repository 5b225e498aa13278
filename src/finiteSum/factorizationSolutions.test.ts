/**
 * Example 4's solution set (Eckart–Young, ./factorizationSolutions.ts): f* against the closed form of the 2×2
 * target, points of S attain it and are critical, no sampled point goes below it, S is unbounded, and a target with
 * σ_1 = σ_2 (S not the factorizations of one matrix) is refused.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { eigh } from '../linalg/eigh.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, S } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { EX4_TARGET, example4 } from './factorization.js';
import { factorizationProjectionOn, factorizationSolutionsOn } from './factorizationSolutions.js';

type AnyB = Backend<Opaque>;

const mean = (B: AnyB, x: readonly S<Opaque>[]) =>
  B.div(
    example4.components.reduce((s: S<Opaque>, c) => B.add(s, c.value(B, x)), B.zero),
    B.int(example4.components.length),
  );

/** The point (c·√σ₁u, (√σ₁/c)·u) of S (X is symmetric positive-top: u = v is the top eigenvector). */
function pointOfS(B: AnyB, c: S<Opaque>): S<Opaque>[] {
  const e = eigh(B, B.mat(EX4_TARGET));
  const r = B.sqrt(e.values[0]!);
  const u = B.unpack(e.vectors[0]!);
  return [...u.map((ui) => B.mul(B.mul(c, r), ui)), ...u.map((ui) => B.div(B.mul(r, ui), c))];
}

describe('Example 4: certified solution set (Eckart–Young)', () => {
  it('f* = σ₂²/8 with σ₂ = (√1.81 − 1.3)/2, the closed form of X = (1.1, 0.5; 0.5, 0.2), inside the ball (dec:60)', () => {
    const B = decBackend(60) as unknown as AnyB;
    const sol = factorizationSolutionsOn(B, EX4_TARGET, 1);
    const s2 = B.div(B.sub(B.sqrt(B.num('1.81')), B.num('1.3')), B.int(2));
    const closed = B.div(B.mul(s2, s2), B.int(8));
    const K = ballArith(B);
    expect(B.cmp(K.lower(sol.fStar), closed)).toBeLessThanOrEqual(0);
    expect(B.cmp(K.upper(sol.fStar), closed)).toBeGreaterThanOrEqual(0);
    expect(B.toNumber(sol.fStar.err)).toBeLessThan(1e-50);
    expect(B.toNumber(sol.sigma2.value)).toBeCloseTo(6.43e-5, 6);
  });

  it('points of S (both curves, and far out: c = ±2^±20) have f = f* and ∇f = 0 (dd)', () => {
    const B = ddBackend() as unknown as AnyB;
    const sol = factorizationSolutionsOn(B, EX4_TARGET, 1);
    for (const c of ['1', '-1', '0.5', '1048576', '-0.00000095367431640625']) {
      const x = pointOfS(B, B.num(c));
      const tol = 1e-25 * Math.max(1, Number(c) ** 2, Number(c) ** -2);
      expect(Math.abs(B.toNumber(B.sub(mean(B, x), sol.fStar.value)))).toBeLessThan(tol);
      for (let l = 0; l < 4; l++) {
        const g = example4.components.reduce((s: S<Opaque>, comp) => B.add(s, comp.grad(B, x)[l]!), B.zero);
        expect(Math.abs(B.toNumber(g))).toBeLessThan(tol);
      }
    }
    // S is unbounded: the point at c = 2^20 has norm ≥ 2^20·√σ₁
    expect(B.toNumber(B.abs(pointOfS(B, B.num('1048576'))[0]!))).toBeGreaterThan(1e5);
  });

  it('no sampled point of [−4, 4]⁴ has f below the lower end of f* (f64 balls)', () => {
    const B = f64Backend() as unknown as AnyB;
    const K = ballArith(B);
    const sol = factorizationSolutionsOn(B, EX4_TARGET, 1);
    const coord = fc.integer({ min: -256, max: 256 }).map((k) => String(k / 64));
    fc.assert(
      fc.property(fc.array(coord, { minLength: 4, maxLength: 4 }), (x) => {
        const X = x.map((v) => K.num(v));
        let s = K.int(0);
        for (const comp of example4.components) s = K.add(s, comp.value(K, X));
        const f = K.div(s, K.int(4));
        return B.cmp(K.upper(f), K.lower(sol.fStar)) >= 0;
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('a target with σ₁ = σ₂ is refused (the best rank-1 approximation is not unique)', () => {
    const B = ddBackend() as unknown as AnyB;
    expect(() =>
      factorizationSolutionsOn(
        B,
        [
          ['1', '0'],
          ['0', '1'],
        ],
        1,
      ),
    ).toThrow(/not proved distinct/);
    expect(() => factorizationSolutionsOn(B, EX4_TARGET, 2)).toThrow(/rank k = 2/);
  });

  it('Proj(x, S): no point of S sampled along the curve is nearer than dist(x, S), and each candidate is on S at that distance (dd)', () => {
    const B = ddBackend() as unknown as AnyB;
    const K = ballArith(B);
    const coord = fc.integer({ min: -192, max: 192 }).map((k) => String(k / 64));
    fc.assert(
      fc.property(fc.array(coord, { minLength: 4, maxLength: 4 }), (x) => {
        const pr = factorizationProjectionOn(B, EX4_TARGET, x);
        const X = x.map((v) => B.num(v));
        const d2 = (y: readonly S<Opaque>[]) =>
          y.reduce((acc: S<Opaque>, yj, j) => B.add(acc, B.mul(B.sub(yj, X[j]!), B.sub(yj, X[j]!))), B.zero);
        // points of S on a grid of c (both curves): none is nearer than the lower end of dist²
        for (let e = -40; e <= 40; e++) {
          const c = B.num(String(Math.sign(e || 1) * 2 ** (e / 8)));
          if (B.cmp(d2(pointOfS(B, c)), B.sub(K.lower(pr.dist2), B.num('1e-25'))) < 0) return false;
        }
        // each candidate: its distance lies in dist², and it is on S (w_p s_pᵀ = σ₁uuᵀ: f = f*)
        for (const cand of pr.candidates) {
          const mid = cand.map((b) => b.value);
          const rad = Math.max(...cand.map((b) => B.toNumber(b.err)));
          if (!(rad < 1e-20)) return false;
          if (Math.abs(B.toNumber(B.sub(d2(mid), pr.dist2.value))) > 1e-20 + B.toNumber(pr.dist2.err)) return false;
          const sol = factorizationSolutionsOn(B, EX4_TARGET, 1);
          if (Math.abs(B.toNumber(B.sub(mean(B, mid), sol.fStar.value))) > 1e-20) return false;
        }
        return pr.candidates.length >= 1;
      }),
      { numRuns: 60, seed: 3 },
    );
  });

  it('Proj of the origin: a tie between the two curves (p = ±√σ₁), both candidates, dist² = 2σ₁', () => {
    const B = ddBackend() as unknown as AnyB;
    const pr = factorizationProjectionOn(B, EX4_TARGET, ['0', '0', '0', '0']);
    expect(pr.candidates.length).toBe(2);
    const sigma1 = B.div(B.add(B.sqrt(B.num('1.81')), B.num('1.3')), B.int(2));
    expect(Math.abs(B.toNumber(B.sub(pr.dist2.value, B.mul(B.int(2), sigma1))))).toBeLessThan(1e-25);
    // a point off the diagonal of the two curves has one
    expect(factorizationProjectionOn(B, EX4_TARGET, ['1', '0.5', '1', '0.5']).candidates.length).toBe(1);
  });

  it('Proj refuses a target it does not handle (one line naming it)', () => {
    const B = ddBackend() as unknown as AnyB;
    expect(() => factorizationProjectionOn(B, [['1', '2', '3']], ['0', '0', '0', '0'])).toThrow(/symmetric 2×2/);
    expect(() =>
      factorizationProjectionOn(
        B,
        [
          ['1', '0'],
          ['0', '1'],
        ],
        ['0', '0', '0', '0'],
      ),
    ).toThrow(/λ₁ > \|λ₂\|/);
  });
});
