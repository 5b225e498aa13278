/**
 * Certified solution sets S = argmin f for 2-D finite sums whose minimizers are isolated points (Examples 2, 3 and 6
 * of arXiv 2410.12455), with Proj(x, S). Nothing is taken from a local solver: `certifySolutionSet` proves, in ball
 * arithmetic over f64 (rigorous radii, src/ball), that
 *  1. on each disk D_j = D(m̃_j, r_j) of the certificate, ∇²f ⪰ μ_j I (a lower bound of λ_min of the interval Hessian
 *     over squares covering the disk), and ‖∇f(m̃_j)‖ < μ_j r_j / 2. Then f is μ_j-strongly convex on D_j, f(y) >
 *     f(m̃_j) on ∂D_j (f(y) ≥ f(m̃) − ‖g‖‖y − m̃‖ + μ‖y − m̃‖²/2), so f has exactly one critical point x*_j in D_j, its
 *     minimizer there, with ‖x*_j − y‖ ≤ ‖∇f(y)‖/μ_j for every y ∈ D_j;
 *  2. every square of a subdivision of the box Ω = [lo, hi]² either lies inside some D_j or has a lower bound of f
 *     (the better of the natural and the mean-value interval forms) above U = min_j f(m̃_j) ≥ min_j f(x*_j);
 *  3. outside Ω, f > U: f_i(x) = ψ_i(‖x − z_i‖²) with ψ_i increasing (the `radial` description, tested to match the
 *     components), and ‖x − z_i‖ ≥ δ_i = the distance from z_i to the complement of Ω;
 *  4. with several disks, the `mirror` c gives the isometry σ(x, y) = (c − y, c − x), which swaps the two radial terms
 *     (same profile, σ(z_1) = z_2), so f∘σ = f, and σ maps D_1 onto D_2 (checked exactly): f(x*_1) = f(x*_2).
 * Hence S = {x*_j}. With a mirror, x*_2 − x*_1 = σ(x*_1) − x*_1 is parallel to (1, 1) and its midpoint has coordinate
 * sum c, so the perpendicular bisector is exactly {x + y = c}: Proj(x, S) is decided exactly from the sign of
 * x + y − c, and on the bisector both minimizers are projections (Definition 1 asks for one of them).
 * `solutionSetOn(B, entry)` then encloses each x*_j at B's precision: Newton's method from m̃_j in B, and the radius
 * ‖∇f(y)‖/μ_j evaluated in ball arithmetic (valid because y ∈ D_j is checked).
 */
import { ballArith, BallDomainError, type Ball, type BallArith } from '../ball/ball.js';
import { f64Backend } from '../numeric/f64.js';
import * as Q from '../numeric/rational.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import type { RadialProfile } from './components.js';
import type { Field } from './field.js';
import type { Component } from './types.js';

/** f_i(x) = ψ(‖x − z‖²) with ψ increasing. */
export interface RadialTerm {
  readonly centre: readonly Num[];
  readonly profile: RadialProfile;
}

/** A disk D(centre, radius) on which ∇²f ⪰ mu·I and which holds exactly one minimizer (to be proved). */
export interface MinimizerDisk {
  readonly centre: readonly Num[];
  readonly radius: Num;
  readonly mu: Num;
}

/** Data of a certificate (module comment); `certifySolutionSet` proves it. */
export interface SolutionCertificate {
  /** Ω = [lo, hi]² (lo, hi integers, so the subdivision is exact in f64). */
  readonly box: readonly [Num, Num];
  /** The components as radial functions, for the bound outside Ω. */
  readonly radial: readonly RadialTerm[];
  readonly minimizers: readonly MinimizerDisk[];
  /** c of the symmetry f(c − y, c − x) = f(x, y); required when there are two minimizers. */
  readonly mirror?: Num;
  /** Squares the subdivision may visit before it gives up (default 200000). */
  readonly maxSquares?: number;
}

/** What the proof established (f64 numbers, for reports). */
export interface CertifiedSolutions {
  /** Upper bound of f* (from f(m̃_j)). */
  readonly fUpper: number;
  /** Lower bound of f outside Ω (the radial bound). */
  readonly outsideLower: number;
  /** Squares visited by the subdivision. */
  readonly squares: number;
}

/** The shape every certified entry has (a structural subset of FiniteSumEntry, which imports this module's types). */
export interface CertifiableEntry {
  readonly name: string;
  readonly components: readonly Component[];
  readonly certificate?: SolutionCertificate;
}

type AnyR = Repr;

/** f, ∇f and ∇²f·u as means of the components, over any field (a Backend or balls). */
function meanValue<T>(F: Field<T>, comps: readonly Component[], x: readonly T[]): T {
  let s = comps[0]!.value(F, x);
  for (let i = 1; i < comps.length; i++) s = F.add(s, comps[i]!.value(F, x));
  return F.div(s, F.int(comps.length));
}

function meanVec<T>(F: Field<T>, vs: readonly T[][]): T[] {
  return vs[0]!.map((_, j) => {
    let s: T = vs[0]![j]!;
    for (let i = 1; i < vs.length; i++) s = F.add(s, vs[i]![j]!);
    return F.div(s, F.int(vs.length));
  });
}

const meanGrad = <T>(F: Field<T>, comps: readonly Component[], x: readonly T[]): T[] =>
  meanVec(
    F,
    comps.map((c) => c.grad(F, x)),
  );

const meanHvp = <T>(F: Field<T>, comps: readonly Component[], x: readonly T[], u: readonly T[]): T[] =>
  meanVec(
    F,
    comps.map((c) => c.hvp(F, x, u)),
  );

/** A rigorous upper bound of √(upper(a)) (a ≥ 0 known). */
function sqrtUpper<R extends Repr>(K: BallArith<R>, a: Ball<R>): Ball<R> {
  const B = K.B;
  const hi = K.upper(a);
  return K.sqrt(K.exact(B.cmp(hi, B.zero) > 0 ? hi : B.zero));
}

/** A rigorous lower bound (as a backend scalar) of λ_min of the symmetric 2×2 matrix [[a, b], [b, c]] of balls. */
function lambdaMinLower<R extends Repr>(K: BallArith<R>, a: Ball<R>, b: Ball<R>, c: Ball<R>): number {
  const B = K.B;
  const half = K.div(K.add(a, c), K.int(2));
  const d = K.div(K.sub(a, c), K.int(2));
  const rad = sqrtUpper(K, K.add(K.sqr(d), K.sqr(b)));
  // λ_min = (a + c)/2 − √(((a − c)/2)² + b²) ≥ lower(half) − upper(rad)
  return B.toNumber(K.lower(K.sub(K.exact(K.lower(half)), K.exact(K.upper(rad)))));
}

/** ‖v‖ of a vector of balls, as a ball whose upper end bounds the true norm. */
function normBall<R extends Repr>(K: BallArith<R>, v: readonly Ball<R>[]): Ball<R> {
  let s = K.int(0);
  for (const vi of v) s = K.add(s, K.sqr(vi));
  return sqrtUpper(K, s);
}

/** The square [x0, x1] × [y0, y1] as a point of balls that contain it. */
function squareBalls<R extends Repr>(K: BallArith<R>, x0: number, x1: number, y0: number, y1: number): Ball<R>[] {
  const B = K.B;
  const ball = (lo: number, hi: number) => {
    const mid = (lo + hi) / 2;
    // hi − mid and mid − lo are within half an ulp (relative 2^−53) of their exact values: widen by 1e-15 relative
    // (exact for the dyadic squares of the subdivision, where nothing is rounded)
    const half = Math.max(hi - mid, mid - lo) * (1 + 1e-15);
    return K.of(B.fromDouble(mid), B.fromDouble(half));
  };
  return [ball(x0, x1), ball(y0, y1)];
}

/** λ_min(∇²f) ≥ mu on the disk, proved on an 8×8 grid of squares covering it (squares missing the disk skipped). */
function hessianLowerOnDisk(K: BallArith<AnyR>, comps: readonly Component[], m: readonly number[], r: number): number {
  const N = 8;
  // cover [m − R, m + R]² with R = 1.001r (so rounding of the edges cannot leave part of the disk uncovered); the
  // edges are computed once, so adjacent squares share them exactly
  const R = 1.001 * r;
  const ex = Array.from({ length: N + 1 }, (_, a) => m[0]! - R + (2 * R * a) / N);
  const ey = Array.from({ length: N + 1 }, (_, a) => m[1]! - R + (2 * R * a) / N);
  let low = Infinity;
  const e = [
    [K.int(1), K.int(0)],
    [K.int(0), K.int(1)],
  ];
  for (let a = 0; a < N; a++) {
    for (let b = 0; b < N; b++) {
      const [x0, x1, y0, y1] = [ex[a]!, ex[a + 1]!, ey[b]!, ey[b + 1]!];
      // nearest point of the square to the centre: clearly outside the disk → skip
      const dx = Math.max(x0 - m[0]!, 0, m[0]! - x1);
      const dy = Math.max(y0 - m[1]!, 0, m[1]! - y1);
      if (dx * dx + dy * dy > r * r * 1.001) continue;
      const X = squareBalls(K, x0, x1, y0, y1);
      const h0 = meanHvp(K, comps, X, e[0]!);
      const h1 = meanHvp(K, comps, X, e[1]!);
      // H is symmetric: take the off-diagonal entry whose ball is narrower (both contain the true value)
      const off = K.B.cmp(h0[1]!.err, h1[0]!.err) <= 0 ? h0[1]! : h1[0]!;
      low = Math.min(low, lambdaMinLower(K, h0[0]!, off, h1[1]!));
    }
  }
  return low;
}

/** Proves item 1 of the module comment for one disk (f64 balls); returns the upper bound of f(m̃). */
export function certifyDisk(comps: readonly Component[], disk: MinimizerDisk, what = 'disk'): { fUpper: number } {
  const B = f64Backend();
  const K = ballArith(B) as unknown as BallArith<AnyR>;
  if (disk.centre.length !== 2) throw new RangeError(`${what}: centre must have 2 coordinates (2-D certificates only)`);
  const m = disk.centre.map((v) => Number(v));
  const r = Number(disk.radius);
  const mu = K.num(disk.mu);
  if (!(r > 0)) throw new RangeError(`${what}: radius ${disk.radius} must be > 0`);
  const lam = hessianLowerOnDisk(K, comps, m, r);
  if (!(lam >= K.B.toNumber(K.upper(mu))))
    throw new Error(
      `${what}: λ_min(∇²f) on D((${disk.centre.join(', ')}), ${disk.radius}) is only proved ≥ ${lam}, below the stated mu = ${disk.mu}; lower mu or shrink the radius`,
    );
  const xm = disk.centre.map((v) => K.num(v));
  const gn = normBall(K, meanGrad(K, comps, xm));
  const need = K.div(K.mul(K.int(2), gn), mu);
  if (!(K.B.toNumber(K.upper(need)) < r))
    throw new Error(
      `${what}: ‖∇f(centre)‖ = ${K.B.toNumber(K.upper(gn))} is too large for radius ${disk.radius} (need 2‖∇f‖/mu < radius); give a more accurate centre`,
    );
  return { fUpper: K.B.toNumber(K.upper(meanValue(K, comps, xm))) };
}

const rat = (x: Num) => Q.parseNum(x);

/** The mirror image (c − y, c − x) of a point, exactly. */
function mirrorOf(c: Num, p: readonly Num[]): Num[] {
  const C = rat(c);
  return [Q.toPlainNum(Q.sub(C, rat(p[1]!))), Q.toPlainNum(Q.sub(C, rat(p[0]!)))];
}

const sameNum = (a: Num, b: Num) => Q.cmp(rat(a), rat(b)) === 0;

function checkMirror(cert: SolutionCertificate, name: string): void {
  const c = cert.mirror;
  if (cert.minimizers.length === 1 && c === undefined) return;
  if (cert.minimizers.length !== 2 || c === undefined)
    throw new Error(
      `${name}: a certificate with ${cert.minimizers.length} minimizers needs exactly two and a mirror (the symmetry that makes their values equal)`,
    );
  const [t1, t2] = cert.radial;
  if (cert.radial.length !== 2 || t1!.profile !== t2!.profile)
    throw new Error(`${name}: the mirror needs two radial terms with the same profile`);
  const z = mirrorOf(c, t1!.centre);
  if (!(sameNum(z[0]!, t2!.centre[0]!) && sameNum(z[1]!, t2!.centre[1]!)))
    throw new Error(`${name}: the mirror (x, y) ↦ (${c} − y, ${c} − x) does not map z_1 to z_2`);
  const [d1, d2] = cert.minimizers;
  const m = mirrorOf(c, d1!.centre);
  if (!(
    sameNum(m[0]!, d2!.centre[0]!) &&
    sameNum(m[1]!, d2!.centre[1]!) &&
    sameNum(d1!.radius, d2!.radius) &&
    sameNum(d1!.mu, d2!.mu)
  ))
    throw new Error(`${name}: the mirror does not map the first disk onto the second`);
  // each disk strictly on one side of the bisector x + y = c: |m_x + m_y − c| > r√2 (checked as (·)² > 2r²)
  for (const d of cert.minimizers) {
    const s = Q.sub(Q.add(rat(d.centre[0]!), rat(d.centre[1]!)), rat(c));
    const r = rat(d.radius);
    if (Q.cmp(Q.mul(s, s), Q.mul(Q.fromInt(2), Q.mul(r, r))) <= 0)
      throw new Error(`${name}: a disk reaches the bisector x + y = ${c}`);
  }
}

/** Lower bound of f outside Ω = [lo, hi]² from the radial description (item 3). */
function outsideLower(K: BallArith<AnyR>, cert: SolutionCertificate, name: string): number {
  const [lo, hi] = cert.box.map(rat) as [Q.Q, Q.Q];
  let s = K.int(0);
  for (const t of cert.radial) {
    let delta: Q.Q | null = null;
    for (const zc of t.centre) {
      const z = rat(zc);
      if (Q.cmp(z, lo) <= 0 || Q.cmp(z, hi) >= 0) throw new Error(`${name}: centre ${zc} is not inside the box`);
      const d = Q.min(Q.sub(z, lo), Q.sub(hi, z));
      delta = delta === null ? d : Q.min(delta, d);
    }
    const d2 = Q.toPlainNum(Q.mul(delta!, delta!));
    s = K.add(s, t.profile.psi(K, K.num(d2)));
  }
  return K.B.toNumber(K.lower(K.div(s, K.int(cert.radial.length))));
}

const CERTIFIED = new WeakMap<SolutionCertificate, CertifiedSolutions>();

/**
 * Proves S = {x*_j} (module comment) for an entry with a certificate, once per certificate object; throws an Error
 * saying which step failed and what to change.
 */
export function certifySolutionSet(entry: CertifiableEntry): CertifiedSolutions {
  const cert = entry.certificate;
  if (cert === undefined) throw new Error(`${entry.name}: no solution-set certificate registered`);
  const done = CERTIFIED.get(cert);
  if (done !== undefined) return done;
  const comps = entry.components;
  if (comps.some((c) => c.dim !== 2)) throw new Error(`${entry.name}: certificates are for 2-D finite sums only`);
  if (cert.radial.length !== comps.length)
    throw new Error(`${entry.name}: ${cert.radial.length} radial terms for ${comps.length} components`);
  checkMirror(cert, entry.name);
  const K = ballArith(f64Backend()) as unknown as BallArith<AnyR>;
  const U = Math.min(...cert.minimizers.map((d, j) => certifyDisk(comps, d, `${entry.name} minimizer ${j}`).fUpper));
  const out = outsideLower(K, cert, entry.name);
  if (!(out > U)) throw new Error(`${entry.name}: outside the box f ≥ ${out}, not above f(m̃) ≤ ${U}; enlarge the box`);
  const disks = cert.minimizers.map((d) => ({ m: d.centre.map(Number), r: Number(d.radius) }));
  const inDisk = (x0: number, x1: number, y0: number, y1: number) =>
    disks.some(({ m, r }) => {
      // the farthest corner within r (with a relative margin far above f64 rounding)
      const fx = Math.max(Math.abs(x0 - m[0]!), Math.abs(x1 - m[0]!));
      const fy = Math.max(Math.abs(y0 - m[1]!), Math.abs(y1 - m[1]!));
      return fx * fx + fy * fy < r * r * (1 - 1e-9);
    });
  // a square where a divisor's ball reaches 0 (interval overestimation on large squares) has no bound: subdivide it
  const lowerOn = (x0: number, x1: number, y0: number, y1: number): number => {
    try {
      return lowerBound(x0, x1, y0, y1);
    } catch (e) {
      if (e instanceof BallDomainError) return -Infinity;
      throw e;
    }
  };
  const lowerBound = (x0: number, x1: number, y0: number, y1: number): number => {
    const X = squareBalls(K, x0, x1, y0, y1);
    const natural = K.B.toNumber(K.lower(meanValue(K, comps, X)));
    // mean-value form: f(X) ⊂ f(mid) + ∇f(X)·(X − mid)
    const mid = squareBalls(K, (x0 + x1) / 2, (x0 + x1) / 2, (y0 + y1) / 2, (y0 + y1) / 2);
    const g = meanGrad(K, comps, X);
    const h = [(x1 - x0) / 2, (y1 - y0) / 2];
    let mv = K.exact(K.lower(meanValue(K, comps, mid)));
    g.forEach((gj, j) => {
      const ag = K.exact(K.upper(K.abs(gj)));
      mv = K.sub(mv, K.mul(ag, K.exact(K.B.fromDouble(h[j]!))));
    });
    return Math.max(natural, K.B.toNumber(K.lower(mv)));
  };
  const [lo, hi] = cert.box.map(Number) as [number, number];
  const max = cert.maxSquares ?? 200_000;
  const stack: [number, number, number, number][] = [[lo, hi, lo, hi]];
  let squares = 0;
  while (stack.length > 0) {
    const [x0, x1, y0, y1] = stack.pop()!;
    squares++;
    if (squares > max)
      throw new Error(
        `${entry.name}: the subdivision needed more than ${max} squares (stuck near [${x0}, ${x1}] × [${y0}, ${y1}]); enlarge the disks or raise maxSquares`,
      );
    if (inDisk(x0, x1, y0, y1)) continue;
    if (lowerOn(x0, x1, y0, y1) > U) continue;
    const xm = (x0 + x1) / 2;
    const ym = (y0 + y1) / 2;
    stack.push([x0, xm, y0, ym], [xm, x1, y0, ym], [x0, xm, ym, y1], [xm, x1, ym, y1]);
  }
  const res = { fUpper: U, outsideLower: out, squares };
  CERTIFIED.set(cert, res);
  return res;
}

/** The certified S at one backend's precision. */
export interface SolutionBalls<R extends Repr> {
  /** x*_j as balls (each coordinate within its radius of the true minimizer). */
  readonly minimizers: readonly (readonly Ball<R>[])[];
  /** f* = f(x*_j), enclosed. */
  readonly fStar: Ball<R>;
  /** σ²_int = f* − (1/n)Σ f_i* (Assumption 2), enclosed. */
  readonly sigma2: Ball<R>;
  /** Indices j with x*_j ∈ Proj(x, S) at an exact point x (exactly decided; several on the bisector). */
  candidates(x: readonly Num[]): number[];
}

/**
 * Encloses the unique critical point of f in a certified disk at B's precision: Newton from the centre in B, then
 * ‖x* − y‖ ≤ ‖∇f(y)‖/μ (strong convexity on the disk; y ∈ disk checked). Call `certifyDisk` first.
 */
export function refineInDisk<R extends Repr>(
  B: Backend<R>,
  comps: readonly Component[],
  disk: MinimizerDisk,
): Ball<R>[] {
  const K = ballArith(B);
  let y = disk.centre.map((v) => B.num(v));
  for (let it = 0; it < 12; it++) {
    const g = meanGrad(B, comps, y);
    const h0 = meanHvp(B, comps, y, [B.one, B.zero]);
    const h1 = meanHvp(B, comps, y, [B.zero, B.one]);
    // solve [[a, b], [b, c]] d = g (Cramer)
    const [a, b, c] = [h0[0]!, h0[1]!, h1[1]!];
    const det = B.sub(B.mul(a, c), B.mul(b, b));
    const d0 = B.div(B.sub(B.mul(c, g[0]!), B.mul(b, g[1]!)), det);
    const d1 = B.div(B.sub(B.mul(a, g[1]!), B.mul(b, g[0]!)), det);
    y = [B.sub(y[0]!, d0), B.sub(y[1]!, d1)];
  }
  const ye = y.map((v) => K.exact(v));
  const rho = K.upper(K.div(normBall(K, meanGrad(K, comps, ye)), K.num(disk.mu)));
  const off = normBall(
    K,
    ye.map((v, j) => K.sub(v, K.num(disk.centre[j]!))),
  );
  if (!(B.cmp(K.upper(K.add(off, K.exact(rho))), B.num(disk.radius)) < 0))
    throw new Error(`refineInDisk: Newton left the disk of radius ${disk.radius} [${B.id}] (the centre is too rough)`);
  return y.map((v) => K.of(v, rho));
}

const ON_BACKEND = new WeakMap<object, Map<SolutionCertificate, SolutionBalls<Repr>>>();

/** S of a certified entry at B's precision (proves the certificate first; cached per backend and certificate). */
export function solutionSetOn<R extends Repr>(
  B: Backend<R>,
  entry: CertifiableEntry & { readonly components: readonly Component[] },
): SolutionBalls<R> {
  certifySolutionSet(entry);
  const cert = entry.certificate!;
  let byCert = ON_BACKEND.get(B);
  if (byCert === undefined) {
    byCert = new Map();
    ON_BACKEND.set(B, byCert);
  }
  const hit = byCert.get(cert);
  if (hit !== undefined) return hit as unknown as SolutionBalls<R>;
  const K = ballArith(B);
  const comps = entry.components;
  const minimizers = cert.minimizers.map((d) => refineInDisk(B, comps, d));
  const fStar = meanValue(K, comps, minimizers[0]!);
  let inf = K.int(0);
  for (const c of comps) {
    if (c.infimum === undefined) throw new Error(`${entry.name}: component ${c.name} has no exact infimum f_i*`);
    inf = K.add(inf, K.num(c.infimum));
  }
  const sigma2 = K.sub(fStar, K.div(inf, K.int(comps.length)));
  const c = cert.mirror;
  // the side of the bisector x + y = c each disk lies on (strictly, checked by checkMirror)
  const sides = cert.minimizers.map((d) =>
    c === undefined ? 0 : Q.sign(Q.sub(Q.add(rat(d.centre[0]!), rat(d.centre[1]!)), rat(c))),
  );
  const res: SolutionBalls<R> = {
    minimizers,
    fStar,
    sigma2,
    candidates(x) {
      if (c === undefined) return [0];
      const s = Q.sign(Q.sub(Q.add(rat(x[0]!), rat(x[1]!)), rat(c)));
      return s === 0 ? sides.map((_, j) => j) : sides.flatMap((sd, j) => (sd === s ? [j] : []));
    },
  };
  byCert.set(cert, res);
  return res;
}
