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
import type { Measured, Repr } from '../numeric/types.js';
import { quadratic } from '../objective/quadratic.js';
import type { Diagnostic, DiagnosticContext, DiagnosticValue } from './types.js';

const ref: AnyBackend = decBackend(60);
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: 20 },
  { B: ddBackend(), runs: 12 },
];
const dyadic = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));
const nonzero = fc
  .integer({ min: 1, max: 16 })
  .chain((k) => fc.constantFrom(exactDecimal(k / 8), exactDecimal(-k / 8)));

for (const [name, d] of Object.entries(DIAGNOSTICS) as [string, Diagnostic][]) {
  describe(`diagnostic ${name}`, () => {
    for (const { B, runs } of backends) {
      it(`has an honest error bar: value ± err contains the dec:60 value on the same exact instance (${B.id})`, () => {
        // Only cases where the diagnostic applies count toward the runs (fc.pre discards the rest).
        fc.assert(
          fc.property(diagnosticCases, (c) => {
            fc.pre(d.applies(instantiateCase(B, c).F));
            // a case with nothing to compare (undefined on the reference) is discarded too: always-throwing fails
            fc.pre(checkHonest(d, c, B, ref));
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
        fc.property(
          fc
            .integer({ min: 1, max: 6 })
            .chain((n) =>
              fc.tuple(
                fc.array(dyadic, { minLength: n, maxLength: n }),
                fc.array(dyadic, { minLength: n, maxLength: n }),
              ),
            ),
          ([diag, theta]) => checkDiagonalSharpness(B, diag, theta),
        ),
        { numRuns: B === ref ? 5 : 30 },
      );
    });
    it(`stable rank of a rank-1 layer is 1 within err (${B.id})`, () => {
      fc.assert(
        fc.property(
          fc
            .integer({ min: 1, max: 4 })
            .chain((d1) =>
              fc.tuple(
                fc.array(nonzero, { minLength: d1, maxLength: d1 }),
                fc.array(nonzero, { minLength: 1, maxLength: 4 }),
                fc.array(nonzero, { minLength: d1, maxLength: d1 }),
              ),
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
      mcase: {
        spec: { d: 2 },
        X: [
          ['0.5', '1.5'],
          ['1.5', '0.5'],
        ],
        theta: ['0.375', '-1.25'],
        u: ['0', '0'],
        v: ['0', '0'],
        g: ['0', '0'],
        y: ['1', '-1'],
        c: '1',
      },
      loss: 'logistic' as const,
      reduction: 'mean' as const,
      direction: ['1', '1'],
    };
    expect(() => checkHonest(dishonest, c, B, ref)).toThrow(/dishonest error bar/);
    expect(checkHonest(DIAGNOSTICS.loss, c, B, ref)).toBe(true);
  });

  it('does not count a diagnostic that is undefined everywhere as honest (the case is reported as not compared)', () => {
    const undefinedEverywhere: Diagnostic = {
      ...DIAGNOSTICS.loss,
      compute: () => {
        throw new Error('undefined');
      },
    };
    const c = { type: 'quadratic' as const, diag: ['1', '2'], theta: ['0.5', '-1'] };
    expect(checkHonest(undefinedEverywhere, c, f64Backend(), ref)).toBe(false);
  });

  it('rejects a sharpness that returns the largest |eigenvalue| instead of the largest eigenvalue', () => {
    const B = f64Backend();
    const absSharpness: Diagnostic = {
      ...DIAGNOSTICS.sharpness,
      compute: (ctx) => {
        const Bk = ctx.F.B;
        const H = ctx.F.hessian!(ctx.theta);
        const n = Bk.rows(H);
        const absDiag = Bk.diag(Bk.pack(Array.from({ length: n }, (_, i) => Bk.abs(Bk.mget(H, i, i)))));
        return DIAGNOSTICS.sharpness.compute({ F: quadratic(Bk, { A: absDiag }), theta: ctx.theta });
      },
    };
    expect(() => checkDiagonalSharpness(B, ['-3', '1'], ['1', '1'])).not.toThrow();
    expect(() => checkDiagonalSharpness(B, ['-3', '1'], ['1', '1'], absSharpness)).toThrow(/sharpness/);
  });

  it('rejects a stable rank that is off by one', () => {
    const B = f64Backend();
    const offByOne: Diagnostic = {
      ...DIAGNOSTICS.stableRank,
      compute: <R extends Repr>(ctx: DiagnosticContext<R>) => {
        const raw: DiagnosticValue<R> = DIAGNOSTICS.stableRank.compute(ctx);
        const v = raw as Record<string, Measured<R>>;
        return Object.fromEntries(
          Object.entries(v).map(([k, m]) => [k, { value: ctx.F.B.add(m.value, ctx.F.B.one), err: m.err }]),
        );
      },
    };
    expect(() => checkRankOneStableRank(B, ['0.5', '-1'], ['1.5'], ['1', '0.25'])).not.toThrow();
    expect(() => checkRankOneStableRank(B, ['0.5', '-1'], ['1.5'], ['1', '0.25'], offByOne)).toThrow(/stableRank/);
  });

  it('rejects an unnormalized margin (min_i y_i f(x_i; θ) without dividing by ‖θ‖^L) by its scaling law', () => {
    const B = f64Backend();
    const unnormalized: Diagnostic = {
      ...DIAGNOSTICS.margin,
      compute: <R extends Repr>(ctx: DiagnosticContext<R>) => {
        const m = DIAGNOSTICS.margin.compute(ctx);
        const Bk = ctx.F.B;
        return { value: Bk.mul(m.value, Bk.nrm2(ctx.theta)), err: Bk.mul(m.err, Bk.nrm2(ctx.theta)) };
      },
    };
    const c = {
      type: 'risk' as const,
      model: 'linearClassifier' as const,
      mcase: {
        spec: { d: 2 },
        X: [
          ['0.5', '1.5'],
          ['1.5', '0.5'],
        ],
        theta: ['0.375', '-1.25'],
        u: ['0', '0'],
        v: ['0', '0'],
        g: ['0', '0'],
        y: ['1', '-1'],
        c: '1',
      },
      loss: 'logistic' as const,
      reduction: 'mean' as const,
      direction: ['1', '1'],
    };
    expect(() => checkMarginScaling(c, '2', B)).not.toThrow();
    expect(() => checkMarginScaling(c, '2', B, unnormalized)).toThrow(/not scale-invariant/);
  });
});
