/**
 * Loss law suite: every loss in `LOSSES` on f64, dd and dec:60 — ℓ' and ℓ'' against central differences, and
 * stability of logistic/exponential for large margins.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { exactDecimal } from '../numeric/exact.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { LOSSES, lossFromId } from './index.js';

const base = fc.readConfigureGlobal().numRuns ?? 100;
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: base },
  { B: ddBackend(), runs: Math.max(10, Math.floor(base / 2)) },
  { B: decBackend(60), runs: Math.max(10, Math.floor(base / 4)) },
];
const dy = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));

/**
 * Central difference of q at f with step h = 10^(−⌊digits/3⌋) against its analytic derivative. For |f|, |y| ≤ 2 the
 * quantity W = (1 + |f| + |y|)³·e^{|yf| + 1} bounds |ℓ|, |ℓ'|, |ℓ''|, |ℓ'''| and |ℓ''''| of all three losses on
 * [f − h, f + h] (square: polynomial; logistic: |ℓ^{(k)}| ≤ |y|^k; exponential: |y|^k e^{−yf}). Truncation ≤ h²W/6,
 * rounding ≤ 2κu·W/2h + κu·W with κ = 16 (a few operations plus elementary functions accurate to a few ulps).
 */
function checkDerivative(
  B: AnyBackend,
  what: string,
  q: (f: unknown) => unknown,
  dq: unknown,
  f: string,
  y: string,
): void {
  const h = B.num(`1e-${Math.floor(B.digits / 3)}`);
  const F = B.num(f);
  const plus = B.at(q(B.pack([B.add(F, h)])), 0);
  const minus = B.at(q(B.pack([B.sub(F, h)])), 0);
  const fd = B.div(B.sub(plus, minus), B.add(h, h));
  const W = (1 + Math.abs(Number(f)) + Math.abs(Number(y))) ** 3 * Math.exp(Math.abs(Number(y) * Number(f)) + 1);
  const ku = B.mul(B.int(16), B.eps);
  const tol = B.mul(B.fromDouble(W), B.add(B.mul(h, h), B.add(B.div(ku, h), ku)));
  const diff = B.abs(B.sub(fd, dq));
  if (B.cmp(diff, tol) > 0) {
    throw new Error(
      `${what} [${B.id}] at f=${f}, y=${y}: analytic ${B.show(dq)} vs central difference ${B.show(fd)}, |diff| ${B.show(diff)} > ${B.show(tol)}`,
    );
  }
}

for (const kind of Object.keys(LOSSES)) {
  describe(`loss ${kind}`, () => {
    for (const { B, runs } of backends) {
      const loss = lossFromId(B, kind);
      it(`has d1 equal to the derivative of value and d2 equal to the derivative of d1 (${B.id})`, () => {
        fc.assert(
          fc.property(dy, dy, (f, y) => {
            const yv = B.vec([y]);
            const fv = B.vec([f]);
            checkDerivative(B, 'd1', (x) => loss.value(x, yv), B.at(loss.d1(fv, yv), 0), f, y);
            checkDerivative(B, 'd2', (x) => loss.d1(x, yv), B.at(loss.d2(fv, yv), 0), f, y);
          }),
          { numRuns: runs },
        );
      });
    }
  });
}

describe('losses at large margins', () => {
  // Accuracy of the maps used (relative, per backend): f64 Math.exp/log1p (V8's fdlibm) < 1 ulp ≤ 2u; dd exp ≤ 3u²,
  // log1p ≤ 9u², sigmoid ≤ 21u² (ddMath.ts; ≤ 1.4·eps, eps = 16u²); dec exp correctly rounded (≤ u), softplus/sigmoid ≤
  // u(1 + 1e-8).
  for (const { B } of backends) {
    /** |a − b| ≤ rel·eps·|b| + abs. */
    const within = (a: unknown, b: unknown, rel: number, abs: unknown = B.zero) =>
      B.cmp(B.abs(B.sub(a, b)), B.add(B.mul(B.mul(B.num(String(rel)), B.eps), B.abs(b)), abs)) <= 0;
    it(`logistic is log(1+e^{-m}) without overflow or cancellation at m = ±700 (${B.id})`, () => {
      const L = lossFromId(B, 'logistic');
      const y = B.vec(['1', '-1']);
      const f = B.vec(['700', '700']); // margins +700 and −700
      const v = L.value(f, y);
      // m = 700: log1p(e^{−700}) = e^{−700}(1 − e^{−700}/2 + …), equal to e^{−700} to far below one ulp. Against the
      // backend's own e^{−700}: f64 ≤ 3u (exp, log1p of a tiny argument) + 2u; dec ≤ 2.0001u; dd ≤ 12u² + 3u² < eps
      // and, e^{−700} < 2^-969 having a subnormal low word, ½·2^-1074 absolute on each side (ddMath.ts expHL).
      const sub = B.id === 'dd' ? B.num(String(2 ** -1074)) : B.zero;
      expect(within(B.at(v, 0), B.exp(B.num('-700')), 5, sub)).toBe(true);
      // m = −700: 700 + log1p(e^{−700}) = 700 to working precision: one rounding of that sum (≤ u; dd add 3u² < eps;
      // dec softplus ≤ u(1 + 1e-8))
      expect(within(B.at(v, 1), B.num('700'), 1 + 1e-8)).toBe(true);
      expect(B.allFinite(L.d1(f, y)) && B.allFinite(L.d2(f, y))).toBe(true);
      // ℓ' = −y·σ(−m) = σ(700) = 1 − e^{−700}: σ to ≤ 2u (f64: 1 + e^{−700} and a division; dd 1.4·eps; dec 1.0001u),
      // ×1 exact
      expect(within(B.at(L.d1(f, y), 1), B.num('1'), 2)).toBe(true);
    });
    it(`exponential is e^{-yf} with ℓ' = −yℓ and ℓ'' = y²ℓ (${B.id})`, () => {
      const L = lossFromId(B, 'exponential');
      const y = B.vec(['-1', '0.5']);
      const f = B.vec(['2', '-4']);
      // −y·f = 2 exactly; each side one exp(2) (≤ 2u in f64) and, for ℓ', ℓ'', one product by 0.5 or 0.25 (exact in
      // binary, ≤ u in dec): the two sides differ by ≤ 2·(2u) = 4u
      expect(within(B.at(L.value(f, y), 0), B.exp(B.num('2')), 4)).toBe(true);
      expect(within(B.at(L.d1(f, y), 1), B.mul(B.num('-0.5'), B.exp(B.num('2'))), 4)).toBe(true);
      expect(within(B.at(L.d2(f, y), 1), B.mul(B.num('0.25'), B.exp(B.num('2'))), 4)).toBe(true);
    });
  }
  it('names the field when the loss or the lengths are wrong', () => {
    const B = f64Backend();
    expect(() => lossFromId(B, 'hinge')).toThrow(/unknown loss "hinge"/);
    expect(() => lossFromId(B, 'square').value(B.vec(['1']), B.vec(['1', '2']))).toThrow(/1 predictions but 2 targets/);
  });
  it('the unknown-loss message lists every loss by name, and each loss reports its own kind', () => {
    const B = f64Backend();
    for (const kind of Object.keys(LOSSES)) {
      expect(() => lossFromId(B, 'hinge')).toThrow(new RegExp(`(^|[ ,])${kind}(,|$)`));
      expect(lossFromId(B, kind).kind).toBe(kind);
    }
  });
  it('a length mismatch in value, d1 or d2 names the loss it happened in', () => {
    const B = f64Backend();
    const f = B.vec(['1']);
    const y = B.vec(['1', '-1']);
    for (const kind of Object.keys(LOSSES)) {
      const L = lossFromId(B, kind);
      for (const q of [L.value, L.d1, L.d2]) {
        expect(() => q(f, y)).toThrow(new RegExp(`^${kind} loss: 1 predictions but 2 targets`));
      }
    }
  });
  it('logistic negates a label vector once however many of value/d1 use it, and a new label vector afresh', () => {
    const B = f64Backend();
    let negations = 0;
    // the backend with map('neg') counted; everything else as is
    const counting = new Proxy(B, {
      get(target, prop) {
        if (prop === 'map') {
          return (op: Parameters<typeof B.map>[0], x: Parameters<typeof B.map>[1]) => {
            if (op === 'neg') negations++;
            return target.map(op, x);
          };
        }
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const L = lossFromId(counting, 'logistic');
    const f = B.vec(['0.5', '-2']);
    const y1 = B.vec(['1', '-1']);
    const y2 = B.vec(['-1', '-1']);
    L.value(f, y1);
    L.d1(f, y1);
    L.value(f, y1);
    expect(negations).toBe(1);
    // a stale −y would give softplus(−y1·f) here; ℓ(f, y2) = log(1 + e^{−y2 f}) = softplus(−y2·f)
    // (one softplus each side)
    const v2 = L.value(f, y2);
    expect(negations).toBe(2);
    const direct = B.map('softplus', B.vmul(B.vec(['1', '1']), f));
    for (const i of [0, 1]) expect(B.at(v2, i)).toBe(B.at(direct, i));
  });
});
