/**
 * Separable datasets with a PLANTED hard-margin SVM solution (docs/theorems/maxmargin.md M1, M7; Soudry et al. 2018
 * Theorems 3–4): unlike `separableData` (data.ts), whose `margin` is only a lower bound, here ŵ, the max margin γ and
 * the dual α are exact.
 *
 * Construction, in the coordinates (along v, then v^⊥) of an exact orthogonal Q with v = Qe₁:
 *   margin points  z_i = γ·e₁ + o_i (i = 1..k), with Σ_i c_i o_i = 0 for integer weights c_i ≥ 1, Σc_i = C = 2^m;
 *   off-margin     z_j = (γ + ξ_j)·e₁ + o_j, ξ_j > 0;
 *   extra margin   z_j = γ·e₁ + o_j (on the margin but not needed: α_j = 0, a degenerate instance);
 * then ŵ = v/γ, α_i = c_i/(γ²C) on the margin points (0 elsewhere) satisfy the KKT conditions exactly:
 * Σα_i z_i = (Σc_i/C)e₁/γ + Σc_i o_i/(γ²C) = e₁/γ, z_nᵀŵ = 1 + ξ_n/γ ≥ 1, α_n(z_nᵀŵ − 1) = 0.
 * o_1..o_{k−1} = c_k·p_i with p_i lower-triangular with nonzero diagonal and o_k = −Σ_{i<k} c_i p_i, so the o_i are
 * affinely independent (the matrix c_k I + 𝟙cᵀ is nonsingular), hence the margin vectors are linearly independent
 * and α is the unique dual. With k = d (the default when N ≥ d) they span R^d: Theorem 4's condition
 * rank(X_S) = rank(X) holds by construction. γ ∈ {2^a 5^b} so that ŵ = v/γ and α are finite decimals.
 * Labels y_n = ±1 are drawn and x_n = y_n z_n.
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { dyadic, nonzeroDyadic } from './numbers.js';
import { buildOrthogonal, qmatvec, reflectionDraw } from './orthogonal.js';
import { type Q, ZERO, add, div, fromInt, mul, neg, parseNum, q, toNum } from '../numeric/rational.js';
import { type Dim, dimRange } from './vectors.js';
import type { SeparableDataSpec } from './data.js';

/** A dataset with its exact hard-margin SVM solution. */
export interface PlantedSvmSpec extends SeparableDataSpec {
  /** Exact max margin γ = 1/‖ŵ‖ (not just a lower bound). */
  readonly margin: Num;
  /** ŵ = w/γ, the exact hard-margin SVM solution (min ‖w‖ s.t. y_n x_nᵀw ≥ 1). */
  readonly wHat: Num[];
  /** The exact (unique) dual: ŵ = Σ α_n y_n x_n, α_n > 0 exactly on `support`. */
  readonly alpha: Num[];
  /** Indices of the support vectors (α_n > 0), increasing. */
  readonly support: number[];
  /** Indices on the margin (y_n x_nᵀŵ = 1), increasing: support plus any `extraOnMargin` points. */
  readonly marginSet: number[];
}

/** Options of `plantedSvmData`. */
export interface PlantedSvmConstraints {
  /** Feature dimension d. @defaultValue { min: 1, max: 3 } */
  readonly d?: Dim;
  /** Support vectors k (clamped to [1, d]); default d, so the support vectors span R^d (Theorem 4). */
  readonly support?: Dim;
  /** Off-margin points. @defaultValue { min: 0, max: 4 } */
  readonly offMargin?: Dim;
  /** Points on the margin with α = 0 (degenerate: Theorem 4's w̃ may not exist). @defaultValue 0 */
  readonly extraOnMargin?: Dim;
  /** Margins γ to choose from (each 2^a·5^b). @defaultValue ["1", "0.5", "0.25", "2", "0.125", "0.8", "1.25"] */
  readonly margins?: readonly Num[];
  /** @defaultValue 2 */
  readonly maxReflections?: number;
}

const DEFAULT_MARGINS: readonly Num[] = ['1', '0.5', '0.25', '2', '0.125', '0.8', '1.25'];

const is2a5b = (x: bigint): boolean => {
  if (x < 0n) x = -x;
  if (x === 0n) return false;
  while (x % 2n === 0n) x /= 2n;
  while (x % 5n === 0n) x /= 5n;
  return x === 1n;
};

/** Range of a Dim allowing 0. */
function range0(dim: Dim, name: string): [number, number] {
  return dimRange(dim, name, 0);
}

/**
 * Datasets with a planted hard-margin SVM solution (module comment): exact X, y, unit direction w, max margin γ, ŵ,
 * α, support and margin set. Shrinks toward d = 1, one support vector, no off-margin points, γ = 1, Q = I.
 */
export function plantedSvmData(c: PlantedSvmConstraints = {}): fc.Arbitrary<PlantedSvmSpec> {
  const [dmin, dmax] = dimRange(c.d ?? { min: 1, max: 3 }, 'plantedSvmData d');
  const [kmin, kmax] = c.support === undefined ? [dmax, dmax] : dimRange(c.support, 'plantedSvmData support');
  const [omin, omax] = range0(c.offMargin ?? { min: 0, max: 4 }, 'plantedSvmData offMargin');
  const [emin, emax] = range0(c.extraOnMargin ?? 0, 'plantedSvmData extraOnMargin');
  const margins = c.margins ?? DEFAULT_MARGINS;
  for (const g of margins) {
    const gq = parseNum(g, 'plantedSvmData margins');
    if (gq.n <= 0n || !is2a5b(gq.n) || !is2a5b(gq.d)) {
      throw new RangeError(
        `plantedSvmData: margin ${g} must be positive and of the form 2^a·5^b (so 1/γ is a finite decimal)`,
      );
    }
  }
  const coord = dyadic({ min: '-2', max: '2', bits: 3 });
  const far = fc.record({
    xi: dyadic({ min: '0.125', max: '2', bits: 3 }),
    o: fc.array(coord, { minLength: dmax - 1, maxLength: dmax - 1 }),
  });
  return fc
    .record({
      d: fc.integer({ min: dmin, max: dmax }),
      k: fc.integer({ min: Math.min(kmin, dmax), max: Math.min(kmax, dmax) }),
      nOff: fc.integer({ min: omin, max: omax }),
      nExtra: fc.integer({ min: emin, max: emax }),
      gamma: fc.constantFrom(...margins),
      weights: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: dmax, maxLength: dmax }),
      diag: fc.array(nonzeroDyadic({ minAbs: '0.25', maxAbs: '2', bits: 2 }), { minLength: dmax, maxLength: dmax }),
      lower: fc.array(coord, { minLength: dmax * dmax, maxLength: dmax * dmax }),
      off: fc.array(far, { minLength: omax, maxLength: omax }),
      extra: fc.array(fc.array(coord, { minLength: dmax - 1, maxLength: dmax - 1 }), {
        minLength: emax,
        maxLength: emax,
      }),
      negs: fc.array(fc.boolean(), { minLength: dmax + omax + emax, maxLength: dmax + omax + emax }),
      draws: fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 2 }),
    })
    .map((r) => {
      const d = r.d;
      const k = Math.max(1, Math.min(r.k, d));
      const gamma = parseNum(r.gamma);
      // Weights c_1..c_{k−1} drawn; c_k completes Σc to the next power of two C.
      const cs: bigint[] = r.weights.slice(0, k - 1).map(BigInt);
      const partial = cs.reduce((s, x) => s + x, 0n);
      let C = 1n;
      while (C < partial + 1n) C *= 2n;
      const ck = C - partial;
      cs.push(ck);
      // p_i ∈ R^{d−1}, lower-triangular with nonzero diagonal (i < k ≤ d, so index i−1 < d − 1).
      const p: Q[][] = [];
      for (let i = 0; i < k - 1; i++) {
        p.push(
          Array.from({ length: d - 1 }, (_, j) =>
            j < i ? parseNum(r.lower[i * dmax + j]!) : j === i ? parseNum(r.diag[i]!) : ZERO,
          ),
        );
      }
      const offsets: Q[][] = p.map((pi) => pi.map((x) => mul(fromInt(ck), x)));
      offsets.push(
        Array.from({ length: d - 1 }, (_, j) =>
          neg(p.reduce((s, pi, i) => add(s, mul(fromInt(cs[i]!), pi[j]!)), ZERO)),
        ),
      );
      const zs: Q[][] = offsets.map((o) => [gamma, ...o]);
      const alphas: Q[] = cs.map((ci) => div(q(ci), mul(mul(gamma, gamma), q(C))));
      for (const f of r.off.slice(0, r.nOff)) {
        zs.push([add(gamma, parseNum(f.xi)), ...f.o.slice(0, d - 1).map((x) => parseNum(x))]);
        alphas.push(ZERO);
      }
      for (const e of r.extra.slice(0, r.nExtra)) {
        zs.push([gamma, ...e.slice(0, d - 1).map((x) => parseNum(x))]);
        alphas.push(ZERO);
      }
      const Qm = buildOrthogonal(d, r.draws);
      const N = zs.length;
      const X = zs.map((z, n) => {
        const x = qmatvec(Qm, z);
        return x.map((v, j) => toNum(r.negs[n] ? neg(v) : v, `plantedSvmData.X[${n}][${j}]`));
      });
      const w = Qm.map((row) => row[0]!);
      return {
        X,
        y: Array.from({ length: N }, (_, n) => (r.negs[n] ? '-1' : '1')),
        w: w.map((x, j) => toNum(x, `plantedSvmData.w[${j}]`)),
        margin: toNum(gamma),
        wHat: w.map((x, j) => toNum(div(x, gamma), `plantedSvmData.wHat[${j}]`)),
        alpha: alphas.map((a, n) => toNum(a, `plantedSvmData.alpha[${n}]`)),
        support: Array.from({ length: k }, (_, i) => i),
        marginSet: [
          ...Array.from({ length: k }, (_, i) => i),
          ...Array.from({ length: r.nExtra }, (_, i) => k + r.nOff + i),
        ],
      };
    });
}
