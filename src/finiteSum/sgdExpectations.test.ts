import { describe, expect, it } from 'vitest';
import { ballArith, BallDomainError, type Ball } from '../ball/ball.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { FINITE_SUMS } from './index.js';
import {
  coordinateStat,
  invSqrtSchedule,
  meanValueStat,
  sgdExpectations,
  type FieldStat,
  type SgdExpectationOptions,
} from './sgdExpectations.js';
import type { Component } from './types.js';

const ex1 = FINITE_SUMS.islamovEx1;
const ex2 = FINITE_SUMS.islamovEx2;
const S1 = ex1.solutionSet!;
const dist2: FieldStat = (F, x) => {
  const p = S1.project(F, x);
  const a = F.sub(x[0]!, p[0]!);
  const b = F.sub(x[1]!, p[1]!);
  return F.add(F.mul(a, a), F.mul(b, b));
};
const stats = (c: readonly Component[]) => [meanValueStat(c), coordinateStat(0), coordinateStat(1)];
const asOpaque = (B: unknown) => B as Backend<Opaque>;

function opts(B: Backend<Opaque>, steps: number, schedule: 'constant' | 'invSqrt'): SgdExpectationOptions<Opaque> {
  const K = ballArith(B);
  const g = K.num('0.375');
  return {
    lr: schedule === 'constant' ? g : invSqrtSchedule(B, g),
    x0: ['1.5', '-0.75'].map((v) => K.num(v)),
    steps,
  };
}

const show = (B: Backend<Opaque>, rows: Ball<Opaque>[][]) =>
  rows.map((r) => r.map((b) => `${B.show(b.value)} ± ${B.show(b.err)}`));

describe('sgdExpectations: the fast path equals the generic one', () => {
  it('f64: bit-identical balls (value and radius) on Example 1, constant and γ₀/√(k+1) steps, four statistics', () => {
    const B = asOpaque(f64Backend());
    for (const schedule of ['constant', 'invSqrt'] as const) {
      const o = opts(B, 7, schedule);
      const all = [...stats(ex1.components), dist2];
      const fast = sgdExpectations(B, ex1.components, o, all);
      const generic = sgdExpectations(B, ex1.components, o, all, 'generic');
      expect(fast.length).toBe(4);
      expect(fast[0]!.length).toBe(8);
      expect(show(B, fast)).toEqual(show(B, generic));
    }
  });

  it('dd: the same midpoint bits, radii within 1e-9 relative, both containing the dec:60 values', () => {
    const B = asOpaque(ddBackend());
    const R = asOpaque(decBackend(60));
    const all = [...stats(ex1.components), dist2];
    for (const schedule of ['constant', 'invSqrt'] as const) {
      const fast = sgdExpectations(B, ex1.components, opts(B, 6, schedule), all);
      const generic = sgdExpectations(B, ex1.components, opts(B, 6, schedule), all, 'generic');
      const ref = sgdExpectations(R, ex1.components, opts(R, 6, schedule), all);
      let radiiDiffer = false;
      fast.forEach((row, s) =>
        row.forEach((b, k) => {
          const g = generic[s]![k]!;
          const where = `${schedule} stat ${s} k = ${k}`;
          expect(B.show(b.value), where).toBe(B.show(g.value));
          const e = B.toNumber(b.err);
          const eg = B.toNumber(g.err);
          // Lemma 1's factor 1 + 158u per operation is at u = 2^-53 here (2^-102 on ball.ts's dd radii): ~1e-14 per op
          expect(Math.abs(e - eg), where).toBeLessThanOrEqual(1e-9 * eg + 1e-300);
          if (e !== eg) radiiDiffer = true;
          // containment of the dec:60 value (itself within ~1e-55)
          for (const x of [b, g]) {
            const dist = R.abs(R.sub(R.num(B.show(x.value)), ref[s]![k]!.value));
            expect(R.cmp(dist, R.add(R.num(B.show(x.err)), R.num('1e-50'))), where).toBeLessThanOrEqual(0);
          }
          if (k > 0 && s === 0) expect(e, where).toBeLessThan(1e-27);
        }),
      );
      // the radii are float64 on the fast path: evidence that it ran
      expect(radiiDiffer).toBe(true);
    }
  });

  it('dd with exp (Example 2): the same midpoint bits', () => {
    const B = asOpaque(ddBackend());
    const o = opts(B, 5, 'constant');
    const fast = sgdExpectations(B, ex2.components, o, stats(ex2.components));
    const generic = sgdExpectations(B, ex2.components, o, stats(ex2.components), 'generic');
    expect(fast.map((r) => r.map((b) => B.show(b.value)))).toEqual(generic.map((r) => r.map((b) => B.show(b.value))));
  });

  it('the schedule matters: γ₀/√(k+1) and a constant step give different E[f(x_k)] for k ≥ 2 but the same at k ≤ 1', () => {
    const B = asOpaque(f64Backend());
    const [c] = sgdExpectations(B, ex1.components, opts(B, 3, 'constant'), [meanValueStat(ex1.components)]);
    const [d] = sgdExpectations(B, ex1.components, opts(B, 3, 'invSqrt'), [meanValueStat(ex1.components)]);
    expect(B.show(c![1]!.value)).toBe(B.show(d![1]!.value));
    expect(B.show(c![2]!.value)).not.toBe(B.show(d![2]!.value));
  });

  it('a divisor ball containing 0 falls back to ball.ts, which throws its BallDomainError', () => {
    const B = asOpaque(ddBackend());
    const K = ballArith(B);
    const recip: FieldStat = (F, x) => F.div(F.int(1), x[0]!);
    const o = { lr: K.num('0.5'), x0: [K.int(0), K.num('0.5')], steps: 2 };
    expect(() => sgdExpectations(B, ex1.components, o, [recip])).toThrow(BallDomainError);
    expect(() => sgdExpectations(B, ex1.components, o, [recip])).toThrow(/contains 0/);
  });

  it('refuses a step size that is not > 0, naming the step', () => {
    const B = asOpaque(f64Backend());
    const K = ballArith(B);
    const o = opts(B, 3, 'constant');
    const mean = [meanValueStat(ex1.components)];
    expect(() => sgdExpectations(B, ex1.components, { ...o, lr: K.int(0) }, mean)).toThrow(/γ_0 = 0 must be > 0/);
    const late = { ...o, lr: (k: number) => (k === 2 ? K.num('-0.5') : K.num('0.5')) };
    expect(() => sgdExpectations(B, ex1.components, late, mean)).toThrow(/γ_2 = -0.5 must be > 0/);
  });

  it('refuses n^K above the cap with one line naming n, K and the cap', () => {
    const B = asOpaque(f64Backend());
    let msg = '';
    try {
      sgdExpectations(B, ex1.components, opts(B, 22, 'constant'), [meanValueStat(ex1.components)]);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/^sgdExpectations: n = 2, K = 22 .*cap of 4194304/);
    expect(msg).not.toContain('\n');
  });
});
