/**
 * Assumption 1's L of every registered finite sum with `smoothness` (examples.ts, derived in each entry's comment):
 * no sampled Hessian norm exceeds it (exact 2-D spectral norm), and the stated point attains it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend, Num, S } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import type { FiniteSumEntry } from './examples.js';
import { FINITE_SUMS } from './index.js';
import { casesOf, FINITE_SUM_LAWS } from './laws.js';

type AnyB = Backend<Opaque>;

/** ‖H‖ of the symmetric 2×2 Hessian of component i at x: |a + c|/2 + √(((a − c)/2)² + b²). */
function hessNorm(B: AnyB, entry: FiniteSumEntry, i: number, x: readonly Num[]): S<Opaque> {
  const c = entry.components[i]!;
  const X = x.map((v) => B.num(v));
  const h0 = c.hvp(B, X, [B.one, B.zero]);
  const h1 = c.hvp(B, X, [B.zero, B.one]);
  const two = B.int(2);
  const half = B.div(B.abs(B.add(h0[0]!, h1[1]!)), two);
  const d = B.div(B.sub(h0[0]!, h1[1]!), two);
  return B.add(half, B.sqrt(B.add(B.mul(d, d), B.mul(h0[1]!, h0[1]!))));
}

const smooth = Object.entries<FiniteSumEntry>(FINITE_SUMS).filter(([, e]) => e.smoothness !== undefined);

describe('smoothness constants (Assumption 1)', () => {
  it('every 2-D entry of the paper states L', () => {
    for (const name of ['islamovEx1', 'islamovEx2', 'islamovEx3', 'islamovEx6'])
      expect(smooth.map(([n]) => n)).toContain(name);
  });
  for (const [name, entry] of smooth) {
    const L = entry.smoothness!.L;
    it(`${name}: no sampled ‖∇²f_i(x)‖ exceeds L = ${L} (dd, x ∈ [−4, 4]²)`, () => {
      const B = ddBackend() as unknown as AnyB;
      const E = B.mul(B.int(1000), B.eps);
      fc.assert(
        fc.property(casesOf(entry), (k) => B.cmp(hessNorm(B, entry, k.i, k.x), B.add(B.num(L), E)) <= 0),
        { numRuns: 300, seed: 12 },
      );
    });
    it(`${name}: L is attained by f_${entry.smoothness!.attainedBy + 1} at (${entry.smoothness!.attainedAt.join(', ')})`, () => {
      const B = decBackend(60) as unknown as AnyB;
      const s = entry.smoothness!;
      const got = hessNorm(B, entry, s.attainedBy, s.attainedAt);
      expect(B.toNumber(B.abs(B.sub(got, B.num(L))))).toBeLessThan(1e-50);
    });
    it(`${name}: the law rejects L scaled by 63/64 at the attaining point`, () => {
      const B = decBackend(60) as unknown as AnyB;
      const s = entry.smoothness!;
      const law = FINITE_SUM_LAWS.find((l) => l.name.includes('L-smooth'))!;
      const lower = { ...entry, smoothness: { ...s, L: String((Number(L) * 63) / 64) } };
      // the top eigenvector is along (1, 1) or perpendicular to it at these points; try both directions
      const dirs = [
        ['1', '1'],
        ['1', '-1'],
        ['1', '0'],
      ];
      const caught = dirs.some((u) => {
        try {
          law.check(lower, { i: s.attainedBy, x: s.attainedAt, u, v: u }, B);
          return false;
        } catch (e) {
          return /L-smooth|> L‖u‖‖v‖/.test((e as Error).message);
        }
      });
      expect(caught).toBe(true);
    });
  }
});
