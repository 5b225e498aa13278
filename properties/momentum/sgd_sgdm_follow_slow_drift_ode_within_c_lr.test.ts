/**
 * The slow-drift toy's negative control has teeth at f64 (profile quick): the a-priori rounding bar K·Γ^K·E is far too
 * wide there at rate 2η, so the chains are rerun in ball arithmetic (slowDrift.lib.ts), and the control's SGDM mean
 * misses u(T) by about twice the whole bar (docs/theorems/momentum.md M9). That the whole control is certified violated
 * at quick is asserted by the catalogue tests (properties/catalogue*.test.ts), which run every theorem at quick.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend, type Backend, type Opaque } from '../../src/index.js';
import { arbitraryFor } from '../../src/theorem/types.js';
import { runChains } from './slowDrift.lib.js';
import theorem from './sgd_sgdm_follow_slow_drift_ode_within_c_lr.theorem.js';

describe('slow-drift toy at f64', () => {
  it('the ball-arithmetic bar of the control (rate 2η, β = ¾, u₀ = 1) is below 1e-6 where K·Γ^K·E is not', () => {
    const B = f64Backend() as unknown as Backend<Opaque>;
    const run = runChains(B, {
      u0: '1',
      lr: '0.03125', // γ = 2η(1 − β) with η = 1/16
      sigma: '1',
      steps: 128,
      samples: 50,
      seed: 3,
      momentum: { beta: '0.75' },
    });
    expect(run.left).toBeNull();
    for (const u of run.uK) expect(B.toNumber(u.err)).toBeLessThan(1e-6);
  });

  it('every sampled control instance at quick is conclusive and fails at f64 (not only some)', () => {
    const B = f64Backend() as unknown as Backend<Opaque>;
    const samples = fc.sample(arbitraryFor(theorem.violations, 'quick'), { numRuns: 4, seed: 11 });
    for (const s of samples) {
      const ev = theorem.evaluate(B, s);
      expect(ev.inconclusive).toBeUndefined();
      const failing = ev.claims.filter((c) => {
        const d = Number(c.lhs) - Number(c.rhs);
        return c.rel === '<=' ? d > Number(c.err) : -d > Number(c.err);
      });
      expect(failing.length).toBeGreaterThan(0);
    }
  });
});
