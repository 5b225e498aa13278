/**
 * The potential registry: every separable potential of the table (squared, negative entropy, hypentropy(β),
 * Woodworth's Q_α, p-norm, x² + |x|³, x² + x⁴), each optionally scaled to a width n. The law suite (./laws.ts) runs
 * over every entry, `mirrorDescent` and the Bregman oracle take any of them, and `thm simulate` reads them (./json.ts).
 * A new potential joins all of these by being added to `POTENTIALS`.
 */
import fc from 'fast-check';
import type { Backend, Num, Repr } from '../numeric/types.js';
import { negEntropy, pNorm, squared } from './elementary.js';
import { hypentropy, woodworth } from './hyperbolic.js';
import { squaredPlusCubic, squaredPlusQuartic } from './polynomial.js';
import { scaled } from './scaled.js';
import type { Potential, PotentialDomain } from './types.js';

/** The one parameter of a potential family. */
export interface PotentialParam {
  /** Its name in reports and JSON ("beta", "alpha", "p"). */
  readonly key: string;
  /** What it is, for messages. */
  readonly what: string;
  /** Exact values the law suite draws (dyadic, so every backend reads the same number). */
  readonly arb: fc.Arbitrary<Num>;
  /** Values `make` must reject with a one-line RangeError naming the parameter. */
  readonly invalid: readonly Num[];
}

export interface PotentialEntry {
  readonly name: string;
  /** φ(x) in words, for `thm simulate --help` style listings. */
  readonly formula: string;
  readonly param: PotentialParam | null;
  readonly domain: PotentialDomain;
  make<R extends Repr>(B: Backend<R>, param: Num | undefined): Potential<R>;
}

/** Dyadic k/8, k ∈ [lo, hi]. */
const eighths = (lo: number, hi: number): fc.Arbitrary<Num> =>
  fc.integer({ min: lo, max: hi }).map((k) => String(k / 8));

function need(name: string, key: string, v: Num | undefined): Num {
  if (v === undefined) throw new RangeError(`${name}: the parameter ${key} is required`);
  return v;
}

export const POTENTIALS = {
  squared: {
    name: 'squared',
    formula: 'x²/2 (mirror descent = GD)',
    param: null,
    domain: 'real',
    make: (B) => squared(B),
  },
  negEntropy: {
    name: 'negEntropy',
    formula: 'x·log x − x on x > 0 (exponentiated gradient)',
    param: null,
    domain: 'positive',
    make: (B) => negEntropy(B),
  },
  hypentropy: {
    name: 'hypentropy',
    formula: 'x·asinh(x/β) − √(x² + β²)',
    param: { key: 'beta', what: 'the hypentropy scale β > 0', arb: eighths(1, 32), invalid: ['0', '-0.5'] },
    domain: 'real',
    make: (B, v) => hypentropy(B, B.num(need('hypentropy', 'beta', v))),
  },
  woodworth: {
    name: 'woodworth',
    formula: 'α²·q(x/α²), q(s) = 2 − √(4 + s²) + s·asinh(s/2) (Q_α of diagonal linear networks)',
    param: { key: 'alpha', what: 'the initialization scale α > 0', arb: eighths(1, 16), invalid: ['0', '-1'] },
    domain: 'real',
    make: (B, v) => woodworth(B, B.num(need('woodworth', 'alpha', v))),
  },
  pNorm: {
    name: 'pNorm',
    formula: '|x|^p/p, p > 1',
    param: {
      key: 'p',
      what: 'the exponent p > 1',
      arb: fc.constantFrom('1.5', '2', '2.5', '3', '4'),
      invalid: ['1', '0.5', '-2'],
    },
    domain: 'real',
    make: (B, v) => pNorm(B, need('pNorm', 'p', v)),
  },
  squaredPlusCubic: {
    name: 'squaredPlusCubic',
    formula: 'x² + |x|³',
    param: null,
    domain: 'real',
    make: (B) => squaredPlusCubic(B),
  },
  squaredPlusQuartic: {
    name: 'squaredPlusQuartic',
    formula: 'x² + x⁴',
    param: null,
    domain: 'real',
    make: (B) => squaredPlusQuartic(B),
  },
} as const satisfies Readonly<Record<string, PotentialEntry>>;

export type PotentialName = keyof typeof POTENTIALS;

/** The registry by name, for code that dispatches on a name read from input (check `Object.hasOwn` first). */
export const POTENTIAL_ENTRIES: Readonly<Record<string, PotentialEntry>> = POTENTIALS;

/** A potential as exact data: its registry name, its parameter (if the family has one), and a width to scale it to. */
export interface PotentialSpec {
  readonly name: PotentialName;
  readonly param?: Num;
  /** φ_n(x) = φ(√n·x)/n (./scaled.ts); absent = unscaled. */
  readonly width?: number;
}

/** The potential a spec names, on backend B (a one-line RangeError for an unknown name or a bad parameter). */
export function makePotential<R extends Repr>(B: Backend<R>, s: PotentialSpec): Potential<R> {
  if (!Object.hasOwn(POTENTIALS, s.name)) {
    throw new RangeError(`unknown potential "${s.name}" (one of ${Object.keys(POTENTIALS).join(', ')})`);
  }
  const entry: PotentialEntry = POTENTIALS[s.name];
  const base = entry.make(B, s.param);
  return s.width === undefined ? base : scaled(B, base, s.width);
}

/** Specs of every registered potential with drawn parameters, unscaled or at a width 4^k (c = 2^k exact). */
export const potentialSpecArb: fc.Arbitrary<PotentialSpec> = fc
  .tuple(
    fc.constantFrom(...(Object.keys(POTENTIALS) as PotentialName[])),
    fc.option(fc.constantFrom(1, 4, 16), { nil: undefined }),
  )
  .chain(([name, width]) => {
    const entry: PotentialEntry = POTENTIALS[name];
    const param = entry.param === null ? fc.constant(undefined) : entry.param.arb;
    return param.map((p) => ({
      name,
      ...(p === undefined ? {} : { param: p }),
      ...(width === undefined ? {} : { width }),
    }));
  });

/** A short label: "hypentropy(beta=0.5)", "squaredPlusCubic@width=16". */
export function potentialLabel(s: PotentialSpec): string {
  const entry: PotentialEntry = POTENTIALS[s.name];
  const p = entry.param === null || s.param === undefined ? '' : `(${entry.param.key}=${s.param})`;
  return `${s.name}${p}${s.width === undefined ? '' : `@width=${s.width}`}`;
}
