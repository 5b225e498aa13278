import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import { backendStepField, ballStepField } from './stepField.js';

describe('StepField over balls', () => {
  const B = ddBackend();
  const K = ballArith(B);
  const F = ballStepField(K);

  it('sign is certain only when the ball lies on one side of 0 (or is exactly 0)', () => {
    expect(F.sign(K.int(0))).toBe(0);
    expect(F.sign(K.num('0.001'))).toBe(1);
    expect(F.sign(K.num('-3'))).toBe(-1);
    expect(F.sign(K.of(B.num('1e-40'), B.num('1e-39')))).toBeUndefined();
    // a ball at 0 with a radius is not "exactly 0"; a ball touching 0 from either side is not certainly signed
    expect(F.sign(K.of(B.zero, B.num('1e-30')))).toBeUndefined();
    expect(F.sign(K.of(B.num('0.5'), B.num('0.5')))).toBeUndefined();
    expect(F.sign(K.of(B.num('-0.5'), B.num('0.5')))).toBeUndefined();
  });

  it('hull(lo, hi) contains [lower(lo), upper(hi)] for any ordered pair (midpoint rounding included)', () => {
    const E = f64Backend();
    const KE = ballArith(E);
    const FE = ballStepField(KE);
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (a, w) => {
          const b = a + w;
          const h = FE.hull(KE.exact(E.fromDouble(a)), KE.exact(E.fromDouble(b)));
          return E.cmp(KE.lower(h), E.fromDouble(a)) <= 0 && E.cmp(KE.upper(h), E.fromDouble(b)) >= 0;
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });

  it('norm2 is ‖v‖₂ (enclosed) and show prints value ± radius', () => {
    const n = F.norm2([K.num('3'), K.num('4')]);
    expect(B.cmp(K.lower(n), B.num('5'))).toBeLessThanOrEqual(0);
    expect(B.cmp(K.upper(n), B.num('5'))).toBeGreaterThanOrEqual(0);
    expect(F.show(K.of(B.num('1.5'), B.num('0.25')))).toBe(`${B.show(B.num('1.5'))} ± ${B.show(B.num('0.25'))}`);
  });

  it('hull(lo, hi) encloses both balls entirely (so [0, γ] contains 0, γ and everything between)', () => {
    const lo = K.of(B.num('-0.5'), B.num('0.01'));
    const hi = K.num('2.75');
    const h = F.hull(lo, hi);
    expect(B.cmp(K.lower(h), K.lower(lo))).toBeLessThanOrEqual(0);
    expect(B.cmp(K.upper(h), K.upper(hi))).toBeGreaterThanOrEqual(0);
    // and not much more: the radius is half the width up to rounding
    expect(B.toNumber(h.err)).toBeLessThan(1.63 + 1e-12);
    const g = F.hull(K.int(0), K.num('0.5'));
    expect(K.containsZero(g)).toBe(true);
    expect(B.cmp(K.upper(g), B.num('0.5'))).toBeGreaterThanOrEqual(0);
  });

  it('norm2 of a gradient within rounding of 0 is a ball at 0, not a sqrt domain error', () => {
    const tiny = [K.of(B.zero, B.num('1e-30')), K.of(B.num('1e-31'), B.num('1e-30'))];
    const n = F.norm2(tiny);
    expect(K.containsZero(n)).toBe(true);
    // the naive √(Σ g_j²) fails there: the ball of Σ g_j² reaches below 0
    expect(() => F.sqrt(F.add(F.sqr(tiny[0]!), F.sqr(tiny[1]!)))).toThrow(/ball\.sqrt/);
  });
});

describe('StepField over a backend', () => {
  it('signs are certain; NaN has none', () => {
    const B = f64Backend();
    const F = backendStepField(B);
    expect([F.sign(B.num('-1')), F.sign(B.zero), F.sign(B.num('2'))]).toEqual([-1, 0, 1]);
    expect(F.sign(B.div(B.zero, B.zero))).toBeUndefined();
  });

  it('norm2 is ‖v‖₂, hull is the midpoint (a NaN step anyway), show is the backend show', () => {
    const B = f64Backend();
    const F = backendStepField(B);
    expect(B.toNumber(F.norm2([B.num('3'), B.num('4')]))).toBe(5);
    expect(B.toNumber(F.hull(B.num('1'), B.num('2')))).toBe(1.5);
    expect(F.show(B.num('0.5'))).toBe(B.show(B.num('0.5')));
  });
});
