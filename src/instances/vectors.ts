/**
 * Vector arbitraries (Num[]), of fixed or arbitrary dimension, and exact unit vectors / vectors of prescribed norm.
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { dyadic } from './numbers.js';
import { buildOrthogonal, reflectionDraw } from './orthogonal.js';
import { mul, parseNum, toNum } from '../numeric/rational.js';

/** A dimension: exactly n, or any n in [min, max] (shrinking toward min). */
export type Dim = number | { readonly min: number; readonly max: number };

/** [min, max] of a Dim, validated (integers, 1 ≤ min ≤ max ≤ 64 unless `lowest` allows 0). */
export function dimRange(dim: Dim, name: string, lowest = 1): [number, number] {
  const [min, max] = typeof dim === 'number' ? [dim, dim] : [dim.min, dim.max];
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < lowest || max < min || max > 64) {
    throw new RangeError(
      `${name}: dimension must be integers with ${lowest} ≤ min ≤ max ≤ 64, got ${JSON.stringify(dim)}`,
    );
  }
  return [min, max];
}

/** Options of `vector`. */
export interface VectorConstraints {
  /** @defaultValue { min: 1, max: 4 } */
  readonly dim?: Dim;
  /** Entry arbitrary. @defaultValue dyadic() (k/1024 in [−1, 1]) */
  readonly entry?: fc.Arbitrary<Num>;
}

/** Vectors of exact entries; shrinks toward the smallest dimension and simple entries. */
export function vector(c: VectorConstraints = {}): fc.Arbitrary<Num[]> {
  const [minLength, maxLength] = dimRange(c.dim ?? { min: 1, max: 4 }, 'vector', 0);
  return fc.array(c.entry ?? dyadic(), { minLength, maxLength });
}

/** Options of `unitVector` / `vectorWithNorm`. */
export interface UnitVectorConstraints {
  /** @defaultValue { min: 1, max: 4 } */
  readonly dim?: Dim;
  /** Householder reflections composed (more = denser, more digits). @defaultValue 3 */
  readonly maxReflections?: number;
}

const MAX_DIM_DRAW = (dim: Dim): [number, number] => dimRange(dim, 'unitVector');

/**
 * Exact unit vectors (‖x‖ = 1 exactly, every entry a finite decimal): the first column of an exact orthogonal
 * product of Householder reflections. Shrinks toward e₁ and small dimension.
 */
export function unitVector(c: UnitVectorConstraints = {}): fc.Arbitrary<Num[]> {
  const [min, max] = MAX_DIM_DRAW(c.dim ?? { min: 1, max: 4 });
  return fc
    .tuple(fc.integer({ min, max }), fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 3 }))
    .map(([n, draws]) => buildOrthogonal(n, draws).map((row, i) => toNum(row[0]!, `unitVector[${i}]`)));
}

/** A vector with its exact Euclidean norm. */
export interface VectorWithNorm {
  readonly x: Num[];
  readonly norm: Num;
}

/**
 * x = r·u with u an exact unit vector and r ≥ 0 drawn from `norm`, so ‖x‖ = r exactly (no square roots needed).
 * Shrinks toward r·e₁.
 */
export function vectorWithNorm(
  c: UnitVectorConstraints & { readonly norm: fc.Arbitrary<Num> },
): fc.Arbitrary<VectorWithNorm> {
  return fc.tuple(unitVector(c), c.norm).map(([u, r]) => {
    const rq = parseNum(r, 'vectorWithNorm norm');
    if (rq.n < 0n) throw new RangeError(`vectorWithNorm: the norm arbitrary produced ${r} < 0; give it min ≥ 0`);
    return { x: u.map((ui, i) => toNum(mul(rq, parseNum(ui)), `vectorWithNorm.x[${i}]`)), norm: r };
  });
}
