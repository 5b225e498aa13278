/**
 * Initialisations with prescribed structure, exact by construction:
 * - depth-2 linear net f(x) = (aᵀb)·x (docs/theorems/eos.md E1): ‖a+b‖ and ‖a−b‖ prescribed, so the imbalance
 *   Q = ‖a+b‖·‖a−b‖, the norm λ = ‖a‖²+‖b‖² and m = aᵀb are exact decimals;
 * - scalar network π(w) = Π w_i (docs/theorems/eos.md E10): all w_i ≠ 0 and sign(π(w)) = sign(y);
 * - deep linear nets: free layers of given widths, and exactly balanced layers (W_{l+1}ᵀW_{l+1} = W_l W_lᵀ).
 */
import fc from 'fast-check';
import type { Num } from '../numeric/types.js';
import { dyadic, nonzeroDyadic } from './numbers.js';
import { buildOrthogonal, reflectionDraw } from './orthogonal.js';
import { type Q, add, dot, mul, parseNum, q, qmatToNum, qtranspose, sub, toNum, qmatmul } from '../numeric/rational.js';
import { type Dim, dimRange } from './vectors.js';

const HALF: Q = q(1n, 2n);
const QUARTER: Q = q(1n, 4n);

/** Depth-2 linear net init a, b ∈ R^k with its exact invariants. */
export interface Linear2InitSpec {
  readonly a: Num[];
  readonly b: Num[];
  /** ‖a + b‖ (= p^{1/2}) */
  readonly sumNorm: Num;
  /** ‖a − b‖ (= q^{1/2}) */
  readonly diffNorm: Num;
  /** Q = ‖a+b‖·‖a−b‖, the imbalance of docs/theorems/eos.md E2 (0 iff a = ±b). */
  readonly Q: Num;
  /** λ = ‖a‖² + ‖b‖² = (‖a+b‖² + ‖a−b‖²)/2. */
  readonly lambda: Num;
  /** m = aᵀb = (‖a+b‖² − ‖a−b‖²)/4. */
  readonly m: Num;
  /** ‖a‖² − ‖b‖² = (a+b)ᵀ(a−b). */
  readonly normGap: Num;
}

/** Options of `linear2Init`. */
export interface Linear2InitConstraints {
  /** Hidden width k. @defaultValue { min: 1, max: 4 } */
  readonly k?: Dim;
  /** ‖a + b‖ ≥ 0. @defaultValue dyadic({ min: '0', max: '2', bits: 6 }) */
  readonly sumNorm?: fc.Arbitrary<Num>;
  /** ‖a − b‖ ≥ 0. @defaultValue dyadic({ min: '0', max: '2', bits: 6 }) */
  readonly diffNorm?: fc.Arbitrary<Num>;
  /** Reflections per direction. @defaultValue 2 */
  readonly maxReflections?: number;
}

/**
 * a = (s·u + t·w)/2, b = (s·u − t·w)/2 with exact unit vectors u, w and s = ‖a+b‖, t = ‖a−b‖ drawn from the
 * constraints, so Q = s·t, λ = (s²+t²)/2 and m = (s²−t²)/4 hold exactly. Scale (λ) and imbalance (Q) are set
 * through (s, t): e.g. t = 0 gives a balanced init. Shrinks toward k = 1, u = w = e₁ and simple s, t.
 */
export function linear2Init(c: Linear2InitConstraints = {}): fc.Arbitrary<Linear2InitSpec> {
  const [kmin, kmax] = dimRange(c.k ?? { min: 1, max: 4 }, 'linear2Init k');
  const refl = fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 2 });
  const norm = dyadic({ min: '0', max: '2', bits: 6 });
  return fc
    .tuple(fc.integer({ min: kmin, max: kmax }), c.sumNorm ?? norm, c.diffNorm ?? norm, refl, refl)
    .map(([k, sNum, tNum, du, dw]) => {
      const s = parseNum(sNum, 'linear2Init sumNorm');
      const t = parseNum(tNum, 'linear2Init diffNorm');
      if (s.n < 0n || t.n < 0n)
        throw new RangeError(`linear2Init: sumNorm/diffNorm arbitraries must be ≥ 0, got ${sNum}, ${tNum}`);
      const u = buildOrthogonal(k, du).map((r) => r[0]!);
      const w = buildOrthogonal(k, dw).map((r) => r[0]!);
      const a = u.map((ui, i) => mul(HALF, add(mul(s, ui), mul(t, w[i]!))));
      const b = u.map((ui, i) => mul(HALF, sub(mul(s, ui), mul(t, w[i]!))));
      const s2 = mul(s, s);
      const t2 = mul(t, t);
      return {
        a: a.map((x, i) => toNum(x, `linear2Init.a[${i}]`)),
        b: b.map((x, i) => toNum(x, `linear2Init.b[${i}]`)),
        sumNorm: toNum(s),
        diffNorm: toNum(t),
        Q: toNum(mul(s, t)),
        lambda: toNum(mul(HALF, add(s2, t2))),
        m: toNum(mul(QUARTER, sub(s2, t2))),
        normGap: toNum(mul(mul(s, t), dot(u, w))),
      };
    });
}

/** A balanced depth-2 init: a = b (Q = 0), ‖a + b‖ = 2‖a‖ drawn from `sumNorm`. */
export function balancedInit(c: Omit<Linear2InitConstraints, 'diffNorm'> = {}): fc.Arbitrary<Linear2InitSpec> {
  return linear2Init({ ...c, diffNorm: fc.constant('0') });
}

/** Scalar-network init w ∈ R^D (all w_i ≠ 0) with its target y ≠ 0 and sign(Π w_i) = sign(y). */
export interface ScalarNetInitSpec {
  readonly w: Num[];
  readonly y: Num;
}

/** Options of `scalarNetInit`. */
export interface ScalarNetInitConstraints {
  /** Depth D. @defaultValue { min: 2, max: 5 } */
  readonly D?: Dim;
  /** Target y ≠ 0. @defaultValue nonzeroDyadic({ minAbs: '0.25', maxAbs: '2', bits: 4 }) */
  readonly y?: fc.Arbitrary<Num>;
  /** Magnitudes |w_i|, > 0. @defaultValue dyadic({ min: '0.125', max: '2', bits: 6 }) */
  readonly magnitude?: fc.Arbitrary<Num>;
}

/**
 * w_i = ±|w_i| with the last sign chosen so that sign(Π w_i) = sign(y) (the GFS closed form of docs/theorems/eos.md E11
 * needs it). Shrinks toward D = min, all-positive signs (when y > 0) and simple magnitudes.
 */
export function scalarNetInit(c: ScalarNetInitConstraints = {}): fc.Arbitrary<ScalarNetInitSpec> {
  const [dmin, dmax] = dimRange(c.D ?? { min: 2, max: 5 }, 'scalarNetInit D');
  const mag = c.magnitude ?? dyadic({ min: '0.125', max: '2', bits: 6 });
  return fc
    .tuple(
      fc.integer({ min: dmin, max: dmax }),
      c.y ?? nonzeroDyadic({ minAbs: '0.25', maxAbs: '2', bits: 4 }),
      fc.array(mag, { minLength: dmax, maxLength: dmax }),
      fc.array(fc.boolean(), { minLength: dmax, maxLength: dmax }),
    )
    .map(([D, y, mags, negs]) => {
      const yq = parseNum(y, 'scalarNetInit y');
      if (yq.n === 0n) throw new RangeError('scalarNetInit: the y arbitrary produced 0; use nonzeroDyadic');
      const signs = negs.slice(0, D);
      const parity = signs.slice(0, D - 1).filter(Boolean).length % 2 === 1; // product of the first D−1 is negative
      signs[D - 1] = parity !== yq.n < 0n; // flip the last one to match sign(y)
      const w = mags.slice(0, D).map((m, i) => {
        const mq = parseNum(m, `scalarNetInit magnitude[${i}]`);
        if (mq.n <= 0n) throw new RangeError(`scalarNetInit: magnitudes must be > 0, got ${m}`);
        return toNum(signs[i] ? { n: -mq.n, d: mq.d } : mq);
      });
      return { w, y: toNum(yq) };
    });
}

/** Deep linear net layers: layers[l] is widths[l+1] × widths[l] (row-major), f(x) = W_N ⋯ W_1 x. */
export interface DeepLinearInitSpec {
  readonly widths: number[];
  readonly layers: Num[][][];
}

/** Options of `deepLinearInit`. */
export interface DeepLinearInitConstraints {
  /** Fixed widths d_0, …, d_N (overrides depth/width). */
  readonly widths?: readonly number[];
  /** Number of layers N. @defaultValue { min: 1, max: 3 } */
  readonly depth?: Dim;
  /** Each width d_l. @defaultValue { min: 1, max: 3 } */
  readonly width?: Dim;
  /** Entry arbitrary (sets the scale). @defaultValue dyadic({ min: '-1', max: '1', bits: 6 }) */
  readonly entry?: fc.Arbitrary<Num>;
}

/** Free deep-linear layers with given or drawn widths; shrinks toward depth/width minima and simple entries. */
export function deepLinearInit(c: DeepLinearInitConstraints = {}): fc.Arbitrary<DeepLinearInitSpec> {
  const entry = c.entry ?? dyadic({ min: '-1', max: '1', bits: 6 });
  const fixed = c.widths;
  if (fixed) {
    if (fixed.length < 2 || fixed.some((w) => !Number.isInteger(w) || w < 1 || w > 64)) {
      throw new RangeError(`deepLinearInit: widths must list ≥ 2 integers in [1, 64], got ${JSON.stringify(fixed)}`);
    }
  }
  const [nmin, nmax] = fixed
    ? [fixed.length - 1, fixed.length - 1]
    : dimRange(c.depth ?? { min: 1, max: 3 }, 'deepLinearInit depth');
  const [wmin, wmax] = fixed
    ? [1, Math.max(...fixed)]
    : dimRange(c.width ?? { min: 1, max: 3 }, 'deepLinearInit width');
  const widthArb = fixed
    ? fc.constant([...fixed])
    : fc.array(fc.integer({ min: wmin, max: wmax }), { minLength: nmax + 1, maxLength: nmax + 1 });
  const block = fc.array(fc.array(entry, { minLength: wmax, maxLength: wmax }), { minLength: wmax, maxLength: wmax });
  return fc
    .tuple(fc.integer({ min: nmin, max: nmax }), widthArb, fc.array(block, { minLength: nmax, maxLength: nmax }))
    .map(([N, ws, blocks]) => {
      const widths = ws.slice(0, N + 1);
      const layers = blocks
        .slice(0, N)
        .map((blk, l) => blk.slice(0, widths[l + 1]).map((row) => row.slice(0, widths[l])));
      return { widths, layers };
    });
}

/** Exactly balanced deep-linear layers W_l = U_{l+1} Σ U_lᵀ (square, width d) with their common singular values. */
export interface BalancedDeepLinearSpec extends DeepLinearInitSpec {
  /** Σ's diagonal (the singular values of every layer, in U's column order). */
  readonly singularValues: Num[];
}

/** Options of `balancedDeepLinearInit`. */
export interface BalancedDeepLinearConstraints {
  /** @defaultValue { min: 1, max: 3 } */
  readonly depth?: Dim;
  /** Square width d. @defaultValue { min: 1, max: 3 } */
  readonly width?: Dim;
  /** Singular value arbitrary, ≥ 0. @defaultValue dyadic({ min: '0', max: '2', bits: 4 }) */
  readonly singularValue?: fc.Arbitrary<Num>;
  /** Reflections per orthogonal factor. @defaultValue 2 */
  readonly maxReflections?: number;
}

/**
 * Balanced init (Arora et al. 2018, Def. 1 with δ = 0): W_l = U_{l+1} Σ U_lᵀ with exact orthogonal U_l, so
 * W_{l+1}ᵀW_{l+1} = U_{l+1} Σ² U_{l+1}ᵀ = W_l W_lᵀ exactly. Shrinks toward U_l = I (diagonal layers).
 */
export function balancedDeepLinearInit(c: BalancedDeepLinearConstraints = {}): fc.Arbitrary<BalancedDeepLinearSpec> {
  const [nmin, nmax] = dimRange(c.depth ?? { min: 1, max: 3 }, 'balancedDeepLinearInit depth');
  const [dmin, dmax] = dimRange(c.width ?? { min: 1, max: 3 }, 'balancedDeepLinearInit width');
  const refl = fc.array(reflectionDraw(), { maxLength: c.maxReflections ?? 2 });
  return fc
    .tuple(
      fc.integer({ min: nmin, max: nmax }),
      fc.integer({ min: dmin, max: dmax }),
      fc.array(c.singularValue ?? dyadic({ min: '0', max: '2', bits: 4 }), { minLength: dmax, maxLength: dmax }),
      fc.array(refl, { minLength: nmax + 1, maxLength: nmax + 1 }),
    )
    .map(([N, d, svs, draws]) => {
      const sigma = svs.slice(0, d).map((x, i) => {
        const v = parseNum(x, `balancedDeepLinearInit singularValue[${i}]`);
        if (v.n < 0n) throw new RangeError(`balancedDeepLinearInit: singular values must be ≥ 0, got ${x}`);
        return v;
      });
      const U = draws.slice(0, N + 1).map((dr) => buildOrthogonal(d, dr));
      const layers = Array.from({ length: N }, (_, l) => {
        const US = U[l + 1]!.map((row) => row.map((x, k) => mul(x, sigma[k]!)));
        return qmatToNum(qmatmul(US, qtranspose(U[l]!)), `balancedDeepLinearInit.layers[${l}]`);
      });
      return { widths: new Array<number>(N + 1).fill(d), layers, singularValues: sigma.map((s) => toNum(s)) };
    });
}
