/**
 * The MPFR backend beyond the shared law suite (backends.test.ts runs the laws at mpfr:30 and mpfr:60): its stated
 * precision, values of another precision rejected, bounded memory over 10⁶ operations, and a failed WebAssembly
 * load reported once.
 */
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { MPFR_GUARD_BITS, mpfrBackend, mpfrBits } from './mpfr.js';
import { checkLayout, hotFunctions, initMpfr, makeMpfrInit, mpfrStatus, type MpfrBinding } from './mpfrInit.js';

const st = await initMpfr();
if (st.state !== 'ready') throw new Error('MPFR did not load');
const binding: MpfrBinding = st.binding;
const wasmBytes = (): number => binding.mem.buffer.byteLength;

describe('mpfr:<p> precision', () => {
  it('carries ⌈p·log2 10⌉ + 8 bits, so its unit roundoff 2^-bits is below dec:p’s ½·10^(1−p)', () => {
    expect(MPFR_GUARD_BITS).toBe(8);
    expect(mpfrBits(34)).toBe(113 + 8);
    expect(mpfrBits(50)).toBe(167 + 8);
    expect(mpfrBits(100)).toBe(333 + 8);
    for (const p of [10, 34, 50, 100, 1000]) {
      const B = mpfrBackend(p);
      expect(B.bits).toBe(mpfrBits(p));
      const D = decBackend(p + 20);
      const u = D.num(B.show(B.eps));
      expect(D.cmp(u, D.num(`5e-${p}`))).toBe(-1);
      expect(D.cmp(u, D.num(`1e-${p}`))).toBe(-1); // ≤ 10^-p / 256
    }
  });

  it('reads a p-digit decimal correctly rounded: 1/3 to 50 digits is within u·(1/3) of the exact value', () => {
    const B = mpfrBackend(50);
    const D = decBackend(200);
    const third = D.div(D.one, D.int(3));
    const got = D.num(B.show(B.div(B.one, B.int(3))));
    const err = D.abs(D.sub(got, third));
    // correctly rounded division: ≤ u·|1/3| (plus show's read-back, which is exact here at 200 digits)
    expect(D.cmp(err, D.mul(D.num(B.show(B.eps)), third))).toBeLessThanOrEqual(0);
    expect(D.isZero(err)).toBe(false); // 1/3 is not binary: a nonzero error shows the comparison measures something
  });
});

describe('show', () => {
  it('prints the fewest digits (≥ p) that read back exactly: 0.1 as "0.1", 1/3 with 50 to 54 threes', () => {
    const B = mpfrBackend(50);
    expect(B.show(B.num('0.1'))).toBe('0.1');
    expect(B.show(B.num('-2.5e-300'))).toBe('-2.5e-300');
    const third = B.show(B.div(B.one, B.int(3)));
    expect(third).toMatch(/^0\.3{50,54}$/);
    expect(B.cmp(B.num(third), B.div(B.one, B.int(3)))).toBe(0);
    // a value whose p-digit rounding does not read back needs more digits (here: 1 + 2^-170)
    const x = B.add(B.one, B.powi(B.int(2), -170));
    expect(B.cmp(B.num(B.show(x)), x)).toBe(0);
    expect(B.show(x).length).toBeGreaterThan(52);
  });
});

describe('values of another precision', () => {
  it('are rejected with a message naming both precisions and how to convert', () => {
    const B30 = mpfrBackend(30);
    const B60 = mpfrBackend(60);
    expect(() => B60.add(B60.one, B30.one)).toThrow(
      /mpfr:60 add: a value of another precision \(108 bits, this backend has 208\) entered this backend; values cross backends only as strings/,
    );
    expect(() => B60.dot(B30.vec(['1']), B60.vec(['1']))).toThrow(/another precision/);
    expect(B60.owns(B60.vec(['1', '2']))).toBe(true);
    expect(B60.owns(B30.vec(['1', '2']))).toBe(false);
  });
});

describe('memory', () => {
  it('10⁶ scalar multiply-adds on live values leave the WebAssembly heap and the slot pool unchanged', () => {
    const B = mpfrBackend(50);
    const a = B.num('0.99');
    const b = B.num('1e-7');
    let x = B.one;
    B.add(B.mul(x, a), b); // first use of every code path before measuring
    const slots0 = B.slotCount();
    const wasm0 = wasmBytes();
    const heap0 = process.memoryUsage().heapUsed;
    for (let i = 0; i < 500_000; i++) x = B.add(B.mul(x, a), b); // 10⁶ operations
    expect(wasmBytes()).toBe(wasm0);
    expect(B.slotCount()).toBe(slots0);
    // JS heap: each value is a small Int32Array collected by the GC; allow 64 MB of uncollected garbage
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(64 * 2 ** 20);
    // and the loop computed the fixed point x* = b/(1 − a) = 10^-5 (the contraction keeps the rounding error ≈ 100u)
    expect(Math.abs(B.toNumber(x) - 1e-5)).toBeLessThan(1e-20);
  }, 60_000);

  it('a 10⁵-step vector loop (axpy, dot, gemv(trans), map) leaves the WebAssembly heap unchanged', () => {
    const B = mpfrBackend(50);
    const Z = B.mat([
      ['0.5', '1.5'],
      ['1.5', '0.5'],
      ['1', '1.25'],
    ]);
    const eta = B.num('0.015625');
    const step = (w: ReturnType<typeof B.zeros>) =>
      B.axpy(eta, B.gemv(Z, B.map('sigmoid', B.map('neg', B.gemv(Z, w))), true), w);
    let w = step(B.zeros(2));
    const wasm0 = wasmBytes();
    const slots0 = B.slotCount();
    for (let k = 0; k < 100_000; k++) w = step(w);
    expect(wasmBytes()).toBe(wasm0);
    expect(B.slotCount()).toBe(slots0);
    expect(B.allFinite(w)).toBe(true);
  }, 60_000);

  // Leaking one mpfr_t per operation (≥ 16 + 24 bytes plus malloc headers) over 10⁶ operations is ≥ 40 MB, more than
  // the free space in the initial 16 MB heap: the measurement above would see it. Shown here with plain allocations.
  it('the measurement can fail: 10⁶ unfreed 48-byte WebAssembly allocations grow the heap it reads', () => {
    const wasm0 = wasmBytes();
    const ptrs: number[] = [];
    for (let i = 0; i < 1_000_000; i++) ptrs.push(binding.malloc(48));
    const grown = wasmBytes();
    for (const p of ptrs) binding.free(p);
    expect(grown).toBeGreaterThan(wasm0);
  });
});

describe('initialisation', () => {
  it('is idempotent and reports the MPFR version', async () => {
    expect(await initMpfr()).toBe(st);
    expect(mpfrStatus()).toBe(st);
    expect(st.state === 'ready' && st.version).toMatch(/^4\./);
    // the hot loops call the module's own exports, and the instantiate wrapper used to find them is gone again
    expect(st.state === 'ready' && st.hot.raw).toBe(true);
    expect(WebAssembly.instantiate.name).toBe('instantiate');
  });

  it('reports a failed WebAssembly load once, naming the backend, and stays failed', async () => {
    const lines: string[] = [];
    const init = makeMpfrInit(
      () => Promise.reject(new Error('WebAssembly.Memory(): could not allocate memory')),
      (l) => lines.push(l),
    );
    expect(init.status().state).toBe('uninitialised');
    const s1 = await init.init();
    const s2 = await init.init();
    expect(s1).toEqual({ state: 'failed', reason: 'WebAssembly.Memory(): could not allocate memory' });
    expect(s2).toBe(s1);
    expect(lines).toEqual([
      'warning: mpfr backend unavailable: WebAssembly initialisation of MPFR (gmp-wasm) failed (WebAssembly.Memory(): could not allocate memory); the referee falls back to decimal.js rungs',
    ]);
  });
});

describe('initialisation failure that is not an Error', () => {
  it('reports the thrown value itself as the reason', async () => {
    const lines: string[] = [];
    // a loader that rejects with a plain string (as some WebAssembly shims do)
    const loader = async (): Promise<never> => {
      await Promise.resolve();
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test: a non-Error rejection
      throw 'no wasm';
    };
    const init = makeMpfrInit(loader, (l) => lines.push(l));
    expect(await init.init()).toEqual({ state: 'failed', reason: 'no wasm' });
    expect(init.status()).toEqual({ state: 'failed', reason: 'no wasm' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('failed (no wasm); the referee falls back to decimal.js rungs');
  });
});

describe('input checks name the argument', () => {
  const B = mpfrBackend(30);
  it('rejects a precision outside [2, 100000] or not an integer', () => {
    for (const p of [1, 100_001, 30.5, NaN]) expect(() => mpfrBackend(p)).toThrow(RangeError);
    expect(() => mpfrBackend(1)).toThrow(/mpfrBackend: p = 1 must be an integer number of digits in \[2, 100000\]/);
    expect(mpfrBackend(2).digits).toBe(2);
    expect(mpfrBackend(30)).toBe(B); // memoized per p
  });

  it('rejects unsafe integers, bad indices and sizes, ragged rows and shape mismatches', () => {
    expect(() => B.int(2 ** 53)).toThrow(/mpfr:30 int: 9007199254740992 is not a safe integer/);
    expect(B.show(B.int(2 ** 53 - 1))).toBe('9007199254740991');
    expect(() => B.powi(B.one, 0.5)).toThrow(/mpfr:30 powi: exponent 0.5 is not a safe integer/);
    const x = B.vec(['1', '2', '3']);
    expect(() => B.at(x, 3)).toThrow(/mpfr:30 at: index 3 out of range \[0, 3\)/);
    expect(() => B.at(x, -1)).toThrow(/index -1 out of range/);
    expect(() => B.at(x, 1.5)).toThrow(/index 1.5 out of range/);
    expect(B.show(B.at(x, 2))).toBe('3');
    expect(() => B.zeros(-1)).toThrow(/mpfr:30 zeros: size -1 must be a non-negative integer/);
    expect(() => B.zeros(2.5)).toThrow(/size 2.5/);
    expect(B.dim(B.zeros(0))).toBe(0);
    expect(() => B.mat([['1', '2'], ['3']])).toThrow(/mpfr:30 mat: row 1 has 1 entries, expected 2/);
    expect(() => B.reshape(x, 2, 2)).toThrow(/mpfr:30 reshape: length 3 is not 2×2/);
    const E = B.mat([]);
    expect([B.rows(E), B.cols(E), B.dim(B.flatten(E))]).toEqual([0, 0, 0]);
    expect(() => B.dot(x, B.vec(['1']))).toThrow(/mpfr:30 dot: dimension mismatch \(3 vs 1\)/);
    expect(() => B.mget(B.eye(2), 0, 2)).toThrow(/mpfr:30 mget\(col\): index 2 out of range \[0, 2\)/);
  });

  it('rejects a string MPFR cannot parse and a value that is not an image of this backend', () => {
    expect(() => B.num('1e')).toThrow(/mpfr:30 num: "1e" is not an exact decimal string/);
    expect(() => B.add(B.one, 1 as unknown as typeof B.one)).toThrow(
      /mpfr:30 add: expected a value of this backend, got number 1/,
    );
    expect(B.owns(null)).toBe(false);
    expect(B.owns('1')).toBe(false);
    expect(B.owns(B.eye(2))).toBe(true);
    expect(B.owns(mpfrBackend(60).eye(2))).toBe(false);
    // a vector whose second entry has another precision is not this backend's (every entry is checked)
    const mixed = B.vec(['1', '2']).slice();
    mixed[mixed.length / 2] = B.bits + 1;
    expect(B.owns(mixed)).toBe(false);
    expect(B.owns(B.vec(['1', '2']))).toBe(true);
  });

  it('rejects an unknown map op, naming it', () => {
    expect(() => B.map('cosh' as never, B.vec(['1']))).toThrow(/mpfr:30 map: unknown op "cosh"/);
  });
});

describe('special values', () => {
  const B = mpfrBackend(30);
  const nan = B.num('NaN');
  it('cmp with NaN is 0, softplus(NaN) and sigmoid(NaN) are NaN, amax returns a NaN entry', () => {
    expect(B.cmp(nan, B.one)).toBe(0);
    expect(B.cmp(B.one, nan)).toBe(0);
    expect(B.cmp(B.one, B.int(2))).toBe(-1);
    expect(B.cmp(B.int(2), B.one)).toBe(1);
    expect(B.show(B.fn('softplus', nan))).toBe('NaN');
    expect(B.show(B.fn('sigmoid', nan))).toBe('NaN');
    expect(B.show(B.amax(B.vec(['-5', 'NaN', '7'])))).toBe('NaN');
    expect(B.show(B.amax(B.vec(['-5', '3', '-7', '2'])))).toBe('7');
  });

  it('nrm2 of a vector with an infinite or NaN entry is that entry’s absolute value', () => {
    expect(B.show(B.nrm2(B.vec(['1', '-Infinity', '2'])))).toBe('Infinity');
    expect(B.show(B.nrm2(B.vec(['2', 'NaN'])))).toBe('NaN');
    expect(B.show(B.nrm2(B.vec(['0', '-0'])))).toBe('0');
  });

  it('nrm2 beyond 2^(±2^28) scales by a power of two: ‖(3, 4)·10^(±2·10^8)‖ = 5·10^(±2·10^8) within 4u', () => {
    // squaring 10^(±2·10^8) ≈ 2^(±6.6·10^8) directly would leave MPFR's exponent range (±2^30)
    for (const e of ['e200000000', 'e-200000000']) {
      const r = B.nrm2(B.vec([`3${e}`, `-4${e}`]));
      const rel = B.abs(B.sub(B.div(r, B.num(`5${e}`)), B.one));
      expect(B.cmp(rel, B.mul(B.int(4), B.eps))).toBeLessThanOrEqual(0);
      expect(B.isFinite(r) && !B.isZero(r)).toBe(true);
    }
  });
});

describe('powi with |n| ≥ 2^31 (mpfr_pow with an exact 64-bit exponent)', () => {
  const B = mpfrBackend(30);
  it('(−1)^n has the sign of n’s parity; 1^n = 1', () => {
    expect(B.show(B.powi(B.int(-1), 2 ** 31 + 1))).toBe('-1');
    expect(B.show(B.powi(B.int(-1), -(2 ** 40)))).toBe('1');
    expect(B.show(B.powi(B.one, 2 ** 52))).toBe('1');
  });
  it('(1 + 2^-60)^(±2^31) = exp(±2^31·log1p(2^-60)) within 4u (the condition of the right side is 2^-29)', () => {
    const h = B.powi(B.int(2), -60);
    for (const n of [2 ** 31, -(2 ** 31), 2 ** 31 + 3]) {
      const got = B.powi(B.add(B.one, h), n);
      const want = B.exp(B.mul(B.int(n), B.log1p(h)));
      const rel = B.abs(B.sub(B.div(got, want), B.one));
      expect(B.cmp(rel, B.mul(B.int(4), B.eps))).toBeLessThanOrEqual(0);
      // and it is not 1: the exponent was applied
      expect(B.cmp(got, B.one)).toBe(n > 0 ? 1 : -1);
    }
  });
});

describe('vectors larger than a slab and slices with negative bounds', () => {
  const B = mpfrBackend(30);
  it('a 1000-entry vector (own buffer) holds its entries: sum of 1..1000 = 500500', () => {
    const x = B.vec(Array.from({ length: 1000 }, (_, i) => String(i + 1)));
    expect(B.dim(x)).toBe(1000);
    expect(B.show(B.sum(B.scal(B.one, x)))).toBe('500500');
    expect(B.show(B.at(B.vadd(x, x), 999))).toBe('2000');
  });
  it('slice follows Array.prototype.slice: negative and out-of-range bounds', () => {
    const x = B.vec(['1', '2', '3', '4']);
    expect(B.vshow(B.slice(x, -2, 4))).toEqual(['3', '4']);
    expect(B.vshow(B.slice(x, -9, 2))).toEqual(['1', '2']);
    expect(B.vshow(B.slice(x, 1, 99))).toEqual(['2', '3', '4']);
    expect(B.vshow(B.slice(x, 3, 1))).toEqual([]);
  });
});

describe('the mpfr_t layout check and the hot-function fallback', () => {
  it('accepts the live binding and rejects a limb size or any field of −1.5 that is not where mpfr.ts reads it', () => {
    expect(() => checkLayout(binding)).not.toThrow();
    expect(() => checkLayout({ ...binding, mp_bits_per_limb: () => 32 })).toThrow(
      'unexpected GMP limb size 32 (expected 64)',
    );
    // each fake moves one field of the probe value: precision (101), sign (+1.5), exponent (−3), top limb (−1.25 and
    // −(1.5 + 2^-40))
    const fakes: Partial<MpfrBinding>[] = [
      { mpfr_init2: (x: number) => binding.mpfr_init2(x, 101) },
      { mpfr_set_d: (x: number, _d: number, r: number) => binding.mpfr_set_d(x, 1.5, r) },
      { mpfr_set_d: (x: number, _d: number, r: number) => binding.mpfr_set_d(x, -3, r) },
      { mpfr_set_d: (x: number, _d: number, r: number) => binding.mpfr_set_d(x, -1.25, r) },
      // −(1.5 + 2^-40): same top 32 bits, a nonzero lower half of the top limb
      { mpfr_set_d: (x: number, _d: number, r: number) => binding.mpfr_set_d(x, -(1.5 + 2 ** -40), r) },
    ];
    for (const f of fakes) {
      expect(() => checkLayout({ ...binding, ...f })).toThrow(/unexpected mpfr_t memory layout/);
    }
  });

  it('without captured exports (or with an incomplete set) uses the binding’s wrappers of the same functions', () => {
    for (const seen of [[], [{ r_add: () => 0 }]]) {
      const hot = hotFunctions(binding, seen);
      expect(hot.raw).toBe(false);
      expect(hot.mul).toBe(binding.mpfr_mul);
      expect(hot.set_zero).toBe(binding.mpfr_set_zero);
      expect(hot.nan_p).toBe(binding.mpfr_nan_p);
    }
    // the wrappers and the raw exports compute the same thing: 2·3 = 6 and √2·√2 rounds to 2 at 100 bits
    const raw = st.state === 'ready' ? st.hot : hotFunctions(binding, []);
    for (const hot of [hotFunctions(binding, []), raw]) {
      const [a, b, r] = [binding.mpfr_t(), binding.mpfr_t(), binding.mpfr_t()];
      for (const x of [a, b, r]) binding.mpfr_init2(x, 100);
      binding.mpfr_set_d(a, 2, 0);
      binding.mpfr_set_d(b, 3, 0);
      hot.mul(r, a, b, 0);
      expect(binding.mpfr_get_d(r, 0)).toBe(6);
      hot.sqrt(r, a, 0);
      hot.sqr(r, r, 0);
      expect(Math.abs(binding.mpfr_get_d(r, 0) - 2)).toBeLessThanOrEqual(2 ** -98);
      for (const x of [a, b, r]) {
        binding.mpfr_clear(x);
        binding.mpfr_t_free(x);
      }
    }
  });
});
