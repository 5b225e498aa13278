import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddExactDecimal } from '../numeric/ddIO.js';
import type { DDScalar } from '../numeric/ddMath.js';
import { exactDecimal } from '../numeric/exact.js';
import { backendFromId } from '../numeric/registry.js';
import type { AnyBackend, Num, Repr, S } from '../numeric/types.js';
import { ballArith, makeBallArith, type Ball, type BallArith, type MatBall } from './ball.js';

/** Random matrix expressions of a given shape over exact decimal leaves (a leaf may carry an exact dyadic radius). */
type MExpr =
  | {
      readonly op: 'leaf';
      readonly rows: readonly (readonly Num[])[];
      readonly delta: readonly (readonly Num[])[] | null;
    }
  | { readonly op: 'gemm'; readonly a: MExpr; readonly c: MExpr; readonly tA: boolean; readonly tC: boolean }
  | { readonly op: 'madd' | 'msub'; readonly a: MExpr; readonly c: MExpr }
  | { readonly op: 'mscal'; readonly s: Num; readonly a: MExpr }
  | { readonly op: 'transpose'; readonly a: MExpr };

const decimal = fc
  .tuple(fc.integer({ min: -999999, max: 999999 }), fc.integer({ min: -6, max: 1 }))
  .map(([m, e]) => `${m}e${e}`);
// radii k·2^-20: exact in every backend, so the leaf's ball is the same set on B and on the reference
const radius = fc.integer({ min: 0, max: 64 }).map((k) => String(k * 2 ** -20));

const grid = <T>(a: fc.Arbitrary<T>, r: number, c: number) =>
  fc.array(fc.array(a, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

function mexpr(r: number, c: number, depth: number): fc.Arbitrary<MExpr> {
  const leaf = fc.record({
    op: fc.constant('leaf' as const),
    rows: grid(decimal, r, c),
    delta: fc.option(grid(radius, r, c), { nil: null }),
  });
  if (depth === 0) return leaf;
  const sub = (rr: number, cc: number) => mexpr(rr, cc, depth - 1);
  return fc.oneof(
    leaf,
    fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean(), fc.boolean()).chain(([p, tA, tC]) =>
      fc.record({
        op: fc.constant('gemm' as const),
        a: tA ? sub(p, r) : sub(r, p),
        c: tC ? sub(c, p) : sub(p, c),
        tA: fc.constant(tA),
        tC: fc.constant(tC),
      }),
    ),
    fc.record({ op: fc.constantFrom('madd' as const, 'msub' as const), a: sub(r, c), c: sub(r, c) }),
    fc.record({ op: fc.constant('mscal' as const), s: decimal, a: sub(r, c) }),
    fc.record({ op: fc.constant('transpose' as const), a: sub(c, r) }),
  );
}

function evalM<R extends Repr>(K: BallArith<R>, t: MExpr): MatBall<R> {
  switch (t.op) {
    case 'leaf': {
      const A = K.mnum(t.rows);
      return t.delta === null ? A : K.madd(A, K.mdelta(K.B.mat(t.delta)));
    }
    case 'gemm':
      return K.gemm(evalM(K, t.a), evalM(K, t.c), t.tA, t.tC);
    case 'madd':
    case 'msub':
      return K[t.op](evalM(K, t.a), evalM(K, t.c));
    case 'mscal':
      return K.mscal(K.num(t.s), evalM(K, t.a));
    case 'transpose':
      return K.transpose(evalM(K, t.a));
  }
}

/**
 * The scalar balls checked for one expression: every entry, ‖·‖_F and, for a square result, the trace; with
 * `spectral` also the singular values and the eigenvalues (the dec:100 reference solvers are the slow part, so fewer
 * runs check them).
 */
function outputs<R extends Repr>(K: BallArith<R>, t: MExpr, spectral: boolean): Ball<R>[] {
  const A = evalM(K, t);
  const square = K.B.rows(A.value) === K.B.cols(A.value);
  const out = [...K.mentries(A), K.frobenius(A), ...(square ? [K.trace(A)] : [])];
  if (spectral) out.push(K.spectral(A), ...K.singularValues(A), ...(square ? K.eigenvalues(A) : []));
  return out;
}

const J = Decimal.clone({ precision: 1000 });
type D = InstanceType<typeof J>;

/** The exact value of a backend scalar (B.show is only a round-trip string for f64 and dd). */
function exactOf(B: AnyBackend, x: S<Repr>): D {
  if (B.id === 'f64') return new J(exactDecimal(x as number));
  if (B.id === 'dd') return new J(ddExactDecimal((x as DDScalar).hi, (x as DDScalar).lo));
  return new J(B.show(x));
}

const REF = backendFromId('dec:100');
const ETA = new J(2).pow(-1000);

/** The dec:100 ball of each output must lie inside B's (one η of slack for the reference's own η, as in ball.test). */
function escaped<R extends Repr>(K: BallArith<R>, t: MExpr, spectral = false): string | null {
  const ref = outputs(ballArith(REF), t, spectral);
  const got = outputs(K, t, spectral);
  const B = K.B as AnyBackend;
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!;
    const r = ref[i]!;
    if (!B.isFinite(g.value) || !B.isFinite(g.err)) continue;
    const d = exactOf(REF, r.value).minus(exactOf(B, g.value)).abs().plus(exactOf(REF, r.err));
    if (d.gt(exactOf(B, g.err).plus(ETA)))
      return `output ${i}: exact ${REF.show(r.value)} is ${d.toSignificantDigits(4).toString()} from ${B.show(g.value)}, radius ${B.show(g.err)}`;
  }
  return null;
}

const shapes = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }))
  .chain(([r, c]) => mexpr(r, c, 2));
const PARAMS = { seed: 20261206, numRuns: 40 };
const SPECTRAL = { seed: 20261206, numRuns: 8 };

/** Every radius of gemm and madd multiplied by `factor` < 1: a deliberately broken arithmetic. */
function shrunk<R extends Repr>(K: BallArith<R>, factor: Num): BallArith<R> {
  const B = K.B;
  const f = B.num(factor);
  const h = (A: MatBall<R>): MatBall<R> => ({
    value: A.value,
    err: B.reshape(B.scal(f, B.flatten(A.err)), B.rows(A.err), B.cols(A.err)),
  });
  return { ...K, gemm: (A, C, tA, tC) => h(K.gemm(A, C, tA, tC)), madd: (A, C) => h(K.madd(A, C)) };
}

describe('matrix balls: the exact value (dec:100) lies inside the ball', () => {
  for (const id of ['f64', 'dd', 'dec:30']) {
    it(`random matrix expressions on ${id}: entries, ‖·‖_F, trace`, () => {
      const K = ballArith(backendFromId(id));
      fc.assert(
        fc.property(shapes, (t) => {
          const e = escaped(K, t);
          if (e !== null) throw new Error(e);
        }),
        PARAMS,
      );
    });
    it(`random matrix expressions on ${id}: singular values and eigenvalues`, () => {
      const K = ballArith(backendFromId(id));
      fc.assert(
        fc.property(shapes, (t) => {
          const e = escaped(K, t, true);
          if (e !== null) throw new Error(e);
        }),
        SPECTRAL,
      );
    });
  }
});

describe('matrix balls, laws: a radius that is too small is caught by the same test', () => {
  // dd's u overstates its basic operations (see ball.test.ts): its law shrinks by 2^-6
  for (const [id, factor] of [
    ['f64', '0.5'],
    ['dd', '0.015625'],
    ['dec:30', '0.5'],
  ] as const) {
    it(`gemm and madd radii × ${factor} escape on ${id}`, () => {
      const K = shrunk(ballArith(backendFromId(id)), factor);
      expect(
        fc.check(
          fc.property(shapes, (t) => escaped(K, t) === null),
          PARAMS,
        ).failed,
      ).toBe(true);
    });
  }
  it('dropping the midpoint rounding term escapes on f64', () => {
    const K = makeBallArith(backendFromId('f64'), false);
    expect(
      fc.check(
        fc.property(shapes, (t) => escaped(K, t) === null),
        PARAMS,
      ).failed,
    ).toBe(true);
  });
});

describe('matrix balls: shapes and exact cases', () => {
  const B = backendFromId('dd');
  const K = ballArith(B);
  it('gemm with a mismatched inner dimension and madd of different shapes throw, naming the shapes', () => {
    const A = K.mnum([['1', '2']]);
    expect(() => K.gemm(A, A)).toThrow(/ball\.gemm: 1×2 times 1×2: inner dimensions 2 and 1 differ/);
    expect(() => K.madd(A, K.transpose(A))).toThrow(/ball\.madd: shapes 1×2 and 2×1 differ/);
    expect(() => K.mof(B.mat([['1']]), B.mat([['-1']]))).toThrow(/radii must be ≥ 0/);
  });
  it('an exact product of small integers carries only the (p + 2)u rounding term, and σ₁ of diag(3, −4) contains 4', () => {
    const P = K.gemm(K.mexact(B.mat([['1', '2']])), K.mexact(B.mat([['3'], ['4']])));
    expect(B.show(B.mget(P.value, 0, 0))).toBe('11');
    expect(B.toNumber(K.mentry(P, 0, 0).err)).toBeLessThan(5 * 11 * 2 ** -102); // (2 + 2)u·11, rounded up
    const s = K.spectral(
      K.mexact(
        B.mat([
          ['3', '0'],
          ['0', '-4'],
        ]),
      ),
    );
    expect(B.cmp(K.lower(s), B.int(4)) <= 0 && B.cmp(K.upper(s), B.int(4)) >= 0).toBe(true);
  });
  it('structural bars: vabsUpper, mabsUpper and roundUp bound from above', () => {
    const v = B.unpack(K.vabsUpper(K.vof(B.vec(['-1', '2']), B.vec(['0.5', '0']))));
    expect(B.cmp(v[0], B.num('1.5')) >= 0 && B.cmp(v[1], B.int(2)) >= 0).toBe(true);
    const m = B.unpack(B.flatten(K.mabsUpper(K.mof(B.mat([['-3']]), B.mat([['1']])))));
    expect(B.cmp(m[0], B.int(4))).toBeGreaterThanOrEqual(0);
    const third = B.div(B.one, B.int(3));
    expect(B.cmp(K.roundUp(third, 1), third)).toBe(1);
  });
});
