/**
 * Bugs in a user's theorem file, told apart from counterexamples: what `evaluate` returns must be Evidence, what a
 * generator produces must be exact JSON, and an exception is reported at the user's own line (stack frames are
 * source-mapped to the .ts file by tsx, so the line is the one in the editor).
 */
import fs from 'node:fs';
import path from 'node:path';
import { isNum, isSpecial } from '../numeric/exact.js';
import { PROJECT_ROOT } from './discover.js';
import type { Evidence } from './types.js';

const RELS = new Set(['<=', '>=', '==']);

/** A short description of a value for messages: "the number 3", "a Promise", "an array of 2". */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' || typeof v === 'bigint') return `the ${typeof v} ${String(v)}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'function') return 'a function';
  if (typeof (v as { then?: unknown }).then === 'function') return 'a Promise';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    return keys.length === 0 ? 'an empty object {}' : `an object with keys ${keys.slice(0, 6).join(', ')}`;
  }
  return `a ${typeof v}`;
}

/** Why `ev` is not Evidence { claims: Claim[] } with exact decimal strings in every claim, or null when it is. */
export function evidenceProblem(ev: unknown): string | null {
  const not = `evaluate returned ${describeValue(ev)}, not Evidence { claims: Claim[] }`;
  if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) return not;
  if (typeof (ev as { then?: unknown }).then === 'function')
    return `${not}: evaluate must be synchronous (no async, no Promise)`;
  const e = ev as Record<keyof Evidence, unknown>;
  if (e.hypothesisViolated !== undefined && typeof e.hypothesisViolated !== 'string')
    return 'Evidence.hypothesisViolated must be a string (use hypothesisViolated(reason))';
  if (e.inconclusive !== undefined && typeof e.inconclusive !== 'string')
    return 'Evidence.inconclusive must be a string (use inconclusive(reason))';
  if (!Array.isArray(e.claims))
    return e.claims === undefined ? not : `Evidence.claims is ${describeValue(e.claims)}, not an array of claims`;
  for (const [i, c] of (e.claims as unknown[]).entries()) {
    const where = `Evidence.claims[${i}]`;
    if (typeof c !== 'object' || c === null)
      return `${where} is ${describeValue(c)}: build claims with claims.le/ge/eq`;
    const k = c as Record<string, unknown>;
    if (typeof k.label !== 'string') return `${where}.label is ${describeValue(k.label)}, not a string`;
    if (!RELS.has(k.rel as string)) return `${where}.rel is ${describeValue(k.rel)}, not one of <= | >= | ==`;
    for (const side of ['lhs', 'rhs', 'err'] as const) {
      // "NaN"/"Infinity" strings are what B.show prints for a diverged value: judged `invalid`, then refereed
      if (!isNum(k[side]))
        return `${where}.${side} (${k.label}) is ${describeValue(k[side])}, not an exact decimal string (build claims with claims.le/ge/eq)`;
    }
  }
  return null;
}

const NUMERIC_START = /^[+-]?[\d.]/;
const NONFINITE_WORD = /^[+-]?(inf|infinity|nan)$/i;

/**
 * Why a generated spec is not exact JSON, naming the path, or null. Strings that look numeric must be finite exact
 * decimals; other strings are tags ("logistic", "svm") and pass; numbers must be finite; nothing else but null,
 * booleans, arrays and plain objects.
 */
export function specValueProblem(v: unknown, at = 'spec'): string | null {
  if (typeof v === 'string') {
    if (NONFINITE_WORD.test(v)) return `${at} is ${JSON.stringify(v)}: not a finite number`;
    if (NUMERIC_START.test(v) && (!isNum(v) || isSpecial(v)))
      return `${at} is ${JSON.stringify(v)}: not an exact decimal string`;
    return null;
  }
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? null
      : `${at} is the number ${v}: specs hold finite numbers only (exact decimal strings)`;
  if (v === null || typeof v === 'boolean') return null;
  if (Array.isArray(v)) {
    for (const [i, x] of v.entries()) {
      const p = x === undefined ? `${at}[${i}] is undefined: not JSON` : specValueProblem(x, `${at}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) {
      const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'class instance';
      return `${at} is a ${name}: specs are plain JSON`;
    }
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue; // dropped by JSON, as in the stored fixture
      const p = specValueProblem(x, `${at}.${k}`);
      if (p !== null) return p;
    }
    return null;
  }
  return `${at} is ${describeValue(v)}: not JSON`;
}

const FRAME = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):(\d+):(\d+)\)?\s*$/;

/** The framework's own code (its frames are skipped): src/ except theorem and helper files, node_modules, node:. */
function isFrameworkFile(file: string): boolean {
  if (file.includes(`${path.sep}node_modules${path.sep}`)) return true;
  if (file.endsWith('.theorem.ts') || file.endsWith('.lib.ts')) return false;
  return !path.relative(path.join(PROJECT_ROOT, 'src'), file).startsWith('..');
}

function shown(file: string): string {
  return path.relative(process.cwd(), file) || file;
}

/** "file:line" of the innermost stack frame in the user's code (not the framework's, not node's), or undefined. */
export function userFrame(stack: string | undefined): string | undefined {
  for (const line of (stack ?? '').split('\n').slice(1)) {
    const m = FRAME.exec(line.trim());
    if (m === null) continue;
    const file = m[1]!.startsWith('file://') ? new URL(m[1]!).pathname : m[1]!;
    if (!isFrameworkFile(file)) return `${shown(file)}:${m[2]}`;
  }
  return undefined;
}

/**
 * "file:line" of the first line of `file` that defines `key` (`evaluate(`, `hypotheses:` …), for bugs that leave no
 * stack (a bad return value); the file alone when the key is not found there (a theorem built by a helper).
 */
export function locate(file: string | undefined, key: string): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return shown(file);
  }
  const re = new RegExp(`\\b${key}\\s*[(:]`);
  const i = text.split('\n').findIndex((l) => re.test(l));
  return i < 0 ? shown(path.resolve(file)) : `${shown(path.resolve(file))}:${i + 1}`;
}
