/**
 * Planted false claims for the search benchmark (`npm run bench -- search`) and the targeted phase's tests. Each is
 * written as a user would write it: GENERIC generators (uniform integer grids mapped to exact decimals, no bias toward
 * where the claim fails), cheap closed-form evaluate with ball arithmetic, so a failure is certified by the referee.
 * Three kinds: a wrong constant near a true bound, a dropped hypothesis, an off-by-one horizon; two of them again with
 * a large failure region (the "no loss" controls).
 */
import fc from 'fast-check';
import { ballArith } from '../../ball/index.js';
import { claims, defineTheorem } from '../../theorem/api.js';
import type { Theorem } from '../../theorem/types.js';

/** k/10^d as an exact decimal string. */
const grid = (min: number, max: number, digits: number) =>
  fc.integer({ min, max }).map((k) => (k / 10 ** digits).toFixed(digits));

interface GainSpec {
  readonly L: string;
  /** η = 2u/L, so 0 < η < 2/L is the hypothesis, built in. */
  readonly u: string;
}

/**
 * One GD step on f(x) = L x²/2 from x = 1 decreases f by L·h(1 − h/2), h = Lη, at most ‖∇f‖²/(2L) (= L/2, at h = 1;
 * the descent lemma's best constant). Planted: the constant c < 1/2, false where |h − 1| < √(1 − 2c).
 */
function gainClaim(id: string, c: string): Theorem<GainSpec> {
  return defineTheorem<GainSpec>({
    id,
    title: `PLANTED FALSE: one GD step on an L-smooth quadratic gains at most ${c}·‖∇f‖²/L`,
    status: 'conjecture',
    kind: 'upper',
    claim: String.raw`f(x)-f(x-\eta\nabla f(x))\le ${c}\,\|\nabla f(x)\|^2/L`,
    refs: [{ key: 'planted', where: `descent lemma with the constant 1/2 replaced by ${c}` }],
    hypotheses: fc.record({ L: grid(500, 2000, 3), u: grid(1, 999_999, 6) }),
    violations: fc.constant({ L: '1', u: '0.5' }),
    evaluate(B, s) {
      const K = ballArith(B);
      const L = K.num(s.L);
      const h = K.mul(K.int(2), K.num(s.u));
      const gain = K.mul(K.div(L, K.int(2)), K.sub(K.int(1), K.sqr(K.sub(K.int(1), h))));
      return { claims: [claims.le(B, gain, K.mul(K.num(c), L), 'gain<=c*L')], observed: { h: B.show(h.value) } };
    },
  });
}

interface PlSpec {
  /** Smallest curvature of f(x) = (x₁² + a x₂²)/2. */
  readonly a: string;
  /** Direction x ∝ (1 − t², 2t) (the rational parametrization of the circle; PL is homogeneous in x). */
  readonly t: string;
}

const MU = '0.01';

/**
 * f(x) = (x₁² + a x₂²)/2 is μ-PL (½‖∇f‖² ≥ μ(f − f*)) exactly when a ≥ μ. Planted: the hypothesis a ≥ μ is dropped
 * from the generator (a ∈ [10⁻⁴, 0.02]); the claim then fails only for a < μ and x within ≈ 0.005 of the x₂ axis.
 */
export const plDroppedHypothesis = defineTheorem<PlSpec>({
  id: 'planted_pl_dropped_hypothesis',
  title: 'PLANTED FALSE: diagonal quadratics with curvatures in [1e-4, 1] are 0.01-PL',
  status: 'conjecture',
  kind: 'lower',
  claim: String.raw`\tfrac12\|\nabla f(x)\|^2\ge \mu\,(f(x)-f^*),\ \mu=0.01`,
  refs: [{ key: 'planted', where: 'PL inequality with the hypothesis λ_min ≥ μ dropped' }],
  hypotheses: fc.record({ a: grid(1, 200, 4), t: grid(-3_000_000, 3_000_000, 6) }),
  violations: fc.constant({ a: '0.005', t: '1' }),
  evaluate(B, s) {
    const K = ballArith(B);
    const t = K.num(s.t);
    const a = K.num(s.a);
    const x1 = K.sub(K.int(1), K.sqr(t));
    const x2 = K.mul(K.int(2), t);
    const grad2 = K.add(K.sqr(x1), K.mul(K.sqr(a), K.sqr(x2)));
    const f2 = K.add(K.sqr(x1), K.mul(a, K.sqr(x2)));
    // both sides doubled: ‖∇f‖² ≥ μ·2f
    return { claims: [claims.ge(B, grad2, K.mul(K.num(MU), f2), 'PL')], observed: { a: s.a } };
  },
});

interface HorizonSpec {
  readonly lam: string;
  readonly T: number;
}

/**
 * GD with η = 1/L (L = 1) on f(x) = λx²/2 from x₀ = 1: f(x_T) = λ(1 − λ)^{2T}/2, whose worst case over λ ∈ (0, 1] is
 * M(T) = ½·(1/(2T+1))·(2T/(2T+1))^{2T}, attained at λ = 1/(2T+1). Planted: the bound for horizon T + 1 (off by one);
 * false near λ = 1/(2T+1).
 */
function horizonClaim(id: string, tMin: number, tMax: number): Theorem<HorizonSpec> {
  return defineTheorem<HorizonSpec>({
    id,
    title: `PLANTED FALSE: worst-case GD value on quadratics after T steps, bound off by one (T in ${tMin}..${tMax})`,
    status: 'conjecture',
    kind: 'upper',
    claim: String.raw`f(x_T)-f^*\le M(T+1)\,\|x_0-x^*\|^2`,
    refs: [{ key: 'planted', where: 'exact worst case M(T) of GD on 1-d quadratics, evaluated at T + 1' }],
    hypotheses: fc.record({ lam: grid(1, 1_000_000, 6), T: fc.integer({ min: tMin, max: tMax }) }),
    violations: fc.constant({ lam: (1 / (2 * tMin + 1)).toFixed(6), T: tMin }),
    evaluate(B, s) {
      const K = ballArith(B);
      const lam = K.num(s.lam);
      const value = K.mul(lam, K.powi(K.sub(K.int(1), lam), 2 * s.T));
      const n = 2 * (s.T + 1);
      const bound = K.mul(K.div(K.int(1), K.int(n + 1)), K.powi(K.div(K.int(n), K.int(n + 1)), n));
      // both sides doubled: λ(1 − λ)^{2T} ≤ 2M(T+1)
      return { claims: [claims.le(B, value, bound, `f(x_${s.T})<=M(${s.T + 1})`)] };
    },
  });
}

/** A claim of the benchmark, with the kind of mistake it plants. */
export interface PlantedClaim {
  readonly theorem: Theorem<GainSpec> | Theorem<PlSpec> | Theorem<HorizonSpec>;
  readonly kind: 'wrong constant' | 'dropped hypothesis' | 'off-by-one horizon';
}

export const gainNear = gainClaim('planted_gain_constant_near_bound', '0.49999');
export const horizonOffByOne = horizonClaim('planted_horizon_off_by_one', 20, 60);

export const PLANTED: readonly PlantedClaim[] = [
  { theorem: gainNear, kind: 'wrong constant' },
  { theorem: plDroppedHypothesis, kind: 'dropped hypothesis' },
  { theorem: horizonOffByOne, kind: 'off-by-one horizon' },
  { theorem: gainClaim('planted_gain_constant_far', '0.49'), kind: 'wrong constant' },
  { theorem: horizonClaim('planted_horizon_off_by_one_short', 1, 4), kind: 'off-by-one horizon' },
];
