/**
 * Truncated power series ("jets") in one variable η, x(η) = Σ_{k ≤ K} x_k η^k, whose coefficients x_k are matrices of
 * a coefficient algebra (algebra.ts: plain backend matrices, or balls with rigorous radii). Taylor-mode automatic
 * differentiation: a program run on jets returns the first K Taylor coefficients of its value along the line
 * (Griewank & Walther 2008, Evaluating Derivatives, ch. 13, Table 13.2 for the recurrences used here).
 *
 * A coefficient that is exactly zero is stored as null, so a parameter line θ − ηΔ (two terms) costs two products per
 * coefficient in a layer, not K + 1. The constant term is never null (it carries the shape).
 *
 * Activations with kinks (relu, leaky relu, abs) use the mask of the constant term, frozen: the series is the one of
 * the piecewise-polynomial branch that holds at η = 0, exact for 0 ≤ η < η* (the first sign change of a
 * pre-activation along the line). The constant term's signs are certified (algebra.signs) or the jet throws.
 */
import type { Backend, M, Repr } from '../numeric/types.js';
import type { JetAlgebra } from './algebra.js';

/** A truncated series: c[k] is the coefficient of η^k (null = exactly 0), c[0] never null. */
export interface Jet<T> {
  readonly c: readonly (T | null)[];
}

/** Activations a jet applies with the mask frozen at η = 0. */
export type JetActivation = 'relu' | 'leakyRelu' | 'abs' | 'identity';

/** Jet operations of order K over one coefficient algebra. */
export interface JetOps<R extends Repr, T> {
  readonly A: JetAlgebra<R, T>;
  readonly B: Backend<R>;
  /** The truncation order K (coefficients 0 … K). */
  readonly order: number;
  /** The constant x(η) = a. */
  constant(a: T): Jet<T>;
  /** The line x(η) = a + η·d. */
  line(a: T, d: T): Jet<T>;
  /** The jet with the given coefficients (missing or null: 0; c[0] required). */
  of(c: readonly (T | null)[]): Jet<T>;
  add(x: Jet<T>, y: Jet<T>): Jet<T>;
  sub(x: Jet<T>, y: Jet<T>): Jet<T>;
  neg(x: Jet<T>): Jet<T>;
  /** Entrywise product (Cauchy product of the series). */
  mul(x: Jet<T>, y: Jet<T>): Jet<T>;
  /** Matrix product op(x)·op(y) of two matrix series. */
  matmul(x: Jet<T>, y: Jet<T>, transA?: boolean, transB?: boolean): Jet<T>;
  /** c·x for a constant 1×1 coefficient c. */
  scal(c: T, x: Jet<T>): Jet<T>;
  /** (p/q)·x. */
  ratio(x: Jet<T>, p: number, q: number): Jet<T>;
  /** Entrywise x/y (y's constant term bounded away from 0). */
  div(x: Jet<T>, y: Jet<T>): Jet<T>;
  exp(x: Jet<T>): Jet<T>;
  log(x: Jet<T>): Jet<T>;
  log1p(x: Jet<T>): Jet<T>;
  sqrt(x: Jet<T>): Jet<T>;
  /** log(1 + e^x), stable for large |x|. */
  softplus(x: Jet<T>): Jet<T>;
  /** 1/(1 + e^{−x}). */
  sigmoid(x: Jet<T>): Jet<T>;
  /** σ(x) entrywise with the mask of x(0) frozen (alpha: the leaky slope, an exact decimal string). */
  activation(x: Jet<T>, act: JetActivation, alpha?: string): Jet<T>;
  /** Σ of all entries of every coefficient (1×1 coefficients). */
  total(x: Jet<T>): Jet<T>;
}

/** Options of `jetOps`. */
export interface JetOptions<T> {
  /** Called with every pre-activation series a kinked activation freezes (for η*: etaStar.ts). */
  readonly onActivation?: (z: Jet<T>) => void;
}

/** Jet operations of order K (≥ 0) over algebra A. */
export function jetOps<R extends Repr, T>(A: JetAlgebra<R, T>, order: number, opts: JetOptions<T> = {}): JetOps<R, T> {
  if (!(Number.isInteger(order) && order >= 0 && order <= 64)) {
    throw new RangeError(`jet: order ${order} must be an integer in [0, 64]`);
  }
  const B = A.B;
  const K = order;
  const mk = (c: (T | null)[]): Jet<T> => {
    if (c[0] === null || c[0] === undefined) throw new RangeError('jet: the constant term must not be null');
    return { c };
  };
  const c0 = (x: Jet<T>): T => x.c[0]!;
  const at = (x: Jet<T>, k: number): T | null => x.c[k] ?? null;
  const plus = (a: T | null, b: T | null): T | null => (a === null ? b : b === null ? a : A.add(a, b));
  const minus = (a: T | null, b: T | null): T | null => (b === null ? a : a === null ? A.neg(b) : A.sub(a, b));
  const zerosLike = (a: T): T => A.exact(B.mzeros(A.rows(a), A.cols(a)));
  const orZero = (a: T | null, like: T): T => a ?? zerosLike(like);
  const pad = (c: readonly (T | null)[]): (T | null)[] => Array.from({ length: K + 1 }, (_, k) => c[k] ?? null);
  const mapCoeffs = (x: Jet<T>, f: (a: T) => T): Jet<T> => mk(x.c.map((a) => (a === null ? null : f(a))));

  /** Σ_{i+j=k} prod(x_i, y_j), skipping zero terms (null when every term is zero). */
  const cauchy = (x: Jet<T>, y: Jet<T>, prod: (a: T, b: T) => T): (T | null)[] => {
    const out: (T | null)[] = [];
    for (let k = 0; k <= K; k++) {
      let s: T | null = null;
      for (let i = 0; i <= k; i++) {
        const a = at(x, i);
        const b = at(y, k - i);
        if (a !== null && b !== null) s = plus(s, prod(a, b));
      }
      out.push(s);
    }
    return out;
  };

  /**
   * The series of f(x) for f' = g·x' given g's series as it grows: k·f_k = Σ_{j=1..k} j·x_j·g_{k−j}
   * (Griewank–Walther Table 13.2); `next(k, f)` returns g_k once f_0 … f_k are known.
   */
  const odeSeries = (x: Jet<T>, f0: T, g0: T, next: (k: number, f: readonly T[]) => T): Jet<T> => {
    const f: T[] = [f0];
    const g: T[] = [g0];
    for (let k = 1; k <= K; k++) {
      let s: T | null = null;
      for (let j = 1; j <= k; j++) {
        const xj = at(x, j);
        if (xj !== null) s = plus(s, A.ratio(A.hadamard(xj, g[k - j]!), j, k));
      }
      f.push(orZero(s, f0));
      if (k < K) g.push(next(k, f));
    }
    return mk(f);
  };

  const self: JetOps<R, T> = {
    A,
    B,
    order: K,
    constant: (a) => mk(pad([a])),
    line: (a, d) => mk(pad([a, d])),
    of: (c) => mk(pad(c)),
    add: (x, y) => mk(pad(x.c.map((a, k) => plus(a, at(y, k))))),
    sub: (x, y) => mk(pad(x.c.map((a, k) => minus(a, at(y, k))))),
    neg: (x) => mapCoeffs(x, (a) => A.neg(a)),
    mul: (x, y) => mk(cauchy(x, y, (a, b) => A.hadamard(a, b))),
    matmul: (x, y, tA = false, tB = false) => mk(cauchy(x, y, (a, b) => A.gemm(a, b, tA, tB))),
    scal: (c, x) => mapCoeffs(x, (a) => A.scal(c, a)),
    ratio: (x, p, q) => mapCoeffs(x, (a) => A.ratio(a, p, q)),
    div: (x, y) => {
      // q = x/y: q_k = (x_k − Σ_{j=1..k} y_j q_{k−j}) / y_0
      const inv = A.fn('recip', c0(y));
      const q: T[] = [];
      for (let k = 0; k <= K; k++) {
        let s = at(x, k);
        for (let j = 1; j <= k; j++) {
          const yj = at(y, j);
          if (yj !== null) s = minus(s, A.hadamard(yj, q[k - j]!));
        }
        q.push(s === null ? zerosLike(c0(x)) : A.hadamard(s, inv));
      }
      return mk(q);
    },
    exp: (x) => {
      // e' = e·x': g = e
      const e0 = A.fn('exp', c0(x));
      return odeSeries(x, e0, e0, (k, f) => f[k]!);
    },
    log: (x) => logLike(x, A.fn('log', c0(x)), c0(x)),
    log1p: (x) => {
      const [r, c] = [A.rows(c0(x)), A.cols(c0(x))];
      const one = A.exact(B.reshape(B.fill(r * c, B.one), r, c));
      return logLike(x, A.fn('log1p', c0(x)), A.add(one, c0(x)));
    },
    sqrt: (x) => {
      // s² = x: s_k = (x_k − Σ_{j=1..k−1} s_j s_{k−j}) / (2 s_0)
      const s0 = A.fn('sqrt', c0(x));
      const inv2 = A.ratio(A.fn('recip', s0), 1, 2);
      const s: T[] = [s0];
      for (let k = 1; k <= K; k++) {
        let t = at(x, k);
        for (let j = 1; j < k; j++) t = minus(t, A.hadamard(s[j]!, s[k - j]!));
        s.push(t === null ? zerosLike(s0) : A.hadamard(t, inv2));
      }
      return mk(s);
    },
    softplus: (x) => {
      // softplus' = σ·x', σ' = σ(1 − σ)·x' = (σ − σ²)·x'
      const sig = self.sigmoid(x);
      return odeSeries(x, A.fn('softplus', c0(x)), c0(sig), (k) => at(sig, k) ?? zerosLike(c0(x)));
    },
    sigmoid: (x) => {
      const s0 = A.fn('sigmoid', c0(x));
      const tau = (f: readonly T[], k: number): T => {
        // (σ − σ²)_k = σ_k − Σ_{i=0..k} σ_i σ_{k−i}
        let t: T = f[k]!;
        for (let i = 0; i <= k; i++) t = A.sub(t, A.hadamard(f[i]!, f[k - i]!));
        return t;
      };
      return odeSeries(x, s0, tau([s0], 0), (k, f) => tau(f, k));
    },
    activation: (x, act, alpha) => {
      if (act === 'identity') return x;
      opts.onActivation?.(x);
      // an entry that is an exact zero in every coefficient (algebra.exactZeros) is 0 along the line: any mask gives
      // σ(0) = 0. Its mask is set to 0 and its radii are kept (widen below), which covers either mask in any case.
      const free = A.exactZeros(c0(x));
      for (const a of x.c) {
        if (a === null) continue;
        A.exactZeros(a).forEach((z, i) => {
          if (!z) free[i] = false;
        });
      }
      const s = A.signs(c0(x), `jet ${act} pre-activation`, free);
      const flat = B.flatten(s);
      const reshape = (v: ReturnType<typeof B.flatten>) => B.reshape(v, B.rows(s), B.cols(s));
      const freeMask = reshape(B.pack(free.map((f) => (f ? B.one : B.zero))));
      const keepRadius = (y: Jet<T>): Jet<T> =>
        free.some((f) => f)
          ? mk(
              y.c.map((b, k) =>
                b === null
                  ? null
                  : A.widen(
                      b,
                      B.reshape(B.vmul(B.flatten(freeMask), B.flatten(A.rad(x.c[k] ?? b))), B.rows(s), B.cols(s)),
                    ),
              ),
            )
          : y;
      if (act === 'abs') return keepRadius(mapCoeffs(x, (a) => A.hadamard(A.exact(s), a)));
      // pos = (1 + s)/2 ∈ {0, 1}, exact
      const pos = reshape(B.scal(B.num('0.5'), B.vshift(flat, B.one)));
      const kept = mapCoeffs(x, (a) => A.hadamard(A.exact(pos), a));
      if (act === 'relu') return keepRadius(kept);
      if (alpha === undefined) throw new RangeError('jet leakyRelu: alpha is required');
      const neg = reshape(B.vsub(B.fill(B.dim(flat), B.one), B.flatten(pos)));
      const al = A.num(alpha);
      return keepRadius(
        self.add(
          kept,
          mapCoeffs(x, (a) => A.scal(al, A.hadamard(A.exact(neg), a))),
        ),
      );
    },
    total: (x) => mapCoeffs(x, (a) => A.total(a)),
  };

  /** log-type series, l' = x'/b with b = x (log) or 1 + x (log1p): l_k = (x_k − (1/k)Σ_{j<k} j l_j b_{k−j})/b_0. */
  function logLike(x: Jet<T>, l0: T, b0: T): Jet<T> {
    const inv = A.fn('recip', b0);
    const l: T[] = [l0];
    const b = (i: number): T | null => (i === 0 ? b0 : at(x, i));
    for (let k = 1; k <= K; k++) {
      let s: T | null = null;
      for (let j = 1; j < k; j++) {
        const bj = b(k - j);
        if (bj !== null) s = plus(s, A.ratio(A.hadamard(l[j]!, bj), j, k));
      }
      const t = minus(at(x, k), s);
      l.push(t === null ? zerosLike(l0) : A.hadamard(t, inv));
    }
    return mk(l);
  }

  return self;
}

/** The midpoints of a matrix jet's coefficients (zeros for null), for printing and tests. */
export function jetMid<R extends Repr, T>(ops: JetOps<R, T>, x: Jet<T>): M<R>[] {
  const A = ops.A;
  const like = x.c[0]!;
  return x.c.map((a) => (a === null ? ops.B.mzeros(A.rows(like), A.cols(like)) : A.mid(a)));
}
