import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { square } from '../losses/index.js';
import { linear2, scalarNet } from '../models/index.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';
import { objective, type Objective } from '../objective/objective.js';
import { defaultTolerance } from './controller.js';
import { gfLimit, type GfLimit, type GfLimitOptions } from './gfLimit.js';
import { defaultSolverId } from './gradientFlow.js';
import { linear2Limit, scalarNetLimit } from './oracles.js';

/** ½(aᵀb − Φ)²: the linear2 model with the square loss on the one sample x = 1, y = Φ. */
function linear2Objective<R extends Repr>(B: Backend<R>, k: number, Phi: S<R>): Objective<R> {
  return objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.pack([Phi]) });
}

/** ½(∏w_i − y)²: the scalarNet model with the square loss on the one sample x = 1. */
function scalarNetObjective<R extends Repr>(B: Backend<R>, depth: number, y: S<R>): Objective<R> {
  return objective(B, scalarNet(B, { depth }), square(B), { X: B.mat([['1']]), y: B.pack([y]) });
}

// Backends: f64 and dd at their default tolerances (100·u); dec:40 at rtol = atol = 1e-20 to stay within the time
// budget (dec is ~1000× slower than f64): the point there is that the same code runs on decimal and its error bars
// hold.
const f64 = f64Backend();
const dd = ddBackend();
const dec = decBackend(40);
const DEC_OPTS = { rtol: '1e-20', atol: '1e-20' } as const;

/**
 * What gfLimit's error bar err = 2‖H⁺g‖ + Σ_k‖ê_k‖ + 10·N·u·M (gfLimit.ts) may be, given the tolerances the run was
 * asked for (N accepted steps, M = max_t ‖θ‖₂, n = dim θ):
 * - Σ‖ê_k‖: every accepted step passed |ê_i| ≤ atol + rtol·max(|y_i|, |y1_i|) ≤ atol + rtol·M (controller.ts), so
 *   ‖ê_k‖₂ ≤ √n·(atol + rtol·M) and the sum is ≤ N·√n·(atol + rtol·M). No amplification factor: the flows here are
 *   non-expanding near their limits (∇²F ⪰ 0 there), the same assumption that makes the sum a bound in gfLimit.
 * - rounding: gfLimit's own model, 10 roundings of size u·M per step (at least one step).
 * - Newton term: both objectives are ½ε² of one scalar output, so at the limit ∇²F = vvᵀ with g ∥ v and
 *   ‖H⁺g‖ = ‖g‖/λ∞, λ∞ = ‖v∞‖² = the oracle's sharpness. A factor 2 covers CG stopping at a 1e-3 residual and
 *   λ(θ) vs λ∞, which differ by O(‖θ − θ∞‖) ≪ λ∞/2: 2‖H⁺g‖ ≤ 4‖g‖/λ∞.
 * A controller that accepts steps above its tolerance, or a Newton estimate off from the true curvature, breaks this.
 * Measured err/bound: f64 0.06–0.16, dd 0.07, dec:40 0.03. Integrating at 1000× the rtol the bound assumes fails it
 * (f64 err ≈ 1.5e-10, which the former fixed cap of 1e-9 let through).
 */
function errBarBound<R extends Repr>(B: Backend<R>, r: GfLimit<R>, opts: GfLimitOptions<R>, lambdaInf: S<R>): S<R> {
  const tol = (x: S<R> | Num | undefined): S<R> =>
    x === undefined ? defaultTolerance(B) : typeof x === 'string' ? B.num(x) : x;
  const M = r.stats.maxNorm;
  const N = B.int(Math.max(1, r.stats.accepted));
  const local = B.mul(B.sqrt(B.int(B.dim(r.theta))), B.add(tol(opts.atol), B.mul(tol(opts.rtol), M)));
  const perStep = B.add(local, B.mul(B.mul(B.int(10), B.eps), M));
  return B.add(B.mul(N, perStep), B.div(B.mul(B.int(4), r.gradNorm), lambdaInf));
}

function checkLimit<R extends Repr>(
  B: Backend<R>,
  F: Objective<R>,
  theta0: V<R>,
  expected: V<R>,
  oracleErr: S<R>,
  opts: GfLimitOptions<R>,
  lambdaInf: S<R>,
): void {
  const r = gfLimit(F, theta0, opts);
  expect(r.result, r.message).toBe('ok');
  const dist = B.nrm2(B.vsub(r.theta, expected));
  // gfLimit's bar + the oracle's own rounding + the rounding of dist itself ((n + 9)u relative: vsub, nrm2)
  const allowed = B.add(B.add(r.err, oracleErr), B.mul(B.mul(B.int(B.dim(expected) + 9), B.eps), dist));
  expect(
    B.cmp(dist, allowed),
    `${B.id}: ‖θ − θ∞‖ = ${B.toNumber(dist)} > err = ${B.toNumber(allowed)}`,
  ).toBeLessThanOrEqual(0);
  // the error bar is informative, not just large: a test that can fail when the integrator is sloppy
  const bound = errBarBound(B, r, opts, lambdaInf);
  expect(
    B.cmp(r.err, bound),
    `${B.id}: err = ${B.toNumber(r.err)} > ${B.toNumber(bound)} (steps × tolerance)`,
  ).toBeLessThanOrEqual(0);
}

function linear2Case<R extends Repr>(B: Backend<R>, a: Num[], b: Num[], Phi: Num, opts: GfLimitOptions<R>): void {
  const P = B.num(Phi);
  const a0 = B.vec(a);
  const b0 = B.vec(b);
  const o = linear2Limit(B, a0, b0, P);
  const th = B.concat([o.a, o.b]);
  checkLimit(B, linear2Objective(B, a.length, P), B.concat([a0, b0]), th, o.err, opts, o.sharpness);
}

function scalarNetCase<R extends Repr>(B: Backend<R>, w: Num[], y: Num, opts: GfLimitOptions<R>): void {
  const Y = B.num(y);
  const w0 = B.vec(w);
  const o = scalarNetLimit(B, w0, Y);
  checkLimit(B, scalarNetObjective(B, w.length, Y), w0, o.w, o.err, opts, o.sharpness);
}

describe('gfLimit matches the closed-form gradient-flow limits within its error bars', () => {
  it('f64 (dopri5): linear2 and scalarNet on fixed instances', () => {
    linear2Case(f64, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', {});
    linear2Case(f64, ['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75', {});
    scalarNetCase(f64, ['0.5', '-1.2', '-0.8'], '2', {});
    scalarNetCase(f64, ['1.5', '-0.25'], '-0.5', {});
  });

  it('f64: random linear2 and scalarNet instances (property)', () => {
    const coord = fc.integer({ min: -16, max: 16 }).map((k) => (k / 8).toString());
    fc.assert(
      fc.property(
        fc.array(coord, { minLength: 2, maxLength: 2 }),
        fc.array(coord, { minLength: 2, maxLength: 2 }),
        fc.integer({ min: -12, max: 12 }),
        (a, b, p) => {
          const Phi = (p / 4).toString();
          const u = a.map((x, i) => Number(x) + Number(b[i]));
          const v = a.map((x, i) => Number(x) - Number(b[i]));
          // exclude the saddle-bound inits and nearly-degenerate ones (tiny ‖u‖ or ‖v‖ make the flow slow)
          fc.pre(u.some((x) => x !== 0) && (p > 0 || v.some((x) => x !== 0)) && p !== 0);
          linear2Case(f64, a, b, Phi, {});
        },
      ),
      { numRuns: 15 },
    );
    const nz = fc.integer({ min: 2, max: 16 }).chain((k) => fc.boolean().map((s) => `${s ? '-' : ''}${k / 8}`));
    fc.assert(
      fc.property(fc.array(nz, { minLength: 2, maxLength: 4 }), fc.integer({ min: 2, max: 12 }), (w, yk) => {
        const sign = w.reduce((s, x) => (x.startsWith('-') ? -s : s), 1);
        scalarNetCase(f64, w, `${sign < 0 ? '-' : ''}${yk / 4}`, {});
      }),
      { numRuns: 15 },
    );
  });

  it('dd (fehlberg78): linear2 and scalarNet', () => {
    expect(defaultSolverId(dd)).toBe('fehlberg78');
    linear2Case(dd, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', {});
    scalarNetCase(dd, ['0.5', '-1.2', '-0.8'], '2', {});
  });

  it('dec:40 (fehlberg78, rtol = 1e-20): linear2 and scalarNet', () => {
    linear2Case(dec, ['0.3', '-0.2'], ['0.9', '0.4'], '1.5', DEC_OPTS);
    scalarNetCase(dec, ['0.5', '-1.2', '-0.8'], '2', DEC_OPTS);
  });

  it('gfLimit reports not_converged (not ok) when t1Max is too short', () => {
    const F = scalarNetObjective(f64, 3, f64.num('2'));
    const r = gfLimit(F, f64.vec(['0.5', '-1.2', '-0.8']), { t1Max: '0.5' });
    expect(r.result).toBe('not_converged');
  });
});
