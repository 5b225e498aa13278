/**
 * The finite-sum law suite: every component f_i of every registered finite sum (./index.ts `FINITE_SUMS`) has a
 * gradient and a Hessian–vector product that match central differences, values ≥ its stated f_i*, Hessians within
 * the stated smoothness constant L, and the finite sum is the mean of its components (and `subset([i])` is f_i).
 * laws.test.ts runs every law × every entry at dec:60.
 *
 * Tolerances (derived; h = 10^(−⌊digits/3⌋), points |x_j| ≤ 4, directions |u_j|, |v_j| ≤ 1):
 * - central difference of a C⁴ function along u: |(g(h) − g(−h))/2h − g'(0)| ≤ (h²/6) max|g'''|, with
 *   max|g'''| ≤ B_3‖u‖³ for the value (entry.derivBound) and, for s ↦ ⟨v, ∇f_i(x + su)⟩, ≤ 11·B_4‖v‖‖u‖³
 *   (polarization: a symmetric 4-linear form's norm is ≤ 4⁴/4! < 11 times the sup of its diagonal);
 * - rounding: one evaluation of f_i, ∇f_i or ∇²f_i·u takes < 40 operations on magnitudes < 100 (|x_j| ≤ 4, centres in
 *   [0, 2.5]²), so it is within E = 10⁴·u of its exact value; the quotient adds 2E/2h, the analytic side E.
 */
import fc from 'fast-check';
import type { Backend, Num, S } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import type { FiniteSumEntry } from './examples.js';
import { finiteSum } from './finiteSum.js';
import type { Component } from './types.js';

export interface FsCase {
  readonly i: number;
  readonly x: readonly Num[];
  readonly u: readonly Num[];
  readonly v: readonly Num[];
}

const grid = (lo: number, hi: number, den: number) =>
  fc.integer({ min: lo * den, max: hi * den }).map((k) => String(k / den));

/** Cases of an entry: a component index, a point in [−4, 4]^d and directions in [−1, 1]^d (dyadic, exact). */
export function casesOf(entry: FiniteSumEntry): fc.Arbitrary<FsCase> {
  const d = entry.components[0]!.dim;
  const vec = (lo: number, hi: number) => fc.array(grid(lo, hi, 64), { minLength: d, maxLength: d });
  return fc.record({
    i: fc.integer({ min: 0, max: entry.components.length - 1 }),
    x: vec(-4, 4),
    u: vec(-1, 1),
    v: vec(-1, 1),
  });
}

export interface FsLaw {
  readonly name: string;
  /** Throws an Error naming the component, the point and the tolerance on violation. */
  check(entry: FiniteSumEntry, k: FsCase, B: AnyB): void;
}

/** The laws are written once over an opaque backend (tests pass f64, dd or dec:60 through it). */
type AnyB = Backend<Opaque>;
type Sc = S<Opaque>;

function parts(B: AnyB, entry: FiniteSumEntry, k: FsCase) {
  const c: Component = entry.components[k.i]!;
  const x = k.x.map((s) => B.num(s));
  const u = k.u.map((s) => B.num(s));
  const v = k.v.map((s) => B.num(s));
  const h = B.num(`1e-${Math.floor(B.digits / 3)}`);
  const E = B.mul(B.int(10_000), B.eps);
  const norm = (w: Sc[]) => B.sqrt(w.reduce((s: Sc, a: Sc) => B.add(s, B.mul(a, a)), B.zero));
  const dot = (a: Sc[], b: Sc[]) => a.reduce((s: Sc, ai: Sc, j: number) => B.add(s, B.mul(ai, b[j]!)), B.zero);
  const shift = (sg: 1 | -1) => x.map((xi, j) => (sg > 0 ? B.add(xi, B.mul(h, u[j]!)) : B.sub(xi, B.mul(h, u[j]!))));
  const rounding = B.add(B.div(E, h), E); // 2E/2h + E
  const where = `${c.name} at x = (${k.x.join(', ')}), u = (${k.u.join(', ')})`;
  return { c, x, u, v, h, norm, dot, shift, rounding, where };
}

function expectWithin(B: AnyB, what: string, a: Sc, b: Sc, tol: Sc): void {
  const d = B.abs(B.sub(a, b));
  if (!(B.isFinite(d) && B.cmp(d, tol) <= 0)) {
    throw new Error(`${what} [${B.id}]: ${B.show(a)} vs ${B.show(b)}, |diff| = ${B.show(d)} > tol ${B.show(tol)}`);
  }
}

export const FINITE_SUM_LAWS: readonly FsLaw[] = [
  {
    name: 'each f_i: ⟨∇f_i(x), u⟩ matches the central difference of f_i along u',
    check(entry, k, B) {
      const p = parts(B, entry, k);
      const fd = B.div(B.sub(p.c.value(B, p.shift(1)), p.c.value(B, p.shift(-1))), B.add(p.h, p.h));
      const nu = p.norm(p.u);
      const trunc = B.div(
        B.mul(B.mul(B.int(entry.derivBound[3]), B.mul(nu, B.mul(nu, nu))), B.mul(p.h, p.h)),
        B.int(6),
      );
      expectWithin(
        B,
        `gradient vs central difference, ${p.where}`,
        p.dot(p.c.grad(B, p.x), p.u),
        fd,
        B.add(trunc, p.rounding),
      );
    },
  },
  {
    name: 'each f_i: ⟨v, ∇²f_i(x)u⟩ matches the central difference of ⟨v, ∇f_i⟩ along u',
    check(entry, k, B) {
      const p = parts(B, entry, k);
      const gv = (y: Sc[]) => p.dot(p.c.grad(B, y), p.v);
      const fd = B.div(B.sub(gv(p.shift(1)), gv(p.shift(-1))), B.add(p.h, p.h));
      const nu = p.norm(p.u);
      const D4 = B.mul(B.int(11 * entry.derivBound[4]), B.mul(p.norm(p.v), B.mul(nu, B.mul(nu, nu))));
      const trunc = B.div(B.mul(D4, B.mul(p.h, p.h)), B.int(6));
      expectWithin(
        B,
        `hvp vs central difference, ${p.where}`,
        p.dot(p.c.hvp(B, p.x, p.u), p.v),
        fd,
        B.add(trunc, p.rounding),
      );
    },
  },
  {
    name: 'each f_i: f_i(x) ≥ its stated infimum f_i*',
    check(entry, k, B) {
      const p = parts(B, entry, k);
      if (p.c.infimum === undefined) return;
      const val = p.c.value(B, p.x);
      const E = B.mul(B.int(10_000), B.eps);
      if (B.cmp(B.add(val, E), B.num(p.c.infimum)) < 0) {
        throw new Error(`${p.where}: f_i = ${B.show(val)} < stated f_i* = ${p.c.infimum} [${B.id}]`);
      }
    },
  },
  {
    // Assumption 1 (entry.smoothness.L): sup over unit u, v of ⟨v, ∇²f_i(x)u⟩ is ‖∇²f_i(x)‖, so random directions
    // sample the norm; the exact 2-D norm and the attaining point are checked in smoothness.test.ts
    name: 'each f_i: |⟨v, ∇²f_i(x)u⟩| ≤ L‖u‖‖v‖ (L-smooth, Assumption 1)',
    check(entry, k, B) {
      if (entry.smoothness === undefined) return;
      // an L stated on a box says nothing outside it
      const box = entry.smoothness.box;
      if (box !== undefined && k.x.some((xl) => Math.abs(Number(xl)) > Number(box))) return;
      const p = parts(B, entry, k);
      const hv = B.abs(p.dot(p.c.hvp(B, p.x, p.u), p.v));
      const bound = B.mul(B.num(entry.smoothness.L), B.mul(p.norm(p.u), p.norm(p.v)));
      const E = B.mul(B.int(10_000), B.eps);
      if (B.cmp(hv, B.add(bound, E)) > 0) {
        throw new Error(
          `${p.where}, v = (${k.v.join(', ')}): |⟨v, ∇²f_i u⟩| = ${B.show(hv)} > L‖u‖‖v‖ = ${B.show(bound)} (L = ${entry.smoothness.L}) [${B.id}]`,
        );
      }
    },
  },
  {
    name: 'the finite sum: value and gradient are the mean of the components; subset([i]) is f_i',
    check(entry, k, B) {
      const p = parts(B, entry, k);
      const F = finiteSum(B, entry.components);
      const X = B.pack(p.x);
      const n = entry.components.length;
      const mean = B.div(
        entry.components.reduce((s: Sc, c) => B.add(s, c.value(B, p.x)), B.zero),
        B.int(n),
      );
      const E = B.mul(B.int(10_000 * n), B.eps);
      expectWithin(B, `value vs mean of f_i, ${p.where}`, F.value(X), mean, E);
      const g = F.grad(X);
      for (let j = 0; j < F.dim; j++) {
        const mj = B.div(
          entry.components.reduce((s: Sc, c) => B.add(s, c.grad(B, p.x)[j]!), B.zero),
          B.int(n),
        );
        expectWithin(B, `grad[${j}] vs mean of ∇f_i, ${p.where}`, B.at(g, j), mj, E);
      }
      const Fi = F.subset([k.i]);
      expectWithin(B, `subset([${k.i}]).value vs f_i, ${p.where}`, Fi.value(X), p.c.value(B, p.x), B.zero);
    },
  },
];
