/**
 * Spec arbitrary laws (fast-check's ArbitraryAssertions): any arbitrary of exact specs must
 * (1) give the same specs for the same seed, (2) produce plain JSON whose only numbers are canonical exact decimal
 * strings (integers allowed for counts/seeds), (3) survive a JSON round trip, (4) satisfy its constraint, checked
 * exactly in BigInt rationals, and (5) shrink toward simpler specs (fewer digits, smaller dimension).
 */
import fc from 'fast-check';
import { isNum, isSpecial } from '../numeric/exact.js';
import { canonicalJson } from './canonical.js';
import { normNum, sigDigits } from '../numeric/rational.js';

/** An arbitrary of specs with its exact validity check (throws an Error saying what is violated). */
export interface SpecArbitraryEntry<T> {
  readonly arb: fc.Arbitrary<T>;
  readonly check: (spec: T) => void;
  /** The spec that shrinking an always-failing property must reach, when it is known. */
  readonly simplest?: T;
}

/** Throws unless `value` is plain JSON whose strings are canonical finite exact decimals and whose numbers are safe
 * integers (counts, seeds). Names the offending path. */
export function assertExactJson(value: unknown, path = 'spec'): void {
  if (typeof value === 'string') {
    if (!isNum(value) || isSpecial(value))
      throw new Error(`${path}: ${JSON.stringify(value)} is not a finite exact decimal string`);
    if (normNum(value) !== value)
      throw new Error(
        `${path}: ${JSON.stringify(value)} is not canonical (expected ${JSON.stringify(normNum(value))})`,
      );
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new Error(`${path}: JS number ${value} (only integer counts/seeds may be numbers)`);
    return;
  }
  if (value === null || typeof value === 'boolean') return;
  if (Array.isArray(value)) return value.forEach((x, i) => assertExactJson(x, `${path}[${i}]`));
  if (typeof value === 'object') {
    if (Object.getPrototypeOf(value) !== Object.prototype) throw new Error(`${path}: not a plain object`);
    for (const [k, x] of Object.entries(value)) assertExactJson(x, `${path}.${k}`);
    return;
  }
  throw new Error(`${path}: ${typeof value} is not JSON`);
}

/**
 * Simplicity measure used by the shrinking law: for every decimal leaf, 1 + significant digits + 1 if negative;
 * for every integer leaf its bit length; +1 per array element. Smaller dimension and fewer digits both lower it.
 */
export function complexity(value: unknown): number {
  if (typeof value === 'string') return 1 + sigDigits(value) + (value.startsWith('-') ? 1 : 0);
  if (typeof value === 'number') return Math.abs(value).toString(2).length;
  if (Array.isArray(value)) return value.reduce<number>((s, x) => s + 1 + complexity(x), 0);
  if (value !== null && typeof value === 'object')
    return Object.values(value).reduce<number>((s, x) => s + complexity(x), 0);
  return 0;
}

/** Options of `specLaws`. */
export interface SpecLawOptions {
  /** Runs per law. @defaultValue 40 */
  readonly numRuns?: number;
  /** Seeds at which shrinking is exercised. @defaultValue [1, 2, 3] */
  readonly shrinkSeeds?: readonly number[];
}

/** A named law: `run` throws on violation. */
export interface Law {
  readonly name: string;
  readonly run: () => void;
}

/** The five laws for one spec arbitrary, as named thunks (a test file wraps each in `it`). */
export function specLaws<T>(entry: SpecArbitraryEntry<T>, options: SpecLawOptions = {}): Law[] {
  const numRuns = options.numRuns ?? 40;
  const { arb, check } = entry;
  return [
    {
      name: 'gives the same specs for the same seed',
      run: () => {
        for (const seed of [7, 12345]) {
          const a = fc.sample(arb, { seed, numRuns: 10 }).map(canonicalJson);
          const b = fc.sample(arb, { seed, numRuns: 10 }).map(canonicalJson);
          if (a.join('\n') !== b.join('\n')) throw new Error(`seed ${seed}: two samples differ`);
        }
      },
    },
    {
      name: 'produces plain JSON whose numbers are canonical exact decimal strings',
      run: () =>
        fc.assert(
          fc.property(arb, (s) => assertExactJson(s)),
          { numRuns },
        ),
    },
    {
      name: 'survives a JSON round trip unchanged',
      run: () =>
        fc.assert(
          fc.property(arb, (s) => {
            const back = JSON.parse(JSON.stringify(s)) as unknown;
            if (canonicalJson(back) !== canonicalJson(s)) throw new Error('JSON round trip changed the spec');
          }),
          { numRuns },
        ),
    },
    {
      name: 'satisfies its constraint exactly on every sample',
      run: () =>
        fc.assert(
          fc.property(arb, (s) => check(s)),
          { numRuns },
        ),
    },
    {
      name: 'shrinks to its documented simplest spec, or else to a valid spec no more complex than the first',
      run: () => {
        for (const seed of options.shrinkSeeds ?? [1, 2, 3]) {
          let first: T | undefined;
          const out = fc.check(
            fc.property(arb, (s) => {
              first ??= s;
              return false;
            }),
            { seed, numRuns: 1 },
          );
          if (!out.failed || !out.counterexample) throw new Error('an always-false property did not fail');
          const [shrunk] = out.counterexample;
          check(shrunk);
          // With a documented target (`simplest`) the target is the law (logUniform shrinks toward min, which may
          // carry more digits than a sample like "4e4"); otherwise shrinking must not add digits or dimensions.
          if (entry.simplest === undefined && complexity(shrunk) > complexity(first)) {
            throw new Error(
              `seed ${seed}: shrunk ${canonicalJson(shrunk)} (complexity ${complexity(shrunk)}) is more complex than ${canonicalJson(first)} (${complexity(first)})`,
            );
          }
          if (entry.simplest !== undefined && canonicalJson(shrunk) !== canonicalJson(entry.simplest)) {
            throw new Error(
              `seed ${seed}: shrunk to ${canonicalJson(shrunk)}, expected ${canonicalJson(entry.simplest)}`,
            );
          }
        }
      },
    },
  ];
}
