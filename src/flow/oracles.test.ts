import { describe, expect, it } from 'vitest';
import { decBackend, type Dec } from '../numeric/decimal.js';
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';
import { powerSharpness } from './gradientFlow.js';
import { linear2Limit, scalarNetLimit } from './oracles.js';
import { square } from '../losses/index.js';
import { linear2, scalarNet } from '../models/index.js';
import { objective, type Objective } from '../objective/objective.js';

/** ½(aᵀb − Φ)²: the linear2 model with the square loss on the one sample x = 1, y = Φ. */
function linear2Objective<R extends Repr>(B: Backend<R>, k: number, Phi: S<R>): Objective<R> {
  return objective(B, linear2(B, { k }), square(B), { X: B.mat([['1']]), y: B.pack([Phi]) });
}

/** ½(∏w_i − y)²: the scalarNet model with the square loss on the one sample x = 1. */
function scalarNetObjective<R extends Repr>(B: Backend<R>, depth: number, y: S<R>): Objective<R> {
  return objective(B, scalarNet(B, { depth }), square(B), { X: B.mat([['1']]), y: B.pack([y]) });
}

// Tolerances: the oracles' first-order rounding models (derived below from oracles.ts, each count n of roundings
// written n + 1 to cover γ_n ≤ (n + 1)u and second-order terms) propagated to each checked quantity, plus the
// roundings of the check itself. Measured error/tolerance ≤ 0.05: these are worst-case counts, and a 1e-36 relative
// perturbation of either oracle (2000u, e.g. Newton stopped early) fails the first check.
const B: Backend<Dec> = decBackend(40);
const u = B.eps;
const n = (k: number): S<Dec> => B.int(k);
const mul = (...xs: S<Dec>[]): S<Dec> => xs.reduce((a, x) => B.mul(a, x));
const sum = (...xs: S<Dec>[]): S<Dec> => xs.reduce((a, x) => B.add(a, x));

// The oracles' rounding bounds (`err`, `errW`) are derived in oracles.ts; the last test checks them against dec:80.

/** |x − want| ≤ tol, with both in the message. */
function expectClose(what: string, x: S<Dec>, want: S<Dec>, tol: S<Dec>): void {
  const d = B.abs(B.sub(x, want));
  expect(
    B.cmp(d, tol),
    `${what}: |${B.show(x)} − ${B.show(want)}| = ${B.show(d)} > ${B.show(tol)}`,
  ).toBeLessThanOrEqual(0);
}

describe('closed-form oracles are minimizers with the stated invariants and sharpness (dec:40)', () => {
  it('linear2: the limit has aᵀb = Φ, the same aaᵀ − bbᵀ, and sharpness √(4Φ² + ‖u₀‖²‖v₀‖²) = ‖a‖² + ‖b‖²', () => {
    for (const [a, b, Phi] of [
      [['0.3', '-0.2'], ['0.9', '0.4'], '1.5'],
      [['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75'],
    ] as [Num[], Num[], Num][]) {
      const k = a.length;
      const a0 = B.vec(a);
      const b0 = B.vec(b);
      const o = linear2Limit(B, a0, b0, B.num(Phi));
      const th = B.concat([o.a, o.b]);
      const nt = B.nrm2(th);
      const eth = o.err;
      const lam = o.sharpness;
      const sq = (x: V<Dec>) => B.dot(x, x);
      // |Δ(aᵀb)| ≤ ‖e_θ‖‖θ‖ (Cauchy–Schwarz); dot and subtraction (k + 2)u|a|ᵀ|b|
      const absAB = B.dot(B.map('abs', o.a), B.map('abs', o.b));
      expectClose('aᵀb', B.dot(o.a, o.b), B.num(Phi), B.add(B.mul(eth, nt), mul(n(k + 2), u, absAB)));
      // |Δ(a_ia_j − b_ib_j)| ≤ 2‖e_θ‖‖θ‖; each side's ger and subtraction 2u(|a_ia_j| + |b_ib_j|) ≤ 2u‖θ‖² (+1 each)
      const D0 = B.vsub(B.flatten(B.ger(a0, a0)), B.flatten(B.ger(b0, b0)));
      const D1 = B.vsub(B.flatten(B.ger(o.a, o.a)), B.flatten(B.ger(o.b, o.b)));
      const tolD = sum(mul(n(2), eth, nt), mul(n(3), u, B.add(sq(a0), sq(b0))), mul(n(3), u, B.mul(nt, nt)));
      expectClose('aaᵀ − bbᵀ', B.amax(B.vsub(D0, D1)), B.zero, tolD);
      // ‖a‖² + ‖b‖² moves by ≤ 2‖e_θ‖‖θ‖ and rounds within (k + 2)u·λ; the oracle's root within (k + 5)u·λ
      const lamAB = B.add(sq(o.a), sq(o.b));
      expectClose('‖a‖² + ‖b‖²', lamAB, lam, B.add(mul(n(2), eth, nt), mul(n(2 * k + 7), u, lam)));
      // top Hessian eigenvalue at the limit by power iteration (gap: the other eigenvalues are O(ε) at a minimizer).
      // ∇²L = vvᵀ + εP moves by ≤ 3‖v‖‖P‖·‖e_θ‖ = 3√λ‖e_θ‖ (v = ∇f, ‖P‖ = 1, ε = 0 at θ∞); rounding: hvp (2k + 3)u,
      // nrm2 (2k + 9)u, the unit iterate (2k + 10)u, the oracle's root (k + 5)u.
      const F = linear2Objective(B, k, B.num(Phi));
      const est = powerSharpness(F, th, 3).value;
      expectClose('power iteration', est, lam, B.add(mul(n(3), B.sqrt(lam), eth), mul(n(7 * k + 27), u, lam)));
    }
  });

  it('scalarNet: the limit has ∏w = y, the same w_i² − w_j² and signs, and sharpness y²Σ1/w_i² = ‖∇∏w‖²', () => {
    const y = B.num('2');
    const w0 = B.vec(['0.5', '-1.2', '-0.8']);
    const D = B.dim(w0);
    const o = scalarNetLimit(B, w0, y);
    const w = B.unpack(o.w);
    const e = B.unpack(o.errW);
    const rel = sum(...e.map((ei, i) => B.div(ei, B.abs(w[i]!))));
    // |Δ∏w| ≤ |y|Σ|e_i|/|w_i|; the product's D − 1 roundings (D)u|y|
    const prod = w.reduce((p, x) => B.mul(p, x));
    expectClose('∏w', prod, y, B.mul(B.abs(y), B.add(rel, B.mul(n(D), u))));
    // w_0² − w_1² does not see ŝ's error (both squares carry the same ŝ): ŵ_i² is within uq_i + 4u(q_i + s) of q_i + ŝ,
    // the subtractions add u|d| each (+1 each)
    const sqr = (x: S<Dec>) => B.mul(x, x);
    const q0 = sqr(B.at(w0, 0));
    const q1 = sqr(B.at(w0, 1));
    const d0 = B.sub(q0, q1);
    const d1 = B.sub(sqr(w[0]!), sqr(w[1]!));
    expectClose(
      'w₀² − w₁²',
      d1,
      d0,
      mul(u, sum(mul(n(2), B.add(q0, q1)), mul(n(5), B.add(sqr(w[0]!), sqr(w[1]!))), mul(n(3), B.abs(d0)))),
    );
    expect(w.map((x) => B.cmp(x, B.zero))).toEqual([1, -1, -1]);
    // ∇²L = ggᵀ + εK moves by ≤ 3‖g‖‖K‖_F‖e‖ (‖g‖² = λ); the oracle's y²Σ1/w_i² by Σ2λ_i e_i/|w_i| (λ_i = y²/w_i²).
    // Rounding: hvp (3D − 2)u, nrm2 (D + 9)u, unit iterate (D + 10)u, the oracle's sum (D + 4)u, all × λ.
    const lam = o.sharpness;
    const lamI = w.map((x) => B.div(sqr(y), sqr(x)));
    let K2 = B.zero;
    for (let i = 0; i < D; i++)
      for (let j = 0; j < D; j++) if (i !== j) K2 = B.add(K2, B.div(sqr(y), sqr(B.mul(w[i]!, w[j]!))));
    const eNorm = B.nrm2(B.pack(e));
    const move = B.add(
      mul(n(3), B.sqrt(lam), B.sqrt(K2), eNorm),
      sum(...lamI.map((l, i) => mul(n(2), l, B.div(e[i]!, B.abs(w[i]!))))),
    );
    const F = scalarNetObjective(B, D, y);
    const est = powerSharpness(F, o.w, 3).value;
    expectClose('power iteration', est, lam, B.add(move, mul(n(6 * D + 21), u, lam)));
  });

  it('the oracles are within their rounding models of the same formulas on dec:80 (error ≤ 1e-79 ≪ dec:40 models)', () => {
    const R: Backend<Dec> = decBackend(80);
    const toR = (x: V<Dec>) => R.vec(B.vshow(x));
    for (const [a, b, Phi] of [
      [['0.3', '-0.2'], ['0.9', '0.4'], '1.5'],
      [['1', '0.5', '0'], ['-0.25', '2', '1'], '-0.75'],
    ] as [Num[], Num[], Num][]) {
      const o = linear2Limit(B, B.vec(a), B.vec(b), B.num(Phi));
      const r = linear2Limit(R, R.vec(a), R.vec(b), R.num(Phi));
      const th = B.concat([o.a, o.b]);
      const dist = R.nrm2(R.vsub(toR(th), R.concat([r.a, r.b])));
      expect(R.cmp(dist, R.num(B.show(o.err)))).toBeLessThanOrEqual(0);
    }
    // s > 0 (∏|w₀| < |y|) and s < 0 (∏|w₀| > |y|), D = 2, 3, 4
    for (const [w, y] of [
      [['0.5', '-1.2', '-0.8'], '2'],
      [['1.5', '-0.25'], '-0.5'],
      [['2', '1.5'], '1'],
      [['0.25', '-2', '1.75', '-0.5'], '3'],
    ] as [Num[], Num][]) {
      const o = scalarNetLimit(B, B.vec(w), B.num(y));
      const r = scalarNetLimit(R, R.vec(w), R.num(y));
      const e = B.unpack(o.errW);
      const d = R.unpack(R.map('abs', R.vsub(toR(o.w), r.w)));
      d.forEach((di, i) =>
        expect(R.cmp(di, R.num(B.show(e[i]!))), `w${i}: ${R.show(di)} > ${B.show(e[i]!)}`).toBeLessThanOrEqual(0),
      );
    }
  });

  it('the oracles reject the degenerate initializations that flow to a saddle', () => {
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['-1']), B.num('1'))).toThrow(/saddle/);
    expect(() => linear2Limit(B, B.vec(['1']), B.vec(['1']), B.num('-1'))).toThrow(/saddle/);
    expect(() => scalarNetLimit(B, B.vec(['1', '-1']), B.num('1'))).toThrow(/sign/);
  });
});
