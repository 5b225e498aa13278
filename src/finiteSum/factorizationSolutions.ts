/**
 * The solution set of matrix factorization (Example 4 of arXiv 2410.12455, eq. (7)), certified by a theorem instead
 * of a search: f(W, S) = (1/(2nm))‖X − WᵀS‖²_F, and WᵀS ranges over exactly the n×m matrices of rank ≤ k. By the
 * Eckart–Young–Mirsky theorem min_{rank Y ≤ k}‖X − Y‖²_F = Σ_{l>k} σ_l(X)², attained only at the truncated SVD
 * X_k = Σ_{l≤k} σ_l u_l v_lᵀ when σ_k > σ_{k+1} (which is proved here, in ball arithmetic). So
 *   f* = Σ_{l>k} σ_l²/(2nm),   S = {(W, S): WᵀS = X_k},   σ²_int = f* (every f_ij* = 0).
 * For k = 1, S = {(c·u_1, (σ_1/c)·v_1): c ≠ 0}: two curves (c > 0, c < 0), each unbounded (c → 0 or ∞). No bounded
 * set contains S, so the example's "let X be any bounded set that contains S" cannot be met literally
 * (docs/theorems/landscape.md LE8). `factorizationProjectionOn` encloses Proj(x, S) (symmetric 2×2 targets).
 */
import { ballArith, type Ball } from '../ball/ball.js';
import type { Backend, Num, Repr } from '../numeric/types.js';

/** What the certificate establishes, at one backend's precision. */
export interface FactorizationSolutions<R extends Repr> {
  /** σ_1(X) ≥ σ_2(X) ≥ … (balls). */
  readonly sigma: readonly Ball<R>[];
  /** f* = Σ_{l>k} σ_l²/(2nm), enclosed. */
  readonly fStar: Ball<R>;
  /** σ²_int = f* − mean f_ij* = f* (Assumption 2). */
  readonly sigma2: Ball<R>;
  readonly description: string;
}

/**
 * Certifies S for the target X (n×m, decimal strings) and rank k; throws an Error naming the gap when σ_k > σ_{k+1}
 * cannot be proved (then S is larger than the factorizations of one matrix, and f* alone is still right).
 */
export function factorizationSolutionsOn<R extends Repr>(
  B: Backend<R>,
  X: readonly (readonly Num[])[],
  k: number,
): FactorizationSolutions<R> {
  const n = X.length;
  const m = X[0]!.length;
  if (!(Number.isInteger(k) && k >= 1 && k < Math.min(n, m)))
    throw new RangeError(`factorization: rank k = ${k} must be an integer in [1, ${Math.min(n, m) - 1}]`);
  const K = ballArith(B);
  const sigma = K.singularValues(K.mnum(X));
  const [sk, sk1] = [sigma[k - 1]!, sigma[k]!];
  if (!(B.cmp(K.lower(sk), K.upper(sk1)) > 0))
    throw new Error(
      `factorization: σ_${k} = ${B.show(sk.value)} and σ_${k + 1} = ${B.show(sk1.value)} are not proved distinct [${B.id}]: the best rank-${k} approximation may not be unique; use a higher precision or another X`,
    );
  let tail = K.int(0);
  for (const s of sigma.slice(k)) tail = K.add(tail, K.sqr(s));
  const fStar = K.div(tail, K.int(2 * n * m));
  return {
    sigma,
    fStar,
    sigma2: fStar,
    description: `{(W, S): WᵀS = X_${k}}, the factorizations of the truncated SVD of X (Eckart–Young; σ_${k} > σ_${k + 1} proved)`,
  };
}

/** Proj(x, S) of Example 4 (k = 1): every candidate nearest point, enclosed, and dist(x, S)². */
export interface FactorizationProjection<R extends Repr> {
  /** The points x_p that may be nearest (one, or several when their distances cannot be told apart: ties). */
  readonly candidates: readonly (readonly Ball<R>[])[];
  /** dist(x, S)², enclosed. */
  readonly dist2: Ball<R>;
}

/** Intervals the root isolation may visit before it gives up (a near-double root of the quartic). */
const MAX_INTERVALS = 20_000;

/**
 * Proj(x, S) for k = 1 and a symmetric 2×2 target X with λ₁ > |λ₂| (then σ₁ = λ₁ and u_1 = v_1 = u, the top
 * eigenvector, in closed form). Writing w = x[0..2), s = x[2..4), a = uᵀw, b = uᵀs, the nearest point of
 * S = {(pu, (σ₁/p)u): p ≠ 0} minimizes g(p) = (p − a)² + (σ₁/p − b)² (plus the constant ‖w − au‖² + ‖s − bu‖²).
 * g → ∞ at 0 and ±∞ and g′(p) = 2P(p)/p³ with P(p) = p⁴ − ap³ + σ₁bp − σ₁², so the minimizers are real roots of P,
 * all in |p| ≤ 1 + max(|a|, σ₁|b|, σ₁²) (Cauchy). They are isolated in ball arithmetic (an interval is dropped when
 * 0 ∉ P(I), kept as one root when P′ has no zero on it and P changes sign at its ends) and g is enclosed at each:
 * the candidates are the roots whose g may be the least. Throws when X is not of this form or a root cannot be
 * isolated (a double root of P).
 */
export function factorizationProjectionOn<R extends Repr>(
  B: Backend<R>,
  X: readonly (readonly Num[])[],
  x: readonly Num[],
): FactorizationProjection<R> {
  if (X.length !== 2 || X[0]!.length !== 2 || X[1]!.length !== 2 || X[0]![1] !== X[1]![0])
    throw new RangeError('factorization projection: implemented for a symmetric 2×2 target (X[0][1] = X[1][0])');
  if (x.length !== 4) throw new RangeError(`factorization projection: x has ${x.length} entries, expected 4`);
  const K = ballArith(B);
  const [p0, r, t] = [K.num(X[0]![0]!), K.num(X[0]![1]!), K.num(X[1]![1]!)];
  const half = (y: Ball<R>) => K.div(y, K.int(2));
  const notProved = () => new Error(`factorization projection: λ₁ > |λ₂| and X[0][1] ≠ 0 are not proved [${B.id}]`);
  if (K.containsZero(r)) throw notProved();
  const root = K.sqrt(K.add(K.sqr(half(K.sub(p0, t))), K.sqr(r)));
  const l1 = K.add(half(K.add(p0, t)), root);
  const l2 = K.sub(half(K.add(p0, t)), root);
  if (!(B.cmp(K.lower(K.sub(l1, K.abs(l2))), B.zero) > 0)) throw notProved();
  // the top eigenvector: (r, λ₁ − X₀₀), normalized
  const d = [r, K.sub(l1, p0)];
  const nd = K.sqrt(K.add(K.sqr(d[0]!), K.sqr(d[1]!)));
  const u = d.map((di) => K.div(di, nd));
  const sigma = l1;
  const xs = x.map((v) => K.num(v));
  const [w, s] = [xs.slice(0, 2), xs.slice(2, 4)];
  const dot = (y: readonly Ball<R>[]) => K.add(K.mul(u[0]!, y[0]!), K.mul(u[1]!, y[1]!));
  const [a, b] = [dot(w), dot(s)];
  const perp = (y: readonly Ball<R>[], c: Ball<R>) => y.map((yj, j) => K.sub(yj, K.mul(c, u[j]!)));
  const sq = (y: readonly Ball<R>[]) => y.reduce((acc, yj) => K.add(acc, K.sqr(yj)), K.int(0));
  const rest = K.add(sq(perp(w, a)), sq(perp(s, b)));
  const sb = K.mul(sigma, b);
  const s2 = K.sqr(sigma);
  const P = (z: Ball<R>) => K.sub(K.add(K.mul(K.sub(z, a), K.mul(z, K.sqr(z))), K.mul(sb, z)), s2);
  const dP = (z: Ball<R>) => K.add(K.sub(K.mul(K.int(4), K.mul(z, K.sqr(z))), K.mul(K.int(3), K.mul(a, K.sqr(z)))), sb);
  const g = (z: Ball<R>) => K.add(K.sqr(K.sub(z, a)), K.sqr(K.sub(K.div(sigma, z), b)));
  const up = (y: Ball<R>) => B.toNumber(K.upper(K.abs(y)));
  const C = Math.ceil(1 + Math.max(up(a), up(sb), up(s2)));
  // [lo, hi] as a ball: the radius is measured from the rounded midpoint (each difference within u, covered by the
  // factor 1 + 1e-15)
  const iv = (lo: number, hi: number) => {
    const m = (lo + hi) / 2;
    return K.of(B.fromDouble(m), B.fromDouble(Math.max(hi - m, m - lo) * (1 + 1e-15)));
  };
  const pt = (v: number) => K.exact(B.fromDouble(v));
  const sign = (y: Ball<R>) => (B.cmp(K.lower(y), B.zero) > 0 ? 1 : B.cmp(K.upper(y), B.zero) < 0 ? -1 : 0);
  const roots: [number, number][] = [];
  const stack: [number, number][] = [[-C, C]];
  let visited = 0;
  while (stack.length > 0) {
    const [lo, hi] = stack.pop()!;
    if (++visited > MAX_INTERVALS)
      throw new Error(`factorization projection: the roots of the quartic could not be isolated near [${lo}, ${hi}]`);
    if (!K.containsZero(P(iv(lo, hi)))) continue;
    const mid = (lo + hi) / 2;
    if (!K.containsZero(dP(iv(lo, hi)))) {
      const [sl, sh] = [sign(P(pt(lo))), sign(P(pt(hi)))];
      if (sl !== 0 && sh !== 0) {
        if (sl !== sh) roots.push(narrow(lo, hi, sl));
        continue;
      }
    }
    if (!(hi - lo > 1e-12 * Math.max(1, Math.abs(mid))))
      throw new Error(`factorization projection: a root of the quartic near ${mid} is not isolated (double root?)`);
    stack.push([lo, mid], [mid, hi]);
  }
  // bisection inside an isolating interval: P(lo) has sign sl, P(hi) the other (monotone P)
  function narrow(lo: number, hi: number, sl: number): [number, number] {
    for (let it = 0; it < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(lo)); it++) {
      const m = (lo + hi) / 2;
      if (m === lo || m === hi) break;
      const sm = sign(P(pt(m)));
      if (sm === 0) break;
      if (sm === sl) lo = m;
      else hi = m;
    }
    return [lo, hi];
  }
  if (roots.length === 0) throw new Error('factorization projection: no real root found (cannot happen: P(0) < 0)');
  // each root at B's precision: Newton from the f64 interval, then a sign change of P at y ± δ inside it (P is
  // monotone there, so the root lies in [y − δ, y + δ]); the f64 interval when that test is inconclusive
  const sharpen = ([lo, hi]: [number, number]): Ball<R> => {
    const coarse = iv(lo, hi);
    let y = coarse.value;
    for (let it = 0; it < 8; it++) y = B.sub(y, B.div(P(K.exact(y)).value, dP(K.exact(y)).value));
    // δ above the Newton step and above the rounding radius of P itself (both over |P′|)
    const Py = P(K.exact(y));
    const delta = B.add(
      B.mul(B.int(4), B.div(B.add(B.abs(Py.value), Py.err), B.abs(dP(K.exact(y)).value))),
      B.mul(B.mul(B.int(16), B.eps), B.abs(y)),
    );
    const [e1, e2] = [B.sub(y, delta), B.add(y, delta)];
    const inside = B.cmp(K.lower(coarse), e1) <= 0 && B.cmp(e2, K.upper(coarse)) <= 0;
    const s1 = sign(P(K.exact(e1)));
    const s2 = sign(P(K.exact(e2)));
    if (!(inside && s1 !== 0 && s2 !== 0 && s1 !== s2)) return coarse;
    const rad = B.mul(B.max(B.sub(y, e1), B.sub(e2, y)), B.add(B.one, B.mul(B.int(4), B.eps)));
    return K.of(y, rad);
  };
  const balls = roots.map(sharpen);
  const gs = balls.map((q) => g(q));
  const best = gs.reduce((m, gi) => (B.cmp(K.upper(gi), m) < 0 ? K.upper(gi) : m), K.upper(gs[0]!));
  const keep = balls.flatMap((q, j) => (B.cmp(K.lower(gs[j]!), best) <= 0 ? [{ q, gj: gs[j]! }] : []));
  // the nearest point itself: (p·u, (σ₁/p)·u)
  const candidates = keep.map(({ q }) => {
    const qs = K.div(sigma, q);
    return [...u.map((uj) => K.mul(q, uj)), ...u.map((uj) => K.mul(qs, uj))];
  });
  // dist² = rest + min g: enclosed by [rest + min lower, rest + min upper] over the candidates
  const lowers = keep.map(({ gj }) => K.lower(gj)).reduce((m, v) => (B.cmp(v, m) < 0 ? v : m));
  const gMin = K.of(B.div(B.add(lowers, best), B.int(2)), B.div(B.sub(best, lowers), B.int(2)));
  // the midpoint and radius of gMin are each rounded once: widen by 4u(|lowers| + |best|)
  const slack = B.mul(B.mul(B.int(4), B.eps), B.add(B.abs(lowers), B.abs(best)));
  return { candidates, dist2: K.add(rest, K.widen(gMin, slack)) };
}
