/**
 * Diagnostics on hand-checked instances (docs/theorems/: eos E2, E11; maxmargin M5; lowrank R2): closed-form values lie
 * within the error bars, the registry / JSON / run-hook plumbing works, and undefined quantities throw naming the
 * model.
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
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { AnyBackend, Backend, Measured, Repr, S } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { DIAGNOSTICS, DIAGNOSTIC_NAMES, applicableDiagnostics, diagnosticHooks, diagnosticToJson } from './index.js';
import { isMeasured, type DiagnosticValue } from './types.js';

const backends: AnyBackend[] = [f64Backend(), decBackend(40)];

/**
 * |m.value − want| ≤ m.err (+ 2u|want| when want is an irrational computed in B by one sqrt), and m.err ≤ cap, where
 * cap is the diagnostic's own a-priori rounding model (its module comment) evaluated at the instance's exact
 * magnitudes: a bar that is honest but needlessly pessimistic (a wrong count, a missing cancellation) fails.
 */
function expectWithin<R extends Repr>(
  B: Backend<R>,
  v: DiagnosticValue<R> | undefined,
  want: string | { sqrt: string },
  cap: S<R>,
): void {
  const m = leaf(v);
  const w = typeof want === 'string' ? B.num(want) : B.sqrt(B.num(want.sqrt));
  const slack = typeof want === 'string' ? B.zero : B.mul(B.mul(B.int(2), B.eps), w);
  const d = B.abs(B.sub(m.value, w));
  expect(
    B.cmp(d, B.add(m.err, slack)) <= 0,
    `${B.id}: ${B.show(m.value)} ± ${B.show(m.err)} vs ${JSON.stringify(want)}`,
  ).toBe(true);
  expect(B.cmp(m.err, cap) <= 0, `${B.id}: bar ${B.show(m.err)} > model cap ${B.show(cap)}`).toBe(true);
}

/**
 * c·u (c a double: a rounding count times exact magnitudes). Convention for every cap below: each count n of the
 * implementation becomes n + 1, which covers γ_n = nu/(1 − nu) ≤ (n + 1)u and the rounding of the bar itself.
 * Measured bar/cap: 0.67–0.99 on f64 and dec:40, so a bar 2× too wide fails every check.
 */
const ub = <R extends Repr>(B: Backend<R>, c: number): S<R> => B.mul(B.eps, B.fromDouble(c));

/** The part of a diagnostic value at `path` (keys and indices), or undefined when the value has another shape. */
function at<R extends Repr>(
  v: DiagnosticValue<R> | undefined,
  ...path: (string | number)[]
): DiagnosticValue<R> | undefined {
  let x = v;
  for (const k of path) {
    if (x === undefined || isMeasured(x)) return undefined;
    x = (x as Readonly<Record<string | number, DiagnosticValue<R> | undefined>>)[k];
  }
  return x;
}

/** The measured leaf at `path`; throws naming the path when there is none (a wrong shape fails the test). */
function leaf<R extends Repr>(v: DiagnosticValue<R> | undefined, ...path: (string | number)[]): Measured<R> {
  const x = at(v, ...path);
  if (x === undefined || !isMeasured(x)) throw new Error(`no value with an error bar at [${path.join(', ')}]`);
  return x;
}

/**
 * Eigenvalue bar of an isolated λ (linalg/eigh.ts residual bound ρ ≈ 2g(‖A‖_F + |λ|), g = 2(n + 2)u), in units of u.
 */
const eigU = (n: number, normF: number, lam: number): number => 4 * (n + 3) * (normF + Math.abs(lam));
/** Singular-value bar of an isolated σ (linalg/svd.ts, the same residual bound with g = 2(max(m, n) + 2)u), in u. */
const svU = (mMax: number, normF: number, s: number): number => 4 * (mMax + 3) * (normF + s);

describe('diagnostics on closed-form instances', () => {
  for (const B of backends) {
    it(`linear2 at a minimizer: sharpness = ‖a‖² + ‖b‖², loss = 0, imbalance Q = ‖a+b‖‖a−b‖ (${B.id})`, () => {
      // a = (1, 0.5), b = (0.5, 1): aᵀb = 1 = Φ; λ = 2.5, Q = √(4.5·0.5) = 1.5 (docs/theorems/eos.md E2)
      const F = objective(B, linear2(B, { k: 2 }), square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
      const ctx = { F, theta: B.vec(['1', '0.5', '0.5', '1']) };
      // objectiveBounds.ts: K = 4(dim 4 + n 1 + inputDim 1 + degree 2 + 4) = 48; prediction bar δ = 2γ_K·M, M = |a|ᵀ|b|
      // = 1; at f = y: ℓ' = 0, ℓ'' = 1, e1 = δ + 2u|f| ≈ (2K + 2)u. ∇²F = JJᵀ (J = (b; a) ≥ 0, ‖H‖_F = ‖J‖² = 2.5), ∇²f
      // = [[0,I],[I,0]].
      const K = 48;
      // sharpness: ‖E‖_F ≤ 2[(γ_3K + 3u)‖|J||J|ᵀ‖_F + e1‖∇²f‖_F] + eigensolver bar at λ = ‖H‖_F = 2.5 (n = 4)
      expectWithin(
        B,
        DIAGNOSTICS.sharpness.compute(ctx),
        '2.5',
        ub(B, 2 * ((3 * K + 4) * 2.5 + (2 * K + 3) * 2) + eigU(4, 2.5, 2.5)),
      );
      // loss = 0: square-loss bar 5u·ℓ + sup|ℓ'|·δ with ℓ = 0, sup|ℓ'| ≤ e1: second order, 2·(2K + 3)(2K + 1)·M²·u², ×
      // MARGIN
      expectWithin(B, DIAGNOSTICS.loss.compute(ctx), '0', B.mul(ub(B, 2 * (2 * K + 3) * (2 * K + 1)), B.eps));
      // gradNorm = 0: ∇F bar 2·e1·|J|, nrm2 of it, × MARGIN: 4(2K + 3)·‖J‖ with ‖J‖ = √2.5
      expectWithin(B, DIAGNOSTICS.gradNorm.compute(ctx), '0', ub(B, 4 * (2 * K + 3) * Math.sqrt(2.5)));
      const inv = DIAGNOSTICS.invariants.compute(ctx);
      // ‖a‖² − ‖b‖²: 2γ_{k+2}(‖a‖² + ‖b‖² + |Δ|), k = 2
      expectWithin(B, at(inv, 'normDiff'), '0', ub(B, 2 * 5 * 2.5));
      // Q = ‖a+b‖·‖a−b‖: 2(2k + 22)u·Q
      expectWithin(B, at(inv, 'imbalanceQ'), '1.5', ub(B, 2 * 27 * 1.5));
      // C_ij = a_ia_j − b_ib_j: 2·3u(|a_ia_j| + |b_ib_j|)
      expectWithin(B, at(inv, 'matrix', 0, 1), '0', ub(B, 2 * 4 * (0.5 + 0.5)));
      expectWithin(B, at(inv, 'matrix', 0, 0), '0.75', ub(B, 2 * 4 * (1 + 0.25)));
    });

    it(`scalarNet: w_i² − w_{i+1}² and norms (${B.id})`, () => {
      const F = objective(B, scalarNet(B, { depth: 3 }), square(B), { X: B.mat([['1']]), y: B.vec(['2']) });
      const ctx = { F, theta: B.vec(['2', '-1', '0.5']) };
      const inv = DIAGNOSTICS.invariants.compute(ctx);
      // w_i² − w_{i+1}²: 2·2u(w_i² + w_{i+1}² + |Δ|)
      expectWithin(B, at(inv, 'consecutive', 0), '3', ub(B, 2 * 3 * (4 + 1 + 3)));
      expectWithin(B, at(inv, 'consecutive', 1), '0.75', ub(B, 2 * 3 * (1 + 0.25 + 0.75)));
      const norms = DIAGNOSTICS.norms.compute(ctx);
      // nrm2: 2(n + 8)u·‖w‖, n = 3
      expectWithin(B, at(norms, 'w'), { sqrt: '5.25' }, ub(B, 2 * 12 * Math.sqrt(5.25)));
      // loss ½(π − y)² = ½(−1 − 2)² = 4.5. Bar 2[5uℓ + |ℓ'|δ + γ_{n+2}ℓ + uℓ] with |ℓ'| = 3, δ = 2γ_K·M, M = Π|w| = 1,
      // K = 4(dim 3 + n 1 + inputDim 1 + degree 3 + 4) = 48, n = 1 sample.
      expectWithin(B, DIAGNOSTICS.loss.compute(ctx), '4.5', ub(B, 2 * ((6 + 4 + 2) * 4.5 + 2 * 49 * 3)));
    });

    it(`deepLinear: D_1, rank-1 aligned layers have stable rank 1 and alignment 1 (${B.id})`, () => {
      // W1 = x zᵀ with x = (1, 2)/…, W2 = xᵀ: top left singular vector of W1 ∥ x ∥ top right of W2.
      const model = deepLinear(B, { widths: [2, 2, 1] });
      const F = objective(B, model, logistic(B), { X: B.mat([['1', '0.5']]), y: B.vec(['1']) });
      const theta = B.vec(['0.5', '0.25', '1', '0.5', '1', '2']); // W1 = [[0.5,0.25],[1,0.5]] = (1,2)ᵀ(0.5,0.25), W2 = [1, 2]
      const ctx = { F, theta };
      // Rank 1: σ₁(W1) = ‖W1‖_F = 1.25, σ₁(W2) = ‖W2‖_F = √5; the gap to the rest of J's spectrum is σ₁ itself.
      const [s1, s2] = [1.25, Math.sqrt(5)];
      // alignment (spectral.ts): (π/2)(s_1 + s_2) + 2(2d + 20)u, s_l = 2ρ_l/σ_l + 4g (svd.ts Davis–Kahan), g = 2(2 +
      // 2)u
      const vecU = (s: number) => (2 * svU(2, s, s)) / s + 4 * 2 * (2 + 3);
      expectWithin(
        B,
        at(DIAGNOSTICS.alignment.compute(ctx), 'W1-W2'),
        '1',
        ub(B, 1.5708 * (vecU(s1) + vecU(s2)) + 2 * (2 * 2 + 21)),
      );
      // stableRank (svd.ts): srank·(2g_F + g + 2e_σ/σ), g_F = 2(mn + 2)u, g = 2(4 + 2)u, e_σ = σ₁'s bar
      expectWithin(
        B,
        at(DIAGNOSTICS.stableRank.compute(ctx), 'W1'),
        '1',
        ub(B, 4 * (4 + 3) + 2 * (4 + 3) + (2 * svU(2, s1, s1)) / s1),
      );
      const D = at(DIAGNOSTICS.invariants.compute(ctx), 'D1');
      // W2ᵀW2 = [[1,2],[2,4]], W1W1ᵀ = [[0.3125,0.625],[0.625,1.25]]: D = [[0.6875,1.375],[1.375,2.75]]
      // Entry bars 2γ_{m+4}(|W2|ᵀ|W2| + |W1||W1|ᵀ + |D|), m = 2: that sum is [[2,4],[4,8]] (Frobenius 10); D is rank 1,
      // ‖D‖_F = 3.4375.
      const e = (x: number) => 2 * (2 + 5) * x;
      expectWithin(B, at(D, 'entries', 0, 1), '1.375', ub(B, e(4)));
      // trace: 2(Σ E_ii + γ_{d+1}Σ|D_ii|), d = 2
      expectWithin(B, at(D, 'trace'), '3.4375', ub(B, 2 * (e(2 + 8) + 4 * 3.4375)));
      // eigenvalues: ‖E‖_F (Weyl) + the eigensolver bar (n = 2)
      expectWithin(B, at(D, 'lambdaMax'), '3.4375', ub(B, e(10) + eigU(2, 3.4375, 3.4375)));
      expectWithin(B, at(D, 'lambdaMin'), '0', ub(B, e(10) + eigU(2, 3.4375, 0)));
      const sv = at(DIAGNOSTICS.singularValues.compute(ctx), 'W2');
      expectWithin(B, at(sv, 0), { sqrt: '5' }, ub(B, svU(2, s2, s2)));
    });

    it(`linear classifier: margin and directional gap (${B.id})`, () => {
      // Soudry et al. Fig. 1 support vectors: x = (0.5, 1.5), (1.5, 0.5), labels +1; w = (1, 1): margin 2/√2 = √2
      const F = objective(
        B,
        linearClassifier(B, { d: 2 }),
        logistic(B),
        {
          X: B.mat([
            ['0.5', '1.5'],
            ['1.5', '0.5'],
          ]),
          y: B.vec(['1', '1']),
        },
        { reduction: 'sum' },
      );
      const ctx = { F, theta: B.vec(['1', '1']), direction: B.vec(['0.5', '0.5']) };
      // margin.ts: 2[(|y|δ + u|q| + |q|η)/‖θ‖ + u·γ], q = M = 2, δ = 2γ_K·M, K = 4(2 + 2 + 2 + 2 + 4) = 48, η = 2(L(n +
      // 8) + 3L + 4)u (L = 1, n = 2)
      expectWithin(
        B,
        DIAGNOSTICS.margin.compute(ctx),
        { sqrt: '2' },
        ub(B, 2 * ((2 * 49 * 2 + (2 + 2 * 11 + 2 * 8) * 2) / Math.SQRT2 + 2 * Math.SQRT2)),
      );
      // direction.ts: 2[(n + 11)u(‖x̂‖ + ‖ŷ‖) + (n + 10)u·gap], ‖x̂‖ = ‖ŷ‖ = 1, n = 2
      expectWithin(B, DIAGNOSTICS.directionalGap.compute(ctx), '0', ub(B, 2 * (14 * 2)));
      const gap = DIAGNOSTICS.directionalGap.compute({ ...ctx, direction: B.vec(['1', '0']) });
      const g = Math.sqrt(2 - Math.SQRT2);
      expectWithin(B, gap, { sqrt: '0.585786437626904951198311275790301921430' }, ub(B, 2 * (14 * 2 + 13 * g))); // √(2 − √2); 2 − √2 to 39 digits (its rounding ≤ 1e-39 ≪ u·0.5 on dec:40)
    });
  }
});

describe('registry, JSON and run hooks', () => {
  const B = f64Backend();
  it('lists exactly the documented names and which apply to a model', () => {
    expect(DIAGNOSTIC_NAMES).toEqual([
      'loss',
      'gradNorm',
      'sharpness',
      'norms',
      'invariants',
      'margin',
      'singularValues',
      'stableRank',
      'softRank',
      'taylor',
      'alignment',
      'directionalGap',
      'bregmanGap',
    ]);
    const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), { X: B.mat([['1', '0']]), y: B.vec(['1']) });
    expect(applicableDiagnostics(F)).toEqual([
      'loss',
      'gradNorm',
      'sharpness',
      'norms',
      'margin',
      'taylor',
      'directionalGap',
      'bregmanGap',
    ]);
  });

  it('turns values into exact strings with diagnosticToJson', () => {
    const F = objective(B, linear2(B, { k: 1 }), square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    const j = diagnosticToJson(B, DIAGNOSTICS.norms.compute({ F, theta: B.vec(['0.5', '2']) }));
    expect(j).toMatchObject({ a: { value: '0.5' }, total: { err: expect.any(String) as string } });
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
    // the trajectory forgets the representation (DiagnosticValue<Repr>); its values came from B, i.e. are doubles
    const ofB = (v: DiagnosticValue<Repr> | undefined, ...path: string[]) => leaf(v, ...path) as Measured<F64>;
    expect(B.toNumber(ofB(p.loss).value)).toBeLessThan(B.toNumber(ofB(out.trajectory[0]!.loss).value));
    // ‖a₀‖² − ‖b₀‖² = 1 − 0.25 = 0.75 at k = 0 (dyadic, exact on f64); later steps still carry a measured value
    const nd0 = ofB(out.trajectory[0]!.invariants, 'normDiff');
    expect(B.cmp(B.abs(B.sub(nd0.value, B.num('0.75'))), nd0.err)).toBeLessThanOrEqual(0);
    const nd3 = ofB(p.invariants, 'normDiff');
    expect(B.isFinite(nd3.value) && B.isFinite(nd3.err)).toBe(true);
    expect(() => diagnosticHooks(['sharpnes'])).toThrow(/unknown diagnostic 'sharpnes'.*sharpness/);
  });

  it('reads what a model declares, never its kind: renamed models keep their diagnostics, stripped ones lose them', () => {
    const X = B.mat([['1']]);
    const pair = { ...linear2(B, { k: 2 }), kind: 'myFactorPair' };
    const F = objective(B, pair, square(B), { X, y: B.vec(['0.5']) });
    expect(applicableDiagnostics(F)).toEqual(
      expect.arrayContaining(['loss', 'gradNorm', 'sharpness', 'invariants', 'margin']),
    );
    // a = (1, 0.5), b = (0.5, 0.25): ‖a‖² − ‖b‖² = 1.25 − 0.3125 = 0.9375 (exact dyadics)
    const inv = DIAGNOSTICS.invariants.compute({ F, theta: B.vec(['1', '0.5', '0.5', '0.25']) });
    expect(B.show(leaf(inv, 'normDiff').value)).toBe('0.9375');
    const { invariants: _i, majorant: _m, homogeneity: _h, ...bare } = pair;
    const G = objective(B, bare, square(B), { X, y: B.vec(['0.5']) });
    expect(
      applicableDiagnostics(G).filter((n) => ['loss', 'gradNorm', 'sharpness', 'invariants', 'margin'].includes(n)),
    ).toEqual([]);
    expect(() => DIAGNOSTICS.invariants.compute({ F: G, theta: B.vec(['1', '0.5', '0.5', '0.25']) })).toThrow(
      /myFactorPair declares no conserved/,
    );

    const lin = { ...linearClassifier(B, { d: 2 }), kind: 'myLinear' };
    const H = objective(B, lin, logistic(B), { X: B.mat([['1', '2']]), y: B.vec(['1']) });
    expect(DIAGNOSTICS.directionalGap.applies(H)).toBe(true);
    const { linearPredictor: _l, ...notLinear } = lin;
    expect(
      DIAGNOSTICS.directionalGap.applies(
        objective(B, notLinear, logistic(B), { X: B.mat([['1', '2']]), y: B.vec(['1']) }),
      ),
    ).toBe(false);
  });

  it('throws naming the model when a diagnostic is undefined', () => {
    const fixed = twoLayer(B, {
      width: 1,
      inputDim: 1,
      activation: 'relu',
      trainFirst: false,
      trainSecond: true,
      bias: true,
      fixed: { u: B.mat([['1']]), c: B.vec(['1']) },
    });
    const F = objective(B, fixed, square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(DIAGNOSTICS.margin.applies(F)).toBe(false);
    expect(() => DIAGNOSTICS.margin.compute({ F, theta: B.vec(['1']) })).toThrow(
      /twoLayer declares no positive homogeneity/,
    );
    // a fixed first layer is a constant of the model, so its majorant (identity net on |u|, |c|) exists: F(1) = ½(2 −
    // 1)²
    const L = leaf(DIAGNOSTICS.loss.compute({ F, theta: B.vec(['1']) }));
    expect(B.cmp(B.abs(B.sub(L.value, B.num('0.5'))), L.err)).toBeLessThanOrEqual(0);
    // a leaky slope |α| > 1 breaks |σ'| ≤ 1: no majorant, so no error bars
    const steep = twoLayer(B, {
      width: 1,
      inputDim: 1,
      activation: 'leakyRelu',
      alpha: '2',
      trainFirst: true,
      trainSecond: true,
      bias: false,
    });
    const S = objective(B, steep, square(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(DIAGNOSTICS.loss.applies(S)).toBe(false);
    expect(() => DIAGNOSTICS.loss.compute({ F: S, theta: B.vec(['1', '1']) })).toThrow(/majorant/);
    const G = objective(B, linearClassifier(B, { d: 1 }), logistic(B), { X: B.mat([['1']]), y: B.vec(['1']) });
    expect(() => DIAGNOSTICS.margin.compute({ F: G, theta: B.vec(['0']) })).toThrow(/θ = 0/);
    expect(() => DIAGNOSTICS.directionalGap.compute({ F: G, theta: B.vec(['1']) })).toThrow(/ctx.direction/);
  });
});
