/**
 * A two-layer ReLU network with logistic loss and ℓ2 terms as a finite sum (Islamov et al., arXiv 2410.12455,
 * Example 5, eq. (8)): f_i(W, v) = ϕ(y_i·vᵀσ(Wx_i)) + λ₁‖v‖² + λ₂‖W‖²_F, ϕ(t) = log(1 + e^{−t}), σ = ReLU.
 * Parameters x = (W row by row, v) with W ∈ R^{h×p}. With z_j = w_jᵀx_i, a_j = σ(z_j), ι_j = 1[z_j > 0] and
 * t = y_i Σ_j v_j a_j: ϕ'(t) = −1/(1 + e^t), ϕ''(t) = e^t/(1 + e^t)²,
 *   ∇_{v_j} = ϕ'(t) y a_j + 2λ₁v_j,   ∇_{w_j} = ϕ'(t) y v_j ι_j x_i + 2λ₂w_j,
 * and, with dt = y Σ_j (u_{v_j} a_j + v_j ι_j u_{w_j}ᵀx_i) (the derivative of t along u),
 *   (∇²f u)_{v_j} = ϕ''dt·y a_j + ϕ' y ι_j u_{w_j}ᵀx_i + 2λ₁u_{v_j},
 *   (∇²f u)_{w_j} = (ϕ''dt·y v_j + ϕ' y u_{v_j}) ι_j x_i + 2λ₂u_{w_j}
 * (away from the kinks z_j = 0, where f_i is not twice differentiable).
 *
 * The formulas need max (ReLU) and log beyond a `Field`; Backends and ball arithmetic have both (`reluField`).
 * ι_j = max(z_j, 0)/z_j, so z_j = 0 exactly is undefined (NaN, or a ball-arithmetic domain error): the data below
 * have coordinates p/1000 with p prime and above 256, so no point of the law suite's dyadic grid other than w_j = 0
 * puts a sample on a kink.
 *
 * Derivative bounds along a line off the kinks (law-suite domain |x_l| ≤ 4, ‖x_i‖ ≤ 1, h = 2): t(s) is quadratic
 * there, |t'| ≤ Σ_j (‖w_j‖|u_{v_j}| + |v_j|‖u_{w_j}‖) ≤ 4√2·2‖u‖ < 11.4‖u‖ and |t''| ≤ 2Σ_j|u_{v_j}|‖u_{w_j}‖ ≤ ‖u‖²;
 * with |ϕ''| ≤ 1/4, |ϕ'''| ≤ 1/(6√3), |ϕ''''| ≤ 1/8: (ϕ∘t)''' = ϕ'''t'³ + 3ϕ''t't'' ≤ 0.0963·11.4³ + 0.75·11.4 < 152
 * and (ϕ∘t)'''' = ϕ''''t'⁴ + 6ϕ'''t'²t'' + 3ϕ''t''² < 0.125·11.4⁴ + 0.578·130 + 0.75 < 2200; the ℓ2 terms add nothing.
 */
import type { Num } from '../numeric/types.js';
import type { FiniteSumEntry } from './examples.js';
import type { Field } from './field.js';
import type { Component } from './types.js';

/** A Field with max and log (both Backends and ball arithmetic have them). */
export interface ReluField<T> extends Field<T> {
  max(a: T, b: T): T;
  log(a: T): T;
}

/** The field as a `ReluField`, or a TypeError naming what is missing. */
export function reluField<T>(F: Field<T>): ReluField<T> {
  const G = F as Field<T> & Partial<ReluField<T>>;
  if (typeof G.max !== 'function' || typeof G.log !== 'function')
    throw new TypeError('reluNet: this field has no max/log (use a Backend or ball arithmetic)');
  return G as ReluField<T>;
}

/** One sample's f_i for a network with `hidden` units on inputs of length x.length. */
export function reluLogisticSample(
  name: string,
  x: readonly Num[],
  y: 1 | -1,
  hidden: number,
  lambda1: Num,
  lambda2: Num,
): Component {
  const p = x.length;
  const dim = hidden * p + hidden;
  const vAt = (j: number) => hidden * p + j;
  const parts = <T>(F: ReluField<T>, w: readonly T[]) => {
    const xs = x.map((v) => F.num(v));
    const z = Array.from({ length: hidden }, (_, j) => {
      let s = F.int(0);
      for (let l = 0; l < p; l++) s = F.add(s, F.mul(w[j * p + l]!, xs[l]!));
      return s;
    });
    const a = z.map((zj) => F.max(zj, F.int(0)));
    const iota = z.map((zj, j) => F.div(a[j]!, zj));
    let t = F.int(0);
    for (let j = 0; j < hidden; j++) t = F.add(t, F.mul(w[vAt(j)]!, a[j]!));
    if (y < 0) t = F.neg(t);
    const et = F.exp(t);
    const d1 = F.neg(F.div(F.int(1), F.add(F.int(1), et))); // ϕ'(t)
    const d2 = F.div(et, F.mul(F.add(F.int(1), et), F.add(F.int(1), et))); // ϕ''(t)
    return { xs, a, iota, t, d1, d2 };
  };
  const sq = <T>(F: Field<T>, w: readonly T[], from: number, to: number) => {
    let s = F.int(0);
    for (let l = from; l < to; l++) s = F.add(s, F.mul(w[l]!, w[l]!));
    return s;
  };
  const yv = <T>(F: Field<T>, s: T) => (y < 0 ? F.neg(s) : s);
  return {
    name,
    dim,
    value<T>(F0: Field<T>, w: readonly T[]): T {
      const F = reluField(F0);
      const { t } = parts(F, w);
      const loss = F.log(F.add(F.int(1), F.exp(F.neg(t))));
      const reg = F.add(
        F.mul(F.num(lambda1), sq(F, w, hidden * p, dim)),
        F.mul(F.num(lambda2), sq(F, w, 0, hidden * p)),
      );
      return F.add(loss, reg);
    },
    grad<T>(F0: Field<T>, w: readonly T[]): T[] {
      const F = reluField(F0);
      const { xs, a, iota, d1 } = parts(F, w);
      const two1 = F.mul(F.int(2), F.num(lambda1));
      const two2 = F.mul(F.int(2), F.num(lambda2));
      const g: T[] = [];
      for (let j = 0; j < hidden; j++) {
        const c = yv(F, F.mul(F.mul(d1, w[vAt(j)]!), iota[j]!));
        for (let l = 0; l < p; l++) g[j * p + l] = F.add(F.mul(c, xs[l]!), F.mul(two2, w[j * p + l]!));
      }
      for (let j = 0; j < hidden; j++) g[vAt(j)] = F.add(yv(F, F.mul(d1, a[j]!)), F.mul(two1, w[vAt(j)]!));
      return g;
    },
    hvp<T>(F0: Field<T>, w: readonly T[], u: readonly T[]): T[] {
      const F = reluField(F0);
      const { xs, a, iota, d1, d2 } = parts(F, w);
      const two1 = F.mul(F.int(2), F.num(lambda1));
      const two2 = F.mul(F.int(2), F.num(lambda2));
      // δ_j = u_{w_j}ᵀx_i and dt = y Σ_j (u_{v_j} a_j + v_j ι_j δ_j)
      const delta = Array.from({ length: hidden }, (_, j) => {
        let s = F.int(0);
        for (let l = 0; l < p; l++) s = F.add(s, F.mul(u[j * p + l]!, xs[l]!));
        return s;
      });
      let dt = F.int(0);
      for (let j = 0; j < hidden; j++)
        dt = F.add(dt, F.add(F.mul(u[vAt(j)]!, a[j]!), F.mul(F.mul(w[vAt(j)]!, iota[j]!), delta[j]!)));
      dt = yv(F, dt);
      const k = F.mul(d2, dt);
      const out: T[] = [];
      for (let j = 0; j < hidden; j++) {
        const c = F.mul(yv(F, F.add(F.mul(k, w[vAt(j)]!), F.mul(d1, u[vAt(j)]!))), iota[j]!);
        for (let l = 0; l < p; l++) out[j * p + l] = F.add(F.mul(c, xs[l]!), F.mul(two2, u[j * p + l]!));
        out[vAt(j)] = F.add(
          yv(F, F.add(F.mul(k, a[j]!), F.mul(F.mul(d1, iota[j]!), delta[j]!))),
          F.mul(two1, u[vAt(j)]!),
        );
      }
      return out;
    },
  };
}

/** Example 5 instance: 3 samples in R², 2 hidden units, λ₁ = λ₂ = 0.01 (module comment on the data). */
export const example5: FiniteSumEntry = {
  name: 'islamovEx5',
  source: 'arXiv 2410.12455, Example 5, eq. (8) (n = 3, inputs in R², 2 hidden ReLU units)',
  components: [
    reluLogisticSample('relu.f1', ['0.367', '0.589'], 1, 2, '0.01', '0.01'),
    reluLogisticSample('relu.f2', ['-0.613', '0.271'], -1, 2, '0.01', '0.01'),
    reluLogisticSample('relu.f3', ['0.431', '-0.709'], 1, 2, '0.01', '0.01'),
  ],
  derivBound: { 3: 152, 4: 2200 },
};
