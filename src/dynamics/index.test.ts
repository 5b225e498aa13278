/**
 * The stepper registry's own parts (./index.ts STEPPERS): what `make` builds from a spec, and the error-growth bounds
 * the f64-vs-reference law uses, checked against their contract and derivations rather than through the law.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import type { Num } from '../numeric/types.js';
import { makePotential, type PotentialSpec } from '../potentials/registry.js';
import { STEPPER_ENTRIES, STEPPERS } from './index.js';

const B = f64Backend();

describe('make: the stochastic oracle a spec names', () => {
  const size = { dim: 2, nSamples: 3 };
  const entries = [STEPPERS.sgd, STEPPERS.sgdm, STEPPERS.sgdmNormalized] as const;
  const spec = (batch: number | 'full', noise: Num | null) => ({ lr: '0.5', beta: '0.5', seed: 1, batch, noise });

  it('a numeric batch is a minibatch (clamped to n), "full" is F itself', () => {
    for (const e of entries) {
      expect(e.make(B, spec(1, null), size).params).toMatchObject({ batchSize: '1', noise: 'none' });
      expect(e.make(B, spec(1, null), size).needs).toContain('subset');
      expect(e.make(B, spec(5, null), size).params.batchSize).toBe('3');
      expect(e.make(B, spec('full', null), size).params.batchSize).toBe('full');
    }
  });

  it('a noise scale c is the covariance factor c·I (dim × dim); none without it', () => {
    for (const e of entries) {
      expect(e.make(B, spec('full', '0.25'), size).params.noise).toBe('C 2×2');
      expect(e.make(B, spec('full', null), size).params.noise).toBe('none');
    }
  });
});

describe('errorGrowth', () => {
  it('meets the StepperEntry contract for every entry: Γ ≥ 1 and K ≥ 1, finite', () => {
    const names = Object.keys(STEPPER_ENTRIES);
    fc.assert(
      fc.property(
        fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), STEPPER_ENTRIES[name]!.hyper)),
        fc.integer({ min: 1, max: 16 }).map((k) => k / 16),
        fc.constantFrom(0.5, 2, 64),
        ([name, spec], L, S) => {
          const { gamma, K } = STEPPER_ENTRIES[name]!.errorGrowth(spec, L, S);
          expect(Number.isFinite(gamma) && gamma >= 1).toBe(true);
          expect(Number.isFinite(K) && K >= 1).toBe(true);
        },
      ),
      { seed: 18, numRuns: 300 },
    );
  });

  it('sgd, sgdmNormalized: K covers the noise, 12.2·c per entry for a scale c (|ξ| < 12.2)', () => {
    for (const noise of ['0.125', '1', '4']) {
      for (const e of [STEPPERS.sgd, STEPPERS.sgdmNormalized]) {
        const { K } = e.errorGrowth({ lr: '0.5', beta: '0.5', seed: 0, batch: 'full', noise }, 1);
        expect(K).toBeGreaterThanOrEqual(1 + 12.2 * Number(noise));
      }
    }
  });

  describe('mirror descent', () => {
    const md = STEPPERS.mirrorDescent;
    const specArb: fc.Arbitrary<PotentialSpec> = fc
      .tuple(
        fc.oneof(
          fc.constant<PotentialSpec>({ name: 'squared' }),
          fc.constant<PotentialSpec>({ name: 'squaredPlusCubic' }),
          fc.constant<PotentialSpec>({ name: 'squaredPlusQuartic' }),
          fc
            .tuple(fc.constantFrom('hypentropy' as const, 'woodworth' as const), fc.integer({ min: 1, max: 16 }))
            .map(([name, k]): PotentialSpec => ({ name, param: String(k / 8) })),
        ),
        fc.option(fc.constantFrom(4, 16), { nil: undefined }),
      )
      .map(([p, width]) => (width === undefined ? p : { ...p, width }));

    it('Γ ≥ 1 + ηL·max 1/φ_n″ over |θ| ≤ S (the dual step’s Jacobian I − ηH·diag(1/φ_n″))', () => {
      fc.assert(
        fc.property(
          specArb,
          fc.integer({ min: 1, max: 16 }).map((k) => String(k / 16)),
          fc.constantFrom(0.25, 0.5, 2, 8),
          (potential, lr, S) => {
            const p = makePotential(B, potential);
            // φ″ is monotone on each side of 0 (potentials/types.ts), so the extremes over [−S, S] are at −S, 0, S
            const maxInv = Math.max(...p.hess(B.vec([String(-S), '0', String(S)])).map((h) => 1 / h));
            // any L: the law's problems have L ≤ 1, the bound holds for every L
            const L = 2;
            const { gamma } = md.errorGrowth({ lr, potential }, L, S);
            expect(gamma).toBeGreaterThanOrEqual((1 + Number(lr) * L * maxInv) * (1 - 1e-12));
          },
        ),
        { seed: 7, numRuns: 300 },
      );
    });

    it('K covers the measured round trip (∇Φ)⁻¹(∇Φ(θ)) times the way back (1 + w), w = max 1/φ_n″', () => {
      const u = 2 ** -53;
      fc.assert(
        fc.property(specArb, fc.constantFrom(0.5, 2, 8, 64), (potential, S) => {
          const p = makePotential(B, potential);
          const grid = Array.from({ length: 65 }, (_, i) => String(S * (i / 32 - 1)));
          const theta = B.vec(grid);
          const back = p.gradInv(p.grad(theta));
          const rho = Math.max(...theta.map((t, i) => (t === 0 ? 0 : Math.abs(back[i]! - t) / (u * Math.abs(t)))));
          const w = Math.max(...p.hess(B.vec([String(-S), '0', String(S)])).map((h) => 1 / h));
          const { K } = md.errorGrowth({ lr: '0.5', potential }, 1, S);
          expect(K).toBeGreaterThanOrEqual((1 + w) * Math.max(1, rho) * (1 - 1e-12));
        }),
        { seed: 11, numRuns: 200 },
      );
    });

    it('hypentropy: K covers the round trip bound (14 + 8|z|)u, z = asinh(cS/β), that steppers.test.ts checks', () => {
      for (const beta of ['0.125', '0.5', '1', '2']) {
        for (const width of [undefined, 4]) {
          for (const S of [0.5, 2, 8]) {
            const potential: PotentialSpec = { name: 'hypentropy', param: beta, ...(width ? { width } : {}) };
            const cS = Math.sqrt(width ?? 1) * S;
            const w = Math.sqrt(cS * cS + Number(beta) ** 2); // 1/φ″(y) = √(y² + β²), largest at |y| = cS
            const { K } = md.errorGrowth({ lr: '0.5', potential }, 1, S);
            expect(K).toBeGreaterThanOrEqual((1 + w) * (14 + 8 * Math.asinh(cS / Number(beta))) * (1 - 1e-12));
          }
        }
      }
    });

    it('x² + x⁴: K covers the round trip far out, where its error grows like log(cS) (the cube root of a + s)', () => {
      const u = 2 ** -53;
      const p = makePotential(B, { name: 'squaredPlusQuartic' });
      for (const S of [1e8, 1e16, 1e30]) {
        const theta = B.vec(Array.from({ length: 2000 }, (_, i) => String(S * ((i + 1) / 2000) * (1 + i * 1e-7))));
        const back = p.gradInv(p.grad(theta));
        const rho = Math.max(...theta.map((t, i) => Math.abs(back[i]! - t) / (u * t)));
        const { K } = md.errorGrowth({ lr: '0.5', potential: { name: 'squaredPlusQuartic' } }, 1, S);
        expect(K).toBeGreaterThanOrEqual((1 + 0.5) * rho);
      }
    });

    it('has no bound for the potentials its law does not run (negative entropy)', () => {
      expect(() => md.errorGrowth({ lr: '0.5', potential: { name: 'negEntropy' } }, 1, 1)).toThrow(
        new RangeError('mirrorDescent.errorGrowth: no bound for the potential negEntropy'),
      );
    });

    it('its law runs every family it bounds, scaled and unscaled', () => {
      const seen = new Set(
        fc.sample(md.hyper, { seed: 3, numRuns: 400 }).map((s) => `${s.potential.name}@${s.potential.width ?? 1}`),
      );
      for (const name of ['squared', 'hypentropy', 'woodworth', 'squaredPlusCubic', 'squaredPlusQuartic']) {
        expect(seen.has(`${name}@1`)).toBe(true);
        expect(seen.has(`${name}@4`)).toBe(true);
      }
    });
  });
});
