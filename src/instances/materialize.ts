/**
 * `materialize`: the ONLY place where a spec's exact decimal strings become backend numbers, so that
 * f64, dd and dec all see the same instance, each correctly rounded to its own precision.
 */
import { checkNum, isSpecial } from '../numeric/exact.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';

/**
 * The backend-side type of a spec value: Num → S, Num[] → V, Num[][] → M, objects/arrays of those recursively;
 * numbers, booleans and null (seeds, counts, flags) stay as they are.
 */
export type Materialized<T, R extends Repr> = T extends Num
  ? S<R>
  : T extends readonly Num[]
    ? V<R>
    : T extends readonly (readonly Num[])[]
      ? M<R>
      : T extends readonly (infer U)[]
        ? Materialized<U, R>[]
        : T extends object
          ? { -readonly [K in keyof T]: Materialized<T[K], R> }
          : T;

function num(x: unknown, path: string): Num {
  const s = checkNum(x, path);
  // Specs are instances: a hypothesis can't hold for NaN or ∞ inputs, so those are always encoding errors here.
  if (isSpecial(s))
    throw new RangeError(`${path}: ${JSON.stringify(s)} is not a finite exact decimal (specs hold finite values only)`);
  return s;
}

function vecNums(xs: unknown, path: string): Num[] {
  if (!Array.isArray(xs))
    throw new TypeError(`${path}: expected an array of exact decimal strings, got ${JSON.stringify(xs)}`);
  return xs.map((x, i) => num(x, `${path}[${i}]`));
}

function matNums(rows: unknown, path: string): Num[][] {
  if (!Array.isArray(rows)) throw new TypeError(`${path}: expected an array of rows, got ${JSON.stringify(rows)}`);
  const out = rows.map((r, i) => vecNums(r, `${path}[${i}]`));
  const c = out[0]?.length ?? 0;
  out.forEach((r, i) => {
    if (r.length !== c)
      throw new RangeError(`${path}[${i}]: row has ${r.length} entries but row 0 has ${c} (matrices are rectangular)`);
  });
  return out;
}

/** Options of `materializeDeep`. */
export interface MaterializeOptions {
  /** Object keys (at any depth) whose values are left untouched: labels such as `loss: "logistic"`. */
  readonly keep?: readonly string[];
  /** Path prefix used in error messages. @defaultValue "spec" */
  readonly path?: string;
}

const isStringArray = (v: unknown[]): boolean => v.every((x) => typeof x === 'string');
const isStringMatrix = (v: unknown[]): boolean =>
  v.length > 0 && v.every((r) => Array.isArray(r) && r.length > 0 && isStringArray(r));

/**
 * Walk a JSON value and turn every Num leaf into a backend scalar, every Num[] into a vector and every
 * (rectangular, non-empty) Num[][] into a matrix; numbers, booleans and null pass through. An empty array becomes an
 * empty vector. Errors name the offending field: `spec.model.a[2]: "abc" is not an exact decimal string`.
 */
export function materializeDeep<R extends Repr, T>(
  B: Backend<R>,
  value: T,
  options: MaterializeOptions = {},
): Materialized<T, R> {
  const keep = new Set(options.keep ?? []);
  const walk = (v: unknown, path: string): unknown => {
    if (typeof v === 'string') return B.num(num(v, path));
    if (v === null || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) {
        throw new TypeError(
          `${path}: JS number ${v} in a spec; write quantities as exact decimal strings (only integer counts/seeds may be numbers)`,
        );
      }
      return v;
    }
    if (Array.isArray(v)) {
      if (isStringArray(v)) return B.vec(vecNums(v, path));
      if (isStringMatrix(v)) return B.mat(matNums(v, path));
      return v.map((x, i) => walk(x, `${path}[${i}]`));
    }
    if (typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>))
        out[k] = keep.has(k) ? x : walk(x, `${path}.${k}`);
      return out;
    }
    throw new TypeError(`${path}: a ${typeof v} cannot appear in a spec (specs are plain JSON)`);
  };
  return walk(value, options.path ?? 'spec') as Materialized<T, R>;
}

/**
 * Structural helpers; `path` names the field in error messages. Also callable as `materialize(B, spec)` = deep walk.
 */
export interface MaterializeFn {
  <R extends Repr, T>(B: Backend<R>, spec: T, options?: MaterializeOptions): Materialized<T, R>;
  /** One exact decimal string → backend scalar. */
  scalar<R extends Repr>(B: Backend<R>, s: Num, path?: string): S<R>;
  /** Exact decimal strings → backend vector. */
  vector<R extends Repr>(B: Backend<R>, xs: readonly Num[], path?: string): V<R>;
  /** Rows of exact decimal strings (rectangular) → backend matrix. */
  matrix<R extends Repr>(B: Backend<R>, rows: readonly (readonly Num[])[], path?: string): M<R>;
}

/**
 * `materialize(B, spec)` turns a whole spec into backend values (see `materializeDeep`); `materialize.scalar`,
 * `.vector` and `.matrix` convert one field with a named path.
 */
export const materialize: MaterializeFn = Object.assign(
  <R extends Repr, T>(B: Backend<R>, spec: T, options?: MaterializeOptions) => materializeDeep(B, spec, options),
  {
    scalar: <R extends Repr>(B: Backend<R>, s: Num, path = 'spec'): S<R> => B.num(num(s, path)),
    vector: <R extends Repr>(B: Backend<R>, xs: readonly Num[], path = 'spec'): V<R> => B.vec(vecNums(xs, path)),
    matrix: <R extends Repr>(B: Backend<R>, rows: readonly (readonly Num[])[], path = 'spec'): M<R> =>
      B.mat(matNums(rows, path)),
  },
);
