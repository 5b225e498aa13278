/**
 * One explicit Runge–Kutta step over backend kernels, for any tableau:
 *   k_i = f(t + c_i h, y + h Σ_{j<i} a_ij k_j),   y1 = y + h Σ b_i k_i,   err = h Σ (b_i − b̂_i) k_i.
 * Coefficients are materialized once per (tableau, backend) as num(p)/num(q); e = b − b̂ is formed exactly first.
 */
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { exactTableau } from './orderConditions.js';
import { isZero, sub, type Q } from '../numeric/rational.js';
import type { Tableau } from './tableaus.js';
import type { VectorField } from './types.js';

/** Sparse row of materialized coefficients: only nonzero entries. */
type Row<R extends Repr> = readonly { readonly j: number; readonly v: S<R> }[];

export interface RkCoeffs<R extends Repr> {
  readonly s: number;
  readonly c: readonly S<R>[];
  readonly a: readonly Row<R>[];
  readonly b: Row<R>;
  /** b − b̂ (undefined without an embedded pair). */
  readonly e?: Row<R>;
  /** First-same-as-last: the last stage is f(t + h, y1), reusable as the next step's first stage. */
  readonly fsal: boolean;
}

function toScalar<R extends Repr>(B: Backend<R>, x: Q): S<R> {
  return x.d === 1n ? B.num(x.n.toString()) : B.div(B.num(x.n.toString()), B.num(x.d.toString()));
}

function row<R extends Repr>(B: Backend<R>, xs: readonly Q[]): Row<R> {
  return xs.flatMap((x, j) => (isZero(x) ? [] : [{ j, v: toScalar(B, x) }]));
}

const cache = new WeakMap<Tableau, WeakMap<object, RkCoeffs<Repr>>>();

/** The tableau's coefficients in backend B (cached per tableau and backend object). */
export function coeffs<R extends Repr>(B: Backend<R>, T: Tableau): RkCoeffs<R> {
  let perB = cache.get(T);
  if (!perB) cache.set(T, (perB = new WeakMap()));
  const hit = perB.get(B);
  if (hit) return hit as RkCoeffs<R>;
  const E = exactTableau(T);
  const last = E.s - 1;
  const fsal =
    E.c[last]!.n === 1n &&
    E.c[last]!.d === 1n &&
    E.a[last]!.every((x, j) => x.n === E.b[j]!.n && x.d === E.b[j]!.d) &&
    isZero(E.b[last]!);
  const out: RkCoeffs<R> = {
    s: E.s,
    c: E.c.map((x) => toScalar(B, x)),
    a: E.a.map((r) => row(B, r)),
    b: row(B, E.b),
    ...(E.bHat
      ? {
          e: row(
            B,
            E.b.map((bi, i) => sub(bi, E.bHat![i]!)),
          ),
        }
      : {}),
    fsal,
  };
  perB.set(B, out);
  return out;
}

/** Σ_j w_j k_j over a sparse row (zero vector when the row is empty). */
function combine<R extends Repr>(B: Backend<R>, w: Row<R>, k: readonly V<R>[], n: number): V<R> {
  let acc: V<R> | undefined;
  for (const { j, v } of w) acc = acc === undefined ? B.scal(v, k[j]!) : B.axpy(v, k[j]!, acc);
  return acc ?? B.zeros(n);
}

export interface RkStepOut<R extends Repr> {
  readonly y1: V<R>;
  /** Local error estimate h Σ (b_i − b̂_i) k_i of the embedded solution. */
  readonly err?: V<R>;
  /** f(t + h, y1) when the method is FSAL (free), else undefined. */
  readonly f1?: V<R>;
  readonly fevals: number;
}

/** One step of size h from (t, y) with k0 = f(t, y) already known. */
export function rkStep<R extends Repr>(
  B: Backend<R>,
  C: RkCoeffs<R>,
  f: VectorField<R>,
  t: S<R>,
  y: V<R>,
  h: S<R>,
  k0: V<R>,
): RkStepOut<R> {
  const n = B.dim(y);
  const k: V<R>[] = [k0];
  let lastInput = y;
  for (let i = 1; i < C.s; i++) {
    const yi = B.axpy(h, combine(B, C.a[i]!, k, n), y);
    lastInput = yi;
    k.push(f(B.add(t, B.mul(C.c[i]!, h)), yi));
  }
  const y1 = C.fsal ? lastInput : B.axpy(h, combine(B, C.b, k, n), y);
  return {
    y1,
    ...(C.e ? { err: B.scal(h, combine(B, C.e, k, n)) } : {}),
    ...(C.fsal ? { f1: k[C.s - 1]! } : {}),
    fevals: C.s - 1,
  };
}
