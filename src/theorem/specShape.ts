/**
 * The structural shape of a theorem's specs, inferred from the theorem's own values, so that a stored fixture whose spec
 * does not fit (a renamed field, a scalar where a vector belongs, an extra field) is an input error naming the field
 * instead of an evaluate crash read as `undecided`.
 *
 * A Spec has no schema, so the shape is learned from the values the theorem itself produces: its witnesses and
 * SAMPLES_PER_ARBITRARY samples (fixed seed) of `hypotheses` and of `violations` under every profile. The rule, per
 * position in the JSON tree:
 * - the kinds seen there: exact decimal string, other string (a tag such as "logistic"), number, boolean, null, array,
 *   object; a value of a kind never seen there is rejected;
 * - arrays: every element is checked against the union of all elements seen at that position (any depth of nesting);
 *   when only empty arrays were seen, elements are not checked;
 * - objects: a key never seen is an unknown field (rejected, as `thm simulate` rejects extra fields); a key present in
 *   every sampled object is required; a key present in some is optional.
 * A field that a generator emits rarely enough to be missed by every sample would be rejected: the samples are many
 * (3 profiles × 2 arbitraries × 40) for that reason. A generator that throws while sampling disables the check (its bug
 * is reported by the generate phase).
 */
import fc from 'fast-check';
import { isNum, isSpecial } from '../numeric/exact.js';
import type { AnyTheorem } from './define.js';
import { describeValue } from './theoremErrors.js';
import { arbitraryFor, type ProfileName } from './types.js';

type Kind = 'decimal' | 'text' | 'number' | 'boolean' | 'null' | 'array' | 'object';

export interface Shape {
  readonly kinds: Set<Kind>;
  /** Union of the elements of every array seen here (undefined: no element seen). */
  element?: Shape;
  /** Number of objects seen here, and for each key the shape of its values and in how many of them it occurred. */
  objects: number;
  readonly fields: Map<string, { shape: Shape; count: number }>;
}

export const SAMPLES_PER_ARBITRARY = 40;
const PROFILE_NAMES: readonly ProfileName[] = ['quick', 'ci', 'nightly'];

const emptyShape = (): Shape => ({ kinds: new Set(), objects: 0, fields: new Map() });

function kindOf(v: unknown): Kind | undefined {
  if (typeof v === 'string') return isNum(v) && !isSpecial(v) ? 'decimal' : 'text';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return undefined;
}

/** Add one value to a shape. */
export function observe(s: Shape, v: unknown): void {
  const k = kindOf(v);
  if (k === undefined) return;
  s.kinds.add(k);
  if (k === 'array') {
    for (const x of v as unknown[]) observe((s.element ??= emptyShape()), x);
  } else if (k === 'object') {
    s.objects++;
    for (const [key, x] of Object.entries(v as object)) {
      if (x === undefined) continue;
      const f = s.fields.get(key) ?? { shape: emptyShape(), count: 0 };
      f.count++;
      observe(f.shape, x);
      s.fields.set(key, f);
    }
  }
}

const KIND_TEXT: Record<Kind, string> = {
  decimal: 'an exact decimal string', text: 'a string', number: 'a number', boolean: 'a boolean', null: 'null', array: 'an array', object: 'an object',
};

/** Where a spec does not fit: the path of the field ("spec.init.a[1]") and what is wrong. */
export interface ShapeProblem {
  readonly field: string;
  readonly detail: string;
}

/** The first place where `v` does not fit `s`, or null. */
export function shapeProblem(s: Shape, v: unknown, at = 'spec'): ShapeProblem | null {
  const k = kindOf(v);
  // a tag-shaped position accepts numeric strings too only if it saw them; a decimal position rejects tags
  if (k === undefined || !s.kinds.has(k)) {
    const want = [...s.kinds].map((x) => KIND_TEXT[x]).join(' or ');
    return { field: at, detail: `expected ${want} (as the theorem's generators produce), got ${describeValue(v)}` };
  }
  if (k === 'array') {
    if (s.element === undefined) return null;
    for (const [i, x] of (v as unknown[]).entries()) {
      const p = shapeProblem(s.element, x, `${at}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (k === 'object') {
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (obj[key] === undefined) continue;
      const f = s.fields.get(key);
      if (f === undefined) return { field: `${at}.${key}`, detail: `unknown field (the theorem's specs have ${[...s.fields.keys()].join(', ') || 'no fields'} here)` };
      const p = shapeProblem(f.shape, obj[key], `${at}.${key}`);
      if (p !== null) return p;
    }
    for (const [key, f] of s.fields) {
      if (f.count === s.objects && obj[key] === undefined) return { field: `${at}.${key}`, detail: 'missing (every spec the theorem\'s generators produce has it)' };
    }
  }
  return null;
}

const cache = new WeakMap<AnyTheorem, Shape | null>();

/** The inferred shape of `thm`'s specs (cached), or null when its generators cannot be sampled. */
export function specShape(thm: AnyTheorem): Shape | null {
  if (cache.has(thm)) return cache.get(thm)!;
  let shape: Shape | null = emptyShape();
  try {
    for (const w of thm.witnesses ?? []) observe(shape, w);
    for (const p of PROFILE_NAMES) {
      for (const [i, a] of [thm.hypotheses, thm.violations].entries()) {
        for (const v of fc.sample(arbitraryFor(a, p), { seed: 0x5eed + i, numRuns: SAMPLES_PER_ARBITRARY })) observe(shape, v);
      }
    }
  } catch {
    shape = null;
  }
  cache.set(thm, shape);
  return shape;
}

/** Where `spec` does not fit the shape of `thm`'s specs, or null (also when the shape cannot be inferred). */
export function specShapeProblem(thm: AnyTheorem, spec: unknown): ShapeProblem | null {
  const s = specShape(thm);
  return s === null ? null : shapeProblem(s, spec);
}
