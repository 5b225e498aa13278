/**
 * A user objective written once, generically over a `Field` (the arithmetic its formulas use), and run by the library
 * twice: over the backend's scalars (the computation steppers and diagnostics use) and over balls (ball/ball.ts), which
 * gives its error model with no hand-derived bar (docs/objectives.md has a worked example).
 *
 * Soundness: every ball operation returns a ball containing the exact result for all points of its argument balls
 * (ball/rounding.ts states the rounding model), so the value ball computed from θ's exact entries contains the exact
 * F(θ) of the formula as written, with decimal constants taken exactly (`num` gives their representation error as
 * radius). Each ball midpoint is the backend's own result of the same operation in the same order, so the error
 * model's midpoints are bit for bit the objective's `value` and `grad`.
 *
 * The field has no comparisons: a branch on a ball that straddles the branch point is undecidable. Write kinks with
 * min, max and abs (e.g. Huber_δ(x) = m·(|x| − m/2), m = min(|x|, δ); its derivative max(−δ, min(x, δ))).
 */
import { ballArith, type Ball, type BallArith, type MatBall, type VecBall } from '../ball/ball.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import type { ErrorModel } from './errorModel.js';
import type { Objective } from './objective.js';

/** The arithmetic a generic objective is written in (T = backend scalars, or balls). */
export interface Field<T> {
  /** A decimal constant (exact string, e.g. '0.5'). */
  num(x: Num): T;
  /** A small integer. */
  int(n: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  abs(a: T): T;
  sqr(a: T): T;
  sqrt(a: T): T;
  exp(a: T): T;
  log(a: T): T;
  min(a: T, b: T): T;
  max(a: T, b: T): T;
  /** Σ xs (0 for none). */
  sum(xs: readonly T[]): T;
}

/** The field of B's scalars: each operation is the backend kernel a ball midpoint also uses. */
export function scalarField<R extends Repr>(B: Backend<R>): Field<S<R>> {
  return {
    num: (x) => B.num(x),
    int: (n) => B.int(n),
    add: (a, b) => B.add(a, b),
    sub: (a, b) => B.sub(a, b),
    mul: (a, b) => B.mul(a, b),
    div: (a, b) => B.div(a, b),
    neg: (a) => B.neg(a),
    abs: (a) => B.abs(a),
    sqr: (a) => B.mul(a, a),
    sqrt: (a) => B.sqrt(a),
    exp: (a) => B.exp(a),
    log: (a) => B.log(a),
    min: (a, b) => B.min(a, b),
    max: (a, b) => B.max(a, b),
    sum: (xs) => (xs.length === 0 ? B.zero : B.sum(B.pack(xs))),
  };
}

/** The field of balls of K (ball/ball.ts): results contain the exact values for every point of the inputs. */
export function ballFieldOf<R extends Repr>(K: BallArith<R>): Field<Ball<R>> {
  return {
    num: K.num,
    int: K.int,
    add: K.add,
    sub: K.sub,
    mul: K.mul,
    div: K.div,
    neg: K.neg,
    abs: K.abs,
    sqr: K.sqr,
    sqrt: K.sqrt,
    exp: K.exp,
    log: K.log,
    min: K.min,
    max: K.max,
    sum: K.sum,
  };
}

/** The field of balls over B. */
export function ballField<R extends Repr>(B: Backend<R>): Field<Ball<R>> {
  return ballFieldOf(ballArith(B));
}

/** A user objective over a generic field: F, ∇F and optionally ∇²F, each written once. */
export interface FieldObjectiveSpec {
  /** dim θ */
  readonly dim: number;
  /** F(θ). */
  value<T>(f: Field<T>, theta: readonly T[]): T;
  /** ∇F(θ): dim entries. */
  grad<T>(f: Field<T>, theta: readonly T[]): readonly T[];
  /** ∇²F(θ): dim × dim, rows (optional: gives hessian, hvp and errorModel.hessian). */
  hessian?<T>(f: Field<T>, theta: readonly T[]): readonly (readonly T[])[];
}

/**
 * `fieldObjective(B, spec)`: an Objective with value, grad, valueAndGrad (and hessian, hvp when spec.hessian is
 * given) computed over B's scalars, and an `errorModel` computed by running the same code over balls (module
 * comment). The Hessian's error model is symmetrized in balls ((H_ij + H_ji)/2 for i < j, used for both entries).
 */
export function fieldObjective<R extends Repr>(B: Backend<R>, spec: FieldObjectiveSpec): Objective<R> {
  const d = spec.dim;
  if (!Number.isSafeInteger(d) || d < 1)
    throw new RangeError(`fieldObjective: dim = ${String(d)} must be a positive integer`);
  const sf = scalarField(B);
  const bf = ballField(B);
  const K = ballArith(B);
  const entries = (theta: V<R>): S<R>[] => {
    if (B.dim(theta) !== d) throw new RangeError(`fieldObjective: θ has length ${B.dim(theta)}, expected dim = ${d}`);
    return B.unpack(theta);
  };
  const balls = (theta: V<R>): Ball<R>[] => entries(theta).map((x) => K.exact(x));
  const gradOf = <T>(f: Field<T>, th: readonly T[]): readonly T[] => {
    const g = spec.grad(f, th);
    if (g.length !== d)
      throw new RangeError(`fieldObjective: spec.grad returned ${g.length} entries, expected dim = ${d}`);
    return g;
  };
  const hessOf = <T>(f: Field<T>, th: readonly T[]): readonly (readonly T[])[] => {
    const H = spec.hessian!(f, th);
    if (H.length !== d || H.some((r) => r.length !== d))
      throw new RangeError(`fieldObjective: spec.hessian must return ${d}×${d} rows`);
    return H;
  };
  const value = (theta: V<R>): S<R> => spec.value(sf, entries(theta));
  const grad = (theta: V<R>): V<R> => B.pack(gradOf(sf, entries(theta)));
  const hessian = (theta: V<R>): M<R> => B.reshape(B.pack(hessOf(sf, entries(theta)).flat()), d, d);

  const errorModel: ErrorModel<R> = {
    value: (theta) => spec.value(bf, balls(theta)),
    grad: (theta): VecBall<R> => {
      const g = gradOf(bf, balls(theta));
      return { value: B.pack(g.map((x) => x.value)), err: B.pack(g.map((x) => x.err)) };
    },
    ...(spec.hessian === undefined
      ? {}
      : {
          hessian: (theta: V<R>): MatBall<R> => {
            const H = hessOf(bf, balls(theta));
            const half = K.num('0.5');
            const sym: Ball<R>[] = [];
            for (let i = 0; i < d; i++) {
              for (let j = 0; j < d; j++) {
                if (i === j) sym.push(H[i]![i]!);
                else if (i < j) sym.push(K.mul(half, K.add(H[i]![j]!, H[j]![i]!)));
                else sym.push(sym[j * d + i]!); // the (j, i) ball: an exactly symmetric midpoint
              }
            }
            return {
              value: B.reshape(B.pack(sym.map((x) => x.value)), d, d),
              err: B.reshape(B.pack(sym.map((x) => x.err)), d, d),
            };
          },
        }),
  };

  return {
    B,
    dim: d,
    value,
    grad,
    valueAndGrad: (theta) => ({ value: value(theta), grad: grad(theta) }),
    ...(spec.hessian === undefined ? {} : { hessian, hvp: (theta: V<R>, u: V<R>) => B.gemv(hessian(theta), u) }),
    errorModel,
  };
}
