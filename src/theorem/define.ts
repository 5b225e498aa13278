/**
 * `defineTheorem`: validate a theorem file's data object (every error names the field and says what to write).
 */
import { inputError } from '../errors.js';
import type { Theorem, TheoremDef, TheoremKind, TheoremStatus, ProfileName } from './types.js';

const STATUSES: readonly TheoremStatus[] = ['theorem', 'conjecture', 'phenomenon'];
const KINDS: readonly TheoremKind[] = ['upper', 'lower', 'tight', 'invariant', 'eventually'];
const PROFILES: readonly ProfileName[] = ['quick', 'ci', 'nightly'];
// snake_case; capitals allowed for mathematical symbols (gd_descent_lemma_of_lr_lt_two_over_L), as in Mathlib names
export const ID_RE = /^[a-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/;

function isArbitrary(x: unknown): boolean {
  return typeof x === 'object' && x !== null && typeof (x as { generate?: unknown }).generate === 'function';
}

/** Check a theorem definition; throws an InputError naming the first bad field. */
/** Ids are read in tables and file listings: the conclusion first, at most this long. */
export const MAX_ID_LENGTH = 60;

export function validateTheorem(def: unknown, where = 'theorem'): asserts def is Theorem {
  const fail = (field: string, what: string): never => {
    throw inputError(`${where}: ${field}: ${what}`);
  };
  if (typeof def !== 'object' || def === null) fail('default export', 'must be defineTheorem({...})');
  const t = def as Record<string, unknown>;
  if (typeof t.id !== 'string' || !ID_RE.test(t.id))
    fail('id', `${JSON.stringify(t.id)} must be snake_case (e.g. gd_converges_of_lr_lt_two_over_l)`);
  const id = t.id as string;
  if (id.length > MAX_ID_LENGTH)
    fail('id', `"${id}" has ${id.length} characters; at most ${MAX_ID_LENGTH}: say the conclusion first, shorter`);
  if (typeof t.title !== 'string' || t.title.trim() === '') fail('title', 'must be a non-empty string');
  if (!STATUSES.includes(t.status as TheoremStatus))
    fail('status', `${JSON.stringify(t.status)} must be one of ${STATUSES.join(' | ')}`);
  if (!KINDS.includes(t.kind as TheoremKind))
    fail('kind', `${JSON.stringify(t.kind)} must be one of ${KINDS.join(' | ')}`);
  if (typeof t.claim !== 'string' || t.claim.trim() === '')
    fail('claim', 'must be the statement in LaTeX (String.raw`…`)');
  if (!Array.isArray(t.refs) || t.refs.length === 0)
    fail('refs', "must cite at least one source: [{ arxiv: '2501.09137', where: 'Theorem 1' }]");
  (t.refs as unknown[]).forEach((r, i) => {
    const ref = r as Record<string, unknown>;
    if (typeof ref !== 'object' || ref === null) fail(`refs[${i}]`, 'must be { arxiv | key, where }');
    if (typeof ref.arxiv !== 'string' && typeof ref.key !== 'string') fail(`refs[${i}]`, 'needs an arxiv id or a key');
    if (typeof ref.where !== 'string' || ref.where === '')
      fail(`refs[${i}].where`, "must say where (e.g. 'Theorem 3.1', 'Eq. (12)')");
  });
  const arb = (a: unknown) => (typeof a === 'function' ? (a as (p: ProfileName) => unknown)('ci') : a);
  if (!isArbitrary(arb(t.hypotheses)))
    fail('hypotheses', 'must be a fast-check Arbitrary of exact specs (or a function of the profile returning one)');
  if (!isArbitrary(arb(t.violations)))
    fail(
      'violations',
      'must be a fast-check Arbitrary (negative control: one hypothesis broken), or a function of the profile returning one',
    );
  if (t.witnesses !== undefined && !Array.isArray(t.witnesses)) fail('witnesses', 'must be an array of specs');
  if (t.tightness !== undefined && !(typeof t.tightness === 'number' && t.tightness > 0))
    fail('tightness', 'must be a positive number');
  if (t.search !== undefined && t.search !== 'targeted' && t.search !== 'random')
    fail('search', `${JSON.stringify(t.search)} must be 'targeted' (default) or 'random'`);
  if (typeof t.evaluate !== 'function') fail('evaluate', 'must be a function (B, spec) => Evidence');
  if (t.budget !== undefined) {
    if (typeof t.budget !== 'object' || t.budget === null) fail('budget', 'must be { quick?, ci?, nightly? }');
    for (const [k, v] of Object.entries(t.budget as object)) {
      if (!PROFILES.includes(k as ProfileName)) fail(`budget.${k}`, `unknown profile (use ${PROFILES.join(' | ')})`);
      for (const [f, n] of Object.entries(v as object)) {
        if (!['runs', 'negativeRuns', 'timeMs'].includes(f))
          fail(`budget.${k}.${f}`, 'unknown field (use runs, negativeRuns, timeMs)');
        if (!(Number.isInteger(n) && (n as number) > 0)) fail(`budget.${k}.${f}`, 'must be a positive integer');
      }
    }
  }
}

/** Define a theorem. The object is data: the CLI and the vitest catalogue both run it. */
export function defineTheorem<Spec>(def: TheoremDef<Spec>): Theorem<Spec> {
  validateTheorem(def, typeof def?.id === 'string' ? def.id : 'defineTheorem');
  return Object.freeze({ ...def, __theorem: true as const });
}

/** Cast helper for code that handles theorems of any spec type. */
export type AnyTheorem = Theorem<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
