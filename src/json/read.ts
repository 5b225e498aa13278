/**
 * Readers for the fields of an exact-JSON spec (the `thm simulate` spec, and each registry entry's part of it): every
 * reader checks one value and throws an InputError whose one-line message names the field by its path
 * (`spec.model.b[1]: "abc" is not an exact decimal string`), which the CLI prints with exit 2.
 */
import { inputError } from '../errors.js';
import { checkNum, isSpecial } from '../numeric/exact.js';
import type { Num } from '../numeric/types.js';

/** A JSON object after `obj` checked it. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Throws the InputError `${path}: ${what}`. */
export function fail(path: string, what: string): never {
  throw inputError(`${path}: ${what}`);
}

export function obj(x: unknown, path: string): JsonObject {
  if (typeof x !== 'object' || x === null || Array.isArray(x))
    fail(path, `expected an object, got ${JSON.stringify(x)}`);
  return x as JsonObject;
}

/** Rejects any key not in `allowed` (catches typos); `hint` names what takes these keys. */
export function onlyKeys(o: JsonObject, path: string, allowed: readonly string[], hint: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown field (${hint} takes ${allowed.join(', ')})`);
  }
}

/** A finite exact decimal string ("0.125", "-3e-2"); JS numbers are rejected (they are not exact). */
export function num(x: unknown, path: string): Num {
  if (typeof x === 'number') fail(path, `JS number ${x}; write it as an exact decimal string ("${x}")`);
  if (typeof x !== 'string') fail(path, `expected an exact decimal string, got ${JSON.stringify(x)}`);
  try {
    checkNum(x, path);
  } catch {
    fail(path, `${JSON.stringify(x)} is not an exact decimal string (write numbers like "0.125" or "-3e-2")`);
  }
  if (isSpecial(x)) fail(path, `${JSON.stringify(x)} is not finite (specs hold finite values only)`);
  return x;
}

/** A non-empty list of exact decimal strings, of length `len` when given (`what` says why). */
export function vec(x: unknown, path: string, len?: number, what?: string): Num[] {
  if (!Array.isArray(x)) fail(path, `expected a list of exact decimal strings, got ${JSON.stringify(x)}`);
  if (x.length === 0) fail(path, 'is empty (need at least one entry)');
  if (len !== undefined && x.length !== len)
    fail(path, `has length ${x.length}, expected ${len}${what ? ` (${what})` : ''}`);
  return x.map((e, i) => num(e, `${path}[${i}]`));
}

/** A non-empty list of equal-length rows of exact decimal strings (`rows`/`cols` fixed when given). */
export function mat(x: unknown, path: string, rows?: number, cols?: number, what?: string): Num[][] {
  if (!Array.isArray(x)) fail(path, `expected a list of rows, got ${JSON.stringify(x)}`);
  if (x.length === 0) fail(path, 'has no rows');
  if (rows !== undefined && x.length !== rows)
    fail(path, `has ${x.length} rows, expected ${rows}${what ? ` (${what})` : ''}`);
  const first = Array.isArray(x[0]) ? x[0].length : undefined;
  const c = cols ?? first;
  return x.map((r, i) => vec(r, `${path}[${i}]`, c, cols !== undefined ? what : 'rows of a matrix have equal length'));
}

/** A count ≥ min: a JSON integer or a string of digits (both accepted; the canonical form is a number). */
export function count(x: unknown, path: string, min: number): number {
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^[+-]?\d+$/.test(x) ? Number(x) : NaN;
  if (!Number.isSafeInteger(n)) fail(path, `${JSON.stringify(x)} must be an integer`);
  if (n < min)
    fail(
      path,
      `${JSON.stringify(x)} must be ${min === 0 ? 'a non-negative' : `an`} integer${min > 0 ? ` ≥ ${min}` : ''}`,
    );
  return n;
}

export function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, `expected true or false, got ${JSON.stringify(x)}`);
  return x;
}

/** One of the listed names (`what` says what kind of name, e.g. "loss"). */
export function oneOf<T extends string>(x: unknown, path: string, allowed: readonly T[], what: string): T {
  if (typeof x !== 'string' || !allowed.includes(x as T)) {
    fail(path, `unknown ${what} ${JSON.stringify(x)}; expected one of ${allowed.join(', ')}`);
  }
  return x as T;
}

/** A strictly positive exact decimal (a learning rate, a scale): "0" and negative values are rejected. */
export function positive(x: unknown, path: string, what: string): Num {
  const v = num(x, path);
  // an exact decimal string is ≤ 0 iff it starts with "-" or all its digits are 0
  if (v.startsWith('-') || !/[1-9]/.test(v.replace(/e.*$/i, ''))) fail(path, `${v} must be > 0 (${what})`);
  return v;
}

/** True when an exact decimal string is +1 or −1 ("1", "-1.0", "+1e0", "10e-1", …). */
export function isUnitLabel(y: Num): boolean {
  const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(y);
  if (m === null) return false;
  const frac = m[2] ?? '';
  // ±digits·10^exp with leading zeros dropped: it is 1 iff digits = 1 followed by z zeros and exp = −z
  const digits = `${m[1] ?? ''}${frac}`.replace(/^0+/, '');
  const exp = Number(m[3] ?? '0') - frac.length;
  return /^10*$/.test(digits) && exp === -(digits.length - 1);
}
