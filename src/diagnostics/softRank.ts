/**
 * Soft ranks of a matrix H ≠ 0 (m × n) with rigorous bars (docs/theorems/taylor.md T4). With singular values s_i and
 * p_i = s_i²/Σ_j s_j² (a probability vector), each is the exponential of a Rényi entropy of p:
 * - stable rank sr = ‖H‖_F²/‖H‖₂² = exp H_∞(p) (linalg `stableRank`);
 * - participation ratio srank = ‖H‖_F⁴/‖HᵀH‖_F² = (Σ s_i²)²/Σ s_i⁴ = exp H_2(p), from the Gram matrix (no SVD);
 * - entropy rank exp H_1(p) = exp(−Σ p_i log p_i), from the SVD's balls;
 * - nuclear ratio ‖H‖_*²/‖H‖_F² = (Σ s_i)²/Σ s_i² = exp H_{1/2}(p), from the SVD's balls.
 * All lie in [1, rank H] ⊆ [1, min(m, n)] (T4), so each interval is intersected with [1, min(m, n)] (the midpoint
 * kept, the radius the larger distance to the ends, as `stableRank` does).
 *
 * Entropy bar: each p_i is known in an interval [a, b] ⊆ [0, 1]; φ(p) = −p log p is concave with φ(0) = φ(1) = 0 and
 * its maximum 1/e at p = 1/e, so φ([a, b]) ⊆ [min(φ(a), φ(b)), φ(1/e) if a ≤ 1/e ≤ b else max(φ(a), φ(b))], with φ at
 * the ends evaluated in ball arithmetic. The intervals of the terms add (correlations ignored: rigorous, not tight).
 */
import { ballArith, type Ball } from '../ball/index.js';
import { ballAlgebra } from '../jet/algebra.js';
import { stableRank, svd } from '../linalg/svd.js';
import type { Backend, M, Measured, Repr, S } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { matrixBlocks } from './rounding.js';
import type { DiagnosticContext } from './types.js';

/** The four soft ranks of one matrix, each value ± err. */
export type SoftRanks<R extends Repr> = {
  readonly stable: Measured<R>;
  readonly participation: Measured<R>;
  readonly entropy: Measured<R>;
  readonly nuclear: Measured<R>;
};

/** [lo, hi] as a ball (midpoint rounded; radius an upper bound of both distances). */
function hull<R extends Repr>(B: Backend<R>, lo: S<R>, hi: S<R>): Ball<R> {
  const K = ballArith(B);
  const m = B.mul(B.num('0.5'), B.add(lo, hi));
  const e = B.max(K.upper(K.sub(K.exact(hi), K.exact(m))), K.upper(K.sub(K.exact(m), K.exact(lo))));
  return K.of(m, B.max(e, B.zero));
}

/** A ball intersected with [1, cap]: same midpoint when inside, radius the larger distance to the clipped ends. */
function clip<R extends Repr>(B: Backend<R>, x: Ball<R>, cap: number): Measured<R> {
  const K = ballArith(B);
  const lo = B.max(B.one, K.lower(x));
  const hi = B.min(B.int(cap), K.upper(x));
  const value = B.min(B.max(x.value, lo), hi);
  // each distance as the upper end of an exact-input ball difference (rounded up)
  const up = (a: S<R>, b: S<R>) => K.upper(K.sub(K.exact(a), K.exact(b)));
  return { value, err: B.max(B.max(up(value, lo), up(hi, value)), B.zero) };
}

/** The four soft ranks of H with bars (module comment). Throws for H = 0 within its bars (undefined). */
export function softRanks<R extends Repr>(B: Backend<R>, H: M<R>): SoftRanks<R> {
  const K = ballArith(B);
  const cap = Math.min(B.rows(H), B.cols(H));
  const Hb = K.mexact(H);
  const F2 = K.sqr(K.frobenius(Hb));
  if (K.containsZero(F2)) throw new RangeError('softRanks: H is zero within its bar; soft ranks are undefined');
  // participation ratio from the Gram matrix HᵀH (ball gemm: rigorous radii)
  const A = ballAlgebra(B);
  const G = A.gemm(A.exact(H), A.exact(H), true, false);
  const G2 = K.sqr(K.frobenius(G));
  const participation = clip(B, K.div(K.sqr(F2), G2), cap);
  const stable = stableRank(B, H);
  const s = svd(B, H);
  const sv = s.values.map((v, i) => K.of(B.abs(v), s.errors[i]!));
  // nuclear ratio (Σ s_i)²/‖H‖_F²
  const nuclear = clip(B, K.div(K.sqr(K.sum(sv)), F2), cap);
  // entropy rank: Σ φ(p_i) over intervals of p_i = s_i²/‖H‖_F²
  const invE = K.exp(K.int(-1));
  const phiAt = (p: S<R>): Ball<R> => (B.cmp(p, B.zero) <= 0 ? K.int(0) : K.neg(K.mul(K.exact(p), K.log(K.exact(p)))));
  const terms = sv.map((si) => {
    const p = K.div(K.sqr(si), F2);
    const a = B.max(B.zero, K.lower(p));
    const b = B.min(B.one, K.upper(p));
    const fa = phiAt(a);
    const fb = phiAt(b);
    const lo = B.min(K.lower(fa), K.lower(fb));
    const peakInside = B.cmp(a, K.upper(invE)) <= 0 && B.cmp(b, K.lower(invE)) >= 0;
    const hi = peakInside ? K.upper(invE) : B.max(K.upper(fa), K.upper(fb));
    return hull(B, B.max(lo, B.zero), hi);
  });
  const entropy = clip(B, K.exp(K.sum(terms)), cap);
  return { stable, participation, entropy, nuclear };
}

/** True when F's model has a nonzero-size matrix block (soft ranks per block). */
export function hasSoftRankBlocks<R extends Repr>(F: DiagnosticContext<R>['F']): boolean {
  return isDataObjective(F) && F.model.layout.some((b) => b.shape.length === 2);
}

/** softRank: { [block]: { stable, participation, entropy, nuclear } } for every matrix block of θ. */
export function softRankDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): Record<string, SoftRanks<R>> {
  const F = ctx.F;
  if (!isDataObjective(F)) throw new Error('softRank: needs an empirical risk with matrix blocks');
  const out: Record<string, SoftRanks<R>> = {};
  for (const { name, W } of matrixBlocks(F.B, F.model, ctx.theta)) out[name] = softRanks(F.B, W);
  if (Object.keys(out).length === 0) throw new Error(`softRank: model ${F.model.kind} has no matrix block`);
  return out;
}
