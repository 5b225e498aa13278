/**
 * Scalar networks L(w) = ½(Πw_i − y)² (Kreisler et al., arXiv 2305.13064; docs/theorems/eos.md E10–E13): the
 * GF-solution (GFS) sharpness φ(w) = y²Σ_i 1/(w_i² + c*) in closed form with an a-posteriori error bar, GD runs with
 * per-step backward errors, and instance generators.
 */
import fc from 'fast-check';
import {
  ballArith,
  ddBackend,
  gd,
  objective,
  run,
  scalarNet,
  spec,
  square,
  type Backend,
  type Ball,
  type Num,
  type Objective,
  type Repr,
  type S,
  type V,
} from '../../src/index.js';

const { cmp, isFiniteDecimal, largestDyadicBelow, parseNum, q, toNum } = spec.rational;

/** φ(w) ± err and the root c* (w_i² + c* = S(w)_i², docs/theorems/eos.md E11). */
export interface Gfs<R extends Repr> {
  readonly value: S<R>;
  readonly err: S<R>;
  readonly c: S<R>;
}

/**
 * GFS sharpness φ(w) = y²Σ 1/(w_i² + c*), c* the root of g(c) = Σ log(w_i² + c) − log y² on (−min w_i², ∞)
 * (requires all w_i ≠ 0 and sign(Πw) = sign(y); w and y exact as the backend holds them). g is increasing and concave,
 * so Newton from any point left of the root increases monotonically to it, and from the right lands left in one step
 * (safeguarded to stay in the domain). `c0` warm-starts it (the previous GD iterate's root). Error bar, a posteriori:
 * - residual r = g(ĉ) as a ball (ball arithmetic), |r| ≤ res = its upper end;
 * - |ĉ − c*| ≤ δc := res/g'(ĉ + δ0), δ0 = 2·res/g'(ĉ) (g' decreasing; valid when δc ≤ δ0, checked), in balls;
 * - φ: φ(ĉ) as a ball, widened by |∂φ/∂c|·δc = y²Σ 1/s_i⁴·δc, ×2 for the interval (the derivative's variation over
 *   |c − ĉ| ≤ δc ≤ min s_i²/4: an analytic bound, not arithmetic).
 * Returns undefined when the hypotheses fail (a zero weight, sign mismatch) or the bound is not valid.
 */
export function gfsSharpness<R extends Repr>(B: Backend<R>, w: V<R>, y: S<R>, c0?: S<R>): Gfs<R> | undefined {
  const K = ballArith(B);
  const ws = B.unpack(w);
  const sgn = ws.reduce<number>((acc, x) => acc * B.cmp(x, B.zero), 1);
  if (sgn === 0 || sgn !== B.cmp(y, B.zero)) return undefined;
  const u = B.eps;
  const sq = ws.map((x) => B.mul(x, x));
  const minSq = sq.reduce((m, x) => B.min(m, x));
  const logY2 = B.log(B.mul(y, y));
  const g = (c: S<R>) =>
    B.sub(
      sq.reduce((acc, q) => B.add(acc, B.log(B.add(q, c))), B.zero),
      logY2,
    );
  const dg = (c: S<R>) => sq.reduce((acc, q) => B.add(acc, B.div(B.one, B.add(q, c))), B.zero);
  const lo = B.neg(minSq);
  let c = c0 !== undefined && B.cmp(c0, lo) > 0 ? c0 : B.zero;
  for (let i = 0; i < 200; i++) {
    const gc = g(c);
    let next = B.sub(c, B.div(gc, dg(c)));
    if (!(B.cmp(next, lo) > 0) || !B.isFinite(next)) next = B.div(B.add(lo, c), B.int(2));
    const moved = B.abs(B.sub(next, c));
    c = next;
    if (B.cmp(moved, B.mul(B.mul(B.int(8), u), B.add(B.abs(c), minSq))) <= 0) {
      c = B.sub(c, B.div(g(c), dg(c)));
      break;
    }
  }
  const s2 = sq.map((q) => B.add(q, c));
  if (s2.some((x) => B.cmp(x, B.zero) <= 0)) return undefined;
  // balls of the exact quantities at the computed ĉ (and at ĉ + δ0)
  const wsq = ws.map((x) => K.sqr(K.exact(x)));
  const y2 = K.sqr(K.exact(y));
  const s2b = (cb: Ball<R>) => wsq.map((q) => K.add(q, cb));
  const cB = K.exact(c);
  const sAt = s2b(cB);
  if (sAt.some((x) => K.containsZero(x) || B.cmp(x.value, B.zero) < 0)) return undefined;
  const r = K.sub(K.sum(sAt.map((x) => K.log(x))), K.log(y2));
  const res = K.upper(K.abs(r));
  const dgB = (xs: Ball<R>[]) => K.sum(xs.map((x) => K.div(K.int(1), x)));
  const delta0 = K.upper(K.div(K.mul(K.int(2), K.exact(res)), dgB(sAt)));
  const sShift = s2b(K.exact(B.add(c, delta0)));
  if (sShift.some((x) => K.containsZero(x))) return undefined;
  const dc = K.upper(K.div(K.exact(res), dgB(sShift)));
  if (
    B.cmp(dc, delta0) > 0 ||
    B.cmp(
      B.mul(B.int(4), delta0),
      s2.reduce((m, x) => B.min(m, x)),
    ) > 0
  )
    return undefined;
  const phi = K.mul(y2, dgB(sAt));
  const inv4 = K.sum(sAt.map((x) => K.div(K.int(1), K.sqr(x))));
  const ball = K.widen(phi, K.upper(K.mul(K.mul(K.int(2), K.mul(y2, inv4)), K.exact(dc))));
  return { value: ball.value, err: ball.err, c };
}

/**
 * Bound on ‖∇φ(w)‖₂ (to carry a state perturbation into φ): implicit differentiation of Σ log(w_i² + c) = log y²
 * gives ∂c/∂w_j = −(2w_j/s_j²)/Σ_i s_i^{-2}, so ∂φ/∂w_j = −y²[2w_j/s_j⁴ + (Σ_i s_i^{-4})·∂c/∂w_j]; ×2 covers
 * the variation of ∇φ over a perturbation ball of radius ≪ min s_i (second order). Evaluated in ball arithmetic.
 */
export function gfsLipschitz<R extends Repr>(B: Backend<R>, w: V<R>, y: S<R>, c: S<R>): S<R> {
  const K = ballArith(B);
  const ws = B.unpack(w).map((x) => K.exact(x));
  const s2 = ws.map((x) => K.add(K.sqr(x), K.exact(c)));
  const inv2 = K.sum(s2.map((x) => K.div(K.int(1), x)));
  const inv4 = K.sum(s2.map((x) => K.div(K.int(1), K.sqr(x))));
  const y2 = K.sqr(K.exact(y));
  const two = K.int(2);
  const comps = ws.map((x, j) => {
    const a = K.div(K.mul(two, K.abs(x)), K.sqr(s2[j]!));
    const b = K.div(K.mul(inv4, K.div(K.mul(two, K.abs(x)), s2[j]!)), inv2);
    return K.mul(y2, K.add(a, b));
  });
  return K.upper(K.mul(two, K.norm2(K.vof(B.pack(comps.map((x) => x.value)), B.pack(comps.map((x) => x.err))))));
}

/** A scalar-network GD instance. */
export interface SnInstance {
  readonly w: Num[];
  readonly y: Num;
  readonly lr: Num;
}

export function snObjective<R extends Repr>(B: Backend<R>, D: number, y: Num): Objective<R> {
  return objective(B, scalarNet(B, { depth: D }), square(B), { X: B.mat([['1']]), y: B.vec([y]) });
}

export interface SnTrajectory<R extends Repr> {
  readonly thetas: V<R>[];
  /** ε_t = π_t − y as balls (ball arithmetic at the computed w_t; y exact decimal) */
  readonly eps: Ball<R>[];
  /**
   * delta[t] ≥ ‖ŵ_{t+1} − G(ŵ_t)‖ (G the exact GD map; the run's backward error, a structural bar), computed: G(ŵ_t)
   * = ŵ_t − η·ε(ŵ_t)(Π_{j≠i} w_j)_i in ball arithmetic, delta[t] = the upper end of ‖ŵ_{t+1} − G(ŵ_t)‖.
   */
  readonly delta: S<R>[];
  readonly result: string;
  readonly reason?: string;
}

export function snRun<R extends Repr>(
  B: Backend<R>,
  s: SnInstance,
  steps: number,
  stopTol?: S<R>,
  escape?: S<R>,
): SnTrajectory<R> {
  const K = ballArith(B);
  const D = s.w.length;
  const y = B.num(s.y);
  const yB = K.num(s.y);
  const lr = B.num(s.lr);
  const F = snObjective(B, D, s.y);
  const prod = (th: V<R>) => B.unpack(th).reduce((p, x) => B.mul(p, x), B.one);
  const stop =
    stopTol === undefined && escape === undefined
      ? undefined
      : (_F: unknown, th: V<R>) => {
          if (stopTol !== undefined && B.cmp(B.abs(B.sub(prod(th), y)), stopTol) <= 0) return 'converged';
          if (escape !== undefined && B.cmp(B.dot(th, th), escape) > 0) return 'escaped';
          return undefined;
        };
  const sol = run(F, gd(B, { lr }), B.vec(s.w), { steps, save: { every: 1 }, ...(stop ? { stop } : {}) });
  const thetas = sol.trajectory.map((p) => p.theta);
  const eps = thetas.map((th) =>
    K.sub(
      B.unpack(th).reduce((p, x) => K.mul(p, K.exact(x)), K.int(1)),
      yB,
    ),
  );
  const lrB = K.num(s.lr);
  const delta: S<R>[] = [];
  for (let t = 0; t + 1 < thetas.length; t++) {
    const ws = B.unpack(thetas[t]!).map((x) => K.exact(x));
    // the exact GD map G(ŵ_t) = ŵ_t − η·ε(ŵ_t)(Π_{j≠i} w_j)_i as a ball (ε from the ball eps[t], exact y)
    const g = ws.map((_, i) =>
      K.mul(
        eps[t]!,
        ws.reduce((p, x, j) => (j === i ? p : K.mul(p, x)), K.int(1)),
      ),
    );
    const gv = K.vof(B.pack(g.map((x) => x.value)), B.pack(g.map((x) => x.err)));
    const G = K.vsub(K.vexact(thetas[t]!), K.scal(lrB, gv));
    delta.push(K.upper(K.norm2(K.vsub(K.vexact(thetas[t + 1]!), G))));
  }
  return { thetas, eps, delta, result: sol.result, ...(sol.reason !== undefined ? { reason: sol.reason } : {}) };
}

/** φ(w₀) in float64, for the generators only (η is then chosen with a margin far above its float64 error). */
export function gfsFloat(w: readonly Num[], y: Num): number {
  const sq = w.map((x) => Number(x) ** 2);
  const ly = Math.log(Number(y) ** 2);
  let c = 0;
  const lo = -Math.min(...sq);
  for (let i = 0; i < 200; i++) {
    const g = sq.reduce((a, q) => a + Math.log(q + c), 0) - ly;
    const dg = sq.reduce((a, q) => a + 1 / (q + c), 0);
    let n = c - g / dg;
    if (!(n > lo)) n = (lo + c) / 2;
    if (Math.abs(n - c) <= 1e-15 * (Math.abs(c) + 1)) {
      c = n;
      break;
    }
    c = n;
  }
  return Number(y) ** 2 * sq.reduce((a, q) => a + 1 / (q + c), 0);
}

const DD = ddBackend();

/**
 * η = largest dyadic (2^-24 grid) ≤ 0.999·v·2√2/φ̂(w₀), φ̂ in float64. With `side`, the generator also certifies on
 * the dd backend which side of 2√2 η·φ(w₀) is on (φ ± its a-posteriori bar from `gfsSharpness`): 'below' for a
 * hypothesis η·φ(w₀) < 2√2, 'above' for its negative control. So the hypothesis holds by construction and is checked
 * to dd precision, not decided in float64; a failed certificate is a generator bug and throws.
 */
export function lrFromGfs(w: readonly Num[], y: Num, v: Num, side?: 'below' | 'above'): Num {
  const target = (Number(v) * 2 * Math.SQRT2) / gfsFloat(w, y);
  const cap = q(BigInt(Math.floor(target * 2 ** 40)), 2n ** 40n);
  const lr = largestDyadicBelow(target * 0.999, 24, (e) => cmp(e, cap) <= 0);
  if (side !== undefined) certifyGfsSide(w, y, lr, side);
  return lr;
}

/** Throws unless η·φ(w₀) < 2√2 ('below') or > 2√2 ('above') is certified on dd (compared as squares against 8). */
export function certifyGfsSide(w: readonly Num[], y: Num, lr: Num, side: 'below' | 'above'): void {
  const B = DD;
  const g = gfsSharpness(B, B.vec([...w]), B.num(y));
  const where = `w₀ = [${w.join(', ')}], y = ${y}, η = ${lr}`;
  if (g === undefined)
    throw new Error(
      `lrFromGfs: no certified φ(w₀) at ${where}; the initializer must give w_i ≠ 0 with sign(Πw) = sign(y)`,
    );
  const E = B.num(lr);
  // η is exact (dyadic); η·(φ ± err) and its square round 3 times: a relative 4·eps covers them.
  const slack = B.mul(B.int(4), B.eps);
  const hi = B.mul(E, B.add(g.value, g.err));
  const lo = B.mul(E, B.sub(g.value, g.err));
  const ok =
    side === 'below'
      ? B.cmp(B.mul(B.mul(hi, hi), B.add(B.one, slack)), B.int(8)) < 0
      : B.cmp(B.zero, lo) < 0 && B.cmp(B.mul(B.mul(lo, lo), B.sub(B.one, slack)), B.int(8)) > 0;
  if (!ok)
    throw new Error(
      `lrFromGfs: η·φ(w₀) ${side === 'below' ? '< 2√2' : '> 2√2'} is not certified at ${where} (φ = ${B.show(g.value)} ± ${B.show(g.err)}); fix the generator's margin`,
    );
}

/** Scalar-net init with π₀/y ∈ (0, 2): magnitudes drawn, then the last weight rescaled so π₀ = ρ·y, ρ = `ratio`. */
export function snInitArb(
  D: { min: number; max: number },
  ratio: fc.Arbitrary<Num>,
): fc.Arbitrary<{ w: Num[]; y: Num }> {
  return fc
    .record({
      base: spec.scalarNetInit({
        D,
        y: spec.nonzeroDyadic({ minAbs: '0.5', maxAbs: '2', bits: 3 }),
        magnitude: spec.dyadic({ min: '0.5', max: '2', bits: 3 }),
      }),
      ratio,
    })
    .map(({ base, ratio: rho }) => {
      // w_D := ρ·y / Π_{i<D} w_i. The magnitudes are k/8, so Π_{i<D} w_i = K/8^{D−1} and the quotient is a finite
      // decimal when K's odd part is a power of 5; otherwise qToNum rounds it toward 0 on the 2^-30 grid, so
      // π₀/y ∈ (0, ρ] stays inside (0, 2) (relative shift ≤ 2^-30/|w_D| ≲ 3e-7).
      const head = base.w.slice(0, -1);
      let P = { n: 1n, d: 1n };
      for (const x of head) {
        const r = parseNum(x);
        P = { n: P.n * r.n, d: P.d * r.d };
      }
      const Y = parseNum(base.y);
      const R = parseNum(rho);
      const last = spec.exactDiv(qToNum(R.n * Y.n * P.d, R.d * Y.d * P.n), '1');
      return { w: [...head, last], y: base.y };
    });
}

/**
 * n/d as a finite decimal string, rounded toward 0 on the 2^-30 grid when d (as given, not reduced) is not of the form
 * 2^a·5^b.
 */
function qToNum(n: bigint, d: bigint): Num {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (isFiniteDecimal({ n, d })) return toNum(q(n, d));
  return toNum(q((n * 2n ** 30n) / d, 2n ** 30n));
}
