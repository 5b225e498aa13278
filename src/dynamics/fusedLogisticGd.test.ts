/**
 * The dd fused logistic-GD path against its update equation w_{t+1} = w_t + η Σ_n z_n σ(−z_nᵀw_t), z_n = y_n x_n
 * (Soudry et al. 2018 eq. (2.2)), evaluated at dec:50 from the data strings, and against plain dd gd steps; both within
 * the error the path states (module comment of fusedLogisticGd.ts). Then the instances bind must refuse.
 */
import { describe, expect, it } from 'vitest';
import { logistic } from '../losses/logistic.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { ddBackend, type DD } from '../numeric/dd.js';
import { LOGISTIC_GD_DRIFT_STEPS, LOGISTIC_GD_MAX_DIM } from '../numeric/ddLogisticGd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { ddLogisticSumGdPath } from './fusedLogisticGd.js';
import { gd } from './gd.js';
import { heavyBall } from './heavyBall.js';

const B = ddBackend();
const D = decBackend(50);
// N = 3 ≠ d = 2, mixed labels, entries that are not ±1, and 0.1, −0.2 with non-zero low words
const X = [
  ['0.5', '1.5'],
  ['2', '-0.25'],
  ['-1', '0.75'],
];
const y = ['1', '-1', '1'];
const w0 = ['0.1', '-0.2'];
const lrText = '0.25';
const F = objective(B, linearClassifier(B, { d: 2 }), logistic(B), { X: B.mat(X), y: B.vec(y) }, { reduction: 'sum' });

/** w_T by the update equation at dec:50, straight from the data strings (σ(−m) = 1/(1 + e^m)). */
function reference(T: number): string[][] {
  const eta = D.num(lrText);
  const z = X.map((row, n) => D.scal(D.num(y[n]!), D.vec(row)));
  let w = D.vec(w0);
  const out = [D.vshow(w)];
  for (let t = 0; t < T; t++) {
    let next = w;
    for (const zn of z) {
      const s = D.div(D.one, D.add(D.one, D.exp(D.dot(zn, w))));
      next = D.axpy(D.mul(eta, s), zn, next);
    }
    w = next;
    out.push(D.vshow(w));
  }
  return out;
}

/**
 * The error bound after T steps: per step the fused σ_n may be off by K·eps·(1 + ‖z_n‖₁W) relative (the path's stated
 * 'lossDerivative' error), plus the plain step's own dd rounding (a few eps per operation: 32·eps is ample for N = 3,
 * d = 2); each per-step error moves w by at most η Σ_n ‖z_n‖_∞ (σ_n ≤ 1) times that, and an error in w_t grows by at
 * most 1 + ηL per step, L = Σ_n ‖z_n‖_∞‖z_n‖₁/4 (|σ'| ≤ 1/4).
 */
function bound(T: number, W: number): number {
  const eps = B.toNumber(B.eps);
  const eta = Number(lrText);
  const rows = X.map((r) => r.map(Number));
  const l1 = rows.map((r) => r.reduce((a, v) => a + Math.abs(v), 0));
  const linf = rows.map((r) => Math.max(...r.map(Math.abs)));
  const L = rows.reduce((a, _, n) => a + (linf[n]! * l1[n]!) / 4, 0);
  const local = rows.reduce(
    (a, _, n) => a + eta * linf[n]! * (LOGISTIC_GD_DRIFT_STEPS + 32) * eps * (1 + l1[n]! * W),
    0,
  );
  return T * (1 + eta * L) ** T * local;
}

const maxAbsDiff = (a: readonly string[], b: readonly string[]) =>
  Math.max(...a.map((v, j) => Math.abs(D.toNumber(D.sub(D.num(v), D.num(b[j]!))))));

describe('dd fused logistic-sum GD (advance)', () => {
  const stepper = gd(B, { lr: B.num(lrText) });
  // bound inside each test, not at collection (a mutation run activates its mutant per test)
  const bindPath = () => ddLogisticSumGdPath.bind(F, stepper)!;

  it('advances w_{t+1} = w_t + η Σ_n y_n x_n σ(−y_n x_nᵀw_t) (dec:50 reference) within the stated error', () => {
    const T = 3;
    const ref = reference(T);
    const W = Math.max(...ref.flat().map((v) => Math.abs(Number(v))));
    const r = bindPath().advance(stepper.init(F, B.vec(w0)), T);
    expect(r.steps).toBe(T);
    const err = maxAbsDiff(B.vshow(r.state.theta), ref[T]!);
    expect(err).toBeLessThanOrEqual(bound(T, W));
    // the bound is tight enough to see one step too few or too many
    expect(maxAbsDiff(ref[T - 1]!, ref[T]!)).toBeGreaterThan(1e6 * bound(T, W));
    // gd's state is θ alone
    expect(Object.keys(r.state)).toEqual(['theta']);
  });

  it('equals T plain dd gd steps to within the same bound (fused path = unfused path)', () => {
    for (const T of [2, 5]) {
      let s = stepper.init(F, B.vec(w0));
      for (let k = 0; k < T; k++) s = stepper.step(F, s, k);
      const r = bindPath().advance(stepper.init(F, B.vec(w0)), T);
      const W = Math.max(
        ...reference(T)
          .flat()
          .map((v) => Math.abs(Number(v))),
      );
      expect(maxAbsDiff(B.vshow(r.state.theta), B.vshow(s.theta))).toBeLessThanOrEqual(bound(T, W));
    }
  });
});

describe('ddLogisticSumGdPath.bind refuses what it does not fuse', () => {
  const lr = B.num(lrText);
  const data = { X: B.mat(X), y: B.vec(y) };
  const sum = { reduction: 'sum' } as const;

  it('a stepper other than gd, a gd without lr, or another backend', () => {
    expect(ddLogisticSumGdPath.bind(F, gd(B, { lr }))).toBeDefined();
    expect(ddLogisticSumGdPath.bind(F, heavyBall(B, { lr, beta: B.zero }))).toBeUndefined();
    expect(ddLogisticSumGdPath.bind(F, { ...gd(B, { lr }), params: {} })).toBeUndefined();
    const f = f64Backend();
    const F64 = objective(f, linearClassifier(f, { d: 2 }), logistic(f), { X: f.mat(X), y: f.vec(y) }, sum);
    expect(ddLogisticSumGdPath.bind(F64, gd(f, { lr: f.num(lrText) }))).toBeUndefined();
    // a copy of the dd backend has the dd representation but is not the registered dd backend
    const copy: Backend<DD> = { ...B };
    const Fc = objective(
      copy,
      linearClassifier(copy, { d: 2 }),
      logistic(copy),
      { X: copy.mat(X), y: copy.vec(y) },
      sum,
    );
    expect(ddLogisticSumGdPath.bind(Fc, gd(copy, { lr: copy.num(lrText) }))).toBeUndefined();
  });

  it('an objective that is not an empirical risk, or whose model is not the linear classifier', () => {
    expect(ddLogisticSumGdPath.bind(quadratic(B, { A: B.eye(2) }), gd(B, { lr }))).toBeUndefined();
    const twin = { ...linearClassifier(B, { d: 2 }), kind: 'twinOfLinear' };
    expect(ddLogisticSumGdPath.bind(objective(B, twin, logistic(B), data, sum), gd(B, { lr }))).toBeUndefined();
  });

  it('data whose columns are not dim θ, or more than LOGISTIC_GD_MAX_DIM columns (the drift bound needs d ≤ 14K)', () => {
    const wide = objective(B, linearClassifier(B, { d: 3 }), logistic(B), data, sum);
    expect(ddLogisticSumGdPath.bind(wide, gd(B, { lr }))).toBeUndefined();
    const atDim = (d: number) =>
      objective(B, linearClassifier(B, { d }), logistic(B), { X: B.mat([Array(d).fill('1')]), y: B.vec(['1']) }, sum);
    expect(ddLogisticSumGdPath.bind(atDim(LOGISTIC_GD_MAX_DIM), gd(B, { lr }))).toBeDefined();
    expect(ddLogisticSumGdPath.bind(atDim(LOGISTIC_GD_MAX_DIM + 1), gd(B, { lr }))).toBeUndefined();
  });

  it('labels other than ±1 (a label 2, or one off 1 by 1e-20 in the low word)', () => {
    for (const bad of [
      ['1', '-1', '2'],
      ['1', '-1.00000000000000000001', '1'],
    ]) {
      const Fb = objective(B, linearClassifier(B, { d: 2 }), logistic(B), { X: B.mat(X), y: B.vec(bad) }, sum);
      expect(ddLogisticSumGdPath.bind(Fb, gd(B, { lr }))).toBeUndefined();
    }
  });
});
