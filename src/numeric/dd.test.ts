import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K, STEPS, w1, w1Data } from '../bench/workloads.js';
import { ddBackend, ddMapScalar, type DDVec } from './dd.js';
import { ddExactDecimal } from './ddIO.js';
import * as X from './ddMath.js';
import type { DDScalar } from './ddMath.js';
import { MAP_OPS } from './types.js';

const B = ddBackend();
const D60 = Decimal.clone({ precision: 60 });
/** Unit roundoff of the backend (2^-102, a bound for one add/mul/div): tolerances below are multiples of it. */
const EPS = B.eps.hi;

const exact = (x: DDScalar): Decimal => new D60(ddExactDecimal(x.hi, x.lo));
const lit = fc
  .tuple(fc.bigInt({ min: -(10n ** 34n), max: 10n ** 34n }), fc.integer({ min: -8, max: 8 }))
  .map(([m, e]) => `${m}e${e - 34}`);
const vecLits = (n: number): fc.Arbitrary<string[]> => fc.array(lit, { minLength: n, maxLength: n });
const dimAndTwo = fc.integer({ min: 0, max: 12 }).chain((n) => fc.tuple(vecLits(n), vecLits(n)));

/** [high words, low words] of an interleaved vector. */
const bits = (x: DDVec): number[][] => [x.filter((_, i) => i % 2 === 0), x.filter((_, i) => i % 2 === 1)];
const naiveVec = (n: number, f: (i: number) => DDScalar): DDVec => B.pack(Array.from({ length: n }, (_, i) => f(i)));

describe('dd backend basics', () => {
  it('declares id, digits and a unit roundoff that bounds one basic operation', () => {
    expect(B.id).toBe('dd');
    expect(B.digits).toBeCloseTo(31.9, 1);
    expect(B.eps).toEqual({ hi: 2 ** -102, lo: 0 });
  });
  it('reads numbers exactly, writes them back, and keeps fromDouble/toNumber honest', () => {
    const x = B.num('0.1');
    expect(B.show(x)).toBe('0.1');
    expect(B.toNumber(x)).toBe(0.1);
    expect(B.fromDouble(0.1)).toEqual({ hi: 0.1, lo: 0 });
    // (0.1, 0) has no shorter literal: any 34-digit rounding reads back with a nonzero low word
    expect(B.show(B.fromDouble(0.1))).toBe('0.1000000000000000055511151231257827021181583404541015625');
    expect(B.int(7)).toEqual({ hi: 7, lo: 0 });
    expect(() => B.int(2 ** 60)).toThrow(/int/);
    expect(() => B.num('abc')).toThrow(/"abc"/);
    expect(() => B.vec(['1', 'x'])).toThrow(/vec\[1\]/);
  });
  it('orders pairs by hi then lo', () => {
    const a = X.dd(1, 2 ** -60);
    const b = X.dd(1, -(2 ** -60));
    expect(B.cmp(a, b)).toBe(1);
    expect(B.cmp(b, a)).toBe(-1);
    expect(B.min(a, b)).toBe(b);
    expect(B.max(a, b)).toBe(a);
    expect(B.isZero(B.zero)).toBe(true);
    expect(B.isFinite(X.dd(Infinity))).toBe(false);
  });
  it('reshape and flatten are zero-copy views', () => {
    const v = B.vec(['1', '2', '3', '4', '5', '6']);
    const A = B.reshape(v, 2, 3);
    expect(A.data).toBe(v);
    expect(B.flatten(A)).toBe(v);
    expect(B.mshow(A)).toEqual([
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
    expect(B.vshow(B.col(A, 1))).toEqual(['2', '5']);
    expect(() => B.reshape(v, 4, 2)).toThrow(/reshape/);
  });
});

describe('vector kernels equal a naive loop over the scalar dd operations, bit for bit', () => {
  it('axpy, scal, vadd, vsub, vmul, vdiv, vshift', () => {
    fc.assert(
      fc.property(dimAndTwo, lit, ([xs, ys], as) => {
        const x = B.vec(xs);
        const y = B.vec(ys);
        const a = B.num(as);
        const n = xs.length;
        const xi = (i: number): DDScalar => B.at(x, i);
        const yi = (i: number): DDScalar => B.at(y, i);
        expect(bits(B.axpy(a, x, y))).toEqual(bits(naiveVec(n, (i) => X.add(X.mul(a, xi(i)), yi(i)))));
        expect(bits(B.scal(a, x))).toEqual(bits(naiveVec(n, (i) => X.mul(a, xi(i)))));
        expect(bits(B.vadd(x, y))).toEqual(bits(naiveVec(n, (i) => X.add(xi(i), yi(i)))));
        expect(bits(B.vsub(x, y))).toEqual(bits(naiveVec(n, (i) => X.sub(xi(i), yi(i)))));
        expect(bits(B.vmul(x, y))).toEqual(bits(naiveVec(n, (i) => X.mul(xi(i), yi(i)))));
        expect(bits(B.vdiv(x, y))).toEqual(bits(naiveVec(n, (i) => X.div(xi(i), yi(i)))));
        expect(bits(B.vshift(x, a))).toEqual(bits(naiveVec(n, (i) => X.add(xi(i), a))));
      }),
      { numRuns: 150 },
    );
  });
  it('dot and sum (left-to-right dd accumulation)', () => {
    fc.assert(
      fc.property(dimAndTwo, ([xs, ys]) => {
        const x = B.vec(xs);
        const y = B.vec(ys);
        let d = X.DD_ZERO;
        let s = X.DD_ZERO;
        for (let i = 0; i < xs.length; i++) {
          d = X.add(d, X.mul(B.at(x, i), B.at(y, i)));
          s = X.add(s, B.at(x, i));
        }
        expect(B.dot(x, y)).toEqual(d);
        expect(B.sum(x)).toEqual(s);
      }),
      { numRuns: 150 },
    );
  });
  it('map applies the scalar function to every entry', () => {
    const x = B.vec(['-2.5', '-1e-20', '0', '0.75', '3', '40.125']);
    for (const op of MAP_OPS) {
      const expected = naiveVec(6, (i) => ddMapScalar(op, B.at(x, i)));
      expect(bits(B.map(op, x)), op).toEqual(bits(expected));
      expect(B.fn(op, B.at(x, 4))).toEqual(B.at(expected, 4));
    }
  });
  it('the table-driven exp-type map kernels equal the scalar functions bit for bit, specials included', () => {
    const specials = [
      '0',
      '-0',
      '1e-300',
      '-745.3',
      '-745',
      '-700',
      '709.5',
      '709.79',
      '800',
      '-800',
      '0.5',
      '-0.5',
      '-1',
      '1',
    ];
    const x = naiveVec(specials.length, (i) => B.num(specials[i]!));
    const withInf = B.concat([x, B.pack([X.dd(Infinity), X.dd(-Infinity), X.dd(NaN)])]);
    for (const op of ['exp', 'expm1', 'log', 'log1p', 'softplus', 'sigmoid'] as const) {
      const n = B.dim(withInf);
      expect(bits(B.map(op, withInf)), op).toEqual(bits(naiveVec(n, (i) => ddMapScalar(op, B.at(withInf, i)))));
      fc.assert(
        fc.property(fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 9 }), (hs) => {
          const v = B.pack(hs.map((h) => X.dd(h, h * 2 ** -60)).map((a) => X.add(a, X.dd(0))));
          expect(bits(B.map(op, v))).toEqual(bits(naiveVec(hs.length, (i) => ddMapScalar(op, B.at(v, i)))));
        }),
        { numRuns: 40 },
      );
    }
  });
  it('amax, allFinite, with, basis, concat, slice, fill, toNumbers', () => {
    const x = B.vec(['1', '-3.5', '2']);
    expect(B.show(B.amax(x))).toBe('3.5');
    expect(B.allFinite(x)).toBe(true);
    expect(B.allFinite(B.with(x, 1, X.dd(Infinity)))).toBe(false);
    expect(B.vshow(B.basis(3, 1))).toEqual(['0', '1', '0']);
    expect(B.vshow(B.concat([x, B.fill(2, B.num('0.5'))]))).toEqual(['1', '-3.5', '2', '0.5', '0.5']);
    expect(B.vshow(B.slice(x, 1, 3))).toEqual(['-3.5', '2']);
    expect(Array.from(B.toNumbers(x))).toEqual([1, -3.5, 2]);
    expect(() => B.at(x, 3)).toThrow(/at: index 3/);
    expect(() => B.dot(x, B.zeros(2))).toThrow(/dot: dimension mismatch/);
  });
});

describe('kernels agree with decimal.js at 60 digits within their rounding-error bounds', () => {
  // Recursive summation with per-operation relative error ≤ EPS (products and sums, JMP 2017):
  // |dot − Σx_i y_i| ≤ γ_n Σ|x_i y_i| with γ_n = n·EPS/(1 − n·EPS) ≤ 1.01·n·EPS (Higham, Accuracy and Stability, §3.1).
  it('dot: |error| ≤ 1.01·n·eps·Σ|x_i y_i|; sum: |error| ≤ 1.01·n·eps·Σ|x_i|', () => {
    fc.assert(
      fc.property(dimAndTwo, ([xs, ys]) => {
        const n = xs.length;
        const x = B.vec(xs);
        const y = B.vec(ys);
        let ref = new D60(0);
        let mag = new D60(0);
        let sref = new D60(0);
        let smag = new D60(0);
        for (let i = 0; i < n; i++) {
          const p = exact(B.at(x, i)).times(exact(B.at(y, i)));
          ref = ref.plus(p);
          mag = mag.plus(p.abs());
          sref = sref.plus(exact(B.at(x, i)));
          smag = smag.plus(exact(B.at(x, i)).abs());
        }
        expect(
          exact(B.dot(x, y))
            .minus(ref)
            .abs()
            .lte(mag.times(1.01 * n * EPS)),
        ).toBe(true);
        expect(
          exact(B.sum(x))
            .minus(sref)
            .abs()
            .lte(smag.times(1.01 * n * EPS)),
        ).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
  it('axpy: |error_i| ≤ 2·eps·(|a·x_i| + |y_i|) (one product, one sum)', () => {
    fc.assert(
      fc.property(dimAndTwo, lit, ([xs, ys], as) => {
        const a = B.num(as);
        const z = B.axpy(a, B.vec(xs), B.vec(ys));
        xs.forEach((xsi, i) => {
          const ax = exact(a).times(exact(B.num(xsi)));
          const yi = exact(B.num(ys[i]!));
          const err = exact(B.at(z, i)).minus(ax.plus(yi)).abs();
          expect(
            err.lte(
              ax
                .abs()
                .plus(yi.abs())
                .times(2 * EPS),
            ),
          ).toBe(true);
        });
      }),
      { numRuns: 100 },
    );
  });
  it('nrm2: relative error ≤ (n/2 + 2)·eps, and no overflow or underflow for entries near 1e+290 or 1e-240 (results stay above 2^-969)', () => {
    fc.assert(
      fc.property(vecLits(7), fc.constantFrom(0, 290, -240), (xs, shift) => {
        const x = B.vec(xs.map((s) => s.replace(/e(-?\d+)$/, (_, e: string) => `e${Number(e) + shift}`)));
        let ss = new D60(0);
        for (let i = 0; i < xs.length; i++) ss = ss.plus(exact(B.at(x, i)).pow(2));
        const ref = ss.sqrt();
        const got = exact(B.nrm2(x));
        if (ref.isZero()) expect(got.isZero()).toBe(true);
        else expect(got.minus(ref).abs().div(ref).toNumber()).toBeLessThanOrEqual((7 / 2 + 2) * EPS);
      }),
      { numRuns: 60 },
    );
  });
  // 5·eps (as in ddMath.test.ts): the functions' documented error (≤ 21u² = 1.3·eps composed) plus the rounding of
  // the decimal inputs on num (≤ eps relative, times the condition |x·f'(x)/f(x)|: ≤ 1 here except exp, whose |x| is
  // at most 37.25 on an exact dyadic; the inexact inputs ±1e-12, 3e-25 have condition ≲ 1e-12).
  it('map over the analytic ops: relative error ≤ 5·eps (log/sqrt of positive entries)', () => {
    const xs = ['-37.25', '-1.5', '-1e-12', '3e-25', '0.5', '2.75', '19.125'];
    const x = B.vec(xs);
    const refs: Record<string, (d: Decimal) => Decimal> = {
      exp: (d) => d.exp(),
      sigmoid: (d) => new D60(1).div(d.neg().exp().plus(1)),
      square: (d) => d.times(d),
      recip: (d) => new D60(1).div(d),
    };
    for (const [op, ref] of Object.entries(refs)) {
      const z = B.map(op as 'exp', x);
      xs.forEach((s, i) => {
        const r = ref(new D60(s));
        expect(exact(B.at(z, i)).minus(r).div(r).abs().toNumber(), `${op}(${s})`).toBeLessThanOrEqual(5 * EPS);
      });
    }
    const pos = B.map('abs', x);
    for (const [op, ref] of [
      ['log', (d: Decimal) => d.ln()],
      ['sqrt', (d: Decimal) => d.sqrt()],
    ] as const) {
      const z = B.map(op, pos);
      xs.forEach((s, i) => {
        const r = ref(new D60(s).abs());
        expect(exact(B.at(z, i)).minus(r).div(r).abs().toNumber(), `${op}(|${s}|)`).toBeLessThanOrEqual(5 * EPS);
      });
    }
    expect(B.vshow(B.map('relu', x))).toEqual(['0', '0', '0', '3e-25', '0.5', '2.75', '19.125']);
    expect(B.vshow(B.map('step', x))).toEqual(['0', '0', '0', '1', '1', '1', '1']);
    expect(B.vshow(B.map('sign', x))).toEqual(['-1', '-1', '-1', '1', '1', '1', '1']);
  });
});

describe('matrix kernels', () => {
  const matArb = (r: number, c: number): fc.Arbitrary<string[][]> =>
    fc.array(vecLits(c), { minLength: r, maxLength: r });
  const shapes = fc.tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
  );

  it('gemm (all four transpose flags), gemv (both), ger and transpose equal naive dd dot loops', () => {
    fc.assert(
      fc.property(
        shapes.chain(([m, k, n]) => fc.tuple(matArb(m, k), matArb(k, n), vecLits(k), vecLits(m))),
        ([as, bs, xs, ws]) => {
          const A = B.mat(as);
          const Bm = B.mat(bs);
          const m = B.rows(A);
          const k = B.cols(A);
          const n = B.cols(Bm);
          const naive = (i: number, j: number): DDScalar => {
            let s = X.DD_ZERO;
            for (let l = 0; l < k; l++) s = X.add(s, X.mul(B.mget(A, i, l), B.mget(Bm, l, j)));
            return s;
          };
          const C = B.gemm(A, Bm);
          const At = B.transpose(A);
          const Bt = B.transpose(Bm);
          for (let i = 0; i < m; i++) {
            for (let j = 0; j < n; j++) {
              const c = naive(i, j);
              expect(B.mget(C, i, j)).toEqual(c);
              expect(B.mget(B.gemm(At, Bm, true, false), i, j)).toEqual(c);
              expect(B.mget(B.gemm(A, Bt, false, true), i, j)).toEqual(c);
              expect(B.mget(B.gemm(At, Bt, true, true), i, j)).toEqual(c);
            }
          }
          const x = B.vec(xs);
          const y = B.gemv(A, x);
          const yt = B.gemv(At, x, true);
          for (let i = 0; i < m; i++) {
            expect(B.at(y, i)).toEqual(B.dot(B.row(A, i), x));
            expect(B.at(yt, i)).toEqual(B.at(y, i));
          }
          const w = B.vec(ws);
          const G = B.ger(w, x);
          for (let i = 0; i < m; i++)
            for (let j = 0; j < k; j++) expect(B.mget(G, i, j)).toEqual(X.mul(B.at(w, i), B.at(x, j)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gemm agrees with decimal.js within 1.01·k·eps·(|A||B|)_ij', () => {
    const A = B.mat([
      ['0.1', '-0.2', '0.3'],
      ['1e-5', '7', '-3.25'],
    ]);
    const Bm = B.mat([
      ['1.5', '2'],
      ['-0.7', '1e3'],
      ['0.001', '-9'],
    ]);
    const C = B.gemm(A, Bm);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        let ref = new D60(0);
        let mag = new D60(0);
        for (let l = 0; l < 3; l++) {
          const p = exact(B.mget(A, i, l)).times(exact(B.mget(Bm, l, j)));
          ref = ref.plus(p);
          mag = mag.plus(p.abs());
        }
        expect(
          exact(B.mget(C, i, j))
            .minus(ref)
            .abs()
            .lte(mag.times(1.01 * 3 * EPS)),
        ).toBe(true);
      }
    }
    expect(B.mshow(B.eye(2))).toEqual([
      ['1', '0'],
      ['0', '1'],
    ]);
    expect(B.mshow(B.diag(B.vec(['2', '3'])))).toEqual([
      ['2', '0'],
      ['0', '3'],
    ]);
    expect(B.mshow(B.mzeros(1, 2))).toEqual([['0', '0']]);
    expect(() => B.gemm(A, A)).toThrow(/gemm: dimension mismatch/);
  });
});

describe('special values in kernels', () => {
  it('cmp with NaN is 0 (the contract in types.ts) also against values whose low word is nonzero', () => {
    // (NaN, 0) against (hi, lo ≠ 0): comparing the high words is false both ways, the low words are not
    const third = B.div(B.one, B.int(3));
    expect(third.lo).not.toBe(0);
    for (const x of [third, B.neg(third)]) {
      expect(B.cmp(B.num('NaN'), x)).toBe(0);
      expect(B.cmp(x, B.num('NaN'))).toBe(0);
    }
  });

  it('overflow gives (±Infinity, 0), NaN propagates, and huge finite entries take the careful path', () => {
    const big = B.vec(['1e308', '-1e308', '1e300', 'NaN']);
    const z = B.axpy(B.num('10'), big, B.zeros(4));
    expect(bits(z)[0]).toEqual([Infinity, -Infinity, 1e301, NaN]);
    expect(bits(z)[1]!.slice(0, 2)).toEqual([0, 0]);
    // 1e300 > 2^996: its Veltkamp split overflows, yet 10·x must stay accurate
    expect(
      exact(B.at(z, 2))
        .minus(exact(B.at(big, 2)).times(10))
        .abs()
        .div('1e301')
        .toNumber(),
    ).toBeLessThanOrEqual(EPS);
    expect(Number.isNaN(B.dot(big, big).hi)).toBe(true);
    // a one-term dot is one product (JMP Alg. 10: ≤ 7u² ≤ eps) of the parsed operands; nrm2 of n = 2 entries is within
    // the (n/2 + 2)·eps of the nrm2 test above, of √2·x for the parsed x (scaled by 2^-e, so nothing overflows)
    const big1 = B.vec(['1e300']);
    const small1 = B.vec(['1e-300']);
    const prod = exact(B.at(big1, 0)).times(exact(B.at(small1, 0)));
    expect(exact(B.dot(big1, small1)).minus(prod).abs().div(prod).toNumber()).toBeLessThanOrEqual(EPS);
    expect(B.sum(B.vec(['1e308', '1e308'])).hi).toBe(Infinity);
    const nrmRef = exact(B.at(big1, 0)).times(new D60(2).sqrt());
    expect(
      exact(B.nrm2(B.vec(['1e300', '1e300'])))
        .minus(nrmRef)
        .abs()
        .div(nrmRef)
        .toNumber(),
    ).toBeLessThanOrEqual(3 * EPS);
    expect(B.at(B.vdiv(B.vec(['1', '0']), B.vec(['0', '0'])), 0).hi).toBe(Infinity);
    expect(Number.isNaN(B.amax(B.vec(['1', 'NaN'])).hi)).toBe(true);
  });
});

/**
 * Rounding-error budget of W1 (GD on L = ½(a·b − y)², src/bench/workloads.ts) on dd, from an f64 replay of its
 * trajectory (the weights need a few digits, not dd ones). Per-operation bounds are JMP's (mul 7u², add 3u²,
 * u = 2^-53), first order in them.
 * r' = r + cS + c²·a·b (c = −ηr, S = ‖a‖² + ‖b‖²), so an error in r is carried on by ρ = 1 − ηS + η²r² + 2η²r·a·b,
 * an error δc by S + 2c·a·b, and a rounding δ of the axpy outputs enters r' as (b', a')·δ. Not modelled (each <
 * 10^-3·u|y|): the effect of δS on the rate (r_T·η·Σ δS), η's and y's own roundings (y's cancels: the final r uses the
 * same y). Returns the worst case Σ_k w_k·c_k and the Hoeffding scale √(Σ_k w_k²·c_k²) over all roundings k (bound c_k,
 * weight w_k).
 */
function w1RoundingBudget(): { worst: number; scale: number } {
  const u2 = 2 ** -106;
  const data = w1Data();
  const a = data.a.map(Number);
  const b = data.b.map(Number);
  const y = 0.01;
  const eta = 0.05;
  let worst = 0;
  let sq = 0;
  /** dd dot's roundings: n products (7u²|a_i b_i|), n − 1 adds (3u²|partial sum|); returns [a·b, Σc, Σc²]. */
  const dotBounds = (): [number, number, number] => {
    let s = 0;
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < K; i++) {
      const p = a[i]! * b[i]!;
      s += p;
      const cp = 7 * u2 * Math.abs(p);
      const cs = i > 0 ? 3 * u2 * Math.abs(s) : 0;
      sum += cp + cs;
      sum2 += cp * cp + cs * cs;
    }
    return [s, sum, sum2];
  };
  for (let t = 0; t < STEPS; t++) {
    const [ab, dotW, dotW2] = dotBounds();
    let S = 0;
    for (let i = 0; i < K; i++) S += a[i]! ** 2 + b[i]! ** 2;
    const r = ab - y;
    const c = -eta * r;
    const rho = Math.abs(1 - eta * S + eta * eta * r * r + 2 * eta * eta * r * ab);
    worst *= rho;
    sq *= rho * rho;
    // r̂ = dot − y (sub 3u²|r|), c = −η·r̂ (mul 7u²|c|): δc = η·δr̂ + δ_mul, weight S + 2c·a·b
    const wc = Math.abs(S + 2 * c * ab);
    const sub = 3 * u2 * Math.abs(r);
    const mulc = 7 * u2 * Math.abs(c);
    worst += wc * (eta * (dotW + sub) + mulc);
    sq += wc * wc * (eta * eta * (dotW2 + sub * sub) + mulc * mulc);
    for (let i = 0; i < K; i++) {
      // a'_i = a_i + c·b_i: product 7u²|c·b_i|, add 3u²|a'_i|, weight |b'_i| (and symmetrically for b'_i)
      const ai = a[i]!;
      const bi = b[i]!;
      const a1 = ai + c * bi;
      const b1 = bi + c * ai;
      const pa = Math.abs(b1) * 7 * u2 * Math.abs(c * bi);
      const za = Math.abs(b1) * 3 * u2 * Math.abs(a1);
      const pb = Math.abs(a1) * 7 * u2 * Math.abs(c * ai);
      const zb = Math.abs(a1) * 3 * u2 * Math.abs(b1);
      worst += pa + za + pb + zb;
      sq += pa * pa + za * za + pb * pb + zb * zb;
      a[i] = a1;
      b[i] = b1;
    }
  }
  // the final r = dot − y, weight 1
  const [rEnd, dotW, dotW2] = dotBounds();
  const sub = 3 * u2 * Math.abs(rEnd - y);
  return { worst: worst + dotW + sub, scale: Math.sqrt(sq + dotW2 + sub * sub) };
}

describe('benchmark W1 through the backend (src/bench/workloads.ts)', () => {
  it('reproduces the MPFR-150 final loss to the digits its final cancellation leaves a double-double', () => {
    const { loss } = w1(B, w1Data());
    const ref = new D60('3.46481537723654609916675284339e-23');
    // Conditioning: L = r²/2 with r = a·b − y cancelled down to |r| = √(2L) ≈ 8.3e-12 ≪ |y| = 1/100, so |ΔL|/L ≤
    // 2|Δr|/|r| + 7u² (r·r; ·½ is exact). A STATISTICAL tolerance on Δr: the rigorous first-order bound (all 1.9M
    // roundings aligned, w1RoundingBudget().worst ≈ 345·eps·|y|) is ~1400× the observed 0.24·eps·|y|, so it could not
    // notice a dd 1000× less accurate. Under the standard model of independent mean-zero roundings (Higham & Mary, SISC
    // 41(5), 2019), Hoeffding gives |Δr| ≤ λ·scale with probability ≥ 1 − 2e^{−λ²/2}; λ = 4 (≥ 99.93 %): 10.6·eps·|y|.
    const { scale } = w1RoundingBudget();
    const r = ref.times(2).sqrt();
    const tol = new D60(4 * scale)
      .times(2)
      .div(r)
      .plus(7 * 2 ** -106);
    const rel = exact(loss).minus(ref).div(ref).abs();
    expect(rel.lte(tol), `|ΔL|/L = ${rel.toNumber()} > ${tol.toNumber()}`).toBe(true);
  });
});

describe('map on special values', () => {
  it('map(op, x)_i shows as fn(op, x_i) for every op at NaN, ±Infinity, ±0 (relu, step, sign of NaN are 0 as in f64)', () => {
    const xs = ['NaN', 'Infinity', '-Infinity', '0', '-0', '-1.5', '2'];
    const x = B.vec(xs);
    for (const op of MAP_OPS) {
      const z = B.map(op, x);
      xs.forEach((s, i) => expect(B.show(B.at(z, i)), `${op}(${s})`).toBe(B.show(B.fn(op, B.num(s)))));
    }
    // the types.ts contract: step is 1 if x > 0 else 0, so NaN (x > 0 false) maps to 0
    expect(B.vshow(B.map('step', B.vec(['NaN'])))).toEqual(['0']);
  });

  it('cmp treats NaN on either side as 0 (unordered), like f64', () => {
    const nan = B.num('NaN');
    expect(B.cmp(B.one, nan)).toBe(0);
    expect(B.cmp(nan, B.one)).toBe(0);
    expect(B.cmp(B.one, B.num('2'))).toBe(-1);
  });
});

describe('vector kernels at overflow and special values', () => {
  // entries where the fused loops' error terms become NaN (∞ − ∞) and the kernels fall back to the scalar operation
  const special = fc.constantFrom(
    '1.5e308',
    '-1.5e308',
    '1e308',
    'Infinity',
    '-Infinity',
    'NaN',
    '0',
    '-0',
    '2.5',
    '-1',
  );
  const vecs = fc
    .integer({ min: 1, max: 5 })
    .chain((n) =>
      fc.tuple(
        fc.array(special, { minLength: n, maxLength: n }),
        fc.array(special, { minLength: n, maxLength: n }),
        special,
      ),
    );
  it('vadd, vsub, vshift, scal and ger equal add, sub, mul entry by entry (show), never (finite, NaN)', () => {
    fc.assert(
      fc.property(vecs, ([xs, ys, a]) => {
        const x = B.vec(xs);
        const y = B.vec(ys);
        const s = B.num(a);
        const same = (v: DDVec, f: (i: number) => DDScalar, what: string) =>
          xs.forEach((_, i) => {
            const got = B.at(v, i);
            expect(B.show(got), `${what}[${i}]`).toBe(B.show(f(i)));
            if (Number.isNaN(got.lo)) expect(got.hi, `${what}[${i}] low word`).toBeNaN();
          });
        same(B.vadd(x, y), (i) => B.add(B.at(x, i), B.at(y, i)), 'vadd');
        same(B.vsub(x, y), (i) => B.sub(B.at(x, i), B.at(y, i)), 'vsub');
        same(B.vshift(x, s), (i) => B.add(B.at(x, i), s), 'vshift');
        same(B.scal(s, x), (i) => B.mul(s, B.at(x, i)), 'scal');
        same(B.row(B.ger(x, y), 0), (j) => B.mul(B.at(x, 0), B.at(y, j)), 'ger row 0');
      }),
      { seed: 81, numRuns: 200 },
    );
  });
  it('1.5e308 + 1.5e308 is Infinity in vadd, vshift and scal(2, ·), as in the scalar add', () => {
    const x = B.vec(['1.5e308', '-1.5e308']);
    expect(B.vshow(B.vadd(x, x))).toEqual(['Infinity', '-Infinity']);
    expect(B.vshow(B.vshift(x, B.num('1.5e308')))).toEqual(['Infinity', '0']);
    expect(B.vshow(B.scal(B.num('2'), x))).toEqual(['Infinity', '-Infinity']);
  });
  it('amax orders entries with equal high words by the low word: max |x_i| over pairs (1, ±l)', () => {
    const a = { hi: 1, lo: -(2 ** -60) };
    const b = { hi: -1, lo: -(2 ** -61) }; // |b| = (1, 2^-61) > (1, −2^-60) = |a|
    expect(B.amax(B.pack([a, b]))).toEqual({ hi: 1, lo: 2 ** -61 });
    expect(B.amax(B.pack([B.neg(b), a]))).toEqual({ hi: 1, lo: 2 ** -61 });
    expect(B.amax(B.pack([a, { hi: 1, lo: -(2 ** -59) }]))).toEqual(a);
  });
  it('mat rejects ragged rows naming the row; mat([]) is 0×0; mget names the out-of-range index', () => {
    expect(() => B.mat([['1', '2'], ['3']])).toThrow(/mat: row 1 has 1 entries, expected 2/);
    const E = B.mat([]);
    expect([B.rows(E), B.cols(E)]).toEqual([0, 0]);
    expect(() => B.mget(B.eye(2), 0, 2)).toThrow(/mget: index \(0, 2\) out of range for a 2×2 matrix/);
    expect(() => B.mget(B.eye(2), -1, 0)).toThrow(RangeError);
    expect(B.show(B.mget(B.eye(2), 1, 1))).toBe('1');
  });
});
