/**
 * The backend law suite (laws.ts) on every backend: each zero-argument `*Backend` export of the numeric barrel (a new
 * backend joins by its one export line in index.ts), plus the decimal and MPFR backends at two precisions each (MPFR
 * against dec:2p, so its agreement laws are measured at its own unit roundoff).
 */
import { describe, expect, it } from 'vitest';
import { decBackend } from './decimal.js';
import { f64Backend } from './f64.js';
import { backendFactories } from './index.js';
import { backendLawList, backendLaws } from './laws.js';
import { mpfrBackend } from './mpfr.js';
import { initMpfr } from './mpfrInit.js';
import type { AnyBackend, Backend, Repr } from './types.js';

const NUM_RUNS = 40;

describe('backend discovery', () => {
  it('finds f64Backend and ddBackend in the numeric barrel and skips the parametrised decBackend', () => {
    const names = backendFactories().map((f) => f.name);
    expect(names).toContain('f64Backend');
    expect(names).toContain('ddBackend');
    expect(names).not.toContain('decBackend');
  });
});

for (const { make } of backendFactories()) backendLaws(make(), { numRuns: NUM_RUNS });
backendLaws(decBackend(30), { numRuns: NUM_RUNS });
backendLaws(decBackend(60), { numRuns: NUM_RUNS });
if ((await initMpfr()).state !== 'ready')
  throw new Error('MPFR (gmp-wasm) did not load: the mpfr law suites cannot run');
for (const p of [30, 60]) backendLaws(mpfrBackend(p), { numRuns: NUM_RUNS, reference: decBackend(2 * p) });

// The suite must be able to fail: deliberately broken float64 backends are rejected by the law that targets them.
describe('the backend law suite rejects broken backends', () => {
  const f64 = f64Backend();
  const lawFails = (B: AnyBackend, namePart: string): void => {
    const law = backendLawList(B, { numRuns: 100 }).find((l) => l.name.includes(namePart));
    expect(law, `no law named like '${namePart}'`).toBeDefined();
    expect(() => law!.check()).toThrow();
  };

  it('rejects a dot that sums right to left', () => {
    const dot = (x: number[], y: number[]): number => {
      let s = 0;
      for (let i = x.length - 1; i >= 0; i--) s += x[i]! * y[i]!;
      return s;
    };
    lawFails({ ...f64, dot }, 'dot and sum equal');
  });

  it('rejects a backend that understates its unit roundoff (u = 2^-60 for float64)', () => {
    lawFails({ ...f64, eps: 2 ** -60 }, 'add, sub, mul, div agree');
  });

  it('rejects an exp that is 2^-40 relative off', () => {
    const exp = (x: number): number => Math.exp(x) * (1 + 2 ** -40);
    lawFails(
      { ...f64, exp, fn: (op: Parameters<typeof f64.fn>[0], x: number) => (op === 'exp' ? exp(x) : f64.fn(op, x)) },
      'exp, log1p',
    );
  });

  it('rejects a naive softplus log(1 + e^x) that overflows for large x', () => {
    const fn = (op: Parameters<typeof f64.fn>[0], x: number): number =>
      op === 'softplus' ? Math.log(1 + Math.exp(x)) : f64.fn(op, x);
    lawFails({ ...f64, fn }, 'softplus and sigmoid stay finite');
  });

  it('rejects a show that prints only 15 significant digits (not read back exactly)', () => {
    lawFails({ ...f64, show: (x: number) => String(Number(x.toPrecision(15))) }, 'show(num(x))');
  });

  it('rejects a dec:30 backend whose exp computes in the dec:60 context (a precision leak)', () => {
    const B30 = decBackend(30);
    const D60 = decBackend(60).Decimal;
    lawFails(
      { ...B30, exp: (a: Parameters<typeof B30.exp>[0]) => new D60(a).exp() },
      'no value of another precision leaks',
    );
  });

  it('rejects a gemv(trans) that ignores the flag', () => {
    lawFails({ ...f64, gemv: (A: Parameters<typeof f64.gemv>[0], x: number[]) => f64.gemv(A, x) }, 'gemv, gemv(trans)');
  });
});

describe('the backend law suite rejects broken MPFR backends', () => {
  const B30 = mpfrBackend(30);
  const B60 = mpfrBackend(60);
  const lawFails = (B: AnyBackend, namePart: string): void => {
    const law = backendLawList(B, { numRuns: 100, reference: decBackend(120) }).find((l) => l.name.includes(namePart));
    expect(law, `no law named like '${namePart}'`).toBeDefined();
    expect(() => law!.check()).toThrow();
  };
  type S60 = Parameters<typeof B60.exp>[0];
  const via30 =
    (f: (x: S60) => S60) =>
    (a: S60): S60 =>
      B60.num(B30.show(f(B30.num(B60.show(a)))));

  it('rejects an mpfr:60 whose exp is evaluated at mpfr:30 and converted back (a silent precision loss)', () => {
    lawFails({ ...B60, exp: via30(B30.exp) }, 'exp, log1p');
  });

  it('rejects an mpfr:60 whose exp returns mpfr:30 values (a precision leak)', () => {
    lawFails({ ...B60, exp: (a: S60) => B30.exp(B30.num(B60.show(a))) }, 'no value of another precision leaks');
  });

  it('rejects an mpfr:60 that claims the unit roundoff of 2^-300', () => {
    lawFails({ ...B60, eps: B60.num('4.9e-91') }, 'add, sub, mul, div agree');
  });
});

/**
 * A value of another precision is rejected by the kernel it enters, and the message names that kernel (so a report
 * points at the call): every argument position of every method that takes values, on dec:30 (values of dec:60) and
 * mpfr:30 (values of mpfr:60).
 */
function foreignCases<R extends Repr>(B: Backend<R>, F: Backend<R>): [string, () => unknown][] {
  const S = B.one;
  const s = F.one;
  const v = B.vec(['1', '2']);
  const w = F.vec(['1', '2']);
  const M = B.eye(2);
  const N = F.eye(2);
  return [
    ['show', () => B.show(s)],
    ['toNumber', () => B.toNumber(s)],
    ...(['add', 'sub', 'mul', 'div', 'cmp', 'min', 'max'] as const).flatMap((k): [string, () => unknown][] => [
      [k, () => B[k](s, S)],
      [k, () => B[k](S, s)],
    ]),
    ...(['neg', 'abs', 'sqrt', 'exp', 'log', 'log1p', 'isFinite', 'isZero'] as const).map(
      (k): [string, () => unknown] => [k, () => B[k](s)],
    ),
    ['fn(exp)', () => B.fn('exp', s)],
    ['powi', () => B.powi(s, 2)],
    ['vshow', () => B.vshow(w)],
    ['pack', () => B.pack([S, s])],
    ['unpack', () => B.unpack(w)],
    ['with', () => B.with(v, 0, s)],
    ['fill', () => B.fill(2, s)],
    ['concat', () => B.concat([w, v])],
    ['toNumbers', () => B.toNumbers(w)],
    ['axpy', () => B.axpy(s, v, v)],
    ['axpy', () => B.axpy(S, w, v)],
    ['axpy', () => B.axpy(S, v, w)],
    ['scal', () => B.scal(s, v)],
    ['scal', () => B.scal(S, w)],
    ...(['vadd', 'vsub', 'vmul', 'vdiv', 'dot'] as const).flatMap((k): [string, () => unknown][] => [
      [k, () => B[k](w, v)],
      [k, () => B[k](v, w)],
    ]),
    ['vshift', () => B.vshift(v, s)],
    ['vshift', () => B.vshift(w, S)],
    ...(['nrm2', 'sum', 'amax', 'allFinite', 'diag'] as const).map((k): [string, () => unknown] => [k, () => B[k](w)]),
    ['map(exp)', () => B.map('exp', w)],
    ['mshow', () => B.mshow(N)],
    ['reshape', () => B.reshape(w, 1, 2)],
    ['transpose', () => B.transpose(N)],
    ['gemv', () => B.gemv(N, v)],
    ['gemv', () => B.gemv(M, w)],
    ['gemm', () => B.gemm(N, M)],
    ['gemm', () => B.gemm(M, N)],
    ['ger', () => B.ger(w, v)],
    ['ger', () => B.ger(v, w)],
  ];
}

describe('a value of another precision is rejected by name of the kernel it enters', () => {
  const esc = (t: string): string => t.replace(/[()]/g, '\\$&');
  const check = <R extends Repr>(B: Backend<R>, F: Backend<R>, what: string): void => {
    for (const [where, call] of foreignCases(B, F)) {
      expect(call, where).toThrow(new RegExp(`^${B.id} ${esc(where)}: ${what}`));
    }
  };
  it('dec:30 names the kernel for every argument position (values of dec:60)', () => {
    check(decBackend(30), decBackend(60), 'a Decimal of another context \\(precision 60\\)');
  });
  it('mpfr:30 names the kernel for every argument position (values of mpfr:60), slice included', () => {
    const B = mpfrBackend(30);
    const F = mpfrBackend(60);
    check(B, F, 'a value of another precision \\(208 bits, this backend has 108\\)');
    expect(() => B.slice(F.vec(['1', '2']), 0, 1)).toThrow(/^mpfr:30 slice: a value of another precision/);
  });
});

/** Calls with a bad index, size or shape, and the kernel name their RangeError must start with. */
function shapeCases<R extends Repr>(B: Backend<R>): [string, RegExp, () => unknown][] {
  const v = B.vec(['1', '2']);
  const u = B.vec(['1', '2', '3']);
  const M = B.mat([
    ['1', '2', '3'],
    ['4', '5', '6'],
  ]); // 2×3
  const idx = /index -?\d+(\.\d+)? out of range \[0, \d+\)/;
  const size = /size -?\d+(\.\d+)? must be a non-negative integer/;
  const dims = /dimension mismatch \(\d+ vs \d+\)/;
  return [
    ['at', idx, () => B.at(v, 2)],
    ['at', idx, () => B.at(v, -1)],
    ['with', idx, () => B.with(v, 2, B.one)],
    ['zeros', size, () => B.zeros(-1)],
    ['fill', size, () => B.fill(1.5, B.one)],
    ['basis', idx, () => B.basis(2, 2)],
    ['mzeros', size, () => B.mzeros(-1, 2)],
    ['mzeros', size, () => B.mzeros(2, -1)],
    ['eye', size, () => B.eye(-2)],
    ['mget(row)', idx, () => B.mget(M, 2, 0)],
    ['mget(col)', idx, () => B.mget(M, 0, 3)],
    ['row', idx, () => B.row(M, 2)],
    ['col', idx, () => B.col(M, 3)],
    ['axpy', dims, () => B.axpy(B.one, v, u)],
    ['dot', dims, () => B.dot(v, u)],
    ...(['vadd', 'vsub', 'vmul', 'vdiv'] as const).map((k): [string, RegExp, () => unknown] => [
      k,
      dims,
      () => B[k](v, u),
    ]),
    ['gemv', dims, () => B.gemv(M, v)],
    ['gemv(trans)', dims, () => B.gemv(M, u, true)],
    ['gemm', dims, () => B.gemm(M, M)],
    ['gemm', dims, () => B.gemm(M, M, true, true)],
  ];
}

describe('a bad index, size or shape is a RangeError naming the kernel and the offending number', () => {
  const esc = (t: string): string => t.replace(/[()]/g, '\\$&');
  const check = <R extends Repr>(B: Backend<R>): void => {
    for (const [where, what, call] of shapeCases(B)) {
      expect(call, where).toThrow(RangeError);
      expect(call, where).toThrow(new RegExp(`^${B.id} ${esc(where)}: ${what.source}`));
    }
    // and the valid neighbours of those calls succeed
    expect(B.show(B.at(B.vec(['1', '2']), 1))).toBe('2');
    expect(B.dim(B.zeros(0))).toBe(0);
    expect(B.rows(B.gemm(B.eye(2), B.eye(2), true, true))).toBe(2);
  };
  it('dec:30', () => check(decBackend(30)));
  it('mpfr:30', () => check(mpfrBackend(30)));
});
