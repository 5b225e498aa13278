/**
 * The f64 backend against exact rationals: the basic operations are IEEE round-to-nearest (the result is the double
 * nearest the exact value: no neighbouring double is closer), kernels on small-integer data are exact, and every
 * checked kernel rejects a bad index or dimension with a RangeError naming the kernel and the numbers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactDecimal } from './exact.js';
import { f64Backend } from './f64.js';
import { abs, add, cmp, div, fromInt, mul, parseNum, sub, type Q } from './rational.js';

const B = f64Backend();
const F = new Float64Array(1);
const I = new BigInt64Array(F.buffer);
/** The next double toward +∞ / −∞ (x finite). */
function nextUp(x: number): number {
  if (x === 0) return 5e-324;
  F[0] = x;
  I[0] = I[0]! + (x > 0 ? 1n : -1n);
  return F[0];
}
const nextDown = (x: number): number => -nextUp(-x);
const exact = (x: number): Q => parseNum(exactDecimal(x));

/** r is the double nearest X: neither neighbour of r is strictly closer (ties either way are allowed). */
function nearest(r: number, X: Q): boolean {
  const e = abs(sub(exact(r), X));
  const up = nextUp(r);
  const dn = nextDown(r);
  return (
    (!Number.isFinite(up) || cmp(e, abs(sub(exact(up), X))) <= 0) &&
    (!Number.isFinite(dn) || cmp(e, abs(sub(exact(dn), X))) <= 0)
  );
}

const dbl = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 });

describe('f64: IEEE round-to-nearest against exact rationals', () => {
  it('add, sub, mul and div return the double nearest the exact result', () => {
    fc.assert(
      fc.property(dbl, dbl, (a, b) => {
        const A = exact(a);
        const Bq = exact(b);
        const check = (r: number, X: () => Q): void => {
          // an overflowed quotient or product has no exact double to compare; overflow is checked by the law suite
          if (Number.isFinite(r)) expect(nearest(r, X())).toBe(true);
        };
        check(B.add(a, b), () => add(A, Bq));
        check(B.sub(a, b), () => sub(A, Bq));
        check(B.mul(a, b), () => mul(A, Bq));
        if (b !== 0) check(B.div(a, b), () => div(A, Bq));
      }),
      { numRuns: 200 },
    );
  });

  it('the nearest-double check can fail: the neighbours of fl(1/3) are rejected, a tie accepts both sides', () => {
    const third = div(fromInt(1), fromInt(3));
    expect(nearest(1 / 3, third)).toBe(true);
    expect(nearest(nextUp(1 / 3), third)).toBe(false);
    expect(nearest(nextDown(1 / 3), third)).toBe(false);
    // 0.1 + 0.2 lies exactly halfway between two doubles: round-to-even picks the upper one, and either is nearest
    const tie = add(exact(0.1), exact(0.2));
    expect(nearest(0.1 + 0.2, tie) && nearest(nextDown(0.1 + 0.2), tie)).toBe(true);
  });

  it('sqrt(x) is the nearest double: r² brackets x against the neighbours', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1e300 }), (x) => {
        const r = B.sqrt(x);
        const X = exact(x);
        // the midpoints m± between r and its neighbours satisfy m−² ≤ x ≤ m+²
        const half = (p: number, q2: number): Q => div(add(exact(p), exact(q2)), fromInt(2));
        const lo = half(nextDown(r), r);
        const hi = half(r, nextUp(r));
        if (r > 0) expect(cmp(mul(lo, lo), X)).toBeLessThanOrEqual(0);
        expect(cmp(X, mul(hi, hi))).toBeLessThanOrEqual(0);
      }),
      { numRuns: 200 },
    );
  });

  it('num reads a decimal to the nearest double, int is exact, show prints −0 and non-finite values', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }), fc.integer({ min: -30, max: 30 }), (n, e) => {
        const s = `${n}e${e}`;
        expect(nearest(B.num(s), parseNum(s))).toBe(true);
      }),
    );
    expect(B.int(-(2 ** 53) + 1)).toBe(-(2 ** 53) + 1);
    expect(() => B.int(2 ** 53)).toThrow('int: 9007199254740992 is not a safe integer');
    expect(() => B.int(0.5)).toThrow('int: 0.5 is not a safe integer');
    expect([B.show(-0), B.show(0), B.show(NaN), B.show(-Infinity), B.show(1e21)]).toEqual([
      '-0',
      '0',
      'NaN',
      '-Infinity',
      '1e+21',
    ]);
    expect(() => B.num('1,5')).toThrow(/^number: "1,5" is not an exact decimal string/);
    expect(() => B.vec(['1', 'x'])).toThrow(/^vec\[1\]: "x"/);
    expect(B.fromDouble(0.1)).toBe(0.1);
    expect(B.toNumber(-2.5)).toBe(-2.5);
    expect([B.eps, B.zero, B.one, B.digits]).toEqual([2 ** -53, 0, 1, 15.95]);
  });

  it('powi(a, n) = a^n exactly when every intermediate is a double (small integers and powers of two)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -7, max: 7 }), fc.integer({ min: -12, max: 12 }), (a, n) => {
        const got = B.powi(a, n);
        if (a === 0) {
          expect(got).toBe(n === 0 ? 1 : n > 0 ? 0 : Infinity);
          return;
        }
        // |a|^|n| ≤ 7^12 < 2^53: exact for n ≥ 0; for n < 0 the result is (1/a)^|n|, exact when a is a power of two
        let want: Q = fromInt(1);
        for (let k = 0; k < Math.abs(n); k++) want = mul(want, fromInt(a));
        if (n < 0) want = div(fromInt(1), want);
        if (n >= 0 || [1, 2, 4].includes(Math.abs(a))) expect(cmp(exact(got), want)).toBe(0);
        else {
          // 1/a rounds once, then each of the ≤ 2⌈log2(|n|+1)⌉ squarings/products once:
          // (|n| + 2⌈log2(|n|+1)⌉)·u relative
          const k = Math.abs(n) + 2 * Math.ceil(Math.log2(Math.abs(n) + 1));
          const tol = mul(abs(want), div(fromInt(k), fromInt(2 ** 53)));
          expect(cmp(abs(sub(exact(got), want)), tol)).toBeLessThanOrEqual(0);
        }
      }),
    );
    expect(B.powi(3, 0)).toBe(1);
    expect(B.powi(2, -10)).toBe(1 / 1024);
    expect(B.powi(-2, 5)).toBe(-32);
    expect(B.powi(10, 22)).toBe(1e22);
  });

  it('the map ops at their switch points: relu, step and sign at ±0 and tiny values; softplus/sigmoid symmetric', () => {
    const tiny = 5e-324;
    const cases: [string, number, number][] = [
      ['relu', -0, 0],
      ['relu', -tiny, 0],
      ['relu', tiny, tiny],
      ['relu', 3, 3],
      ['step', 0, 0],
      ['step', -0, 0],
      ['step', tiny, 1],
      ['step', -2, 0],
      ['sign', 0, 0],
      ['sign', -0, 0],
      ['sign', tiny, 1],
      ['sign', -tiny, -1],
      ['neg', 2, -2],
      ['abs', -2, 2],
      ['square', -3, 9],
      ['sqrt', 9, 3],
      ['recip', 4, 0.25],
      ['exp', 0, 1],
      ['log', 1, 0],
      ['log1p', 0, 0],
      ['expm1', 0, 0],
      ['sigmoid', 0, 0.5],
      ['softplus', 0, Math.LN2],
    ];
    for (const [op, x, want] of cases) {
      const op2 = op as Parameters<typeof B.fn>[0];
      expect(Object.is(B.fn(op2, x), want), `${op}(${x}) = ${B.fn(op2, x)}`).toBe(true);
      expect(Object.is(B.map(op2, B.pack([x]))[0], want), `map ${op}(${x})`).toBe(true);
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -700, max: 700 }), (x) => {
        // σ(x) + σ(−x) = 1 and softplus(x) − softplus(−x) = x, up to a few roundings
        expect(Math.abs(B.fn('sigmoid', x) + B.fn('sigmoid', -x) - 1)).toBeLessThanOrEqual(4 * 2 ** -53);
        const d = B.fn('softplus', x) - B.fn('softplus', -x);
        expect(Math.abs(d - x)).toBeLessThanOrEqual(8 * 2 ** -53 * Math.max(1, Math.abs(x)));
      }),
    );
  });
});

describe('f64: kernels on small integers are exact', () => {
  const small = fc.integer({ min: -50, max: 50 });
  const matArb = (r: number, c: number): fc.Arbitrary<number[][]> =>
    fc.array(fc.array(small, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });
  const M = (rows: number[][]) => B.mat(rows.map((r) => r.map(String)));

  it('gemm (every flag), gemv (both ways), ger and transpose equal the integer definitions', () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
          .chain(([m, k, n]) => fc.tuple(matArb(m, k), matArb(k, n), fc.boolean(), fc.boolean())),
        ([a, b, tA, tB]) => {
          const m = a.length;
          const k = b.length;
          const n = b[0]!.length;
          const A = M(a);
          const Bm = M(b);
          const At = B.transpose(A);
          expect([B.rows(At), B.cols(At)]).toEqual([k, m]);
          for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) expect(B.mget(At, l, i)).toBe(a[i]![l]);
          const C = B.gemm(tA ? At : A, tB ? B.transpose(Bm) : Bm, tA, tB);
          expect([B.rows(C), B.cols(C)]).toEqual([m, n]);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < n; j++) {
              let s = 0;
              for (let l = 0; l < k; l++) s += a[i]![l]! * b[l]![j]!;
              expect(B.mget(C, i, j)).toBe(s);
            }
          const x = B.pack(b.map((row) => row[0]!));
          const y = B.gemv(A, x);
          a.forEach((row, i) => expect(y[i]).toBe(row.reduce((s, v, l) => s + v * b[l]![0]!, 0)));
          const w = B.pack(a.map((row) => row[0]!));
          const z = B.gemv(A, w, true);
          for (let l = 0; l < k; l++) expect(z[l]).toBe(a.reduce((s, row, i) => s + row[l]! * a[i]![0]!, 0));
          const G = B.ger(w, x);
          expect([B.rows(G), B.cols(G)]).toEqual([m, k]);
          for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) expect(B.mget(G, i, l)).toBe(w[i]! * x[l]!);
        },
      ),
    );
  });

  it('row, col, diag, eye, mzeros, mshow, reshape and flatten', () => {
    const A = M([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(B.row(A, 1)).toEqual([4, 5, 6]);
    expect(B.col(A, 2)).toEqual([3, 6]);
    expect(B.mshow(A)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(B.mshow(B.diag(B.pack([2, -1])))).toEqual([
      ['2', '0'],
      ['0', '-1'],
    ]);
    expect(B.mshow(B.eye(2))).toEqual([
      ['1', '0'],
      ['0', '1'],
    ]);
    expect(B.mshow(B.mzeros(1, 2))).toEqual([['0', '0']]);
    expect(B.mshow(B.reshape(B.flatten(A), 3, 2))).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect([B.rows(B.mat([])), B.cols(B.mat([]))]).toEqual([0, 0]);
  });

  it('vector kernels and reductions on integers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(small, small), { maxLength: 6 }), small, (pairs, a) => {
        const xs = pairs.map((p) => p[0]);
        const ys = pairs.map((p) => p[1]);
        const x = B.pack(xs);
        const y = B.pack(ys);
        expect(B.axpy(a, x, y)).toEqual(xs.map((v, i) => a * v + ys[i]!));
        expect(B.scal(a, x)).toEqual(xs.map((v) => a * v));
        expect(B.vadd(x, y)).toEqual(xs.map((v, i) => v + ys[i]!));
        expect(B.vsub(x, y)).toEqual(xs.map((v, i) => v - ys[i]!));
        expect(B.vmul(x, y)).toEqual(xs.map((v, i) => v * ys[i]!));
        expect(B.vshift(x, a)).toEqual(xs.map((v) => v + a));
        expect(B.dot(x, y)).toBe(xs.reduce((s, v, i) => s + v * ys[i]!, 0));
        expect(B.sum(x)).toBe(xs.reduce((s, v) => s + v, 0));
        expect(B.amax(x)).toBe(xs.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
        expect(B.fill(xs.length, a)).toEqual(xs.map(() => a));
        expect(B.concat([x, y])).toEqual([...xs, ...ys]);
        expect(B.unpack(x)).toEqual(xs);
        expect(B.dim(x)).toBe(xs.length);
      }),
    );
    expect(B.vdiv(B.pack([1, -1, 0, 6]), B.pack([0, 0, 0, 4]))).toEqual([Infinity, -Infinity, NaN, 1.5]);
    expect(B.slice(B.pack([1, 2, 3, 4]), 1, 3)).toEqual([2, 3]);
    expect(B.basis(3, 2)).toEqual([0, 0, 1]);
    expect(B.basis(3, 0)).toEqual([1, 0, 0]);
    expect(B.vshow(B.pack([-0, 0.5]))).toEqual(['-0', '0.5']);
  });

  it('amax propagates NaN wherever it is; nrm2 neither overflows nor underflows and passes ±Infinity/NaN on', () => {
    expect(B.amax(B.pack([1, NaN, 2]))).toBeNaN();
    expect(B.amax(B.pack([NaN, 5]))).toBeNaN();
    expect(B.amax(B.pack([5, NaN]))).toBeNaN();
    expect(B.amax(B.pack([-3, 2]))).toBe(3);
    expect(B.amax(B.zeros(0))).toBe(0);
    expect(Math.abs(B.nrm2(B.pack([3e200, -4e200])) / 5e200 - 1)).toBeLessThanOrEqual(4 * 2 ** -53);
    expect(Math.abs(B.nrm2(B.pack([3e-200, 4e-200])) / 5e-200 - 1)).toBeLessThanOrEqual(4 * 2 ** -53);
    expect(B.nrm2(B.pack([3, 4]))).toBe(5);
    expect(B.nrm2(B.pack([0, -0]))).toBe(0);
    expect(B.nrm2(B.zeros(0))).toBe(0);
    expect(B.nrm2(B.pack([1, -Infinity]))).toBe(Infinity);
    expect(B.nrm2(B.pack([1, NaN]))).toBeNaN();
    expect(B.allFinite(B.pack([1, Infinity]))).toBe(false);
    expect(B.allFinite(B.pack([NaN]))).toBe(false);
    expect(B.allFinite(B.pack([1, -2]))).toBe(true);
  });
});

describe('f64: bad indices and dimensions are RangeErrors naming the kernel and the numbers', () => {
  const x2 = B.pack([1, 2]);
  const x3 = B.pack([1, 2, 3]);
  const A23 = B.mat([
    ['1', '2', '3'],
    ['4', '5', '6'],
  ]);

  it('every two-vector kernel names both lengths', () => {
    expect(() => B.axpy(1, x2, x3)).toThrow('axpy: dimension mismatch (2 vs 3)');
    expect(() => B.vadd(x3, x2)).toThrow('vadd: dimension mismatch (3 vs 2)');
    expect(() => B.vsub(x2, x3)).toThrow('vsub: dimension mismatch (2 vs 3)');
    expect(() => B.vmul(x2, x3)).toThrow('vmul: dimension mismatch (2 vs 3)');
    expect(() => B.vdiv(x2, x3)).toThrow('vdiv: dimension mismatch (2 vs 3)');
    expect(() => B.dot(x2, x3)).toThrow('dot: dimension mismatch (2 vs 3)');
  });

  it('gemv, gemv(trans) and gemm check the inner dimension', () => {
    expect(() => B.gemv(A23, x2)).toThrow('gemv: dimension mismatch (3 vs 2)');
    expect(() => B.gemv(A23, x3, true)).toThrow('gemv(trans): dimension mismatch (2 vs 3)');
    expect(() => B.gemm(A23, A23)).toThrow('gemm: dimension mismatch (3 vs 2)');
    expect(() => B.gemm(A23, A23, true, false)).not.toThrow();
    expect(() => B.gemm(A23, A23, false, true)).not.toThrow();
    expect(() => B.gemm(A23, A23, true, true)).toThrow('gemm: dimension mismatch (2 vs 3)');
  });

  it('at, with and basis accept exactly the integers in [0, n)', () => {
    for (const i of [-1, 3, 1.5, NaN]) {
      expect(() => B.at(x3, i)).toThrow(`at: index ${i} out of range [0, 3)`);
      expect(() => B.with(x3, i, 0)).toThrow(`with: index ${i} out of range [0, 3)`);
      expect(() => B.basis(3, i)).toThrow(`basis: index ${i} out of range [0, 3)`);
    }
    expect([B.at(x3, 0), B.at(x3, 2)]).toEqual([1, 3]);
    expect(B.with(x3, 0, 9)).toEqual([9, 2, 3]);
    expect(B.with(x3, 2, 9)).toEqual([1, 2, 9]);
  });

  it('mat rejects ragged rows naming the row; reshape rejects a length that is not r×c', () => {
    expect(() => B.mat([['1', '2'], ['3']])).toThrow('mat: row 1 has 1 entries, expected 2');
    expect(() => B.mat([['1'], ['x']])).toThrow(/^number: "x"/);
    expect(() => B.reshape(x3, 2, 2)).toThrow('reshape: length 3 is not 2×2');
  });
});
