/**
 * Runs the finite-sum law suite (laws.ts) over every registered finite sum (index.ts `FINITE_SUMS`) at dec:60 and dd:
 * an entry joins by registration, a law by being added to `FINITE_SUM_LAWS`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { ridgeLorentz } from './components.js';
import type { FiniteSumEntry } from './examples.js';
import { FINITE_SUMS } from './index.js';
import { casesOf, FINITE_SUM_LAWS } from './laws.js';
import type { Component } from './types.js';

import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';

const opaque = (B: unknown) => B as Backend<Opaque>;
const backends = [
  { B: opaque(decBackend(60)), runs: 40 },
  { B: opaque(ddBackend()), runs: 100 },
];

for (const [name, entry] of Object.entries<FiniteSumEntry>(FINITE_SUMS)) {
  describe(`finite sum ${name}`, () => {
    for (const law of FINITE_SUM_LAWS) {
      for (const { B, runs } of backends) {
        it(`satisfies: ${law.name} (${B.id})`, () => {
          fc.assert(
            fc.property(casesOf(entry), (k) => law.check(entry, k, B)),
            { numRuns: runs, seed: 12 },
          );
        });
      }
    }
  });
}

describe('the finite-sum law suite can fail', () => {
  const B = opaque(decBackend(60));
  const good = ridgeLorentz('f', ['1', '1'], '0');
  const mutant = (over: Partial<Component>): FiniteSumEntry => ({
    ...FINITE_SUMS.islamovEx1,
    components: [{ ...good, ...over }],
  });
  const k = { i: 0, x: ['0.5', '-0.25'], u: ['1', '0.5'], v: ['0.25', '-1'] };
  const law = (part: string) => FINITE_SUM_LAWS.find((l) => l.name.includes(part))!;

  it('accepts the correct component at the fixed case', () => {
    for (const l of FINITE_SUM_LAWS) expect(() => l.check(mutant({}), k, B)).not.toThrow();
  });
  it('rejects a gradient off by a relative 1e-30 (dec:60 sees it)', () => {
    const bad = mutant({
      grad: (F, x) => good.grad(F, x).map((g) => F.mul(g, F.num('1.000000000000000000000000000001'))),
    });
    expect(() => law('central difference of f_i').check(bad, k, B)).toThrow(/gradient vs central difference/);
  });
  it('rejects an hvp with the wrong sign', () => {
    const bad = mutant({ hvp: (F, x, u) => good.hvp(F, x, u).map((g) => F.neg(g)) });
    expect(() => law('⟨v, ∇²f_i(x)u⟩').check(bad, k, B)).toThrow(/hvp vs central difference/);
  });
  it('rejects a stated infimum above a value', () => {
    expect(() => law('infimum').check(mutant({ infimum: '0.1' }), { ...k, x: ['0', '0'] }, B)).toThrow(/stated f_i\*/);
  });
});
