/**
 * The slow-drift toy (docs/theorems/momentum.md M9): L(u, v) = ½h(u)v², h(u) = 1 + u², gradient noise σξ on the
 * v-coordinate only. n independent chains run side by side as backend vectors (one entry per chain), SGD at learning
 * rate `lr` η, or heavy-ball SGDM at `lr` γ run in normalized form at the effective rate γ/(1 − β) (the paper's pairing
 * is γ = η(1 − β)).
 */
import {
  ballArith,
  gaussians,
  spec,
  rngFromSeed,
  split,
  type Backend,
  type Ball,
  type Num,
  type Opaque,
  type V,
} from '../../src/index.js';

type B = Backend<Opaque>;
const R = spec.rational;

export interface SlowDriftChains {
  /** u_K per chain, as balls (the a-priori rounding bar of the run, the same for every chain). */
  readonly uK: readonly Ball<Opaque>[];
  /**
   * Why the run says nothing (a chain's u left [0, u₀], ηv² reached ¼, or the rounding bar is too wide at this
   * backend's precision), or null.
   */
  readonly left: string | null;
}

/**
 * The step applied to the gradient (SGD) or to m̃ (normalized SGDM): lr, resp. lr/(1 − β), as an exact decimal (the
 * catalogue's 1 − β are powers of two; a rate with no finite decimal is refused rather than rounded).
 */
function stepRate(o: { readonly lr: Num; readonly momentum: { readonly beta: Num } | null }): Num {
  if (o.momentum === null) return o.lr;
  const q = R.div(R.parseNum(o.lr), R.sub(R.ONE, R.parseNum(o.momentum.beta)));
  const d = R.dyadicBelow(q, 60);
  if (R.cmp(d, q) !== 0)
    throw new RangeError(`slowDrift: lr/(1 − β) = ${o.lr}/(1 − ${o.momentum.beta}) is not a dyadic`);
  return R.toPlainNum(d);
}

/** Polar-method normals satisfy |ξ| < 12.2 (s ≥ 2^-106), so a step adds at most 12.2σ of noise. */
const XI_MAX = 12.2;

/**
 * n chains from (u₀, v₀ = 0), K steps. momentum = null: SGD, (u, v) ← (u, v) − η(uv², h(u)v + σξ), η = lr. Otherwise
 * heavy-ball SGDM at γ = lr in normalized form: m̃ ← βm̃ + (1 − β)g, (u, v) ← (u, v) − (γ/(1 − β))·m̃ (m̃₀ = 0), on the
 * same kind of draws.
 */
export function runChains(
  Bk: B,
  o: {
    readonly u0: Num;
    readonly lr: Num;
    readonly sigma: Num;
    readonly steps: number;
    readonly samples: number;
    readonly seed: number;
    readonly momentum: { readonly beta: Num } | null;
  },
): SlowDriftChains {
  const n = o.samples;
  const rate = stepRate(o);
  const sigma = Bk.num(o.sigma);
  const u0 = Bk.num(o.u0);
  const half = Bk.div(u0, Bk.int(2));
  const beta = o.momentum === null ? Bk.zero : Bk.num(o.momentum.beta);
  const oneMinus = Bk.sub(Bk.one, beta);
  const step = Bk.num(rate);
  const negStep = Bk.neg(step);
  let u: V<Opaque> = Bk.fill(n, u0);
  let v: V<Opaque> = Bk.zeros(n);
  let mu: V<Opaque> = Bk.zeros(n);
  let mv: V<Opaque> = Bk.zeros(n);
  // SGD and SGDM draw from independent halves of the seed's stream
  let rng = split(rngFromSeed(o.seed))[o.momentum === null ? 0 : 1];
  let vmax = 0;
  const draws: V<Opaque>[] = [];
  for (let k = 0; k < o.steps; k++) {
    const xi = gaussians(Bk, rng, n);
    rng = xi.rng;
    draws.push(xi.value);
    const h = Bk.vshift(Bk.vmul(u, u), Bk.one);
    const gu = Bk.vmul(u, Bk.vmul(v, v));
    const gv = Bk.axpy(sigma, xi.value, Bk.vmul(h, v));
    if (o.momentum === null) {
      u = Bk.axpy(negStep, gu, u);
      v = Bk.axpy(negStep, gv, v);
    } else {
      mu = Bk.axpy(beta, mu, Bk.scal(oneMinus, gu));
      mv = Bk.axpy(beta, mv, Bk.scal(oneMinus, gv));
      u = Bk.axpy(negStep, mu, u);
      v = Bk.axpy(negStep, mv, v);
    }
    vmax = Math.max(vmax, Bk.toNumber(Bk.amax(v)));
    // 0 ≤ u ≤ u₀ ⇔ |u − u₀/2| ≤ u₀/2; ηv² < ¼ keeps every factor 1 − ηv² of the u-update in (¾, 1]
    if (!(Bk.cmp(Bk.amax(Bk.vshift(u, Bk.neg(half))), half) <= 0))
      return { uK: [], left: `a chain's u left [0, u₀] at step ${k + 1}` };
    if (!(Bk.toNumber(step) * vmax * vmax < 0.25))
      return { uK: [], left: `ηv² reached ¼ at step ${k + 1} (v = ${vmax.toPrecision(3)})` };
  }
  const K = ballArith(Bk);
  const bar = roundingBar(Bk, o, vmax);
  if (bar < 1e-2) {
    // 4 significant digits are within 5e-4 relatively; the factor 1.01 covers that and the one rounded product
    const err = Bk.mul(Bk.num(bar.toExponential(3)), Bk.num('1.01'));
    return { uK: Bk.unpack(u).map((x) => K.of(x, err)), left: null };
  }
  // the a-priori bar is too wide (f64 over 128 steps at a large rate): rerun the chains in ball arithmetic instead
  const uK = ballChains(Bk, o, draws);
  const widest = Math.max(...uK.map((b) => Bk.toNumber(b.err)));
  if (!(widest < 1e-2))
    return { uK: [], left: `the rounding bar (ball arithmetic) ${widest.toPrecision(2)} is too wide at ${Bk.id}` };
  return { uK, left: null };
}

/**
 * The same chains in ball arithmetic (src/ball) on the same draws: u_K of each chain with a rigorous radius. The
 * draws are the polar method's outputs, which carry a relative error ≤ 8u against exact normals (their radius here).
 * Used where the a-priori bar of `roundingBar` is too wide: the ball radii grow with the products of the |Jacobians|
 * along the actual path, not with the worst-case Γ^K.
 */
function ballChains(
  Bk: B,
  o: {
    readonly u0: Num;
    readonly lr: Num;
    readonly sigma: Num;
    readonly steps: number;
    readonly momentum: { readonly beta: Num } | null;
  },
  draws: readonly V<Opaque>[],
): Ball<Opaque>[] {
  const K = ballArith(Bk);
  const rel = Bk.mul(Bk.int(8), Bk.eps);
  const cols = draws.map((d) => Bk.unpack(d));
  const n = cols[0]?.length ?? 0;

  const sigma = K.num(o.sigma);
  const beta = K.num(o.momentum === null ? '0' : o.momentum.beta);
  const oneMinus = K.sub(K.int(1), beta);
  const step = K.num(stepRate(o));
  const out: Ball<Opaque>[] = [];
  for (let j = 0; j < n; j++) {
    let u = K.num(o.u0);
    let v = K.int(0);
    let mu = K.int(0);
    let mv = K.int(0);
    for (let k = 0; k < o.steps; k++) {
      const x = cols[k]![j]!;
      const xi = K.of(x, Bk.mul(rel, Bk.abs(x)));
      const gu = K.mul(u, K.sqr(v));
      const gv = K.add(K.mul(K.add(K.int(1), K.sqr(u)), v), K.mul(sigma, xi));
      if (o.momentum === null) {
        u = K.sub(u, K.mul(step, gu));
        v = K.sub(v, K.mul(step, gv));
      } else {
        mu = K.add(K.mul(beta, mu), K.mul(oneMinus, gu));
        mv = K.add(K.mul(beta, mv), K.mul(oneMinus, gv));
        u = K.sub(u, K.mul(step, mu));
        v = K.sub(v, K.mul(step, mv));
      }
    }
    out.push(u);
  }
  return out;
}

/**
 * Rounding bar of one chain after K steps: K·Γ^K·E, Γ a bound on one step's Jacobian in a norm where the dynamics are
 * nearly neutral. With |u| ≤ u₀ and |v| ≤ V (V = 1.01·max|v| of the computed path + 1e-9: the computed and true paths
 * differ by less than the bar, which is required < 1e-2 below), the gradient g = (uv², h(u)v + σξ) has Jacobian
 * J = [[v², 2uv], [2uv, h]] with ‖J‖∞ ≤ L_g = 2u₀V + max(V², 1 + u₀²), and I − sJ has ∞-norm ≤ 1 + 2su₀V for
 * 0 < s·h ≤ 1 (the diagonal entries 1 − sv², 1 − sh are in [0, 1]). SGD: Γ = 1 + 2ηu₀V. SGDM (step s = rη) in the
 * norm max(|e_θ|, |e_m̃|/L_g): the m̃ row is ≤ β + (1 − β) = 1 and the θ row ≤ 1 + s(1 − β)2u₀V + sβL_g = Γ. One step
 * rounds ≤ 16 operations on terms ≤ T = 2 + u₀ + (1 + u₀²)(1 + V) + 13σ (the polar method's ξ carries relative
 * error ≤ 8u), so E = 4·16·u·T.
 */
function roundingBar(
  Bk: B,
  o: {
    readonly u0: Num;
    readonly lr: Num;
    readonly sigma: Num;
    readonly steps: number;
    readonly momentum: { readonly beta: Num } | null;
  },
  vmax: number,
): number {
  const u0 = Number(o.u0);
  const V = 1.01 * vmax + 1e-9;
  const Lg = 2 * u0 * V + Math.max(V * V, 1 + u0 * u0);
  const b = o.momentum === null ? 0 : Number(o.momentum.beta);
  const s = Number(stepRate(o));
  const gamma = o.momentum === null ? 1 + 2 * s * u0 * V : 1 + s * (1 - b) * 2 * u0 * V + s * b * Lg;
  const T = 2 + u0 + (1 + u0 * u0) * (1 + V) + (XI_MAX + 1) * Number(o.sigma);
  return o.steps * gamma ** o.steps * 64 * Bk.toNumber(Bk.eps) * T;
}

/**
 * u(T) of the slow ODE u̇ = −(ησ²/4)h′(u)/h(u) = −(ησ²/2)u/(1 + u²) from u₀: ln u + u²/2 = ln u₀ + u₀²/2 − ησ²T/2
 * (separable). Newton from u₀ gives u*; F(u) = ln u + u²/2 has F′ = 1/u + u ≥ 2, so |u* − u(T)| ≤ |F(u*) − c|/2,
 * evaluated in ball arithmetic.
 */
export function slowOde(Bk: B, u0s: Num, lr: Num, sigma: Num, time: Num): Ball<Opaque> {
  const K = ballArith(Bk);
  const u0 = K.num(u0s);
  const s = K.num(sigma);
  const F = (x: Ball<Opaque>) => K.add(K.log(x), K.div(K.sqr(x), K.int(2)));
  const c = K.sub(F(u0), K.div(K.mul(K.mul(K.num(lr), K.sqr(s)), K.num(time)), K.int(2)));
  let u = Bk.num(u0s);
  for (let i = 0; i < 60; i++) {
    const f = Bk.sub(Bk.add(Bk.log(u), Bk.div(Bk.mul(u, u), Bk.int(2))), c.value);
    u = Bk.sub(u, Bk.div(f, Bk.add(Bk.div(Bk.one, u), u)));
  }
  const r = K.sub(F(K.exact(u)), c);
  return K.of(u, Bk.div(K.upper(K.abs(r)), Bk.int(2)));
}
