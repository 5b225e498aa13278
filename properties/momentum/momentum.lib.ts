/**
 * Shared by the momentum theorems (docs/theorems/momentum.md): 1-D instances of the linear-Gaussian oracle, the
 * spectral radius of the heavy-ball matrix and the power bound ‖A^k‖₂ ≤ b_k of M4, and the rounding bars they give.
 * Bars and tails are computed in doubles with a relative safety margin: they bound rounding and geometric tails, not
 * the quantities under test.
 */
import fc from 'fast-check';
import {
  ballArith,
  expectCos,
  marginal,
  pointMass,
  propagate,
  sgdmSystem,
  sgdSystem,
  spec,
  type Backend,
  type LinearGaussianSystem,
  type Ball,
  type Moments,
  type Num,
  type Opaque,
  type QuadraticNoise,
  type S,
} from '../../src/index.js';

export const R = spec.rational;

/** Curvatures h: powers of two, so γ = 2(1 + β)u/h and every entry of A and Q stay exact dyadics. */
export const POW2_CURVATURES: readonly Num[] = ['0.25', '0.5', '1', '2', '4'];

/** F(x) = ½hx², g = hx + ξ, ξ ~ N(0, σ²). */
export function oneDim(B: Backend<Opaque>, h: Num, sigma2: Num): QuadraticNoise<Opaque> {
  return { H: B.mat([[h]]), xStar: B.vec(['0']), Sigma: B.mat([[sigma2]]) };
}

/**
 * ρ(A) = max(√β, (|t| + √max(t² − 4β, 0))/2) for t = 1 + β − γh (M4), rounded up: near t² = 4β the double
 * t² − 4β carries an absolute error of a few ulps of t² + 4β, so its square root one of about 2^{−25}(|t| + 2√β),
 * at most 3e-8(|t| + 1).
 */
export function heavyBallRho(t: number, beta: number): number {
  const disc = t * t - 4 * beta;
  const rho = Math.max(Math.sqrt(beta), (Math.abs(t) + Math.sqrt(Math.max(disc, 0))) / 2);
  return rho * (1 + 1e-12) + 3e-8 * (Math.abs(t) + 1);
}

/** b_0 = 1 and b_k = kρ^{k−1}‖A‖_F + β(k − 1)ρ^{k−2} ≥ ‖A^k‖₂ (M4, Cayley–Hamilton), k ≤ K, with a 1e-9 margin. */
export function powerBounds(normA: number, beta: number, rho: number, K: number): number[] {
  const b = [1];
  for (let k = 1; k <= K; k++) {
    const first = k * rho ** (k - 1) * normA;
    const second = k >= 2 ? beta * (k - 1) * rho ** (k - 2) : 0;
    b.push((first + second) * (1 + 1e-9));
  }
  return b;
}

/** The heavy-ball matrix's scalars for curvature h: t = 1 + β − γh and ‖A‖_F of [[1 − γh, −γβ], [h, β]]. */
export function heavyBallShape(lr: number, beta: number, h: number): { t: number; normA: number } {
  const a = [1 - lr * h, -lr * beta, h, beta];
  return { t: 1 + beta - lr * h, normA: Math.sqrt(a.reduce((s, x) => s + x * x, 0)) * (1 + 1e-12) };
}

/** γ = 2(1 + β)u/h, exactly (h a power of two, β and u dyadic: a dyadic). */
export function lrOfFraction(beta: Num, u: Num, h: Num): Num {
  const twoOnePlus = R.mul(R.fromInt(2), R.add(R.ONE, R.parseNum(beta)));
  return R.toPlainNum(R.div(R.mul(twoOnePlus, R.parseNum(u)), R.parseNum(h)));
}

/** The draws the stationary-variance theorems share: a power-of-two curvature h and a noise variance σ² ∈ [1/16, 4]. */
export const curvatureAndNoise = () => ({
  h: fc.constantFrom(...POW2_CURVATURES),
  sigma2: spec.dyadic({ min: '0.0625', max: '4', bits: 4 }),
});

/** Checkpoints k = K/4, K/2, K where the theorems claim (several k: the tail bound is tested where it is not tiny). */
export function checkpoints(K: number): number[] {
  return [Math.max(1, Math.floor(K / 4)), Math.max(1, Math.floor(K / 2)), K];
}

/** The moments from rest (a point mass at x₀ = 0) propagated K steps, recorded at `checkpoints(K)`. */
export function fromRestAtCheckpoints(B: Backend<Opaque>, sys: LinearGaussianSystem<Opaque>, K: number) {
  const at = checkpoints(K);
  return propagate(B, sys, pointMass(B, sys, B.vec(['0'])), K, (k) => at.includes(k));
}

/**
 * Rounding bars of the moment recursions of heavy-ball SGDM in 1-D from a point mass at x₀ (docs/theorems/momentum.md
 * M4): for every k ≤ K, `mean[k]` bounds the error of the computed E x_k and `cov[k]` that of Var x_k. A per-step
 * rounding δ_j reaches step k multiplied by ‖A^{k−j}‖₂ ≤ b_{k−j} (mean) or b_{k−j}² (covariance); δ_j itself is bounded
 * through ‖A^{j−1}‖ ≤ b_{j−1} (mean: 2.01u‖A‖_F b_{j−1}|x₀|) and ‖P_j‖_F ≤ ‖Q‖_F Σ_{i<j} b_i² (covariance:
 * 8u(‖A‖_F²‖P_j‖_F + ‖Q‖_F)). O(K²) doubles.
 */
export function sgdmMomentBars(
  u: number,
  lr: number,
  beta: number,
  h: number,
  sigma2: number,
  x0: number,
  K: number,
): { mean: number[]; cov: number[] } {
  const { t, normA } = heavyBallShape(lr, beta, h);
  const b = powerBounds(normA, beta, heavyBallRho(t, beta), K);
  const normQ = sigma2 * Math.hypot(lr * lr, lr, lr, 1);
  const p = [0];
  for (let i = 0; i < K; i++) p.push(p[i]! + normQ * b[i]! ** 2);
  const mean = [0];
  const cov = [0];
  for (let k = 1; k <= K; k++) {
    let em = 0;
    let ec = 0;
    for (let j = 1; j <= k; j++) {
      em += b[k - j]! * b[j - 1]!;
      ec += b[k - j]! ** 2 * (normA * normA * p[j - 1]! + normQ);
    }
    mean.push(2.01 * u * normA * Math.abs(x0) * em * 1.01);
    cov.push(8 * u * ec * 1.01);
  }
  return { mean, cov };
}

/** A test function of x with a closed-form Gaussian expectation (docs/theorems/momentum.md M2). */
export type TestFunction = 'square' | 'cos';

/** E h(x) of N(μ, V) in 1-D: μ² + V or cos(μ)e^{−V/2}. */
export function expectTest(B: Backend<Opaque>, m: Moments<Opaque>, test: TestFunction): S<Opaque> {
  if (test === 'cos') return expectCos(B, m, B.vec(['1']));
  const mu = B.at(m.mean, 0);
  return B.add(B.mul(mu, mu), B.mget(m.cov, 0, 0));
}

/**
 * The exact weak gap D = max_{k ≤ steps}|E h(x_k^SGDM) − E h(x_k^SGD)| on ½hx² with N(0, σ²) gradient noise, SGD at
 * `lrSgd` and heavy-ball SGDM at (`lr`, `beta`), both from x₀ (docs/theorems/momentum.md M7), as a ball. Bars:
 * SGD's mean and variance are products and sums of nonnegative terms (within (k + 1)u and 6ku relative: three
 * roundings per step and two in η²σ²); SGDM's come from `sgdmMomentBars` (M4); E h then adds 2|μ|Δμ + Δμ² + ΔV
 * (square) or Δμ + ΔV/2 + 64u(1 + |μ|) (cos: the trig and exp roundings).
 */
export function exactWeakGap(
  B: Backend<Opaque>,
  o: {
    readonly h: Num;
    readonly sigma2: S<Opaque>;
    readonly x0: Num;
    readonly lrSgd: S<Opaque>;
    readonly lr: S<Opaque>;
    readonly beta: S<Opaque>;
    readonly steps: number;
    readonly test: TestFunction;
  },
): Ball<Opaque> {
  const u = B.toNumber(B.eps);
  const q = oneDim(B, o.h, B.show(o.sigma2));
  const sgd = sgdSystem(B, q, o.lrSgd);
  const sgdm = sgdmSystem(B, q, o.lr, o.beta);
  const p1 = propagate(B, sgd, pointMass(B, sgd, B.vec([o.x0])), o.steps).points;
  const p2 = propagate(B, sgdm, pointMass(B, sgdm, B.vec([o.x0])), o.steps).points;
  const bars = sgdmMomentBars(
    u,
    B.toNumber(o.lr),
    B.toNumber(o.beta),
    Number(o.h),
    B.toNumber(o.sigma2),
    Number(o.x0),
    o.steps,
  );
  let best = B.zero;
  let bar = 0;
  for (let k = 0; k <= o.steps; k++) {
    const m1 = p1[k]!.moments;
    const m2 = marginal(B, p2[k]!.moments, 1);
    const diff = B.abs(B.sub(expectTest(B, m2, o.test), expectTest(B, m1, o.test)));
    if (B.cmp(diff, best) > 0) best = diff;
    const mu1 = Math.abs(B.toNumber(B.at(m1.mean, 0)));
    const mu2 = Math.abs(B.toNumber(B.at(m2.mean, 0)));
    const dm1 = (k + 1) * u * mu1;
    const dv1 = 6 * k * u * B.toNumber(B.mget(m1.cov, 0, 0));
    const [dm2, dv2] = [bars.mean[k]!, bars.cov[k]!];
    const e =
      o.test === 'square'
        ? 2 * mu1 * dm1 + dm1 * dm1 + dv1 + 2 * mu2 * dm2 + dm2 * dm2 + dv2
        : dm1 + dv1 / 2 + dm2 + dv2 / 2 + 64 * u * (2 + mu1 + mu2);
    bar = Math.max(bar, e * 1.01);
  }
  return ballArith(B).of(best, B.fromDouble(bar));
}
