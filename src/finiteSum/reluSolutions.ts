/**
 * Certified minimum of Example 5 of arXiv 2410.12455 (eq. (8)): f(W, v) = (1/n)Σ_i ϕ(y_i vᵀσ(Wx_i)) + λ‖v‖² + λ‖W‖²_F
 * with inputs x_i ∈ R², two hidden ReLU units and λ₁ = λ₂ = λ. Nothing is taken from a local solver; the proof is a
 * branch-and-bound in ball arithmetic over f64 (src/ball) on a reformulation (docs/theorems/landscape.md LE10):
 *  1. balance: λ(v_j² + ‖w_j‖²) ≥ 2λ|v_j|‖w_j‖, equality iff |v_j| = ‖w_j‖, and v_jσ(w_jᵀx) = s_jσ(b_jᵀx) with
 *     b_j = |v_j|w_j, s_j = sign v_j. So f(W, v) ≥ g_s(b) := (1/n)Σ_i ϕ(y_i Σ_j s_jσ(b_jᵀx_i)) + 2λΣ_j‖b_j‖, every
 *     (s, b) is attained by a balanced (W, v), and min f = min over the four sign patterns s of min g_s;
 *  2. polar form on the square: b_j = r_j d_j, r_j ≥ 0, d_j on the boundary of [−1, 1]² (four sides, parameter
 *     t ∈ [−1, 1]), ‖d_j‖ ∈ [1, √2]. Since ϕ > 0, g_s ≤ U forces 2λr_j ≤ 2λ‖b_j‖ ≤ U: r_j ≤ R := U₀/(2λ) with
 *     U₀ = g(0) = log 2 (the bound outside the box);
 *  3. on a box of directions (one side and a t-interval per unit), a_ij := y_i s_jσ(d_jᵀx_i) ≤ â_ij and 2λ‖d_j‖ ≥ ĉ_j
 *     (ball enclosures), and ϕ is decreasing, so g ≥ ℓ(r) := (1/n)Σ_i ϕ(Σ_j â_ij r_j) + Σ_j ĉ_j r_j, convex in r.
 *     For any r̂ ∈ [0, R]², ℓ(r) ≥ ℓ(r̂) + ∇ℓ(r̂)·(r − r̂) ≥ ℓ(r̂) + Σ_j min_{r_j ∈ {0, R}} ∂_jℓ(r̂)(r_j − r̂_j): a
 *     rigorous lower bound whatever r̂ is (r̂ from coordinate descent in f64 only makes it tight);
 *  4. best-first subdivision of the t-intervals until the least lower bound L is within `tol` of the best value U of
 *     g found at box midpoints (each a value of f at a balanced point, evaluated in balls): f* ∈ [L, U].
 *  5. the first-order bound of step 3 only closes the gap to about its box width, so phase 2 polishes the best point
 *     b* by Newton's method on its convex piece and, on every box whose directions cross no kink (pattern ι fixed),
 *     adds the bound g_s = G_ι ≥ G_ι(b*) + p·(b − b*) (G_ι convex on ι's closed cone, p a subgradient at b*), with
 *     p_j·b_j ≥ R·min(0, p_j·d_j). At b*'s own cone p ≈ 0, so the gap closes to the rounding of G_ι(b*) (≈ 1e-14).
 * Every global minimizer's (s, side, t) lies in a box that is never discarded (its bound is ≤ f* ≤ U), so the boxes
 * left enclose the minimizers' directions; `reluMinimizers.ts` isolates the minimizers from them.
 */
import { ballArith, type Ball, type BallArith } from '../ball/ball.js';
import { f64Backend, type F64 } from '../numeric/f64.js';

type K64 = BallArith<F64>;
type B64 = Ball<F64>;

/** The data of eq. (8) with λ₁ = λ₂ = λ and inputs in R² (decimal strings). */
export interface ReluProblem {
  readonly xs: readonly (readonly [string, string])[];
  readonly ys: readonly (1 | -1)[];
  readonly lambda: string;
}

/** The catalogue's Example 5 data (src/finiteSum/reluNet.ts `example5`; a test checks they agree). */
export const EX5_PROBLEM: ReluProblem = {
  xs: [
    ['0.367', '0.589'],
    ['-0.613', '0.271'],
    ['0.431', '-0.709'],
  ],
  ys: [1, -1, 1],
  lambda: '0.01',
};

/** A box of directions: for unit j, side[j] of the square and t ∈ [lo[j], hi[j]]; s the sign pattern. */
export interface DirectionBox {
  readonly s: readonly [1 | -1, 1 | -1];
  readonly side: readonly [number, number];
  readonly lo: readonly [number, number];
  readonly hi: readonly [number, number];
}

/** What the branch-and-bound proved (f64 numbers, rigorous bounds). */
export interface ReluCertificate {
  /** f* ≥ fLower (least bound over the boxes left). */
  readonly fLower: number;
  /** f* ≤ fUpper (f at the best balanced point found, upper end of its ball). */
  readonly fUpper: number;
  /** r_j ≤ rMax for every point with f ≤ log 2 (the bound outside the box). */
  readonly rMax: number;
  /** Boxes left (each may hold a minimizer's direction; every minimizer's direction is in one). */
  readonly boxes: readonly DirectionBox[];
  /** Boxes processed. */
  readonly visited: number;
  /** The best balanced point found: b = (b_1, b_2) and its sign pattern. */
  readonly best: { readonly s: readonly [1 | -1, 1 | -1]; readonly b: readonly [number, number, number, number] };
}

/** d on side k of the square's boundary at parameter t (a ball): (1, t), (−1, t), (t, 1), (t, −1). */
function direction(K: K64, side: number, t: B64): [B64, B64] {
  const one = K.int(1);
  switch (side) {
    case 0:
      return [one, t];
    case 1:
      return [K.int(-1), t];
    case 2:
      return [t, one];
    default:
      return [t, K.int(-1)];
  }
}

function interval(K: K64, lo: number, hi: number): B64 {
  const mid = (lo + hi) / 2;
  // dyadic subdivision of [−1, 1]: mid and the half-widths are exact in f64; the widening guards the general case
  return K.of(mid, Math.max(hi - mid, mid - lo) * (1 + 1e-15));
}

const dphiF = (u: number) => -1 / (1 + Math.exp(u));

/** Coordinate descent (f64) for min over [0, R]² of (1/n)Σ_i ϕ(A_i·r) + c·r; only tightness depends on it. */
export function innerMinimize(A: readonly (readonly number[])[], c: readonly number[], R: number): [number, number] {
  const r = [0, 0];
  const n = A.length;
  const deriv = (j: number, rj: number) => {
    let s = 0;
    for (const a of A) s += dphiF(a[0]! * (j === 0 ? rj : r[0]!) + a[1]! * (j === 1 ? rj : r[1]!)) * a[j]!;
    return s / n + c[j]!;
  };
  for (let sweep = 0; sweep < 60; sweep++) {
    let moved = 0;
    for (let j = 0; j < 2; j++) {
      let [lo, hi] = [0, R];
      if (deriv(j, 0) >= 0) hi = 0;
      else if (deriv(j, R) <= 0) lo = R;
      else
        for (let it = 0; it < 60 && hi - lo > 1e-14 * R; it++) {
          const m = (lo + hi) / 2;
          if (deriv(j, m) > 0) hi = m;
          else lo = m;
        }
      const next = (lo + hi) / 2;
      moved = Math.max(moved, Math.abs(next - r[j]!));
      r[j] = next;
    }
    if (moved < 1e-13 * R) break;
  }
  return [r[0]!, r[1]!];
}

/** Setup shared by the bounds: data as balls. */
interface Ctx {
  readonly K: K64;
  readonly x: readonly [B64, B64][];
  readonly y: readonly (1 | -1)[];
  readonly twoLambda: B64;
  readonly n: B64;
  readonly R: number;
}

function context(P: ReluProblem): Ctx {
  const K = ballArith(f64Backend());
  const twoLambda = K.mul(K.int(2), K.num(P.lambda));
  const logTwo = K.log(K.int(2));
  return {
    K,
    x: P.xs.map(([a, b]) => [K.num(a), K.num(b)] as [B64, B64]),
    y: P.ys,
    twoLambda,
    n: K.int(P.xs.length),
    R: K.upper(K.div(logTwo, K.exact(K.lower(twoLambda)))),
  };
}

/** â (upper bounds of a_ij, n×2) and ĉ (lower bounds of 2λ‖d_j‖) on a box. */
function boxCoefficients(C: Ctx, box: DirectionBox): { A: number[][]; c: number[] } {
  const { K } = C;
  const d = [0, 1].map((j) => direction(K, box.side[j]!, interval(K, box.lo[j]!, box.hi[j]!)));
  const A = C.x.map(([x0, x1], i) =>
    d.map(([d0, d1], j) => {
      const z = K.max(K.add(K.mul(d0, x0), K.mul(d1, x1)), K.int(0));
      return K.upper(C.y[i]! * box.s[j]! > 0 ? z : K.neg(z));
    }),
  );
  // ‖d_j‖ = √(1 + t²) ≥ √(1 + t_min²), t_min the least |t| on the interval
  const c = [0, 1].map((j) => {
    const [lo, hi] = [box.lo[j]!, box.hi[j]!];
    const tMin = K.exact(lo <= 0 && hi >= 0 ? 0 : Math.min(Math.abs(lo), Math.abs(hi)));
    return K.lower(K.mul(C.twoLambda, K.sqrt(K.add(K.int(1), K.mul(tMin, tMin)))));
  });
  return { A, c };
}

/** ℓ(r̂) and ∇ℓ(r̂) as balls (r̂ exact doubles). */
function ellAt(C: Ctx, A: readonly (readonly number[])[], c: readonly number[], r: readonly number[]) {
  const { K } = C;
  let val = K.int(0);
  const grad = [K.int(0), K.int(0)];
  for (const a of A) {
    const u = K.add(K.mul(K.exact(a[0]!), K.exact(r[0]!)), K.mul(K.exact(a[1]!), K.exact(r[1]!)));
    val = K.add(val, K.log(K.add(K.int(1), K.exp(K.neg(u)))));
    const dphi = K.neg(K.div(K.int(1), K.add(K.int(1), K.exp(u))));
    for (let j = 0; j < 2; j++) grad[j] = K.add(grad[j]!, K.mul(dphi, K.exact(a[j]!)));
  }
  val = K.div(val, C.n);
  for (let j = 0; j < 2; j++) {
    val = K.add(val, K.mul(K.exact(c[j]!), K.exact(r[j]!)));
    grad[j] = K.add(K.div(grad[j]!, C.n), K.exact(c[j]!));
  }
  return { val, grad };
}

/** A rigorous lower bound of g_s over the box (module comment, step 3), and the r̂ used. */
export function boxLowerBound(P: ReluProblem, box: DirectionBox): { lower: number; r: [number, number] } {
  return lowerOn(context(P), box);
}

function lowerOn(C: Ctx, box: DirectionBox): { lower: number; r: [number, number] } {
  const { K } = C;
  const { A, c } = boxCoefficients(C, box);
  const r = innerMinimize(A, c, C.R);
  const { val, grad } = ellAt(C, A, c, r);
  let lb = K.exact(K.lower(val));
  for (let j = 0; j < 2; j++) {
    const atZero = K.lower(K.mul(grad[j]!, K.exact(-r[j]!)));
    const atR = K.lower(K.mul(grad[j]!, K.sub(K.exact(C.R), K.exact(r[j]!))));
    lb = K.add(lb, K.exact(Math.min(atZero, atR)));
  }
  return { lower: K.lower(lb), r };
}

/** g_s(b) in ball arithmetic (b exact doubles): the value of f at the balanced lift of (s, b). */
export function gBall(P: ReluProblem, s: readonly (1 | -1)[], b: readonly number[]): B64 {
  return gOn(context(P), s, b);
}

function gOn(C: Ctx, s: readonly (1 | -1)[], b: readonly number[]): B64 {
  const { K } = C;
  let loss = K.int(0);
  C.x.forEach(([x0, x1], i) => {
    let t = K.int(0);
    for (let j = 0; j < 2; j++) {
      const z = K.max(K.add(K.mul(K.exact(b[2 * j]!), x0), K.mul(K.exact(b[2 * j + 1]!), x1)), K.int(0));
      t = C.y[i]! * s[j]! > 0 ? K.add(t, z) : K.sub(t, z);
    }
    loss = K.add(loss, K.log(K.add(K.int(1), K.exp(K.neg(t)))));
  });
  let reg = K.int(0);
  for (let j = 0; j < 2; j++)
    reg = K.add(reg, sqrtNonneg(K, K.add(K.sqr(K.exact(b[2 * j]!)), K.sqr(K.exact(b[2 * j + 1]!)))));
  return K.add(K.div(loss, C.n), K.mul(C.twoLambda, reg));
}

/** √a for a ≥ 0 whose ball may reach below 0 (a sum of squares): [0, √upper(a)] then. */
function sqrtNonneg(K: K64, a: B64): B64 {
  if (K.lower(a) > 0) return K.sqrt(a);
  const hi = K.upper(K.sqrt(K.exact(Math.max(K.upper(a), 0))));
  return K.of(hi / 2, (hi / 2) * (1 + 1e-15));
}

/** The direction at parameter t on a side, in f64 (for candidates only). */
function dirF(side: number, t: number): [number, number] {
  return side === 0 ? [1, t] : side === 1 ? [-1, t] : side === 2 ? [t, 1] : [t, -1];
}

/** A binary min-heap keyed by the lower bound. */
class Heap<T> {
  private readonly a: { k: number; v: T }[] = [];
  get size(): number {
    return this.a.length;
  }
  push(k: number, v: T): void {
    const a = this.a;
    a.push({ k, v });
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (a[p]!.k <= a[i]!.k) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  peekKey(): number {
    return this.a[0]!.k;
  }
  pop(): { k: number; v: T } {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ;) {
        const [l, r] = [2 * i + 1, 2 * i + 2];
        let m = i;
        if (l < a.length && a[l]!.k < a[m]!.k) m = l;
        if (r < a.length && a[r]!.k < a[m]!.k) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
  items(): { k: number; v: T }[] {
    return this.a.slice();
  }
}

/** The activation pattern ι (n×2, 1 where d_jᵀx_i > 0) of a box, or undefined when it meets a kink. */
export function directionPattern(P: ReluProblem, box: DirectionBox): number[][] | undefined {
  return boxPattern(context(P), box);
}

/** ι_ij ∈ {0, 1}: the sign of d_jᵀx_i over the box, or undefined when a ball reaches 0 (the box meets a kink). */
function boxPattern(C: Ctx, box: DirectionBox): number[][] | undefined {
  const { K } = C;
  const d = [0, 1].map((j) => direction(K, box.side[j]!, interval(K, box.lo[j]!, box.hi[j]!)));
  const out: number[][] = [];
  for (const [x0, x1] of C.x) {
    const row: number[] = [];
    for (const [d0, d1] of d) {
      const z = K.add(K.mul(d0, x0), K.mul(d1, x1));
      if (K.lower(z) > 0) row.push(1);
      else if (K.upper(z) < 0) row.push(0);
      else return undefined;
    }
    out.push(row);
  }
  return out;
}

/** q_i with G_ι's loss argument u_i = q_i·b (b = (b_1, b_2) ∈ R⁴), in f64 (polishing) — exact data only there. */
function qRows(P: ReluProblem, s: readonly (1 | -1)[], iota: readonly (readonly number[])[]): number[][] {
  return P.xs.map((x, i) => {
    const q: number[] = [];
    for (let j = 0; j < 2; j++) for (let l = 0; l < 2; l++) q.push(P.ys[i]! * s[j]! * iota[i]![j]! * Number(x[l]));
    return q;
  });
}

/**
 * Newton's method (f64) on the convex G_ι(b) = (1/n)Σ_i ϕ(q_i·b) + 2λΣ_j‖b_j‖ from b, ι the activation pattern at b.
 * Returns b unchanged when a unit is 0 or the pattern changes. Only the tightness of the bound depends on it.
 */
export function polishCandidate(P: ReluProblem, s: readonly (1 | -1)[], b0: readonly number[]): number[] {
  const lam2 = 2 * Number(P.lambda);
  const iotaOf = (b: readonly number[]) =>
    P.xs.map((x) => [0, 1].map((j) => (b[2 * j]! * Number(x[0]) + b[2 * j + 1]! * Number(x[1]) > 0 ? 1 : 0)));
  const iota = iotaOf(b0);
  const Q = qRows(P, s, iota);
  const n = Q.length;
  let b = [...b0];
  for (let it = 0; it < 30; it++) {
    const g = [0, 0, 0, 0];
    const H = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
    for (const q of Q) {
      const u = q.reduce((a, qk, k) => a + qk * b[k]!, 0);
      const d1 = -1 / (1 + Math.exp(u));
      const d2 = Math.exp(-Math.abs(u)) / (1 + Math.exp(-Math.abs(u))) ** 2;
      for (let k = 0; k < 4; k++) {
        g[k]! += (d1 * q[k]!) / n;
        for (let l = 0; l < 4; l++) H[k]![l]! += (d2 * q[k]! * q[l]!) / n;
      }
    }
    for (let j = 0; j < 2; j++) {
      const [p, r] = [b[2 * j]!, b[2 * j + 1]!];
      const nb = Math.hypot(p, r);
      if (nb === 0) return [...b0];
      g[2 * j]! += (lam2 * p) / nb;
      g[2 * j + 1]! += (lam2 * r) / nb;
      const e = [p / nb, r / nb];
      for (let k = 0; k < 2; k++)
        for (let l = 0; l < 2; l++) H[2 * j + k]![2 * j + l]! += (lam2 * ((k === l ? 1 : 0) - e[k]! * e[l]!)) / nb;
    }
    const step = solve4(H, g);
    if (step === undefined) break;
    b = b.map((v, k) => v - step[k]!);
    if (Math.max(...step.map(Math.abs)) < 1e-15 * Math.max(...b.map(Math.abs))) break;
  }
  const same = iotaOf(b).every((row, i) => row.every((v, j) => v === iota[i]![j]));
  return same && b.every(Number.isFinite) ? b : [...b0];
}

/** Gaussian elimination with partial pivoting (4×4); undefined when singular. */
function solve4(H: readonly (readonly number[])[], g: readonly number[]): number[] | undefined {
  const A = H.map((row, i) => [...row, g[i]!]);
  for (let c = 0; c < 4; c++) {
    let p = c;
    for (let r = c + 1; r < 4; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    if (A[p]![c] === 0) return undefined;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = c + 1; r < 4; r++) {
      const m = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < 5; k++) A[r]![k]! -= m * A[c]![k]!;
    }
  }
  const x = [0, 0, 0, 0];
  for (let r = 3; r >= 0; r--) {
    let v = A[r]![4]!;
    for (let k = r + 1; k < 4; k++) v -= A[r]![k]! * x[k]!;
    x[r] = v / A[r]![r]!;
  }
  return x;
}

/**
 * The convex bound on a kink-free box (module comment, step 5): on the closed cone of the box's pattern ι, g_s = G_ι,
 * convex, so g_s(b) ≥ G_ι(b*) + p·(b − b*) for a subgradient p at b* (0 for the norm of a zero unit), and
 * b_j = r_j d_j with r_j ∈ [0, R] gives p_j·b_j ≥ R·min(0, p_j·d_j). Undefined on a box that meets a kink.
 */
function convexLower(C: Ctx, box: DirectionBox, bStar: readonly number[]): number | undefined {
  const iota = boxPattern(C, box);
  if (iota === undefined) return undefined;
  const { K } = C;
  const bs = bStar.map((v) => K.exact(v));
  let loss = K.int(0);
  const p = [K.int(0), K.int(0), K.int(0), K.int(0)];
  C.x.forEach(([x0, x1], i) => {
    let u = K.int(0);
    const q: B64[] = [];
    for (let j = 0; j < 2; j++) {
      const sgn = C.y[i]! * box.s[j]! * iota[i]![j]!;
      const [q0, q1] = sgn === 0 ? [K.int(0), K.int(0)] : sgn > 0 ? [x0, x1] : [K.neg(x0), K.neg(x1)];
      q.push(q0, q1);
      u = K.add(u, K.add(K.mul(q0, bs[2 * j]!), K.mul(q1, bs[2 * j + 1]!)));
    }
    loss = K.add(loss, K.log(K.add(K.int(1), K.exp(K.neg(u)))));
    const dphi = K.neg(K.div(K.int(1), K.add(K.int(1), K.exp(u))));
    for (let k = 0; k < 4; k++) p[k] = K.add(p[k]!, K.mul(dphi, q[k]!));
  });
  let G = K.div(loss, C.n);
  for (let k = 0; k < 4; k++) p[k] = K.div(p[k]!, C.n);
  for (let j = 0; j < 2; j++) {
    const [u0, u1] = [bStar[2 * j]!, bStar[2 * j + 1]!];
    if (u0 === 0 && u1 === 0) continue; // subgradient 0 of ‖·‖ at 0
    const nb = K.sqrt(K.add(K.sqr(bs[2 * j]!), K.sqr(bs[2 * j + 1]!)));
    G = K.add(G, K.mul(C.twoLambda, nb));
    p[2 * j] = K.add(p[2 * j]!, K.div(K.mul(C.twoLambda, bs[2 * j]!), nb));
    p[2 * j + 1] = K.add(p[2 * j + 1]!, K.div(K.mul(C.twoLambda, bs[2 * j + 1]!), nb));
  }
  let lb = K.exact(K.lower(G));
  for (let j = 0; j < 2; j++) {
    const [d0, d1] = direction(K, box.side[j]!, interval(K, box.lo[j]!, box.hi[j]!));
    lb = K.sub(lb, K.add(K.mul(p[2 * j]!, bs[2 * j]!), K.mul(p[2 * j + 1]!, bs[2 * j + 1]!)));
    const pd = K.lower(K.add(K.mul(p[2 * j]!, d0), K.mul(p[2 * j + 1]!, d1)));
    lb = K.add(lb, K.mul(K.exact(C.R), K.exact(Math.min(0, pd))));
  }
  return K.lower(lb);
}

export interface CertifyOptions {
  /** Phase 1 (first-order bound only): stop when fUpper − fLower ≤ tol. */
  readonly tol: number;
  /** Phase 2 (with the convex bound at the polished candidate): stop when fUpper − fLower ≤ fineTol. */
  readonly fineTol: number;
  /** Refuse (throw) after this many boxes. */
  readonly maxBoxes: number;
}

/**
 * Proves fLower ≤ f* ≤ fUpper for eq. (8) on P (module comment). Throws an Error naming tol and maxBoxes when the
 * gap cannot be closed within the budget.
 */
export function certifyReluMinimum(P: ReluProblem, opt: CertifyOptions): ReluCertificate {
  if (P.xs.length !== P.ys.length || P.xs.length === 0)
    throw new RangeError(`reluSolutions: ${P.xs.length} inputs for ${P.ys.length} labels`);
  if (!(Number(P.lambda) > 0)) throw new RangeError(`reluSolutions: lambda = ${P.lambda} must be > 0`);
  const C = context(P);
  let heap = new Heap<DirectionBox>();
  let U = C.K.upper(C.K.log(C.K.int(2))); // g(0) = log 2
  let best: ReluCertificate['best'] = { s: [1, 1], b: [0, 0, 0, 0] };
  let visited = 0;
  const stars = new Map<string, readonly number[]>();
  const offer = (s: readonly [1 | -1, 1 | -1], b: readonly [number, number, number, number]) => {
    const gu = C.K.upper(gOn(C, s, b));
    if (gu < U) {
      U = gu;
      best = { s, b };
    }
  };
  const bound = (box: DirectionBox): { lower: number; r: [number, number]; settled: boolean } => {
    const first = lowerOn(C, box);
    const star = stars.get(box.s.join());
    const cvx = star === undefined ? undefined : convexLower(C, box, star);
    if (cvx === undefined) return { ...first, settled: false };
    return { lower: Math.max(first.lower, cvx), r: first.r, settled: true };
  };
  const settledBoxes: { k: number; v: DirectionBox }[] = [];
  const consider = (box: DirectionBox, phase2: boolean) => {
    visited++;
    const { lower, r, settled } = bound(box);
    if (lower > U) return;
    // a candidate: the box's middle direction with the r̂ of its bound (a real point, so its g bounds f* above)
    const d = [0, 1].map((j) => dirF(box.side[j]!, (box.lo[j]! + box.hi[j]!) / 2));
    offer(box.s, [r[0] * d[0]![0], r[0] * d[0]![1], r[1] * d[1]![0], r[1] * d[1]![1]]);
    if (phase2 && settled && U - lower <= opt.fineTol) settledBoxes.push({ k: lower, v: box });
    else heap.push(lower, box);
  };
  const signs: (1 | -1)[] = [1, -1];
  for (const s0 of signs)
    for (const s1 of signs)
      for (let k0 = 0; k0 < 4; k0++)
        for (let k1 = 0; k1 < 4; k1++) consider({ s: [s0, s1], side: [k0, k1], lo: [-1, -1], hi: [1, 1] }, false);
  const split = (box: DirectionBox): DirectionBox[] => {
    const j = box.hi[0] - box.lo[0] >= box.hi[1] - box.lo[1] ? 0 : 1;
    const m = (box.lo[j] + box.hi[j]) / 2;
    const hiL = [...box.hi] as [number, number];
    const loR = [...box.lo] as [number, number];
    hiL[j] = m;
    loR[j] = m;
    return [
      { ...box, hi: hiL },
      { ...box, lo: loR },
    ];
  };
  const run = (tol: number, phase2: boolean) => {
    while (heap.size > 0 && U - heap.peekKey() > tol) {
      if (visited >= opt.maxBoxes)
        throw new Error(
          `reluSolutions: gap ${U - heap.peekKey()} > tol = ${tol} after maxBoxes = ${opt.maxBoxes} boxes; raise maxBoxes or tol`,
        );
      const { k, v } = heap.pop();
      if (k > U) continue;
      for (const child of split(v)) consider(child, phase2);
    }
  };
  run(opt.tol, false);
  // phase 2: polish the best point on its convex piece, offer it and its unit swap, and re-bound the boxes left
  const bStar = polishCandidate(P, best.s, best.b);
  const swapped = [bStar[2]!, bStar[3]!, bStar[0]!, bStar[1]!] as const;
  const sSwap = [best.s[1], best.s[0]] as const;
  offer(best.s, bStar as unknown as readonly [number, number, number, number]);
  offer(sSwap, swapped);
  stars.set(best.s.join(), bStar);
  stars.set(sSwap.join(), swapped);
  const left = heap.items();
  heap = new Heap<DirectionBox>();
  for (const e of left) if (e.k <= U) consider(e.v, true);
  run(opt.fineTol, true);
  const all = [...settledBoxes, ...heap.items()].filter((e) => e.k <= U);
  const fLower = Math.min(U, ...all.map((e) => e.k));
  return { fLower, fUpper: U, rMax: C.R, boxes: all.map((e) => e.v), visited, best };
}
