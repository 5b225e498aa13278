// The solver laws (./laws.ts) must be able to fail: each law is run against a deliberately broken solver (a wrong
// declared order, a wrong coefficient, a missing or dishonest error estimate) and must reject it with its own check,
// while the same law accepts the correct solver it was broken from. Small tableaus on f64 keep each run to ms.
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { SOLVERS } from './index.js';
import { exactOrderLaws, solverLaws, SLOPE_TOL, type LawCheck } from './laws.js';
import type { Tableau } from './tableaus.js';
import type { OdeSolver } from './types.js';

const B = f64Backend();
/** Adaptive tolerance for the embedded pairs below: loose enough for a 3(2) pair to need ~150 steps. */
const TOL = 1e-8;

function solver(id: string, tableau: Tableau, order: number, embeddedOrder?: number): OdeSolver {
  return { id, order, ...(embeddedOrder !== undefined ? { embeddedOrder } : {}), tableau, realStability: 2, doc: id };
}

/** Forward Euler: order 1. */
const EULER: Tableau = { c: ['0'], a: [[]], b: ['1'] };
/** y₁ = y + h f(t + αh, y + αh f): order 2 for α = 1/2 (midpoint), order 1 otherwise. */
const midpointLike = (alpha: string): Tableau => ({ c: ['0', alpha], a: [[], [alpha]], b: ['0', '1'] });
/** Bogacki–Shampine 3(2) (1989): order 3, embedded order 2, FSAL. */
const BS3: Tableau = {
  c: ['0', '1/2', '3/4', '1'],
  a: [[], ['1/2'], ['0', '3/4'], ['2/9', '1/3', '4/9']],
  b: ['2/9', '1/3', '4/9', '0'],
  bHat: ['7/24', '1/4', '1/3', '1/8'],
};
/** BS3 propagating its order-2 weights, with the error estimate shrunk 1000×: b̂' = b' − (b' − b)/1000, which has
 * exactly order 2 as well (the order conditions are linear in the weights), so every order check passes and only the
 * size of the estimate is wrong: it reports 1/1000 of the local error. */
const DISHONEST: Tableau = {
  ...BS3,
  b: BS3.bHat!,
  bHat: ['7/24', '1/4', '1/3', '1/8'].map((x, i) => {
    const [n1, d1] = x.split('/').map(BigInt) as [bigint, bigint];
    const [n2, d2] = (BS3.b[i]!.includes('/') ? BS3.b[i]!.split('/') : [BS3.b[i]!, '1']).map(BigInt) as [
      bigint,
      bigint,
    ];
    // x − (x − y)/1000 = (999·x + y)/1000
    return `${999n * n1 * d2 + n2 * d1}/${1000n * d1 * d2}`;
  }),
};

const check = (checks: readonly LawCheck[], prefix: string): LawCheck => {
  const c = checks.find((x) => x.name.startsWith(prefix));
  if (!c) throw new Error(`no check starting with "${prefix}" in ${checks.map((x) => x.name).join('; ')}`);
  return c;
};
const failing = (checks: readonly LawCheck[]): string[] => checks.filter((c) => !c.ok).map((c) => c.name);
/** The numbers of a detail string (slopes, errors, step fractions). */
const numbersIn = (s: string): number[] => [...s.matchAll(/-?\d+(\.\d+)?(e[+-]?\d+)?/g)].map((m) => Number(m[0]));

const GLOBAL_LIN = 'global error on linear';
const GLOBAL_NONLIN = 'global error on nonlinear';
const EST_LIN = 'one-step error estimate on linear';
const EST_NONLIN = 'one-step error estimate on nonlinear';
const ADAPTIVE = 'adaptive integration';
const EVENT = 'event:';
const EXACT = 'tableau satisfies';
const EXACT_HAT = 'embedded weights';

describe('the laws accept correct small solvers (the baselines the broken ones are made from)', () => {
  it('Euler (order 1), midpoint (order 2), Bogacki–Shampine 3(2) all pass every check', () => {
    const euler = solverLaws(solver('euler', EULER, 1), B);
    const mid = solverLaws(solver('midpoint', midpointLike('1/2'), 2), B);
    const bs3 = solverLaws(solver('bs3', BS3, 3, 2), B, { adaptiveTol: TOL });
    for (const r of [euler, mid, bs3]) expect(failing(r.checks), r.solver).toEqual([]);
    expect(euler.checks.map((c) => c.name)).toHaveLength(4);
    expect(bs3.checks.map((c) => c.name)).toHaveLength(8);
    expect([euler.solver, euler.backend]).toEqual(['euler', B.id]);
    // names carry the declared orders and the tolerance
    expect(check(euler.checks, GLOBAL_LIN).name).toContain('h^1');
    expect(check(bs3.checks, EST_LIN).name).toContain('h^3 (embedded order 2)');
    expect(check(bs3.checks, ADAPTIVE).name).toContain('1.0e-8');
    expect(check(bs3.checks, EXACT).detail).toBe('exact order 3');
    expect(check(bs3.checks, EXACT_HAT).detail).toBe('exact order 2');
    // the estimates at h = 1/32 … 1/128 (≈ h³ ≥ 1e-7) are far above 1e6·u: the finest triple of the ladder 1/2 … 1/128
    for (const e of [EST_LIN, EST_NONLIN])
      expect(check(bs3.checks, e).detail).toMatch(/^slope \d\.\d{3} over h = 1\/32, 1\/64, 1\/128$/);
  });

  it('the fitted slope is within SLOPE_TOL of the order and comes from the finest resolvable triple', () => {
    // Euler's errors ≈ C·h ≥ 1e-3 on both problems, far above the floor 1e6·u: the finest triple is h = 1/64 … 1/256
    const euler = solverLaws(solver('euler', EULER, 1), B);
    for (const p of [GLOBAL_LIN, GLOBAL_NONLIN]) {
      const d = check(euler.checks, p).detail;
      expect(d).toContain('over h = 1/64, 1/128, 1/256');
      expect(Math.abs(numbersIn(d)[0]! - 1)).toBeLessThanOrEqual(SLOPE_TOL);
    }
    // classical RK4's error at h = 1/256 is ≈ 1/256⁴·C < 1e6·u on f64, so the chosen triple stops earlier; each chosen
    // error is ≥ the floor and they decrease
    const rk4: Tableau = {
      c: ['0', '1/2', '1/2', '1'],
      a: [[], ['1/2'], ['0', '1/2'], ['0', '0', '1']],
      b: ['1/6', '1/3', '1/3', '1/6'],
    };
    const r = solverLaws(solver('rk4', rk4, 4), B);
    expect(failing(r.checks)).toEqual([]);
    const d = check(r.checks, GLOBAL_LIN).detail;
    const errs = d
      .slice(d.indexOf('(errors'))
      .match(/\d\.\d+e[+-]\d+/g)!
      .map(Number);
    expect(errs).toHaveLength(3);
    for (const e of errs) expect(e).toBeGreaterThanOrEqual(1e6 * 2 ** -52);
    expect(errs[0]!).toBeGreaterThan(errs[1]!);
    expect(errs[1]!).toBeGreaterThan(errs[2]!);
    expect(d).not.toContain('1/256');
    expect(Math.abs(numbersIn(d)[0]! - 4)).toBeLessThanOrEqual(SLOPE_TOL);
  });
});

describe('the triple a slope is fitted on', () => {
  it('on f64 (where high orders reach the floor 1e6·u within the ladder) is resolvable, or none is', () => {
    // the real solvers on f64: verner65 and fehlberg78 resolve only h = 1/1, 1/2, 1/4 on one problem, fehlberg78 none
    // on the other. A reported triple has errors ≥ 1e6·u and decreasing; a "no resolvable triple" lists the whole
    // ladder, in which no three consecutive values are ≥ 1e6·u and decreasing.
    const floor = 1e6 * 2 ** -52;
    const valid = (e: readonly number[]) => e.every((x) => x >= floor) && e[0]! > e[1]! && e[1]! > e[2]!;
    let coarsest = 0;
    for (const s of Object.values(SOLVERS)) {
      const r = solverLaws(s, B, { adaptiveTol: TOL });
      for (const p of [GLOBAL_LIN, GLOBAL_NONLIN]) {
        const d = check(r.checks, p).detail;
        const nums = d.match(/\d\.\d+e[+-]\d+/g)!.map(Number);
        if (d.startsWith('no resolvable triple')) {
          expect(nums).toHaveLength(9);
          for (let i = 0; i + 3 <= nums.length; i++) expect(valid(nums.slice(i, i + 3)), `${s.id}: ${d}`).toBe(false);
        } else {
          expect(nums, d).toHaveLength(3);
          expect(valid(nums), `${s.id}: ${d}`).toBe(true);
          if (d.includes('h = 1/1, 1/2, 1/4')) coarsest++;
        }
      }
    }
    // the coarsest triple is a legitimate answer too
    expect(coarsest).toBeGreaterThan(0);
  });
});

describe('each law rejects a broken solver', () => {
  it('a declared order one too high: the exact check and both measured slopes reject it', () => {
    for (const [t, p] of [
      [EULER, 1],
      [midpointLike('1/2'), 2],
    ] as const) {
      const r = solverLaws(solver('over', t, p + 1), B);
      const c = check(r.checks, EXACT);
      expect(c.ok).toBe(false);
      expect(c.detail).toBe(`exact order ${p}`);
      for (const g of [GLOBAL_LIN, GLOBAL_NONLIN]) {
        const gc = check(r.checks, g);
        expect(gc.ok, gc.detail).toBe(false);
        // the measured slope is the true order, more than SLOPE_TOL below the declared one
        expect(Math.abs(numbersIn(gc.detail)[0]! - p)).toBeLessThanOrEqual(SLOPE_TOL);
      }
    }
  });

  it('a declared order one too low: rejected too (the order is "exactly" the declared one)', () => {
    const r = solverLaws(solver('under', midpointLike('1/2'), 1), B);
    for (const c of [EXACT, GLOBAL_LIN, GLOBAL_NONLIN]) expect(check(r.checks, c).ok, c).toBe(false);
    expect(check(r.checks, EXACT).detail).toBe('exact order 2');
    const hat = exactOrderLaws(solver('bs3-under', BS3, 3, 1));
    expect(hat.map((c) => c.ok)).toEqual([true, false]);
    expect(hat[1]!.detail).toBe('exact order 2');
  });

  it('a solver that does not move (b = 0, order 0): no resolvable triple, and no event', () => {
    const r = solverLaws(solver('frozen', { c: ['0'], a: [[]], b: ['0'] }, 1), B);
    for (const g of [GLOBAL_LIN, GLOBAL_NONLIN]) {
      const c = check(r.checks, g);
      expect(c.ok).toBe(false);
      expect(c.detail).toMatch(/^no resolvable triple of steps; errors /);
      // every step count of the ladder n = 1 … 256 is listed with its (constant) error
      const errs = c.detail.slice('no resolvable triple of steps; errors '.length).split(', ').map(Number);
      expect(errs).toHaveLength(9);
      for (const e of errs) expect(e).toBe(errs[0]);
      expect(errs[0]).toBeGreaterThan(0.1);
    }
    const ev = check(r.checks, EVENT);
    expect(ev.ok).toBe(false);
    expect(ev.detail).toBe('ended ok, no event');
    expect(check(r.checks, EXACT).detail).toBe('exact order 0');
  });

  it('a declared embedded order that is wrong: the exact b̂ check and both estimate slopes reject it', () => {
    const r = solverLaws(solver('bs3-hat3', BS3, 3, 3), B, { adaptiveTol: TOL });
    const hat = check(r.checks, EXACT_HAT);
    expect([hat.ok, hat.detail]).toEqual([false, 'exact order 2']);
    for (const e of [EST_LIN, EST_NONLIN]) {
      const c = check(r.checks, e);
      expect(c.ok, c.detail).toBe(false);
      expect(c.name).toContain('h^4');
      expect(Math.abs(numbersIn(c.detail)[0]! - 3)).toBeLessThanOrEqual(SLOPE_TOL);
    }
  });

  it('an embedded order declared without b̂ in the tableau is rejected by the exact check', () => {
    const { bHat: _drop, ...noHat } = BS3;
    const checks = exactOrderLaws(solver('bs3-nohat', noHat, 3, 2));
    expect(checks).toHaveLength(2);
    expect(checks[1]).toMatchObject({ ok: false, detail: 'no b̂ in the tableau' });
    // also when the declared embedded order is 1: without b̂ there is no order to compare, whatever is declared
    expect(exactOrderLaws(solver('bs3-nohat-1', noHat, 3, 1))[1]).toMatchObject({ ok: false });
    expect(exactOrderLaws(solver('bs3', BS3, 3))).toHaveLength(1);
  });

  it('a zero error estimate (b̂ = b): no resolvable estimate triple, the adaptive run misses its tolerance', () => {
    const r = solverLaws(solver('bs3-zero-est', { ...BS3, bHat: BS3.b }, 3, 2), B, { adaptiveTol: TOL });
    for (const e of [EST_LIN, EST_NONLIN]) {
      const c = check(r.checks, e);
      expect(c.ok).toBe(false);
      expect(c.detail).toBe(`no resolvable triple; estimates ${Array(7).fill('0.00e+0').join(', ')}`);
    }
    expect(check(r.checks, ADAPTIVE).ok).toBe(false);
    expect(check(r.checks, EVENT).ok).toBe(false);
  });

  it('an estimate that does not vanish as h → 0 (Σb̂ = 3/2): the adaptive run never reaches t = 1, and that fails', () => {
    // est ≈ h·|Σ(b − b̂)|·|f| ≤ tol forces h ≲ 4·tol: 2e-6 needs ~5e5 steps, past the driver's 1e5. The bound
    // 4√3·N·tol·(1 + ‖y‖_∞) ≈ 3.7 is then above the O(1) distance of y(t < 1) from y(1): only the result catches it.
    const r = solverLaws(solver('bs3-bad-hat', { ...BS3, bHat: ['1/2', '1/4', '1/4', '1/2'] }, 3, 2), B, {
      adaptiveTol: 2e-6,
    });
    const c = check(r.checks, ADAPTIVE);
    expect(c.ok).toBe(false);
    expect(c.detail).toMatch(/^max_steps, /);
    const [err, bound] = numbersIn(c.detail.slice(c.detail.indexOf('error'))) as [number, number];
    expect(err).toBeLessThan(bound);
  });

  it('an estimate 1000× too small: every order check passes, the adaptive and event laws reject it', () => {
    const r = solverLaws(solver('bs3-dishonest', DISHONEST, 2, 2), B, { adaptiveTol: TOL });
    expect(failing(r.checks)).toEqual([check(r.checks, ADAPTIVE).name, check(r.checks, EVENT).name]);
    // the run itself ends ok at t = 1: it is the error bound that fails
    expect(check(r.checks, ADAPTIVE).detail).toMatch(/^ok, /);
    // with the honest estimate (b̂' = b of BS3, order 3) the same propagated solution passes both
    const honest = solverLaws(solver('bs3-low', { ...BS3, b: BS3.bHat!, bHat: BS3.b }, 2, 2), B, { adaptiveTol: TOL });
    expect(check(honest.checks, ADAPTIVE).ok).toBe(true);
    expect(check(honest.checks, EVENT).ok).toBe(true);
  });

  it('event law, constant step: a crossing late (Euler, phase lags) or early (α = 1, phase leads) beyond the Taylor slack', () => {
    // Euler declared order 4: slack N·h⁵/5!·2 ≈ 2e-9 while its crossing is ≈ π/2·h²/3 late
    const late = check(solverLaws(solver('euler-as-4', EULER, 4), B).checks, EVENT);
    expect(late.ok).toBe(false);
    const lateLo = numbersIn(late.detail)[0]!;
    expect(lateLo).toBeGreaterThan(Math.PI / 2);
    // y₁ = (1 + z + αz²)y has phase atan(h/(1 − αh²)) ≈ h + (α − 1/3)h³: with α = 1 (a typo of the midpoint's 1/2)
    // the crossing is early by ≈ π/2·(2/3)h² = 2.6e-4 at h = 1/64, twice the order-2 slack 2·N·h³/3! ≈ 1.3e-4
    const early = check(solverLaws(solver('alpha-1', midpointLike('1'), 2), B).checks, EVENT);
    expect(early.ok, early.detail).toBe(false);
    const earlyHi = numbersIn(early.detail)[1]!;
    expect(earlyHi).toBeLessThan(Math.PI / 2);
    // the correct midpoint (α = 1/2, phase error (1/6)h³) lies inside the same slack
    expect(check(solverLaws(solver('midpoint', midpointLike('1/2'), 2), B).checks, EVENT).ok).toBe(true);
  });
});
