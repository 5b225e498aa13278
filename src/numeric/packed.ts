/**
 * Fresh arrays of doubles for the f64 and dd backends' vectors (and the finiteness scan and concatenation both share).
 * Plain JS arrays with PACKED_DOUBLE elements: a small Float64Array (> 64 bytes) gets an off-heap backing store that
 * costs ~10× a young-generation JS array to allocate, and the pure kernels allocate one result per call, so allocation
 * dominated every small kernel. Every array built here is PACKED_DOUBLE (never holey, never smi/object elements), so
 * kernel loads stay monomorphic.
 */

/** Lengths up to this get a cached zero template that `slice()` copies (a memcpy fast path in V8). */
const MAX_CACHED = 4096;
const templates: (number[] | undefined)[] = new Array<number[] | undefined>(MAX_CACHED + 1).fill(undefined);

/**
 * Longer vectors (a wide layer, a width-10⁵ feature vector) get a template too: `build` pushes entry by entry (about
 * 10× a memcpy), and a kernel allocates one result per call. At most LARGE_SLOTS lengths up to MAX_LARGE entries are
 * kept (≤ 32 MiB), the oldest dropped first.
 */
const MAX_LARGE = 1 << 20;
const LARGE_SLOTS = 4;
const large = new Map<number, number[]>();

function build(len: number): number[] {
  // push a non-integer first so the array is double-kinded from the start, then zero it (stays PACKED_DOUBLE)
  const t: number[] = [0.5];
  for (let i = 1; i < len; i++) t.push(0.5);
  if (len === 0) t.pop();
  for (let i = 0; i < len; i++) t[i] = 0;
  return t;
}

/** A new PACKED_DOUBLE array of `len` zeros (+0). Throws a RangeError when len is not a non-negative integer. */
export function doubles(len: number): number[] {
  if (len >= 0 && len <= MAX_CACHED && (len | 0) === len) {
    let t = templates[len];
    if (t === undefined) {
      t = build(len);
      templates[len] = t;
    }
    return t.slice();
  }
  if (!Number.isSafeInteger(len) || len < 0) throw new RangeError(`vector length ${len} is not a non-negative integer`);
  if (len > MAX_LARGE) return build(len);
  let t = large.get(len);
  if (t === undefined) {
    t = build(len);
    if (large.size >= LARGE_SLOTS) large.delete(large.keys().next().value!);
    large.set(len, t);
  }
  return t.slice();
}

/** True when every entry is finite (the f64 and dd backends' `allFinite`: a dd pair is finite iff both parts are). */
export function allFinite(x: readonly number[]): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i]!)) return false;
  return true;
}

/** The arrays joined end to end, in a fresh PACKED_DOUBLE array (the f64 and dd backends' `concat`). */
export function concatDoubles(xs: readonly (readonly number[])[]): number[] {
  let len = 0;
  for (const x of xs) len += x.length;
  const z = doubles(len);
  let o = 0;
  for (const x of xs) {
    for (let i = 0; i < x.length; i++) z[o + i] = x[i]!;
    o += x.length;
  }
  return z;
}
