/**
 * Scalar networks L(w) = ½(Πw_i − y)² (Kreisler et al., arXiv 2305.13064; docs/theorems/eos.md E10–E13): the GF-solution (GFS)
 * sharpness φ(w) = y²Σ_i 1/(w_i² + c*) in closed form with an a-posteriori error bar, GD runs with per-step backward
 * errors, and instance generators.
 */
import fc from 'fast-check';
import { ddBackend, gd, objective, run, scalarNet, spec, square, type AnyBackend, type Num, type Objective } from '../../src/index.js';

const { cmp, isFiniteDecimal, largestDyadicBelow, parseNum, q, toNum } = spec.rational;

/** φ(w) ± err and the root c* (w_i² + c* = S(w)_i², docs/theorems/eos.md E11). */
export interface Gfs {
  readonly value: unknown;
  readonly err: unknown;
  readonly c: unknown;
}

/**
 * GFS sharpness φ(w) = y²Σ 1/(w_i² + c*), c* the root of g(c) = Σ log(w_i² + c) − log y² on (−min w_i², ∞)
 * (requires all w_i ≠ 0 and sign(Πw) = sign(y)). g is increasing and concave, so Newton from any point left of the root
 * increases monotonically to it, and from the right lands left in one step (safeguarded to stay in the domain).
 * `c0` warm-starts it (the previous GD iterate's root). Error bar, a posteriori:
 * - residual r = g(ĉ) evaluated with error e_r ≤ 4u[Σ_i((w_i² + |c|)/s_i² + |log s_i²|) + |log y²| + D] (s_i² = w_i² + ĉ:
 *   the sum's argument rounds by u(w_i² + |c|), each log adds u|log|, the sum D roundings; ×4 for γ and O(u²));
 * - |ĉ − c*| ≤ δc := (|r| + e_r)/g'(ĉ + δ0), δ0 = 2(|r| + e_r)/g'(ĉ) (g' decreasing; valid when δc ≤ δ0, checked);
 * - φ: |∂φ/∂c| = y²Σ 1/s_i⁴ (×2 for the interval), plus (D + 4)u·φ for its own evaluation.
 * Returns undefined when the hypotheses fail (a zero weight, sign mismatch) or the bound is not valid.
 */
export function gfsSharpness(B: AnyBackend, w: unknown, y: unknown, c0?: unknown): Gfs | undefined {
  const ws = B.unpack(w) as unknown[];
  const D = ws.length;
  const sgn = ws.reduce<number>((acc, x) => acc * B.cmp(x, B.zero), 1);
  if (sgn === 0 || sgn !== B.cmp(y, B.zero)) return undefined;
  const u = B.eps;
  const sq = ws.map((x) => B.mul(x, x));
  const minSq = sq.reduce((m, x) => B.min(m, x));
  const logY2 = B.log(B.mul(y, y));
  const g = (c: unknown) => B.sub(sq.reduce((acc, q) => B.add(acc, B.log(B.add(q, c))), B.zero), logY2);
  const dg = (c: unknown) => sq.reduce((acc, q) => B.add(acc, B.div(B.one, B.add(q, c))), B.zero);
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
  const r = g(c);
  const absC = B.abs(c);
  const er = B.mul(B.mul(B.int(4), u), B.add(B.add(
    s2.reduce((acc, x, i) => B.add(acc, B.add(B.div(B.add(sq[i]!, absC), x), B.abs(B.log(x)))), B.zero),
    B.abs(logY2)), B.int(D)));
  const res = B.add(B.abs(r), er);
  const delta0 = B.div(B.mul(B.int(2), res), dg(c));
  const dc = B.div(res, dg(B.add(c, delta0)));
  if (B.cmp(dc, delta0) > 0 || B.cmp(B.mul(B.int(4), delta0), s2.reduce((m, x) => B.min(m, x))) > 0) return undefined;
  const y2 = B.mul(y, y);
  const value = B.mul(y2, s2.reduce((acc, x) => B.add(acc, B.div(B.one, x)), B.zero));
  const inv4 = s2.reduce((acc, x) => B.add(acc, B.div(B.one, B.mul(x, x))), B.zero);
  const err = B.add(B.mul(B.mul(B.int(2), B.mul(y2, inv4)), dc), B.mul(B.mul(B.int(D + 4), u), value));
  return { value, err, c };
}

/**
 * Bound on ‖∇φ(w)‖₂ (to carry a state perturbation into φ): implicit differentiation of Σ log(w_i² + c) = log y²
 * gives ∂c/∂w_j = −(2w_j/s_j²)/Σ_i s_i^{-2}, so ∂φ/∂w_j = −y²[2w_j/s_j⁴ + (Σ_i s_i^{-4})·∂c/∂w_j]; ×2 covers
 * the variation of ∇φ over a perturbation ball of radius ≪ min s_i (second order).
 */
export function gfsLipschitz(B: AnyBackend, w: unknown, y: unknown, c: unknown): unknown {
  const ws = B.unpack(w) as unknown[];
  const s2 = ws.map((x) => B.add(B.mul(x, x), c));
  const inv2 = s2.reduce((acc, x) => B.add(acc, B.div(B.one, x)), B.zero);
  const inv4 = s2.reduce((acc, x) => B.add(acc, B.div(B.one, B.mul(x, x))), B.zero);
  const y2 = B.mul(y, y);
  const comps = ws.map((x, j) => {
    const a = B.div(B.mul(B.int(2), B.abs(x)), B.mul(s2[j]!, s2[j]!));
    const b = B.div(B.mul(inv4, B.div(B.mul(B.int(2), B.abs(x)), s2[j]!)), inv2);
    return B.mul(y2, B.add(a, b));
  });
  return B.mul(B.int(2), B.nrm2(B.pack(comps)));
}

/** A scalar-network GD instance. */
export interface SnInstance {
  readonly w: Num[];
  readonly y: Num;
  readonly lr: Num;
}

export function snObjective(B: AnyBackend, D: number, y: Num): Objective<any> {
  return objective(B, scalarNet(B, { depth: D }), square(B), { X: B.mat([['1']]), y: B.vec([y]) });
}

export interface SnTrajectory {
  readonly thetas: unknown[];
  /** π_t − y */
  readonly eps: unknown[];
  /** error bar of ε̂_t: D·u·|π| (product of D factors, ×... ) + u|ε|, ×2 */
  readonly eEps: unknown[];
  /**
   * delta[t] ≥ ‖ŵ_{t+1} − G(ŵ_t)‖ (G the exact GD map). ĝ_i = ε̂·Π_{j≠i}w_j: ε̂'s error eEps times ‖g‖, the D − 1
   * products and the scaling (D + 1)u|ε|‖g‖, the axpy u‖ηεg‖ + u‖w⁺‖; ×2.
   */
  readonly delta: unknown[];
  readonly result: string;
  readonly reason?: string;
}

export function snRun(B: AnyBackend, s: SnInstance, steps: number, stopTol?: unknown, escape?: unknown): SnTrajectory {
  const D = s.w.length;
  const y = B.num(s.y);
  const eta = B.num(s.lr);
  const F = snObjective(B, D, s.y);
  const prod = (th: unknown) => (B.unpack(th) as unknown[]).reduce((p, x) => B.mul(p, x), B.one);
  const stop = stopTol === undefined && escape === undefined ? undefined : (_F: unknown, th: unknown) => {
    if (stopTol !== undefined && B.cmp(B.abs(B.sub(prod(th), y)), stopTol) <= 0) return 'converged';
    if (escape !== undefined && B.cmp(B.dot(th, th), escape) > 0) return 'escaped';
    return undefined;
  };
  const sol = run(F, gd(B, { lr: eta }), B.vec(s.w), { steps, save: { every: 1 }, ...(stop ? { stop } : {}) });
  const u = B.eps;
  const thetas = sol.trajectory.map((p) => p.theta as unknown);
  const eps = thetas.map((th) => B.sub(prod(th), y));
  const eEps = thetas.map((th, t) => B.mul(B.mul(B.int(2), u), B.add(B.mul(B.int(D), B.abs(prod(th))), B.abs(eps[t]!))));
  const delta: unknown[] = [];
  for (let t = 0; t + 1 < thetas.length; t++) {
    const th = thetas[t]!;
    const ws = B.unpack(th) as unknown[];
    const gi = ws.map((_, i) => ws.reduce((p, x, j) => (j === i ? p : B.mul(p, x)), B.one));
    const gn = B.nrm2(B.pack(gi));
    const e = B.abs(eps[t]!);
    const d = B.add(B.add(
      B.mul(B.mul(eta, gn), B.add(eEps[t]!, B.mul(B.mul(B.int(D + 1), u), e))),
      B.mul(u, B.mul(B.mul(eta, e), gn))), B.mul(u, B.nrm2(thetas[t + 1]!)));
    delta.push(B.mul(B.int(2), d));
  }
  return { thetas, eps, eEps, delta, result: sol.result, ...(sol.reason !== undefined ? { reason: sol.reason } : {}) };
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
    if (Math.abs(n - c) <= 1e-15 * (Math.abs(c) + 1)) { c = n; break; }
    c = n;
  }
  return Number(y) ** 2 * sq.reduce((a, q) => a + 1 / (q + c), 0);
}

const DD: AnyBackend = ddBackend();

/**
 * η = largest dyadic (2^-24 grid) ≤ 0.999·v·2√2/φ̂(w₀), φ̂ in float64. With `side`, the generator also certifies on
 * the dd backend which side of 2√2 η·φ(w₀) is on (φ ± its a-posteriori bar from `gfsSharpness`): 'below' for a
 * hypothesis η·φ(w₀) < 2√2, 'above' for its negative control. So the hypothesis holds by construction and is checked
 * to dd precision, not decided in float64; a failed certificate is a generator bug and throws.
 */
export function etaFromGfs(w: readonly Num[], y: Num, v: Num, side?: 'below' | 'above'): Num {
  const target = (Number(v) * 2 * Math.SQRT2) / gfsFloat(w, y);
  const cap = q(BigInt(Math.floor(target * 2 ** 40)), 2n ** 40n);
  const eta = largestDyadicBelow(target * 0.999, 24, (e) => cmp(e, cap) <= 0);
  if (side !== undefined) certifyGfsSide(w, y, eta, side);
  return eta;
}

/** Throws unless η·φ(w₀) < 2√2 ('below') or > 2√2 ('above') is certified on dd (compared as squares against 8). */
export function certifyGfsSide(w: readonly Num[], y: Num, eta: Num, side: 'below' | 'above'): void {
  const B = DD;
  const g = gfsSharpness(B, B.vec([...w]), B.num(y));
  const where = `w₀ = [${w.join(', ')}], y = ${y}, η = ${eta}`;
  if (g === undefined) throw new Error(`etaFromGfs: no certified φ(w₀) at ${where}; the initializer must give w_i ≠ 0 with sign(Πw) = sign(y)`);
  const E = B.num(eta);
  // η is exact (dyadic); η·(φ ± err) and its square round 3 times: a relative 4·eps covers them.
  const slack = B.mul(B.int(4), B.eps);
  const hi = B.mul(E, B.add(g.value, g.err));
  const lo = B.mul(E, B.sub(g.value, g.err));
  const ok = side === 'below'
    ? B.cmp(B.mul(B.mul(hi, hi), B.add(B.one, slack)), B.int(8)) < 0
    : B.cmp(B.zero, lo) < 0 && B.cmp(B.mul(B.mul(lo, lo), B.sub(B.one, slack)), B.int(8)) > 0;
  if (!ok) throw new Error(`etaFromGfs: η·φ(w₀) ${side === 'below' ? '< 2√2' : '> 2√2'} is not certified at ${where} (φ = ${B.show(g.value)} ± ${B.show(g.err)}); fix the generator's margin`);
}

/** Scalar-net init with π₀/y ∈ (0, 2): magnitudes drawn, then the last weight rescaled so π₀ = ρ·y, ρ = `ratio`. */
export function snInitArb(D: { min: number; max: number }, ratio: fc.Arbitrary<Num>): fc.Arbitrary<{ w: Num[]; y: Num }> {
  return fc
    .record({ base: spec.scalarNetInit({ D, y: spec.nonzeroDyadic({ minAbs: '0.5', maxAbs: '2', bits: 3 }), magnitude: spec.dyadic({ min: '0.5', max: '2', bits: 3 }) }), ratio })
    .map(({ base, ratio: rho }) => {
      // w_D := ρ·y / Π_{i<D} w_i. The magnitudes are k/8, so Π_{i<D} w_i = K/8^{D−1} and the quotient is a finite
      // decimal when K's odd part is a power of 5; otherwise qToNum rounds it toward 0 on the 2^-30 grid, so
      // π₀/y ∈ (0, ρ] stays inside (0, 2) (relative shift ≤ 2^-30/|w_D| ≲ 3e-7).
      const head = base.w.slice(0, -1);
      let P = { n: 1n, d: 1n };
      for (const x of head) { const r = parseNum(x); P = { n: P.n * r.n, d: P.d * r.d }; }
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
  if (d < 0n) { n = -n; d = -d; }
  if (isFiniteDecimal({ n, d })) return toNum(q(n, d));
  return toNum(q((n * 2n ** 30n) / d, 2n ** 30n));
}
