import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atPosition,
  drawBits,
  mutate,
  Mulberry,
  position,
  Recorded,
  regenerate,
  resolution,
  withChoice,
  type Choice,
  type ChoiceRecord,
} from './choices.js';

const json = (x: unknown) => JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

const ARBS: readonly [string, fc.Arbitrary<unknown>][] = [
  ['mapped integer', fc.integer({ min: -1000, max: 1000 }).map((k) => ({ x: String(k / 64) }))],
  [
    'record of double, array, bigint',
    fc.record({
      a: fc.double({ min: 0, max: 1, noNaN: true }),
      b: fc.array(fc.integer(), { maxLength: 5 }),
      c: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
    }),
  ],
  ['chain', fc.integer({ min: 1, max: 5 }).chain((n) => fc.array(fc.nat(9), { minLength: n, maxLength: n }))],
  ['oneof', fc.oneof(fc.string(), fc.tuple(fc.boolean(), fc.nat()))],
];

function recorded(arb: fc.Arbitrary<unknown>): { values: unknown[]; recs: ChoiceRecord[] } {
  const R = new Recorded(arb);
  const values: unknown[] = [];
  const recs: ChoiceRecord[] = [];
  fc.assert(
    fc.property(R, (v) => {
      values.push(v);
      recs.push(R.last!);
      return true;
    }),
    { seed: 42, numRuns: 40 },
  );
  return { values, recs };
}

describe('choice records', () => {
  it.each(ARBS)('%s: recording is transparent and a record regenerates its value', (_name, arb) => {
    const { values, recs } = recorded(arb);
    expect(json(values)).toBe(json(fc.sample(arb, { seed: 42, numRuns: 40 })));
    for (const [i, rec] of recs.entries()) expect(json(regenerate(arb, rec, 0).value.value_)).toBe(json(values[i]));
  });

  it('a mutant is a neighbour: one draw of an integer grid moves, the value stays in the arbitrary', () => {
    const arb = fc.integer({ min: 0, max: 1_000_000 });
    const rec = regenerate(arb, { bias: undefined, choices: [] }, 7).rec;
    const rng = new Mulberry(3);
    const out = Array.from({ length: 200 }, () => regenerate(arb, mutate(rec, rng).rec, 1).value.value_);
    for (const v of out) expect(v >= 0 && v <= 1_000_000).toBe(true);
    const start = regenerate(arb, rec, 0).value.value_;
    // log-uniform steps: a good share of mutants land within 1 % of the range of the parent
    expect(out.filter((v) => Math.abs(v - start) <= 10_000).length).toBeGreaterThan(60);
  });

  it('mutation is deterministic given the generator seed', () => {
    const rec = regenerate(fc.array(fc.nat(100), { minLength: 3 }), { bias: 5, choices: [] }, 1).rec;
    const a = Array.from(
      { length: 20 },
      (
        (g) => () =>
          json(mutate(rec, g).rec)
      )(new Mulberry(9)),
    );
    const b = Array.from(
      { length: 20 },
      (
        (g) => () =>
          json(mutate(rec, g).rec)
      )(new Mulberry(9)),
    );
    expect(b).toEqual(a);
  });
});

describe('which draws a mutation moves', () => {
  it('draws count by the bits of their range: a fast-check bias decision 1 bit, a value over 10⁶ about 20', () => {
    expect(drawBits({ kind: 'int', min: 1, max: 2, v: 1 })).toBe(1);
    expect(drawBits({ kind: 'int', min: 1, max: 1_000_000, v: 7 })).toBeCloseTo(19.93, 2);
    expect(drawBits({ kind: 'int', min: 5, max: 5, v: 5 })).toBe(0);
    expect(drawBits({ kind: 'big', min: 0n, max: 255n, v: 3n })).toBe(8);
    expect(drawBits({ kind: 'double', v: 0.5 })).toBe(53);
  });

  it('single-draw mutants move the wide value draw, not the one-bit decisions around it, in proportion to bits', () => {
    // [bias decision, value over 2^20, bias decision]: uniform picking would move the value one time in three
    const choices: Choice[] = [
      { kind: 'int', min: 1, max: 2, v: 2 },
      { kind: 'int', min: 0, max: 2 ** 20 - 1, v: 1000 },
      { kind: 'int', min: 1, max: 2, v: 2 },
    ];
    const rng = new Mulberry(11);
    let value = 0;
    let single = 0;
    for (let k = 0; k < 4000; k++) {
      const m = mutate({ bias: 2, choices }, rng);
      if (m.move === undefined) continue;
      single++;
      if (m.move.at === 1) value++;
    }
    // expected share 20/22 ≈ 0.91 (the binomial sd over ≈ 3000 single moves is ≈ 0.005)
    expect(value / single).toBeGreaterThan(0.88);
    expect(value / single).toBeLessThan(0.94);
  });

  it('a record whose draws all have a single possible value is returned unchanged', () => {
    const rec: ChoiceRecord = { bias: undefined, choices: [{ kind: 'int', min: 3, max: 3, v: 3 }] };
    expect(mutate(rec, new Mulberry(1)).rec).toEqual(rec);
  });
});

describe('draw positions (the coordinate of a line search)', () => {
  const int: Choice = { kind: 'int', min: -10, max: 30, v: 0 };
  const big: Choice = { kind: 'big', min: -(2n ** 63n), max: 2n ** 63n - 1n, v: 0n };

  it('position and atPosition are inverse on the draw values, ends included', () => {
    for (const v of [-10, -9, 0, 29, 30]) expect(atPosition(int, position({ ...int, v }))).toEqual({ ...int, v });
    for (const v of [big.min, -1n, 0n, 12345n * 2n ** 40n, big.max]) {
      const c = { ...big, v } as Choice;
      const back = atPosition(big, position(c));
      expect(back.kind).toBe('big');
      // 2⁶⁴ values on a 2⁵² grid of positions: within one grid step (2¹² values)
      const d = (back as { v: bigint }).v - v;
      expect(d <= 4096n && d >= -4096n).toBe(true);
    }
    expect(atPosition({ kind: 'double', v: 0.1 }, 0.25)).toEqual({ kind: 'double', v: 0.25 });
  });

  it('positions outside [0, 1] clamp to the range; the resolution is one value of the range', () => {
    expect(atPosition(int, -0.5)).toEqual({ ...int, v: -10 });
    expect(atPosition(int, 2)).toEqual({ ...int, v: 30 });
    expect(atPosition({ kind: 'double', v: 0 }, 1).v).toBeLessThan(1);
    expect(resolution(int)).toBe(1 / 40);
    expect(atPosition(int, position({ ...int, v: 7 }) + resolution(int))).toEqual({ ...int, v: 8 });
    expect(resolution({ kind: 'int', min: 3, max: 3, v: 3 })).toBe(1);
  });

  it('withChoice replaces one draw and keeps the bias and the others', () => {
    const rec: ChoiceRecord = { bias: 3, choices: [int, big] };
    const r = withChoice(rec, 0, { ...int, v: 5 });
    expect(r).toEqual({ bias: 3, choices: [{ ...int, v: 5 }, big] });
    expect(rec.choices[0]).toEqual(int);
  });
});
