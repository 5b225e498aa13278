/**
 * Theorems 1 and 4 of arXiv 2410.12455 (SGD under the α-β-condition, eqs. (9) and (24)) checked with exact
 * expectations over every index path (docs/theorems/landscape.md L4, L6, L7): the instances (Example 1 and a
 * consistent least-squares finite sum), min_{0≤k<K} E[f(x_k) − f*] and the two right-hand sides, in ball arithmetic.
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  FINITE_SUMS,
  invSqrtSchedule,
  leastSquares,
  meanValueStat,
  sgdExpectations,
  spec,
  type Backend,
  type Ball,
  type Component,
  type Evidence,
  type Num,
  type Opaque,
  type ProfileName,
  type Ref,
} from '../../src/index.js';

const R = spec.rational;

/** One instance. `scale` multiplies the right side: 1 for the theorem, < 1 in the negative control. */
export interface RateSpec {
  /** Example 1 (eq. (3)) or least squares f_i = ½(a_iᵀx − b_i)² with b = A·xStar (consistent, A of rank 2). */
  readonly problem: 'ex1' | 'leastSquares';
  readonly alpha: Num;
  readonly beta: Num;
  /** Assumption 1's L (Example 1: 4, L5; least squares: max_i ‖a_i‖², L6). */
  readonly L: Num;
  /** γ (Theorem 1) or γ₀ (Theorem 4), ≤ u(α − β)/(2L) with u ∈ (0, 1] (`lrOf`). */
  readonly lr: Num;
  readonly x0: readonly Num[];
  /** The horizon K ≥ 1. */
  readonly steps: number;
  readonly rows?: readonly (readonly Num[])[];
  readonly targets?: readonly Num[];
  readonly xStar?: readonly Num[];
  readonly scale: Num;
}

const ex1 = FINITE_SUMS.islamovEx1;
/** Example 1: f* = 1/5, f_i* = 0, so σ²_int = E_i[f* − f_i*] = 1/5; L = 4 (docs/theorems/landscape.md L5). */
const EX1 = { fStar: '0.2', sigma2: '0.2', L: '4' };

const q = (x: Num) => R.parseNum(x);
const plain = (x: ReturnType<typeof q>) => R.toPlainNum(x);
/** γ = the largest dyadic with 12 significant bits ≤ u(α − β)/(2L) (exact on every backend; ≤ (α − β)/(2L)). */
const lrOf = (alpha: Num, beta: Num, L: Num, u: Num): Num =>
  plain(R.dyadicBelow(R.div(R.mul(q(u), R.sub(q(alpha), q(beta))), R.mul(R.fromInt(2), q(L))), 12));

const uArb = spec.dyadic({ min: '0', max: '1', bits: 6, minExcluded: true });
const horizon = (profile: ProfileName, small: boolean) =>
  fc.integer({ min: 1, max: small ? 6 : profile === 'nightly' ? 14 : 10 });

/** Example 1 with (α, β) in the paper's range α ≥ 5/2, β = α(1 − b), b ∈ (0, 1/5] (β ∈ [4α/5, α)). */
export function ex1Instances(profile: ProfileName, scale: Num, small = false): fc.Arbitrary<RateSpec> {
  return fc
    .record({
      alpha: spec.dyadic({ min: '2.5', max: '16', bits: 4 }),
      b: spec.dyadic({ min: '0', max: '0.2', bits: 8, minExcluded: true }),
      u: uArb,
      x0: fc.tuple(spec.dyadic({ min: '-8', max: '8', bits: 6 }), spec.dyadic({ min: '-8', max: '8', bits: 6 })),
      steps: horizon(profile, small),
    })
    .map(({ alpha, b, u, x0, steps }) => {
      const beta = plain(R.mul(q(alpha), R.sub(R.ONE, q(b))));
      return {
        problem: 'ex1' as const,
        alpha,
        beta,
        L: EX1.L,
        lr: lrOf(alpha, beta, EX1.L, u),
        x0,
        steps,
        scale,
      };
    });
}

/**
 * Consistent least squares in R² with three rows (n = 3): a_1, a_2 independent (det ≠ 0, decided exactly), so
 * S = {xStar}; b = A·xStar exactly; (α, β) = (1, 0) (convexity, L6); L = max_i ‖a_i‖².
 */
export function leastSquaresInstances(profile: ProfileName, scale: Num, small = false): fc.Arbitrary<RateSpec> {
  const entry = spec.dyadic({ min: '-2', max: '2', bits: 3 });
  const row = fc.tuple(entry, entry);
  return fc
    .record({
      rows: fc.tuple(row, row, row),
      xStar: fc.tuple(spec.dyadic({ min: '-2', max: '2', bits: 4 }), spec.dyadic({ min: '-2', max: '2', bits: 4 })),
      x0: fc.tuple(spec.dyadic({ min: '-4', max: '4', bits: 4 }), spec.dyadic({ min: '-4', max: '4', bits: 4 })),
      u: uArb,
      steps: fc.integer({ min: 1, max: small ? 5 : profile === 'nightly' ? 10 : 7 }),
    })
    .filter(({ rows }) => {
      const [a, b] = rows;
      return !R.isZero(R.sub(R.mul(q(a[0]), q(b[1])), R.mul(q(a[1]), q(b[0]))));
    })
    .map(({ rows, xStar, x0, u, steps }) => {
      const L = R.toPlainNum(rows.map((r) => R.dot(r.map(q), r.map(q))).reduce((m, v) => R.max(m, v)));
      const targets = rows.map((r) => plain(R.dot(r.map(q), xStar.map(q))));
      return {
        problem: 'leastSquares' as const,
        alpha: '1',
        beta: '0',
        L,
        lr: lrOf('1', '0', L, u),
        x0,
        steps,
        rows,
        targets,
        xStar,
        scale,
      };
    });
}

/** The instance's finite sum, f*, σ²_int and dist(x_0, S)², as balls. */
function problemOf(B: Backend<Opaque>, s: RateSpec) {
  const K = ballArith(B);
  const x0 = s.x0.map((v) => K.num(v));
  if (s.problem === 'ex1') {
    const S = ex1.solutionSet!;
    const p = S.project(K, x0);
    const dist2 = K.add(K.sqr(K.sub(x0[0]!, p[0]!)), K.sqr(K.sub(x0[1]!, p[1]!)));
    return { components: ex1.components, fStar: K.num(EX1.fStar), sigma2: K.num(EX1.sigma2), dist2, x0 };
  }
  const components: readonly Component[] = leastSquares('ls', s.rows!, s.targets!);
  // f_i* = 0 = f* (b = A·xStar): σ²_int = 0; S = {xStar} (a_1, a_2 independent)
  const e = s.x0.map((v, j) => K.sub(K.num(v), K.num(s.xStar![j]!)));
  return { components, fStar: K.int(0), sigma2: K.int(0), dist2: K.add(K.sqr(e[0]!), K.sqr(e[1]!)), x0 };
}

/**
 * min_{0≤k<K} E[f(x_k) − f*] ≤ scale·bound, with `bound` the right side of eq. (9) (constant step) or eq. (24)
 * (γ_k = γ₀/√(k + 1)).
 */
export function rateEvidence(B: Backend<Opaque>, s: RateSpec, which: 'thm1' | 'thm4'): Evidence {
  const K = ballArith(B);
  const { components, fStar, sigma2, dist2, x0 } = problemOf(B, s);
  const gamma = K.num(s.lr);
  const lr = which === 'thm1' ? gamma : invSqrtSchedule(B, gamma);
  // E[f(x_k)] for k ≤ K − 1: the min runs over 0 ≤ k < K
  const [f] = sgdExpectations(B, components, { lr, x0, steps: s.steps - 1 }, [meanValueStat(components)]);
  let lhs: Ball<Opaque> | null = null;
  let argmin = 0;
  for (let k = 0; k < s.steps; k++) {
    const gap = K.sub(f![k]!, fStar);
    if (lhs === null || B.cmp(gap.value, lhs.value) < 0) argmin = k;
    lhs = lhs === null ? gap : K.min(lhs, gap);
  }
  const gapAB = K.sub(K.num(s.alpha), K.num(s.beta));
  const L = K.num(s.L);
  const Kk = K.int(s.steps);
  // the neighbourhood term (2β/(α − β))σ²_int, common to (9) and (24)
  const floor = K.div(K.mul(K.mul(K.int(2), K.num(s.beta)), sigma2), gapAB);
  let bound: Ball<Opaque>;
  if (which === 'thm1') {
    // (9): E dist(x_0, S)²/(Kγ(α − β)) + (2Lγ/(α − β))σ²_int + (2β/(α − β))σ²_int
    const first = K.div(dist2, K.mul(K.mul(Kk, gamma), gapAB));
    const second = K.div(K.mul(K.mul(K.mul(K.int(2), L), gamma), sigma2), gapAB);
    bound = K.add(K.add(first, second), floor);
  } else {
    // (24): 5E dist(x_0, S)²/(4(α − β)γ₀√K) + (5γ₀Lσ²_int/(α − β))·log(K + 1)/√K + (2β/(α − β))σ²_int
    const rootK = K.sqrt(Kk);
    const first = K.div(K.mul(K.int(5), dist2), K.mul(K.mul(K.mul(K.int(4), gapAB), gamma), rootK));
    const second = K.div(
      K.mul(K.div(K.mul(K.mul(K.mul(K.int(5), gamma), L), sigma2), gapAB), K.log(K.int(s.steps + 1))),
      rootK,
    );
    bound = K.add(K.add(first, second), floor);
  }
  const rhs = K.mul(K.num(s.scale), bound);
  return {
    claims: [claims.le(B, lhs!, rhs, which === 'thm1' ? 'eq9' : 'eq24')],
    observed: {
      min_expected_gap: B.show(lhs!.value),
      argmin_k: String(argmin),
      bound: B.show(bound.value),
      neighbourhood_term: B.show(floor.value),
    },
  };
}

/** The docs refs both rate theorems (eq. (9), eq. (24)) cite after their own arXiv pinpoint. */
export const RATE_DOC_REFS: readonly Ref[] = [
  {
    key: 'docs/theorems/landscape.md#l7-theorems-1-and-4-with-exact-expectations',
    where: 'the instances, σ²_int, and how loose the bound is',
  },
  { key: 'docs/theorems/landscape.md#l6-least-squares-as-a-convex-finite-sum', where: 'α = 1, β = 0, L = max‖a_i‖²' },
  {
    key: 'docs/theorems/landscape.md#l4-sgd-and-exact-expectations-over-the-sampling',
    where: 'E over the index paths as an exact finite average',
  },
];

/** Example 1 in the paper's range and consistent least squares, γ (or γ₀) = u(α − β)/(2L), u ∈ (0, 1]. */
export const rateInstances = (profile: ProfileName, scale: Num, small = false): fc.Arbitrary<RateSpec> =>
  fc.oneof(ex1Instances(profile, scale, small), leastSquaresInstances(profile, scale, small));

/** An Example 1 witness both rate theorems list (α = 5/2, β = 2, γ = 1/16 = (α − β)/(2L)). */
export const EX1_RATE_WITNESS: RateSpec = {
  problem: 'ex1',
  alpha: '2.5',
  beta: '2',
  L: '4',
  lr: '0.0625',
  x0: ['1.5', '-0.75'],
  steps: 8,
  scale: '1',
};
