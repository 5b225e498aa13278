/**
 * A potential in a `thm simulate` spec (README.md "thm simulate"):
 *   "squared" | "negEntropy" | "squaredPlusCubic" | "squaredPlusQuartic"      (no parameter)
 *   {"hypentropy": "β"} | {"woodworth": "α"} | {"pNorm": "p"}                  (one parameter)
 *   {"scaled": <one of the above>, "width": n}                                 (φ_n(x) = φ(√n·x)/n)
 * "euclidean" is read as "squared" (its name before the registry). Errors are InputErrors naming the field.
 */
import { count, fail, num, obj, onlyKeys, type JsonObject } from '../json/read.js';
import { cmp, ONE, parseNum, ZERO } from '../numeric/rational.js';
import { POTENTIALS, type PotentialEntry, type PotentialName, type PotentialSpec } from './registry.js';

const NAMES = Object.keys(POTENTIALS) as PotentialName[];
const isName = (k: string): k is PotentialName => (NAMES as string[]).includes(k);

function hint(): string {
  return NAMES.map((n) => {
    const e: PotentialEntry = POTENTIALS[n];
    return e.param === null ? `"${n}"` : `{"${n}": ${e.param.key}}`;
  }).join(', ');
}

/** Checks a parameter string against the family's own rule (the factory's RangeError, as an InputError). */
function checkParam(name: PotentialName, value: string, path: string): void {
  const entry: PotentialEntry = POTENTIALS[name];
  if (entry.param === null) return;
  const v = num(value, path);
  // decided exactly: β, α > 0; p > 1
  const ok = cmp(parseNum(v, path), name === 'pNorm' ? ONE : ZERO) > 0;
  if (!ok) fail(path, `${v} must be ${name === 'pNorm' ? '> 1' : '> 0'} (${entry.param.what})`);
}

/** Reads one potential at `path` (a string, {name: param}, or {"scaled": …, "width": n}). */
export function readPotential(x: unknown, path: string): PotentialSpec {
  if (typeof x === 'string') {
    if (x === 'euclidean') return { name: 'squared' };
    if (!isName(x)) fail(path, `unknown potential ${JSON.stringify(x)} (one of ${hint()})`);
    const entry: PotentialEntry = POTENTIALS[x];
    if (entry.param !== null) fail(path, `"${x}" needs its parameter: write {"${x}": ${entry.param.key}}`);
    return { name: x };
  }
  const o: JsonObject = obj(x, path);
  if (Object.hasOwn(o, 'scaled')) {
    onlyKeys(o, path, ['scaled', 'width'], 'a scaled potential');
    if (o.width === undefined) fail(`${path}.width`, 'is required (the width n ≥ 1 of φ_n(x) = φ(√n·x)/n)');
    const inner = readPotential(o.scaled, `${path}.scaled`);
    if (inner.width !== undefined) fail(`${path}.scaled`, 'is already scaled (scale once)');
    return { ...inner, width: count(o.width, `${path}.width`, 1) };
  }
  const keys = Object.keys(o);
  if (keys.length !== 1 || !isName(keys[0]!)) fail(path, `must be one of ${hint()}, or {"scaled": …, "width": n}`);
  const name = keys[0];
  const entry: PotentialEntry = POTENTIALS[name];
  if (entry.param === null) fail(path, `"${name}" has no parameter: write "${name}"`);
  const value = num(o[name], `${path}.${name}`);
  checkParam(name, value, `${path}.${name}`);
  return { name, param: value };
}
