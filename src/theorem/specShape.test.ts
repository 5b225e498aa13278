import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observe, shapeProblem, specShapeProblem, type Shape } from './specShape.js';
import generatorBug from './testdata/toy_generator_bug.theorem.js';
import squareLeOne from './testdata/toy_square_le_one.theorem.js';
import type { AnyTheorem } from './define.js';

const shapeOf = (...values: unknown[]): Shape => {
  const s: Shape = { kinds: new Set(), objects: 0, fields: new Map() };
  for (const v of values) observe(s, v);
  return s;
};

describe("spec shapes inferred from the theorem's own values", () => {
  const s = shapeOf(
    {
      loss: 'logistic',
      lr: '0.5',
      X: [
        ['1', '2'],
        ['3', '4'],
      ],
      seed: 7,
    },
    { loss: 'exponential', lr: '0.25', X: [['1']], seed: 8, c: '1' },
  );

  it('accepts a spec of the same structure (other values, other lengths, optional keys)', () => {
    expect(shapeProblem(s, { loss: 'logistic', lr: '3', X: [['5', '6', '7']], seed: 1 })).toBeNull();
    expect(shapeProblem(s, { loss: 'logistic', lr: '3', X: [], seed: 1, c: '2' })).toBeNull();
  });

  it.each([
    [
      { loss: 'logistic', lr: '0.5', X: [['1']], seed: 1, eta: '1' },
      'spec.eta',
      /unknown field \(the theorem's specs have loss, lr, X, seed, c here\)/,
    ],
    [{ loss: 'logistic', X: [['1']], seed: 1 }, 'spec.lr', /missing/],
    [
      { loss: 'logistic', lr: 'fast', X: [['1']], seed: 1 },
      'spec.lr',
      /expected an exact decimal string .* got the string "fast"/,
    ],
    [{ loss: 'logistic', lr: '0.5', X: ['1'], seed: 1 }, 'spec.X[0]', /expected an array/],
    [{ loss: 'logistic', lr: '0.5', X: [[['1']]], seed: 1 }, 'spec.X[0][0]', /expected an exact decimal string/],
    [{ loss: 'logistic', lr: '0.5', X: [['1']], seed: '1' }, 'spec.seed', /expected a number/],
    [['0.5'], 'spec', /expected an object/],
  ])('rejects %j at %s', (spec, field, detail) => {
    const p = shapeProblem(s, spec);
    expect(p?.field).toBe(field);
    expect(p?.detail).toMatch(detail);
  });

  it('learns from hypotheses, violations and witnesses (a field only `violations` produces is optional, not unknown)', () => {
    expect(specShapeProblem(generatorBug, { x: '0.5' })).toBeNull();
    expect(specShapeProblem(generatorBug, { x: '2', broken: true })).toBeNull();
    expect(specShapeProblem(generatorBug, { x: '2', broken: 'yes' })?.field).toBe('spec.broken');
    expect(specShapeProblem(squareLeOne, { x: '2', y: '1' })?.field).toBe('spec.y');
  });

  it("is not checked when the theorem's generators cannot be sampled", () => {
    const broken = {
      ...squareLeOne,
      hypotheses: fc.constant(0).map(() => {
        throw new Error('bug');
      }),
    } as unknown as AnyTheorem;
    expect(specShapeProblem(broken, { anything: 1 })).toBeNull();
  });
});

describe('the small sample first', () => {
  it('a small sample decides acceptance; rejection is decided on the full sample (a rare optional key is not unknown)', () => {
    // `rare` appears in 1 spec in 30: the 4-sample shape has not seen it, the 240-sample shape has
    let n = 0;
    const rareKey = fc
      .integer({ min: 0, max: 1000 })
      .map((k) => (n++ % 30 === 29 ? { x: String(k), rare: '1' } : { x: String(k) }));
    const thm = { ...squareLeOne, witnesses: [], hypotheses: rareKey, violations: rareKey } as unknown as AnyTheorem;
    expect(specShapeProblem(thm, { x: '3', rare: '2' })).toBeNull();
    expect(specShapeProblem(thm, { x: '3', other: '2' })?.detail).toMatch(
      /unknown field \(the theorem's specs have x, rare here\)/,
    );
  });

  it('an array position the small sample only saw empty is checked on the full sample', () => {
    let n = 0;
    const mostlyEmpty = fc.constant(0).map(() => (n++ % 10 === 9 ? { v: ['1'] } : { v: [] as string[] }));
    const thm = {
      ...squareLeOne,
      witnesses: [],
      hypotheses: mostlyEmpty,
      violations: mostlyEmpty,
    } as unknown as AnyTheorem;
    expect(specShapeProblem(thm, { v: ['2'] })).toBeNull();
    expect(specShapeProblem(thm, { v: [['2']] })?.field).toBe('spec.v[0]');
  });
});
