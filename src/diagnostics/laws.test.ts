/**
 * Runs the diagnostic law suite (laws.ts) over every registered diagnostic (index.ts `DIAGNOSTICS`) on f64 and dd
 * against dec:60. A diagnostic joins by being added to the registry.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { exactDecimal } from '../numeric/exact.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { DIAGNOSTICS } from './index.js';
import {
  checkDiagonalSharpness,
  checkHonest,
  checkMarginScaling,
  checkRankOneStableRank,
  diagnosticCases,
  instantiateCase,
  riskCases,
} from './laws.js';
import type { Diagnostic } from './types.js';

const ref: AnyBackend = decBackend(60);
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: 20 },
  { B: ddBackend(), runs: 12 },
];
const dyadic = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));
const nonzero = fc.integer({ min: 1, max: 16 }).chain((k) => fc.constantFrom(exactDecimal(k / 8), exactDecimal(-k / 8)));

for (const [name, d] of Object.entries(DIAGNOSTICS) as [string, Diagnostic][]) {
  describe(`diagnostic ${name}`, () => {
    for (const { B, runs } of backends) {
      it(`has an honest error bar: value ± err contains the dec:60 value on the same exact instance (${B.id})`, () => {
        // Only cases where the diagnostic applies count toward the runs (fc.pre discards the rest).
        fc.assert(
          fc.property(diagnosticCases, (c) => {
            fc.pre(d.applies(instantiateCase(B, c).F));
            checkHonest(d, c, B, ref);
          }),
          { numRuns: runs, maxSkipsPerRun: 200 },
        );
      });
    }
  });
}

describe('structural diagnostic laws', () => {
  for (const B of [...backends.map((b) => b.B), ref]) {
    it(`sharpness of a diagonal quadratic is its largest eigenvalue within err (${B.id})`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.array(dyadic, { minLength: n, maxLength: n }), fc.array(dyadic, { minLength: n, maxLength: n }))), ([diag, theta]) =>
          checkDiagonalSharpness(B, diag, theta),
        ),
        { numRuns: B === ref ? 5 : 30 },
      );
    });
    it(`stable rank of a rank-1 layer is 1 within err (${B.id})`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 4 }).chain((d1) =>
            fc.tuple(fc.array(nonzero, { minLength: d1, maxLength: d1 }), fc.array(nonzero, { minLength: 1, maxLength: 4 }), fc.array(nonzero, { minLength: d1, maxLength: d1 })),
          ),
          ([x, z, rest]) => checkRankOneStableRank(B, x, z, rest),
        ),
        { numRuns: B === ref ? 5 : 30 },
      );
    });
    it(`the normalized margin is invariant under θ → cθ for homogeneous models (${B.id})`, () => {
      fc.assert(
        fc.property(riskCases, fc.constantFrom('0.25', '0.5', '2', '3'), (c, s) => checkMarginScaling(c, s, B)),
        { numRuns: B === ref ? 5 : 30 },
      );
    });
  }
});

describe('the diagnostic law suite can fail', () => {
  it('rejects an error bar of zero on an inexact f64 loss', () => {
    const B = f64Backend();
    const dishonest: Diagnostic = {
      ...DIAGNOSTICS.loss,
      compute: (ctx) => ({ value: (DIAGNOSTICS.loss.compute(ctx) as { value: unknown }).value, err: ctx.F.B.zero }),
    };
    const c = {
      type: 'risk' as const,
      model: 'linearClassifier' as const,
      mcase: { spec: { d: 2 }, X: [['0.5', '1.5'], ['1.5', '0.5']], theta: ['0.375', '-1.25'], u: ['0', '0'], v: ['0', '0'], g: ['0', '0'], y: ['1', '-1'], c: '1' },
      loss: 'logistic' as const,
      reduction: 'mean' as const,
      direction: ['1', '1'],
    };
    expect(() => checkHonest(dishonest, c, B, ref)).toThrow(/dishonest error bar/);
    expect(() => checkHonest(DIAGNOSTICS.loss, c, B, ref)).not.toThrow();
  });
});
