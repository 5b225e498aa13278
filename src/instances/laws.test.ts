import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eigh } from '../linalg/eigh.js';
import { f64Backend } from '../numeric/f64.js';
import { type SpecArbitraryEntry, assertExactJson, complexity, specLaws } from './laws.js';
import { withSpectrum } from './matrices.js';
import { decimalNum, dyadic, logUniform, unitInterval } from './numbers.js';
import { HOUSEHOLDER_PATTERNS, patternsFor } from './orthogonal.js';

const law = <T>(entry: SpecArbitraryEntry<T>, name: RegExp) =>
  specLaws(entry, { numRuns: 20 }).find((l) => name.test(l.name))!;

describe('the spec laws can fail', () => {
  it('rejects a sample that violates its constraint', () => {
    const bad = {
      arb: fc.constantFrom('0.1', '0.9'),
      check: (x: string) => {
        if (x === '0.1') throw new Error('below 0.2');
      },
    };
    expect(() => law(bad, /constraint/).run()).toThrow(/Counterexample: \["0\.1"\]/);
  });
  it('rejects JS floats, non-canonical and non-decimal strings', () => {
    expect(() => assertExactJson({ a: 0.5 })).toThrow(/spec\.a: JS number 0\.5/);
    expect(() => assertExactJson({ a: ['0.50'] })).toThrow(/spec\.a\[0\]: "0\.50" is not canonical/);
    expect(() => assertExactJson({ a: 'Infinity' })).toThrow(/not a finite exact decimal/);
  });
  it('rejects a non-deterministic arbitrary', () => {
    let i = 0;
    const bad = { arb: fc.constant(0).map(() => String(i++)), check: () => {} };
    expect(() => law(bad, /same seed/).run()).toThrow(/differ/);
  });
  it('rejects shrinking that misses the documented simplest spec', () => {
    const bad = { arb: dyadic({ min: '0', max: '1' }), check: () => {}, simplest: '0.5' };
    expect(() => law(bad, /shrinks/).run()).toThrow(/expected "0.5"/);
  });
  it('measures complexity by digits, signs and dimension', () => {
    expect(complexity(['0.5'])).toBeLessThan(complexity(['0.25']));
    expect(complexity(['1'])).toBeLessThan(complexity(['1', '1']));
    expect(complexity('1')).toBeLessThan(complexity('-1'));
  });
});

describe('numeric arbitraries', () => {
  it('explain an empty range and bad options instead of filtering', () => {
    expect(() => dyadic({ min: '0.3', max: '0.31', bits: 4 })).toThrow(
      /dyadic: no multiple of 2\^-4 lies in \[0.3, 0.31\]/,
    );
    expect(() => unitInterval({ lo: '1', hi: '1', bits: 8 })).toThrow(/no multiple/);
    expect(() => logUniform({ min: '0', max: '1' })).toThrow(/min must be > 0/);
    expect(() => decimalNum({ digits: -1 })).toThrow(/digits must be an integer/);
  });
  it('keep open ends open even at the finest grid', () => {
    const xs = fc.sample(dyadic({ min: '0', max: '0.5', bits: 2, minExcluded: true, maxExcluded: true }), {
      seed: 3,
      numRuns: 200,
    });
    expect(new Set(xs)).toEqual(new Set(['0.25']));
  });
  it('logUniform covers every decade of its range', () => {
    const decades = new Set(
      fc
        .sample(logUniform({ min: '1e-6', max: '1e3' }), { seed: 5, numRuns: 2000 })
        .map((x) => Math.floor(Math.log10(Number(x)))),
    );
    for (let e = -6; e <= 3; e++) expect(decades.has(e)).toBe(true);
  });
});

describe('Householder patterns and prescribed spectra', () => {
  it('every pattern has vᵀv = 2^a·5^b and the patterns usable in dimension n form a prefix', () => {
    for (const p of HOUSEHOLDER_PATTERNS) {
      let m = p.norm2;
      while (m % 2n === 0n) m /= 2n;
      while (m % 5n === 0n) m /= 5n;
      expect(m).toBe(1n);
      expect(p.entries.reduce((s, x) => s + x * x, 0n)).toBe(p.norm2);
    }
    for (let n = 1; n <= 6; n++) {
      const c = patternsFor(n);
      expect(HOUSEHOLDER_PATTERNS.slice(0, c).every((p) => p.entries.length <= n)).toBe(true);
      expect(HOUSEHOLDER_PATTERNS.slice(c).every((p) => p.entries.length > n)).toBe(true);
    }
  });

  it('produces dense matrices, not only diagonal ones', () => {
    const specs = fc.sample(withSpectrum({ n: 4, maxReflections: 4 }), { seed: 11, numRuns: 100 });
    const dense = specs.filter((s) => s.matrix.every((row) => row.every((x) => x !== '0')));
    expect(dense.length).toBeGreaterThan(5);
  });

  it('has the prescribed eigenvalues within the certified error bars of the float64 eigensolver', () => {
    const B = f64Backend();
    fc.assert(
      fc.property(
        withSpectrum({ n: { min: 1, max: 6 }, eigenvalues: dyadic({ min: '-4', max: '4', bits: 6 }) }),
        (s) => {
          const A = B.mat(s.matrix);
          const e = eigh(B, A);
          // |λ_k(A) − θ_k| ≤ e.errors[k] + ‖A − fl(A)‖₂: eigh's bar (residual / Kato–Temple / Weyl, rounding included)
          // is for the rounded matrix fl(A); each entry is rounded with relative error ≤ u, so ‖A − fl(A)‖₂ ≤ ‖A −
          // fl(A)‖_F ≤ u·‖A‖_F, and Weyl moves every sorted eigenvalue by at most that. Factor 2: nrm2's own rounding
          // and u·|a| vs u·|fl(a)|. λ_k (6-bit dyadic) is exact in f64, and θ_k − λ_k is exact whenever it is small
          // (Sterbenz).
          expect(e.values.length).toBe(s.eigenvalues.length);
          const inputErr = B.mul(B.mul(B.int(2), B.eps), B.nrm2(B.flatten(A)));
          s.eigenvalues.forEach((l, k) => {
            const dev = B.abs(B.sub(e.values[k]!, B.num(l)));
            const bar = B.add(e.errors[k]!, inputErr);
            expect(
              B.cmp(dev, bar),
              `λ_${k} = ${l}: |θ − λ| = ${B.toNumber(dev)} > ${B.toNumber(bar)}`,
            ).toBeLessThanOrEqual(0);
          });
        },
      ),
      { numRuns: 50 },
    );
  });
});
