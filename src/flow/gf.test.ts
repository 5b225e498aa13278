import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { linear2, scalarNet } from '../models/index.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';
import { objective, type Objective } from '../objective.js';
import { gfLimit, type GfLimitOptions } from './gfLimit.js';
import { gradientFlow, gradientFlowController, powerSharpness } from './gradientFlow.js';
import { integrate } from './integrate.js';
import { linear2Limit, scalarNetLimit } from './oracles.js';
import { defaultSolverId } from './gradientFlow.js';
import { dopri5, fehlberg78 } from './solvers.js';
import { linear2Objective, scalarNetObjective } from './testObjectives.js';

// Backends: f64 and dd at their default tolerances (100·u); dec:40 at rtol = atol = 1e-20 to stay within the time
// budget (dec is ~1000× slower than f64) — still 4 digits beyond dd's reach is not the point; the point is that the
// same code runs on decimal and its error bars hold.
const f64 = f64Backend();
const dd = ddBackend();
const dec = decBackend(40);
const DEC_OPTS = { rtol: '1e-20', atol: '1e-20' } as const;

/** The oracle itself is computed in the backend with a few roundings per entry: allow 100·u·(1 + ‖θ∞‖). */
function oracleSlack<R extends Repr>(B: Backend<R>, x: V<R>): S<R> {
  return B.mul(B.mul(B.int(100), B.eps), B.add(B.one, B.nrm2(x)));
}

function checkLimit<R extends Repr>(
  B: Backend<R>,
  F: Objective<R>,
  theta0: V<R>,
  expected: V<R>,
  opts: GfLimitOptions<R>,
  maxErr: number,
): void {
  const r = gfLimit(F, theta0, opts);
  expect(r.result, r.message).toBe('ok');
  const dist = B.nrm2(B.vsub(r.theta, expected));
  const allowed = B.add(r.err, oracleSlack(B, expected));
  expect(B.cmp(dist, allowed), `${B.id}: ‖θ − θ∞‖ = ${B.toNumber(dist)} > err = ${B.toNumber(allowed)}`).toBeLessThanOrEqual(0);
  // the error bar is informative, not just large: a test that can fail when the integrator is sloppy
  expect(B.toNumber(r.err)).toBeLessThan(maxErr);
}

function linear2Case<R extends Repr>(B: Backend<R>, a: Num[], b: Num[], Phi: Num, opts: GfLimitOptions<R>, maxErr: number): void {
  const P = B.num(Phi);
  const a0 = B.vec(a);
  const b0 = B.vec(b);
  const o = linear2Limit(B, a0, b0, P);
  checkLimit(B, linear2Objective(B, a.length, P), B.concat([a0, b0]), B.concat([o.a, o.b]), opts, maxErr);
}

function scalarNetCase<R extends Repr>(B: Backend<R>, w: Num[], y: Num, opts: GfLimitOptions<R>, maxErr: number): void {
  const Y = B.num(y);
  const w0 = B.vec(w);
  checkLimit(B, scalarNetObjective(B, w.length, Y), w0, scalarNetLimit(B, w0, Y).w, opts, maxErr);
}

describe('closed-form oracles are minimizers with the stated invariants and sharpness (dec:40)', () => {
  const B = dec;
  it('linear2: the limit has aᵀb = Φ, the same aaᵀ − bbᵀ, and sharpness √(4Φ² + ‖u₀‖²‖v₀‖²) = ‖a‖² + ‖b‖²', () => {
    for (const [a, b, Phi] of [
      [['0.3', '-0.2'], ['0.9', '0.4'], '1.5'],
      [['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75'],
    ] as [Num[], Num[], Num][]) {
      const a0 = B.vec(a);
      const b0 = B.vec(b);
      const o = linear2Limit(B, a0, b0, B.num(Phi));
      const tol = B.mul(B.int(1000), B.eps);
      expect(B.toNumber(B.abs(B.sub(B.dot(o.a, o.b), B.num(Phi))))).toBeLessThan(B.toNumber(tol));
      const D0 = B.vsub(B.flatten(B.ger(a0, a0)), B.flatten(B.ger(b0, b0)));
      const D1 = B.vsub(B.flatten(B.ger(o.a, o.a)), B.flatten(B.ger(o.b, o.b)));
      expect(B.toNumber(B.amax(B.vsub(D0, D1)))).toBeLessThan(B.toNumber(tol));
      const lam = B.add(B.dot(o.a, o.a), B.dot(o.b, o.b));
      expect(B.toNumber(B.abs(B.sub(lam, o.sharpness)))).toBeLessThan(B.toNumber(tol));
      // top Hessian eigenvalue at the limit by power iteration (gap: the other eigenvalues are 0 at a minimizer)
      const F = linear2Objective(B, a.length, B.num(Phi));
      const est = powerSharpness(F, B.concat([o.a, o.b]), 3).value;
      expect(B.toNumber(B.abs(B.sub(est, o.sharpness)))).toBeLessThan(B.toNumber(tol));
    }
  });

  it('scalarNet: the limit has ∏w = y, the same w_i² − w_j² and signs, and sharpness y²Σ1/w_i² = ‖∇∏w‖²', () => {
    const y = B.num('2');
    const w0 = B.vec(['0.5', '-1.2', '-0.8']);
    const o = scalarNetLimit(B, w0, y);
    const w = B.unpack(o.w);
    const tol = B.mul(B.int(1000), B.eps);
    const prod = w.reduce((p, x) => B.mul(p, x));
    expect(B.toNumber(B.abs(B.sub(prod, y)))).toBeLessThan(B.toNumber(tol));
    const d0 = B.sub(B.mul(B.at(w0, 0), B.at(w0, 0)), B.mul(B.at(w0, 1), B.at(w0, 1)));
    const d1 = B.sub(B.mul(w[0]!, w[0]!), B.mul(w[1]!, w[1]!));
    expect(B.toNumber(B.abs(B.sub(d0, d1)))).toBeLessThan(B.toNumber(tol));
    expect(w.map((x) => B.cmp(x, B.zero))).toEqual([1, -1, -1]);
    const F = scalarNetObjective(B, 3, y);
    const est = powerSharpness(F, o.w, 3).value;
    expect(B.toNumber(B.abs(B.sub(est, o.sharpness)))).toBeLessThan(B.toNumber(tol));
  });

  it('the oracles reject the degenerate initializations that flow to a saddle', () => {
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['-1']), B.num('1'))).toThrow(/saddle/);
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['1']), B.num('-1'))).toThrow(/saddle/);
    expect(() => scalarNetLimit(B, B.vec(['1', '-1']), B.num('1'))).toThrow(/sign/);
  });
});

describe('gfLimit matches the closed-form gradient-flow limits within its error bars', () => {
  it('f64 (dopri5): linear2 and scalarNet on fixed instances', () => {
    linear2Case(f64, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', {}, 1e-9);
    linear2Case(f64, ['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75', {}, 1e-9);
    scalarNetCase(f64, ['0.5', '-1.2', '-0.8'], '2', {}, 1e-9);
    scalarNetCase(f64, ['1.5', '0.25'], '-0.5'.replace('-', ''), {}, 1e-9);
  });

  it('f64: random linear2 and scalarNet instances (property)', () => {
    const coord = fc.integer({ min: -16, max: 16 }).map((k) => (k / 8).toString());
    fc.assert(
      fc.property(fc.array(coord, { minLength: 2, maxLength: 2 }), fc.array(coord, { minLength: 2, maxLength: 2 }), fc.integer({ min: -12, max: 12 }), (a, b, p) => {
        const Phi = (p / 4).toString();
        const u = a.map((x, i) => Number(x) + Number(b[i]));
        const v = a.map((x, i) => Number(x) - Number(b[i]));
        // exclude the saddle-bound inits and nearly-degenerate ones (tiny ‖u‖ or ‖v‖ make the flow slow)
        fc.pre(u.some((x) => x !== 0) && (p > 0 || v.some((x) => x !== 0)) && p !== 0);
        linear2Case(f64, a, b, Phi, {}, 1e-6);
      }),
      { numRuns: 15 },
    );
    const nz = fc.integer({ min: 2, max: 16 }).chain((k) => fc.boolean().map((s) => `${s ? '-' : ''}${k / 8}`));
    fc.assert(
      fc.property(fc.array(nz, { minLength: 2, maxLength: 4 }), fc.integer({ min: 2, max: 12 }), (w, yk) => {
        const sign = w.reduce((s, x) => (x.startsWith('-') ? -s : s), 1);
        scalarNetCase(f64, w, `${sign < 0 ? '-' : ''}${yk / 4}`, {}, 1e-6);
      }),
      { numRuns: 15 },
    );
  });

  it('dd (fehlberg78): linear2 and scalarNet, error bars below 1e-24', () => {
    expect(defaultSolverId(dd)).toBe('fehlberg78');
    linear2Case(dd, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', {}, 1e-24);
    scalarNetCase(dd, ['0.5', '-1.2', '-0.8'], '2', {}, 1e-24);
  });

  it('dec:40 (fehlberg78, rtol = 1e-20): linear2 and scalarNet', () => {
    linear2Case(dec, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', DEC_OPTS, 1e-15);
    scalarNetCase(dec, ['0.5', '-1.2', '-0.8'], '2', DEC_OPTS, 1e-15);
  });

  it('the models from src/models give the same limit as the stand-in objectives (f64)', () => {
    const B = f64;
    const X = B.mat([['1']]);
    const L2 = objective(B, linear2(B, { k: 2 }), square(B), { X, y: B.vec(['1.5']) });
    linear2Case(B, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', {}, 1e-9);
    const a0 = B.vec(['0.3', '-0.2']);
    const b0 = B.vec(['0.9', '0.4']);
    const o = linear2Limit(B, a0, b0, B.num('1.5'));
    checkLimit(B, L2, B.concat([a0, b0]), B.concat([o.a, o.b]), {}, 1e-9);
    const SN = objective(B, scalarNet(B, { depth: 3 }), square(B), { X, y: B.vec(['2']) });
    const w0 = B.vec(['0.5', '-1.2', '-0.8']);
    checkLimit(B, SN, w0, scalarNetLimit(B, w0, B.num('2')).w, {}, 1e-9);
  });

  it('gfLimit reports not_converged (not ok) when t1Max is too short', () => {
    const F = scalarNetObjective(f64, 3, f64.num('2'));
    const r = gfLimit(F, f64.vec(['0.5', '-1.2', '-0.8']), { t1Max: '0.5' });
    expect(r.result).toBe('not_converged');
  });
});

/**
 * Invariants over t ∈ [0, 100]: for the exact flow I(θ(t)) is constant, so the drift of the numerical solution is
 * Σ_k [I(y_{k+1}) − I(Φ_h(y_k))] ≤ Σ_k ‖∇I‖·‖local error_k‖ ≤ 2·max‖θ‖·Σ‖ê_k‖ (‖∇I‖ ≤ 2‖θ‖ for these quadratic
 * invariants; the local error of the propagated solution is below the embedded estimate ê_k), plus rounding:
 * ~10 roundings of size u·‖θ‖ per step, each moving I by ≤ 2‖θ‖·u‖θ‖ → 20·N·u·max‖θ‖².
 */
function driftBound<R extends Repr>(B: Backend<R>, stats: { errSum: S<R>; maxNorm: S<R>; accepted: number }): S<R> {
  const m = stats.maxNorm;
  return B.add(B.mul(B.mul(B.int(2), m), stats.errSum), B.mul(B.mul(B.int(20 * Math.max(1, stats.accepted)), B.eps), B.mul(m, m)));
}

function invariantCase<R extends Repr>(
  B: Backend<R>,
  F: Objective<R>,
  theta0: V<R>,
  invariants: (th: V<R>) => S<R>[],
  opts: { rtol?: Num; atol?: Num },
  t1: Num,
): void {
  const solver = defaultSolverId(B) === 'dopri5' ? dopri5 : fehlberg78;
  const sol = integrate(gradientFlow(F), solver, gradientFlowController(F, solver, opts), {
    t1: B.num(t1),
    y0: theta0,
    saveAt: { every: B.num('10'), fn: (_t, y) => invariants(y) },
  });
  expect(sol.result, sol.message).toBe('ok');
  const I0 = invariants(theta0);
  const bound = driftBound(B, sol.stats);
  let worst = B.zero;
  for (const Is of sol.ys as S<R>[][]) for (const [i, x] of Is.entries()) worst = B.max(worst, B.abs(B.sub(x, I0[i]!)));
  expect(B.cmp(worst, bound), `${B.id}: drift ${B.toNumber(worst)} > bound ${B.toNumber(bound)}`).toBeLessThanOrEqual(0);
  // the bound is tight enough to mean something
  expect(B.toNumber(bound)).toBeLessThan(B.id === 'f64' ? 1e-8 : B.id === 'dd' ? 1e-22 : 1e-14);
}

describe('gradient flow conserves the closed-form invariants to the integrator tolerance on t ∈ [0, 100]', () => {
  const scalarNetInv = <R extends Repr>(B: Backend<R>) => (th: V<R>): S<R>[] => {
    const w = B.unpack(th);
    return w.slice(1).map((x, i) => B.sub(B.mul(w[i]!, w[i]!), B.mul(x, x)));
  };
  const linear2Inv = <R extends Repr>(B: Backend<R>, k: number) => (th: V<R>): S<R>[] => {
    const a = B.slice(th, 0, k);
    const b = B.slice(th, k, 2 * k);
    return B.unpack(B.vsub(B.flatten(B.ger(a, a)), B.flatten(B.ger(b, b))));
  };
  for (const [B, opts, t1] of [
    [f64, {}, '100'],
    [dd, {}, '100'],
    [dec, DEC_OPTS, '100'],
  ] as [Backend<Repr>, { rtol?: Num; atol?: Num }, Num][]) {
    it(`${B.id}: scalarNet w_i² − w_j² and linear2 aaᵀ − bbᵀ`, () => {
      invariantCase(B, scalarNetObjective(B, 3, B.num('2')), B.vec(['0.5', '-1.2', '-0.8']), scalarNetInv(B), opts, t1);
      invariantCase(B, linear2Objective(B, 2, B.num('1.5')), B.vec(['0.3', '-0.2', '0.9', '0.4']), linear2Inv(B, 2), opts, t1);
    });
  }
});
