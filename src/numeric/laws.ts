/**
 * The backend law suite: laws every `Backend` must satisfy, registered as vitest tests by `backendLaws`.
 * backends.test.ts applies it to every backend exported from the numeric barrel; another test file can call it on a
 * backend of its own.
 *
 * 1. Exact I/O: show/num round trips, num correctly rounded (|num(x) − x| ≤ u|x|), fromDouble, int, toNumber.
 * 2. Kernels equal the naive loop over the backend's own scalar ops (same result, same digits), and the structural
 *    identities: gemv(A, x, true) = gemv(transpose(A), x), row-major reshape/flatten views, constructors.
 * 3. Map ops equal the scalar `fn`; the named scalar ops equal `fn` of the same name.
 * 4. Special values: overflow reaches a non-finite value that isFinite/allFinite report; ±Infinity, NaN; softplus and
 *    sigmoid stay finite for large |x|.
 * 5. Agreement with a decimal reference (dec:60, or B's digits + 30 when B has more than 30 digits) within the unit
 *    roundoff u of B times a condition factor stated at each law.
 *
 * Inputs are exact decimal strings (dyadics built from integers, and decimals n·10^e), so every backend and the
 * reference see the same value; each rounds it once on input, and the tolerances count that rounding.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { decBackend, type Dec, type DecBackend } from './decimal.js';
import { dyadicDecimal, exactDecimal, isNum } from './exact.js';
import { MAP_OPS, type AnyBackend, type MapOp, type Num, type S } from './types.js';

/** A value of the backend under test (scalar, vector or matrix): its representation is not known here. */
type Sc = unknown;
/** A scalar of the reference backend. */
type RSc = S<Dec>;

/** Options of the law suite. */
export interface BackendLawOptions {
  /** fast-check runs per property (default 50: the whole suite stays well under 15 s per backend). */
  readonly numRuns?: number;
  /** Reference backend; default dec:60, or dec:(digits + 30) for backends carrying more than 30 digits. */
  readonly reference?: DecBackend;
}

/** One law: a sentence and a check that throws when the backend breaks it. */
export interface BackendLaw {
  readonly name: string;
  readonly check: () => void;
}

// ---- exact-string arbitraries
// ----------------------------------------------------------------------------------------

/** Exact dyadic strings n / 2^k, |n| ≤ 2^bits, k ∈ [minShift, maxShift]; shrinks toward small integers. */
export function dyadicNum(bits: number, minShift: number, maxShift: number): fc.Arbitrary<Num> {
  const m = 2n ** BigInt(bits);
  return fc
    .tuple(fc.bigInt({ min: -m, max: m }), fc.integer({ min: minShift, max: maxShift }))
    .map(([n, k]) => dyadicDecimal(n, k));
}

/** Exact decimal strings n·10^e with |n| < 10^9, e ∈ [minE, maxE] (not binary-exact: exercises input rounding). */
export function decimalNum(minE: number, maxE: number): fc.Arbitrary<Num> {
  return fc
    .tuple(fc.integer({ min: -999_999_999, max: 999_999_999 }), fc.integer({ min: minE, max: maxE }))
    .map(([n, e]) => `${n}e${e}`);
}

/** Moderate values (|x| ≤ ~4·10^6): 24-bit dyadics exact everywhere, 60-bit dyadics and decimals that round. */
export const moderateNum: fc.Arbitrary<Num> = fc.oneof(
  dyadicNum(24, 0, 30),
  dyadicNum(60, 38, 90),
  decimalNum(-20, -3),
);

const vecOf = (arb: fc.Arbitrary<Num>, min: number, max: number): fc.Arbitrary<Num[]> =>
  fc.integer({ min, max }).chain((n) => fc.array(arb, { minLength: n, maxLength: n }));

const matOf = (arb: fc.Arbitrary<Num>, r: number, c: number): fc.Arbitrary<Num[][]> =>
  fc.array(fc.array(arb, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

// ---- the laws ----------------------------------------------------------------------------------------------------

/** The laws for B as a list (for `backendLaws`, and for tests that a broken backend is caught). */
export function backendLawList(B: AnyBackend, opts: BackendLawOptions = {}): BackendLaw[] {
  const numRuns = opts.numRuns ?? 50;
  const R: DecBackend = opts.reference ?? decBackend(B.digits > 30 ? Math.ceil(B.digits) + 30 : 60);
  const prop = <T>(arb: fc.Arbitrary<T>, pred: (t: T) => void): void => {
    fc.assert(fc.property(arb, pred), { numRuns });
  };

  const fail = (what: string): never => {
    throw new Error(`${B.id} ${what}`);
  };
  /** Same value (cmp) and same digits (show is canonical, and keeps −0 and NaN apart): "equals the naive loop". */
  const expectSame = (got: Sc, want: Sc, what: string): void => {
    const g = B.show(got);
    const w = B.show(want);
    if (g !== w || (B.isFinite(want) && B.cmp(got, want) !== 0)) fail(`${what}: got ${g}, expected ${w}`);
  };
  const expectSameV = (got: Sc, want: Sc[], what: string): void => {
    if (B.dim(got) !== want.length) fail(`${what}: length ${B.dim(got)}, expected ${want.length}`);
    want.forEach((w, i) => expectSame(B.at(got, i), w, `${what}[${i}]`));
  };
  const expectSameM = (got: Sc, want: Sc[][], what: string): void => {
    const r = want.length;
    const c = r === 0 ? 0 : want[0]!.length;
    if (B.rows(got) !== r || B.cols(got) !== c)
      fail(`${what}: shape ${B.rows(got)}×${B.cols(got)}, expected ${r}×${c}`);
    want.forEach((row, i) => row.forEach((w, j) => expectSame(B.mget(got, i, j), w, `${what}[${i}][${j}]`)));
  };
  const fold = (n: number, term: (i: number) => Sc): Sc => {
    let s = B.zero;
    for (let i = 0; i < n; i++) s = B.add(s, term(i));
    return s;
  };
  const nums = (xs: readonly Num[]): Sc[] => xs.map((x) => B.num(x));

  // Reference side. u = u_B + u_R: every bound below counts roundings of B and of the reference alike.
  const uB = R.num(B.show(B.eps));
  const u = R.add(uB, R.eps);
  const r = (x: Num): RSc => R.num(x);
  const ri = (n: number): RSc => R.int(n);
  const toRef = (v: Sc): RSc => R.num(B.show(v)); // show is within u_B|v| of v (it reads back to v)
  /** |B's value − exact| ≤ tol, both on the reference side; NaN on either side fails. */
  const expectClose = (got: Sc, exact: RSc, tol: RSc, what: string): void => {
    const err = R.abs(R.sub(toRef(got), exact));
    if (!R.isFinite(err) || R.cmp(err, tol) > 0) {
      fail(
        `${what}: got ${B.show(got)}, reference ${R.show(exact)}, |error| ${R.show(err)} > tolerance ${R.show(tol)}`,
      );
    }
  };
  const ulps = (k: number, scale: RSc): RSc => R.mul(R.mul(ri(k), u), scale);

  const laws: BackendLaw[] = [];
  const law = (name: string, check: () => void): void => {
    laws.push({ name, check });
  };

  // ---- 1. exact I/O -------------------------------------------------------------------------------------------------
  // |x| within [1e-260, 1e249]: where a double-double's low part stays a normal double (its eps claim holds).
  const anyNum = fc.oneof(moderateNum, dyadicNum(60, 0, 120), decimalNum(-260, 240));
  const specials = fc.constantFrom('0', '-0', 'Infinity', '-Infinity', 'NaN');

  law('show(num(x)) is an exact decimal string that num reads back to the identical value', () => {
    prop(fc.oneof(anyNum, specials), (x) => {
      const s = B.show(B.num(x));
      if (!isNum(s)) fail(`show(num(${x})) = ${JSON.stringify(s)} is not a decimal string`);
      // The value itself (cmp), not only its printout: a show that drops digits prints both the same way.
      const v = B.num(x);
      const w = B.num(s);
      if (B.show(w) !== s || (B.isFinite(v) && B.cmp(w, v) !== 0)) fail(`num(show(num(${x}))) = ${B.show(w)} ≠ ${s}`);
    });
  });

  law(
    'num rounds correctly: |num(x) − x| ≤ u·|x| (plus u|x| for show, which stays within the rounding interval)',
    () => {
      prop(anyNum, (x) => {
        const v = B.num(x);
        if (!B.isFinite(v)) fail(`num(${x}) is not finite`);
        expectClose(v, r(x), ulps(2, R.abs(r(x))), `num(${x})`);
      });
    },
  );

  law('fromDouble(x) equals num of the exact decimal value of the double x', () => {
    const doubles = fc.oneof(
      fc.double({ noNaN: true, min: -1e300, max: 1e300 }),
      fc.constantFrom(Infinity, -Infinity, 5e-324, -0, 2 ** -1022, 0.1),
    );
    prop(doubles, (x) => expectSame(B.fromDouble(x), B.num(exactDecimal(x)), `fromDouble(${x})`));
  });

  law('int(n) equals num(String(n)) for safe integers', () => {
    prop(fc.maxSafeInteger(), (n) => expectSame(B.int(n), B.num(String(n)), `int(${n})`));
    prop(fc.integer({ min: -1000, max: 1000 }), (n) => expectSame(B.int(n), B.num(String(n)), `int(${n})`));
  });

  law(
    'toNumber(num(x)) is within (u + 2^-52)·|x| of the double nearest x, and maps ±Infinity and NaN to themselves',
    () => {
      const uD = B.toNumber(B.eps);
      prop(moderateNum, (x) => {
        const got = B.toNumber(B.num(x));
        const want = Number(x);
        if (!(Math.abs(got - want) <= (uD + 2 ** -52) * Math.abs(want)))
          fail(`toNumber(num(${x})) = ${got}, nearest double ${want}`);
      });
      if (B.toNumber(B.num('Infinity')) !== Infinity || B.toNumber(B.num('-Infinity')) !== -Infinity)
        fail('toNumber(±Infinity)');
      if (!Number.isNaN(B.toNumber(B.num('NaN')))) fail('toNumber(NaN) is not NaN');
    },
  );

  law('vec/vshow and mat/mshow round trip like num/show entry by entry', () => {
    prop(
      fc.tuple(vecOf(anyNum, 0, 6), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 })),
      ([xs, rr, cc]) => {
        const shown = B.vshow(B.vec(xs));
        if (shown.length !== xs.length) fail('vshow(vec(xs)) changed the length');
        xs.forEach((x, i) => {
          if (shown[i] !== B.show(B.num(x)))
            fail(`vshow(vec)[${i}] = ${shown[i]}, show(num(${x})) = ${B.show(B.num(x))}`);
        });
        expectSameV(B.vec(shown), nums(xs), 'vec(vshow(vec(xs)))');
        const rows = Array.from({ length: rr }, (_, i) =>
          Array.from({ length: cc }, (_, j) => xs[(i * cc + j) % Math.max(1, xs.length)] ?? '0'),
        );
        const A = B.mat(rows);
        expectSameM(A, rows.map(nums), 'mat(rows)');
        const ms = B.mshow(A);
        expectSameM(B.mat(ms), rows.map(nums), 'mat(mshow(mat(rows)))');
      },
    );
  });

  // ---- 2. kernels equal the naive loops over scalar ops -----------------------------------------------------------
  const vecPair = fc
    .integer({ min: 0, max: 6 })
    .chain((n) =>
      fc.tuple(
        fc.array(moderateNum, { minLength: n, maxLength: n }),
        fc.array(moderateNum, { minLength: n, maxLength: n }),
        moderateNum,
      ),
    );

  law('axpy, scal, vadd, vsub, vmul, vdiv and vshift equal the loop over add/sub/mul/div', () => {
    prop(vecPair, ([xs, ys, a]) => {
      const x = B.vec(xs);
      const y = B.vec(ys);
      const A = B.num(a);
      const X = nums(xs);
      const Y = nums(ys);
      expectSameV(
        B.axpy(A, x, y),
        X.map((xi, i) => B.add(B.mul(A, xi), Y[i])),
        'axpy',
      );
      expectSameV(
        B.scal(A, x),
        X.map((xi) => B.mul(A, xi)),
        'scal',
      );
      expectSameV(
        B.vadd(x, y),
        X.map((xi, i) => B.add(xi, Y[i])),
        'vadd',
      );
      expectSameV(
        B.vsub(x, y),
        X.map((xi, i) => B.sub(xi, Y[i])),
        'vsub',
      );
      expectSameV(
        B.vmul(x, y),
        X.map((xi, i) => B.mul(xi, Y[i])),
        'vmul',
      );
      expectSameV(
        B.vdiv(x, y),
        X.map((xi, i) => B.div(xi, Y[i])),
        'vdiv',
      ); // includes y_i = 0 (±Infinity, NaN)
      expectSameV(
        B.vshift(x, A),
        X.map((xi) => B.add(xi, A)),
        'vshift',
      );
    });
  });

  law('dot and sum equal the left-to-right loop from zero; amax is the largest |x_i|', () => {
    prop(vecPair, ([xs, ys]) => {
      const x = B.vec(xs);
      const y = B.vec(ys);
      const X = nums(xs);
      const Y = nums(ys);
      expectSame(
        B.dot(x, y),
        fold(X.length, (i) => B.mul(X[i], Y[i])),
        'dot',
      );
      expectSame(
        B.sum(x),
        fold(X.length, (i) => X[i]),
        'sum',
      );
      const m = X.reduce((acc: Sc, v: Sc) => B.max(acc, B.abs(v)), B.zero);
      if (B.cmp(B.amax(x), m) !== 0) fail(`amax = ${B.show(B.amax(x))}, max |x_i| = ${B.show(m)}`);
      if (!B.allFinite(x)) fail('allFinite is false for finite entries');
    });
  });

  const mapArb = fc.tuple(
    vecOf(fc.oneof(dyadicNum(24, 12, 40), decimalNum(-12, -3), fc.constantFrom('0', '-0')), 0, 5),
  );
  law('map(op, x) equals fn(op, x_i) for every op; neg/abs/sqrt/exp/log/log1p equal fn of the same name', () => {
    prop(mapArb, ([xs]) => {
      const x = B.vec(xs);
      const X = nums(xs);
      for (const op of MAP_OPS)
        expectSameV(
          B.map(op, x),
          X.map((v) => B.fn(op, v)),
          `map(${op})`,
        );
      const named: [MapOp, (a: Sc) => Sc][] = [
        ['neg', B.neg],
        ['abs', B.abs],
        ['sqrt', B.sqrt],
        ['exp', B.exp],
        ['log', B.log],
        ['log1p', B.log1p],
      ];
      for (const [op, f] of named) X.forEach((v) => expectSame(f(v), B.fn(op, v), `${op}(${B.show(v)})`));
    });
  });

  const dims = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }));
  const gemmArb = dims.chain(([m, k, n]) =>
    fc
      .tuple(fc.boolean(), fc.boolean())
      .chain(([tA, tB]) =>
        fc.tuple(
          fc.constant({ m, k, n, tA, tB }),
          matOf(moderateNum, tA ? k : m, tA ? m : k),
          matOf(moderateNum, tB ? n : k, tB ? k : n),
          fc.array(moderateNum, { minLength: k, maxLength: k }),
          fc.array(moderateNum, { minLength: m, maxLength: m }),
        ),
      ),
  );

  law('gemv, gemv(trans), gemm (all transposition flags) and ger equal their loops over add/mul', () => {
    prop(gemmArb, ([{ m, k, n, tA, tB }, as, bs, xs, ws]) => {
      const A = B.mat(as);
      const Bm = B.mat(bs);
      const a = (i: number, l: number): Sc => (tA ? B.mget(A, l, i) : B.mget(A, i, l)); // op(A)_il, op(A) is m×k
      const b = (l: number, j: number): Sc => (tB ? B.mget(Bm, j, l) : B.mget(Bm, l, j)); // op(B)_lj, op(B) is k×n
      const want = Array.from({ length: m }, (_, i) =>
        Array.from({ length: n }, (_, j) => fold(k, (l) => B.mul(a(i, l), b(l, j)))),
      );
      expectSameM(B.gemm(A, Bm, tA, tB), want, `gemm(transA=${tA}, transB=${tB})`);

      // gemv(A, ·) takes a vector of length cols(A), gemv(A, ·, true) one of length rows(A); A is m×k or k×m.
      const [colsIn, rowsIn] = tA ? [ws, xs] : [xs, ws];
      const Ar = B.rows(A);
      const Ac = B.cols(A);
      const Xc = nums(colsIn);
      const Xr = nums(rowsIn);
      expectSameV(
        B.gemv(A, B.vec(colsIn)),
        Array.from({ length: Ar }, (_, i) => fold(Ac, (j) => B.mul(B.mget(A, i, j), Xc[j]))),
        'gemv',
      );
      const gt = B.gemv(A, B.vec(rowsIn), true);
      expectSameV(
        gt,
        Array.from({ length: Ac }, (_, j) => fold(Ar, (i) => B.mul(B.mget(A, i, j), Xr[i]))),
        'gemv(trans)',
      );
      expectSameV(gt, B.unpack(B.gemv(B.transpose(A), B.vec(rowsIn))), 'gemv(A, x, true) vs gemv(transpose(A), x)');
      const y = B.vec(ws);
      const x2 = B.vec(xs);
      const Y = nums(ws);
      const X2 = nums(xs);
      expectSameM(
        B.ger(y, x2),
        Y.map((yi) => X2.map((xj) => B.mul(yi, xj))),
        'ger',
      );
    });
  });

  law('gemm with transposition flags equals gemm of the explicitly transposed matrices', () => {
    prop(gemmArb, ([{ tA, tB }, as, bs]) => {
      const A = B.mat(as);
      const Bm = B.mat(bs);
      const opA = tA ? B.transpose(A) : A;
      const opB = tB ? B.transpose(Bm) : Bm;
      expectSameM(B.gemm(A, Bm, tA, tB), B.mshow(B.gemm(opA, opB)).map(nums), `gemm(transA=${tA}, transB=${tB})`);
    });
  });

  law('reshape and flatten are row-major views; row, col, transpose, diag, eye and mzeros agree with mget', () => {
    const arb = fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
      .chain(([rr, cc]) =>
        fc.tuple(fc.constant([rr, cc] as const), fc.array(moderateNum, { minLength: rr * cc, maxLength: rr * cc })),
      );
    prop(arb, ([[rr, cc], xs]) => {
      const x = B.vec(xs);
      const X = nums(xs);
      const A = B.reshape(x, rr, cc);
      if (B.rows(A) !== rr || B.cols(A) !== cc) fail(`reshape(x, ${rr}, ${cc}) has shape ${B.rows(A)}×${B.cols(A)}`);
      const grid = Array.from({ length: rr }, (_, i) => X.slice(i * cc, (i + 1) * cc));
      expectSameM(A, grid, 'reshape (row-major)');
      expectSameV(B.flatten(A), X, 'flatten(reshape(x))');
      const Am = B.mat(Array.from({ length: rr }, (_, i) => xs.slice(i * cc, (i + 1) * cc)));
      expectSameV(B.flatten(Am), X, 'flatten(mat(rows))');
      expectSameM(B.reshape(B.flatten(Am), rr, cc), grid, 'reshape(flatten(A))');
      for (let i = 0; i < rr; i++) expectSameV(B.row(A, i), grid[i]!, `row(A, ${i})`);
      for (let j = 0; j < cc; j++)
        expectSameV(
          B.col(A, j),
          grid.map((row) => row[j]),
          `col(A, ${j})`,
        );
      expectSameM(
        B.transpose(A),
        Array.from({ length: cc }, (_, j) => grid.map((row) => row[j])),
        'transpose',
      );
      const d = X.slice(0, cc);
      expectSameM(
        B.diag(B.pack(d)),
        d.map((di, i) => d.map((_, j) => (i === j ? di : B.zero))),
        'diag',
      );
      expectSameM(
        B.eye(cc),
        d.map((_, i) => d.map((__, j) => (i === j ? B.one : B.zero))),
        'eye',
      );
      expectSameM(
        B.mzeros(rr, cc),
        grid.map((row) => row.map(() => B.zero)),
        'mzeros',
      );
    });
  });

  law(
    'vector constructors and accessors: zeros, fill, basis, concat, slice, with, at, dim, pack/unpack, toNumbers',
    () => {
      prop(
        fc.tuple(vecOf(moderateNum, 1, 6), vecOf(moderateNum, 0, 4), fc.nat(), fc.nat(), moderateNum),
        ([xs, ys, i0, j0, v]) => {
          const x = B.vec(xs);
          const X = nums(xs);
          const n = xs.length;
          const i = i0 % n;
          const V = B.num(v);
          if (B.dim(x) !== n) fail(`dim = ${B.dim(x)}, expected ${n}`);
          expectSameV(
            B.zeros(n),
            X.map(() => B.zero),
            'zeros',
          );
          expectSameV(
            B.fill(n, V),
            X.map(() => V),
            'fill',
          );
          expectSameV(
            B.basis(n, i),
            X.map((_, k) => (k === i ? B.one : B.zero)),
            'basis',
          );
          expectSameV(B.concat([x, B.vec(ys)]), [...X, ...nums(ys)], 'concat');
          expectSameV(B.concat([]), [], 'concat([])');
          const j = j0 % (n + 1);
          expectSameV(B.slice(x, Math.min(i, j), Math.max(i, j)), X.slice(Math.min(i, j), Math.max(i, j)), 'slice');
          const w = B.with(x, i, V);
          expectSameV(
            w,
            X.map((xk, k) => (k === i ? V : xk)),
            'with',
          );
          expectSameV(x, X, 'with must not modify its argument');
          expectSame(B.at(x, i), X[i], 'at');
          expectSameV(B.pack(B.unpack(x)), X, 'pack(unpack(x))');
          const t = B.toNumbers(x);
          X.forEach((xk, k) => {
            if (t[k] !== B.toNumber(xk)) fail(`toNumbers[${k}] = ${t[k]}, toNumber = ${B.toNumber(xk)}`);
          });
        },
      );
    },
  );

  law('cmp, min, max, isZero and zero/one agree with the order of the exact values', () => {
    prop(fc.tuple(anyNum, anyNum), ([a, b]) => {
      const A = B.num(a);
      const Bv = B.num(b);
      const want = R.cmp(toRef(A), toRef(Bv));
      if (B.cmp(A, Bv) !== want) fail(`cmp(${B.show(A)}, ${B.show(Bv)}) = ${B.cmp(A, Bv)}, expected ${want}`);
      expectSame(B.min(A, Bv), want <= 0 ? A : Bv, 'min');
      expectSame(B.max(A, Bv), want >= 0 ? A : Bv, 'max');
      if (B.isZero(A) !== R.isZero(toRef(A))) fail(`isZero(${B.show(A)})`);
    });
    if (!B.isZero(B.zero) || B.isZero(B.one) || B.show(B.one) !== '1' || B.show(B.zero) !== '0') fail('zero/one');
  });

  // ---- 4. special values -------------------------------------------------------------------------------------------
  law('repeated squaring overflows to +Infinity, which isFinite and allFinite report', () => {
    let x = B.num('10');
    let k = 0;
    for (; k < 64 && B.isFinite(x); k++) x = B.mul(x, x);
    if (B.isFinite(x)) fail('10^(2^64) is still finite');
    if (B.cmp(x, B.one) !== 1 || B.show(x) !== 'Infinity') fail(`overflow gave ${B.show(x)}, expected Infinity`);
    if (B.allFinite(B.pack([B.one, x])) || !B.allFinite(B.pack([B.one, B.zero])) || !B.allFinite(B.zeros(0)))
      fail('allFinite');
    if (B.isFinite(B.exp(B.num('1e20'))) || !B.isZero(B.exp(B.num('-1e20'))))
      fail('exp(±1e20) must overflow to Infinity / underflow to 0');
  });

  law('Infinity, -Infinity and NaN parse, print, read back and propagate as non-finite values', () => {
    const inf = B.num('Infinity');
    const ninf = B.num('-Infinity');
    const nan = B.num('NaN');
    for (const [v, s] of [
      [inf, 'Infinity'],
      [ninf, '-Infinity'],
      [nan, 'NaN'],
    ] as const) {
      if (B.isFinite(v) || B.show(v) !== s || B.isFinite(B.num(B.show(v))))
        fail(`${s} does not round trip as non-finite`);
    }
    if (B.cmp(inf, B.zero) !== 1 || B.cmp(ninf, B.zero) !== -1) fail('sign of ±Infinity');
    if (B.isFinite(B.sub(inf, inf)) || B.isFinite(B.div(B.one, B.zero)) || B.isFinite(B.add(nan, B.one)))
      fail('non-finite arithmetic');
    const l0 = B.log(B.zero);
    if (B.isFinite(l0) || B.cmp(l0, B.zero) !== -1) fail(`log(0) = ${B.show(l0)}, expected -Infinity`);
    if (B.allFinite(B.pack([B.one, nan]))) fail('allFinite ignores NaN');
  });

  law('softplus and sigmoid stay finite and in range for large |x| (no overflow of e^|x|)', () => {
    for (const s of ['1000', '1e5', '1e10']) {
      const x = B.num(s);
      const nx = B.neg(x);
      const sp = B.fn('softplus', x);
      const spn = B.fn('softplus', nx);
      const sg = B.fn('sigmoid', x);
      const sgn = B.fn('sigmoid', nx);
      for (const v of [sp, spn, sg, sgn]) if (!B.isFinite(v)) fail(`softplus/sigmoid(±${s}) is not finite`);
      // softplus(x) − x = log1p(e^{−x}) ∈ [0, u·x] for these x; softplus(−x) ∈ [0, softplus(0)].
      if (B.cmp(sp, x) < 0 || B.cmp(B.sub(sp, x), B.mul(B.eps, x)) > 0) fail(`softplus(${s}) = ${B.show(sp)}`);
      if (B.cmp(spn, B.zero) < 0 || B.cmp(spn, B.fn('softplus', B.zero)) > 0) fail(`softplus(-${s}) = ${B.show(spn)}`);
      if (B.cmp(sg, B.one) > 0 || B.cmp(sg, B.sub(B.one, B.eps)) < 0) fail(`sigmoid(${s}) = ${B.show(sg)}`);
      if (B.cmp(sgn, B.zero) < 0 || B.cmp(sgn, B.eps) > 0) fail(`sigmoid(-${s}) = ${B.show(sgn)}`);
    }
  });

  // ---- 5. agreement with the decimal reference ---------------------------------------------------------------------
  // Each tolerance is k·u·scale with k = (first-order rounding count) + 1 for higher-order terms; the count includes
  // the rounding of each input on `num` and show's representation of the result (≤ u|result| each).
  const binArb = fc.tuple(moderateNum, moderateNum);
  law('add, sub, mul, div agree with the reference within k·u (inputs, operation, show, +1)', () => {
    prop(binArb, ([a, b]) => {
      const A = B.num(a);
      const Bv = B.num(b);
      const ra = r(a);
      const rb = r(b);
      const mag = R.add(R.abs(ra), R.abs(rb));
      expectClose(B.add(A, Bv), R.add(ra, rb), ulps(4, mag), `add(${a}, ${b})`); // 1 inputs + 1 op + 1 show + 1
      expectClose(B.sub(A, Bv), R.sub(ra, rb), ulps(4, mag), `sub(${a}, ${b})`);
      expectClose(B.mul(A, Bv), R.mul(ra, rb), ulps(5, R.abs(R.mul(ra, rb))), `mul(${a}, ${b})`); // 2 + 1 + 1 + 1
      if (!R.isZero(rb)) expectClose(B.div(A, Bv), R.div(ra, rb), ulps(5, R.abs(R.div(ra, rb))), `div(${a}, ${b})`);
    });
  });

  const posArb = fc
    .oneof(dyadicNum(60, 0, 120), decimalNum(-30, 10))
    .map((s) => s.replace(/^-/, ''))
    .filter((s) => !/^0(\.0*)?(e|$)/.test(s));
  law(
    'sqrt, log, recip and square agree with the reference (sqrt: ½ + 1 + 1 + 1 ulps; log: 1 absolute from the input)',
    () => {
      prop(posArb, (x) => {
        const X = B.num(x);
        const rx = r(x);
        if (R.isZero(rx)) return;
        const sq = R.sqrt(rx);
        expectClose(B.sqrt(X), sq, ulps(4, sq), `sqrt(${x})`);
        const lg = R.log(rx);
        // log(x(1 + δ)) = log x + δ: the input rounding is u absolute; 4 ulps for the function, 1 show, 1 slack.
        expectClose(B.log(X), lg, R.mul(u, R.add(ri(2), R.mul(ri(6), R.abs(lg)))), `log(${x})`);
        const rc = R.div(R.one, rx);
        expectClose(B.fn('recip', X), rc, ulps(4, rc), `recip(${x})`);
        const s2 = R.mul(rx, rx);
        expectClose(B.fn('square', X), s2, ulps(5, s2), `square(${x})`);
      });
    },
  );

  // |x| ≤ 512 keeps e^x finite in float64; x within ±2^-70 of 0 probes log1p/expm1 near 0.
  const fnArb = fc.oneof(dyadicNum(30, 21, 60), dyadicNum(24, 30, 94), decimalNum(-12, -7), decimalNum(-9, -8));
  law(
    'exp, log1p, expm1, softplus and sigmoid agree with the reference within a few ulps plus the input condition',
    () => {
      prop(fnArb, (x) => {
        const X = B.num(x);
        const rx = r(x);
        const ax = R.abs(rx);
        const ex = R.exp(rx);
        const sig = R.fn('sigmoid', rx);
        // exp: input rounding δ = u|x| multiplies e^x by e^δ (|x| ulps); 4 for the function, 1 show, 1 slack.
        expectClose(B.exp(X), ex, R.mul(R.mul(u, R.add(ax, ri(6))), ex), `exp(${x})`);
        // expm1: absolute input error u|x|·e^x; 6 ulps of the result as above.
        const em = R.fn('expm1', rx);
        expectClose(
          B.fn('expm1', X),
          em,
          R.mul(u, R.add(R.mul(R.mul(ri(2), ax), ex), R.mul(ri(6), R.abs(em)))),
          `expm1(${x})`,
        );
        // softplus: derivative σ(x) ≤ 1 turns the input error u|x| into u|x|σ; 8 ulps for the 3-operation formula + 2.
        const sp = R.fn('softplus', rx);
        expectClose(
          B.fn('softplus', X),
          sp,
          R.mul(u, R.add(R.mul(R.mul(ri(2), ax), sig), R.mul(ri(10), sp))),
          `softplus(${x})`,
        );
        // sigmoid: derivative σ(1 − σ).
        const ds = R.mul(sig, R.sub(R.one, sig));
        expectClose(
          B.fn('sigmoid', X),
          sig,
          R.mul(u, R.add(R.mul(R.mul(ri(2), ax), ds), R.mul(ri(10), sig))),
          `sigmoid(${x})`,
        );
        // log1p on x > −1: the input error u|x| becomes u|x|/(1 + x).
        if (R.cmp(rx, R.neg(R.one)) > 0) {
          const l1 = R.log1p(rx);
          const cond = R.div(ax, R.add(R.one, rx));
          expectClose(B.log1p(X), l1, R.mul(u, R.add(R.mul(ri(2), cond), R.mul(ri(6), R.abs(l1)))), `log1p(${x})`);
        }
      });
    },
  );

  law('log1p agrees with the reference on (−1, 0) down to −1 + 2^-30', () => {
    prop(fc.tuple(fc.integer({ min: 1, max: 2 ** 30 - 1 }), fc.constant(30)), ([n, k]) => {
      const x = dyadicDecimal(BigInt(n) - 2n ** BigInt(k), k); // n/2^k − 1 ∈ (−1, 0), exact
      const rx = r(x);
      const l1 = R.log1p(rx);
      const cond = R.div(R.abs(rx), R.add(R.one, rx));
      expectClose(B.log1p(B.num(x)), l1, R.mul(u, R.add(R.mul(ri(2), cond), R.mul(ri(6), R.abs(l1)))), `log1p(${x})`);
    });
  });

  law('powi(a, n) agrees with the reference within (|n| + 2⌈log2(|n|+1)⌉ + 4) ulps (inputs, repeated squaring)', () => {
    prop(fc.tuple(dyadicNum(30, 20, 40), fc.integer({ min: -8, max: 8 })), ([a, n]) => {
      const ra = r(a);
      if (R.isZero(ra)) return;
      const want = R.powi(ra, n);
      const k = Math.abs(n) + 2 * Math.ceil(Math.log2(Math.abs(n) + 1)) + 4;
      expectClose(B.powi(B.num(a), n), want, ulps(k, R.abs(want)), `powi(${a}, ${n})`);
    });
  });

  law('dot, sum, nrm2 and gemv agree with the reference within (n + c)·u·Σ|terms| (Higham, Thm 3.1)', () => {
    prop(vecPair, ([xs, ys]) => {
      const n = xs.length;
      const X = xs.map(r);
      const Y = ys.map(r);
      const exactDot = X.reduce((s: RSc, xi: RSc, i: number) => R.add(s, R.mul(xi, Y[i]!)), R.zero);
      const absDot = X.reduce((s: RSc, xi: RSc, i: number) => R.add(s, R.abs(R.mul(xi, Y[i]!))), R.zero);
      // dot: γ_n for the n roundings of the sum, 2 for the inputs of each product, 1 show, 1 slack.
      expectClose(B.dot(B.vec(xs), B.vec(ys)), exactDot, ulps(n + 4, absDot), `dot(${xs.join(',')}; ${ys.join(',')})`);
      const exactSum = X.reduce((s: RSc, xi: RSc) => R.add(s, xi), R.zero);
      const absSum = X.reduce((s: RSc, xi: RSc) => R.add(s, R.abs(xi)), R.zero);
      expectClose(B.sum(B.vec(xs)), exactSum, ulps(n + 3, absSum), `sum(${xs.join(',')})`);
      // nrm2: relative (n + 3)u of the sum of squares halves under sqrt; + scaling, sqrt, show, slack: n + 8 covers it.
      const norm = R.sqrt(X.reduce((s: RSc, xi: RSc) => R.add(s, R.mul(xi, xi)), R.zero));
      expectClose(B.nrm2(B.vec(xs)), norm, ulps(n + 8, norm), `nrm2(${xs.join(',')})`);
      if (n > 0) {
        // gemv on the 2×n matrix [x; y] times y: each row is a dot product as above.
        const A = B.mat([xs, ys]);
        const got = B.gemv(A, B.vec(ys));
        [X, Y].forEach((row, i) => {
          const e = row.reduce((s: RSc, v: RSc, j: number) => R.add(s, R.mul(v, Y[j]!)), R.zero);
          const m = row.reduce((s: RSc, v: RSc, j: number) => R.add(s, R.abs(R.mul(v, Y[j]!))), R.zero);
          expectClose(B.at(got, i), e, ulps(n + 4, m), `gemv row ${i}`);
        });
      }
    });
  });

  // ---- context leaks (backends that can tell: decimal backends expose owns) -----------------------------------------
  const owns = (B as { owns?: (x: unknown) => boolean }).owns;
  if (typeof owns === 'function') {
    law('every result belongs to this backend’s own context (no value of another precision leaks in)', () => {
      prop(vecPair, ([xs, ys, a]) => {
        const x = B.vec(xs);
        const y = B.vec(ys);
        const A = B.num(a);
        const n = xs.length;
        const M = B.reshape(B.concat([x, y]), 2, n);
        const results: unknown[] = [
          B.num(a),
          B.int(3),
          B.fromDouble(0.1),
          B.eps,
          B.zero,
          B.one,
          B.add(A, A),
          B.div(A, B.num('3')),
          B.sqrt(B.abs(A)),
          B.exp(B.num('0.5')),
          B.log1p(B.num('1e-9')),
          ...MAP_OPS.map((op) => B.fn(op, A)),
          B.powi(A, -3),
          x,
          B.axpy(A, x, y),
          B.scal(A, x),
          B.vadd(x, y),
          B.vsub(x, y),
          B.vmul(x, y),
          B.vdiv(x, y),
          B.vshift(x, A),
          B.dot(x, y),
          B.nrm2(x),
          B.sum(x),
          B.amax(x),
          ...MAP_OPS.map((op) => B.map(op, x)),
          B.zeros(n),
          B.fill(n, A),
          B.concat([x, y]),
          B.slice(x, 0, n),
          M,
          B.transpose(M),
          B.gemv(M, x),
          B.gemv(M, B.vec(['1', '2']), true),
          B.gemm(M, M, false, true),
          B.ger(x, y),
          B.eye(2),
          B.diag(x),
          B.mzeros(2, 2),
          B.flatten(M),
        ];
        results.forEach((v, i) => {
          if (!owns(v)) fail(`result #${i} holds a value of another context`);
        });
      });
    });
  }

  return laws;
}

/** Registers the backend law suite for B as one vitest `describe` block with one `it` per law. */
export function backendLaws(B: AnyBackend, opts: BackendLawOptions = {}): void {
  describe(`backend laws: ${B.id}`, () => {
    for (const { name, check } of backendLawList(B, opts)) it(name, check);
  });
}
