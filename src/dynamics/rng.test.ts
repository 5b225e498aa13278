import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import {
  gaussians,
  nextU32,
  rngFromSeed,
  sampleWithoutReplacement,
  split,
  uniformInt,
  uniforms,
  type Rng,
} from './rng.js';

const B = f64Backend();
const refs: Record<string, AnyBackend> = { dd: ddBackend(), dec: decBackend(40) };

describe('rng', () => {
  it('xoshiro128** reproduces the reference outputs for state (1, 2, 3, 4)', () => {
    // Blackman & Vigna's reference implementation, first six outputs from s = {1, 2, 3, 4}.
    let r: Rng = [1, 2, 3, 4];
    const out: number[] = [];
    for (let i = 0; i < 6; i++) {
      const d = nextU32(r);
      out.push(d.value);
      r = d.rng;
    }
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('draws are pure: the same state gives the same draw and the input state is unchanged', () => {
    fc.assert(
      fc.property(fc.nat(), (seed) => {
        const r = rngFromSeed(seed);
        const copy = [...r];
        expect(nextU32(r)).toEqual(nextU32(r));
        expect(gaussians(B, r, 3).value).toEqual(gaussians(B, r, 3).value);
        expect([...r]).toEqual(copy);
      }),
    );
  });

  it('different seeds give different streams, and split gives two different children', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), (seed) => {
        expect(
          nextU32(rngFromSeed(seed)).value === nextU32(rngFromSeed(seed + 1)).value &&
            nextU32(nextU32(rngFromSeed(seed)).rng).value === nextU32(nextU32(rngFromSeed(seed + 1)).rng).value,
        ).toBe(false);
        const [a, b] = split(rngFromSeed(seed));
        expect(a).not.toEqual(b);
      }),
    );
  });

  it('rejects seeds that are not non-negative safe integers, naming the seed', () => {
    expect(() => rngFromSeed(-1)).toThrow(/seed -1/);
    expect(() => rngFromSeed(0.5)).toThrow(/seed 0.5/);
  });

  it('uniforms are exact dyadics k/2^53 in [0, 1)', () => {
    const u = uniforms(B, rngFromSeed(7), 1000).value;
    for (const x of u) {
      expect(x >= 0 && x < 1).toBe(true);
      expect(Number.isInteger(x * 2 ** 53)).toBe(true);
    }
  });

  it('uniformInt is in range and roughly uniform (chi-square with 9 dof below 30, p ≈ 4e-4)', () => {
    let r = rngFromSeed(3);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 5000; i++) {
      const d = uniformInt(r, 10);
      counts[d.value]!++;
      r = d.rng;
    }
    const chi2 = counts.reduce((s, c) => s + (c - 500) ** 2 / 500, 0);
    expect(chi2).toBeLessThan(30);
  });

  it('sampleWithoutReplacement returns b distinct sorted indices in [0, n)', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), (seed, n, b0) => {
        const b = Math.min(b0, n);
        const idx = sampleWithoutReplacement(rngFromSeed(seed), n, b).value;
        expect(idx.length).toBe(b);
        expect(new Set(idx).size).toBe(b);
        idx.forEach((i, j) => {
          expect(i >= 0 && i < n).toBe(true);
          if (j > 0) expect(i).toBeGreaterThan(idx[j - 1]!);
        });
      }),
    );
    expect(() => sampleWithoutReplacement(rngFromSeed(1), 3, 4)).toThrow(/b = 4, n = 3/);
  });

  it('gaussians have mean 0 and variance 1 (n = 20000: |mean| < 4.5σ/√n, |var − 1| < 4.5·√(2/n))', () => {
    const n = 20000;
    const z = gaussians(B, rngFromSeed(11), n).value;
    expect(z.length).toBe(n);
    const mean = z.reduce((s, x) => s + x, 0) / n;
    const v = z.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan(4.5 / Math.sqrt(n));
    expect(Math.abs(v - 1)).toBeLessThan(4.5 * Math.sqrt(2 / n));
    // polar method: |z| ≤ √(−2 ln s) with s ≥ 2^-106, i.e. < 12.2 (used by the law suite's noise bound)
    expect(Math.max(...Array.from(z, Math.abs))).toBeLessThan(12.2);
  });

  it('gaussians handle n = 0 and odd n', () => {
    expect(gaussians(B, rngFromSeed(1), 0).value.length).toBe(0);
    expect(gaussians(B, rngFromSeed(1), 5).value.length).toBe(5);
  });

  for (const [name, R] of Object.entries(refs)) {
    it(`${name} sees the same uniforms exactly and the same gaussians up to rounding (|Δz| ≤ 2u(5.5|z| + 4/|z|))`, () => {
      fc.assert(
        fc.property(fc.nat(), fc.integer({ min: 1, max: 9 }), (seed, n) => {
          const r = rngFromSeed(seed);
          const u64 = uniforms(B, r, n);
          const uR = uniforms(R, r, n);
          expect(Array.from(R.toNumbers(uR.value))).toEqual(Array.from(u64.value));
          expect(uR.rng).toEqual(u64.rng);
          const g64 = gaussians(B, r, n);
          const gR = gaussians(R, r, n);
          expect(gR.rng).toEqual(g64.rng);
          const zR = R.toNumbers(gR.value);
          // f64 error of z = u·√(−2 ln s / s), s = u² + v²: s carries ≤ 2u relative error, which ln turns into a
          // relative error 2u/|ln s|; with ln (≤ 1 ulp), the quotient, sqrt and the product, |Δz|/|z| ≤ (4 + 1/|ln
          // s|)u. z² ≤ 2|ln s|/s gives 1/|ln s| ≤ max(4/z², 1/ln 2), so |Δz| ≤ u(5.5|z| + 4/|z|); factor 2 for second
          // order terms and the log's ulp.
          g64.value.forEach((z, i) => {
            const zr = zR[i]!;
            const a = Math.abs(zr);
            expect(Math.abs(z - zr)).toBeLessThanOrEqual(2 * 2 ** -53 * (5.5 * a + 4 / a));
          });
        }),
        { numRuns: 50 },
      );
    });
  }
});
