/**
 * The minimizers of Example 5 (arXiv 2410.12455, eq. (8)) isolated from the certificate of `reluSolutions.ts`
 * (docs/theorems/landscape.md LE10). With b* the polished best point, s its sign pattern and ι* its activation
 * pattern, G*(b) = (1/n)Σ_i ϕ(q_i·b) + 2λΣ_j‖b_j‖ equals g_s on the closed cone C* of ι* and is convex there. Proved
 * here, in ball arithmetic over f64:
 *  1. every box left by the branch-and-bound (the only places a minimizer can be) has the pattern (s, ι*) or its unit
 *     swap, so every minimizer lies in C* or in its swap;
 *  2. on the 4-D box X = b* ± ρ₀ (inside C*'s interior: the signs of b_jᵀx_i are fixed on X), ∇²G* − μI is positive
 *     definite for every matrix of the interval Hessian (LDLᵀ pivots > 0 in ball arithmetic);
 *  3. with p = ∇G*(b*) and ρ the root of μρ²/2 − ‖p‖ρ = fUpper − G*(b*) (≤ ρ₀), every y at distance ρ from b* has
 *     G*(y) ≥ G*(b*) + p·(y − b*) + μρ²/2 > fUpper ≥ f*, and by convexity along the segment from b* every b ∈ C*
 *     farther than ρ does too. G* is strictly convex on the ball, so it holds exactly one minimizer.
 * So S = {θ*, swap(θ*)}, θ* the balanced lift of (s, b) with ‖b − b*‖ ≤ ρ: v_j = s_j√‖b_j‖, w_j = b_j/√‖b_j‖.
 */
import { ballArith, type Ball, type BallArith } from '../ball/ball.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { directionPattern, type ReluCertificate, type ReluProblem } from './reluSolutions.js';

type K64 = BallArith<F64>;
type B64 = Ball<F64>;

/** What the isolation proved. */
export interface ReluMinimizers {
  /** The centre b* and the radius: every minimizer's b (for the sign pattern s) is within rho of b*. */
  readonly s: readonly [1 | -1, 1 | -1];
  readonly bStar: readonly number[];
  readonly rho: number;
  /** The strong convexity constant proved on b* ± rho0. */
  readonly mu: number;
  /** θ = (w_1, w_2, v_1, v_2) enclosed, for the minimizer and for its unit swap. */
  readonly theta: readonly B64[];
  readonly thetaSwap: readonly B64[];
}

const key = (s: readonly number[], iota: readonly (readonly number[])[]) => `${s.join()}|${iota.flat().join()}`;

/** G* and ∇G* (balls) over the ball vector b, for the signs s and pattern iota. */
function gradAndHessian(K: K64, P: ReluProblem, s: readonly number[], iota: readonly (readonly number[])[], b: B64[]) {
  const n = K.int(P.xs.length);
  const twoLambda = K.mul(K.int(2), K.num(P.lambda));
  let G = K.int(0);
  const g: B64[] = [0, 1, 2, 3].map(() => K.int(0));
  const H: B64[][] = [0, 1, 2, 3].map(() => [0, 1, 2, 3].map(() => K.int(0)));
  P.xs.forEach((x, i) => {
    const q: B64[] = [];
    for (let j = 0; j < 2; j++)
      for (let l = 0; l < 2; l++) {
        const sg = P.ys[i]! * s[j]! * iota[i]![j]!;
        q.push(sg === 0 ? K.int(0) : sg > 0 ? K.num(x[l]!) : K.neg(K.num(x[l]!)));
      }
    let u = K.int(0);
    for (let k = 0; k < 4; k++) u = K.add(u, K.mul(q[k]!, b[k]!));
    const e = K.exp(u);
    G = K.add(G, K.log(K.add(K.int(1), K.exp(K.neg(u)))));
    const d1 = K.neg(K.div(K.int(1), K.add(K.int(1), e)));
    const d2 = K.div(e, K.sqr(K.add(K.int(1), e)));
    for (let k = 0; k < 4; k++) {
      g[k] = K.add(g[k]!, K.mul(d1, q[k]!));
      for (let l = 0; l < 4; l++) H[k]![l] = K.add(H[k]![l]!, K.mul(d2, K.mul(q[k]!, q[l]!)));
    }
  });
  G = K.div(G, n);
  for (let k = 0; k < 4; k++) {
    g[k] = K.div(g[k]!, n);
    for (let l = 0; l < 4; l++) H[k]![l] = K.div(H[k]![l]!, n);
  }
  for (let j = 0; j < 2; j++) {
    const [a, c] = [b[2 * j]!, b[2 * j + 1]!];
    const nb = K.sqrt(K.add(K.sqr(a), K.sqr(c)));
    const nb3 = K.mul(nb, K.sqr(nb));
    G = K.add(G, K.mul(twoLambda, nb));
    g[2 * j] = K.add(g[2 * j]!, K.div(K.mul(twoLambda, a), nb));
    g[2 * j + 1] = K.add(g[2 * j + 1]!, K.div(K.mul(twoLambda, c), nb));
    // ∇²‖b_j‖ = [[c², −ac], [−ac, a²]]/‖b_j‖³
    const t = (m: B64) => K.div(K.mul(twoLambda, m), nb3);
    H[2 * j]![2 * j] = K.add(H[2 * j]![2 * j]!, t(K.sqr(c)));
    H[2 * j + 1]![2 * j + 1] = K.add(H[2 * j + 1]![2 * j + 1]!, t(K.sqr(a)));
    const off = t(K.neg(K.mul(a, c)));
    H[2 * j]![2 * j + 1] = K.add(H[2 * j]![2 * j + 1]!, off);
    H[2 * j + 1]![2 * j] = K.add(H[2 * j + 1]![2 * j]!, off);
  }
  return { G, g, H };
}

/** True when every symmetric matrix of the interval matrix H − mu·I is positive definite (LDLᵀ pivots > 0). */
function definiteAbove(K: K64, H: readonly (readonly B64[])[], mu: number): boolean {
  const m = H.length;
  const A = H.map((row, k) => row.map((h, l) => (k === l ? K.sub(h, K.exact(mu)) : h)));
  const L: B64[][] = A.map(() => A.map(() => K.int(0)));
  const d: B64[] = [];
  for (let k = 0; k < m; k++) {
    let dk = A[k]![k]!;
    for (let r = 0; r < k; r++) dk = K.sub(dk, K.mul(K.sqr(L[k]![r]!), d[r]!));
    if (!(K.lower(dk) > 0)) return false;
    d.push(dk);
    for (let i = k + 1; i < m; i++) {
      let v = A[i]![k]!;
      for (let r = 0; r < k; r++) v = K.sub(v, K.mul(K.mul(L[i]![r]!, L[k]![r]!), d[r]!));
      L[i]![k] = K.div(v, dk);
    }
  }
  return true;
}

/** The balanced lift θ = (w_1, w_2, v_1, v_2) of (s, b) for b in balls (each b_j bounded away from 0). */
function liftBalls(K: K64, s: readonly number[], b: readonly B64[]): B64[] {
  const w: B64[] = [];
  const v: B64[] = [];
  for (let j = 0; j < 2; j++) {
    const rt = K.sqrt(K.sqrt(K.add(K.sqr(b[2 * j]!), K.sqr(b[2 * j + 1]!))));
    w.push(K.div(b[2 * j]!, rt), K.div(b[2 * j + 1]!, rt));
    v.push(s[j]! > 0 ? rt : K.neg(rt));
  }
  return [...w, ...v];
}

/**
 * Isolates the minimizers (module comment). Throws an Error saying which step failed: a box of another pattern left
 * (rerun the certificate with a smaller fineTol), no μ > 0 on b* ± rho0 (smaller rho0), or ρ > rho0.
 */
export function isolateReluMinimizers(P: ReluProblem, cert: ReluCertificate, rho0 = 1e-3): ReluMinimizers {
  const K = ballArith(f64Backend());
  const { s, b } = cert.best;
  const bStar = [...b];
  const iotaAt = (bb: readonly number[]) =>
    P.xs.map((x) => [0, 1].map((j) => (bb[2 * j]! * Number(x[0]) + bb[2 * j + 1]! * Number(x[1]) > 0 ? 1 : 0)));
  const iota = iotaAt(bStar);
  const sw = [s[1], s[0]] as const;
  const iotaSw = iota.map(([a, c]) => [c!, a!]);
  const allowed = new Set([key(s, iota), key(sw, iotaSw)]);
  for (const box of cert.boxes) {
    const pat = directionPattern(P, box);
    if (pat === undefined || !allowed.has(key(box.s, pat)))
      throw new Error(
        `reluMinimizers: a box left by the certificate (s = ${box.s.join()}, sides ${box.side.join()}) is not in the cone of b*; rerun with a smaller fineTol`,
      );
  }
  // step 2 on X = b* ± rho0: the pattern is fixed there and ∇²G* ⪰ μ
  const X = bStar.map((v) => K.of(v, rho0));
  for (let i = 0; i < P.xs.length; i++)
    for (let j = 0; j < 2; j++) {
      const z = K.add(K.mul(X[2 * j]!, K.num(P.xs[i]![0])), K.mul(X[2 * j + 1]!, K.num(P.xs[i]![1])));
      if (K.containsZero(z))
        throw new Error(`reluMinimizers: b* ± ${rho0} meets a kink (unit ${j + 1}, sample ${i + 1})`);
    }
  const { H } = gradAndHessian(K, P, s, iota, X);
  let mu = 0;
  for (let e = 0; e <= 30 && mu === 0; e++) if (definiteAbove(K, H, 2 ** -e)) mu = 2 ** -e;
  if (mu === 0) throw new Error(`reluMinimizers: no μ ≥ 2^-30 proved on b* ± ${rho0}; use a smaller rho0`);
  // step 3: ρ from the gap fUpper − G*(b*) and ‖p‖
  const at = gradAndHessian(
    K,
    P,
    s,
    iota,
    bStar.map((v) => K.exact(v)),
  );
  // ‖p‖ ≈ 1e-17 at the polished b*: its ball reaches below 0, so use the upper end (ρ grows with ‖p‖)
  const pn = K.exact(K.upper(K.sqrt(K.exact(Math.max(K.upper(K.sum(at.g.map((gk) => K.sqr(gk)))), 0)))));
  const gap = K.sub(K.exact(cert.fUpper), K.exact(K.lower(at.G)));
  // ρ = (‖p‖ + √(‖p‖² + 2μ·gap))/μ, upper end; any larger ρ works as well
  const rhoB = K.div(K.add(pn, K.sqrt(K.add(K.sqr(pn), K.mul(K.exact(2 * mu), gap)))), K.exact(mu));
  const rho = K.upper(rhoB) * (1 + 1e-12);
  if (!(rho <= rho0)) throw new Error(`reluMinimizers: ρ = ${rho} exceeds rho0 = ${rho0}`);
  const ball = bStar.map((v) => K.of(v, rho));
  const swapBall = [ball[2]!, ball[3]!, ball[0]!, ball[1]!];
  return { s, bStar, rho, mu, theta: liftBalls(K, s, ball), thetaSwap: liftBalls(K, sw, swapBall) };
}

/** Proj(x, S) for S = {θ*, swap θ*}: the candidates (indices 0 = θ*, 1 = swap) whose distance may be least. */
export function reluProjection(
  m: ReluMinimizers,
  x: readonly number[],
): { readonly candidates: readonly (0 | 1)[]; readonly dist2: readonly [B64, B64] } {
  const K = ballArith(f64Backend());
  const d2 = (th: readonly B64[]) => K.sum(th.map((t, k) => K.sqr(K.sub(K.exact(x[k]!), t))));
  const dist2: [B64, B64] = [d2(m.theta), d2(m.thetaSwap)];
  const least = Math.min(K.upper(dist2[0]), K.upper(dist2[1]));
  const candidates = ([0, 1] as const).filter((k) => K.lower(dist2[k]) <= least);
  return { candidates, dist2 };
}
