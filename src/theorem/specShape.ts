/**
 * The structural shape of a theorem's specs, inferred from the theorem's own values, so that a stored fixture whose
 * spec does not fit (a renamed field, a scalar where a vector belongs, an extra field) is an input error naming the
 * field instead of an evaluate crash read as `undecided`.
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
 * (3 profiles × 2 arbitraries × 40) for that reason. Some generators are slow (exact searches), so a spec is first
 * checked against the shape of a small sample (QUICK_SAMPLES per arbitrary at one profile, plus the witnesses): a
 * larger sample only widens a shape (more kinds, more fields, fewer required ones), so a spec that fits it is accepted;
 * it is rejected only when it does not fit the full sample either. The one place a small sample is more lenient — an
 * array position where it saw no element — sends the spec to the full sample too. A generator that throws while
 * sampling disables the check (its bug is reported by the generate phase).
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
export const QUICK_SAMPLES = 4;
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
  decimal: 'an exact decimal string',
  text: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
  array: 'an array',
  object: 'an object',
};

/** Where a spec does not fit: the path of the field ("spec.init.a[1]") and what is wrong. */
export interface ShapeProblem {
  readonly field: string;
  readonly detail: string;
}

/**
 * The first place where `v` does not fit `s`, or null. Elements of an array at a position where no element was ever
 * seen are not checked; `leniency.used` tells that this happened (a larger sample may know more).
 */
export function shapeProblem(
  s: Shape,
  v: unknown,
  at = 'spec',
  leniency: { used: boolean } = { used: false },
): ShapeProblem | null {
  const k = kindOf(v);
  // a tag-shaped position accepts numeric strings too only if it saw them; a decimal position rejects tags
  if (k === undefined || !s.kinds.has(k)) {
    const want = [...s.kinds].map((x) => KIND_TEXT[x]).join(' or ');
    return { field: at, detail: `expected ${want} (as the theorem's generators produce), got ${describeValue(v)}` };
  }
  if (k === 'array') {
    if (s.element === undefined) {
      if ((v as unknown[]).length > 0) leniency.used = true;
      return null;
    }
    for (const [i, x] of (v as unknown[]).entries()) {
      const p = shapeProblem(s.element, x, `${at}[${i}]`, leniency);
      if (p !== null) return p;
    }
    return null;
  }
  if (k === 'object') {
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (obj[key] === undefined) continue;
      const f = s.fields.get(key);
      if (f === undefined)
        return {
          field: `${at}.${key}`,
          detail: `unknown field (the theorem's specs have ${[...s.fields.keys()].join(', ') || 'no fields'} here)`,
        };
      const p = shapeProblem(f.shape, obj[key], `${at}.${key}`, leniency);
      if (p !== null) return p;
    }
    for (const [key, f] of s.fields) {
      if (f.count === s.objects && obj[key] === undefined)
        return { field: `${at}.${key}`, detail: "missing (every spec the theorem's generators produce has it)" };
    }
  }
  return null;
}

function sampleShape(thm: AnyTheorem, profiles: readonly ProfileName[], n: number): Shape | null {
  const shape = emptyShape();
  try {
    for (const w of thm.witnesses ?? []) observe(shape, w);
    for (const p of profiles) {
      for (const [i, a] of [thm.hypotheses, thm.violations].entries()) {
        for (const v of fc.sample(arbitraryFor(a, p), { seed: 0x5eed + i, numRuns: n })) observe(shape, v);
      }
    }
  } catch {
    return null;
  }
  return shape;
}

const full = new WeakMap<AnyTheorem, Shape | null>();
const quick = new WeakMap<AnyTheorem, Map<ProfileName, Shape | null>>();

/** The inferred shape of `thm`'s specs from the full sample (cached), or null when its generators cannot be sampled. */
export function specShape(thm: AnyTheorem): Shape | null {
  if (!full.has(thm)) full.set(thm, sampleShape(thm, PROFILE_NAMES, SAMPLES_PER_ARBITRARY));
  return full.get(thm)!;
}

function quickShape(thm: AnyTheorem, profile: ProfileName): Shape | null {
  const m = quick.get(thm) ?? new Map<ProfileName, Shape | null>();
  quick.set(thm, m);
  if (!m.has(profile)) m.set(profile, sampleShape(thm, [profile], QUICK_SAMPLES));
  return m.get(profile)!;
}

/**
 * Where `spec` does not fit the shape of `thm`'s specs, or null (also when the shape cannot be inferred). Accepted on
 * the small sample of `profile` when it fits it; otherwise decided on the full sample.
 */
export function specShapeProblem(thm: AnyTheorem, spec: unknown, profile: ProfileName = 'ci'): ShapeProblem | null {
  const small = quickShape(thm, profile);
  if (small === null) return null;
  const leniency = { used: false };
  if (shapeProblem(small, spec, 'spec', leniency) === null && !leniency.used) return null;
  const s = specShape(thm);
  return s === null ? null : shapeProblem(s, spec);
}
