/**
 * gradientFlow.ts and gfLimit.ts against what they state: the field is −∇F, power iteration converges to the
 * spectral radius from below, the sharpness cap is safety·c/ρ̂ and is refreshed every `every` accepted steps (or when
 * the step counter restarts), the default solver switches at 17 digits, and gfLimit at a critical point does no work.
 */
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { V } from '../numeric/types.js';
import type { Objective } from '../objective/objective.js';
import { gfLimit } from './gfLimit.js';
import { defaultSolverId, gradientFlow, powerSharpness, sharpnessCap } from './gradientFlow.js';
import { dopri5, rk4 } from './solvers.js';

const B = f64Backend();

/** F(θ) = Σ (λ_i θ_i⁴/4 + μ_i θ_i²/2): gradient λθ³ + μθ, Hessian diag(3λθ² + μ) moves with θ. */
function quartic(lam: number[], mu: number[]): Objective<F64> {
  const grad = (th: V<F64>): V<F64> => B.pack(B.unpack(th).map((x, i) => lam[i]! * x ** 3 + mu[i]! * x));
  const curv = (th: V<F64>): V<F64> => B.pack(B.unpack(th).map((x, i) => 3 * lam[i]! * x * x + mu[i]!));
  return {
    B,
    dim: lam.length,
    value: (th) => B.unpack(th).reduce((s, x, i) => s + (lam[i]! * x ** 4) / 4 + (mu[i]! * x * x) / 2, 0),
    grad,
    hvp: (th, u) => B.vmul(curv(th), u),
  };
}

describe('gradient-flow field and sharpness', () => {
  it('the field is −∇F', () => {
    const F = quartic([1, 2], [0.5, 0]);
    const th = B.vec(['0.5', '-2']);
    expect(B.unpack(gradientFlow(F)(0, th))).toEqual(B.unpack(F.grad(th)).map((g) => -g));
  });

  it('power iteration: ‖Hv‖ ≤ ρ(H) always, → ρ(H) geometrically, v a unit vector; 0 iterations give 0', () => {
    // H = diag(1, 4, 9) (λ = 0, μ = (1, 4, 9)): the error after k steps is ≤ 9·(4/9)^{2k} relative to ρ = 9
    const F = quartic([0, 0, 0], [1, 4, 9]);
    const th = B.vec(['1', '1', '1']);
    let prev = 0;
    for (const k of [1, 3, 10, 40]) {
      const { value, v } = powerSharpness(F, th, k);
      expect(value).toBeLessThanOrEqual(9 * (1 + 4 * B.eps));
      expect(value).toBeGreaterThanOrEqual(prev * (1 - 4 * B.eps));
      expect(9 - value).toBeLessThanOrEqual(9 * (4 / 9) ** k + 20 * B.eps);
      expect(Math.abs(B.toNumber(B.nrm2(v)) - 1)).toBeLessThanOrEqual(4 * B.eps);
      prev = value;
    }
    expect(powerSharpness(F, th, 40).value).toBeCloseTo(9, 12);
    // no iteration: value 0 and the deterministic start v_i ∝ 1 + i/n, of unit norm
    const none = powerSharpness(F, th, 0);
    expect(none.value).toBe(0);
    const s = [1, 4 / 3, 5 / 3];
    const n = Math.hypot(...s);
    B.unpack(none.v).forEach((x, i) => expect(Math.abs(x - s[i]! / n)).toBeLessThanOrEqual(4 * B.eps));
    // H = 0: the iteration stops at value 0 and keeps the start vector
    const flat = powerSharpness(quartic([0, 0, 0], [0, 0, 0]), th, 5);
    expect(flat.value).toBe(0);
    expect(B.unpack(flat.v)).toEqual(B.unpack(none.v));
  });

  it('sharpnessCap = safety·c/ρ̂, refreshed every `every` steps or when the step counter restarts', () => {
    // F = Σ θ⁴/4: H = diag(3θ²); at θ = (1, 0.1): ρ = 3, at θ = (2, 0.1): ρ = 12 (a ratio 100 or more between the
    // eigenvalues, so 12 power iterations are exact to ≤ 1e-20)
    const F = quartic([1, 1], [0, 0]);
    const a = B.vec(['1', '0.1']);
    const b = B.vec(['2', '0.1']);
    const c = dopri5.realStability;
    const close = (x: number | undefined, want: number): void => {
      expect(x).toBeDefined();
      expect(Math.abs(x! - want)).toBeLessThanOrEqual(1e-12 * want);
    };
    const cap = sharpnessCap(F, dopri5);
    close(cap(0, a, 0), (0.5 * c) / 3);
    close(cap(0, b, 9), (0.5 * c) / 3); // cached: fewer than 10 steps since the estimate
    close(cap(0, b, 10), (0.5 * c) / 12); // refreshed after 10 accepted steps
    close(cap(0, a, 3), (0.5 * c) / 3); // the counter went back (a new integration): fresh estimate
    const every1 = sharpnessCap(F, rk4, { every: 1, safety: 0.25 });
    close(every1(0, a, 0), (0.25 * rk4.realStability) / 3);
    close(every1(0, b, 1), (0.25 * rk4.realStability) / 12);
    // a flat objective has no cap
    expect(sharpnessCap(quartic([0, 0], [0, 0]), dopri5)(0, a, 0)).toBeUndefined();
  });

  it('the default solver is dopri5 up to 17 digits (f64) and fehlberg78 above (dd, dec)', () => {
    expect(defaultSolverId({ digits: 16 })).toBe('dopri5');
    expect(defaultSolverId({ digits: 17 })).toBe('dopri5');
    expect(defaultSolverId({ digits: 18 })).toBe('fehlberg78');
  });
});

describe('gfLimit edges', () => {
  it('rejects θ0 of the wrong dimension', () => {
    expect(() => gfLimit(quartic([1, 1], [1, 1]), B.vec(['1']))).toThrow(/dim/);
  });

  it('at a critical point: no integration, t = 0, err = rounding only, result ok', () => {
    const F = quartic([1, 1], [1, 1]);
    const r = gfLimit(F, B.vec(['0', '0']));
    expect(r.result).toBe('ok');
    expect(r.t).toBe(0);
    expect(r.stats.steps).toBe(0);
    expect(r.gradNorm).toBe(0);
    // 10·u·max(1, N)·‖θ‖ with θ = 0
    expect(r.err).toBe(0);
  });

  it('t1Max too short: not_converged, with the integration error as err', () => {
    const F = quartic([0, 0], [1, 2]);
    const r = gfLimit(F, B.vec(['1', '1']), { t1Max: '0.25' });
    expect(r.result).toBe('not_converged');
    expect(r.t).toBe(0.25);
    expect(r.err).toBeGreaterThan(0);
    expect(r.err).toBeLessThan(1e-9);
  });

  it('a strongly convex quadratic: θ∞ = 0 lies within err of θ, and err is far below the distance travelled', () => {
    const F = quartic([0, 0], [1, 3]);
    const r = gfLimit(F, B.vec(['1', '-2']));
    expect(r.result).toBe('ok');
    const dist = B.toNumber(B.nrm2(r.theta));
    expect(dist).toBeLessThanOrEqual(r.err);
    expect(r.err).toBeLessThan(1e-9);
    // the Newton term: for H = diag(1, 3), ‖H⁻¹g‖ = ‖θ‖ exactly, so err ≥ 2‖θ‖
    expect(r.err).toBeGreaterThanOrEqual(2 * dist * (1 - 1e-3));
  });
});
