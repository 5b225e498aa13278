/**
 * The jet algebra on known series (exact rational coefficients), ball containment against a dec:80 reference, and
 * the frozen masks of kinked activations.
 */
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Repr } from '../numeric/types.js';
import { ballAlgebra, JetDomainError, plainAlgebra } from './algebra.js';
import { jetOps, type Jet, type JetOps } from './series.js';

const ORDER = 8;
const REF: AnyBackend = decBackend(80);

/** 1×1 series x(η) = a + b·η (exact decimal strings). */
function scalarLine<R extends Repr, T>(J: JetOps<R, T>, a: string, b: string): Jet<T> {
  return J.line(J.A.mnum([[a]]), J.A.mnum([[b]]));
}

/** Exact rational coefficients p/q as strings evaluated on the reference backend. */
const q = (p: number, d: number) => REF.div(REF.int(p), REF.int(d));

/** Known expansions at η = 0 of f(a + η) (the reference coefficients, exact rationals or dec:80 values). */
type RefScalar = ReturnType<typeof REF.num>;
type Series = <R extends Repr, T>(J: JetOps<R, T>, x: Jet<T>) => Jet<T>;
const CASES: { name: string; a: string; f: Series; ref: RefScalar[] }[] = [
  {
    name: 'exp(η) = Σ η^k/k!',
    a: '0',
    f: (J, x) => J.exp(x),
    ref: Array.from({ length: ORDER + 1 }, (_, k) => q(1, [1, 1, 2, 6, 24, 120, 720, 5040, 40320][k]!)),
  },
  {
    name: 'log(1 + η) = Σ (−1)^{k+1} η^k/k',
    a: '1',
    f: (J, x) => J.log(x),
    ref: Array.from({ length: ORDER + 1 }, (_, k) => (k === 0 ? REF.zero : q(k % 2 === 1 ? 1 : -1, k))),
  },
  {
    name: 'log1p(η) = Σ (−1)^{k+1} η^k/k',
    a: '0',
    f: (J, x) => J.log1p(x),
    ref: Array.from({ length: ORDER + 1 }, (_, k) => (k === 0 ? REF.zero : q(k % 2 === 1 ? 1 : -1, k))),
  },
  {
    name: 'sqrt(1 + η): binomial coefficients C(1/2, k)',
    a: '1',
    f: (J, x) => J.sqrt(x),
    ref: [q(1, 1), q(1, 2), q(-1, 8), q(1, 16), q(-5, 128), q(7, 256), q(-21, 1024), q(33, 2048), q(-429, 32768)],
  },
  {
    name: '1/(1 + η) = Σ (−η)^k (division)',
    a: '1',
    f: (J, x) => J.div(J.constant(J.A.mnum([['1']])), x),
    ref: Array.from({ length: ORDER + 1 }, (_, k) => q(k % 2 === 0 ? 1 : -1, 1)),
  },
  {
    name: 'sigmoid(η) = 1/2 + η/4 − η³/48 + η⁵/480 − 17η⁷/80640',
    a: '0',
    f: (J, x) => J.sigmoid(x),
    ref: [q(1, 2), q(1, 4), q(0, 1), q(-1, 48), q(0, 1), q(1, 480), q(0, 1), q(-17, 80640), q(0, 1)],
  },
  {
    name: 'softplus(η) = log 2 + η/2 + η²/8 − η⁴/192 + η⁶/2880 − 17η⁸/645120',
    a: '0',
    f: (J, x) => J.softplus(x),
    ref: [REF.log(REF.int(2)), q(1, 2), q(1, 8), q(0, 1), q(-1, 192), q(0, 1), q(1, 2880), q(0, 1), q(-17, 645120)],
  },
];

const backends: AnyBackend[] = [f64Backend(), ddBackend(), decBackend(60)];

describe('jets: known series, with balls that contain the exact coefficients', () => {
  for (const B of backends) {
    for (const c of CASES) {
      it(`${c.name} (${B.id})`, () => {
        const J = jetOps(ballAlgebra(B), ORDER);
        const y = c.f(J, scalarLine(J, c.a, '1'));
        y.c.forEach((ck, k) => {
          const value = ck === null ? B.zero : B.mget(ck.value, 0, 0);
          const err = ck === null ? B.zero : B.mget(ck.err, 0, 0);
          const ref = c.ref[k];
          const diff = REF.abs(REF.sub(REF.num(B.show(value)), ref));
          // the ball must contain the exact coefficient, and be tight: radius ≤ 10^4·u (a few hundred roundings)
          expect(
            REF.cmp(diff, REF.num(B.show(err))),
            `coefficient ${k}: ${B.show(value)} ± ${B.show(err)}`,
          ).toBeLessThanOrEqual(0);
          expect(B.cmp(err, B.mul(B.int(10000), B.eps))).toBeLessThanOrEqual(0);
        });
      });
    }
  }
});

describe('jets: products, the plain algebra and frozen masks', () => {
  it('(1 + 2η)(3 − η) = 3 + 5η − 2η² exactly; matmul of matrix lines is the Cauchy product', () => {
    const B: AnyBackend = decBackend(40);
    const J = jetOps(plainAlgebra(B), 4);
    const x = J.line(B.mat([['1']]), B.mat([['2']]));
    const y = J.line(B.mat([['3']]), B.mat([['-1']]));
    const p = J.mul(x, y);
    expect(p.c.map((c) => (c === null ? '0' : B.show(B.mget(c, 0, 0))))).toEqual(['3', '5', '-2', '0', '0']);
    // (I + ηE)(I − ηE) = I − η²E² with E = [[0, 1], [1, 0]], E² = I
    const I = B.eye(2);
    const E = B.mat([
      ['0', '1'],
      ['1', '0'],
    ]);
    const m = J.matmul(
      J.line(I, E),
      J.line(
        I,
        B.mat([
          ['0', '-1'],
          ['-1', '0'],
        ]),
      ),
    );
    expect(B.mshow(m.c[2])).toEqual([
      ['-1', '0'],
      ['0', '-1'],
    ]);
    expect(m.c[1] === null ? null : B.mshow(m.c[1])).toEqual([
      ['0', '0'],
      ['0', '0'],
    ]);
  });

  it('relu, leaky relu and abs keep the mask of η = 0: relu(−1 + 3η) = 0, leaky = α(−1 + 3η), abs = 1 − 3η', () => {
    const B: AnyBackend = decBackend(40);
    const J = jetOps(ballAlgebra(B), 3);
    const x = J.line(J.A.mnum([['-1', '2']]), J.A.mnum([['3', '-5']]));
    // −0 (a masked negative entry) prints as "-0": compare values, not signs of zero
    const show = (y: typeof x) =>
      y.c.map((c) => (c === null ? ['0', '0'] : B.mshow(c.value)[0]!.map((v: string) => (v === '-0' ? '0' : v))));
    expect(show(J.activation(x, 'relu'))).toEqual([
      ['0', '2'],
      ['0', '-5'],
      ['0', '0'],
      ['0', '0'],
    ]);
    expect(show(J.activation(x, 'leakyRelu', '0.5'))).toEqual([
      ['-0.5', '2'],
      ['1.5', '-5'],
      ['0', '0'],
      ['0', '0'],
    ]);
    expect(show(J.activation(x, 'abs'))).toEqual([
      ['1', '2'],
      ['-3', '-5'],
      ['0', '0'],
      ['0', '0'],
    ]);
  });

  it('a pre-activation at a kink (exactly 0, or a ball containing 0) is a JetDomainError, never a guessed mask', () => {
    const B: AnyBackend = f64Backend();
    const J = jetOps(ballAlgebra(B), 2);
    expect(() => J.activation(J.line(J.A.mnum([['0']]), J.A.mnum([['1']])), 'relu')).toThrow(JetDomainError);
    // 0.1 is not a double: its ball has radius > 0, and 0.1 − 0.1 is a ball around 0
    const z = J.sub(J.constant(J.A.mnum([['0.1']])), J.constant(J.A.mnum([['0.1']])));
    expect(() => J.activation(z, 'relu')).toThrow(/contains 0/);
    const P = jetOps(plainAlgebra(B), 2);
    expect(() => P.activation(P.line(B.mat([['0']]), B.mat([['1']])), 'abs')).toThrow(JetDomainError);
    // identically 0 along the line (every coefficient an exact 0): any mask is exact, so no error, and relu gives 0
    const zero = J.activation(J.constant(J.A.mnum([['0']])), 'relu');
    expect(zero.c.map((c) => (c === null ? 0 : B.toNumber(B.mget(c.value, 0, 0))))).toEqual([0, 0, 0]);
  });

  it('log of a series whose constant term is ≤ 0 throws a JetDomainError naming log', () => {
    const B: AnyBackend = ddBackend();
    const J = jetOps(ballAlgebra(B), 2);
    expect(() => J.log(J.line(J.A.mnum([['-1']]), J.A.mnum([['1']])))).toThrow(/jet log/);
  });
});
