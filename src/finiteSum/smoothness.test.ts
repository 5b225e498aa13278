/**
 * Assumption 1's L of every registered finite sum with `smoothness` (examples.ts, derived in each entry's comment):
 * no sampled Hessian norm exceeds it (eigenvalues with error bars, any dimension; inside `box` when L is stated on a
 * box), and the stated point attains it.
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
import { eigh } from '../linalg/eigh.js';

type AnyB = Backend<Opaque>;

/**
 * ‖H‖ of the Hessian of component i at x (any dimension): H from Hessian–vector products on the basis, symmetrized,
 * then its eigenvalues (src/linalg eigh, with error bars): the returned value is max|λ| plus the bar.
 */
function hessNorm(B: AnyB, entry: FiniteSumEntry, i: number, x: readonly Num[]): S<Opaque> {
  const c = entry.components[i]!;
  const d = c.dim;
  const X = x.map((v) => B.num(v));
  const cols = Array.from({ length: d }, (_, j) =>
    c.hvp(
      B,
      X,
      Array.from({ length: d }, (_, l) => (l === j ? B.one : B.zero)),
    ),
  );
  const half = B.num('0.5');
  const entries = Array.from({ length: d * d }, (_, ab) => {
    const [a, b] = [Math.floor(ab / d), ab % d];
    return B.mul(half, B.add(cols[b]![a]!, cols[a]![b]!));
  });
  const H = B.reshape(B.pack(entries), d, d);
  const e = eigh(B, H);
  const top = B.add(B.abs(e.values[0]!), e.errors[0]!);
  const bottom = B.add(B.abs(e.values[d - 1]!), e.errors[d - 1]!);
  return B.cmp(top, bottom) >= 0 ? top : bottom;
}

/** Every nonzero direction with entries in {−1, 0, 1} (the top eigenvectors at the attaining points are among them). */
function directions(d: number): string[][] {
  let out: string[][] = [[]];
  for (let l = 0; l < d; l++) out = out.flatMap((u) => ['-1', '0', '1'].map((t) => [...u, t]));
  return out.filter((u) => u.some((t) => t !== '0'));
}

const smooth = Object.entries<FiniteSumEntry>(FINITE_SUMS).filter(([, e]) => e.smoothness !== undefined);

describe('smoothness constants (Assumption 1)', () => {
  it('every smooth example of the paper states L (Example 5 is not smooth: below)', () => {
    for (const name of ['islamovEx1', 'islamovEx2', 'islamovEx3', 'islamovEx4', 'islamovEx6'])
      expect(smooth.map(([n]) => n)).toContain(name);
  });
  for (const [name, entry] of smooth) {
    const L = entry.smoothness!.L;
    it(`${name}: no sampled ‖∇²f_i(x)‖ exceeds L = ${L} (dd, x ∈ [−4, 4]^d${entry.smoothness!.box === undefined ? '' : ', the box L is stated on'})`, () => {
      const B = ddBackend() as unknown as AnyB;
      const E = B.mul(B.int(1000), B.eps);
      fc.assert(
        fc.property(casesOf(entry), (k) => {
          const box = entry.smoothness!.box;
          if (box !== undefined && k.x.some((xl) => Math.abs(Number(xl)) > Number(box))) return true;
          return B.cmp(hessNorm(B, entry, k.i, k.x), B.add(B.num(L), E)) <= 0;
        }),
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
      const caught = directions(s.attainedAt.length).some((u) => {
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

  it('islamovEx5 has no L: across a ReLU kink the gradient of f_1 jumps by ≈ |ϕ′|·|v_1|·‖x_1‖, at any distance', () => {
    // w_1 = (0.589, −0.367) is orthogonal to x_1 = (0.367, 0.589) exactly; w_1 ± εx_1 lie on both sides of the kink
    // w_1ᵀx_1 = 0, 2ε‖x_1‖ apart, and their gradients differ by ≈ ½‖x_1‖ ≈ 0.35 (ϕ′(0) = −½, v_1 = 1): the ratio grows
    // like 1/ε, so no L bounds it (docs/theorems/landscape.md LE8)
    const B = decBackend(40) as unknown as AnyB;
    const f1 = FINITE_SUMS.islamovEx5.components[0]!;
    const x1 = ['0.367', '0.589'];
    for (const eps of ['1e-4', '1e-8', '1e-16']) {
      const at = (sgn: 1 | -1) => {
        const e = B.mul(B.int(sgn), B.num(eps));
        const w = [B.add(B.num('0.589'), B.mul(e, B.num(x1[0]!))), B.add(B.num('-0.367'), B.mul(e, B.num(x1[1]!)))];
        return [...w, B.num('0.5'), B.num('-0.25'), B.one, B.num('0.5')];
      };
      const [p, q] = [at(1), at(-1)];
      const gp = f1.grad(B, p);
      const gq = f1.grad(B, q);
      const dist = B.sqrt(
        p.reduce((s: S<Opaque>, pl, l) => B.add(s, B.mul(B.sub(pl, q[l]!), B.sub(pl, q[l]!))), B.zero),
      );
      const jump = B.sqrt(
        gp.reduce((s: S<Opaque>, gl, l) => B.add(s, B.mul(B.sub(gl, gq[l]!), B.sub(gl, gq[l]!))), B.zero),
      );
      expect(B.toNumber(jump)).toBeGreaterThan(0.3);
      expect(B.toNumber(B.div(jump, dist))).toBeGreaterThan(0.3 / (2 * Number(eps)));
    }
  });

  it('islamovEx5: what replaces L, G = (max‖x_i‖ + 2λ)·R√d, bounds every sampled ‖∇f_i‖ on [−4, 4]⁶ (dd)', () => {
    // docs/theorems/landscape.md LE8: ‖∇f_i‖ ≤ |ϕ′|‖x_i‖‖θ‖ + 2λ‖θ‖ < (‖x_i‖ + 2λ)·R√d, λ₁ = λ₂ = 0.01, R = 4, d = 6
    const B = ddBackend() as unknown as AnyB;
    const entry = FINITE_SUMS.islamovEx5;
    const inputs = [
      ['0.367', '0.589'],
      ['-0.613', '0.271'],
      ['0.431', '-0.709'],
    ];
    const sq = (v: readonly S<Opaque>[]) => v.reduce((acc: S<Opaque>, t) => B.add(acc, B.mul(t, t)), B.zero);
    const maxNorm = inputs.map((xi) => B.sqrt(sq(xi.map((t) => B.num(t))))).reduce((m, t) => (B.cmp(t, m) > 0 ? t : m));
    const G = B.mul(B.mul(B.add(maxNorm, B.num('0.02')), B.int(4)), B.sqrt(B.int(6)));
    expect(B.toNumber(G)).toBeCloseTo(8.326, 3);
    let largest = 0;
    fc.assert(
      fc.property(casesOf(entry), (k) => {
        const g = entry.components[k.i]!.grad(
          B,
          k.x.map((t) => B.num(t)),
        );
        const n = B.sqrt(sq(g));
        // a zero row w_j puts the sample on a kink (ι_j = 0/0): no gradient there
        if (Number.isNaN(B.toNumber(n))) return true;
        largest = Math.max(largest, B.toNumber(n));
        return B.cmp(n, G) <= 0;
      }),
      { numRuns: 300, seed: 21 },
    );
    // an upper bound, not a sup (|ϕ′| < 1): the samples stay well below it
    expect(largest).toBeGreaterThan(1);
  });
});
