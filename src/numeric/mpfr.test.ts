/**
 * The MPFR backend beyond the shared law suite (backends.test.ts runs the laws at mpfr:30 and mpfr:60): its stated
 * precision, values of another precision rejected, bounded memory over 10⁶ operations, and a failed WebAssembly
 * load reported once.
 */
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { MPFR_GUARD_BITS, mpfrBackend, mpfrBits } from './mpfr.js';
import { initMpfr, makeMpfrInit, mpfrStatus, type MpfrBinding } from './mpfrInit.js';

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
