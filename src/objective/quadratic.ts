/**
 * Closed-form quadratic objective F(θ) = ½θᵀAθ − bᵀθ + c (classical oracle for GD on quadratics,
 * docs/theorems/smooth.md S2).
 */
import { fail, mat, vec, type JsonObject } from '../json/read.js';
import type { Objective } from './objective.js';
import type { ErrorModel } from './errorModel.js';
import { quadraticErrorModel } from './roundingModels.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';

export interface QuadraticOptions<R extends Repr> {
  /** Symmetric d×d matrix (checked exactly). */
  readonly A: M<R>;
  /** Linear term (default 0). */
  readonly b?: V<R>;
  /** Constant (default 0). */
  readonly c?: S<R>;
  /** The exact largest eigenvalue of A when the spec knows it (spectra set directly); exposed as `L`. */
  readonly L?: S<R>;
}

export interface QuadraticObjective<R extends Repr> extends Objective<R> {
  /** Explicit tag (objective.ts): the quadratic's error model is its `errorModel` member, not inferred from A, b, c. */
  readonly kind: 'quadratic';
  valueAndGrad(theta: V<R>): { value: S<R>; grad: V<R> };
  hvp(theta: V<R>, u: V<R>): V<R>;
  hessian(theta: V<R>): M<R>;
  readonly nSamples: number;
  subset(indices: readonly number[]): QuadraticObjective<R>;
  /** Rounding bounds of F and ∇F (roundingModels.ts); the Hessian A is exact. */
  readonly errorModel: ErrorModel<R>;
  readonly A: M<R>;
  readonly b: V<R>;
  readonly c: S<R>;
  /** λ_max(A) if supplied. */
  readonly L?: S<R>;
}

/**
 * `quadratic(B, { A, b?, c?, L? })`: F(θ) = ½θᵀAθ − bᵀθ + c, ∇F = Aθ − b, ∇²F = A (exact).
 * nSamples = 1; `subset([0])` is F itself.
 */
export function quadratic<R extends Repr>(B: Backend<R>, opts: QuadraticOptions<R>): QuadraticObjective<R> {
  const { A } = opts;
  const d = B.rows(A);
  if (B.cols(A) !== d) throw new RangeError(`quadratic: A must be square, got ${d}×${B.cols(A)}`);
  for (let i = 0; i < d; i++) {
    for (let j = i + 1; j < d; j++) {
      if (B.cmp(B.mget(A, i, j), B.mget(A, j, i)) !== 0) {
        throw new RangeError(`quadratic: A must be symmetric; A[${i}][${j}] ≠ A[${j}][${i}]`);
      }
    }
  }
  const b = opts.b ?? B.zeros(d);
  if (B.dim(b) !== d) throw new RangeError(`quadratic: b has length ${B.dim(b)}, expected ${d}`);
  const c = opts.c ?? B.zero;
  const half = B.num('0.5');
  const check = (x: V<R>, what: string): void => {
    if (B.dim(x) !== d) throw new RangeError(`quadratic: ${what} has length ${B.dim(x)}, expected ${d}`);
  };
  const valueWith = (theta: V<R>, Atheta: V<R>): S<R> =>
    B.add(B.sub(B.mul(half, B.dot(theta, Atheta)), B.dot(b, theta)), c);
  const value = (theta: V<R>): S<R> => {
    check(theta, 'θ');
    return valueWith(theta, B.gemv(A, theta));
  };
  const grad = (theta: V<R>): V<R> => {
    check(theta, 'θ');
    return B.vsub(B.gemv(A, theta), b);
  };
  const self: QuadraticObjective<R> = {
    kind: 'quadratic',
    errorModel: quadraticErrorModel({ B, A, b, c, value, grad }),
    B,
    dim: d,
    nSamples: 1,
    A,
    b,
    c,
    ...(opts.L === undefined ? {} : { L: opts.L }),
    value,
    grad,
    valueAndGrad(theta) {
      check(theta, 'θ');
      const At = B.gemv(A, theta);
      return { value: valueWith(theta, At), grad: B.vsub(At, b) };
    },
    hvp(theta, u) {
      check(theta, 'θ');
      check(u, 'direction u');
      return B.gemv(A, u);
    },
    hessian(theta) {
      check(theta, 'θ');
      return A;
    },
    subset(indices) {
      if (indices.length !== 1 || indices[0] !== 0) {
        throw new RangeError(
          `quadratic.subset: a closed-form objective has one "sample"; indices must be [0], got ${JSON.stringify(indices)}`,
        );
      }
      return self;
    },
  };
  return self;
}

/** Exact-spec form of a quadratic (decimal strings). */
export interface QuadraticSpec {
  readonly A: readonly (readonly Num[])[];
  readonly b?: readonly Num[];
  readonly c?: Num;
  readonly L?: Num;
}

/** `quadraticFromSpec(B, spec)`: materializes an exact spec and builds `quadratic`. */
export function quadraticFromSpec<R extends Repr>(B: Backend<R>, spec: QuadraticSpec): QuadraticObjective<R> {
  return quadratic(B, {
    A: B.mat(spec.A),
    ...(spec.b === undefined ? {} : { b: B.vec(spec.b) }),
    ...(spec.c === undefined ? {} : { c: B.num(spec.c) }),
    ...(spec.L === undefined ? {} : { L: B.num(spec.L) }),
  });
}

/**
 * `thm simulate` form of a quadratic: spec.model = {"kind": "quadratic", "A": [[…]] (symmetric, written identically
 * on both sides), "b"?: [...], "theta": θ₀}; F(θ) = ½θᵀAθ − bᵀθ takes no data or loss.
 */
export const quadraticJson = {
  fields: ['A', 'b', 'theta'] as const,
  parse(o: JsonObject, p: string): { spec: QuadraticSpec; theta0: Num[] } {
    const A = mat(o.A, `${p}.A`);
    const d = A.length;
    if (A[0]!.length !== d) fail(`${p}.A`, `is ${d}×${A[0]!.length}; it must be square`);
    for (let i = 0; i < d; i++) {
      for (let j = i + 1; j < d; j++) {
        if (A[i]![j] !== A[j]![i])
          fail(
            `${p}.A[${i}][${j}]`,
            `${A[i]![j]} ≠ A[${j}][${i}] = ${A[j]![i]} (A must be symmetric, written identically)`,
          );
      }
    }
    const b = o.b === undefined ? undefined : vec(o.b, `${p}.b`, d, 'size of model.A');
    return { spec: { A, ...(b === undefined ? {} : { b }) }, theta0: vec(o.theta, `${p}.theta`, d, 'size of model.A') };
  },
};
