/**
 * Shared by the convergence theorems of the adaptive step sizes (arXiv 2410.12455 Theorems 2, 3, 7): the two
 * instances (Example 1 and a convex least-squares finite sum), their exact constants, and the exact expectations over
 * all index paths (ball arithmetic) that the bounds are checked against (docs/theorems/landscape.md LA2).
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  FINITE_SUMS,
  numBall,
  ruleExactExpectation,
  spec,
  type Backend,
  type Ball,
  type BallArith,
  type Component,
  type Evidence,
  type Num,
  type Opaque,
  type StepRule,
} from '../../src/index.js';

export type ProblemName = 'ex1' | 'lsq' | 'lsqShifted';

/**
 * The least-squares f_i plus constants s_i > 0 (f_i* = s_i): the same gradients, minimizers and σ²_int = 1/2, but
 * σ²_pos = E_i f_i* = (1/4 + 1/2 + 3/2)/3 = 3/4 > 0 and f* = 1/2 + 3/4 = 5/4. NGN's step depends on the level of f_i
 * itself, so this instance exercises the σ²_pos term of Theorem 3.
 */
const SHIFTS: readonly Num[] = ['0.25', '0.5', '1.5'];
function shifted(c: Component, s: Num): Component {
  return { ...c, name: `${c.name}+${s}`, value: (F, x) => F.add(c.value(F, x), F.num(s)), infimum: s };
}

interface Problem {
  readonly components: readonly Component[];
  /** f* = min f, exactly. */
  readonly fStar: Num;
  /** Each f_i is L-smooth (Assumption 1). */
  readonly L: Num;
  /** Proj(x, S) (unique for both instances). */
  project(K: BallArith<Opaque>, x: readonly Ball<Opaque>[]): Ball<Opaque>[];
}

function problemOf(name: ProblemName): Problem {
  const entry = name === 'ex1' ? FINITE_SUMS.islamovEx1 : FINITE_SUMS.leastSquares3;
  const S = entry.solutionSet;
  if (S === undefined || entry.fStar === undefined) throw new Error(`${entry.name}: no solution set or f* registered`);
  const lifted = name === 'lsqShifted';
  return {
    components: lifted ? entry.components.map((c, i) => shifted(c, SHIFTS[i]!)) : entry.components,
    fStar: lifted ? '1.25' : entry.fStar,
    // Example 1: ∇²f_i = φ''(t)·11ᵀ, |φ''| ≤ 2, ‖11ᵀ‖ = 2 (landscape.md L5); least squares: ∇²f_i = a_ia_iᵀ, ‖a_i‖² ≤ 2
    L: name === 'ex1' ? '4' : '2',
    project: (K, x) => S.project(K, x),
  };
}

const R = spec.rational;

/** The instance part of a spec: which problem, (α, β) for it, x_0 and the horizon K. */
export interface Instance {
  readonly problem: ProblemName;
  readonly alpha: Num;
  readonly beta: Num;
  readonly x0: readonly Num[];
  readonly steps: number;
}

/**
 * Instances: Example 1 with (α, β) in the paper's range (α ∈ [5/2, 16] dyadic, β = α(1 − b), b ∈ (0, 1/5], i.e.
 * β ∈ [4α/5, α)), or least squares (plain or shifted) with (α, β) = (1, 0) (convexity); `gapAtLeast1` raises the
 * floor of α − β to 1 (NGN's α ≥ β + 1). x_0 dyadic in [−8, 8]², K ≤ 6 (Example 1, n = 2) or ≤ 4 (least squares,
 * n = 3).
 */
export function instanceArb(opts: { readonly problems: readonly ProblemName[]; readonly gapAtLeast1?: boolean }) {
  const coord = spec.dyadic({ min: '-8', max: '8', bits: 4 });
  const x0 = fc.tuple(coord, coord);
  const ex1 = fc
    .record({
      alpha: spec.dyadic({ min: opts.gapAtLeast1 ? '5' : '2.5', max: '16', bits: 4 }),
      b: spec.dyadic({ min: '0', max: '0.2', bits: 8, minExcluded: true }),
      x0,
      steps: fc.integer({ min: 1, max: 6 }),
    })
    .map(({ alpha, b, x0: x, steps }): Instance => {
      const a = R.parseNum(alpha);
      let beta = R.mul(a, R.sub(R.ONE, R.parseNum(b)));
      // α ≥ β + 1 (Theorem 3): β = min{α(1 − b), α − 1}, still ≥ 4α/5 since α/5 ≥ 1 for α ≥ 5
      if (opts.gapAtLeast1 === true) beta = R.min(beta, R.sub(a, R.ONE));
      return { problem: 'ex1', alpha, beta: R.toPlainNum(beta), x0: x, steps };
    });
  const lsq = (problem: 'lsq' | 'lsqShifted') =>
    fc
      .record({ x0, steps: fc.integer({ min: 1, max: 4 }) })
      .map(({ x0: x, steps }): Instance => ({ problem, alpha: '1', beta: '0', x0: x, steps }));
  const arbs = opts.problems.map((p) => (p === 'ex1' ? ex1 : lsq(p)));
  return arbs.length === 1 ? arbs[0]! : fc.oneof(...arbs);
}

/** What the bounds need, as balls: the exact expectations over all n^K index paths and the instance's constants. */
export interface PathStats {
  readonly K: BallArith<Opaque>;
  /** min_{0≤k<K} E[f(x_k)] − f*. */
  readonly minGap: Ball<Opaque>;
  /** dist(x_0, S)² (x_0 is deterministic). */
  readonly dist0sq: Ball<Opaque>;
  /** σ²_int = f* − E_i f_i* (Assumption 2). */
  readonly sigmaInt: Ball<Opaque>;
  /** σ²_pos = E_i f_i* (Theorem 3). */
  readonly sigmaPos: Ball<Opaque>;
  /** max ‖∇f_i(x_k)‖² over every node x_k (k < K) of the tree and every i: the G² of Theorem 7 on these paths. */
  readonly maxGradSq: Ball<Opaque>;
  /** max_i ‖∇f_i(x_0)‖²: the D² of Theorem 7. */
  readonly gradSq0: Ball<Opaque>;
  readonly L: Ball<Opaque>;
  readonly alpha: Ball<Opaque>;
  readonly beta: Ball<Opaque>;
}

/** The exact expectations of SGD with `rule` (built over balls) from the instance's x_0, every k < K. */
export function pathStats<A>(
  B: Backend<Opaque>,
  s: Instance,
  rule: (K: BallArith<Opaque>) => StepRule<Ball<Opaque>, A>,
): PathStats {
  const K = ballArith(B);
  const P = problemOf(s.problem);
  const n = P.components.length;
  const mean = (xs: readonly Ball<Opaque>[]) => K.div(K.sum(xs), K.int(n));
  const gradSq = (c: Component, x: readonly Ball<Opaque>[]) => K.sum(c.grad(K, x).map((g) => K.sqr(g)));
  const maxOf = (xs: readonly Ball<Opaque>[]) => xs.reduce((a, b) => K.max(a, b));
  let maxGradSq: Ball<Opaque> = K.int(0);
  const x0 = s.x0.map((v) => numBall(B, v)); // dyadic: exact
  const means = ruleExactExpectation(B, P.components, rule(K), { x0, steps: s.steps }, (x, k) => {
    if (k < s.steps) maxGradSq = K.max(maxGradSq, maxOf(P.components.map((c) => gradSq(c, x))));
    return mean(P.components.map((c) => c.value(K, x)));
  });
  const fStar = K.num(P.fStar);
  const minGap = K.sub(
    means.slice(0, s.steps).reduce((a, b) => K.min(a, b)),
    fStar,
  );
  const xp = P.project(K, x0);
  const stars = P.components.map((c) => K.num(c.infimum ?? '0'));
  return {
    K,
    minGap,
    dist0sq: K.sum(x0.map((xj, j) => K.sqr(K.sub(xj, xp[j]!)))),
    sigmaInt: K.sub(fStar, mean(stars)),
    sigmaPos: mean(stars),
    maxGradSq,
    gradSq0: maxOf(P.components.map((c) => gradSq(c, x0))),
    L: K.num(P.L),
    alpha: K.num(s.alpha),
    beta: K.num(s.beta),
  };
}

/** The observed tightness: LHS, RHS and LHS/RHS (the bound is tight where the ratio approaches 1). */
export function tightness(B: Backend<Opaque>, lhs: Ball<Opaque>, rhs: Ball<Opaque>): Record<string, Num> {
  return {
    lhs: B.show(lhs.value),
    rhs: B.show(rhs.value),
    lhs_over_rhs: B.show(B.div(lhs.value, rhs.value)),
  };
}

/** min_{k<K} E[f(x_k) − f*] ≤ scale·bound (scale 1 for the theorem, < 1 in a negative control), and its tightness. */
export function scaledBoundEvidence(
  B: Backend<Opaque>,
  minGap: Ball<Opaque>,
  bound: Ball<Opaque>,
  scale: Num,
  label: string,
): Evidence {
  const K = ballArith(B);
  return { claims: [claims.le(B, minGap, K.mul(K.num(scale), bound), label)], observed: tightness(B, minGap, bound) };
}
