/**
 * P2.3 and P2.4 (docs/theorems/mirror.md M8): the sign test's critical counts are the exact binomial ones, the negative
 * controls have teeth at every profile's backend and sample budget (a violation beyond the bars, on most samples,
 * without the referee), and the certified counterexample of the scaled ladder 16 → 256 (found when the claims were
 * two-seed averages) is a burn-in effect: a seed there can shrink by more than half, while on the ladder the
 * hypotheses use the same instance holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend, f64Backend, type Backend, type Opaque } from '../../src/index.js';
import { PROFILES } from '../../src/theorem/profiles.js';
import { arbitraryFor, type ProfileName } from '../../src/theorem/types.js';
import { ladder, LADDER_DELTA, notAbove, signTest, signTestCritical, times, type LadderSpec } from './ladder.lib.js';
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

describe('width ladders: the sign test', () => {
  it('k* = max{k : P(Binomial(S, 1/2) ≤ k) ≤ δ}, exactly at the boundary', () => {
    // S = 4: P(K = 0) = 1/16 = δ; S = 8: P(K ≤ 1) = 9/256 ≤ 1/16 < 37/256; S = 16: 2517/65536 ≤ 1/16 < 6885/65536
    expect([3, 4, 8, 16].map((S) => signTestCritical(S, LADDER_DELTA))).toEqual([-1, 0, 1, 4]);
    expect(signTestCritical(4, '0.0624')).toBe(-1);
    expect(signTestCritical(5, '0.5')).toBe(2); // P(K ≤ 2) = 1/2 = δ: still rejected
  });

  it('violated exactly when K ≤ k* (the framework reads S/2 − K > bar)', () => {
    const bad = (pass: boolean[]) => {
      const c = signTest(pass, 't');
      return Number(c.rhs) - Number(c.lhs) > Number(c.err);
    };
    expect(bad([false, false, false, false])).toBe(true);
    expect(bad([true, false, false, false])).toBe(false);
    expect(bad([false, false, false])).toBe(false); // 3 seeds cannot reject at δ = 1/16
    expect(bad(Array.from({ length: 16 }, (_, i) => i < 4))).toBe(true);
    expect(bad(Array.from({ length: 16 }, (_, i) => i < 5))).toBe(false);
    expect(signTest([true, true], 't').statistical).toEqual({ delta: LADDER_DELTA, samples: 2 });
  });
});

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

  it('on 16 → 256 one seed: the gap to GD shrinks by more than half (the burn-in: at n = 16 a seed spreads over 12×)', () => {
    const L = ladder(B, found);
    if (!Array.isArray(L)) throw new Error('inconclusive');
    // certainly gap(256) < gap(16)/2 on some seed: the per-seed outcome the sign test counts against the claim
    const halved = L.map((r) => !notAbove(B, times(B, r.lo.gap!, 1, 2), r.hi.gap!));
    expect(halved).toContain(true);
  });

  it('on the hypotheses ladder 256 → 1024 with four seeds the same instance holds', () => {
    expect(violated(scaled.evaluate(B, { ...found, widths: [256, 1024], sampling: { seed: 3, samples: 4 } }))).toEqual(
      [],
    );
  });
});
