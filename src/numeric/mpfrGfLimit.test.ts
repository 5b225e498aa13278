/**
 * What mpfr makes affordable: gfLimit (gradient flow to its limit with an error bar, fehlberg78) at mpfr:50 with
 * rtol = atol = 1e-32, against the closed-form limits of linear2 and scalarNet (flow/oracles.ts): error bars below
 * 1e-28, where dd's own run (default tolerance) reports ~5e-26. Measured on scalarNet: 17,835 steps, err 3.2e-29,
 * actual distance 1.0e-35 (rtol 1e-34: 31,689 steps, err 5.7e-31). At the default 100·u ≈ 2e-51 the order-8 pair
 * needs more than maxSteps steps; the flow tests run decimal only at dec:40 with rtol 1e-20, for time.
 */
import { describe, expect, it } from 'vitest';
import { gfLimit } from '../flow/gfLimit.js';
import { linear2Limit, scalarNetLimit } from '../flow/oracles.js';
import { square } from '../losses/index.js';
import { linear2, scalarNet } from '../models/index.js';
import { objective, type Objective } from '../objective/objective.js';
import type { AnyBackend, Backend, Repr, S } from './types.js';
import { mpfrBackend } from './mpfr.js';
import { initMpfr } from './mpfrInit.js';

/** ½(aᵀb − Φ)²: the linear2 model with the square loss on the one sample x = 1, y = Φ. */
function linear2Objective<R extends Repr>(B: Backend<R>, k: number, Phi: S<R>): Objective<R> {
  return objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.pack([Phi]) });
}

/** ½(∏w_i − y)²: the scalarNet model with the square loss on the one sample x = 1. */
function scalarNetObjective<R extends Repr>(B: Backend<R>, depth: number, y: S<R>): Objective<R> {
  return objective(B, scalarNet(B, { depth }), square(B), { X: B.mat([['1']]), y: B.pack([y]) });
}

await initMpfr();
const B: AnyBackend = mpfrBackend(50);

/** gfLimit's θ is within its own err (+ the oracle's err + the rounding of the distance) of the closed form. */
function expectWithin(theta: unknown, expected: unknown, err: unknown, oracleErr: unknown): void {
  const dist = B.nrm2(B.vsub(theta, expected));
  const allowed = B.add(B.add(err, oracleErr), B.mul(B.mul(B.int(B.dim(expected) + 9), B.eps), dist));
  expect(B.cmp(dist, allowed), `‖θ − θ∞‖ = ${B.show(dist)} > ${B.show(allowed)}`).toBeLessThanOrEqual(0);
}

const OPTS = { rtol: '1e-32', atol: '1e-32', tol: '1e-36' } as const;

describe('gfLimit at mpfr:50 (fehlberg78, rtol = atol = 1e-32)', () => {
  it('linear2: reaches the closed-form limit with an error bar below 1e-28', () => {
    const a0 = B.vec(['0.3', '-0.2']);
    const b0 = B.vec(['0.9', '0.4']);
    const Phi = B.num('1.5');
    const o = linear2Limit(B, a0, b0, Phi);
    const r = gfLimit(linear2Objective(B, 2, Phi), B.concat([a0, b0]), OPTS);
    expect(r.result, r.message).toBe('ok');
    expectWithin(r.theta, B.concat([o.a, o.b]), r.err, o.err);
    expect(B.cmp(r.err, B.num('1e-28')), B.show(r.err)).toBe(-1);
  }, 120_000);

  it('scalarNet: reaches the closed-form limit with an error bar below 1e-28', () => {
    const w0 = B.vec(['0.5', '-1.2', '-0.8']);
    const Y = B.num('2');
    const o = scalarNetLimit(B, w0, Y);
    const r = gfLimit(scalarNetObjective(B, 3, Y), w0, OPTS);
    expect(r.result, r.message).toBe('ok');
    expectWithin(r.theta, o.w, r.err, o.err);
    expect(B.cmp(r.err, B.num('1e-28')), B.show(r.err)).toBe(-1);
  }, 120_000);
});
