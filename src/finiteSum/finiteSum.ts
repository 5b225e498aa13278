/**
 * `finiteSum(B, components)`: the objective f = (1/n) Σ_i f_i of per-sample functions (./types.ts) over a Backend,
 * usable by every stepper and by `run` (it is an `Objective`; `subset(I)` is (1/|I|) Σ_{i∈I} f_i, i.e. the minibatch
 * objective, and `subset([i])` is f_i itself). Each f_i is evaluated on the backend's scalars; `balls` evaluates the
 * same formulas in ball arithmetic at a point given as balls, for claims with rigorous error bars.
 */
import { ballArith, type Ball } from '../ball/ball.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import type { Field } from './field.js';
import type { Component } from './types.js';

export interface FiniteSum<R extends Repr> extends Objective<R> {
  readonly components: readonly Component[];
  /** f_i(x) on the backend. */
  valueAt(i: number, x: V<R>): S<R>;
  /** ∇f_i(x) on the backend. */
  gradAt(i: number, x: V<R>): V<R>;
  subset(indices: readonly number[]): FiniteSum<R>;
}

/** The Backend as a `Field` on its scalars (the names already match). */
export function backendField<R extends Repr>(B: Backend<R>): Field<S<R>> {
  return B;
}

export function finiteSum<R extends Repr>(B: Backend<R>, components: readonly Component[]): FiniteSum<R> {
  const n = components.length;
  if (n < 1) throw new RangeError('finiteSum: no components (need at least one f_i)');
  const dim = components[0]!.dim;
  for (const c of components) {
    if (c.dim !== dim)
      throw new RangeError(
        `finiteSum: component ${c.name} has dim ${c.dim}, expected ${dim} (all f_i share one domain)`,
      );
  }
  const F = backendField(B);
  const nS = B.int(n);
  const check = (x: V<R>, what = 'x'): S<R>[] => {
    if (B.dim(x) !== dim) throw new RangeError(`finiteSum: ${what} has length ${B.dim(x)}, expected dim ${dim}`);
    return B.unpack(x);
  };
  const idx = (i: number): Component => {
    if (!Number.isInteger(i) || i < 0 || i >= n)
      throw new RangeError(`finiteSum: index ${i} is not a sample index in [0, ${n})`);
    return components[i]!;
  };
  // the mean divides once at the end (one rounding; exact for n a power of two in f64/dd)
  const meanS = (xs: S<R>[]): S<R> => (n === 1 ? xs[0]! : B.div(B.sum(B.pack(xs)), nS));
  const meanV = (vs: V<R>[]): V<R> => {
    let s: V<R> = vs[0];
    for (let i = 1; i < vs.length; i++) s = B.vadd(s, vs[i]);
    return n === 1 ? s : B.scal(B.div(B.one, nS), s);
  };
  const value = (x: V<R>) => {
    const xs = check(x);
    return meanS(components.map((c) => c.value(F, xs)));
  };
  const grad = (x: V<R>) => {
    const xs = check(x);
    return meanV(components.map((c) => B.pack(c.grad(F, xs))));
  };
  const hvp = (x: V<R>, u: V<R>) => {
    const xs = check(x);
    const us = check(u, 'direction u');
    return meanV(components.map((c) => B.pack(c.hvp(F, xs, us))));
  };
  const self: FiniteSum<R> = {
    B,
    dim,
    nSamples: n,
    components,
    value,
    grad,
    valueAndGrad: (x) => ({ value: value(x), grad: grad(x) }),
    hvp,
    hessian(x): M<R> {
      const cols: V<R>[] = [];
      for (let j = 0; j < dim; j++) cols.push(hvp(x, B.basis(dim, j)));
      return B.transpose(B.reshape(B.concat(cols), dim, dim));
    },
    valueAt: (i, x) => idx(i).value(F, check(x)),
    gradAt: (i, x) => B.pack(idx(i).grad(F, check(x))),
    subset(indices) {
      if (indices.length === 0)
        throw new RangeError('finiteSum.subset: indices is empty (a minibatch needs at least one sample)');
      return finiteSum(B, indices.map(idx));
    },
  };
  return self;
}

/** f_i and ∇f_i at a point given as balls, in ball arithmetic over B (rigorous radii). */
export function componentBalls<R extends Repr>(
  B: Backend<R>,
  c: Component,
  x: readonly Ball<R>[],
): { value: Ball<R>; grad: Ball<R>[] } {
  const K = ballArith(B);
  return { value: c.value(K, x), grad: c.grad(K, x) };
}
