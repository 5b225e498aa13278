/**
 * Datasets with exact structure: linearly separable data with a planted margin (docs/theorems/maxmargin.md M1; Soudry
 * et al. 2018).
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { dyadic } from './numbers.js';
import { buildOrthogonal, qmatvec, reflectionDraw } from './orthogonal.js';
import { add, parseNum, toNum } from '../numeric/rational.js';
import { type Dim, dimRange } from './vectors.js';

/** Labelled data (rows of X are samples) and a unit direction w with min_i y_i·wᵀx_i = margin exactly. */
export interface SeparableDataSpec {
  readonly X: Num[][];
  /** Labels "1" / "-1". */
  readonly y: Num[];
  /** Exact unit vector (‖w‖ = 1) separating the data. */
  readonly w: Num[];
  /** γ = min_i y_i wᵀx_i > 0: attained by sample 0; a lower bound on the max-margin 1/‖ŵ‖. */
  readonly margin: Num;
}

/** Options of `separableData`. */
export interface SeparableDataConstraints {
  /** Number of samples. @defaultValue { min: 1, max: 6 } */
  readonly n?: Dim;
  /** Feature dimension. @defaultValue { min: 1, max: 3 } */
  readonly d?: Dim;
  /** γ > 0. @defaultValue dyadic({ min: '0.125', max: '1', bits: 4 }) */
  readonly margin?: fc.Arbitrary<Num>;
  /** Extra distance ξ_i ≥ 0 beyond the margin (samples 1…n−1). @defaultValue dyadic({ min: '0', max: '2', bits: 4 }) */
  readonly slack?: fc.Arbitrary<Num>;
  /** Components orthogonal to w. @defaultValue dyadic({ min: '-2', max: '2', bits: 4 }) */
  readonly offMargin?: fc.Arbitrary<Num>;
  /** @defaultValue 2 */
  readonly maxReflections?: number;
}

/**
 * x_i = Q·(y_i(γ + ξ_i), z_i) with Q exact orthogonal and w = Q e₁, so y_i wᵀx_i = γ + ξ_i ≥ γ exactly, with
 * ξ₀ = 0 (sample 0 sits on the margin). Shrinks toward w = e₁, all labels +1, few samples and ξ = z = 0.
 */
export function separableData(c: SeparableDataConstraints = {}): fc.Arbitrary<SeparableDataSpec> {
  const [nmin, nmax] = dimRange(c.n ?? { min: 1, max: 6 }, 'separableData n');
  const [dmin, dmax] = dimRange(c.d ?? { min: 1, max: 3 }, 'separableData d');
  const sample = fc.record({
    neg: fc.boolean(),
    slack: c.slack ?? dyadic({ min: '0', max: '2', bits: 4 }),
    z: fc.array(c.offMargin ?? dyadic({ min: '-2', max: '2', bits: 4 }), { minLength: dmax - 1, maxLength: dmax - 1 }),
  });
  return fc
    .tuple(
      fc.integer({ min: nmin, max: nmax }),
      fc.integer({ min: dmin, max: dmax }),
      c.margin ?? dyadic({ min: '0.125', max: '1', bits: 4 }),
      fc.array(sample, { minLength: nmax, maxLength: nmax }),
      fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 2 }),
    )
    .map(([n, d, gammaNum, samples, draws]) => {
      const gamma = parseNum(gammaNum, 'separableData margin');
      if (gamma.n <= 0n) throw new RangeError(`separableData: margin must be > 0, got ${gammaNum}`);
      const Qm = buildOrthogonal(d, draws);
      const X = samples.slice(0, n).map((s, i) => {
        const xi = i === 0 ? parseNum('0') : parseNum(s.slack, `separableData slack[${i}]`);
        if (xi.n < 0n) throw new RangeError(`separableData: slack must be ≥ 0, got ${s.slack}`);
        const along = add(gamma, xi);
        const coords = [s.neg ? { n: -along.n, d: along.d } : along, ...s.z.slice(0, d - 1).map((z) => parseNum(z))];
        return qmatvec(Qm, coords).map((v, j) => toNum(v, `separableData.X[${i}][${j}]`));
      });
      return {
        X,
        y: samples.slice(0, n).map((s) => (s.neg ? '-1' : '1')),
        w: Qm.map((row, j) => toNum(row[0]!, `separableData.w[${j}]`)),
        margin: toNum(gamma),
      };
    });
}
