/**
 * The documented construction of every draw in ./rng.ts, checked from the reference xoshiro128** outputs and from
 * each other: uniforms are k/2^53 with k = (o₁ >>> 5)·2^26 + (o₂ >>> 6); a polar pair (u, v) = (2U₁ − 1, 2U₂ − 1)
 * consumes two uniforms and gives [u·f, v·f]; uniformInt is unbiased (rejection); seeding is a bijection chain;
 * arguments outside the documented ranges are rejected. Killed survivors of `npm run mutate -- dynamics-rng`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import {
  gaussians,
  nextU32,
  rngFromSeed,
  sampleWithoutReplacement,
  split,
  uniform,
  uniformInt,
  uniforms,
  type Rng,
} from './rng.js';

const B = f64Backend();
const u = 2 ** -53;

describe('uniforms: k/2^53 from two outputs', () => {
  it('the first two uniforms from state (1, 2, 3, 4) follow from the reference outputs', () => {
    // Blackman & Vigna's reference outputs from s = {1, 2, 3, 4}: 11520, 0, 5927040, 70819200
    const k1 = (11520 >>> 5) * 2 ** 26 + (0 >>> 6);
    const k2 = (5927040 >>> 5) * 2 ** 26 + (70819200 >>> 6);
    const d = uniforms(B, [1, 2, 3, 4], 2);
    expect(Array.from(d.value)).toEqual([k1 / 2 ** 53, k2 / 2 ** 53]);
    // four outputs consumed: the state is that after four nextU32
    let r: Rng = [1, 2, 3, 4];
    for (let i = 0; i < 4; i++) r = nextU32(r).rng;
    expect(d.rng).toEqual(r);
  });

  it('n uniforms are n values, and uniform is the first of them with the same next state', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 6 }), (seed, n) => {
        const r = rngFromSeed(seed);
        expect(uniforms(B, r, n).value.length).toBe(n);
        const one = uniform(B, r);
        const first = uniforms(B, r, 1);
        expect(one.value).toBe(first.value[0]);
        expect(one.rng).toEqual(first.rng);
      }),
      { numRuns: 30 },
    );
  });
});

describe('gaussians: the polar pair built from two uniforms', () => {
  it('[u·f, v·f] with (u, v) = (2U₁ − 1, 2U₂ − 1), f = √(−2 ln s / s), when the first pair is accepted', () => {
    let accepted = 0;
    for (let seed = 0; seed < 40; seed++) {
      const r = rngFromSeed(seed);
      const U = uniforms(B, r, 2);
      // 2U − 1 is exact in a double (U = k/2^53)
      const [x, y] = [2 * U.value[0]! - 1, 2 * U.value[1]! - 1];
      const s = x * x + y * y;
      // decide acceptance only where rounding of s cannot matter
      if (!(s > 1e-12 && s < 1 - 1e-12)) continue;
      accepted++;
      const f = Math.sqrt((-2 * Math.log(s)) / s);
      const g2 = gaussians(B, r, 2);
      const g1 = gaussians(B, r, 1);
      // both computations are within u(5.5|z| + 4/|z|) (×2, rng.test.ts) of the exact value: twice that apart
      [x * f, y * f].forEach((z, i) => {
        const a = Math.abs(z);
        expect(Math.abs(g2.value[i]! - z)).toBeLessThanOrEqual(4 * u * (5.5 * a + 4 / a));
      });
      expect(g1.value[0]).toBe(g2.value[0]);
      // one accepted pair serves n = 1 and n = 2: exactly four outputs consumed
      expect(g2.rng).toEqual(U.rng);
      expect(g1.rng).toEqual(U.rng);
    }
    // π/4 of the pairs are accepted: 40 seeds give well over 10
    expect(accepted).toBeGreaterThan(10);
  });

  it('n = 3, 4 take z₁ of two pairs, then z₂ of the first (documented order)', () => {
    const r = rngFromSeed(7);
    const g4 = gaussians(B, r, 4).value;
    const g3 = gaussians(B, r, 3).value;
    expect(Array.from(g3)).toEqual(Array.from(g4).slice(0, 3));
    // z₁/z₂ of one pair is u/v; pair 1 is g4[0], g4[2]
    const g2 = gaussians(B, r, 2).value;
    expect(g4[0]).toBe(g2[0]);
    expect(g4[2]).toBe(g2[1]);
  });

  it('rejects n that is negative or not an integer', () => {
    expect(() => gaussians(B, [1, 2, 3, 4], -1)).toThrow(/n = -1 must be a non-negative integer/);
    expect(() => gaussians(B, [1, 2, 3, 4], 1.5)).toThrow(RangeError);
  });
});

describe('uniformInt: unbiased on [0, m)', () => {
  it('m = 3·2^30: values below 2^30 have probability 1/3 (modulo without rejection would give 1/2)', () => {
    const m = 3 * 2 ** 30;
    let r = rngFromSeed(5);
    let low = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const d = uniformInt(r, m);
      expect(d.value).toBeGreaterThanOrEqual(0);
      expect(d.value).toBeLessThan(m);
      if (d.value < 2 ** 30) low++;
      r = d.rng;
    }
    // binomial(3000, 1/3): σ ≈ 25.8; 5σ ≈ 130 ≪ the 500 a bias to 1/2 would add
    expect(Math.abs(low - n / 3)).toBeLessThan(130);
  });

  it('accepts m in [1, 2^32] and rejects the rest, naming m', () => {
    const r: Rng = [1, 2, 3, 4];
    expect(uniformInt(r, 1).value).toBe(0);
    const top = uniformInt(r, 2 ** 32).value;
    // m = 2^32: no rejection, the first output itself
    expect(top).toBe(nextU32(r).value);
    for (const m of [0, -1, 1.5, 2 ** 32 + 1])
      expect(() => uniformInt(r, m)).toThrow(`uniformInt: m = ${m} must be an integer in [1, 2^32]`);
  });
});

describe('sampleWithoutReplacement: arguments', () => {
  it('accepts 0 ≤ b ≤ n integers and rejects everything else', () => {
    const r: Rng = [1, 2, 3, 4];
    expect(sampleWithoutReplacement(r, 3, 3).value).toEqual([0, 1, 2]);
    expect(sampleWithoutReplacement(r, 0, 0).value).toEqual([]);
    for (const [n, b] of [
      [3, 4],
      [3, -1],
      [-1, 0],
      [2.5, 1],
      [3, 1.5],
    ] as const)
      expect(() => sampleWithoutReplacement(r, n, b)).toThrow(RangeError);
  });
});

describe('seeding', () => {
  it('different seeds give states that differ in every word (a chain of splitmix32 bijections)', () => {
    const states = Array.from({ length: 64 }, (_, s) => rngFromSeed(s));
    for (let w = 0; w < 4; w++) expect(new Set(states.map((st) => st[w])).size).toBe(64);
  });

  it('seeds that differ only above bit 32 give different states', () => {
    expect(rngFromSeed(2 ** 32 + 1)).not.toEqual(rngFromSeed(1));
    expect(rngFromSeed(2 ** 40)).not.toEqual(rngFromSeed(0));
  });

  it('split: the children of different parents differ in every word', () => {
    const kids = Array.from({ length: 32 }, (_, s) => split(rngFromSeed(s)));
    for (const which of [0, 1] as const)
      for (let w = 0; w < 4; w++) expect(new Set(kids.map((k) => k[which][w])).size).toBe(32);
  });
});
