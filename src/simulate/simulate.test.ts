import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { isInputError } from '../errors.js';
import { formatTable, simulate } from './simulate.js';
import { parseSimSpec } from './spec.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const base = {
  model: { kind: 'linear2', a: ['0.1', '0.2'], b: ['0.3', '-0.1'] },
  data: { x: [['1']], y: ['0.7'] },
  loss: 'square',
  stepper: { kind: 'gd', lr: '0.05' },
  steps: 20,
  save: { every: 10 },
  diagnostics: ['loss', 'gradNorm', 'sharpness'],
};

/** The InputError message thrown by `f` (fails the test when f does not throw one). */
function inputMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isInputError(e), String(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('simulate: bad input is one line naming the field', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'an unknown model kind',
      { ...base, model: { kind: 'resnet', w: ['1'] } },
      /^spec\.model\.kind: unknown model kind "resnet"/,
    ],
    [
      'an unknown stepper kind',
      { ...base, stepper: { kind: 'adam', lr: '0.1' } },
      /^spec\.stepper\.kind: unknown stepper kind "adam"/,
    ],
    [
      'a wrong length',
      { ...base, model: { kind: 'linear2', a: ['0.1', '0.2'], b: ['0.3'] } },
      /^spec\.model\.b: has length 1, expected 2/,
    ],
    [
      'a non-numeric string',
      { ...base, model: { kind: 'linear2', a: ['0.1', 'abc'], b: ['0.3', '0.1'] } },
      /^spec\.model\.a\[1\]: "abc" is not an exact decimal string/,
    ],
    [
      'a JS number instead of a string',
      { ...base, stepper: { kind: 'gd', lr: 0.05 } },
      /^spec\.stepper\.lr: JS number 0\.05/,
    ],
    ['negative steps', { ...base, steps: -5 }, /^spec\.steps: -5 must be a non-negative integer/],
    [
      'a data row of the wrong width',
      { ...base, data: { x: [['1', '2']], y: ['0.7'] } },
      /^spec\.data\.x\[0\]: has length 2, expected 1/,
    ],
    [
      'a missing target',
      { ...base, data: { x: [['1'], ['2']], y: ['0.7'] } },
      /^spec\.data\.y: has length 1, expected 2/,
    ],
    ['an unknown loss', { ...base, loss: 'hinge' }, /^spec\.loss: unknown loss "hinge"/],
    ['a typo in a field name', { ...base, stepper: { kind: 'gd', lrr: '0.1' } }, /^spec\.stepper\.lrr: unknown field/],
    [
      'a save step beyond steps',
      { ...base, save: { steps: [5, 50] } },
      /^spec\.save\.steps\[1\]: 50 exceeds spec\.steps = 20/,
    ],
    ['t1 on a discrete stepper', { ...base, t1: '1' }, /^spec\.t1: only applies to gradient flow/],
    [
      'a non-square quadratic',
      { model: { kind: 'quadratic', A: [['1', '0']], theta: ['1'] }, stepper: { kind: 'gd', lr: '0.1' }, steps: 1 },
      /^spec\.model\.A/,
    ],
    [
      'leakyRelu without alpha',
      { ...base, model: { kind: 'twoLayer', activation: 'leakyRelu', u: [['1']], v: ['1'] } },
      /^spec\.model\.alpha: is required/,
    ],
    [
      'a label 0.5 with the logistic loss',
      { ...base, loss: 'logistic', data: { x: [['1'], ['2']], y: ['1', '0.5'] } },
      /^spec\.data\.y\[1\]: 0\.5 is not a label ±1 \(the logistic loss/,
    ],
    [
      'a label 0 with the exponential loss',
      { ...base, loss: 'exponential', data: { x: [['1']], y: ['0'] } },
      /^spec\.data\.y\[0\]: 0 is not a label ±1/,
    ],
    [
      'a zero learning rate',
      { ...base, stepper: { kind: 'gd', lr: '0' } },
      /^spec\.stepper\.lr: 0 must be > 0 \(the learning rate η\)/,
    ],
    [
      'a negative learning rate',
      { ...base, stepper: { kind: 'heavyBall', lr: '-0.1', beta: '0.5' } },
      /^spec\.stepper\.lr: -0\.1 must be > 0/,
    ],
    [
      'a zero learning rate written 0e5',
      { ...base, stepper: { kind: 'sgd', lr: '0.000e5', seed: 1 } },
      /^spec\.stepper\.lr: 0\.000e5 must be > 0/,
    ],
    [
      'the learning rate named eta',
      { ...base, stepper: { kind: 'gd', eta: '0.1' } },
      /^spec\.stepper\.eta: the learning rate is called "lr"/,
    ],
    [
      'the learning rate named learningRate',
      { ...base, stepper: { kind: 'mirrorDescent', learningRate: '0.1' } },
      /^spec\.stepper\.learningRate: the learning rate is called "lr"/,
    ],
    [
      'the learning rate named stepSize',
      { ...base, stepper: { kind: 'nesterov', stepSize: '0.1', beta: '0.5' } },
      /^spec\.stepper\.stepSize: the learning rate is called "lr"/,
    ],
    [
      'steps beyond the cap',
      { ...base, steps: 10_000_001 },
      /^spec\.steps: 10000001 exceeds the limit of 10000000 steps/,
    ],
    [
      'a save policy beyond the saved-point cap',
      { ...base, steps: 1_000_000, save: { every: 2 } },
      /^spec\.save\.every: saves about 500001 points, more than the limit of 100000/,
    ],
    [
      'flow maxSteps beyond the cap',
      { ...base, stepper: { kind: 'flow', maxSteps: 20_000_000 }, steps: undefined, t1: '1' },
      /^spec\.stepper\.maxSteps: 20000000 exceeds the limit/,
    ],
    [
      'a flow save interval of 0',
      { ...base, stepper: { kind: 'flow' }, steps: undefined, t1: '1', save: { every: '0' } },
      /^spec\.save\.every: 0 must be > 0/,
    ],
  ];
  for (const [what, spec, re] of cases) {
    it(`rejects ${what}`, () => {
      const msg = inputMessage(() => simulate(spec, { backend: 'f64' }));
      expect(msg).toMatch(re);
      expect(msg).not.toContain('\n');
    });
  }

  it('rejects an unknown diagnostic and one that does not apply, naming spec.diagnostics[i]', () => {
    expect(inputMessage(() => simulate({ ...base, diagnostics: ['loss', 'nope'] }, { backend: 'f64' }))).toMatch(
      /^spec\.diagnostics\[1\]: unknown diagnostic "nope"/,
    );
    expect(inputMessage(() => simulate({ ...base, diagnostics: ['directionalGap'] }, { backend: 'f64' }))).toMatch(
      /^spec\.diagnostics\[0\]: directionalGap does not apply/,
    );
  });

  it('rejects a diagnostic that needs a reference direction when the spec gives none', () => {
    const spec = {
      ...base,
      model: { kind: 'linearClassifier', w: ['0', '0'] },
      data: { x: [['1', '1']], y: ['1'] },
      loss: 'logistic',
      diagnostics: ['directionalGap'],
    };
    expect(inputMessage(() => simulate(spec, { backend: 'f64' }))).toMatch(
      /^spec\.diagnostics\[0\]: directionalGap needs "reference"/,
    );
    expect(simulate({ ...spec, reference: { w: ['1', '1'] } }, { backend: 'f64' }).result).toBe('ok');
  });

  it('rejects an unknown backend naming --backend', () => {
    expect(inputMessage(() => simulate(base, { backend: 'f32' }))).toMatch(/^--backend: /);
  });
});

describe('simulate: results', () => {
  it('records k = 0, the save policy and the last step, with θ in the model declared order', () => {
    const r = simulate(base, { backend: 'f64' });
    expect(r.result).toBe('ok');
    expect(r.trajectory.map((p) => p.k)).toEqual([0, 10, 20]);
    expect(r.trajectory[0]!.theta).toEqual(['0.1', '0.2', '0.3', '-0.1']);
    expect(Object.keys(r.trajectory[0]!)).toEqual(['k', 'loss', 'theta', 'lossErr', 'gradNorm', 'sharpness']);
    // F(θ₀) = ½(aᵀb − 0.7)² = ½(0.01 − 0.7)² = 0.23805 exactly (exact rationals). lossErr bounds the evaluation at the
    // rounded inputs; rounding θ₀, y on entry moves F by ≤ |r|·u(2Σ|aᵢbᵢ| + |y|) = 0.69·0.8u < 0.56u (r = aᵀb − y,
    // ∇_aF = rb, ∇_bF = ra, ∂_yF = −r), and printing the double F ∈ [1/8, 1/4) adds ≤ ½ulp = u/8: bar lossErr + 0.7u.
    const X = decBackend(60);
    const p0 = r.trajectory[0]!;
    const u64 = X.div(X.one, X.num('9007199254740992')); // 2⁻⁵³, exact at 60 digits
    const bar = X.add(X.num(p0.lossErr as string), X.mul(X.num('0.7'), u64));
    expect(X.cmp(X.abs(X.sub(X.num(p0.loss), X.num('0.23805'))), bar)).toBeLessThanOrEqual(0);
  });

  it('maps save {steps}, {logSpaced} and {final} onto the run driver', () => {
    const ks = (save: unknown, steps = 20) =>
      simulate({ ...base, steps, save, diagnostics: [] }, { backend: 'f64' }).trajectory.map((p) => p.k);
    expect(ks({ steps: [3, 7] })).toEqual([0, 3, 7, 20]);
    expect(ks({ final: true })).toEqual([0, 20]);
    expect(ks({ logSpaced: 1 }, 100)).toEqual([0, 1, 10, 100]);
  });

  it('runs gradient flow with saves at the requested times ("t" instead of "k")', () => {
    const r = simulate(
      {
        ...base,
        stepper: { kind: 'flow', rtol: '1e-10', atol: '1e-10' },
        steps: undefined,
        t1: '2',
        save: { times: ['0.5', '1'] },
      },
      { backend: 'f64' },
    );
    expect(r.result).toBe('ok');
    expect(r.trajectory.map((p) => p.t)).toEqual(['0', '0.5', '1', '2']);
    expect(r.stats?.solver).toBe('dopri5');
    expect(Number(r.trajectory[3]!.loss)).toBeLessThan(Number(r.trajectory[0]!.loss));
  });

  it('reports divergence as a result value, not an error', () => {
    const r = simulate(
      { ...base, stepper: { kind: 'gd', lr: '1e10' }, steps: 50, diagnostics: [] },
      { backend: 'f64' },
    );
    expect(r.result).toBe('diverged');
    expect(r.message).toMatch(/lower the learning rate/);
  });

  it('records stable rank and alignment for deepLinear, and stable rank for twoLayer specs', () => {
    const deep = simulate(
      {
        model: {
          kind: 'deepLinear',
          W: [
            [
              ['0.5', '0.1'],
              ['0.2', '0.4'],
            ],
            [['0.3', '-0.2']],
          ],
        },
        data: {
          x: [
            ['1', '0'],
            ['0', '1'],
          ],
          y: ['1', '-0.5'],
        },
        loss: 'square',
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 3,
        diagnostics: ['stableRank', 'alignment'],
      },
      { backend: 'f64' },
    );
    expect(deep.trajectory[0]!.theta).toEqual(['0.5', '0.1', '0.2', '0.4', '0.3', '-0.2']);
    // Independent closed forms for W1 = [[0.5, 0.1], [0.2, 0.4]]: ‖W1‖_F² = 0.46 and W1ᵀW1 has eigenvalues
    // (0.46 ± √0.082)/2, so sr(W1) = 0.46/λ₁; W2 = [0.3, −0.2] has rank 1, sr = 1. Alignment |⟨u₁(W1), W2ᵀ/‖W2‖⟩| with
    // u₁ ∝ (0.14, λ₁ − 0.26) (W1W1ᵀ = [[0.26, 0.14], [0.14, 0.2]]). These float64 formulas take ~10 roundings with O(1)
    // condition (eigengap ≈ 0.29), and each printed value is one more: 64·2⁻⁵³ relative covers both.
    const l1 = (0.46 + Math.sqrt(0.082)) / 2;
    const u1 = [0.14, l1 - 0.26].map((x, _i, a) => x / Math.hypot(...a));
    const w2 = [0.3, -0.2].map((x) => x / Math.sqrt(0.13));
    const sr = deep.trajectory[0]!.stableRank as Record<string, { value: string; err: string }>;
    const al = deep.trajectory[0]!.alignment as Record<string, { value: string; err: string }>;
    const near = (m: { value: string; err: string } | undefined, want: number) =>
      expect(Math.abs(Number(m!.value) - want)).toBeLessThanOrEqual(Number(m!.err) + 64 * 2 ** -53 * Math.abs(want));
    near(sr['W1'], 0.46 / l1);
    near(sr['W2'], 1);
    near(al['W1-W2'], Math.abs(u1[0]! * w2[0]! + u1[1]! * w2[1]!));
    const two = simulate(
      {
        model: {
          kind: 'twoLayer',
          activation: 'leakyRelu',
          alpha: '0.1',
          u: [
            ['0.5', '-0.2'],
            ['0.1', '0.3'],
          ],
          c: ['0', '0.1'],
          v: ['1', '-1'],
        },
        data: {
          x: [
            ['1', '0'],
            ['0', '1'],
          ],
          y: ['1', '-1'],
        },
        loss: 'logistic',
        stepper: { kind: 'heavyBall', lr: '0.1', beta: '0.5' },
        steps: 3,
        diagnostics: ['stableRank'],
      },
      { backend: 'f64' },
    );
    expect(two.trajectory[0]!.theta).toHaveLength(8);
    // stable rank ‖U‖_F²/‖U‖₂² of the 2×2 first layer lies in [1, 2]
    const sr2 = Object.values(two.trajectory[0]!.stableRank as Record<string, { value: string; err: string }>);
    expect(sr2.length).toBeGreaterThan(0);
    for (const m of sr2) {
      expect(Number(m.value) + Number(m.err)).toBeGreaterThanOrEqual(1);
      expect(Number(m.value) - Number(m.err)).toBeLessThanOrEqual(2);
    }
  });

  // diagnostics/spectral.ts views the second layer v (trained or fixed) as the 1×width matrix vᵀ after u.
  it('records alignment for twoLayer specs, with v trained or fixed', () => {
    // U = v·wᵀ with w = (0.6, 0.8): rank one with top left singular vector v/‖v‖, so |⟨v/‖v‖, u₁(U)⟩| = 1.
    const model = {
      kind: 'twoLayer',
      activation: 'leakyRelu',
      alpha: '0.25',
      u: [
        ['0.3', '0.4'],
        ['-0.6', '-0.8'],
      ],
      v: ['0.5', '-1'],
    };
    const at0 = (train: { first: boolean; second: boolean }) =>
      simulate(
        {
          model: { ...model, train },
          data: {
            x: [
              ['1', '0'],
              ['0', '1'],
            ],
            y: ['1', '-1'],
          },
          loss: 'logistic',
          stepper: { kind: 'gd', lr: '0.1' },
          steps: 2,
          diagnostics: ['stableRank', 'alignment'],
        },
        { backend: 'dd' },
      ).trajectory[0]!.alignment as Record<string, { value: string; err: string }>;
    for (const train of [
      { first: true, second: true },
      { first: true, second: false },
    ]) {
      const a = at0(train)['u-v']!;
      // compared in dd (the printed value reads back exactly): |value − 1| ≤ err, no float64 rounding in between
      const D = ddBackend();
      expect(D.cmp(D.abs(D.sub(D.num(a.value), D.one)), D.num(a.err))).toBeLessThanOrEqual(0);
      // err = (π/2)(s_U + s_v) + 2(2·2 + 20)u·value (spectral.ts); s ≤ 2ρ/gap·(1 + g) + 4g (svd.ts, g = 2(2 + 2)u for U
      // and vᵀ). Both are rank one (gap = σ₁, ‖·‖_F = σ₁) with computed residuals ≤ 2gσ₁ (formation rounding), so
      // ρ ≤ (2g + 2g·2)σ₁ = 6gσ₁, s ≤ 16g = 128u: err ≤ 1.01·(π/2·2·128 + 48)u ≈ 455u (was capped at 1e-20 ≈ 5e10·u).
      const u = D.toNumber(D.eps);
      expect(Number(a.err)).toBeLessThanOrEqual(1.01 * ((Math.PI / 2) * 2 * 128 + 48) * u);
    }
  });

  it('gives a first-layer-only twoLayer (v fixed) error bars for loss, gradNorm and sharpness, and its stable rank and alignment', () => {
    const r = simulate(
      {
        model: {
          kind: 'twoLayer',
          activation: 'leakyRelu',
          alpha: '0.5',
          u: [
            ['0.5', '-0.2'],
            ['0.1', '0.3'],
          ],
          v: ['1', '-1'],
          train: { first: true, second: false },
        },
        data: {
          x: [
            ['1', '0'],
            ['0', '1'],
          ],
          y: ['1', '-1'],
        },
        loss: 'logistic',
        stepper: { kind: 'gd', lr: '0.1' },
        steps: 3,
        diagnostics: ['loss', 'gradNorm', 'sharpness', 'stableRank', 'alignment'],
      },
      { backend: 'dd' },
    );
    const p = r.trajectory.at(-1)!;
    expect(p.k).toBe(3);
    expect(p.theta).toHaveLength(4);
    const gn = p.gradNorm as { value: string; err: string };
    const sh = p.sharpness as { value: string; err: string };
    expect(Number.isFinite(Number(sh.value))).toBe(true);
    // Rounding counts (dd, u = B.eps; diagnostics/objectiveBounds.ts, lossErrors.ts, rounding.ts) for X = I₂ (n = 2),
    // fixed v = (1, −1), dim θ = 4, w = 1/n, depth K = 4(4 + n + 2 + 2 + 4) = 56, majorant predictions Mᵢ = Σⱼ|Uⱼᵢ| ≥
    // |fᵢ|, logistic |ℓ'| ≤ 1, ℓ'' ≤ ¼; MARGIN 2 and the (1 + O(Ku)) factors of γ_k give the leading 2.05, 2.1, 2.02,
    // 1.03.
    const u = ddBackend().toNumber(ddBackend().eps);
    const [n, dim, w, K, nv] = [2, 4, 1 / 2, 56, Math.SQRT2];
    const th = p.theta.map((x) => Math.abs(Number(x)));
    const Ms = [th[0]! + th[2]!, th[1]! + th[3]!];
    const M = Math.max(...Ms);
    const [F, G, lam] = [Number(p.loss), Number(gn.value), Number(sh.value) + Number(sh.err)];
    // loss: 2[w(Σ(u(6Mᵢ + 16ℓᵢ) + |ℓ'|·2γ_K·Mᵢ) + γ_{n+2}Σℓᵢ) + uF] ≤ 2.05u[(2K + 6)·wΣMᵢ + (n + 19)F].
    const lossCap = 2.05 * u * ((2 * K + 6) * w * (Ms[0]! + Ms[1]!) + (n + 19) * F);
    // gradNorm: 2[‖2(w·vjp_maj(ω) + u|∇F|)‖ + (dim + 8)u‖∇F‖], ωᵢ = γ_{2K}|ℓ'| + u(6Mᵢ + 20)|ℓ'| + ¼·2γ_K·Mᵢ and
    // ‖vjp_maj(ω)‖ = ‖v‖·‖ω‖ ≤ ‖v‖√n·max ω (X = I): ≤ 2.1u[2w‖v‖√n(2K + 20 + (6 + K/2)M) + (dim + 10)‖∇F‖].
    const gradCap = 2.1 * u * (2 * w * nv * Math.sqrt(n) * (2 * K + 20 + (6 + K / 2) * M) + (dim + 10) * G);
    // sharpness: ‖E‖_F ≤ 2(w‖v‖²√n·max w2 + 3u‖H‖_F), w2ᵢ = γ_{3K}ℓ'' + u(12Mᵢ + 40)ℓ'' + ¼·2γ_K·Mᵢ (f is linear in U:
    // no ∇²f term), plus the Kato–Temple bar 2g(‖H‖_F + λ) + 4uλ (eigh.ts, g = 2(dim + 2)u; λ₁ ≈ 0.234 is isolated,
    // next ≈ 0.148) with ‖H‖_F ≤ √n·λ (H = wΣℓ''∇f∇fᵀ ⪰ 0 has rank ≤ n).
    const w2 = 1.03 * (u / 4) * (3 * K + 40 + (12 + 2 * K) * M);
    const g = 2 * (dim + 2) * u;
    const sharpCap =
      2.02 * (w * nv ** 2 * Math.sqrt(n) * w2 + 3 * u * Math.sqrt(n) * lam) +
      1.01 * (2 * g * (Math.sqrt(n) + 1) * lam + 4 * u * lam);
    expect(Number(p.lossErr)).toBeGreaterThan(0);
    expect(Number(p.lossErr)).toBeLessThanOrEqual(lossCap);
    expect(Number(gn.err)).toBeLessThanOrEqual(gradCap);
    expect(Number(sh.err)).toBeLessThanOrEqual(sharpCap);
    // The bounded diagnostics lie in their ranges: stable rank ∈ [1, 2], alignment ∈ [0, 1].
    const srs = Object.values(p.stableRank as Record<string, { value: string; err: string }>);
    expect(srs.length).toBeGreaterThan(0);
    for (const m of srs) {
      expect(Number(m.value)).toBeGreaterThanOrEqual(1 - Number(m.err));
      expect(Number(m.value)).toBeLessThanOrEqual(2 + Number(m.err));
    }
    const uv = (p.alignment as Record<string, { value: string; err: string }>)['u-v']!;
    expect(Number(uv.value)).toBeGreaterThanOrEqual(-Number(uv.err));
    expect(Number(uv.value)).toBeLessThanOrEqual(1 + Number(uv.err));
  });

  it('gives error bars to a twoLayer whose first layer is fixed (the model builds its majorant from |fixed blocks|)', () => {
    const spec = {
      model: {
        kind: 'twoLayer',
        activation: 'relu',
        u: [['0.5'], ['-0.3']],
        v: ['1', '0.5'],
        train: { first: false, second: true },
      },
      data: { x: [['1'], ['2']], y: ['1', '0'] },
      loss: 'square',
      stepper: { kind: 'gd', lr: '0.1' },
      steps: 2,
      diagnostics: ['loss'],
    };
    const r = simulate(spec, { backend: 'f64' });
    // f(x) = 1·relu(0.5x) + 0.5·relu(−0.3x) = 0.5x: F(θ₀) = ½((0.5 − 1)² + (1 − 0)²)/2 = 0.3125, exact in f64
    const p0 = r.trajectory[0]!;
    expect(p0.loss).toBe('0.3125');
    expect(Number(p0.lossErr)).toBeGreaterThanOrEqual(0);
    const p2 = r.trajectory[r.trajectory.length - 1]!;
    expect(Number(p2.lossErr)).toBeGreaterThan(0);
  });

  it('keeps an untrained twoLayer block fixed at its spec value (θ holds only trained blocks)', () => {
    const spec = {
      model: {
        kind: 'twoLayer',
        activation: 'relu',
        u: [['0.5'], ['-0.3']],
        v: ['1', '0.5'],
        train: { first: true, second: false },
      },
      data: { x: [['1'], ['2']], y: ['1', '0'] },
      loss: 'square',
      stepper: { kind: 'gd', lr: '0.1' },
      steps: 2,
    };
    expect(parseSimSpec(spec).model.theta0).toEqual(['0.5', '-0.3']);
    const r = simulate(spec, { backend: 'dd' });
    expect(r.trajectory[1]!.theta).toHaveLength(2);
  });

  it('records a diagnostic that is undefined at a point as null, with the reason in notes', () => {
    const r = simulate(
      {
        model: { kind: 'linearClassifier', w: ['0', '0'] },
        data: {
          x: [
            ['1', '1'],
            ['-1', '-1'],
          ],
          y: ['1', '-1'],
        },
        loss: 'logistic',
        stepper: { kind: 'gd', lr: '0.5' },
        steps: 2,
        diagnostics: ['margin', 'directionalGap'],
        reference: { w: ['1', '1'] },
      },
      { backend: 'f64' },
    );
    expect(r.trajectory[0]!.margin).toBeNull();
    expect(r.trajectory[1]!.margin).not.toBeNull();
    expect(r.notes?.some((n) => n.startsWith('margin:'))).toBe(true);
  });

  it('runs every stepper kind on dd', () => {
    for (const stepper of [
      { kind: 'nesterov', lr: '0.1', beta: '0.5' },
      { kind: 'sgd', lr: '0.1', batch: 1, seed: 7 },
      { kind: 'sgdm', lr: '0.1', beta: '0.5', batch: 1, seed: 7, noise: '0.01' },
      { kind: 'mirrorDescent', lr: '0.1', potential: { hypentropy: '0.5' } },
    ]) {
      const r = simulate(
        { ...base, data: { x: [['1'], ['2']], y: ['0.7', '1.4'] }, stepper, steps: 5, diagnostics: [] },
        { backend: 'dd' },
      );
      expect(r.result, stepper.kind).toBe('ok');
      expect(r.trajectory[1]!.theta).not.toEqual(r.trajectory[0]!.theta);
    }
  });

  it('prints a compact table without --json', () => {
    const t = formatTable(simulate(base, { backend: 'f64' }));
    expect(t.split('\n')[1]).toMatch(/^k\s+loss\s+theta/);
    expect(t.split('\n')).toHaveLength(5);
  });
});

describe('labels and learning rates that are valid', () => {
  it('accepts ±1 written in any exact form with the margin losses, and any real target with the square loss', () => {
    const spec = {
      ...base,
      model: { kind: 'linearClassifier', w: ['0.1'] },
      loss: 'logistic',
      data: { x: [['1'], ['2'], ['3']], y: ['+1', '-1.00', '10e-1'] },
    };
    expect(simulate(spec, { backend: 'f64' }).result).toBe('ok');
    expect(simulate({ ...spec, loss: 'square', data: { x: [['1']], y: ['0.5'] } }, { backend: 'f64' }).result).toBe(
      'ok',
    );
    expect(inputMessage(() => simulate({ ...spec, data: { x: [['1']], y: ['1.5e0'] } }, { backend: 'f64' }))).toMatch(
      /^spec\.data\.y\[0\]: 1\.5e0 is not a label/,
    );
    expect(inputMessage(() => simulate({ ...spec, data: { x: [['1']], y: ['100e-1'] } }, { backend: 'f64' }))).toMatch(
      /^spec\.data\.y\[0\]: 100e-1 is not a label/,
    );
  });

  it('accepts the largest step count and saved-point count the caps allow (parse only)', () => {
    // every 101: k = 0, 101, …, 9999990 and the last step 10⁷, 99 012 points; every 100: 100 001 points, one too many
    expect(parseSimSpec({ ...base, steps: 10_000_000, save: { every: 101 } }).steps).toBe(10_000_000);
    expect(inputMessage(() => parseSimSpec({ ...base, steps: 10_000_000, save: { every: 100 } }))).toMatch(
      /^spec\.save\.every: saves about 100001 points/,
    );
    expect(parseSimSpec({ ...base, steps: 10_000_000, save: { logSpaced: 1000 } }).save).toEqual({ logSpaced: 1000 });
  });
});

describe('thm simulate rejects invalid specs (real process, exit 2, one line naming the field)', () => {
  const cases: [string, unknown, RegExp][] = [
    [
      'a label other than ±1 with the logistic loss',
      { ...base, loss: 'logistic', data: { x: [['1']], y: ['0.7'] } },
      /^thm simulate: spec\.data\.y\[0\]: 0\.7 is not a label ±1/,
    ],
    [
      'a negative learning rate',
      { ...base, stepper: { kind: 'gd', lr: '-0.05' } },
      /^thm simulate: spec\.stepper\.lr: -0\.05 must be > 0/,
    ],
    [
      'a zero learning rate',
      { ...base, stepper: { kind: 'sgdm', lr: '0', beta: '0.5', seed: 1 } },
      /^thm simulate: spec\.stepper\.lr: 0 must be > 0/,
    ],
    [
      'a step count beyond the cap',
      { ...base, steps: 1_000_000_000 },
      /^thm simulate: spec\.steps: 1000000000 exceeds the limit of 10000000 steps/,
    ],
    [
      'the learning rate under another name',
      { ...base, stepper: { kind: 'gd', eta: '0.05' } },
      /^thm simulate: spec\.stepper\.eta: the learning rate is called "lr"/,
    ],
  ];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-sim-bad-'));
  for (const [what, spec, re] of cases) {
    it(`rejects ${what}`, () => {
      const file = path.join(dir, `${what.replace(/\W+/g, '_')}.json`);
      fs.writeFileSync(file, JSON.stringify(spec));
      const p = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--spec', file, '--json'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(p.status).toBe(2);
      expect(p.stdout).toBe('');
      expect(p.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(p.stderr.trimEnd()).toMatch(re);
    }, 30_000);
  }
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
});

describe('thm simulate (real process)', () => {
  it('exits 2 with one line naming the field and no stack trace on bad input', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-sim-'));
    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify({ ...base, steps: -1 }));
    try {
      const p = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'simulate', '--spec', file, '--json'], {
        cwd: ROOT,
        encoding: 'utf8',
      });
      expect(p.status).toBe(2);
      expect(p.stdout).toBe('');
      const lines = p.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('npm warn'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/spec\.steps/);
      expect(p.stderr).not.toMatch(/\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('thm simulate runs sgdmNormalized (registered in STEPPERS)', () => {
  it('gives the iterates of heavy-ball sgdm at γ = η(1 − β) with the same seed (dec:50, real process)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-sim-sgdmn-'));
    const spec = (stepper: object) => ({
      model: { kind: 'linearClassifier', w: ['0.5', '-1'] },
      data: {
        x: [
          ['0.5', '-0.25'],
          ['0.125', '0.375'],
          ['-0.5', '0.25'],
        ],
        y: ['1', '-0.5', '0.25'],
      },
      loss: 'square',
      stepper,
      steps: 6,
      save: { every: 3 },
      diagnostics: [],
    });
    const thetas = (stepper: object): string[][] => {
      const file = path.join(dir, `${Object.values(stepper).join('_')}.json`);
      fs.writeFileSync(file, JSON.stringify(spec(stepper)));
      const p = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'simulate', '--spec', file, '--json', '--backend', 'dec:50'],
        { cwd: ROOT, encoding: 'utf8' },
      );
      expect(p.status, p.stderr).toBe(0);
      return (JSON.parse(p.stdout) as { trajectory: { theta: string[] }[] }).trajectory.map((t) => t.theta);
    };
    try {
      const oracle = { seed: 5, batch: 1, noise: '0.5' };
      const a = thetas({ kind: 'sgdmNormalized', lr: '0.4', beta: '0.75', ...oracle });
      const b = thetas({ kind: 'sgdm', lr: '0.1', beta: '0.75', ...oracle });
      const c = thetas({ kind: 'sgdmNormalized', lr: '0.41', beta: '0.75', ...oracle });
      expect(a).toHaveLength(3);
      // the two forms differ only by rounding at 50 digits (a few operations per step on O(1) numbers)
      const gap = (x: string[][], y: string[][]) =>
        Math.max(...x.flatMap((r, k) => r.map((v, i) => Math.abs(Number(v) - Number(y[k]![i])))));
      expect(gap(a, b)).toBeLessThan(1e-15);
      expect(gap(c, b)).toBeGreaterThan(1e-4); // a different η is seen
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
