/**
 * P2.3 and P2.4 (docs/theorems/mirror.md M8): the negative controls have teeth at every profile's backend and sample
 * budget (a violation beyond the bars, on most samples, without the referee), and the certified counterexample of the
 * scaled ladder 16 → 256 is a burn-in effect: the same instance holds on the ladder the hypotheses now use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, f64Backend, type Backend, type Opaque } from '../../src/index.js';
import { PROFILES } from '../../src/theorem/profiles.js';
import { arbitraryFor, type ProfileName } from '../../src/theorem/types.js';
import type { LadderSpec } from './ladder.lib.js';
import scaled from './scaled_md_stays_apart_from_gd_with_width.theorem.js';
import unscaled from './unscaled_mf_approaches_gf_with_width.theorem.js';

const backendOf = (p: ProfileName) =>
  (PROFILES[p].backend === 'f64' ? f64Backend() : ddBackend()) as unknown as Backend<Opaque>;

/** Claims violated beyond their bars (what the referee then certifies at mpfr precision). */
function violated(ev: ReturnType<typeof scaled.evaluate>): string[] {
  expect(ev.inconclusive).toBeUndefined();
  return ev.claims
    .filter((c) => {
      const d = Number(c.lhs) - Number(c.rhs);
      return c.rel === '<=' ? d > Number(c.err) : -d > Number(c.err);
    })
    .map((c) => c.label);
}

describe('width ladders: negative controls', () => {
  for (const thm of [unscaled, scaled]) {
    for (const p of ['quick', 'ci', 'nightly'] as const) {
      it(`${thm.id}: at ${p} most control samples fail (the control gets ${thm.budget?.[p]?.negativeRuns ?? PROFILES[p].negativeRuns} tries)`, () => {
        const B = backendOf(p);
        const samples = fc.sample(arbitraryFor(thm.violations, p), { numRuns: 6, seed: 5 });
        const failing = samples.filter((s) => violated(thm.evaluate(B, s)).length > 0);
        // measured on 40 samples at f64: 26/40 (scaled control), 40/40 (unscaled control)
        expect(failing.length).toBeGreaterThanOrEqual(3);
      });
    }
  }
});

describe('width ladders: the certified scaled counterexample (M8)', () => {
  // found by `thm check --profile quick --seed -229426582` on the former ladder 16 → 256, certified at mpfr:50/100
  const found: LadderSpec = {
    activation: 'relu',
    c: '1',
    fullWidths: null,
    potential: { name: 'squaredPlusCubic' },
    sampling: { samples: 2, seed: 3 },
    scaled: true,
    widths: [16, 256],
    x: ['-0.5', '0', '0.5'],
    y1: ['0', '0', '-0.125'],
    y2: ['0', '0', '0.125'],
  };
  const B = f64Backend() as unknown as Backend<Opaque>;

  it('on 16 → 256 the gap to GD shrinks by more than half (the burn-in: at n = 16 a seed spreads over 12×)', () => {
    expect(violated(scaled.evaluate(B, found))).toContain('gap to GD does not shrink');
  });

  it('on the hypotheses ladder 256 → 1024 the same instance holds', () => {
    expect(violated(scaled.evaluate(B, { ...found, widths: [256, 1024] }))).toEqual([]);
  });
});
