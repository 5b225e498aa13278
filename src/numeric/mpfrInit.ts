/**
 * Loading MPFR (gmp-wasm: GMP + MPFR compiled to WebAssembly, bundled in the npm package). The WebAssembly module
 * compiles asynchronously (~0.2 s), while the Backend API is synchronous, so the module is loaded once per process by
 * an explicit `await initMpfr()` — called by the referee ladder, the bench and the CLI when an `mpfr:` id appears —
 * and never at import time (processes that use only f64/dd/dec do not pay for it).
 *
 * A failed load (no WebAssembly, out of memory, an unexpected mpfr_t layout) is reported ONCE as a warning line
 * naming the backend; afterwards `mpfrStatus()` says why and callers fall back to the decimal.js rungs.
 */
import type { GMPFunctions } from 'gmp-wasm';

/** The low-level gmp-wasm binding (one per process). */
export type MpfrBinding = GMPFunctions;

type F3 = (rop: number, op: number, rnd: number) => number;
type F4 = (rop: number, op1: number, op2: number, rnd: number) => number;
/**
 * The MPFR functions of the hot loops. gmp-wasm's binding wraps each WebAssembly export in a JS closure that looks the
 * export up on a large object (≈ 20 ns per call, a quarter of an mpfr_mul at 50 digits); when the module's exports
 * could be captured at instantiation these are the exports themselves (same C functions, same arguments), otherwise
 * the binding's wrappers.
 */
export interface MpfrHot {
  readonly add: F4;
  readonly sub: F4;
  readonly mul: F4;
  readonly div: F4;
  readonly ui_div: F4;
  readonly add_ui: F4;
  readonly mul_2si: F4;
  readonly sqr: F3;
  readonly sqrt: F3;
  readonly exp: F3;
  readonly log: F3;
  readonly log1p: F3;
  readonly expm1: F3;
  readonly neg: F3;
  readonly abs: F3;
  readonly set: F3;
  readonly set_zero: (x: number, sign: number) => void;
  readonly cmp: (a: number, b: number) => number;
  readonly cmpabs: (a: number, b: number) => number;
  readonly sgn: (a: number) => number;
  readonly nan_p: (a: number) => number;
  /** True when these are the raw exports. */
  readonly raw: boolean;
}

/** Where the load stands: not tried yet, ready (with the binding), or failed (with the reason). */
export type MpfrStatus =
  | { readonly state: 'uninitialised' }
  | { readonly state: 'ready'; readonly binding: MpfrBinding; readonly hot: MpfrHot; readonly version: string }
  | { readonly state: 'failed'; readonly reason: string };

/** One loader: resolves the binding (and its hot functions), or rejects with the reason. */
export type MpfrLoader = () => Promise<{ binding: MpfrBinding; hot: MpfrHot }>;

const HOT_NAMES = [
  'add',
  'sub',
  'mul',
  'div',
  'ui_div',
  'add_ui',
  'mul_2si',
  'sqr',
  'sqrt',
  'exp',
  'log',
  'log1p',
  'expm1',
  'neg',
  'abs',
  'set',
  'set_zero',
  'cmp',
  'cmpabs',
  'sgn',
  'nan_p',
] as const;

/** Exported for mpfr.test.ts (the wrapper fallback and the raw exports are the same C functions). */
export function hotFunctions(b: MpfrBinding, exportsSeen: readonly WebAssembly.Exports[]): MpfrHot {
  const raw = exportsSeen.find((e) => HOT_NAMES.every((n) => typeof e[`r_${n}`] === 'function'));
  const pick = (n: (typeof HOT_NAMES)[number]): unknown =>
    raw !== undefined ? raw[`r_${n}`] : (b as unknown as Record<string, unknown>)[`mpfr_${n}`];
  return { ...Object.fromEntries(HOT_NAMES.map((n) => [n, pick(n)])), raw: raw !== undefined } as unknown as MpfrHot;
}

/**
 * The real loader: gmp-wasm's `init()`, then a check that mpfr_t has the layout mpfr.ts reads and writes. During the
 * init (and only then) WebAssembly.instantiate is wrapped to see the module's exports (it still returns the same
 * result to gmp-wasm); the original is restored before this function returns, on success or failure.
 */
export const gmpWasmLoader: MpfrLoader = async () => {
  const seen: WebAssembly.Exports[] = [];
  const original = WebAssembly.instantiate;
  const wrapped = (...args: unknown[]): Promise<unknown> =>
    (original as (...a: unknown[]) => Promise<unknown>).apply(WebAssembly, args).then((r) => {
      const inst = (r as { instance?: WebAssembly.Instance }).instance ?? (r as WebAssembly.Instance);
      if (inst instanceof WebAssembly.Instance) seen.push(inst.exports);
      return r;
    });
  (WebAssembly as { instantiate: unknown }).instantiate = wrapped;
  let binding: MpfrBinding;
  try {
    const { init } = await import('gmp-wasm');
    binding = (await init()).binding;
  } finally {
    (WebAssembly as { instantiate: unknown }).instantiate = original;
  }
  checkLayout(binding);
  return { binding, hot: hotFunctions(binding, seen) };
};

/**
 * mpfr.ts copies values in and out of WebAssembly memory word by word, so it relies on the wasm32 struct
 * { prec: i32, sign: i32, exp: i32, d: ptr } with 64-bit limbs. Verified here on a live variable, not assumed.
 */
export function checkLayout(b: MpfrBinding): void {
  if (b.mp_bits_per_limb() !== 64) throw new Error(`unexpected GMP limb size ${b.mp_bits_per_limb()} (expected 64)`);
  const x = b.mpfr_t();
  b.mpfr_init2(x, 100);
  b.mpfr_set_d(x, -1.5, 0);
  const H = new Int32Array(b.mem.buffer);
  const s = x >> 2;
  const d = H[s + 3]! >> 2;
  // −1.5 = −0.11₂·2^1: prec 100, sign −1, exp 1, top limb 0xC000…0 (two limbs: words d..d+3, little-endian)
  const ok = H[s] === 100 && H[s + 1] === -1 && H[s + 2] === 1 && H[d + 3] === (0xc0000000 | 0) && H[d + 2] === 0;
  b.mpfr_clear(x);
  b.mpfr_t_free(x);
  if (!ok) throw new Error('unexpected mpfr_t memory layout (expected {prec, sign, exp, d} of 32-bit words)');
}

/** A loader with its memoized status and one-time warning (a factory, so tests can inject a failing loader). */
export interface MpfrInit {
  init(): Promise<MpfrStatus>;
  status(): MpfrStatus;
}

export function makeMpfrInit(loader: MpfrLoader, warn: (line: string) => void): MpfrInit {
  let status: MpfrStatus = { state: 'uninitialised' };
  let pending: Promise<MpfrStatus> | null = null;
  return {
    status: () => status,
    init: () => {
      pending ??= loader().then(
        ({ binding, hot }) => {
          const vp = binding.mpfr_get_version();
          const mem = binding.mem;
          const version = new TextDecoder().decode(mem.subarray(vp, mem.indexOf(0, vp)));
          status = { state: 'ready', binding, hot, version };
          return status;
        },
        (e: unknown) => {
          const reason = e instanceof Error ? e.message : String(e);
          status = { state: 'failed', reason };
          warn(
            `warning: mpfr backend unavailable: WebAssembly initialisation of MPFR (gmp-wasm) failed (${reason}); the referee falls back to decimal.js rungs`,
          );
          return status;
        },
      );
      return pending;
    },
  };
}

const processInit = makeMpfrInit(gmpWasmLoader, (line) => process.stderr.write(`${line}\n`));

/** Load MPFR once for this process (idempotent; never rejects: a failure becomes status 'failed' plus one warning). */
export function initMpfr(): Promise<MpfrStatus> {
  return processInit.init();
}

/** The current load status (synchronous). */
export function mpfrStatus(): MpfrStatus {
  return processInit.status();
}
