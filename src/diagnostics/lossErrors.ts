/**
 * Per-sample rounding models of the losses (square, logistic, exponential): how far the computed ℓ, ℓ', ℓ'' at a
 * computed prediction f̂ can be from the exact ones at f̂, and sup |ℓ^{(k)}| over [f̂ − δ, f̂ + δ] (to propagate the
 * prediction's own error δ by the mean value theorem).
 *
 * Kernel accuracies are the ones the backend law suite certifies (numeric/laws.ts §5): softplus and sigmoid within
 * u(2|x|·slope + 10·value), exp within u(|x| + 4)·value, each basic operation within u. m̂ = fl(y·f̂) adds u|m̂| to
 * the argument, i.e. u|m̂|·|derivative| to the result. The constants below are those counts rounded up (stated per
 * loss); all three losses are convex in f, so sup |ℓ'| on an interval is at an endpoint; ℓ'' of the exponential
 * loss is monotone (endpoint), of the logistic loss unimodal with max y²/4 at f = 0.
 */
import type { Loss } from '../losses/types.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { ku } from './rounding.js';

/** Per-sample bounds (all nonnegative vectors of length n). */
export interface LossBounds<R extends Repr> {
  readonly value: V<R>; // computed ℓ(f̂)
  readonly d1: V<R>; // computed ℓ'(f̂)
  readonly d2: V<R>; // computed ℓ''(f̂)
  /** |fl ℓ(f̂) − ℓ(f̂)| + sup|ℓ'|·δ ≥ |fl ℓ(f̂) − ℓ(f)| */
  readonly valueErr: V<R>;
  /** ≥ |fl ℓ'(f̂) − ℓ'(f)| */
  readonly d1Err: V<R>;
  /** ≥ |fl ℓ''(f̂) − ℓ''(f)| */
  readonly d2Err: V<R>;
}

const KNOWN = ['square', 'logistic', 'exponential'] as const;

/** True when the loss has a rounding model here. */
export function hasLossBounds<R extends Repr>(loss: Loss<R>): boolean {
  return (KNOWN as readonly string[]).includes(loss.kind);
}

/**
 * Bounds for every sample, given the computed predictions f̂ and a bound δ ≥ |f̂ − f| (componentwise).
 * Throws naming the loss when it has no rounding model.
 */
export function lossBounds<R extends Repr>(
  B: Backend<R>,
  loss: Loss<R>,
  fhat: V<R>,
  delta: V<R>,
  y: V<R>,
): LossBounds<R> {
  if (!hasLossBounds(loss)) {
    throw new Error(
      `diagnostics: no rounding model for loss "${loss.kind}" (known: ${KNOWN.join(', ')}); add one in diagnostics/lossErrors.ts`,
    );
  }
  const value = loss.value(fhat, y);
  const d1 = loss.d1(fhat, y);
  const d2 = loss.d2(fhat, y);
  const n = B.dim(fhat);
  const fs = B.unpack(fhat);
  const ds = B.unpack(delta);
  const ys = B.unpack(y);
  const ls = B.unpack(value);
  const l1 = B.unpack(d1);
  const l2 = B.unpack(d2);
  // Endpoints f̂ ± δ', δ' = δ(1 + 2u) + 2u|f̂| (covers the rounding of forming the endpoints).
  const dp = ds.map((d, i) => B.add(B.mul(d, B.add(B.one, ku(B, 2))), B.mul(ku(B, 2), B.abs(fs[i]!))));
  const lo = B.pack(fs.map((f, i) => B.sub(f, dp[i]!)));
  const hi = B.pack(fs.map((f, i) => B.add(f, dp[i]!)));
  const ve: S<R>[] = [];
  const e1: S<R>[] = [];
  const e2: S<R>[] = [];
  if (loss.kind === 'square') {
    // ℓ = ½(f−y)²: γ_4 relative (sub, square, ×½, 1 slack) → 5u; ℓ' = f − y: u; ℓ'' = 1 exact; sup|ℓ'| ≤ |f̂−y| + δ'.
    for (let i = 0; i < n; i++) {
      const sup1 = B.mul(B.add(B.abs(l1[i]!), dp[i]!), B.add(B.one, ku(B, 4)));
      ve.push(B.add(B.mul(ku(B, 5), B.abs(ls[i]!)), B.mul(sup1, ds[i]!)));
      e1.push(B.add(B.mul(ku(B, 2), B.abs(l1[i]!)), dp[i]!)); // ℓ'' = 1: |ℓ'(f̂) − ℓ'(f)| ≤ δ
      e2.push(B.zero);
    }
    return { value, d1, d2, valueErr: B.pack(ve), d1Err: B.pack(e1), d2Err: B.pack(e2) };
  }
  // Margin losses: sup over the interval from the endpoint values, inflated by their own rounding
  // (≤ u(12|m| + 40) relative, the largest of the per-quantity counts below).
  const d1lo = B.unpack(loss.d1(lo, y));
  const d1hi = B.unpack(loss.d1(hi, y));
  const d2lo = B.unpack(loss.d2(lo, y));
  const d2hi = B.unpack(loss.d2(hi, y));
  const sig = loss.kind === 'logistic' ? B.unpack(B.map('sigmoid', B.map('neg', B.vmul(y, fhat)))) : null;
  for (let i = 0; i < n; i++) {
    const yi = B.abs(ys[i]!);
    const m = B.abs(B.mul(ys[i]!, fs[i]!));
    const mEnd = B.mul(yi, B.add(B.abs(fs[i]!), dp[i]!));
    const infl = B.add(B.one, B.mul(B.eps, B.add(B.mul(B.int(12), mEnd), B.int(40))));
    const sup1 = B.mul(B.max(B.abs(d1lo[i]!), B.abs(d1hi[i]!)), infl);
    let sup2 = B.mul(B.max(B.abs(d2lo[i]!), B.abs(d2hi[i]!)), infl);
    const rel = (k: number, km: number): S<R> => B.mul(B.eps, B.add(B.mul(B.int(km), m), B.int(k)));
    let own: S<R>;
    if (loss.kind === 'logistic') {
      // ℓ'' = y²σ(m)σ(−m) peaks at y²/4 when the interval contains f = 0.
      if (B.cmp(B.abs(fs[i]!), dp[i]!) <= 0) sup2 = B.max(sup2, B.mul(B.mul(yi, yi), B.num('0.25')));
      // softplus: u(2|m|σ + 10ℓ) + argument u|m|σ → u(6|m|σ̂ + 16ℓ̂) with σ̂ = σ(−m̂).
      own = B.mul(B.eps, B.add(B.mul(B.mul(B.int(6), m), sig![i]!), B.mul(B.int(16), B.abs(ls[i]!))));
      e1.push(B.add(B.mul(rel(20, 6), B.abs(l1[i]!)), B.mul(sup2, ds[i]!)));
      e2.push(B.add(B.mul(rel(40, 12), B.abs(l2[i]!)), B.mul(B.mul(yi, sup2), ds[i]!))); // |ℓ'''| ≤ |y|ℓ''
    } else {
      // exponential: exp within u(|x| + 4) + argument u|m| → u(2|m| + 8) relative; ℓ', ℓ'' add one/two products.
      own = B.mul(rel(8, 2), B.abs(ls[i]!));
      e1.push(B.add(B.mul(rel(12, 2), B.abs(l1[i]!)), B.mul(sup2, ds[i]!)));
      e2.push(B.add(B.mul(rel(16, 2), B.abs(l2[i]!)), B.mul(B.mul(yi, sup2), ds[i]!))); // |ℓ'''| = |y|ℓ''
    }
    ve.push(B.add(own, B.mul(sup1, ds[i]!)));
  }
  return { value, d1, d2, valueErr: B.pack(ve), d1Err: B.pack(e1), d2Err: B.pack(e2) };
}
