/**
 * Definition 1 of arXiv 2410.12455 (eq. (2)) on the examples whose solution set is certified (Examples 2, 3 and 6;
 * docs/theorems/landscape.md LE3), evaluated in ball arithmetic at exact points. Proj(x, S) is decided exactly; at a
 * point equidistant from two minimizers the condition must hold for at least one of them ("there exists
 * x_p ∈ Proj(x, S)"), so that point gets one claim: max over the projections of min over i of (lhs − rhs) ≥ 0.
 */
import {
  ballArith,
  certifyDisk,
  claims,
  FINITE_SUMS,
  refineInDisk,
  solutionSetOn,
  spec,
  type Backend,
  type Ball,
  type Claim,
  type FiniteSumEntry,
  type MinimizerDisk,
  type Num,
  type Opaque,
} from '../../src/index.js';
import fc from 'fast-check';

/** An instance: (α, β) and points at which Definition 1 is checked for every f_i. */
export interface Def1Spec {
  readonly alpha: Num;
  readonly beta: Num;
  readonly points: readonly (readonly Num[])[];
}

export type CertifiedName = 'islamovEx2' | 'islamovEx3' | 'islamovEx6';

const R = spec.rational;

/** β = α − δ, exactly. */
export const minus = (alpha: Num, delta: Num): Num => R.toPlainNum(R.sub(R.parseNum(alpha), R.parseNum(delta)));

/** `count` points in [lo, hi]² (dyadic with 6 bits: exact in every backend). */
export const boxPoints = (lo: Num, hi: Num, count: number) =>
  fc.array(fc.tuple(spec.dyadic({ min: lo, max: hi, bits: 6 }), spec.dyadic({ min: lo, max: hi, bits: 6 })), {
    minLength: count,
    maxLength: count,
  });

/** `count` points on the bisector x + y = c between the two minimizers' sides (equidistant from both). */
export const bisectorPoints = (c: Num, lo: Num, hi: Num, count: number) =>
  fc.array(
    spec.dyadic({ min: lo, max: hi, bits: 6 }).map((t) => [t, R.toPlainNum(R.sub(R.parseNum(c), R.parseNum(t)))]),
    { minLength: count, maxLength: count },
  );

/** (α, β) alone: the instance of a theorem evaluated at one fixed point (e.g. a stationary point, LE6). */
export interface PairSpec {
  readonly alpha: Num;
  readonly beta: Num;
}

/** α = lower + a dyadic in [0, span] with `bits` bits, exactly: α ≥ lower in dyadic steps above it. */
export const alphaAbove = (lower: Num, span: Num, bits: number): fc.Arbitrary<Num> =>
  spec.dyadic({ min: '0', max: span, bits }).map((a) => R.toPlainNum(R.add(R.parseNum(a), R.parseNum(lower))));

/** The pairs (α, α − delta). */
export const pairsBelow = (alpha: fc.Arbitrary<Num>, delta: Num): fc.Arbitrary<PairSpec> =>
  alpha.map((a) => ({ alpha: a, beta: minus(a, delta) }));

/**
 * An instance family of Definition 1 with β = α − delta by construction: α from `alpha`, the points the concatenation
 * of the named point sets (in their order). One record, so a theorem's hypotheses and negative control read as data.
 */
export const def1Instances = (
  alpha: fc.Arbitrary<Num>,
  delta: Num,
  points: Readonly<Record<string, fc.Arbitrary<readonly (readonly Num[])[]>>>,
): fc.Arbitrary<Def1Spec> =>
  // one flat record (α first, then the point sets): the same generated instances as a record written out by hand
  fc.record({ alpha, ...points }).map((r) => {
    // the record's static type keeps only `alpha` (the spread has an index signature); the point sets are the rest
    const sets = r as unknown as Readonly<Record<string, readonly (readonly Num[])[]>>;
    return { alpha: r.alpha, beta: minus(r.alpha, delta), points: Object.keys(points).flatMap((k) => sets[k]!) };
  });

/**
 * Example 6's witness points near S shared by its Definition-1 theorems: the centres (0, 0) and (1, 1), the paper's
 * point (0.159375, 0.159375) and two points on the bisector x + y = 1 (docs/theorems/landscape.md LE2).
 */
export const EX6_NEAR_POINTS: readonly (readonly Num[])[] = [
  ['0', '0'],
  ['1', '1'],
  ['0.5', '0.5'],
  ['0.159375', '0.159375'],
  ['0.25', '0.75'],
];

/** Example 3's witness points in [−3, 6]² shared by its Definition-1 theorems (on the diagonal x = y). */
export const EX3_NEAR_POINTS: readonly (readonly Num[])[] = [
  ['0', '0'],
  ['2.5', '2.5'],
  ['0.25', '0.25'],
  ['1', '1'],
  ['2.375', '2.375'],
];

/** c = min_i min_{x_p ∈ S} (f_i(x_p) − f_i*), the quantity the paper's thresholds divide by (Examples 2, 6). */
export function minGapOnS(B: Backend<Opaque>, name: CertifiedName): Ball<Opaque> {
  const entry: FiniteSumEntry = FINITE_SUMS[name];
  const K = ballArith(B);
  const S = solutionSetOn(B, entry);
  let c: Ball<Opaque> | null = null;
  for (const m of S.minimizers)
    for (const f of entry.components) {
      const g = K.sub(f.value(K, m), K.num(f.infimum ?? '0'));
      c = c === null ? g : K.min(c, g);
    }
  return c!;
}

/** The margins lhs − rhs of Definition 1 at x for x_p = minimizer j, one per component (balls). */
function margins(
  B: Backend<Opaque>,
  entry: FiniteSumEntry,
  xp: readonly Ball<Opaque>[],
  x: readonly Ball<Opaque>[],
  s: Def1Spec,
) {
  const K = ballArith(B);
  const alpha = K.num(s.alpha);
  const beta = K.num(s.beta);
  const diff = x.map((xi, k) => K.sub(xi, xp[k]!));
  return entry.components.map((c) => {
    const fx = c.value(K, x);
    const g = c.grad(K, x);
    const lhs = K.add(K.mul(g[0]!, diff[0]!), K.mul(g[1]!, diff[1]!));
    const rhs = K.sub(K.mul(alpha, K.sub(fx, c.value(K, xp))), K.mul(beta, K.sub(fx, K.num(c.infimum ?? '0'))));
    return { lhs, rhs };
  });
}

/** The margins at one exact point, per x_p ∈ Proj(x, S) and per i, and max over x_p of min over i (Definition 1). */
function pointMargins(B: Backend<Opaque>, name: CertifiedName, s: Def1Spec, pt: readonly Num[]) {
  const entry: FiniteSumEntry = FINITE_SUMS[name];
  const K = ballArith(B);
  const S = solutionSetOn(B, entry);
  const x = pt.map((v) => K.num(v));
  const per = S.candidates(pt).map((j) => margins(B, entry, S.minimizers[j]!, x, s));
  let best: Ball<Opaque> | null = null;
  for (const ms of per) {
    let worst: Ball<Opaque> | null = null;
    for (const { lhs, rhs } of ms) {
      const d = K.sub(lhs, rhs);
      worst = worst === null ? d : K.min(worst, d);
    }
    best = best === null ? worst : K.max(best, worst!);
  }
  return { per, best: best! };
}

/** max over x_p ∈ Proj(x, S) of min over i of (lhs − rhs) at one exact point: ≥ 0 iff Definition 1 holds there. */
export function bestMargin(B: Backend<Opaque>, name: CertifiedName, s: Def1Spec, pt: readonly Num[]): Ball<Opaque> {
  return pointMargins(B, name, s, pt).best;
}

/**
 * f(x̂) − f* ≤ βσ²_int/(α − β) at a stationary point x̂ given as balls (docs/theorems/landscape.md LE6); observed: both
 * sides and their ratio (tightness).
 */
export function stationaryGap(
  B: Backend<Opaque>,
  name: CertifiedName,
  xhat: readonly Ball<Opaque>[],
  s: { readonly alpha: Num; readonly beta: Num },
): { claims: Claim[]; observed: Record<string, Num> } {
  const entry: FiniteSumEntry = FINITE_SUMS[name];
  const K = ballArith(B);
  const S = solutionSetOn(B, entry);
  let f = K.int(0);
  for (const c of entry.components) f = K.add(f, c.value(K, xhat));
  f = K.div(f, K.int(entry.components.length));
  const lhs = K.sub(f, S.fStar);
  const alpha = K.num(s.alpha);
  const beta = K.num(s.beta);
  const rhs = K.div(K.mul(beta, S.sigma2), K.sub(alpha, beta));
  return {
    claims: [claims.le(B, lhs, rhs, 'stationary_gap')],
    observed: {
      f_gap: B.show(lhs.value),
      bound: B.show(rhs.value),
      sigma2_int: B.show(S.sigma2.value),
      lhs_over_rhs: B.show(B.div(lhs.value, rhs.value)),
    },
  };
}

/**
 * Claims of Definition 1 at every point: one per f_i where Proj(x, S) is one point; on the bisector one existential
 * claim, max over the projections of min over i of (lhs − rhs) ≥ 0. Observed: the smallest margin (tightness) and
 * the number of bisector points.
 */
export function definition1Certified(
  B: Backend<Opaque>,
  name: CertifiedName,
  s: Def1Spec,
): { claims: Claim[]; observed: Record<string, Num> } {
  const K = ballArith(B);
  const out: Claim[] = [];
  let least: Ball<Opaque> | null = null;
  let ties = 0;
  for (const [k, pt] of s.points.entries()) {
    const { per, best } = pointMargins(B, name, s, pt);
    if (per.length === 1) {
      for (const [i, { lhs, rhs }] of per[0]!.entries())
        out.push(claims.ge(B, lhs, rhs, `definition1_f${i + 1}@point${k}`));
    } else {
      ties++;
      out.push(claims.ge(B, best, K.int(0), `definition1_some_projection@point${k}`));
    }
    if (least === null || B.cmp(best.value, least.value) < 0) least = best;
  }
  const lo: Ball<Opaque> | null = least;
  return {
    claims: out,
    observed: {
      alpha: s.alpha,
      beta: s.beta,
      min_lhs_minus_rhs: lo === null ? '0' : B.show(lo.value),
      bisector_points: String(ties),
    },
  };
}

const PROVED = new WeakSet<MinimizerDisk>();

/**
 * The unique critical point of f in a disk on which ∇²f ⪰ μI (proved by `certifyDisk` once per disk), enclosed at B's
 * precision: a certified local minimizer.
 */
export function criticalPointIn(B: Backend<Opaque>, name: CertifiedName, disk: MinimizerDisk): Ball<Opaque>[] {
  const comps = FINITE_SUMS[name].components;
  if (!PROVED.has(disk)) {
    certifyDisk(comps, disk, `${name} critical point`);
    PROVED.add(disk);
  }
  return refineInDisk(B, comps, disk);
}
