/**
 * Claims: `lhs rel rhs` with an absolute error bar on lhs − rhs, built from backend scalars, stored as exact strings,
 * and judged exactly in decimal arithmetic.
 *
 * Semantics (d = lhs − rhs as computed, e = err; the true difference lies in [d − e, d + e]):
 * - `<=`: violated ⇔ d − e > 0 (the true value exceeds the bound for certain); holds ⇔ d + e < 0; otherwise within.
 * - `>=`: the same with d = rhs − lhs.
 * - `==`: violated ⇔ |d| > e; otherwise within (an equality can only ever be consistent, never certain).
 * So with an honest error bar a violated claim is a real violation, and "holds"/"within" never hides a violation
 * larger than the bar. Non-finite values are `invalid`: neither holds nor violated.
 */
import { Decimal } from 'decimal.js';
import { isBall, type Ball } from '../ball/ball.js';
import { checkNum } from '../numeric/exact.js';
import type { Backend, Num, Repr, S } from '../numeric/types.js';
import { meanClaim } from './statistical.js';
import type { Claim, Evidence, Rel } from './types.js';

/** Judge context: exact for the digit spans that occur here (backend strings have ≤ a few hundred digits). */
const J = Decimal.clone({ precision: 1000, rounding: Decimal.ROUND_HALF_EVEN });
type D = InstanceType<typeof J>;

/** Sides at least this many times apart count as vacuous (the bound says nothing about the instance). */
export const VACUOUS_RATIO = 1e12;

export type ClaimStatus = 'holds' | 'within' | 'violated' | 'invalid';

/** The exact judgement of one claim. */
export interface Judgement {
  readonly label: string;
  readonly status: ClaimStatus;
  /** lhs − rhs, exactly. */
  readonly diff: Num;
  /**
   * Relative slack, positive when the claim holds: (rhs − lhs)/max(|lhs|,|rhs|) for <=, mirrored for >=, −|d|/scale
   * for ==.
   */
  readonly slack: number;
  /** Both sides within the error bar of 0, or one side more than VACUOUS_RATIO times the other's distance. */
  readonly vacuous: boolean;
  /**
   * Tightness of a bound: lhs/rhs for <= (when rhs > 0), rhs/lhs for >= (when lhs > 0), so 1 = attained and > 1 =
   * exceeded; NaN for == and when the larger side is not positive.
   */
  readonly ratio: number;
}

function dec(x: Num, where: string): D {
  return new J(checkNum(x, where));
}

/** Judge one claim exactly (no rounding in the comparison itself). */
export function judge(c: Claim): Judgement {
  const lhs = dec(c.lhs, `claim ${c.label}: lhs`);
  const rhs = dec(c.rhs, `claim ${c.label}: rhs`);
  const err = dec(c.err, `claim ${c.label}: err`);
  const d = lhs.minus(rhs);
  if (!lhs.isFinite() || !rhs.isFinite() || !err.isFinite() || err.isNegative()) {
    return { label: c.label, status: 'invalid', diff: d.toString(), slack: Number.NaN, vacuous: false, ratio: NaN };
  }
  const scale = J.max(lhs.abs(), rhs.abs());
  // signed distance on the "holds" side: > 0 means the claim holds at the computed values
  const gap = c.rel === '<=' ? d.neg() : c.rel === '>=' ? d : d.abs().neg();
  let status: ClaimStatus;
  if (c.rel === '==') status = d.abs().gt(err) ? 'violated' : 'within';
  else status = gap.neg().gt(err) ? 'violated' : gap.gt(err) ? 'holds' : 'within';
  const slack = scale.isZero() ? 0 : gap.div(scale).toNumber();
  const tighter = c.rel === '<=' ? lhs.abs() : rhs.abs();
  const vacuous = scale.lte(err) || (c.rel !== '==' && status === 'holds' && gap.gt(tighter.times(VACUOUS_RATIO)));
  const [small, large] = c.rel === '<=' ? [lhs, rhs] : [rhs, lhs];
  const r = c.rel !== '==' && large.isPositive() && !large.isZero() ? small.div(large).toNumber() : NaN;
  const ratio = Number.isFinite(r) ? r : NaN;
  return { label: c.label, status, diff: d.toString(), slack, vacuous, ratio };
}

/** What one sample's evidence amounts to. */
export type SampleStatus = 'ok' | 'violated' | 'invalid' | 'inconclusive' | 'hypothesis_violated';

export interface SampleJudgement {
  readonly status: SampleStatus;
  readonly judgements: readonly Judgement[];
  /** Smallest relative slack over the claims (NaN when there are none). */
  readonly minSlack: number;
  /** Every claim vacuous (or no claims, or marked vacuous). */
  readonly vacuous: boolean;
  /** The largest tightness ratio over the non-vacuous claims and its claim's label (NaN / absent when none). */
  readonly maxRatio: number;
  readonly maxRatioLabel?: string;
  readonly reason?: string;
}

/** Judge a whole Evidence: violated if any claim is violated, invalid if any is not a finite comparison. */
export function judgeEvidence(ev: Evidence): SampleJudgement {
  if (ev.hypothesisViolated !== undefined) {
    return {
      status: 'hypothesis_violated',
      judgements: [],
      minSlack: NaN,
      vacuous: false,
      maxRatio: NaN,
      reason: ev.hypothesisViolated,
    };
  }
  if (ev.inconclusive !== undefined) {
    return {
      status: 'inconclusive',
      judgements: [],
      minSlack: NaN,
      vacuous: false,
      maxRatio: NaN,
      reason: ev.inconclusive,
    };
  }
  if (!Array.isArray(ev.claims)) throw new TypeError('evaluate must return Evidence { claims: Claim[] }');
  const judgements = ev.claims.map(judge);
  const minSlack = judgements.reduce((m, j) => (Number.isNaN(j.slack) ? m : Math.min(m, j.slack)), Infinity);
  const status: SampleStatus = judgements.some((j) => j.status === 'violated')
    ? 'violated'
    : judgements.some((j) => j.status === 'invalid')
      ? 'invalid'
      : 'ok';
  const failing = judgements.find((j) => j.status === 'violated' || j.status === 'invalid');
  const tightest = judgements.reduce<Judgement | null>(
    (t, j) => (!j.vacuous && !Number.isNaN(j.ratio) && (t === null || j.ratio > t.ratio) ? j : t),
    null,
  );
  return {
    status,
    judgements,
    minSlack: judgements.length === 0 ? NaN : minSlack,
    vacuous: ev.vacuous === true || judgements.every((j) => j.vacuous),
    maxRatio: tightest === null ? NaN : tightest.ratio,
    ...(tightest === null ? {} : { maxRatioLabel: tightest.label }),
    ...(failing ? { reason: `${failing.label}: ${failing.status} (lhs − rhs = ${short(failing.diff)})` } : {}),
  };
}

function short(x: Num): string {
  const d = new J(x);
  return d.isFinite() ? d.toSignificantDigits(6).toString() : x;
}

// ---- building claims from backend scalars ---------------------------------------------------------------------------

function make<R extends Repr>(B: Backend<R>, rel: Rel, lhs: S<R>, rhs: S<R>, err: S<R> | Num, label: string): Claim {
  const l = B.show(lhs);
  const r = B.show(rhs);
  const e = typeof err === 'string' ? checkNum(err, `claim ${label}: err`) : B.show(err);
  // B.show is a round-trip string, within u·|x| of the value it names (u = unit roundoff): widen the bar by that,
  // and round the bar itself up, so that the exact judge never trusts digits the backend does not have.
  const u = dec(B.show(B.eps), 'B.eps');
  const [L, Rr, E] = [dec(l, 'lhs'), dec(r, 'rhs'), dec(e, 'err')];
  let bar = e;
  if (L.isFinite() && Rr.isFinite() && E.isFinite()) {
    bar = E.times(u.times(2).plus(1))
      .plus(u.times(2).times(L.abs().plus(Rr.abs())))
      .toSignificantDigits(6, J.ROUND_UP)
      .toString();
  }
  return { label, lhs: l, rel, rhs: r, err: bar };
}

/** Growth·u·Σ|xᵢ|: a standard rounding error bar (state the growth factor's derivation at the call site). */
function roundoff<R extends Repr>(B: Backend<R>, growth: number | Num, ...xs: S<R>[]): S<R> {
  const g = typeof growth === 'number' ? B.int(growth) : B.num(growth);
  return B.mul(
    B.mul(g, B.eps),
    xs.reduce<S<R>>((s, x) => B.add(s, B.abs(x)), B.zero),
  );
}

/** Label every claim `f` returns for consecutive pairs (prev, next) of a saved trajectory with its step index. */
function everyStep<T>(states: readonly T[], f: (prev: T, next: T, k: number) => Claim | readonly Claim[]): Claim[] {
  const out: Claim[] = [];
  for (let k = 0; k + 1 < states.length; k++) {
    const r = f(states[k]!, states[k + 1]!, k);
    for (const c of Array.isArray(r) ? (r as readonly Claim[]) : [r as Claim])
      out.push({ ...c, label: `${c.label}@${k}` });
  }
  return out;
}

/** Label every claim `f` returns for each item with its index. */
function each<T>(items: readonly T[], f: (item: T, i: number) => Claim | readonly Claim[]): Claim[] {
  const out: Claim[] = [];
  items.forEach((it, i) => {
    const r = f(it, i);
    for (const c of Array.isArray(r) ? (r as readonly Claim[]) : [r as Claim])
      out.push({ ...c, label: `${c.label}@${i}` });
  });
  return out;
}

/**
 * A claim builder: `rel(B, a, b, label)` on balls (the bar is a.err + b.err: the true difference lies within it of
 * a.value − b.value), or the explicit form `rel(B, lhs, rhs, err, label)` with `err` bounding |computed(lhs − rhs) −
 * true(lhs − rhs)| (a backend scalar or exact string) for bars that come from the problem's structure.
 */
export interface ClaimBuilder {
  <R extends Repr>(B: Backend<R>, lhs: Ball<R>, rhs: Ball<R>, label?: string): Claim;
  <R extends Repr>(B: Backend<R>, lhs: S<R>, rhs: S<R>, err: S<R> | Num, label?: string): Claim;
}

function builder(rel: Rel, defaultLabel: string): ClaimBuilder {
  function build<R extends Repr>(B: Backend<R>, lhs: Ball<R>, rhs: Ball<R>, label?: string): Claim;
  function build<R extends Repr>(B: Backend<R>, lhs: S<R>, rhs: S<R>, err: S<R> | Num, label?: string): Claim;
  function build<R extends Repr>(
    B: Backend<R>,
    lhs: S<R> | Ball<R>,
    rhs: S<R> | Ball<R>,
    errOrLabel?: S<R> | Num,
    label?: string,
  ): Claim {
    const lb = isBall(lhs);
    const rb = isBall(rhs);
    if (lb || rb) {
      if (!(lb && rb)) {
        throw new TypeError(
          `claim ${String(errOrLabel ?? defaultLabel)}: both sides must be balls (wrap an exact scalar with ballArith(B).exact(x))`,
        );
      }
      if (errOrLabel !== undefined && typeof errOrLabel !== 'string') {
        throw new TypeError(
          `claim ${label ?? defaultLabel}: with balls the bar comes from their radii; the fourth argument is the label`,
        );
      }
      const a = lhs;
      const b = rhs;
      // make() widens the bar by (1 + 2u), which covers the one rounding of this sum (rounding.ts, Lemma 1)
      return make(B, rel, a.value, b.value, B.add(a.err, b.err), (errOrLabel as string | undefined) ?? defaultLabel);
    }
    if (errOrLabel === undefined)
      throw new TypeError(`claim ${label ?? defaultLabel}: scalar sides need an explicit error bar (or pass balls)`);
    return make(B, rel, lhs, rhs, errOrLabel, label ?? defaultLabel);
  }
  return build;
}

/** Claim builders for theorem files (see `ClaimBuilder`). */
export const claims = {
  /** lhs ≤ rhs */
  le: builder('<=', 'lhs<=rhs'),
  /** lhs ≥ rhs */
  ge: builder('>=', 'lhs>=rhs'),
  /** lhs = rhs (invariants, closed forms) */
  eq: builder('==', 'lhs==rhs'),
  roundoff,
  everyStep,
  each,
  /** mean of i.i.d. sample balls `rel` rhs, with an empirical Bernstein radius at δ (./statistical.ts). */
  mean: meanClaim,
};

/** Evidence for an instance that says nothing (not converged, diverged …): counted as a discarded sample. */
export function inconclusive(reason: string, observed?: Record<string, Num>): Evidence {
  return { claims: [], inconclusive: reason, ...(observed ? { observed } : {}) };
}

/** Evidence for an instance that, once materialized, does not satisfy the hypotheses (a generator bug). */
export function hypothesisViolated(reason: string): Evidence {
  return { claims: [], hypothesisViolated: reason };
}

/** Throw this from deep inside evaluate/materialize for the same effect as returning `hypothesisViolated`. */
export function hypothesisViolatedError(reason: string): Error {
  const e = new Error(reason);
  e.name = 'HypothesisViolated';
  return e;
}
