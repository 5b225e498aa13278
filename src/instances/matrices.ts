/**
 * Matrix arbitraries with exact structure: orthogonal matrices and symmetric matrices with a PRESCRIBED spectrum,
 * A = QΛQᵀ exactly (so L = λ_max is exact), plus quadratic-problem instances built on them.
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { dyadic } from './numbers.js';
import { buildOrthogonal, conjugateDiag, qmatvec, reflectionDraw } from './orthogonal.js';
import { cmp, parseNum, qmatToNum, qvecToNum } from '../numeric/rational.js';
import { type Dim, dimRange } from './vectors.js';

/** Options of `orthogonal`. */
export interface OrthogonalConstraints {
  /** @defaultValue { min: 1, max: 4 } */
  readonly n?: Dim;
  /** Householder reflections composed. @defaultValue 3 */
  readonly maxReflections?: number;
}

/** Exact orthogonal matrices (QᵀQ = I exactly, finite-decimal entries). Shrinks toward I and small n. */
export function orthogonal(c: OrthogonalConstraints = {}): fc.Arbitrary<Num[][]> {
  const [min, max] = dimRange(c.n ?? { min: 1, max: 4 }, 'orthogonal');
  return fc
    .tuple(fc.integer({ min, max }), fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 3 }))
    .map(([n, draws]) => qmatToNum(buildOrthogonal(n, draws), 'orthogonal'));
}

/** A symmetric matrix with known eigen-decomposition: matrix = eigenvectors · diag(eigenvalues) · eigenvectorsᵀ. */
export interface SpectrumSpec {
  /** Sorted descending, so eigenvalues[0] = λ_max (= L for a PSD Hessian). */
  readonly eigenvalues: Num[];
  /** Orthogonal Q, row-major; column j is the unit eigenvector of eigenvalues[j]. */
  readonly eigenvectors: Num[][];
  /** A = QΛQᵀ, exact and symmetric. */
  readonly matrix: Num[][];
}

/** Options of `withSpectrum`. */
export interface SpectrumConstraints {
  /** Dimension; ignored when `eigenvalues` is a fixed list. @defaultValue { min: 1, max: 4 } */
  readonly n?: Dim;
  /** One eigenvalue's arbitrary, or a fixed list. @defaultValue dyadic({ min: '0', max: '4', bits: 4 }) (PSD) */
  readonly eigenvalues?: fc.Arbitrary<Num> | readonly Num[];
  /** Householder reflections composed into Q; 0 gives diagonal matrices. @defaultValue 3 */
  readonly maxReflections?: number;
}

interface SpectralDraw {
  n: number;
  lambdas: Num[];
  draws: { pattern: number; places: number[] }[];
}

function spectralDraw(c: SpectrumConstraints, name: string): fc.Arbitrary<SpectralDraw> {
  const fixed = Array.isArray(c.eigenvalues) ? (c.eigenvalues as readonly Num[]) : undefined;
  if (fixed) fixed.forEach((x, i) => parseNum(x, `${name} eigenvalues[${i}]`));
  const [min, max] = fixed
    ? dimRange(fixed.length, `${name} eigenvalues.length`)
    : dimRange(c.n ?? { min: 1, max: 4 }, name);
  const eig: fc.Arbitrary<Num[]> = fixed
    ? fc.constant([...fixed])
    : fc.array((c.eigenvalues as fc.Arbitrary<Num> | undefined) ?? dyadic({ min: '0', max: '4', bits: 4 }), {
        minLength: max,
        maxLength: max,
      });
  // n and the eigenvalue list are drawn independently (no chain): the first n of max eigenvalues are used, so
  // shrinking n shrinks the dimension while the rest of the draw stays valid.
  return fc.record({
    n: fc.integer({ min, max }),
    lambdas: eig,
    draws: fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 3 }) as fc.Arbitrary<SpectralDraw['draws']>,
  });
}

function buildSpectrum(d: SpectralDraw, name: string) {
  const lam = d.lambdas
    .slice(0, d.n)
    .map((x, i) => ({ x, q: parseNum(x, `${name} eigenvalues[${i}]`) }))
    .sort((a, b) => cmp(b.q, a.q));
  const Qm = buildOrthogonal(d.n, d.draws);
  const A = conjugateDiag(
    Qm,
    lam.map((l) => l.q),
  );
  const spec: SpectrumSpec = {
    eigenvalues: lam.map((l) => qvecToNum([l.q])[0]!),
    eigenvectors: qmatToNum(Qm, `${name}.eigenvectors`),
    matrix: qmatToNum(A, `${name}.matrix`),
  };
  return { spec, Qm };
}

/**
 * Symmetric matrices with a prescribed spectrum: A = QΛQᵀ with Q an exact product of Householder reflections, so
 * the eigenvalues are exactly the drawn ones (sorted descending) and every entry is a finite decimal.
 * Shrinks toward diagonal (no reflection), small n and simple eigenvalues.
 */
export function withSpectrum(c: SpectrumConstraints = {}): fc.Arbitrary<SpectrumSpec> {
  return spectralDraw(c, 'withSpectrum').map((d) => buildSpectrum(d, 'withSpectrum').spec);
}

/** A quadratic F(θ) = ½ θᵀAθ instance with a start point known in the eigenbasis. */
export interface SpectralQuadraticSpec {
  readonly A: SpectrumSpec;
  /** θ₀ = Q·coords. */
  readonly theta0: Num[];
  /** Exact coordinates of θ₀ along the eigenvectors (coords[0] along the top one). */
  readonly coords: Num[];
}

/**
 * `withSpectrum` plus a start point θ₀ of the same dimension, given by its exact eigen-coordinates (drawn from
 * `coord`, default dyadic in [−1, 1]), so θ₀'s component along each eigenvector is known exactly.
 */
export function spectralQuadratic(
  c: SpectrumConstraints & { readonly coord?: fc.Arbitrary<Num> } = {},
): fc.Arbitrary<SpectralQuadraticSpec> {
  const draw = spectralDraw(c, 'spectralQuadratic');
  const maxN = Array.isArray(c.eigenvalues)
    ? c.eigenvalues.length
    : dimRange(c.n ?? { min: 1, max: 4 }, 'spectralQuadratic')[1];
  return fc
    .tuple(draw, fc.array(c.coord ?? dyadic({ bits: 6 }), { minLength: maxN, maxLength: maxN }))
    .map(([d, cs]) => {
      const { spec, Qm } = buildSpectrum(d, 'spectralQuadratic');
      const coords = cs.slice(0, d.n);
      const theta0 = qvecToNum(
        qmatvec(
          Qm,
          coords.map((x, i) => parseNum(x, `spectralQuadratic coords[${i}]`)),
        ),
        'spectralQuadratic.theta0',
      );
      return { A: spec, theta0, coords };
    });
}
