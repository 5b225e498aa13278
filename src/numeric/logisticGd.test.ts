import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from './dd.js';
import { LOGISTIC_GD_DRIFT_STEPS, LOGISTIC_GD_MAX_DIM, ddLogisticSumGd } from './ddLogisticGd.js';
import { decBackend } from './decimal.js';
import { f64Backend } from './f64.js';
import type { AnyBackend, Num } from './types.js';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { logistic } from '../losses/logistic.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { objective } from '../objective/objective.js';
import { logisticData, LOGISTIC_LR } from '../bench/logistic.js';

/** Rows z_n with quarter-integer entries in [−2, 2], η = v·8/‖Z‖_F² (≤ 8/σ_max²: GD is nonexpansive), dyadic. */
const instance = fc
  .record({
    N: fc.integer({ min: 1, max: 5 }),
    d: fc.integer({ min: 1, max: 3 }),
    entries: fc.array(fc.integer({ min: -8, max: 8 }), { minLength: 15, maxLength: 15 }),
    w0: fc.array(fc.integer({ min: -16, max: 16 }), { minLength: 3, maxLength: 3 }),
    v: fc.integer({ min: 1, max: 15 }),
  })
  .map(({ N, d, entries, w0, v }) => {
    const Z = Array.from({ length: N }, (_, n) => Array.from({ length: d }, (_, j) => (entries[n * d + j]! || 1) / 4));
    const fro = Z.flat().reduce((s, x) => s + x * x, 0); // exact: quarter-integers, few terms
    const eta = Math.floor(((v / 16) * 8 * 2 ** 20) / fro) / 2 ** 20; // rounded down: η ≤ v/16·8/‖Z‖_F²
    return { Z: Z.map((r) => r.map(String)), w0: w0.slice(0, d).map((x) => String(x / 4)), eta: String(eta), N, d };
  });

/**
 * run(objective(linearClassifier, logistic, 'sum'), gd(η)) with labels y (default all 1), stepped or with
 * `fuse: true` (on dd: the fused path src/dynamics/fusedLogisticGd.ts over ddLogisticSumGd).
 */
function engine(B: AnyBackend, Z: Num[][], w0: Num[], eta: Num, steps: number, fuse = false, y?: Num[]) {
  const data = { X: B.mat(Z), y: B.vec(y ?? Z.map(() => '1')) };
  const F = objective(B, linearClassifier(B, { d: w0.length }), logistic(B), data, { reduction: 'sum' });
  return run(F, gd(B, { lr: B.num(eta) }), B.vec(w0), { steps, fuse });
}

/**
 * Bound on ‖w_fused − w_stepped‖ after T steps (as maxmargin.lib.ts `trajectoryBar`): GD with η ≤ 8/σ_max² is
 * nonexpansive, so each path is within T·max‖r_s‖ of exact GD; r_s ≤ 2u[W + ηΣ(N + 12 + (d + 3)z_max·W)] for the
 * stepped path, plus ηΣ·K·(1 + d·z_max·W) for the kernel's carried exponentials (ddLogisticGd.ts), u = B.eps = 2^-102.
 */
function bar(Z: number[][], w0: number[], eta: number, T: number, u: number): number {
  const norms = Z.map((r) => Math.hypot(...r));
  const S = norms.reduce((a, b) => a + b, 0) * 1.01;
  const zm = Math.max(...norms) * 1.01;
  const W = (Math.hypot(...w0) + eta * T * S) * 1.01 + 1;
  const d = w0.length;
  const loop = W + eta * S + eta * S * (Z.length + 12 + (d + 3) * zm * W);
  const kernel = loop + eta * S * LOGISTIC_GD_DRIFT_STEPS * (1 + d * zm * W);
  return 2 * T * u * (loop + kernel);
}

const diff = (B: AnyBackend, a: unknown, b: unknown): number => B.toNumber(B.nrm2(B.vsub(a, b)));
const words = (B: AnyBackend, w: unknown) => B.unpack(w).map((x: { hi: number; lo: number }) => [x.hi, x.lo]);

describe('the dd fused path of gd on the logistic sum loss (ddLogisticSumGd through run)', () => {
  it('f64 and dec:30 have no fused path: fuse: true steps exactly as without it', () => {
    for (const B of [f64Backend(), decBackend(30)] as AnyBackend[]) {
      fc.assert(
        fc.property(instance, (s) => {
          const steps = B.id === 'f64' ? 40 : 8;
          const got = engine(B, s.Z, s.w0, s.eta, steps, true);
          const want = engine(B, s.Z, s.w0, s.eta, steps);
          expect(got.fused).toBeUndefined();
          expect(B.vshow(got.theta)).toEqual(B.vshow(want.theta));
        }),
        { seed: 61, numRuns: B.id === 'f64' ? 60 : 10 },
      );
    }
  });

  it('on dd stays within the carried-exponential bar of the stepped path (anchors, series and full-exp updates)', () => {
    const B = ddBackend();
    const u = B.toNumber(B.eps);
    fc.assert(
      fc.property(instance, fc.constantFrom(0, 6, 12), (s, lift) => {
        // lift moves w0 along z_1 so margins are large and per-step δ small (the series branch; at 12, |δ| < 2^-17)
        const Zn = s.Z.map((r) => r.map(Number));
        const w0 = s.w0.map((x, j) => String(Number(x) + lift * Math.sign(Zn[0]![j]!)));
        const T = 3 * LOGISTIC_GD_DRIFT_STEPS + 5;
        const got = engine(B, s.Z, w0, s.eta, T, true);
        const error = { kind: 'lossDerivative', driftSteps: LOGISTIC_GD_DRIFT_STEPS };
        expect(got.fused).toEqual({ name: 'dd-logistic-sum-gd', steps: T, error });
        const want = engine(B, s.Z, w0, s.eta, T);
        expect(diff(B, got.theta, want.theta)).toBeLessThanOrEqual(bar(Zn, w0.map(Number), Number(s.eta), T, u));
      }),
      { seed: 62, numRuns: 40 },
    );
  });

  it('on dd, labels ±1 are absorbed exactly: (X, y) gives the same iterate as (diag(y)X, 1) bit for bit', () => {
    const B = ddBackend();
    fc.assert(
      fc.property(instance, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (s, flip) => {
        const X = s.Z.map((r, n) => (flip[n] ? r.map((x) => String(-Number(x))) : r));
        const y = s.Z.map((_, n) => (flip[n] ? '-1' : '1'));
        const T = LOGISTIC_GD_DRIFT_STEPS + 9;
        const a = engine(B, X, s.w0, s.eta, T, true, y);
        expect(a.fused?.steps).toBe(T);
        expect(words(B, a.theta)).toEqual(words(B, engine(B, s.Z, s.w0, s.eta, T, true).theta));
      }),
      { seed: 65, numRuns: 20 },
    );
  });

  it('on dd, labels other than ±1 (or fuse: false, or a stop predicate) leave run to step the stepper', () => {
    const B = ddBackend();
    const Z = [
      ['1', '2'],
      ['3', '0.5'],
    ];
    const plain = engine(B, Z, ['0', '0'], '0.0625', 20, false, ['1', '0.5']);
    const fusedAsked = engine(B, Z, ['0', '0'], '0.0625', 20, true, ['1', '0.5']);
    expect(fusedAsked.fused).toBeUndefined();
    expect(words(B, fusedAsked.theta)).toEqual(words(B, plain.theta));
    const F = objective(
      B,
      linearClassifier(B, { d: 2 }),
      logistic(B),
      { X: B.mat(Z), y: B.vec(['1', '1']) },
      {
        reduction: 'sum',
      },
    );
    const withStop = run(F, gd(B, { lr: B.num('0.0625') }), B.vec(['0', '0']), {
      steps: 20,
      fuse: true,
      stop: () => false,
    });
    expect(withStop.fused).toBeUndefined();
    expect(words(B, withStop.theta)).toEqual(words(B, engine(B, Z, ['0', '0'], '0.0625', 20).theta));
  });

  it('on dd, the d = 2 products equal the generic loop bit for bit (same problem with a zero third feature)', () => {
    // a zero column adds exact zeros to every dot and sum, so the generic d = 3 run must reproduce the d = 2 run
    const B = ddBackend();
    fc.assert(
      fc.property(instance, fc.constantFrom(0, 6, 12), (s, lift) => {
        const Z2 = s.Z.map((r) => [r[0]!, r[1] ?? '0.5']);
        const w2 = [s.w0[0]!, s.w0[1] ?? '0'].map((x, j) => String(Number(x) + lift * Math.sign(Number(Z2[0]![j]))));
        const T = 2 * LOGISTIC_GD_DRIFT_STEPS + 7;
        const two = engine(B, Z2, w2, s.eta, T, true).theta;
        const three = engine(
          B,
          Z2.map((r) => [...r, '0']),
          [...w2, '0'],
          s.eta,
          T,
          true,
        ).theta;
        expect(words(B, three).slice(0, 2)).toEqual(words(B, two));
      }),
      { seed: 63, numRuns: 30 },
    );
  });

  it('on dd matches a dec:40 run on the bench data within the bar, and the bar rejects an f64 run', () => {
    const { X, y } = logisticData();
    const Z = X.map((r, n) => (y[n] === '-1' ? r.map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`)) : r));
    const Zn = Z.map((r) => r.map(Number));
    const dd: AnyBackend = ddBackend();
    const ref: AnyBackend = decBackend(40);
    for (const [w0, T] of [
      [['0', '0'], 150],
      [['5', '5'], 300],
    ] as [Num[], number][]) {
      const got = engine(dd, Z, w0, LOGISTIC_LR, T, true);
      expect(got.fused?.steps).toBe(T);
      const want = engine(ref, Z, w0, LOGISTIC_LR, T).theta;
      const gotS = dd.vshow(got.theta);
      const err = Math.hypot(
        ...gotS.map((x: string, j: number) => Number(ref.show(ref.sub(ref.num(x), ref.at(want, j))))),
      );
      const b = bar(Zn, w0.map(Number), 1 / 64, T, dd.toNumber(dd.eps));
      expect(err).toBeLessThanOrEqual(b);
      // the same comparison for f64 (u = 2^-53) must exceed the dd bar by far: the bound can fail
      const f: AnyBackend = f64Backend();
      const fw = f.vshow(engine(f, Z, w0, LOGISTIC_LR, T, true).theta);
      const ferr = Math.hypot(
        ...fw.map((x: string, j: number) => Number(ref.show(ref.sub(ref.num(x), ref.at(want, j))))),
      );
      expect(ferr).toBeGreaterThan(b);
    }
  });

  it("on dd, run saves at the policy's steps and the fused path restarts at each (still within the bar)", () => {
    const B = ddBackend();
    const Z = [
      ['0.5', '1.5'],
      ['1.5', '0.5'],
      ['1.25', '-0.25'],
    ];
    const data = { X: B.mat(Z), y: B.vec(['1', '1', '1']) };
    const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), data, { reduction: 'sum' });
    const step = gd(B, { lr: B.num('0.25') });
    const T = 200;
    const out = run(F, step, B.vec(['0', '0']), { steps: T, save: { at: [1, 2, 50, 130] }, fuse: true });
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1, 2, 50, 130, 200]);
    // stretches 0→1 and 1→2 are single steps (stepped); 2→50, 50→130, 130→200 are fused
    expect(out.fused?.steps).toBe(48 + 80 + 70);
    const plain = run(F, step, B.vec(['0', '0']), { steps: T, save: { at: [1, 2, 50, 130] } });
    expect(words(B, out.trajectory[1]!.theta)).toEqual(words(B, plain.trajectory[1]!.theta));
    const b = bar(
      Z.map((r) => r.map(Number)),
      [0, 0],
      0.25,
      T,
      B.toNumber(B.eps),
    );
    out.trajectory.forEach((p, i) => expect(diff(B, p.theta, plain.trajectory[i]!.theta)).toBeLessThanOrEqual(b));
  });

  it('on dd, run ends diverged at the first non-finite iterate and records the last finite one', () => {
    const B = ddBackend();
    // diverging at the first step (η·g = 1e308·(2, 3) overflows) and at step 12; η = 4e307 > 2^996 also overflows
    // the kernel's Veltkamp split of η, so the path stops short at once and the stepper takes the stretch (no false
    // divergence)
    const cases = [
      [
        [
          ['1', '2'],
          ['3', '4'],
        ],
        '1e308',
        1,
      ],
      [
        [
          ['1', '1'],
          ['-4', '1'],
          ['-1', '-4'],
        ],
        '4e307',
        12,
      ],
    ] as const;
    for (const [Z, eta, k] of cases) {
      const out = engine(
        B,
        Z.map((r) => [...r]),
        ['0', '0'],
        eta,
        50,
        true,
      );
      const plain = engine(
        B,
        Z.map((r) => [...r]),
        ['0', '0'],
        eta,
        50,
      );
      expect([out.result, out.steps, plain.result, plain.steps]).toEqual(['diverged', k, 'diverged', k]);
      expect(out.trajectory.map((p) => p.k)).toEqual(k === 1 ? [0] : [0, k - 1]);
      expect(B.allFinite(out.trajectory[out.trajectory.length - 1]!.theta)).toBe(true);
      expect(B.allFinite(out.theta)).toBe(false);
      expect(out.fused?.steps).toBe(0);
      const last = (o: typeof out) => words(B, o.trajectory[o.trajectory.length - 1]!.theta);
      expect(last(out)).toEqual(last(plain));
    }
  });

  it('on dd, margins below ln(1e-250) (σ from the margin) and a carried E_n crossing 1e250 stay within the bar', () => {
    const B = ddBackend();
    const u = B.toNumber(B.eps);
    const cases = [
      // z_1ᵀw0 = −600: E_1 = e^600 > 1e250, σ_1 taken from the margin and the iterate re-anchored every step
      {
        Z: [
          ['-1', '0'],
          ['0.25', '0.5'],
        ],
        w0: ['600', '0'],
        eta: '0.5',
        T: 8,
      },
      // z_1ᵀw0 = −575.5 (E_1 = e^575.5 < 1e250 = e^575.65) falls by η(10σ_2 − σ_1) ≈ 0.39 in the first step, so the
      // carried E_1 crosses 1e250 and the next step re-anchors
      {
        Z: [
          ['-1', '0'],
          ['10', '-1'],
        ],
        w0: ['575.5', '5756'],
        eta: '0.0625',
        T: 8,
      },
    ];
    for (const { Z, w0, eta, T } of cases) {
      const got = engine(B, Z, w0, eta, T, true);
      expect(got.fused?.steps).toBe(T);
      const want = engine(B, Z, w0, eta, T);
      const Zn = Z.map((r) => r.map(Number));
      expect(diff(B, got.theta, want.theta)).toBeLessThanOrEqual(bar(Zn, w0.map(Number), Number(eta), T, u));
      // and the iterate moved: the bar is not met by standing still
      expect(diff(B, got.theta, B.vec(w0))).toBeGreaterThan(0.1);
    }
  });

  it('ddLogisticSumGd rejects bad arguments with a message and returns w for 0 steps', () => {
    const B = ddBackend();
    const Z = B.mat([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(() => ddLogisticSumGd(Z, B.vec(['0', '0']), B.num('0.1'), -1)).toThrow(/steps/);
    expect(() => ddLogisticSumGd(Z, B.vec(['0', '0']), B.num('0.1'), 1.5)).toThrow(/steps/);
    expect(() => ddLogisticSumGd(Z, B.vec(['0', '0', '0']), B.num('0.1'), 1)).toThrow(/columns/);
    const wide = LOGISTIC_GD_MAX_DIM + 1;
    expect(() => ddLogisticSumGd(B.mzeros(1, wide), B.zeros(wide), B.num('0.1'), 1)).toThrow(/dimension/);
    const r = ddLogisticSumGd(Z, B.vec(['1', '2']), B.num('0.1'), 0);
    expect(r.steps).toBe(0);
    expect(B.vshow(r.w)).toEqual(['1', '2']);
  });
});
