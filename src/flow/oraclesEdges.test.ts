// The closed-form oracles at the edges of their domains, on f64 against the same formulas on dec:80: large |Φ| of
// either sign (where the other branch of z would cancel), |y| far above and below ∏|w₀| (the bracket search and
// s → −min w₀²), and every degenerate input with the message that names it.
import { describe, expect, it } from 'vitest';
import { decBackend, type Dec } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, Num } from '../numeric/types.js';
import { linear2Limit, scalarNetLimit } from './oracles.js';

const F = f64Backend();
const R: Backend<Dec> = decBackend(80);
const u = 2 ** -53;

describe('linear2Limit on f64 is within its rounding bound `err` of dec:80', () => {
  const cases: [Num[], Num[], Num][] = [
    // Φ ≫ ‖u₀‖‖v₀‖: z = (2Φ + root)/‖u₀‖² has no cancellation, while ‖v₀‖²/(root − 2Φ) would lose ~16 digits
    [['0.75', '-0.5'], ['0.25', '0.5'], '1e8'],
    // Φ ≪ −‖u₀‖‖v₀‖: the mirror case, z = ‖v₀‖²/(root − 2Φ)
    [['0.75', '-0.5'], ['0.25', '0.5'], '-1e8'],
    [['1', '0.5', '0'], ['-0.25', '2', '1'], '0'],
    [['0.3', '-0.2'], ['0.9', '0.4'], '1.5'],
  ];
  it('for Φ of either sign and size, and the bound is 2√2(k + 10)u‖θ̂‖', () => {
    for (const [a, b, Phi] of cases) {
      const o = linear2Limit(F, F.vec(a), F.vec(b), F.num(Phi));
      const r = linear2Limit(R, R.vec(a), R.vec(b), R.num(Phi));
      const th = [...F.unpack(o.a), ...F.unpack(o.b)];
      const dist = R.nrm2(R.vsub(R.vec(th.map((x) => F.show(x))), R.concat([r.a, r.b])));
      expect(R.toNumber(dist), `Φ = ${Phi}`).toBeLessThanOrEqual(o.err);
      const nt = Math.hypot(...th);
      const k = a.length;
      // the first-order bound 2√2(k + 9)u‖θ∞‖ (derived in oracles.ts) with one more count for ‖θ̂‖ vs ‖θ∞‖
      expect(o.err).toBeGreaterThanOrEqual(2 * Math.SQRT2 * (k + 9) * u * nt);
      expect(o.err).toBeLessThanOrEqual(2 * Math.SQRT2 * (k + 10) * u * nt * (1 + 1e-12));
      // the sharpness is √(4Φ² + ‖u₀‖²‖v₀‖²) up to its (k + 5)u
      expect(Math.abs(F.toNumber(o.sharpness) - R.toNumber(r.sharpness))).toBeLessThanOrEqual(
        (k + 5) * u * R.toNumber(r.sharpness),
      );
    }
  });

  it('names the degenerate initialization that flows to the saddle', () => {
    const one = F.vec(['1']);
    expect(() => linear2Limit(F, one, F.vec(['-1']), F.num('1'))).toThrow('linear2Limit: a0 + b0 = 0');
    expect(() => linear2Limit(F, one, one, F.num('-1'))).toThrow('linear2Limit: a0 = b0 with Φ < 0');
    expect(() => linear2Limit(F, one, one, F.num('0'))).toThrow('linear2Limit: a0 = b0 with Φ = 0');
    // a0 = b0 with Φ > 0 is not degenerate: u₀ = 2a₀ ≠ 0 and v₀ = 0, so a∞ = b∞ = √(z)·a₀ with z = 4Φ/‖u₀‖² = Φ/a₀²
    const o = linear2Limit(F, F.vec(['0.5']), F.vec(['0.5']), F.num('4'));
    expect(F.unpack(o.a).map(Number)).toEqual([2]);
    expect(F.unpack(o.b).map(Number)).toEqual([2]);
  });
});

describe('scalarNetLimit on f64 is within its per-component bound errW of dec:80', () => {
  it('for |y| far above ∏|w₀| (s > 0, bracket doubled) and far below (s → −min w₀²), D = 1 … 4', () => {
    const cases: [Num[], Num][] = [
      [['0.5', '-1.2', '-0.8'], '2'],
      [['0.5', '0.25'], '1e6'],
      [['0.001', '-3', '2'], '-1e-9'],
      [['2', '1.5'], '1'],
      [['-0.75'], '-5'],
      [['0.25', '-2', '1.75', '-0.5'], '3'],
      [['3', '3'], '1e-12'],
    ];
    for (const [w, y] of cases) {
      const o = scalarNetLimit(F, F.vec(w), F.num(y));
      const r = scalarNetLimit(R, R.vec(w), R.num(y));
      const e = F.unpack(o.errW).map(Number);
      const wf = F.unpack(o.w).map(Number);
      const wr = R.unpack(r.w).map((x) => R.toNumber(x));
      wf.forEach((x, i) => {
        expect(Math.abs(x - wr[i]!), `w = ${w.join(',')}, y = ${y}, component ${i}`).toBeLessThanOrEqual(e[i]!);
        // signs are kept
        expect(Math.sign(x)).toBe(Math.sign(Number(w[i])));
      });
      expect(F.toNumber(o.err)).toBeCloseTo(Math.hypot(...e), 12);
      // ∏w∞ = y (relative), and s solves Σ log(w₀ᵢ² + s) = 2 log|y| on the reference
      const prod = wr.reduce((p, x) => p * x, 1);
      expect(Math.abs(prod / Number(y) - 1)).toBeLessThan(1e-14);
      const sq = w.map((x) => Number(x) ** 2);
      expect(R.toNumber(r.s)).toBeGreaterThan(-Math.min(...sq));
      // s on f64 to its rounding level: the bound on |ŝ − s| implied by errW_i·2|w_i| (first term of errW)
      const ds = Math.abs(F.toNumber(o.s) - R.toNumber(r.s));
      expect(ds).toBeLessThanOrEqual(Math.max(...e.map((ei, i) => 2 * ei * Math.abs(wf[i]!))));
    }
  });

  it('the sharpness y²Σ1/w∞ᵢ² on f64 agrees with dec:80 to a relative 4(D + 4)u plus the propagated errW', () => {
    for (const [w, y] of [
      [['0.5', '-1.2', '-0.8'], '2'],
      [['0.5', '0.25'], '1e6'],
    ] as [Num[], Num][]) {
      const o = scalarNetLimit(F, F.vec(w), F.num(y));
      const r = scalarNetLimit(R, R.vec(w), R.num(y));
      const lam = R.toNumber(r.sharpness);
      const wf = F.unpack(o.w).map(Number);
      const e = F.unpack(o.errW).map(Number);
      const yy = Number(y) ** 2;
      const prop = wf.reduce((acc, x, i) => acc + (2 * yy * e[i]!) / Math.abs(x) ** 3, 0);
      expect(Math.abs(F.toNumber(o.sharpness) - lam)).toBeLessThanOrEqual(4 * (w.length + 4) * u * lam + 2 * prop);
    }
  });

  it('rejects y = 0, a zero weight, a sign mismatch and an empty w₀, naming the requirement', () => {
    const sign = 'scalarNetLimit: needs sign(∏ w0_i) = sign(y) ≠ 0';
    expect(() => scalarNetLimit(F, F.vec(['1', '2']), F.num('0'))).toThrow(sign);
    expect(() => scalarNetLimit(F, F.vec(['1', '0']), F.num('1'))).toThrow(sign);
    // y = 0 together with a zero weight: ∏w₀ = 0 = y, still no minimizer reached this way
    expect(() => scalarNetLimit(F, F.vec(['1', '0']), F.num('0'))).toThrow(sign);
    expect(() => scalarNetLimit(F, F.vec(['1', '-2']), F.num('1'))).toThrow(sign);
    expect(() => scalarNetLimit(F, F.vec(['-1', '-2']), F.num('-1'))).toThrow(sign);
    expect(() => scalarNetLimit(F, F.vec([]), F.num('1'))).toThrow('scalarNetLimit: w0 must be non-empty');
    // the accepted sign patterns: both signs of y
    expect(() => scalarNetLimit(F, F.vec(['-1', '-2']), F.num('1'))).not.toThrow();
    expect(() => scalarNetLimit(F, F.vec(['1', '-2']), F.num('-1'))).not.toThrow();
  });
});
