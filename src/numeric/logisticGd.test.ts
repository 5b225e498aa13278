import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from './dd.js';
import { LOGISTIC_GD_DRIFT_STEPS } from './ddLogisticGd.js';
import { decBackend } from './decimal.js';
import { f64Backend } from './f64.js';
import { logisticGdLoop } from './logisticGdLoop.js';
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

/** The engine's path: run(objective(linearClassifier, logistic, 'sum'), gd(η)) with labels y = 1. */
function engine(B: AnyBackend, Z: Num[][], w0: Num[], eta: Num, steps: number) {
  const F = objective(B, linearClassifier(B, { d: w0.length }), logistic(B), { X: B.mat(Z), y: B.vec(Z.map(() => '1')) }, { reduction: 'sum' });
  return run(F, gd(B, { lr: B.num(eta) }), B.vec(w0), { steps }).theta;
}

/**
 * Bound on ‖w_dd-kernel − w_loop‖ after T steps (maxmargin.lib.ts `trajectoryBar`): GD with η ≤ 8/σ_max² is
 * nonexpansive, so each path is within T·max‖r_s‖ of exact GD; r_s ≤ 2u[W + ηΣ(N + 12 + (d + 3)z_max·W)] for the
 * loop, plus ηΣ·K·(1 + d·z_max·W) for the kernel's carried exponentials (ddLogisticGd.ts), u = B.eps = 2^-102.
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

describe('logisticGd kernel', () => {
  it('is the engine gd step bit for bit on f64 and dec:30 (same kernels in the same order)', () => {
    for (const B of [f64Backend(), decBackend(30)] as AnyBackend[]) {
      fc.assert(
        fc.property(instance, (s) => {
          const steps = B.id === 'f64' ? 40 : 8;
          const got = B.logisticGd(B.mat(s.Z), B.vec(s.w0), B.num(s.eta), steps);
          const want = engine(B, s.Z, s.w0, s.eta, steps);
          expect(B.unpack(got).map((x: unknown) => B.show(x))).toEqual(B.unpack(want).map((x: unknown) => B.show(x)));
        }),
        { seed: 61, numRuns: B.id === 'f64' ? 60 : 10 },
      );
    }
  });

  it('on dd stays within the carried-exponential bar of the kernel loop (anchors, series and full-exp updates)', () => {
    const B = ddBackend();
    const u = B.toNumber(B.eps);
    fc.assert(
      fc.property(instance, fc.constantFrom(0, 6, 12), (s, lift) => {
        // lift moves w0 along z_1 so margins are large and per-step δ small (the series branch; at 12, |δ| < 2^-17)
        const Zn = s.Z.map((r) => r.map(Number));
        const w0 = s.w0.map((x, j) => String(Number(x) + lift * Math.sign(Zn[0]![j]!)));
        const T = 3 * LOGISTIC_GD_DRIFT_STEPS + 5;
        const got = B.logisticGd(B.mat(s.Z), B.vec(w0), B.num(s.eta), T);
        const want = logisticGdLoop(B, B.mat(s.Z), B.vec(w0), B.num(s.eta), T);
        expect(diff(B, got, want)).toBeLessThanOrEqual(bar(Zn, w0.map(Number), Number(s.eta), T, u));
      }),
      { seed: 62, numRuns: 40 },
    );
  });

  it('on dd, the d = 2 products equal the generic loop bit for bit (same problem with a zero third feature)', () => {
    // a zero column adds exact zeros to every dot and sum, so the generic d = 3 run must reproduce the d = 2 run
    const B = ddBackend();
    fc.assert(
      fc.property(instance, fc.constantFrom(0, 6, 12), (s, lift) => {
        const Z2 = s.Z.map((r) => [r[0]!, r[1] ?? '0.5']);
        const w2 = [s.w0[0]!, s.w0[1] ?? '0'].map((x, j) => String(Number(x) + lift * Math.sign(Number(Z2[0]![j]))));
        const T = 2 * LOGISTIC_GD_DRIFT_STEPS + 7;
        const two = B.unpack(B.logisticGd(B.mat(Z2), B.vec(w2), B.num(s.eta), T));
        const three = B.unpack(B.logisticGd(B.mat(Z2.map((r) => [...r, '0'])), B.vec([...w2, '0']), B.num(s.eta), T));
        const words = (xs: { hi: number; lo: number }[]) => xs.map((x) => [x.hi, x.lo]);
        expect(words(three.slice(0, 2))).toEqual(words(two));
      }),
      { seed: 63, numRuns: 30 },
    );
  });

  it('on dd matches a dec:40 loop on the bench data within the bar, and the bar rejects an f64 run', () => {
    const { X, y } = logisticData();
    const Z = X.map((r, n) => (y[n] === '-1' ? r.map((x) => (x.startsWith('-') ? x.slice(1) : `-${x}`)) : r));
    const Zn = Z.map((r) => r.map(Number));
    const dd: AnyBackend = ddBackend();
    const ref: AnyBackend = decBackend(40);
    for (const [w0, T] of [[['0', '0'], 150], [['5', '5'], 300]] as [Num[], number][]) {
      const got = dd.logisticGd(dd.mat(Z), dd.vec(w0), dd.num(LOGISTIC_LR), T);
      const want = logisticGdLoop(ref, ref.mat(Z), ref.vec(w0), ref.num(LOGISTIC_LR), T);
      const gotS = dd.unpack(got).map((x: unknown) => dd.show(x));
      const err = Math.hypot(...gotS.map((x: string, j: number) => Number(ref.show(ref.sub(ref.num(x), ref.at(want, j))))));
      const b = bar(Zn, w0.map(Number), 1 / 64, T, dd.toNumber(dd.eps));
      expect(err).toBeLessThanOrEqual(b);
      // the same comparison for f64 (u = 2^-53) must exceed the dd bar by far: the bound can fail
      const f: AnyBackend = f64Backend();
      const fw = f.unpack(f.logisticGd(f.mat(Z), f.vec(w0), f.num(LOGISTIC_LR), T));
      const ferr = Math.hypot(...fw.map((x: unknown, j: number) => Number(ref.show(ref.sub(ref.num(f.show(x)), ref.at(want, j))))));
      expect(ferr).toBeGreaterThan(b);
    }
  });

  it('stops at the first non-finite iterate and rejects bad arguments with a message', () => {
    for (const B of [f64Backend(), ddBackend()] as AnyBackend[]) {
      const Z = B.mat([['1', '2'], ['3', '4']]);
      const w = B.logisticGd(Z, B.vec(['0', '0']), B.num('1e308'), 50); // first step: η·g = 1e308·(2, 3) overflows
      expect(B.allFinite(w)).toBe(false);
      expect(() => B.logisticGd(Z, B.vec(['0', '0']), B.num('0.1'), -1)).toThrow(/steps/);
      expect(() => B.logisticGd(Z, B.vec(['0', '0', '0']), B.num('0.1'), 1)).toThrow(/columns/);
      expect(B.unpack(B.logisticGd(Z, B.vec(['1', '2']), B.num('0.1'), 0)).map((x: unknown) => B.show(x))).toEqual(['1', '2']);
    }
  });
});
