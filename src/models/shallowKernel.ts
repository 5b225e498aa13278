/**
 * The infinite-width kernels of the shallow univariate networks (./shallow.ts) for W = ±1 (fair) and B ~ Unif[−c, c],
 * integrated exactly (docs/theorems/mirror.md M7), and the kernel interpolant f_∞(x) = k(x)ᵀK⁻¹y with a rigorous
 * enclosure of its coefficients.
 *
 * With Φ_{xx′}(b) = xx′b − (x + x′)b²/2 + b³/3 (an antiderivative of (x − b)(x′ − b)):
 * - relu: K(x, x′) = ½[k₊(x, x′) + k₊(−x, −x′)], k₊(x, x′) = [Φ_{xx′}(u) − Φ_{xx′}(−c)]/(2c) for
 *   u = min(x, x′, c) > −c, else 0;
 * - abs: K(x, x′) = [Φ(c) − Φ(−c) + 2Φ(p) − 2Φ(q)]/(2c), p ≤ q the two points clamped into [−c, c].
 * Everything is evaluated in ball arithmetic (src/ball) at exact backend numbers x, x′, c (the branches compare them
 * exactly), so each value is an enclosure of the exact kernel.
 */
import { ballArith, type Ball, type BallArith, type VecBall } from '../ball/ball.js';
import { solve } from '../linalg/solve.js';
import type { Backend, Num, Repr, S } from '../numeric/types.js';
import type { ShallowActivation } from './shallow.js';

/** Φ_{xx′}(b) = xx′b − (x + x′)b²/2 + b³/3. */
function antiderivative<R extends Repr>(K: BallArith<R>, x: Ball<R>, y: Ball<R>, b: Ball<R>): Ball<R> {
  const b2 = K.mul(b, b);
  const t1 = K.mul(K.mul(x, y), b);
  const t2 = K.div(K.mul(K.add(x, y), b2), K.int(2));
  const t3 = K.div(K.mul(b2, b), K.int(3));
  return K.add(K.sub(t1, t2), t3);
}

/** The exact scalars of a kernel evaluation: c > 0 and the two points (backend numbers taken as exact). */
export interface KernelPoint<R extends Repr> {
  readonly c: S<R>;
  readonly x: S<R>;
  readonly y: S<R>;
}

/** k₊(x, x′) = E_B[relu(x − B)relu(x′ − B)], B ~ Unif[−c, c]. */
function reluHalf<R extends Repr>(K: BallArith<R>, c: S<R>, x: S<R>, y: S<R>): Ball<R> {
  const B = K.B;
  const u = B.min(B.min(x, y), c);
  if (!(B.cmp(u, B.neg(c)) > 0)) return K.exact(B.zero);
  const [X, Y, C] = [K.exact(x), K.exact(y), K.exact(c)];
  const diff = K.sub(antiderivative(K, X, Y, K.exact(u)), antiderivative(K, X, Y, K.neg(C)));
  return K.div(diff, K.mul(K.int(2), C));
}

/** K(x, x′) for σ = relu or abs (module comment), as a ball containing the exact value. */
export function shallowKernel<R extends Repr>(K: BallArith<R>, act: ShallowActivation, p: KernelPoint<R>): Ball<R> {
  const B = K.B;
  const { c, x, y } = p;
  if (!(B.cmp(c, B.zero) > 0)) throw new RangeError(`shallowKernel: c = ${B.show(c)} must be > 0`);
  if (act === 'relu') {
    const sum = K.add(reluHalf(K, c, x, y), reluHalf(K, c, B.neg(x), B.neg(y)));
    return K.div(sum, K.int(2));
  }
  const clamp = (t: S<R>) => B.max(B.neg(c), B.min(c, t));
  const lo = clamp(B.min(x, y));
  const hi = clamp(B.max(x, y));
  const [X, Y, C] = [K.exact(x), K.exact(y), K.exact(c)];
  const F = (b: Ball<R>) => antiderivative(K, X, Y, b);
  const ends = K.sub(F(C), F(K.neg(C)));
  const mid = K.mul(K.int(2), K.sub(F(K.exact(lo)), F(K.exact(hi))));
  return K.div(K.add(ends, mid), K.mul(K.int(2), C));
}

/** The kernel interpolant of data (x_i, y_i): its coefficient enclosure and evaluation. */
export interface KernelInterpolant<R extends Repr> {
  /** Enclosure of α = K_XX⁻¹y (exact kernel, exact data as read by the backend). */
  readonly alpha: VecBall<R>;
  /** ‖I − R·K_XX‖_∞ < 1 for the approximate inverse R used in the certificate. */
  readonly contraction: S<R>;
  /** f_∞(x) = Σ_i K(x, x_i)α_i as a ball containing the exact interpolant's value. */
  evaluate(x: S<R>): Ball<R>;
}

/**
 * The interpolant f_∞ = k(·)ᵀK_XX⁻¹y. Certificate for α (a standard verified-solve bound): with α̂ the computed
 * solution, R an approximate inverse and E = I − R·K_XX enclosed in balls, q = ‖E‖_∞ < 1 gives
 * K_XX⁻¹ = (I − E)⁻¹R, so ‖α − α̂‖_∞ ≤ ‖R·(K_XX α̂ − y)‖_∞/(1 − q). Returns a reason when q ≥ 1 (K_XX too
 * ill-conditioned for this backend) or the data repeat a point.
 */
export function kernelInterpolant<R extends Repr>(
  B: Backend<R>,
  act: ShallowActivation,
  c: Num,
  xs: readonly Num[],
  ys: readonly Num[],
): KernelInterpolant<R> | { readonly reason: string } {
  const K = ballArith(B);
  const m = xs.length;
  if (ys.length !== m) throw new RangeError(`kernelInterpolant: ${ys.length} labels for ${m} points`);
  const cs = B.num(c);
  const X = xs.map((x) => B.num(x));
  const G = X.map((xi) => X.map((xj) => shallowKernel(K, act, { c: cs, x: xi, y: xj })));
  const Gmid = B.reshape(B.pack(G.flatMap((r) => r.map((g) => g.value))), m, m);
  const Gball = { value: Gmid, err: B.reshape(B.pack(G.flatMap((r) => r.map((g) => g.err))), m, m) };
  const yb = K.vnum(ys);
  const sol = solve(B, Gmid, yb.value);
  if (!sol.ok) return { reason: `kernelInterpolant: K_XX is singular to the precision (${sol.reason})` };
  const cols: S<R>[][] = [];
  for (let j = 0; j < m; j++) {
    const e = solve(B, Gmid, B.pack(Array.from({ length: m }, (_, i) => (i === j ? B.one : B.zero))));
    if (!e.ok) return { reason: `kernelInterpolant: K_XX is singular to the precision (${e.reason})` };
    cols.push(B.unpack(e.x));
  }
  // R (row-major) from its columns
  const R = K.mexact(B.reshape(B.pack(Array.from({ length: m }, (_, i) => cols.map((col) => col[i]!)).flat()), m, m));
  let q = B.zero;
  for (let i = 0; i < m; i++) {
    // row i of E = I − R·G, through column j of R·G: (R·G)_{ij} = R_{i,:}·G_{:,j}
    let rowSum = K.exact(B.zero);
    for (let j = 0; j < m; j++) {
      const gj = { value: B.col(Gball.value, j), err: B.col(Gball.err, j) };
      const rg = K.at(K.gemv(R, gj), i);
      rowSum = K.add(rowSum, K.abs(K.sub(K.exact(i === j ? B.one : B.zero), rg)));
    }
    q = B.max(q, K.upper(rowSum));
  }
  if (!(B.cmp(q, B.one) < 0))
    return { reason: `kernelInterpolant: ‖I − R·K_XX‖_∞ ≤ ${B.show(q)} is not < 1 (too ill-conditioned here)` };
  const r = K.vsub(K.gemv(Gball, K.vexact(sol.x)), yb);
  const Rr = K.gemv(R, r);
  let nRr = B.zero;
  for (let i = 0; i < m; i++) nRr = B.max(nRr, K.upper(K.abs(K.at(Rr, i))));
  const delta = K.upper(K.div(K.exact(nRr), K.sub(K.int(1), K.exact(q))));
  const alpha = K.vof(sol.x, B.fill(m, delta));
  return {
    alpha,
    contraction: q,
    evaluate(x) {
      return K.sum(X.map((xi, i) => K.mul(shallowKernel(K, act, { c: cs, x, y: xi }), K.at(alpha, i))));
    },
  };
}
