import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend, type Dec } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, Repr, S } from '../numeric/types.js';
import { constantStep, pid } from './controller.js';
import { integrate } from './integrate.js';
import { fehlberg78, rk4, dopri5 } from './solvers.js';
import type { VectorField } from './types.js';

const HALF_PI = '1.57079632679489661923132169163975144209858469968755291048747';

const backends: [string, Backend<Repr>][] = [
  ['f64', f64Backend()],
  ['dd', ddBackend()],
];

const within = <R extends Repr>(B: Backend<R>, x: S<R>, lo: S<R>, hi: S<R>, slack: S<R>) =>
  B.cmp(B.sub(lo, slack), x) <= 0 && B.cmp(x, B.add(hi, slack)) <= 0;

describe.each(backends)('events on %s: known crossing times', (_name, B) => {
  const u = B.eps;

  it('ẏ = −1 from y₀ = 7/10: the crossing of y = 0 is bracketed at t = 7/10 within the tolerance', () => {
    const y0 = B.num('0.7');
    const tol = B.mul(B.int(64), u);
    const sol = integrate((_t, y) => B.fill(B.dim(y), B.neg(B.one)), fehlberg78, pid(B), {
      t1: B.int(2),
      y0: B.pack([y0]),
      event: { g: (_t, y) => y, tol },
    });
    expect(sol.result).toBe('event');
    const ev = sol.event!;
    expect(ev.index).toBe(0);
    expect(ev.converged).toBe(true);
    expect(B.cmp(B.sub(ev.tHi, ev.tLo), tol)).toBeLessThanOrEqual(0);
    // RK is exact on a constant field: y(t) = y₀ − t up to a few roundings of size u
    expect(within(B, y0, ev.tLo, ev.tHi, B.mul(B.int(8), u))).toBe(true);
    expect(B.cmp(B.at(ev.yLo, 0), B.zero)).toBeGreaterThanOrEqual(0); // not yet across (may sit on 0)
    expect(B.cmp(B.at(ev.yHi, 0), B.zero)).toBe(-1); // strictly past: a restart sees the new side
    expect(B.cmp(sol.t, ev.tHi)).toBe(0);
    expect(sol.ts.length).toBe(2); // t0 and the event
  });

  it('harmonic oscillator x = cos t: x crosses 0 at π/2 (within tolerance + the integration error)', () => {
    const f: VectorField<Repr> = (_t, y) => B.pack([B.at(y, 1), B.neg(B.at(y, 0))]);
    const tol = B.mul(B.int(64), u);
    const sol = integrate(f, fehlberg78, pid(B), {
      t1: B.int(3),
      y0: B.vec(['1', '0']),
      event: { g: (_t, y) => B.slice(y, 0, 1), tol },
    });
    expect(sol.result).toBe('event');
    const ev = sol.event!;
    expect(ev.converged).toBe(true);
    expect(B.cmp(B.sub(ev.tHi, ev.tLo), tol)).toBeLessThanOrEqual(0);
    // the flow is a rotation (norm-preserving): the computed x differs from cos t by at most Σ local errors
    // (errSum, conservative for the propagated solution) plus rounding; |ẋ| = |sin| ≈ 1 there, so the crossing
    // time moves by at most as much
    const slack = B.add(B.mul(B.int(2), sol.stats.errSum), B.mul(B.int(16 * (sol.stats.accepted + 1)), u));
    expect(within(B, B.num(HALF_PI), ev.tLo, ev.tHi, slack)).toBe(true);
    // a wrong root (e.g. the step end, or the midpoint of the step) lies outside that window
    expect(B.toNumber(slack)).toBeLessThan(1e-6 * B.toNumber(B.num(HALF_PI)));
  });

  it('several components: the earliest crossing inside one long step is the one located, then restarting finds the next', () => {
    const f: VectorField<Repr> = (_t, y) => B.fill(B.dim(y), B.one);
    const g = (_t: S<Repr>, y: typeof y0) => B.pack([B.sub(B.at(y, 0), B.num('0.6')), B.sub(B.at(y, 0), B.num('0.3'))]);
    const y0 = B.vec(['0']);
    // one RK4 step of size 1 crosses both 0.3 and 0.6
    const first = integrate(f, rk4, constantStep(B, B.one), { t1: B.one, y0, event: { g } });
    expect(first.result).toBe('event');
    expect(first.event!.fired).toEqual([1]);
    expect(within(B, B.num('0.3'), first.event!.tLo, first.event!.tHi, B.mul(B.int(8), u))).toBe(true);
    const second = integrate(f, rk4, constantStep(B, B.one), { t0: first.t, t1: B.one, y0: first.y, event: { g } });
    expect(second.result).toBe('event');
    expect(second.event!.index).toBe(0);
    expect(within(B, B.num('0.6'), second.event!.tLo, second.event!.tHi, B.mul(B.int(8), u))).toBe(true);
    const third = integrate(f, rk4, constantStep(B, B.one), { t0: second.t, t1: B.one, y0: second.y, event: { g } });
    expect(third.result).toBe('ok');
  });

  it('a component that lands exactly on 0 at a step end fires in the next step when it goes on through', () => {
    // RK4 on y' = −1 is exact: y(1/2) = 0 exactly at the end of the second step of 1/4
    const sol = integrate((_t, y) => B.fill(B.dim(y), B.neg(B.one)), rk4, constantStep(B, '0.25'), {
      t1: B.one,
      y0: B.vec(['0.5']),
      event: { g: (_t, y) => y },
    });
    expect(sol.result).toBe('event');
    const ev = sol.event!;
    expect(B.cmp(ev.tLo, B.num('0.5'))).toBe(0);
    expect(B.cmp(B.at(ev.yHi, 0), B.zero)).toBe(-1);
    expect(B.cmp(B.sub(ev.tHi, ev.tLo), B.mul(B.int(64), u))).toBeLessThanOrEqual(0);
  });

  it('a component that is 0 at the start does not fire for leaving 0', () => {
    const sol = integrate((_t, y) => B.fill(B.dim(y), B.one), dopri5, pid(B), {
      t1: B.one,
      y0: B.vec(['0']),
      event: { g: (_t, y) => y },
    });
    expect(sol.result).toBe('ok');
  });
});

describe('events: no crossing ⇒ the run is the run without events', () => {
  it.each(backends)('%s: identical steps, saves and counters', (_name, B) => {
    const f: VectorField<Repr> = (_t, y) => B.pack([B.at(y, 1), B.neg(B.at(y, 0))]);
    const opts = { t1: B.int(1), y0: B.vec(['1', '0']), saveAt: { steps: true, every: B.num('0.25') } };
    const ctl = () => pid(B, { rtol: '1e-12', atol: '1e-12' });
    const plain = integrate(f, dopri5, ctl(), opts);
    const withEv = integrate(f, dopri5, ctl(), {
      ...opts,
      event: { g: (_t, y) => B.pack([B.add(B.at(y, 0), B.int(2))]) },
    });
    expect(withEv.result).toBe('ok');
    expect(withEv.event).toBeUndefined();
    expect(withEv.ts).toEqual(plain.ts);
    expect(withEv.ys).toEqual(plain.ys);
    expect(withEv.stats).toEqual(plain.stats);
    expect(withEv.y).toEqual(plain.y);
  });
});

describe('events on dec:40', () => {
  it('ẏ = −1 from 7/10 is bracketed at 7/10 to the tolerance', () => {
    const B = decBackend(40);
    const tol = B.num('1e-35');
    const f: VectorField<Dec> = (_t, y) => B.fill(B.dim(y), B.neg(B.one));
    const sol = integrate(f, fehlberg78, pid(B, { rtol: '1e-30', atol: '1e-30' }), {
      t1: B.one,
      y0: B.vec(['0.7']),
      event: { g: (_t, y) => y, tol },
    });
    expect(sol.result).toBe('event');
    const ev = sol.event!;
    expect(B.cmp(B.sub(ev.tHi, ev.tLo), tol)).toBeLessThanOrEqual(0);
    expect(within(B, B.num('0.7'), ev.tLo, ev.tHi, B.mul(B.int(8), B.eps))).toBe(true);
  });
});
