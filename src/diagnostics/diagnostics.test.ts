/**
 * Diagnostics on hand-checked instances (theorems A §1.2, §2.2, §3.2, §4a): closed-form values lie within the error
 * bars, the registry / JSON / run-hook plumbing works, and undefined quantities throw naming the model.
 */
import { describe, expect, it } from 'vitest';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { logistic } from '../losses/logistic.js';
import { square } from '../losses/square.js';
import { deepLinear } from '../models/deepLinear.js';
import { linear2 } from '../models/linear2.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { scalarNet } from '../models/scalarNet.js';
import { twoLayer } from '../models/twoLayer.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Measured } from '../numeric/types.js';
import { objective } from '../objective.js';
import { DIAGNOSTICS, DIAGNOSTIC_NAMES, applicableDiagnostics, diagnosticHooks, diagnosticToJson } from './index.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
const backends: AnyBackend[] = [f64Backend(), decBackend(40)];

/**
 * |m.value − want| ≤ m.err (+ 2u|want| when want is an irrational computed in B by one sqrt), and the bar is small:
 * ≤ 1e6·u·scale (a loose upper limit, so a useless bar fails).
 */
function expectWithin(B: AnyBackend, m: Measured<any>, want: string | { sqrt: string }, scale = '1'): void {
  const w = typeof want === 'string' ? B.num(want) : B.sqrt(B.num(want.sqrt));
  const slack = typeof want === 'string' ? B.zero : B.mul(B.mul(B.int(2), B.eps), w);
  const d = B.abs(B.sub(m.value, w));
  expect(B.cmp(d, B.add(m.err, slack)) <= 0, `${B.id}: ${B.show(m.value)} ± ${B.show(m.err)} vs ${JSON.stringify(want)}`).toBe(true);
  expect(B.cmp(m.err, B.mul(B.mul(B.num('1e6'), B.eps), B.num(scale))) <= 0, `${B.id}: bar ${B.show(m.err)} too wide`).toBe(true);
}

describe('diagnostics on closed-form instances', () => {
  for (const B of backends) {
    it(`linear2 at a minimizer: sharpness = ‖a‖² + ‖b‖², loss = 0, imbalance Q = ‖a+b‖‖a−b‖ (${B.id})`, () => {
      // a = (1, 0.5), b = (0.5, 1): aᵀb = 1 = Φ; λ = 2.5, Q = √(4.5·0.5) = 1.5 (theorems A §1.2)
      const F = objective(B, linear2(B, { k: 2 }), square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
      const ctx = { F, theta: B.vec(['1', '0.5', '0.5', '1']) };
      expectWithin(B, DIAGNOSTICS.sharpness.compute(ctx) as Measured<any>, '2.5', '10');
      expectWithin(B, DIAGNOSTICS.loss.compute(ctx) as Measured<any>, '0');
      expectWithin(B, DIAGNOSTICS.gradNorm.compute(ctx) as Measured<any>, '0');
      const inv = DIAGNOSTICS.invariants.compute(ctx) as any;
      expectWithin(B, inv.normDiff, '0');
      expectWithin(B, inv.imbalanceQ, '1.5', '10');
      expectWithin(B, inv.matrix[0][1], '0');
      expectWithin(B, inv.matrix[0][0], '0.75');
    });

    it(`scalarNet: w_i² − w_{i+1}² and norms (${B.id})`, () => {
      const F = objective(B, scalarNet(B, { depth: 3 }), square(B), { X: B.mat([['1']]), y: B.vec(['2']) });
      const ctx = { F, theta: B.vec(['2', '-1', '0.5']) };
      const inv = DIAGNOSTICS.invariants.compute(ctx) as any;
      expectWithin(B, inv.consecutive[0], '3');
      expectWithin(B, inv.consecutive[1], '0.75');
      const norms = DIAGNOSTICS.norms.compute(ctx) as any;
      expectWithin(B, norms.w, { sqrt: '5.25' }, '10');
      // loss ½(π − y)² = ½(−1 − 2)² = 4.5
      expectWithin(B, DIAGNOSTICS.loss.compute(ctx) as Measured<any>, '4.5', '10');
    });

    it(`deepLinear: D_1, rank-1 aligned layers have stable rank 1 and alignment 1 (${B.id})`, () => {
      // W1 = x zᵀ with x = (1, 2)/…, W2 = xᵀ: top left singular vector of W1 ∥ x ∥ top right of W2.
      const model = deepLinear(B, { widths: [2, 2, 1] });
      const F = objective(B, model, logistic(B), { X: B.mat([['1', '0.5']]), y: B.vec(['1']) });
      const theta = B.vec(['0.5', '0.25', '1', '0.5', '1', '2']); // W1 = [[0.5,0.25],[1,0.5]] = (1,2)ᵀ(0.5,0.25), W2 = [1, 2]
      const ctx = { F, theta };
      expectWithin(B, (DIAGNOSTICS.alignment.compute(ctx) as any)['W1-W2'], '1', '100');
      expectWithin(B, (DIAGNOSTICS.stableRank.compute(ctx) as any)['W1'], '1', '100');
      const D = (DIAGNOSTICS.invariants.compute(ctx) as any)['D1'];
      // W2ᵀW2 = [[1,2],[2,4]], W1W1ᵀ = [[0.3125,0.625],[0.625,1.25]]: D = [[0.6875,1.375],[1.375,2.75]]
      expectWithin(B, D.entries[0][1], '1.375');
      expectWithin(B, D.trace, '3.4375');
      expectWithin(B, D.lambdaMax, '3.4375', '100'); // D is rank 1
      expectWithin(B, D.lambdaMin, '0', '100');
      const sv = (DIAGNOSTICS.singularValues.compute(ctx) as any)['W2'];
      expectWithin(B, sv[0], { sqrt: '5' }, '100');
    });

    it(`linear classifier: margin and directional gap (${B.id})`, () => {
      // Soudry et al. Fig. 1 support vectors: x = (0.5, 1.5), (1.5, 0.5), labels +1; w = (1, 1): margin 2/√2 = √2
      const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), { X: B.mat([['0.5', '1.5'], ['1.5', '0.5']]), y: B.vec(['1', '1']) }, { reduction: 'sum' });
      const ctx = { F, theta: B.vec(['1', '1']), direction: B.vec(['0.5', '0.5']) };
      expectWithin(B, DIAGNOSTICS.margin.compute(ctx) as Measured<any>, { sqrt: '2' }, '10');
      expectWithin(B, DIAGNOSTICS.directionalGap.compute(ctx) as Measured<any>, '0', '10');
      const gap = DIAGNOSTICS.directionalGap.compute({ ...ctx, direction: B.vec(['1', '0']) }) as Measured<any>;
      expectWithin(B, gap, { sqrt: '0.585786437626904951198311275790301921430' }, '10'); // √(2 − √2); 2 − √2 to 39 digits (its rounding ≤ 1e-39 ≪ u·0.5 on dec:40)
    });
  }
});

describe('registry, JSON and run hooks', () => {
  const B = f64Backend();
  it('lists exactly the documented names and which apply to a model', () => {
    expect(DIAGNOSTIC_NAMES).toEqual(['loss', 'gradNorm', 'sharpness', 'norms', 'invariants', 'margin', 'singularValues', 'stableRank', 'alignment', 'directionalGap']);
    const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), { X: B.mat([['1', '0']]), y: B.vec(['1']) });
    expect(applicableDiagnostics(F)).toEqual(['loss', 'gradNorm', 'sharpness', 'norms', 'margin', 'directionalGap']);
  });

  it('turns values into exact strings with diagnosticToJson', () => {
    const F = objective(B, linear2(B, { k: 1 }), square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    const j = diagnosticToJson(B, DIAGNOSTICS.norms.compute({ F, theta: B.vec(['0.5', '2']) })) as any;
    expect(j.a.value).toBe('0.5');
    expect(typeof j.total.err).toBe('string');
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it('plugs into run: each saved step records the named diagnostics', () => {
    const F = objective(B, linear2(B, { k: 2 }), square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    const out = run(F, gd(B, { lr: B.num('0.125') }), B.vec(['1', '0', '0', '0.5']), {
      steps: 3,
      save: { every: 1 },
      diagnostics: diagnosticHooks(['loss', 'sharpness', 'invariants']),
    });
    expect(out.trajectory).toHaveLength(4);
    const p = out.trajectory[3]!;
    expect(B.toNumber((p.loss as Measured<any>).value)).toBeLessThan(B.toNumber((out.trajectory[0]!.loss as Measured<any>).value));
    // ‖a₀‖² − ‖b₀‖² = 1 − 0.25 = 0.75 at k = 0 (dyadic, exact on f64); later steps still carry a measured value
    const nd0 = (out.trajectory[0]!.invariants as any).normDiff as Measured<any>;
    expect(B.cmp(B.abs(B.sub(nd0.value, B.num('0.75'))), nd0.err)).toBeLessThanOrEqual(0);
    const nd3 = (p.invariants as any).normDiff as Measured<any>;
    expect(B.isFinite(nd3.value) && B.isFinite(nd3.err)).toBe(true);
    expect(() => diagnosticHooks(['sharpnes'])).toThrow(/unknown diagnostic 'sharpnes'.*sharpness/);
  });

  it('throws naming the model when a diagnostic is undefined', () => {
    const fixed = twoLayer(B, { width: 1, inputDim: 1, activation: 'relu', trainFirst: false, trainSecond: true, bias: true, fixed: { u: B.mat([['1']]), c: B.vec(['1']) } });
    const F = objective(B, fixed, square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(DIAGNOSTICS.margin.applies(F)).toBe(false);
    expect(() => DIAGNOSTICS.margin.compute({ F, theta: B.vec(['1']) })).toThrow(/twoLayer declares no positive homogeneity/);
    expect(() => DIAGNOSTICS.loss.compute({ F, theta: B.vec(['1']) })).toThrow(/majorant/);
    const G = objective(B, linearClassifier(B, { d: 1 }), logistic(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(() => DIAGNOSTICS.margin.compute({ F: G, theta: B.vec(['0']) })).toThrow(/θ = 0/);
    expect(() => DIAGNOSTICS.directionalGap.compute({ F: G, theta: B.vec(['1']) })).toThrow(/ctx.direction/);
  });
});
