import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutate, Mulberry, Recorded, regenerate, type ChoiceRecord } from './choices.js';

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
