/**
 * Matrix balls: entrywise midpoint–radius matrices (MatBall) and the operations the low-rank theorems need — products
 * (gemm), transpose, entrywise sums and scaling, entries, and the spectral quantities σ_k(A) and λ_k(S) as scalar
 * balls.
 * Same rounding model as the scalar and vector operations (rounding.ts); each radius formula below says what it
 * propagates and which reduction (A3) it pays for.
 *
 * Spectral quantities of a matrix ball: the midpoint's value comes from the rigorous solvers of linalg/ (their bars
 * bound |λ_k(Â) − θ̂_k| and |σ_k(Â) − σ̂_k| for the midpoint Â itself), and every matrix X in the ball is within
 * ‖X − Â‖₂ ≤ ‖R‖₂ ≤ ‖R‖_F of it (R the radius matrix: |X − Â| ≤ R entrywise, and ‖E‖₂ ≤ ‖|E|‖₂ ≤ ‖R‖₂ for
 * 0 ≤ |E| ≤ R by Perron–Frobenius monotonicity), so Weyl's inequalities (|λ_k(X) − λ_k(Â)| ≤ ‖X − Â‖₂ for symmetric
 * X, Â; |σ_k(X) − σ_k(Â)| ≤ ‖X − Â‖₂) add ‖R‖_F to the solver's bar.
 */
import { eigh } from '../linalg/eigh.js';
import { svd } from '../linalg/svd.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import type { Ball, MatBall, VecBall } from './ball.js';
import type { Rounder } from './rounding.js';

/** The matrix operations of BallArith (ball.ts merges them into the arithmetic of one backend). */
export interface MatBallOps<R extends Repr> {
  /** value ± err entrywise (err ≥ 0, same shape): a computed matrix with its bar, or a structural bar. */
  mof(value: M<R>, err: M<R>): MatBall<R>;
  /** An unknown perturbation δ with |δ| ≤ err entrywise (midpoint 0): XᵀX − (X + δ)ᵀ(X + δ) as a ball, etc. */
  mdelta(err: M<R>): MatBall<R>;
  /** A + C, A − C (same shape). */
  madd(A: MatBall<R>, C: MatBall<R>): MatBall<R>;
  msub(A: MatBall<R>, C: MatBall<R>): MatBall<R>;
  /** a·A. */
  mscal(a: Ball<R>, A: MatBall<R>): MatBall<R>;
  /** op(A)·op(C), op(X) = Xᵀ when the flag is set (as Backend.gemm). */
  gemm(A: MatBall<R>, C: MatBall<R>, transA?: boolean, transC?: boolean): MatBall<R>;
  /** Aᵀ (exact). */
  transpose(A: MatBall<R>): MatBall<R>;
  /** Entry (i, j). */
  mentry(A: MatBall<R>, i: number, j: number): Ball<R>;
  /** All entries, row by row. */
  mentries(A: MatBall<R>): Ball<R>[];
  /** The entries as a vector ball (row-major), and a vector ball as an r×c matrix ball (exact). */
  mflatten(A: MatBall<R>): VecBall<R>;
  mreshape(x: VecBall<R>, rows: number, cols: number): MatBall<R>;
  /**
   * Entrywise upper bounds of |x| over the ball (|m| + r rounded upward): a structural bar computed in ball arithmetic
   * becomes a rigorous radius vector / matrix for `vof`, `mof` or `mdelta`.
   */
  vabsUpper(x: VecBall<R>): V<R>;
  mabsUpper(A: MatBall<R>): M<R>;
  /**
   * A structural bar x̂ ≥ 0 computed in the backend from nonnegative terms with at most k roundings per entry,
   * rounded upward so that it bounds the exact formula (rounding.ts, Lemma 1).
   */
  roundUp(x: S<R>, k: number): S<R>;
  vroundUp(x: V<R>, k: number): V<R>;
  /** tr A (a sum of the diagonal). */
  trace(A: MatBall<R>): Ball<R>;
  /** σ₁(A) = ‖A‖₂ (solver bar + Weyl, module comment). */
  spectral(A: MatBall<R>): Ball<R>;
  /** All singular values σ_1 ≥ … ≥ σ_min(m,n) (solver bar + Weyl, module comment). */
  singularValues(A: MatBall<R>): Ball<R>[];
  /**
   * The eigenvalues of (X + Xᵀ)/2 for every X in the ball (of X itself when X is symmetric), descending: the midpoint
   * is symmetrized (`symmetrize`), then solver bar + Weyl (module comment).
   */
  eigenvalues(A: MatBall<R>): Ball<R>[];
}

/** What ball.ts shares with the matrix operations. */
export interface MatContext<R extends Repr> {
  readonly B: Backend<R>;
  readonly rd: Rounder<R>;
  /** u, or 0 in the deliberately broken arithmetic of ball.test.ts. */
  readonly uMid: S<R>;
  /** Lemma 1's k of one scalar operation. */
  readonly K: number;
  readonly ball: (value: S<R>, err: S<R>) => Ball<R>;
  readonly scal: (a: Ball<R>, x: VecBall<R>) => VecBall<R>;
  readonly sum: (xs: readonly Ball<R>[]) => Ball<R>;
}

/** The matrix operations over one backend (see MatBallOps). */
export function matBallOps<R extends Repr>(c: MatContext<R>): MatBallOps<R> {
  const { B, rd, uMid, K, ball } = c;
  const shape = (A: M<R>) => `${B.rows(A)}×${B.cols(A)}`;
  const mabs = (A: M<R>) => B.reshape(B.map('abs', B.flatten(A)), B.rows(A), B.cols(A));
  const same = (A: M<R>, C: M<R>, where: string) => {
    if (B.rows(A) !== B.rows(C) || B.cols(A) !== B.cols(C))
      throw new RangeError(`ball.${where}: shapes ${shape(A)} and ${shape(C)} differ`);
  };
  /** Entrywise radii e (computed with k roundings from nonnegative terms) rounded upward (Lemma 1). */
  const mup = (e: M<R>, k: number) => B.reshape(rd.vup(B.flatten(e), k), B.rows(e), B.cols(e));
  const plus = (A: M<R>, C: M<R>) => B.reshape(B.vadd(B.flatten(A), B.flatten(C)), B.rows(A), B.cols(A));
  const times = (s: S<R>, A: M<R>) => B.reshape(B.scal(s, B.flatten(A)), B.rows(A), B.cols(A));
  /** ‖R‖_F rounded upward: nrm2 within (n + 8)u (A3), 2(n + 8) roundings. */
  const frobUp = (Rm: M<R>) => {
    const f = B.flatten(Rm);
    return rd.up(B.nrm2(f), 2 * (B.dim(f) + 8));
  };
  const nonneg = (E: M<R>, where: string) => {
    if (B.unpack(B.flatten(E)).some((e) => B.cmp(e, B.zero) < 0))
      throw new RangeError(`ball.${where}: radii must be ≥ 0`);
    return E;
  };
  // entrywise add/sub: the scalar radius r_a + r_c + u|m̂| per entry (Lemma 1 through vup)
  const addSub = (A: MatBall<R>, C: MatBall<R>, sub: boolean): MatBall<R> => {
    same(A.value, C.value, sub ? 'msub' : 'madd');
    const f = sub ? B.vsub(B.flatten(A.value), B.flatten(C.value)) : B.vadd(B.flatten(A.value), B.flatten(C.value));
    const e = B.vadd(B.vadd(B.flatten(A.err), B.flatten(C.err)), B.scal(uMid, B.map('abs', f)));
    const r = B.rows(A.value);
    const k = B.cols(A.value);
    return { value: B.reshape(f, r, k), err: B.reshape(rd.vup(e, K), r, k) };
  };
  const transpose = (A: MatBall<R>): MatBall<R> => ({ value: B.transpose(A.value), err: B.transpose(A.err) });
  /** A non-finite input (overflow upstream) gives a non-finite ball, never a finite one (as the scalar operations). */
  const spoiled = (A: MatBall<R>): boolean => !B.allFinite(B.flatten(A.value)) || !B.allFinite(B.flatten(A.err));
  const inf = B.fromDouble(Infinity);
  const half = B.num('0.5');
  /**
   * (Â + Âᵀ)/2, each pair computed once and mirrored (so the midpoint is exactly symmetric, as eigh requires). For X
   * in the ball, |(X_ij + X_ji)/2 − (â_ij + â_ji)/2| ≤ (r_ij + r_ji)/2; the mean's two roundings add 2u|ŝ_ij| (Lemma
   * 1, K).
   */
  const symmetrize = (A: MatBall<R>): MatBall<R> => {
    const n = B.rows(A.value);
    const v: S<R>[] = new Array<S<R>>(n * n);
    const e: S<R>[] = new Array<S<R>>(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const s = B.mul(half, B.add(B.mget(A.value, i, j), B.mget(A.value, j, i)));
        const r = B.add(
          B.mul(half, B.add(B.mget(A.err, i, j), B.mget(A.err, j, i))),
          B.mul(B.add(uMid, uMid), B.abs(s)),
        );
        v[i * n + j] = v[j * n + i] = s;
        e[i * n + j] = e[j * n + i] = rd.up(r, K);
      }
    }
    return { value: B.reshape(B.pack(v), n, n), err: B.reshape(B.pack(e), n, n) };
  };
  const self: MatBallOps<R> = {
    mof: (value, err) => {
      same(value, err, 'mof');
      return { value, err: nonneg(err, 'mof') };
    },
    mdelta: (err) => ({ value: B.mzeros(B.rows(err), B.cols(err)), err: nonneg(err, 'mdelta') }),
    madd: (A, C) => addSub(A, C, false),
    msub: (A, C) => addSub(A, C, true),
    mscal: (a, A) => {
      const x = c.scal(a, { value: B.flatten(A.value), err: B.flatten(A.err) });
      return {
        value: B.reshape(x.value, B.rows(A.value), B.cols(A.value)),
        err: B.reshape(x.err, B.rows(A.value), B.cols(A.value)),
      };
    },
    gemm: (A, C, tA = false, tC = false) => {
      const p = tA ? B.rows(A.value) : B.cols(A.value);
      const q = tC ? B.cols(C.value) : B.rows(C.value);
      if (p !== q)
        throw new RangeError(
          `ball.gemm: ${shape(A.value)}${tA ? 'ᵀ' : ''} times ${shape(C.value)}${tC ? 'ᵀ' : ''}: inner dimensions ${p} and ${q} differ`,
        );
      const m = B.gemm(A.value, C.value, tA, tC);
      const aA = mabs(A.value);
      const aC = mabs(C.value);
      // entry (i, j) is a length-p dot product: Σ_k |a_ik| rc_kj + ra_ik |c_kj| + ra_ik rc_kj (propagation, as in
      // dot) + (p + 2)u Σ_k |a_ik||c_kj| (A3); computed by gemms of nonnegative matrices: 2(p + 2) + K roundings.
      const g = (X: M<R>, Y: M<R>) => B.gemm(X, Y, tA, tC);
      const prop = plus(plus(g(aA, C.err), g(A.err, aC)), g(A.err, C.err));
      const e = plus(prop, times(B.mul(B.int(p + 2), uMid), g(aA, aC)));
      return { value: m, err: mup(e, 2 * (p + 2) + K) };
    },
    transpose,
    mentry: (A, i, j) => ball(B.mget(A.value, i, j), B.mget(A.err, i, j)),
    mentries: (A) => {
      const v = B.unpack(B.flatten(A.value));
      const e = B.unpack(B.flatten(A.err));
      return v.map((x, i) => ball(x, e[i]!));
    },
    mflatten: (A) => ({ value: B.flatten(A.value), err: B.flatten(A.err) }),
    mreshape: (x, r, k) => ({ value: B.reshape(x.value, r, k), err: B.reshape(x.err, r, k) }),
    // |x| ≤ |m| + r: one addition, Lemma 1 with k = 1
    vabsUpper: (x) => rd.vup(B.vadd(B.map('abs', x.value), x.err), 1),
    mabsUpper: (A) => mup(plus(mabs(A.value), A.err), 1),
    roundUp: (x, k) => rd.up(x, k),
    vroundUp: (x, k) => rd.vup(x, k),
    trace: (A) => {
      const n = Math.min(B.rows(A.value), B.cols(A.value));
      return c.sum(Array.from({ length: n }, (_, i) => ball(B.mget(A.value, i, i), B.mget(A.err, i, i))));
    },
    spectral: (A) => self.singularValues(A)[0]!,
    singularValues: (A) => {
      if (spoiled(A)) return Array.from({ length: Math.min(B.rows(A.value), B.cols(A.value)) }, () => ball(inf, inf));
      const sv = svd(B, A.value);
      const weyl = frobUp(A.err);
      return sv.values.map((v, k) => ball(v, rd.up(B.add(sv.errors[k]!, weyl), 1)));
    },
    eigenvalues: (A) => {
      if (B.rows(A.value) !== B.cols(A.value))
        throw new RangeError(`ball.eigenvalues: ${shape(A.value)} is not square`);
      if (spoiled(A)) return Array.from({ length: B.rows(A.value) }, () => ball(inf, inf));
      const sym = symmetrize(A);
      const e = eigh(B, sym.value);
      const weyl = frobUp(sym.err);
      return e.values.map((v, k) => ball(v, rd.up(B.add(e.errors[k]!, weyl), 1)));
    },
  };
  return self;
}
