/**
 * gfLimit's stopping rule and error model, and newtonDistance, checked on diagonal quadratics F = ½Σμ_iθ_i², whose
 * flow θ_i(t) = θ0_i·e^{−μ_i t} and Newton step H⁻¹g = θ are known in closed form:
 * - newtonDistance is ‖H⁻¹g‖ to within the CG residual it promises (‖r‖ ≤ 1e-3‖g‖ ⇒ error ≤ 1e-3‖g‖/μ_min), and
 *   undefined where H is not positive along the Krylov space;
 * - the default stop tolerance is 1000·u·max(1, ‖∇F(θ0)‖, ρ̂(θ0)·‖θ0‖): the run stops at the first accepted step
 *   after the exact flow's ‖∇F‖ crosses it, so its end time lies in [t*, t* + one capped step];
 * - err is the documented sum 2·newtonDistance + Σ‖ê_k‖ + 10·u·max(1, N)·max‖θ‖, and the results other than `ok`
 *   carry the integration part only;
 * - options reach the integrator (solver, rtol/atol, maxSteps) and a missing hvp is an input error naming who needs it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { Backend, Repr } from '../numeric/types.js';
import type { Objective } from '../objective/objective.js';
import { GF_LIMIT_MESSAGES, gfLimit, newtonDistance, type GfLimit } from './gfLimit.js';
import { gradientFlowController, powerSharpness, sharpnessCap } from './gradientFlow.js';
import { dopri5, fehlberg78 } from './solvers.js';

const B = f64Backend();
const u = B.eps;

/** F(θ) = ½Σ μ_i θ_i² on backend Bk: ∇F = μ⊙θ, ∇²F = diag(μ). */
function diagQuadratic<R extends Repr>(Bk: Backend<R>, mu: readonly number[]): Objective<R> {
  const m = Bk.pack(mu.map((x) => Bk.fromDouble(x)));
  return {
    B: Bk,
    dim: mu.length,
    value: (th) => Bk.mul(Bk.fromDouble(0.5), Bk.dot(th, Bk.vmul(m, th))),
    grad: (th) => Bk.vmul(m, th),
    hvp: (_th, v) => Bk.vmul(m, v),
  };
}

/** The same objective without hvp (a user objective with value and grad only). */
function withoutHvp(F: Objective<F64>): Objective<F64> {
  return { B: F.B, dim: F.dim, value: F.value, grad: F.grad };
}

const norm = (x: readonly number[]): number => Math.hypot(...x);

/** ‖∇F(θ(t))‖ along the exact flow of ½Σμ_iθ_i² from θ0. */
const gradNormAt = (mu: readonly number[], th0: readonly number[], t: number): number =>
  norm(mu.map((m, i) => m * th0[i]! * Math.exp(-m * t)));

/** The time t* at which the exact flow's ‖∇F‖ falls to tol (it decreases strictly): bisection to 1e-13 relative. */
function crossingTime(mu: readonly number[], th0: readonly number[], tol: number): number {
  let lo = 0;
  let hi = 1;
  while (gradNormAt(mu, th0, hi) > tol) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (gradNormAt(mu, th0, mid) > tol) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** err of a result that is not `ok`: Σ‖ê_k‖ + 10·u·max(1, N)·max‖θ‖ (no Newton term). */
function integrationErr(r: GfLimit<F64>): number {
  return r.stats.errSum + 10 * Math.max(1, r.stats.accepted) * u * r.stats.maxNorm;
}

describe('newtonDistance', () => {
  it('is ‖H⁻¹g‖ within 1e-3·‖g‖/μ_min for SPD diagonal H (CG stops at ‖r‖ ≤ 1e-3‖g‖ within 2·dim steps)', () => {
    // distinct eigenvalues, so CG needs up to dim iterations: a cap below dim leaves the residual above 1e-3‖g‖
    const inst = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        mu: fc.uniqueArray(fc.integer({ min: 1, max: 400 }), { minLength: n, maxLength: n }),
        g: fc.array(fc.double({ min: 0.1, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
      }),
    );
    fc.assert(
      fc.property(inst, ({ mu, g }) => {
        const mus = mu.map((m) => m / 20);
        const F = diagQuadratic(B, mus);
        const th = B.zeros(mus.length);
        const d = newtonDistance(F, th, B.pack(g));
        const exact = norm(g.map((x, i) => x / mus[i]!));
        expect(d).toBeDefined();
        expect(Math.abs(d! - exact)).toBeLessThanOrEqual((1e-3 * norm(g)) / Math.min(...mus) + 1e-12 * exact);
      }),
      { numRuns: 60 },
    );
  });

  it('is 0 for g = 0 and undefined where H is not positive along g (negative, zero or non-finite curvature)', () => {
    const th = B.zeros(2);
    expect(newtonDistance(diagQuadratic(B, [1, 2]), th, B.zeros(2))).toBe(0);
    expect(newtonDistance(diagQuadratic(B, [-1, -2]), th, B.vec(['1', '1']))).toBeUndefined();
    // H g = 0 with g ≠ 0: the gradient lies in the kernel, no finite Newton step
    expect(newtonDistance(diagQuadratic(B, [0, 1]), th, B.vec(['1', '0']))).toBeUndefined();
    const inf: Objective<F64> = { ...diagQuadratic(B, [1, 1]), hvp: (_t, v) => B.scal(Infinity, v) };
    expect(newtonDistance(inf, th, B.vec(['1', '1']))).toBeUndefined();
    const nan: Objective<F64> = { ...diagQuadratic(B, [1, 1]), hvp: (_t, v) => B.scal(NaN, v) };
    expect(newtonDistance(nan, th, B.vec(['1', '1']))).toBeUndefined();
  });
});

describe('newtonDistance: the iteration cap', () => {
  it('stops after 2·dim CG steps with undefined when the residual is not reached (a non-symmetric operator)', () => {
    // hvp(v) = v + s·(v_{i+1} − v_{i−1}) (cyclic, n = 3): pᵀHp = ‖p‖² > 0 on every p, but H is not symmetric, so CG's
    // short recurrences do not solve Hd = g; within 6 steps the residual stays above 1e-3‖g‖ (at s = 0.1 a 7th
    // step would reach it: the cap, not the operator, decides)
    const n = 3;
    for (const s of [0.1, 1, 10]) {
      const F: Objective<F64> = {
        B,
        dim: n,
        value: () => 0,
        grad: (th) => th,
        hvp: (_th, v) => {
          const x = B.unpack(v);
          return B.pack(x.map((xi, i) => xi + s * (x[(i + 1) % n]! - x[(i + n - 1) % n]!)));
        },
      };
      expect(newtonDistance(F, B.zeros(n), B.vec(['1', '2', '3']))).toBeUndefined();
    }
  });
});

describe('gfLimit: default stop tolerance 1000·u·max(1, ‖∇F(θ0)‖, ρ̂·‖θ0‖)', () => {
  // μ = (1, 8): the slow mode sets t*, the fast one ρ = 8 and the cap 0.5·c/8 on every step (c = dopri5's stability
  // boundary), so the run ends within one capped step after t*. Each instance makes a different term the maximum,
  // and a tolerance off by the ratio between the terms (≥ 8 here) moves t* by ≥ ln 8 ≫ the step cap.
  const mu = [1, 8];
  const cases: { name: string; th0: number[] }[] = [
    { name: 'ρ̂·‖θ0‖ ≈ 8 is the maximum', th0: [1, 1e-3] },
    { name: '1 is the maximum (‖∇F(θ0)‖ ≈ 0.08, ρ̂·‖θ0‖ ≈ 0.11)', th0: [0.01, 0.01] },
    { name: '‖∇F(θ0)‖ = ρ̂·‖θ0‖ = 80 (θ0 along the sharp direction)', th0: [0, 10] },
  ];
  it('an explicit tol replaces the default: the run ends within one capped step after ‖∇F‖ crosses it', () => {
    const th0 = [1, 1];
    const r = gfLimit(diagQuadratic(B, mu), B.pack(th0), { tol: '1e-3' });
    expect(r.result).toBe('ok');
    expect(r.gradNorm).toBeLessThanOrEqual(1e-3);
    const tStar = crossingTime(mu, th0, 1e-3);
    expect(r.t).toBeGreaterThanOrEqual(tStar - 1e-9);
    expect(r.t).toBeLessThanOrEqual(tStar + (0.5 * dopri5.realStability) / 8 + 1e-9);
  });

  for (const { name, th0 } of cases) {
    it(name, () => {
      const F = diagQuadratic(B, mu);
      const rho = powerSharpness(F, B.pack(th0), 12).value;
      expect(Math.abs(rho - 8)).toBeLessThanOrEqual(1e-9);
      const tol = 1000 * u * Math.max(1, gradNormAt(mu, th0, 0), rho * norm(th0));
      const r = gfLimit(F, B.pack(th0));
      expect(r.result).toBe('ok');
      expect(r.gradNorm).toBeLessThanOrEqual(tol);
      const tStar = crossingTime(mu, th0, tol);
      const cap = (0.5 * dopri5.realStability) / 8;
      // slack: the numerical ‖∇F‖ differs from the exact one by ~100·u relative, which moves t* by ~1e-13
      expect(r.t).toBeGreaterThanOrEqual(tStar - 1e-9);
      expect(r.t).toBeLessThanOrEqual(tStar + cap + 1e-9);
    });
  }
});

describe('gfLimit: error model and results', () => {
  const F = diagQuadratic(B, [1, 3]);

  it('θ0 of the wrong dimension is a RangeError that names both dimensions', () => {
    expect(() => gfLimit(F, B.vec(['1']))).toThrow(new RangeError('gfLimit: theta0 has dim 1, the objective has 2'));
  });

  it('at a critical point θ0 ≠ 0: ok with err = 10·u·‖θ0‖ (rounding of one step, no integration, no Newton term)', () => {
    // F = ½θ1²: every (0, c) is a minimizer
    const r = gfLimit(diagQuadratic(B, [1, 0]), B.vec(['0', '3']));
    expect(r.result).toBe('ok');
    expect(r.message).toBe(GF_LIMIT_MESSAGES.ok);
    expect(r.err).toBe(10 * u * 3);
  });

  it('ok: err = 2·‖H⁻¹g‖ + Σ‖ê_k‖ + 10·u·N·max‖θ‖, with ‖H⁻¹g‖ = ‖θ‖ up to the CG residual', () => {
    const r = gfLimit(F, B.vec(['1', '-2']));
    expect(r.result).toBe('ok');
    expect(r.message).toBe(GF_LIMIT_MESSAGES.ok);
    const newton = r.err - integrationErr(r);
    const dist = B.toNumber(B.nrm2(r.theta));
    // |d − ‖θ‖| ≤ 1e-3·‖g‖/μ_min = 1e-3·‖g‖ (μ_min = 1), and ‖g‖ ≤ 3‖θ‖
    expect(Math.abs(newton - 2 * dist)).toBeLessThanOrEqual(2 * 3e-3 * dist + 8 * u * r.err);
    expect(r.stats.accepted).toBeGreaterThan(1);
  });

  it('not_converged and max_steps carry the integration error only, with their own messages', () => {
    const short = gfLimit(F, B.vec(['1', '-2']), { t1Max: '0.5' });
    expect(short.result).toBe('not_converged');
    expect(short.message).toBe(GF_LIMIT_MESSAGES.not_converged);
    expect(Math.abs(short.err - integrationErr(short))).toBeLessThanOrEqual(4 * u * short.err);
    const capped = gfLimit(F, B.vec(['1', '-2']), { maxSteps: 3 });
    expect(capped.result).toBe('max_steps');
    expect(capped.message).toBe(GF_LIMIT_MESSAGES.max_steps);
    expect(capped.stats.steps).toBeLessThanOrEqual(3);
    expect(Math.abs(capped.err - integrationErr(capped))).toBeLessThanOrEqual(4 * u * capped.err);
  });

  it('‖∇F‖ ≤ tol where ∇²F is negative along ∇F (near a degenerate maximum): no_error_bound, rounding only', () => {
    // F = −θ⁴/4 at θ0 = 1e-3: ‖∇F‖ = 1e-9 ≤ tol at the start, ∇²F = −3e-6 < 0, so nothing bounds ‖θ − θ∞‖
    const concave: Objective<F64> = {
      B,
      dim: 1,
      value: (th) => -(B.unpack(th)[0]! ** 4) / 4,
      grad: (th) => B.pack([-(B.unpack(th)[0]! ** 3)]),
      hvp: (th, v) => B.scal(-3 * B.unpack(th)[0]! ** 2, v),
    };
    const r = gfLimit(concave, B.vec(['1e-3']), { tol: '1e-6' });
    expect(r.result).toBe('no_error_bound');
    expect(r.message).toBe(GF_LIMIT_MESSAGES.no_error_bound);
    expect(r.t).toBe(0);
    expect(r.err).toBe(10 * u * 1e-3);
  });

  it('a concave F diverges: result diverged, θ beyond 1e100 (integrate’s default bound)', () => {
    const r = gfLimit(diagQuadratic(B, [-1]), B.vec(['1']));
    expect(r.result).toBe('diverged');
    expect(r.message).toBe(GF_LIMIT_MESSAGES.diverged);
    expect(Math.abs(r.err - integrationErr(r))).toBeLessThanOrEqual(4 * u * r.err);
  });
});

describe('gfLimit: options reach the integrator', () => {
  const F = diagQuadratic(B, [1, 8]);
  const th0 = B.vec(['1', '1']);

  it('the default solver is dopri5 on f64 and fehlberg78 on dd: the same run as naming it', () => {
    const same = (a: GfLimit<F64>, b: GfLimit<F64>): void => {
      expect(a.stats).toEqual(b.stats);
      expect(B.unpack(a.theta)).toEqual(B.unpack(b.theta));
    };
    same(gfLimit(F, th0), gfLimit(F, th0, { solver: dopri5 }));
    const D = ddBackend();
    const Fd = diagQuadratic(D, [1, 8]);
    // options as backend scalars (S<R>), not decimal strings
    const opts = { tol: D.num('1e-3'), rtol: D.num('1e-12'), atol: D.num('1e-12') };
    const a = gfLimit(Fd, D.vec(['1', '1']), opts);
    const b = gfLimit(Fd, D.vec(['1', '1']), { ...opts, solver: fehlberg78 });
    expect(a.stats.fevals).toBe(b.stats.fevals);
    expect(a.stats.accepted).toBe(b.stats.accepted);
    expect(D.show(a.t)).toBe(D.show(b.t));
  });

  it('rtol and atol are each passed on: at 1e-3 far fewer steps than at the default 100·u (step ∝ tol^{1/5})', () => {
    // each alone: the error scale is atol + rtol·|y|, so loosening either one lets the steps grow (θ ~ 1 early on,
    // where rtol dominates; θ → 0 later, where atol does)
    const tight = gfLimit(F, th0);
    for (const opts of [{ rtol: '1e-3' }, { atol: '1e-3' }]) {
      const loose = gfLimit(F, th0, opts);
      expect(loose.result).toBe('ok');
      expect(loose.stats.accepted * 3).toBeLessThan(tight.stats.accepted);
      // the loose run's summed local errors are the price: far above the tight run's
      expect(loose.stats.errSum).toBeGreaterThan(1000 * tight.stats.errSum);
    }
  });
});

describe('sharpnessCap: when the estimate is refreshed, and how many iterations a warm update runs', () => {
  // F = Σθ⁴/4, H = diag(3θ²): at a = (1, 0.1) the top eigenvector is e1 (ratio 100: 12 iterations leave an e2
  // component ~1e-24), at b = (0.1, 2) it is e2 with ρ = 12 while ‖H_b e1‖ = 0.03
  const quartic: Objective<F64> = {
    B,
    dim: 2,
    value: (th) => B.unpack(th).reduce((s, x) => s + x ** 4 / 4, 0),
    grad: (th) => B.pack(B.unpack(th).map((x) => x ** 3)),
    hvp: (th, v) => B.vmul(B.pack(B.unpack(th).map((x) => 3 * x * x)), v),
  };
  const a = B.vec(['1', '0.1']);
  const b = B.vec(['0.1', '2']);
  const c = 0.5 * dopri5.realStability;
  const near = (x: number | undefined, want: number): void => {
    expect(x).toBeDefined();
    expect(Math.abs(x! - want)).toBeLessThanOrEqual(1e-9 * want);
  };

  it('a second call at the same accepted-step count (a retried, rejected step) keeps the estimate', () => {
    const cap = sharpnessCap(quartic, dopri5);
    near(cap(0, a, 5), c / 3);
    near(cap(0, b, 5), c / 3);
  });

  it('a warm update runs itersWarm iterations from the previous vector: one iteration from e1 at b gives 0.03', () => {
    const cap = sharpnessCap(quartic, dopri5, { every: 1, itersWarm: 1 });
    near(cap(0, a, 0), c / 3);
    near(cap(0, b, 1), c / 0.03);
    // a cold start at b (a new cap) runs the 12 first iterations from v ∝ (1, 1.5) and finds ρ = 12
    near(sharpnessCap(quartic, dopri5)(0, b, 0), c / 12);
  });
});

describe('a missing hvp is an input error that names the caller', () => {
  const F = withoutHvp(diagQuadratic(B, [1, 2]));
  const th = B.vec(['1', '1']);
  const cases: [string, () => unknown, RegExp][] = [
    ['powerSharpness', () => powerSharpness(F, th, 3), /^powerSharpness needs the objective's hvp/],
    ['sharpnessCap', () => sharpnessCap(F, dopri5), /sharpnessCap.*needs the objective's hvp/],
    ['gradientFlowController', () => gradientFlowController(F, dopri5), /gradientFlowController.*needs .*hvp/],
    ['newtonDistance', () => newtonDistance(F, th, th), /^newtonDistance needs the objective's hvp/],
    ['gfLimit', () => gfLimit(F, th), /^gfLimit needs the objective's hvp/],
  ];
  for (const [who, call, msg] of cases) {
    it(who, () => {
      expect(call).toThrow(msg);
      try {
        call();
      } catch (e) {
        expect((e as Error).name).toBe('InputError');
      }
    });
  }
});
