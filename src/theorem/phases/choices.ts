/**
 * Choice sequences for the targeted phase: every draw an arbitrary makes from fast-check's `Random` (an integer in a
 * range, a bigint in a range, a double in [0, 1)) is recorded with its range, so an instance can be regenerated from
 * the record, and a mutated record (a few draws moved inside their own ranges) regenerates a NEIGHBOURING instance of
 * the same arbitrary. Whatever the record says, the arbitrary still builds the value, so every mutant satisfies the
 * hypotheses by construction (the Hypothesis/Conjecture idea of mutating the choice sequence, on fast-check).
 */
import fc from 'fast-check';

/** One draw, with the range it was drawn from. */
export type Choice =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly v: number }
  | { readonly kind: 'big'; readonly min: bigint; readonly max: bigint; readonly v: bigint }
  | { readonly kind: 'double'; readonly v: number };

/** What regenerates one generated instance: the bias fast-check passed and the draws in order. */
export interface ChoiceRecord {
  readonly bias: number | undefined;
  readonly choices: readonly Choice[];
}

/** The part of fast-check's `Random` that arbitraries call. */
interface Source {
  nextInt(min: number, max: number): number;
  nextBigInt(min: bigint, max: bigint): bigint;
  nextDouble(): number;
  clone(): Source;
  getState?(): readonly number[] | undefined;
}

const MIN_INT = -0x80000000;
const MAX_INT = 0x7fffffff;

/** A small seeded generator (mulberry32) for draws past the end of a replayed record and for mutations. */
export class Mulberry implements Source {
  constructor(private s: number) {}
  private u32(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  }
  nextDouble(): number {
    return ((this.u32() >>> 5) * 67108864 + (this.u32() >>> 6)) / 9007199254740992;
  }
  nextInt(min: number, max: number): number {
    return min + Math.floor(this.nextDouble() * (max - min + 1));
  }
  nextBigInt(min: bigint, max: bigint): bigint {
    const width = max - min + 1n;
    let r = 0n;
    for (let b = 0n; 1n << b < width * 0x100000000n; b += 32n) r = (r << 32n) | BigInt(this.u32());
    return min + (r % width);
  }
  clone(): Mulberry {
    return new Mulberry(this.s);
  }
}

/**
 * A recorded draw asked for again from another range (a mutation upstream changed what the arbitrary asks for, e.g.
 * a biased sub-range became the full range): the same relative position in the new range, so that a value from a
 * narrow biased range does not pin the mutant there.
 */
function rescale(p: Extract<Choice, { kind: 'int' }>, min: number, max: number): number {
  if (p.min === min && p.max === max) return p.v;
  const r = p.max === p.min ? 0.5 : (p.v - p.min) / (p.max - p.min);
  return Math.min(max, Math.max(min, min + Math.round(r * (max - min))));
}

function rescaleBig(p: Extract<Choice, { kind: 'big' }>, min: bigint, max: bigint): bigint {
  if (p.min === min && p.max === max) return p.v;
  const v = p.max === p.min ? min + (max - min) / 2n : min + ((p.v - p.min) * (max - min)) / (p.max - p.min);
  return v < min ? min : v > max ? max : v;
}

/**
 * Replays `prefix` (each draw clamped into the range asked for now; a draw of another kind is taken from `source`)
 * and then draws from `source`; logs every value it returns. With an empty prefix and fast-check's own Random as the
 * source it is transparent: the arbitrary generates exactly what it would have generated, and the log records it.
 */
export class ChoiceRandom implements Source {
  readonly log: Choice[] = [];
  constructor(
    private readonly prefix: readonly Choice[],
    private readonly source: Source,
    private cursor = 0,
  ) {}

  private take(): Choice | undefined {
    return this.cursor < this.prefix.length ? this.prefix[this.cursor++] : undefined;
  }
  nextInt(min = MIN_INT, max = MAX_INT): number {
    const p = this.take();
    const v = p?.kind === 'int' ? rescale(p, min, max) : this.source.nextInt(min, max);
    this.log.push({ kind: 'int', min, max, v });
    return v;
  }
  next(bits: number): number {
    return this.nextInt(0, (1 << bits) - 1);
  }
  nextBoolean(): boolean {
    return this.nextInt(0, 1) === 1;
  }
  nextBigInt(min: bigint, max: bigint): bigint {
    const p = this.take();
    const v = p?.kind === 'big' ? rescaleBig(p, min, max) : this.source.nextBigInt(min, max);
    this.log.push({ kind: 'big', min, max, v });
    return v;
  }
  nextDouble(): number {
    const p = this.take();
    const v = p?.kind === 'double' ? p.v : this.source.nextDouble();
    this.log.push({ kind: 'double', v });
    return v;
  }
  /** A clone continues from the same point (fast-check clones to regenerate); its draws are not logged here. */
  clone(): ChoiceRandom {
    return new ChoiceRandom(this.prefix, this.source.clone(), this.cursor);
  }
  getState(): readonly number[] | undefined {
    return this.source.getState?.();
  }
  /** The object fast-check's arbitraries are handed (they only call the methods above). */
  asRandom(): fc.Random {
    return this;
  }
}

/**
 * The `hypotheses` arbitrary, unchanged, with the choice record of the value it generated last (the random phase reads
 * it inside the property, which fast-check runs right after generating the value).
 */
export class Recorded<T> extends fc.Arbitrary<T> {
  last: ChoiceRecord | null = null;
  constructor(readonly inner: fc.Arbitrary<T>) {
    super();
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const r = new ChoiceRandom([], mrng);
    const v = this.inner.generate(r.asRandom(), biasFactor);
    this.last = { bias: biasFactor, choices: r.log };
    return v;
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.inner.canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.inner.shrink(value, context);
  }
}

/** Regenerate a value from a (possibly mutated) record; draws past its end come from `fallbackSeed`. */
export function regenerate<T>(
  arb: fc.Arbitrary<T>,
  rec: ChoiceRecord,
  fallbackSeed: number,
): { value: fc.Value<T>; rec: ChoiceRecord } {
  const r = new ChoiceRandom(rec.choices, new Mulberry(fallbackSeed));
  const value = arb.generate(r.asRandom(), rec.bias);
  return { value, rec: { bias: rec.bias, choices: r.log } };
}

/** A move of one numeric draw by `delta` (in the draw's own units), repeatable (line search along it). */
export interface Move {
  readonly at: number;
  readonly delta: number | bigint;
}

const bitLength = (x: bigint): number => x.toString(2).length;

/** `c` moved by `delta`, clamped into its range. */
function shift(c: Choice, delta: number | bigint): Choice {
  if (c.kind === 'big') {
    const v = c.v + BigInt(delta);
    return { ...c, v: v < c.min ? c.min : v > c.max ? c.max : v };
  }
  const v = c.v + Number(delta);
  if (c.kind === 'double') return { kind: 'double', v: Math.min(1 - 2 ** -53, Math.max(0, v)) };
  return { ...c, v: Math.min(c.max, Math.max(c.min, Math.round(v))) };
}

/**
 * A step of random sign on a log-uniform scale (from the whole range down to one unit, so coarse and fine moves are
 * equally likely), or (one time in eight) a fresh uniform draw, which lets the search leave a basin.
 */
function perturb(c: Choice, rng: Mulberry): { c: Choice; delta?: number | bigint } {
  const fresh = rng.nextInt(0, 7) === 0;
  const sign = rng.nextInt(0, 1) === 0 ? -1 : 1;
  if (c.kind === 'double') {
    if (fresh) return { c: { kind: 'double', v: rng.nextDouble() } };
    const delta = sign * (1 + rng.nextDouble()) * 2 ** -rng.nextInt(1, 53);
    return { c: shift(c, delta), delta };
  }
  if (c.kind === 'int') {
    if (fresh) return { c: { ...c, v: rng.nextInt(c.min, c.max) } };
    const bits = Math.ceil(Math.log2(c.max - c.min + 1));
    const delta = sign * Math.max(1, Math.floor((1 + rng.nextDouble()) * 2 ** (rng.nextInt(0, bits) - 1)));
    return { c: shift(c, delta), delta };
  }
  if (fresh) return { c: { ...c, v: rng.nextBigInt(c.min, c.max) } };
  const bits = bitLength(c.max - c.min + 1n);
  const mag = 1n << BigInt(rng.nextInt(0, bits));
  const delta = (sign < 0 ? -1n : 1n) * (mag + (mag * BigInt(rng.nextInt(0, 1023))) / 1024n);
  return { c: shift(c, delta), delta };
}

/**
 * How much of the instance a draw decides: the bits of its range (a double: 53). Most draws of a record are
 * fast-check's own decisions (bias on or off, which biased sub-range, a record's key order) of one or two bits, while
 * the values themselves span tens of bits; picking draws uniformly would spend most mutations on the decisions, which
 * also shift every later draw onto another meaning.
 */
export function drawBits(c: Choice): number {
  if (c.kind === 'double') return 53;
  if (c.kind === 'big') return c.max > c.min ? bitLength(c.max - c.min) : 0;
  return Math.log2(c.max - c.min + 1);
}

/** A draw index with probability proportional to its bits (-1 when no draw has a choice). */
function pick(choices: readonly Choice[], rng: Mulberry): number {
  const total = choices.reduce((t, c) => t + drawBits(c), 0);
  if (!(total > 0)) return -1;
  let u = rng.nextDouble() * total;
  for (let i = 0; i < choices.length; i++) {
    u -= drawBits(choices[i]!);
    if (u < 0) return i;
  }
  for (let i = choices.length - 1; ; i--) if (drawBits(choices[i]!) > 0) return i; // u ran past the end by rounding
}

/**
 * A mutant of `rec`: one draw moved (three quarters of the time; then the move is returned), or two to four; draws
 * are picked in proportion to their bits (drawBits).
 */
export function mutate(rec: ChoiceRecord, rng: Mulberry): { rec: ChoiceRecord; move?: Move } {
  const choices = rec.choices.slice();
  if (choices.length === 0) return { rec };
  const n = rng.nextInt(0, 3) === 0 ? rng.nextInt(2, 4) : 1;
  let move: Move | undefined;
  for (let i = 0; i < n; i++) {
    const at = pick(choices, rng);
    if (at < 0) return { rec };
    const p = perturb(choices[at]!, rng);
    choices[at] = p.c;
    move = n === 1 && p.delta !== undefined ? { at, delta: p.delta } : undefined;
  }
  return { rec: { bias: rec.bias, choices }, ...(move !== undefined ? { move } : {}) };
}

const POS_BITS = 2 ** 52;

/** Where a draw sits in its range, in [0, 1] (a double draw: its value); the coordinate of a line search. */
export function position(c: Choice): number {
  if (c.kind === 'double') return c.v;
  if (c.kind === 'big')
    return c.max > c.min ? Number(((c.v - c.min) * BigInt(POS_BITS)) / (c.max - c.min)) / POS_BITS : 0;
  return c.max > c.min ? (c.v - c.min) / (c.max - c.min) : 0;
}

/** The draw at position `p` ∈ [0, 1] of its own range (rounded to a value the draw can take). */
export function atPosition(c: Choice, p: number): Choice {
  const q = Math.min(1, Math.max(0, p));
  if (c.kind === 'double') return { kind: 'double', v: Math.min(1 - 2 ** -53, q) };
  if (c.kind === 'big')
    return { ...c, v: c.min + ((c.max - c.min) * BigInt(Math.round(q * POS_BITS))) / BigInt(POS_BITS) };
  return { ...c, v: c.min + Math.round(q * (c.max - c.min)) };
}

/** The smallest change of position that can change the draw (a double draw: 2⁻⁴⁰, finer steps rarely matter). */
export function resolution(c: Choice): number {
  if (c.kind === 'double') return 2 ** -40;
  if (c.kind === 'big') return c.max > c.min ? Math.max(1 / POS_BITS, 1 / Number(c.max - c.min)) : 1;
  return c.max > c.min ? 1 / (c.max - c.min) : 1;
}

/** `rec` with draw `at` replaced by `c`. */
export function withChoice(rec: ChoiceRecord, at: number, c: Choice): ChoiceRecord {
  const choices = rec.choices.slice();
  choices[at] = c;
  return { bias: rec.bias, choices };
}
