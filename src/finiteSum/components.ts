/**
 * Building blocks of the 2-D per-sample functions of Islamov et al. (arXiv 2410.12455, Examples 1–3):
 * - `ridgeLorentz`: f(x) = φ(aᵀx + c) with φ(t) = t²/(t² + 1) (Example 1, eq. (3));
 * - `radial`: f(x) = ψ(‖x − z‖²) with ψ(q) = 1 − e^{−q} (Example 2, eq. (4)) or ψ(q) = 1 − a/(b + q) (Example 3,
 *   eq. (6)).
 * Derivatives (q = ‖r‖², r = x − z): ∇f = 2ψ'(q) r, ∇²f·u = 2ψ'(q) u + 4ψ''(q)(rᵀu) r; for the ridge function
 * ∇f = φ'(t) a, ∇²f·u = φ''(t)(aᵀu) a with φ'(t) = 2t/(t² + 1)², φ''(t) = (2 − 6t²)/(t² + 1)³.
 */
import type { Num } from '../numeric/types.js';
import { fdot, type Field } from './field.js';
import type { Component } from './types.js';

/** f(x) = φ(aᵀx + c), φ(t) = t²/(t² + 1); inf f = 0 (at aᵀx = −c). */
export function ridgeLorentz(name: string, a: readonly Num[], c: Num): Component {
  const t = <T>(F: Field<T>, x: readonly T[]) =>
    F.add(
      fdot(
        F,
        a.map((v) => F.num(v)),
        x,
      ),
      F.num(c),
    );
  const av = <T>(F: Field<T>) => a.map((v) => F.num(v));
  return {
    name,
    dim: a.length,
    infimum: '0',
    value(F, x) {
      const s = t(F, x);
      const s2 = F.mul(s, s);
      return F.div(s2, F.add(s2, F.int(1)));
    },
    grad(F, x) {
      const s = t(F, x);
      const d = F.add(F.mul(s, s), F.int(1));
      const g = F.div(F.mul(F.int(2), s), F.mul(d, d)); // φ'(t)
      return av(F).map((ai) => F.mul(g, ai));
    },
    hvp(F, x, u) {
      const s = t(F, x);
      const s2 = F.mul(s, s);
      const d = F.add(s2, F.int(1));
      const h = F.div(F.sub(F.int(2), F.mul(F.int(6), s2)), F.mul(d, F.mul(d, d))); // φ''(t)
      const A = av(F);
      const au = fdot(F, A, u);
      return A.map((ai) => F.mul(F.mul(h, au), ai));
    },
  };
}

/** The profile ψ of a radial function and its first two derivatives at q ≥ 0. */
export interface RadialProfile {
  readonly label: string;
  psi<T>(F: Field<T>, q: T): T;
  d1<T>(F: Field<T>, q: T): T;
  d2<T>(F: Field<T>, q: T): T;
  /** inf_{q ≥ 0} ψ(q) = ψ(0) (ψ is increasing), exactly. */
  readonly atZero: Num;
}

/** ψ(q) = 1 − e^{−q}: ψ' = e^{−q}, ψ'' = −e^{−q}; ψ(0) = 0. */
export const gaussianWell: RadialProfile = {
  label: '1 − exp(−q)',
  psi: (F, q) => F.sub(F.int(1), F.exp(F.neg(q))),
  d1: (F, q) => F.exp(F.neg(q)),
  d2: (F, q) => F.neg(F.exp(F.neg(q))),
  atZero: '0',
};

/** ψ(q) = 1 − a/(b + q) (a, b > 0): ψ' = a/(b + q)², ψ'' = −2a/(b + q)³; ψ(0) = 1 − a/b (given exactly as `atZero`). */
export function rationalWell(a: Num, b: Num, atZero: Num): RadialProfile {
  return {
    label: `1 − ${a}/(${b} + q)`,
    psi: (F, q) => F.sub(F.int(1), F.div(F.num(a), F.add(F.num(b), q))),
    d1: (F, q) => {
      const d = F.add(F.num(b), q);
      return F.div(F.num(a), F.mul(d, d));
    },
    d2: (F, q) => {
      const d = F.add(F.num(b), q);
      return F.neg(F.div(F.mul(F.int(2), F.num(a)), F.mul(d, F.mul(d, d))));
    },
    atZero,
  };
}

/** f(x) = ψ(‖x − z‖²); inf f = ψ(0), attained at z. */
export function radial(name: string, z: readonly Num[], p: RadialProfile): Component {
  const r = <T>(F: Field<T>, x: readonly T[]) => x.map((xi, i) => F.sub(xi, F.num(z[i]!)));
  return {
    name,
    dim: z.length,
    infimum: p.atZero,
    value(F, x) {
      const rv = r(F, x);
      return p.psi(F, fdot(F, rv, rv));
    },
    grad(F, x) {
      const rv = r(F, x);
      const g = F.mul(F.int(2), p.d1(F, fdot(F, rv, rv)));
      return rv.map((ri) => F.mul(g, ri));
    },
    hvp(F, x, u) {
      const rv = r(F, x);
      const q = fdot(F, rv, rv);
      const a = F.mul(F.int(2), p.d1(F, q));
      const b = F.mul(F.mul(F.int(4), p.d2(F, q)), fdot(F, rv, u));
      return rv.map((ri, i) => F.add(F.mul(a, u[i]!), F.mul(b, ri)));
    },
  };
}
