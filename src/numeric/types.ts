/**
 * The kernel-level Backend contract: one numeric context — precision, exact I/O, an O(1) scalar field and
 * the vector/matrix kernels where the time goes. Engine code is written once against `Backend<R>`; each backend writes
 * its own monomorphic loops, so generic engine code costs 1–2.5× raw float64 instead of 4–14×.
 *
 * Conventions:
 * - Values are immutable by convention: every kernel returns a new vector/matrix and never writes its arguments.
 * - Matrices are dense, row-major. `reshape`/`flatten` are zero-copy views between vectors and matrices (parameter
 *   blocks of θ viewed as layer matrices); since nothing is written in place, sharing storage is safe.
 * - Numbers cross into a backend only as exact decimal strings (`Num`) or small integers (`int`); never as JS doubles
 *   computed elsewhere (`new Decimal(0.1)` is decimal 0.1, not the double nearest 0.1).
 * - Kernels only, no algorithms: a backend that has a faster multi-step path for some stepper on some objective offers
 *   it as an optional fused path of the driver `run` (src/dynamics/fused.ts), not as a member of this contract.
 */

/** Exact, backend-neutral numeric literal ("0.125", "-3e-2"): the only number format in specs and fixtures. */
export type Num = string;

/** Names a backend's scalar, vector and matrix types at the type level. */
export interface Repr {
  readonly S: unknown;
  readonly V: unknown;
  readonly M: unknown;
}
export type S<R extends Repr> = R['S'];
export type V<R extends Repr> = R['V'];
export type M<R extends Repr> = R['M'];

/** Elementwise maps every backend implements as one monomorphic loop. */
export type MapOp =
  | 'neg'
  | 'abs'
  | 'square'
  | 'sqrt'
  | 'recip'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'relu' // max(x, 0)
  | 'step' // Heaviside: 1 if x > 0 else 0 (the a.e. derivative of relu)
  | 'sign' // -1, 0, 1
  | 'softplus' // log(1 + e^x), stable for large |x|
  | 'sigmoid'; // 1 / (1 + e^{-x}), stable for large |x|

export const MAP_OPS: readonly MapOp[] = [
  'neg',
  'abs',
  'square',
  'sqrt',
  'recip',
  'exp',
  'log',
  'log1p',
  'expm1',
  'relu',
  'step',
  'sign',
  'softplus',
  'sigmoid',
];

/** Scalar functions (same names as MapOp) available on single scalars too. */
export type ScalarFn = MapOp;

export interface Backend<R extends Repr> {
  /** "f64" | "dd" | "dec:50": shown in reports and fixtures. */
  readonly id: string;
  /** Significant decimal digits carried (~15.95 for f64, ~31.9 for dd, p for dec:p). */
  readonly digits: number;
  /** Unit roundoff u (|fl(x∘y) − x∘y| ≤ u·|x∘y| for one basic operation), used by tolerance policies. */
  readonly eps: S<R>;

  // ---- exact I/O -------------------------------------------------------------------------------------------------
  /** Parse an exact decimal string, correctly rounded to this backend (throws a RangeError naming the string). */
  num(x: Num): S<R>;
  /** A small integer, exactly (|n| < 2^53). */
  int(n: number): S<R>;
  /** A string that `num` reads back to exactly the same value. */
  show(x: S<R>): Num;
  /** Nearest double, for control logic and printing only (never feed it back into another backend). */
  toNumber(x: S<R>): number;
  /** Exact value of a double (every double is a finite decimal); used to import float64 results for comparison. */
  fromDouble(x: number): S<R>;

  // ---- scalar field: O(1)-per-step logic only ---------------------------------------------------------------------
  add(a: S<R>, b: S<R>): S<R>;
  sub(a: S<R>, b: S<R>): S<R>;
  mul(a: S<R>, b: S<R>): S<R>;
  div(a: S<R>, b: S<R>): S<R>;
  neg(a: S<R>): S<R>;
  abs(a: S<R>): S<R>;
  sqrt(a: S<R>): S<R>;
  exp(a: S<R>): S<R>;
  log(a: S<R>): S<R>;
  log1p(a: S<R>): S<R>;
  /** Any elementwise map applied to one scalar. */
  fn(op: ScalarFn, a: S<R>): S<R>;
  /** Integer power a^n (n may be negative). */
  powi(a: S<R>, n: number): S<R>;
  cmp(a: S<R>, b: S<R>): -1 | 0 | 1;
  min(a: S<R>, b: S<R>): S<R>;
  max(a: S<R>, b: S<R>): S<R>;
  isFinite(a: S<R>): boolean;
  isZero(a: S<R>): boolean;
  readonly zero: S<R>;
  readonly one: S<R>;

  // ---- vectors ----------------------------------------------------------------------------------------------------
  vec(xs: readonly Num[]): V<R>;
  vshow(x: V<R>): Num[];
  /** Vector from scalars of this backend. */
  pack(xs: readonly S<R>[]): V<R>;
  /** Scalars of a vector (for O(n) bookkeeping outside hot loops). */
  unpack(x: V<R>): S<R>[];
  dim(x: V<R>): number;
  at(x: V<R>, i: number): S<R>;
  /** Copy of x with entry i replaced. */
  with(x: V<R>, i: number, value: S<R>): V<R>;
  zeros(n: number): V<R>;
  fill(n: number, value: S<R>): V<R>;
  /** Unit vector e_i in R^n. */
  basis(n: number, i: number): V<R>;
  concat(xs: readonly V<R>[]): V<R>;
  slice(x: V<R>, start: number, end: number): V<R>;
  toNumbers(x: V<R>): Float64Array;

  // ---- vector kernels (BLAS names) ---------------------------------------------------------------------------------
  /** a·x + y */
  axpy(a: S<R>, x: V<R>, y: V<R>): V<R>;
  /** a·x */
  scal(a: S<R>, x: V<R>): V<R>;
  vadd(x: V<R>, y: V<R>): V<R>;
  vsub(x: V<R>, y: V<R>): V<R>;
  /** Elementwise product. */
  vmul(x: V<R>, y: V<R>): V<R>;
  /** Elementwise quotient. */
  vdiv(x: V<R>, y: V<R>): V<R>;
  /** x + a (a scalar added to every entry). */
  vshift(x: V<R>, a: S<R>): V<R>;
  dot(x: V<R>, y: V<R>): S<R>;
  /** Euclidean norm, without overflow for large entries. */
  nrm2(x: V<R>): S<R>;
  sum(x: V<R>): S<R>;
  /** max_i |x_i| */
  amax(x: V<R>): S<R>;
  map(op: MapOp, x: V<R>): V<R>;
  /** True when every entry is finite. */
  allFinite(x: V<R>): boolean;

  // ---- matrices (dense, row-major) ----------------------------------------------------------------------------------
  mat(rows: readonly (readonly Num[])[]): M<R>;
  mshow(A: M<R>): Num[][];
  rows(A: M<R>): number;
  cols(A: M<R>): number;
  mget(A: M<R>, i: number, j: number): S<R>;
  /** Zero-copy view of a vector of length r·c as an r×c row-major matrix. */
  reshape(x: V<R>, r: number, c: number): M<R>;
  /** Zero-copy view of a matrix as its row-major vector. */
  flatten(A: M<R>): V<R>;
  mzeros(r: number, c: number): M<R>;
  eye(n: number): M<R>;
  diag(x: V<R>): M<R>;
  row(A: M<R>, i: number): V<R>;
  col(A: M<R>, j: number): V<R>;
  transpose(A: M<R>): M<R>;
  /** A·x, or Aᵀ·x when trans. */
  gemv(A: M<R>, x: V<R>, trans?: boolean): V<R>;
  /** op(A)·op(B) with op = transpose when the flag is set. */
  gemm(A: M<R>, B: M<R>, transA?: boolean, transB?: boolean): M<R>;
  /** Outer product x·yᵀ. */
  ger(x: V<R>, y: V<R>): M<R>;
}

/** A backend whose types are not tracked statically: for registries, CLIs and law suites over "every backend". */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyBackend = Backend<any>;

/** A value with an absolute error bar: the true quantity lies in [value − err, value + err]. */
export interface Measured<R extends Repr> {
  readonly value: S<R>;
  readonly err: S<R>;
}
