/**
 * Seeded, explicit-state random numbers that every backend sees identically (up to its own rounding).
 *
 * - Generator: xoshiro128** (Blackman & Vigna 2018) on four uint32 words, seeded through splitmix32. The state is an
 *   immutable 4-tuple carried in stepper states; every draw returns the new state (no hidden mutation).
 * - Uniforms are exact dyadics k/2^53 (k from two 32-bit outputs); they enter a backend as the exact decimal string
 *   of the dyadic, so f64, dd and dec:p all start from the same real number.
 * - Gaussians: Marsaglia's polar method. The accept/reject test u² + v² < 1 is decided on exact integers (BigInt), so
 *   every backend accepts the same pairs; only sqrt and log are computed in the backend (no sin/cos needed).
 */
import { exactDecimal } from '../numeric/exact.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';

/** xoshiro128** state: four uint32 words, not all zero. */
export type Rng = readonly [number, number, number, number];

/** A draw together with the generator state after it. */
export interface Drawn<T> {
  readonly value: T;
  readonly rng: Rng;
}

const TWO53 = 2 ** 53;

function splitmix32(x: number): number {
  // Mixer from splitmix32 / murmur3 fmix with the golden-ratio increment: a bijection of uint32.
  let z = (x + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A generator from a seed: a non-negative safe integer (specs carry it); different seeds give different streams. */
export function rngFromSeed(seed: number): Rng {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(
      `rngFromSeed: seed ${seed} must be a non-negative safe integer (put an integer like 42 in the spec)`,
    );
  }
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  let x = splitmix32(lo ^ splitmix32(hi));
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = splitmix32(x + i);
    s.push(x);
  }
  if (!s.some((w) => w !== 0)) s[0] = 1; // the all-zero state is a fixed point of xoshiro
  return [s[0]!, s[1]!, s[2]!, s[3]!];
}

/** A mutable cursor over an Rng, for use inside one pure function; `state()` hands back an immutable tuple. */
interface Cursor {
  u32(): number;
  state(): Rng;
}

function cursor(r: Rng): Cursor {
  let [s0, s1, s2, s3] = r;
  return {
    u32() {
      const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
      const t = (s1 << 9) >>> 0;
      s2 = (s2 ^ s0) >>> 0;
      s3 = (s3 ^ s1) >>> 0;
      s1 = (s1 ^ s2) >>> 0;
      s0 = (s0 ^ s3) >>> 0;
      s2 = (s2 ^ t) >>> 0;
      s3 = rotl(s3, 11);
      return result;
    },
    state: () => [s0, s1, s2, s3],
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The next uint32 output. */
export function nextU32(r: Rng): Drawn<number> {
  const c = cursor(r);
  const value = c.u32();
  return { value, rng: c.state() };
}

/** An integer k uniform on [0, 2^53): the numerator of the dyadic uniform k/2^53. */
function dyadic53(c: Cursor): number {
  const a = c.u32() >>> 5; // 27 bits
  const b = c.u32() >>> 6; // 26 bits
  return a * 2 ** 26 + b;
}

/** An integer uniform on [0, m) for 1 ≤ m ≤ 2^32, unbiased by rejection. */
function intBelow(c: Cursor, m: number): number {
  const limit = Math.floor(2 ** 32 / m) * m;
  for (;;) {
    const x = c.u32();
    if (x < limit) return x % m;
  }
}

/** Integer uniform on [0, m), 1 ≤ m ≤ 2^32 (exact, unbiased). */
export function uniformInt(r: Rng, m: number): Drawn<number> {
  if (!Number.isInteger(m) || m < 1 || m > 2 ** 32)
    throw new RangeError(`uniformInt: m = ${m} must be an integer in [1, 2^32]`);
  const c = cursor(r);
  const value = intBelow(c, m);
  return { value, rng: c.state() };
}

/** n uniforms on [0, 1), each the exact dyadic k/2^53, as a backend vector. */
export function uniforms<R extends Repr>(B: Backend<R>, r: Rng, n: number): Drawn<V<R>> {
  const c = cursor(r);
  const xs: string[] = [];
  for (let i = 0; i < n; i++) xs.push(exactDecimal(dyadic53(c) / TWO53)); // k/2^53 is exact in a double
  return { value: B.vec(xs), rng: c.state() };
}

/** One uniform on [0, 1) as a backend scalar (the exact dyadic k/2^53, correctly rounded into B). */
export function uniform<R extends Repr>(B: Backend<R>, r: Rng): Drawn<S<R>> {
  const c = cursor(r);
  const value = B.num(exactDecimal(dyadic53(c) / TWO53));
  return { value, rng: c.state() };
}

/**
 * n independent standard normals (Marsaglia polar method). Each accepted pair (u, v) ∈ (−1, 1)², 0 < u² + v² < 1,
 * gives z₁ = u·f, z₂ = v·f with f = √(−2 ln s / s), s = u² + v². Output order: [z₁ of pairs 1..m, z₂ of pairs 1..m]
 * truncated to n (m = ⌈n/2⌉; for odd n the last z₂ is discarded). u and v are dyadics (2k − 2^53)/2^53, exact in every
 * backend; acceptance is decided exactly on integers, so all backends use the same pairs.
 */
export function gaussians<R extends Repr>(B: Backend<R>, r: Rng, n: number): Drawn<V<R>> {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`gaussians: n = ${n} must be a non-negative integer`);
  const c = cursor(r);
  const m = Math.ceil(n / 2);
  const us: string[] = [];
  const vs: string[] = [];
  const one = 1n << 106n;
  while (us.length < m) {
    const U = 2 * dyadic53(c) - TWO53; // u = U / 2^53 ∈ [−1, 1), U exact in a double
    const V = 2 * dyadic53(c) - TWO53;
    const s = BigInt(U) * BigInt(U) + BigInt(V) * BigInt(V); // (u² + v²)·2^106, exactly
    if (s === 0n || s >= one) continue;
    us.push(exactDecimal(U / TWO53));
    vs.push(exactDecimal(V / TWO53));
  }
  if (m === 0) return { value: B.zeros(0), rng: c.state() };
  const u = B.vec(us);
  const v = B.vec(vs);
  const s = B.vadd(B.map('square', u), B.map('square', v));
  const f = B.map('sqrt', B.vdiv(B.scal(B.int(-2), B.map('log', s)), s));
  const z = B.concat([B.vmul(u, f), B.vmul(v, f)]);
  return { value: B.slice(z, 0, n), rng: c.state() };
}

/** b distinct indices from {0, …, n−1}, uniformly (partial Fisher–Yates), returned in increasing order. */
export function sampleWithoutReplacement(r: Rng, n: number, b: number): Drawn<number[]> {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(b) || b < 0 || b > n) {
    throw new RangeError(`sampleWithoutReplacement: need integers 0 ≤ b ≤ n (got b = ${b}, n = ${n})`);
  }
  const c = cursor(r);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < b; i++) {
    const j = i + intBelow(c, n - i);
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return { value: idx.slice(0, b).sort((x, y) => x - y), rng: c.state() };
}

/** Two independent generators from one (e.g. one stream for minibatches, one for noise): children are seeded from
 * fresh outputs of the parent through splitmix32, and the parent is consumed. */
export function split(r: Rng): readonly [Rng, Rng] {
  const c = cursor(r);
  const child = (): Rng => {
    const w = [c.u32(), c.u32(), c.u32(), c.u32()].map((x, i) => splitmix32(x ^ Math.imul(i + 1, 0x9e3779b9)));
    if (!w.some((x) => x !== 0)) w[0] = 1;
    return [w[0]!, w[1]!, w[2]!, w[3]!];
  };
  const a = child();
  const b = child();
  return [a, b];
}
