/**
 * Statistical claims: `mean of i.i.d. samples rel rhs`, where the error bar adds a confidence radius at a stated
 * false-alarm probability δ to the rounding bars.
 *
 * The radius is the two-sided empirical Bernstein bound (Maurer & Pontil 2009, arXiv 0907.3740, Theorem 4, applied to
 * each tail at δ/2 and rescaled from [0, 1] to [a, b]): for n ≥ 2 i.i.d. samples in [a, b] with sample variance V_n
 * (the unbiased one), with probability ≥ 1 − δ
 *   |mean − E X| ≤ √(2 V_n ln(4/δ)/n) + 7(b − a) ln(4/δ)/(3(n − 1)).
 * A theorem that uses them carries `sampling: {seed, samples}` in its spec (`Sampling`), draws its samples from that
 * seed and no other, and sizes `samples` per profile; the referee reruns a certified failure with `rerunSampling`
 * (fresh derived seed, RERUN_FACTOR times the samples) and certifies it only when the rerun fails too.
 */
import { Decimal } from 'decimal.js';
import type { Ball } from '../ball/ball.js';
import { checkNum } from '../numeric/exact.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import type { Claim, Rel } from './types.js';

const J = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
type D = InstanceType<typeof J>;

/** The spec field of a theorem with statistical claims: the seed its samples come from and how many. */
export interface Sampling {
  /** Non-negative safe integer. */
  readonly seed: number;
  /** ≥ 2. */
  readonly samples: number;
}

/** The referee's rerun uses this many times the samples of the failing spec. */
export const RERUN_FACTOR = 4;

/** A seed for the rerun: a fixed odd-multiplier mix of `seed` (never `seed` itself), so reruns replay identically. */
export function rerunSeed(seed: number): number {
  const s = Number((BigInt(seed) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n) % 2n ** 48n);
  return s === seed ? s + 1 : s;
}

/** `spec` with `sampling` replaced for the independent rerun, or null when `spec` has no valid `sampling` field. */
export function rerunSampling(spec: unknown): { spec: unknown; sampling: Sampling } | null {
  if (typeof spec !== 'object' || spec === null || !('sampling' in spec)) return null;
  const s = spec.sampling;
  if (typeof s !== 'object' || s === null) return null;
  const { seed, samples } = s as { seed?: unknown; samples?: unknown };
  if (!Number.isSafeInteger(seed) || (seed as number) < 0 || !Number.isSafeInteger(samples)) return null;
  const sampling = { seed: rerunSeed(seed as number), samples: (samples as number) * RERUN_FACTOR };
  return { spec: { ...spec, sampling }, sampling };
}

/**
 * The empirical Bernstein radius for `n` samples with sample variance `v` in a range of width `w` at δ (module
 * comment), rounded up.
 */
export function bernsteinRadius(n: number, v: Num, w: Num, delta: Num): Num {
  const l = new J(4).div(delta).ln();
  const r = new J(2)
    .times(v)
    .times(l)
    .div(n)
    .sqrt()
    .plus(
      new J(7)
        .times(w)
        .times(l)
        .div(3 * (n - 1)),
    );
  return r.toSignificantDigits(8, J.ROUND_UP).toString();
}

/**
 * The claim `mean(samples) rel rhs` with bar = Bernstein radius at δ + the samples' mean rounding bar + rhs.err + the
 * representation error of the strings. Each sample is a ball from backend B whose true value must lie in
 * `range` = [a, b] (an a-priori bound stated by the theorem: a sample outside it throws, since the radius would not
 * hold). `delta` ∈ (0, 1) is the false-alarm probability of this one claim.
 */
export function meanClaim<R extends Repr>(
  B: Backend<R>,
  samples: readonly Ball<R>[],
  range: readonly [Num, Num],
  rel: Rel,
  rhs: Ball<R>,
  delta: Num,
  label: string,
): Claim {
  const n = samples.length;
  if (n < 2) throw new RangeError(`statistical claim ${label}: needs at least 2 samples, got ${n}`);
  const dl = new J(checkNum(delta, `statistical claim ${label}: delta`));
  if (!(dl.gt(0) && dl.lt(1))) throw new RangeError(`statistical claim ${label}: delta ${delta} must be in (0, 1)`);
  const a = new J(checkNum(range[0], `statistical claim ${label}: range[0]`));
  const b = new J(checkNum(range[1], `statistical claim ${label}: range[1]`));
  if (!b.gt(a)) throw new RangeError(`statistical claim ${label}: range [${range[0]}, ${range[1]}] is empty`);
  const u = new J(B.show(B.eps)).times(2);
  // the strings are within u|x| of the backend's values: allow that much outside [a, b] and widen the range by it
  const rep = u.times(J.max(a.abs(), b.abs()));
  const xs: D[] = [];
  let sum = new J(0);
  let errSum = new J(0);
  let errMax = new J(0);
  samples.forEach((s, i) => {
    const x = new J(B.show(s.value));
    const ball = new J(B.show(s.err));
    // the ball's radius, plus the representation error of B.show (≤ u|x|, doubled as in claims.ts)
    const e = ball.plus(u.times(x.abs()));
    if (!x.isFinite() || !e.isFinite() || x.minus(ball).lt(a.minus(rep)) || x.plus(ball).gt(b.plus(rep))) {
      throw new RangeError(
        `statistical claim ${label}: sample ${i} = ${x.toSignificantDigits(6).toString()} ± ${ball.toSignificantDigits(2).toString()} is not inside the stated range [${range[0]}, ${range[1]}]: widen the range or bound the statistic`,
      );
    }
    xs.push(x);
    sum = sum.plus(x);
    errSum = errSum.plus(e);
    if (e.gt(errMax)) errMax = e;
  });
  const mean = sum.div(n);
  const v = xs.reduce((acc, x) => acc.plus(x.minus(mean).pow(2)), new J(0)).div(n - 1);
  const radius = new J(bernsteinRadius(n, v.toString(), b.minus(a).plus(rep.times(2)).toString(), delta));
  // V_n of the computed values differs from the true ones': √V moves by ≤ 2·max e, times √(2 ln(4/δ)/n)
  const varErr = errMax.times(2).times(new J(2).times(new J(4).div(dl).ln()).div(n).sqrt());
  const r = new J(B.show(rhs.value));
  const rErr = new J(B.show(rhs.err)).plus(u.times(r.abs()));
  const lhs = mean.toSignificantDigits(30);
  const err = radius
    .plus(varErr)
    .plus(errSum.div(n))
    .plus(rErr)
    .plus(lhs.minus(mean).abs())
    .times(1.000001)
    .toSignificantDigits(8, J.ROUND_UP);
  return {
    label,
    lhs: lhs.toString(),
    rel,
    rhs: r.toString(),
    err: err.toString(),
    statistical: { delta: dl.toString(), samples: n },
  };
}

/**
 * A run's false-alarm tally: how many statistical claims were evaluated, Σδ over them (the chance that some claim
 * raises a false alarm at first sight, by the union bound), and `certified`, the bound on a CERTIFIED false alarm.
 * The referee certifies a statistical failure only when a rerun with fresh seeds (independent of the first evaluation)
 * violates one of the very claims that failed at first (same labels, same δs): claim i does both with probability
 * ≤ δ_i², so a certified false alarm has probability ≤ Σδ_i², summed over every evaluated claim.
 * `certified` is absent in results written before it was recorded.
 */
export interface FalseAlarm {
  readonly claims: number;
  readonly delta: Num;
  readonly certified?: Num;
}

/** The tally of one evaluated sample's claims. */
export function falseAlarm(claims: readonly Claim[]): FalseAlarm & { readonly certified: Num } {
  let d = new J(0);
  let d2 = new J(0);
  let k = 0;
  for (const c of claims) {
    if (c.statistical === undefined) continue;
    d = d.plus(c.statistical.delta);
    d2 = d2.plus(new J(c.statistical.delta).pow(2));
    k++;
  }
  return { claims: k, delta: d.toString(), certified: d2.toString() };
}

/** Add two false-alarm tallies (`certified` only when both have it). */
export function addFalseAlarm(x: FalseAlarm, y: FalseAlarm): FalseAlarm {
  const sum = { claims: x.claims + y.claims, delta: new J(x.delta).plus(y.delta).toString() };
  return x.certified === undefined || y.certified === undefined
    ? sum
    : { ...sum, certified: new J(x.certified).plus(y.certified).toString() };
}
