/**
 * Scalar arbitraries producing exact decimal strings (Num) inside their range BY CONSTRUCTION (no .filter).
 *
 * Shrinking: every grid arbitrary is a (precision level p, integer k) pair mapped to a number. fast-check shrinks the
 * tuple left to right, so it first lowers p (fewer binary/decimal digits: 0.7109375 → 0.75 → 0.5 → 1) and then moves
 * k toward 0, or toward the end of the range nearest 0 when 0 is outside it (fc.bigInt's own shrink target).
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { ceil, cmp, div, exp10Floor, floor, fromInt, mul, parseNum, q, toNum } from '../numeric/rational.js';

/** Options of a grid arbitrary: numbers k·base^-places in [min, max]. */
interface GridOptions {
  readonly base: bigint;
  readonly places: number;
  readonly min: Num;
  readonly max: Num;
  readonly minExcluded?: boolean;
  readonly maxExcluded?: boolean;
  readonly name: string;
}

const floorDiv = (a: bigint, b: bigint): bigint => floor(q(a, b));
const ceilDiv = (a: bigint, b: bigint): bigint => ceil(q(a, b));

function gridArb(o: GridOptions): fc.Arbitrary<Num> {
  if (!Number.isInteger(o.places) || o.places < 0 || o.places > 200) {
    throw new RangeError(
      `${o.name}: ${o.base === 2n ? 'bits' : 'digits'} must be an integer in [0, 200], got ${o.places}`,
    );
  }
  const lo = parseNum(o.min, `${o.name} constraints.min`);
  const hi = parseNum(o.max, `${o.name} constraints.max`);
  const scale = o.base ** BigInt(o.places); // value = k / scale
  const klo = mul(lo, fromInt(scale));
  const khi = mul(hi, fromInt(scale));
  const kmin = o.minExcluded ? floor(klo) + 1n : ceil(klo);
  const kmax = o.maxExcluded ? ceil(khi) - 1n : floor(khi);
  if (kmin > kmax) {
    throw new RangeError(
      `${o.name}: no multiple of ${o.base}^-${o.places} lies in ${o.minExcluded ? '(' : '['}${o.min}, ${o.max}${o.maxExcluded ? ')' : ']'}; ` +
        `widen the range or increase ${o.base === 2n ? 'bits' : 'digits'}`,
    );
  }
  const target = kmin > 0n ? kmin : kmax < 0n ? kmax : 0n; // where fc.bigInt shrinks to
  const step = (p: number): bigint => o.base ** BigInt(o.places - p);
  const hasMultiple = (s: bigint): boolean => ceilDiv(kmin, s) * s <= kmax;
  let pmin = 0;
  while (!hasMultiple(step(pmin))) pmin++; // terminates: step(places) = 1
  const snap = (k: bigint, p: number): bigint => {
    const s = step(p);
    // the grid-s multiple next to k on the side of the shrink target, else the one on the other side, else k itself
    const toward = k >= target ? floorDiv(k, s) * s : ceilDiv(k, s) * s;
    if (toward >= kmin && toward <= kmax) return toward;
    const away = k >= target ? toward + s : toward - s;
    return away >= kmin && away <= kmax ? away : k;
  };
  return fc
    .tuple(fc.integer({ min: pmin, max: o.places }), fc.bigInt({ min: kmin, max: kmax }))
    .map(([p, k]) => toNum(q(snap(k, p), scale)));
}

/** Constraints of `dyadic`. */
export interface DyadicConstraints {
  /** Lower bound (exact decimal). @defaultValue "-1" */
  readonly min?: Num;
  /** Upper bound (exact decimal). @defaultValue "1" */
  readonly max?: Num;
  /** Finest grid 2^-bits. @defaultValue 10 */
  readonly bits?: number;
  /** Exclude min itself. @defaultValue false */
  readonly minExcluded?: boolean;
  /** Exclude max itself. @defaultValue false */
  readonly maxExcluded?: boolean;
}

/**
 * Dyadic rationals k/2^bits in [min, max] as exact strings (exactly representable in every backend when bits ≤ 52
 * and |value| < 2^(53-bits)). Shrinks toward fewer bits, then toward 0 (or the end nearest 0).
 * @example dyadic({ min: '0', max: '8', bits: 6 }) // "5.296875", "0.5", "8", …
 */
export function dyadic(c: DyadicConstraints = {}): fc.Arbitrary<Num> {
  return gridArb({
    base: 2n,
    places: c.bits ?? 10,
    min: c.min ?? '-1',
    max: c.max ?? '1',
    minExcluded: c.minExcluded,
    maxExcluded: c.maxExcluded,
    name: 'dyadic',
  });
}

/** Constraints of `decimalNum`. */
export interface DecimalConstraints {
  /** @defaultValue "-1" */
  readonly min?: Num;
  /** @defaultValue "1" */
  readonly max?: Num;
  /** Decimal places of the finest grid 10^-digits. @defaultValue 3 */
  readonly digits?: number;
  readonly minExcluded?: boolean;
  readonly maxExcluded?: boolean;
}

/**
 * Decimals k/10^digits in [min, max] as exact strings ("0.137"); these are NOT exact in f64/dd, which is the point
 * when a theorem should see values a user would type. Shrinks toward fewer digits, then toward 0.
 */
export function decimalNum(c: DecimalConstraints = {}): fc.Arbitrary<Num> {
  return gridArb({
    base: 10n,
    places: c.digits ?? 3,
    min: c.min ?? '-1',
    max: c.max ?? '1',
    minExcluded: c.minExcluded,
    maxExcluded: c.maxExcluded,
    name: 'decimalNum',
  });
}

/** u ∈ (0, 1), dyadic with at most `bits` bits (default 16); shrinks toward 1/2. For η = u·2/L. */
export function openUnit(c: { readonly bits?: number } = {}): fc.Arbitrary<Num> {
  return dyadic({ min: '0', max: '1', bits: c.bits ?? 16, minExcluded: true, maxExcluded: true });
}

/** Constraints of `unitInterval`. */
export interface IntervalConstraints {
  readonly lo: Num;
  readonly hi: Num;
  /** Exclude both ends. @defaultValue true */
  readonly open?: boolean;
  /** @defaultValue 16 */
  readonly bits?: number;
}

/**
 * A dyadic u in (lo, hi) (or [lo, hi] when open is false), e.g. `unitInterval({ lo: '1', hi: '1.5' })` for the
 * violation range η = u·2/L with u ∈ (1, 1.5). Shrinks toward the coarsest dyadic inside (1.25 for (1, 1.5)).
 */
export function unitInterval(c: IntervalConstraints): fc.Arbitrary<Num> {
  const open = c.open ?? true;
  return dyadic({ min: c.lo, max: c.hi, bits: c.bits ?? 16, minExcluded: open, maxExcluded: open });
}

/** Constraints of `logUniform`. */
export interface LogUniformConstraints {
  /** Positive lower bound. */
  readonly min: Num;
  /** Upper bound ≥ min. */
  readonly max: Num;
  /** Significant decimal digits of the mantissa. @defaultValue 3 */
  readonly digits?: number;
}

/**
 * Positive scales m·10^e in [min, max] with a `digits`-significant-digit mantissa: the decade e is uniform (so
 * every order of magnitude is covered), the mantissa uniform within it; values outside [min, max] are clamped to the
 * nearest end (so the ends occur as atoms). Shrinks toward 1 (e → 0, m → 1), or toward min/max when 1 is outside.
 */
export function logUniform(c: LogUniformConstraints): fc.Arbitrary<Num> {
  const lo = parseNum(c.min, 'logUniform constraints.min');
  const hi = parseNum(c.max, 'logUniform constraints.max');
  if (lo.n <= 0n) throw new RangeError(`logUniform: constraints.min must be > 0, got ${c.min}`);
  if (cmp(lo, hi) > 0)
    throw new RangeError(`logUniform: constraints.min (${c.min}) must be ≤ constraints.max (${c.max})`);
  const digits = c.digits ?? 3;
  if (!Number.isInteger(digits) || digits < 1 || digits > 30)
    throw new RangeError(`logUniform: digits must be an integer in [1, 30], got ${digits}`);
  const emin = exp10Floor(lo);
  const emax = exp10Floor(hi);
  const mlo = 10n ** BigInt(digits - 1);
  return fc
    .tuple(
      fc.integer({ min: 1, max: digits }),
      fc.integer({ min: emin, max: emax }),
      fc.bigInt({ min: mlo, max: 10n * mlo - 1n }),
    )
    .map(([p, e, m]) => {
      const s = 10n ** BigInt(digits - p);
      const mant = (m / s) * s; // keep p significant digits
      const sh = e - digits + 1;
      let x = sh >= 0 ? fromInt(mant * 10n ** BigInt(sh)) : q(mant, 10n ** BigInt(-sh));
      if (cmp(x, lo) < 0) x = lo;
      if (cmp(x, hi) > 0) x = hi;
      return toNum(x);
    });
}

/** Constraints of `nonzeroDyadic`. */
export interface NonzeroConstraints {
  /** Smallest magnitude, > 0. @defaultValue "0.125" */
  readonly minAbs?: Num;
  /** Largest magnitude. @defaultValue "4" */
  readonly maxAbs?: Num;
  /** @defaultValue 10 */
  readonly bits?: number;
}

/** ±x with x a dyadic in [minAbs, maxAbs], minAbs > 0: never zero by construction. Shrinks toward +minAbs-ish. */
export function nonzeroDyadic(c: NonzeroConstraints = {}): fc.Arbitrary<Num> {
  const minAbs = c.minAbs ?? '0.125';
  if (parseNum(minAbs, 'nonzeroDyadic constraints.minAbs').n <= 0n) {
    throw new RangeError(`nonzeroDyadic: constraints.minAbs must be > 0, got ${minAbs}`);
  }
  return fc
    .tuple(fc.boolean(), dyadic({ min: minAbs, max: c.maxAbs ?? '4', bits: c.bits ?? 10 }))
    .map(([negative, x]) => (negative ? '-' + x : x));
}

/** An integer seed in [0, 2^31 − 1] for specs that need randomness downstream (the dynamics RNG); shrinks toward 0. */
export function seed(): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 0x7fffffff });
}

/** Exact quotient a/b of decimals when it is a finite decimal (throws otherwise): e.g. u·2/L in spec space. */
export function exactDiv(a: Num, b: Num, where = 'exactDiv'): Num {
  return toNum(div(parseNum(a, `${where} numerator`), parseNum(b, `${where} denominator`)), where);
}
