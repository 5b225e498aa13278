// The stepper laws (./laws.ts) must be able to fail: each law is run against a deliberately broken stepper (or a
// backend with a wrong kernel) and must reject it with its own message; built inside the tests, the laws must also
// pass on correct steppers and honour their options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { AnyBackend, Backend, Num, Repr, V } from '../numeric/types.js';
import { gd, STEPPERS, type SpsMaxSpec } from './index.js';
import {
  curvatureBound,
  f64TracksReferenceLaw,
  FIXED_PROBLEM,
  gdEqualsEulerLaw,
  lawProblemArb,
  sameVec,
  stepperLaws,
} from './laws.js';
import type { Stepper, StepperEntry, StepperState } from './types.js';

const B = f64Backend();
type GdSpec = { lr: Num };

/** What a failing law reports: fast-check's summary and the law's own error (its `cause`), one string. */
function failure(run: () => void): string {
  try {
    run();
  } catch (e) {
    const parts: string[] = [];
    for (let c: unknown = e; c instanceof Error; c = c.cause) parts.push(c.message);
    return parts.join('\n');
  }
  return 'the law passed';
}

const lawNamed = (entry: StepperEntry<unknown>, part: string, numRuns = 30) => {
  const law = stepperLaws(B, entry, { numRuns }).find((l) => l.name.includes(part));
  if (!law) throw new Error(`no law matching ${part}`);
  return law;
};

/** The gd entry with another stepper: `wrap` gets the true gd and returns the broken one. */
function brokenGd(
  wrap: <R extends Repr>(Bk: Backend<R>, g: Stepper<R, StepperState<R>>, spec: GdSpec) => Stepper<R, StepperState<R>>,
): StepperEntry<unknown> {
  const entry = {
    ...STEPPERS.gd,
    make: (Bk, s) => wrap(Bk, gd(Bk, { lr: Bk.num(s.lr) }), s),
  } satisfies StepperEntry<GdSpec>;
  return entry;
}

/** The spsMax entry with `make` replaced (its lr is γ_b, which must be > 0). */
function brokenSps(make: StepperEntry<SpsMaxSpec>['make']): StepperEntry<unknown> {
  const entry = { ...STEPPERS.spsMax, make } satisfies StepperEntry<SpsMaxSpec>;
  return entry;
}

describe('law problems and helpers', () => {
  it('lawProblemArb spans its documented range: d ∈ [1, 3], n ∈ [1, 4], X in [−½, ½], y and θ₀ in [−1, 1], eighths', () => {
    const ps = fc.sample(lawProblemArb, { seed: 7, numRuns: 400 });
    const xs = ps.flatMap((p) => p.X.flat().map(Number));
    const ys = ps.flatMap((p) => p.y.map(Number));
    const ts = ps.flatMap((p) => p.theta0.map(Number));
    for (const v of [...xs, ...ys, ...ts]) expect(Number.isInteger(v * 8)).toBe(true);
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([-0.5, 0.5]);
    expect([Math.min(...ys), Math.max(...ys)]).toEqual([-1, 1]);
    expect([Math.min(...ts), Math.max(...ts)]).toEqual([-1, 1]);
    expect(new Set(ps.map((p) => p.theta0.length))).toEqual(new Set([1, 2, 3]));
    expect(new Set(ps.map((p) => p.X.length))).toEqual(new Set([1, 2, 3, 4]));
  });

  it('curvatureBound is the largest absolute row sum of XᵀX/n (worked by hand on FIXED_PROBLEM)', () => {
    // XᵀX/n = [[0.14453125, −0.01953125], [−0.01953125, 0.12890625]]: row sums 0.1640625 and 0.1484375
    expect(curvatureBound(FIXED_PROBLEM)).toBe(0.1640625);
    // one column: x² averaged, (¼ + ¼)/2
    expect(curvatureBound({ X: [['0.5'], ['-0.5']], y: ['0', '0'], theta0: ['0'] })).toBe(0.25);
    // the second row dominates: XᵀX/n = [[1/64, 1/16], [1/16, 1/4]], row sums 5/64 and 5/16
    expect(curvatureBound({ X: [['0.125', '0.5']], y: ['0'], theta0: ['0', '0'] })).toBe(5 / 16);
  });

  it('sameVec: equal entries (−0 = 0) only, and vectors of different lengths are never equal', () => {
    expect(sameVec(B, B.vec(['1', '-0']), B.vec(['1', '0']))).toBe(true);
    expect(sameVec(B, B.vec(['1', '2']), B.vec(['1', '3']))).toBe(false);
    expect(sameVec(B, B.vec(['1']), B.vec(['1', '2']))).toBe(false);
    expect(sameVec(B, B.vec(['1', '2']), B.vec(['1']))).toBe(false);
  });
});

describe('which laws a stepper gets', () => {
  const names = (entry: StepperEntry<unknown>) => stepperLaws(B, entry, { numRuns: 3 }).map((l) => l.name);

  it('gd (no positiveLr, not stochastic) gets the rest-point law and no seed law, and passes every law', () => {
    const entry = STEPPERS.gd as StepperEntry<unknown>;
    expect(names(entry).some((n) => n.includes('lr = 0 leaves θ at its rest point'))).toBe(true);
    expect(names(entry).some((n) => n.includes('refused') || n.includes('different seeds'))).toBe(false);
    expect(names(entry).some((n) => n.includes('function of its state'))).toBe(true);
    for (const law of stepperLaws(B, entry, { numRuns: 5 })) law.run();
  });

  it('spsMax (γ_b > 0, stochastic, no gd special case) gets the refusal and seed laws and passes every law', () => {
    const entry = STEPPERS.spsMax as StepperEntry<unknown>;
    expect(names(entry).some((n) => n.includes('lr = 0 is refused in one line naming gammaB'))).toBe(true);
    expect(names(entry).some((n) => n.includes('rest point') || n.includes('gd special case'))).toBe(false);
    expect(names(entry).some((n) => n.includes('different seeds give different trajectories'))).toBe(true);
    for (const law of stepperLaws(B, entry, { numRuns: 5 })) law.run();
  });

  it('sgd (minibatches sized from the problem) passes the state law, which builds it with the problem size', () => {
    lawNamed(STEPPERS.sgd, 'function of its state').run();
  });

  it('sgd passes its seed law (seeds s and s + 1 are both valid and differ)', () => {
    lawNamed(STEPPERS.sgd, 'different seeds').run();
  });

  it('numRuns is honoured: the rerun law builds the stepper twice per run', () => {
    let made = 0;
    const counted = brokenGd((_Bk, g) => {
      made++;
      return g;
    });
    lawNamed(counted, 'same spec', 3).run();
    expect(made).toBe(6);
  });
});

describe('each stepper law rejects a stepper that breaks it, with its message', () => {
  it('a stepper that moves at lr = 0 fails the rest-point law at θ_1', () => {
    const drift = brokenGd((Bk, g) => ({
      ...g,
      step: (F, s, k) => ({ theta: Bk.vshift(g.step(F, s, k).theta, Bk.num('0.001')) }),
    }));
    expect(failure(lawNamed(drift, 'rest point').run)).toMatch(/lr = 0: θ_1 differs/);
  });

  it('the message shows both vectors entry by entry ("[a, b] vs [c, d]")', () => {
    // drifts only in dimension ≥ 2, so the shrunk counterexample has two entries
    const drift = brokenGd((Bk, g) => ({
      ...g,
      step: (F, s, k) => {
        const t = g.step(F, s, k).theta;
        return { theta: Bk.dim(t) >= 2 ? Bk.vshift(t, Bk.num('0.001')) : t };
      },
    }));
    expect(failure(lawNamed(drift, 'rest point').run)).toMatch(
      /θ_1 differs: \[[^\],]+, [^\],]+\] vs \[[^\],]+, [^\],]+\]/,
    );
  });

  it('a stepper that draws from Math.random fails the rerun law', () => {
    const noisy = brokenGd((Bk, g) => ({
      ...g,
      step: (F, s, k) => ({ theta: Bk.vshift(g.step(F, s, k).theta, Bk.fromDouble(Math.random())) }),
    }));
    expect(failure(lawNamed(noisy, 'same spec').run)).toMatch(/rerun: θ_1 differs/);
  });

  it('a stepper that diverges on every second build fails the rerun law on the trajectory lengths', () => {
    let made = 0;
    const flaky = brokenGd((Bk, g) =>
      made++ % 2 === 0
        ? g
        : { ...g, step: (F, s, k) => (k === 2 ? { theta: Bk.vshift(s.theta, Bk.fromDouble(NaN)) } : g.step(F, s, k)) },
    );
    // the second run stops at its first non-finite θ (k = 3): θ_0..θ_2 are kept
    expect(failure(lawNamed(flaky, 'same spec').run)).toMatch(/rerun: trajectories have 7 and 3 points/);
  });

  it('a stepper that writes into its input state fails the state law', () => {
    // its result does not depend on θ (so both calls agree), but it overwrites the incoming θ
    const writer = brokenGd((Bk, g) => ({
      ...g,
      step: (_F, s) => {
        (s.theta as Float64Array)[0] = 12345;
        return { theta: Bk.fill(Bk.dim(s.theta), Bk.one) };
      },
    }));
    expect(failure(lawNamed(writer, 'function of its state').run)).toMatch(/step 0 modified its input state/);
  });

  it('a stepper whose step depends on hidden mutable state fails the state law (same state, two results)', () => {
    let calls = 0;
    const hidden = brokenGd((Bk, g) => ({
      ...g,
      step: (F, s, k) => ({ theta: Bk.vshift(g.step(F, s, k).theta, Bk.fromDouble(calls++ % 2)) }),
    }));
    expect(failure(lawNamed(hidden, 'function of its state').run)).toMatch(/step 0 twice: θ_0 differs/);
  });

  it('an adaptive stepper that accepts γ_b = 0 fails the refusal law', () => {
    const clamped = brokenSps((Bk, s) =>
      STEPPERS.spsMax.make(Bk, { ...s, gammaB: s.gammaB === '0' ? '0.0001' : s.gammaB }),
    );
    expect(failure(lawNamed(clamped, 'lr = 0').run)).toMatch(/lr = 0 \(gammaB\) was accepted/);
  });

  it('a refusal that does not name the parameter fails the refusal law', () => {
    const vague = brokenSps((Bk, s) => {
      if (s.gammaB === '0') throw new RangeError('spsMax: bad step size');
      return STEPPERS.spsMax.make(Bk, s);
    });
    expect(failure(lawNamed(vague, 'lr = 0').run)).toMatch(/lr = 0: the error does not name gammaB in one line/);
  });

  it('a refusal that names the parameter over two lines fails the refusal law', () => {
    const verbose = brokenSps((Bk, s) => {
      if (s.gammaB === '0') throw new RangeError('spsMax: gammaB = 0\nmust be > 0');
      return STEPPERS.spsMax.make(Bk, s);
    });
    expect(failure(lawNamed(verbose, 'lr = 0').run)).toMatch(/the error does not name gammaB in one line/);
  });

  it('a heavy ball whose β = 0 case is one ulp off in η fails the gd special-case law, naming the spec', () => {
    const mutant = {
      ...STEPPERS.heavyBall,
      make: (Bk, s) =>
        STEPPERS.heavyBall.make(Bk, s.beta === '0' ? { ...s, lr: String(Number(s.lr) * (1 + 2 ** -52)) } : s),
    } satisfies StepperEntry<{ lr: string; beta: string }>;
    expect(failure(lawNamed(mutant as StepperEntry<unknown>, 'gd special case').run)).toMatch(
      /heavyBall as gd\(lr = [\d.]+\): θ_1 differs/,
    );
  });

  it('the gd special-case law draws lr = k/16 ∈ (0, 1] only: a stepper defined there alone passes it', () => {
    const bounded = brokenGd((_Bk, g, s) => {
      if (!(Number(s.lr) > 0 && Number(s.lr) <= 1)) throw new RangeError(`lr = ${s.lr} must be in (0, 1]`);
      return g;
    });
    lawNamed(bounded, 'gd special case').run();
  });

  it('a stochastic stepper that ignores its seed fails the seed law', () => {
    const entry = {
      ...STEPPERS.sgd,
      make: (Bk, s, size) => STEPPERS.sgd.make(Bk, { ...s, seed: 0 }, size),
    } satisfies StepperEntry<Parameters<typeof STEPPERS.sgd.make>[1]>;
    expect(failure(lawNamed(entry as StepperEntry<unknown>, 'different seeds').run)).toMatch(
      /Property failed by returning false/,
    );
  });
});

// ---- gd = explicit Euler: checked against backends whose axpy (gd's one kernel) is wrong ----------------------------

/** The next double away from 0 (one ulp more magnitude). */
function ulpAway(v: number): number {
  const f = new Float64Array([v]);
  const b = new BigInt64Array(f.buffer);
  b[0]! += 1n;
  return f[0]!;
}

/** f64 with id `id` and axpy results passed through `bend(value, |y| + |a·x|, call index since the last mat)`. */
function bentF64(id: string, bend: (v: number, scale: number, call: number) => number): Backend<F64> {
  const base = f64Backend();
  let call = 0;
  return {
    ...base,
    id,
    // materialize builds the data matrix once per property run: count axpy calls (= steps) from there
    mat: (rows) => {
      call = 0;
      return base.mat(rows);
    },
    axpy: (a, x, y) => {
      const z = base.axpy(a, x, y);
      const c = call++;
      return z.map((v, i) => bend(v, Math.abs(y[i]!) + Math.abs(a * x[i]!), c));
    },
  };
}

describe('gd equals explicit Euler: the law rejects a wrong kernel', () => {
  it('passes on the true f64 backend, and its name says what it checks and where', () => {
    const law = gdEqualsEulerLaw(B, { numRuns: 10 });
    expect(law.name).toMatch(/^gd equals explicit Euler on the gradient flow with dt = lr, step for step \(on f64\)$/);
    law.run();
  });

  it('an axpy off by 10⁻⁶ relative from step 1 on fails the rounding bound (on any backend id)', () => {
    const wrong = bentF64('f64-wrong', (v, _s, c) => (c >= 1 ? v * (1 + 1e-6) : v));
    expect(failure(gdEqualsEulerLaw(wrong, { numRuns: 20 }).run)).toMatch(
      /step [1-5]: gd and Euler differ by \S+ > \S+/,
    );
  });

  // one ulp where it is ≤ u·(|θ| + η|∇F|), half the rounding bound 2u(|θ| + η|∇F|): inside the bound, not bit for bit
  const ulpOff = (v: number, scale: number) => (ulpAway(v) - v <= 2 ** -53 * scale ? ulpAway(v) : v);

  it('on f64 an axpy one ulp off (within the rounding bound) fails the bit-for-bit check', () => {
    expect(failure(gdEqualsEulerLaw(bentF64('f64', ulpOff), { numRuns: 30 }).run)).toMatch(
      /step \d: f64 gd ≠ Euler bit for bit/,
    );
  });

  it('on another backend id the same one-ulp kernel passes: only the rounding bound applies', () => {
    gdEqualsEulerLaw(bentF64('f64-ulp', ulpOff), { numRuns: 30 }).run();
  });

  it('numRuns is honoured (one data matrix per run)', () => {
    let runs = 0;
    const counted = bentF64('f64', (v) => v);
    const mat = counted.mat;
    gdEqualsEulerLaw({ ...counted, mat: (rows) => (runs++, mat(rows)) }, { numRuns: 4 }).run();
    expect(runs).toBe(4);
  });
});

// ---- f64 tracks a reference: the threshold is exactly the documented bound -----------------------------------------

const TRACK = 6;
const GAMMA = 1.5;
const K = 2;

/**
 * A synthetic stepper whose reference trajectory is known in closed form: θ_k = (k + 1)·θ₀ with entry 0 set to 0
 * (k ≥ 1). On f64 entry 0 is instead `factor` times the law's bound at k,
 *   k·Γ^k·E·K·u + u_f64·S,  E = 4(d + n + 8)(dS + 2),  u = u_f64 + u_ref,  S = 1 + max_j ‖θ_j^ref‖∞,
 * so the f64 error is exactly factor·bound (a double minus 0).
 */
function boundProbe(ref: AnyBackend, factor: number, gamma = GAMMA): StepperEntry<unknown> {
  type St<R extends Repr> = StepperState<R> & { readonly theta0: V<R> };
  const entry = {
    name: 'boundProbe',
    hyper: fc.constant({ lr: '0.5' }),
    make: <R extends Repr>(Bk: Backend<R>, _s: GdSpec, size: { dim: number; nSamples: number }) => {
      const stepper: Stepper<R, St<R>> = {
        name: 'boundProbe',
        params: {},
        init: (_F, theta0) => ({ theta: theta0, theta0 }),
        step: (_F, s, k) => {
          const t0 = Array.from(Bk.toNumbers(s.theta0)).map(Math.abs);
          const tail = Math.max(0, ...t0.slice(1));
          const S = 1 + Math.max(Math.max(0, ...t0), (TRACK + 1) * tail);
          const d = size.dim;
          const n = size.nSamples;
          const u = 2 ** -53 + ref.toNumber(ref.eps);
          const E = 4 * (d + n + 8) * (d * S + 2);
          const j = k + 1;
          const bound = j * gamma ** j * E * K * u + 2 ** -53 * S;
          const scaled = Bk.scal(Bk.int(j + 1), s.theta0);
          const first = Bk.id === 'f64' ? Bk.fromDouble(factor * bound) : Bk.zero;
          return { theta: Bk.with(scaled, 0, first), theta0: s.theta0 };
        },
        theta: (s) => s.theta,
      };
      return stepper as Stepper<R, StepperState<R>>;
    },
    withLr: (s, lr) => ({ ...s, lr }),
    errorGrowth: () => ({ gamma, K }),
    json: STEPPERS.gd.json,
  } satisfies StepperEntry<GdSpec>;
  return entry;
}

describe('f64 tracks a reference: the law enforces exactly its documented bound', () => {
  const dd = ddBackend();

  it('its name gives the reference and the horizon', () => {
    expect(f64TracksReferenceLaw(boundProbe(dd, 1), dd).name).toMatch(/f64 tracks dd over 6 steps/);
  });

  it('an f64 error equal to the bound passes', () => {
    f64TracksReferenceLaw(boundProbe(dd, 1), dd, { numRuns: 40 }).run();
  });

  it('an f64 error of twice the bound fails, with Γ, K and S in the message', () => {
    expect(failure(f64TracksReferenceLaw(boundProbe(dd, 2), dd, { numRuns: 20 }).run)).toMatch(
      /θ_1: f64 differs from dd by \S+ > bound \S+ \(Γ = 1\.5, K = 2, S = [\d.]+\)/,
    );
  });

  it('a bound of 10⁻⁶ or more is refused as vacuous', () => {
    expect(failure(f64TracksReferenceLaw(boundProbe(dd, 0, 1e4), dd, { numRuns: 5 }).run)).toMatch(
      /bound \S+ at k = \d is vacuous; shorten the horizon or tighten Γ, K/,
    );
  });

  it('an f64 run that diverges where the reference does not fails on the trajectory lengths', () => {
    const probe = boundProbe(dd, 0);
    const entry = {
      ...probe,
      make: <R extends Repr>(Bk: Backend<R>, s: unknown, size: { dim: number; nSamples: number }) => {
        const st = probe.make(Bk, s, size);
        if (Bk.id !== 'f64') return st;
        return {
          ...st,
          step: (F, x, k) => (k === 2 ? { theta: Bk.fill(size.dim, Bk.fromDouble(Infinity)) } : st.step(F, x, k)),
        } satisfies Stepper<R, StepperState<R>>;
      },
    } satisfies StepperEntry<unknown>;
    expect(failure(f64TracksReferenceLaw(entry, dd, { numRuns: 5 }).run)).toMatch(
      /trajectory lengths 3 \(f64\) vs 7 \(dd\)/,
    );
  });

  it('numRuns is honoured (one reference data matrix per run)', () => {
    let runs = 0;
    const counted: AnyBackend = { ...dd, mat: (rows) => (runs++, dd.mat(rows)) };
    f64TracksReferenceLaw(boundProbe(dd, 1), counted, { numRuns: 3 }).run();
    expect(runs).toBe(3);
  });
});
