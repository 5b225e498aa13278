// The rooted-tree order conditions against tableaus whose order is known from the literature, against hand-derived
// first violations, and against the number of rooted trees of each order (1, 1, 2, 4, 9, 20, 48, 115, 286; OEIS
// A000081): the conditions of order ≤ p are checked in tree order, so the first violated tree of an order-p method
// has an index in [N(p), N(p + 1)), N(p) = number of trees of order ≤ p.
import { describe, expect, it } from 'vitest';
import { parseRat } from '../numeric/rational.js';
import { exactOrder, exactTableau, firstViolatedCondition } from './orderConditions.js';
import { DOPRI5, FEHLBERG78, RK4, VERNER65, type Tableau } from './tableaus.js';

const TREES = [0, 1, 1, 2, 4, 9, 20, 48, 115, 286];
/** N(p): rooted trees of order ≤ p. */
const N = (p: number): number => TREES.slice(0, p + 1).reduce((a, b) => a + b, 0);

const EULER: Tableau = { c: ['0'], a: [[]], b: ['1'] };
const MIDPOINT: Tableau = { c: ['0', '1/2'], a: [[], ['1/2']], b: ['0', '1'] };
/** Kutta's third-order method. */
const KUTTA3: Tableau = { c: ['0', '1/2', '1'], a: [[], ['1/2'], ['-1', '2']], b: ['1/6', '2/3', '1/6'] };
/** Kutta's 3/8 rule: order 4. */
const RULE38: Tableau = {
  c: ['0', '1/3', '2/3', '1'],
  a: [[], ['1/3'], ['-1/3', '1'], ['1', '-1', '1']],
  b: ['1/8', '3/8', '3/8', '1/8'],
};

const order = (T: Tableau, max: number, hat = false): number => {
  const E = exactTableau(T);
  return exactOrder(E, hat ? E.bHat! : E.b, max);
};

describe('exactTableau', () => {
  it('parses every coefficient exactly and keeps b̂ only when given', () => {
    const E = exactTableau(DOPRI5);
    expect(E.s).toBe(7);
    expect(E.a[5]![4]).toEqual(parseRat('-5103/18656'));
    expect(E.c[3]).toEqual(parseRat('4/5'));
    expect(E.b[6]).toEqual(parseRat('0'));
    expect(E.bHat![6]).toEqual(parseRat('1/40'));
    expect('bHat' in exactTableau(RK4)).toBe(false);
  });

  it('rejects a row of a with the wrong length and stage counts that disagree, naming what is wrong', () => {
    expect(() => exactTableau({ ...RK4, a: [[], ['1/2'], ['1/2'], ['0', '0', '1']] })).toThrow(
      'tableau: row 2 of a has 1 entries, expected 2',
    );
    expect(() => exactTableau({ ...RK4, a: [[], ['1/2'], ['0', '1/2'], ['0', '0', '1', '0']] })).toThrow(/row 3/);
    const msg = /c, a, b \(and bHat\) must all have 4 stages/;
    expect(() => exactTableau({ ...RK4, b: ['1/2', '1/2'] })).toThrow(msg);
    expect(() => exactTableau({ ...RK4, bHat: ['1'] })).toThrow(msg);
    expect(() => exactTableau({ ...RK4, a: [[], ['1/2'], ['0', '1/2']] })).toThrow(msg);
    expect(() => exactTableau({ ...RK4, bHat: ['1/6', '1/3', '1/3', '1/6'] })).not.toThrow();
  });
});

describe('order conditions of tableaus with known order', () => {
  it('Euler 1, midpoint 2, Kutta 3, RK4 and the 3/8 rule 4, DOPRI5 5(4), Verner 6(5), Fehlberg 8(7): exactly', () => {
    const cases: [Tableau, number, number?][] = [
      [EULER, 1],
      [MIDPOINT, 2],
      [KUTTA3, 3],
      [RK4, 4],
      [RULE38, 4],
      [DOPRI5, 5, 4],
      [VERNER65, 6, 5],
      [FEHLBERG78, 8, 7],
    ];
    for (const [T, p, q] of cases) {
      // capped at p + 1: the order is p, not more
      expect(order(T, p + 1)).toBe(p);
      // and the cap is honoured
      expect(order(T, p - 1)).toBe(p - 1);
      if (q !== undefined) expect(order(T, q + 1, true)).toBe(q);
    }
  });

  it('the first violated tree of an order-p method has order p + 1 and index in [N(p), N(p + 1))', () => {
    const cases: [Tableau, number][] = [
      [EULER, 1],
      [MIDPOINT, 2],
      [KUTTA3, 3],
      [RK4, 4],
      [RULE38, 4],
      [DOPRI5, 5],
      [VERNER65, 6],
      [FEHLBERG78, 8],
    ];
    for (const [T, p] of cases) {
      const E = exactTableau(T);
      expect(firstViolatedCondition(E, E.b, p)).toBeUndefined();
      const msg = firstViolatedCondition(E, E.b, p + 1)!;
      const m = /^tree #(\d+) \(order (\d+)\): bᵀΦ = (\S+) ≠ 1\/γ = (\S+)$/.exec(msg);
      expect(m, msg).not.toBeNull();
      const k = Number(m![1]);
      expect(Number(m![2])).toBe(p + 1);
      expect(k).toBeGreaterThanOrEqual(N(p));
      expect(k).toBeLessThan(N(p + 1));
      expect(m![3]).not.toBe(m![4]);
    }
  });

  it('hand-derived first violations: Euler bᵀc = 0 ≠ 1/2; b = 0 fails bᵀ𝟙 = 1; each order-3 tree alone', () => {
    const E = exactTableau(EULER);
    expect(firstViolatedCondition(E, E.b, 2)).toBe('tree #1 (order 2): bᵀΦ = 0 ≠ 1/γ = 1/2');
    expect(firstViolatedCondition(E, [parseRat('0')], 1)).toBe('tree #0 (order 1): bᵀΦ = 0 ≠ 1/γ = 1');
    expect(exactOrder(E, [parseRat('0')], 3)).toBe(0);
    // midpoint: bᵀc² = 1/4 ≠ 1/3 or bᵀAc = 0 ≠ 1/6, whichever tree comes first
    const M = exactTableau(MIDPOINT);
    expect(firstViolatedCondition(M, M.b, 3)).toMatch(/bᵀΦ = (1\/4 ≠ 1\/γ = 1\/3|0 ≠ 1\/γ = 1\/6)$/);
    // weights on KUTTA3's stages (c = (0, ½, 1), c² = (0, ¼, 1), Ac = (0, 0, 1)) with bᵀ𝟙 = 1, bᵀc = 1/2, not order 3:
    // w = (1/3, 1/3, 1/3) has bᵀc² = 5/12 ≠ 1/3 and bᵀAc = 1/3 ≠ 1/6; w = (0, 1, 0) has bᵀc² = 1/4, bᵀAc = 0
    const K = exactTableau(KUTTA3);
    const w1 = ['1/3', '1/3', '1/3'].map((x) => parseRat(x));
    expect(exactOrder(K, w1, 3)).toBe(2);
    expect(
      exactOrder(
        K,
        ['0', '1', '0'].map((x) => parseRat(x)),
        3,
      ),
    ).toBe(2);
    // each order-3 tree alone, on c = (0, ½, 1): a₃₂ = 1, b = (1/6, 2/3, 1/6) keeps bᵀc² = 1/3 but bᵀAc = 1/12 ≠ 1/6;
    // a₃₂ = 2/3, b = (1/2, 0, 1/2) keeps bᵀAc = 1/6 but bᵀc² = 1/2 ≠ 1/3
    const onlyAc = exactTableau({ c: ['0', '1/2', '1'], a: [[], ['1/2'], ['0', '1']], b: ['1/6', '2/3', '1/6'] });
    expect(firstViolatedCondition(onlyAc, onlyAc.b, 3)).toMatch(/^tree #[23] \(order 3\): bᵀΦ = 1\/12 ≠ 1\/γ = 1\/6$/);
    const onlyC2 = exactTableau({ c: ['0', '1/2', '1'], a: [[], ['1/2'], ['1/3', '2/3']], b: ['1/2', '0', '1/2'] });
    expect(firstViolatedCondition(onlyC2, onlyC2.b, 3)).toMatch(/^tree #[23] \(order 3\): bᵀΦ = 1\/2 ≠ 1\/γ = 1\/3$/);
    expect(firstViolatedCondition(K, w1, 3)).toMatch(/\(order 3\): bᵀΦ = (5\/12 ≠ 1\/γ = 1\/3|1\/3 ≠ 1\/γ = 1\/6)$/);
  });

  it('every row sum of a must equal its node c_i, the last row included', () => {
    const wrongFirst = exactTableau({ ...RK4, c: ['0', '1/3', '1/2', '1'] });
    expect(firstViolatedCondition(wrongFirst, wrongFirst.b, 1)).toBe('row sum of a[1] = 1/2 ≠ c[1] = 1/3');
    const wrongLast = exactTableau({ ...RK4, c: ['0', '1/2', '1/2', '2'] });
    expect(firstViolatedCondition(wrongLast, wrongLast.b, 4)).toBe('row sum of a[3] = 1 ≠ c[3] = 2');
    expect(exactOrder(wrongLast, wrongLast.b, 4)).toBe(0);
  });

  it('a one-digit typo in any nonzero coefficient of RK4 or DOPRI5 lowers the exact order', () => {
    for (const [T, p] of [
      [RK4, 4],
      [DOPRI5, 5],
    ] as const) {
      T.a.forEach((row, i) =>
        row.forEach((x, j) => {
          // DOPRI5's last row only feeds b̂ (b₇ = 0: FSAL), so it cannot change b's order
          if (x === '0' || (T === DOPRI5 && i === T.a.length - 1)) return;
          const a = T.a.map((r) => [...r]);
          const r = parseRat(x);
          // change the numerator by one and keep c consistent (row sums), so only the tree conditions can catch it
          a[i]![j] = `${r.n + 1n}/${r.d}`;
          const c = [...T.c];
          c[i] = `${parseRat(T.c[i]!).n * r.d + parseRat(T.c[i]!).d}/${parseRat(T.c[i]!).d * r.d}`;
          const E = exactTableau({ ...T, a, c });
          expect(exactOrder(E, E.b, p), `a[${i}][${j}]`).toBeLessThan(p);
        }),
      );
      T.b.forEach((x, i) => {
        const b = [...T.b];
        const r = parseRat(x);
        b[i] = `${r.n + 1n}/${r.d}`;
        const E = exactTableau({ ...T, b });
        expect(exactOrder(E, E.b, p), `b[${i}]`).toBe(0);
      });
    }
  });
});
