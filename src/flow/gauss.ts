/**
 * Gauss–Legendre implicit Runge–Kutta steps (s = 2: order 4, s = 3: order 6) over backend kernels. They satisfy
 * b_i a_ij + b_j a_ji = b_i b_j, so they conserve every quadratic invariant yᵀSy of the field exactly (Cooper 1987;
 * Hairer, Lubich & Wanner, Geometric Numerical Integration, Thm IV.2.2) — up to rounding, the residual of the stage
 * equations, and the rounding of the materialized coefficients, all three measurable (see `quadraticDefect`).
 * The stage equations are solved by fixed-point iteration (the fields this is used for are non-stiff on a step).
 */
import type { Ball, BallArith, VecBall } from '../ball/ball.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import type { VectorField } from './types.js';

/** Materialized coefficients of the s-stage Gauss–Legendre method in backend B. */
export interface GaussCoeffs<R extends Repr> {
  readonly s: number;
  readonly c: readonly S<R>[];
  readonly a: readonly (readonly S<R>[])[];
  readonly b: readonly S<R>[];
}

/**
 * Gauss–Legendre coefficients (Butcher 1964; Hairer–Wanner II Table IV.5.2): c_i the zeros of the shifted
 * Legendre polynomial of degree s on [0, 1], A and b from collocation; √3 and √15 correctly rounded by the backend.
 */
export function gaussLegendre<R extends Repr>(B: Backend<R>, s: 2 | 3): GaussCoeffs<R> {
  const q = (p: number, d: number) => B.div(B.int(p), B.int(d));
  if (s === 2) {
    const r = B.div(B.sqrt(B.int(3)), B.int(6)); // √3/6
    const quarter = q(1, 4);
    return {
      s,
      c: [B.sub(q(1, 2), r), B.add(q(1, 2), r)],
      a: [
        [quarter, B.sub(quarter, r)],
        [B.add(quarter, r), quarter],
      ],
      b: [q(1, 2), q(1, 2)],
    };
  }
  const r15 = B.sqrt(B.int(15));
  const f = (d: number) => B.div(r15, B.int(d)); // √15/d
  const a11 = q(5, 36);
  const a12 = q(2, 9);
  return {
    s,
    c: [B.sub(q(1, 2), f(10)), q(1, 2), B.add(q(1, 2), f(10))],
    a: [
      [a11, B.sub(a12, f(15)), B.sub(a11, f(30))],
      [B.add(a11, f(24)), a12, B.sub(a11, f(24))],
      [B.add(a11, f(30)), B.add(a12, f(15)), a11],
    ],
    b: [q(5, 18), q(4, 9), q(5, 18)],
  };
}

export interface ImplicitStepOut<R extends Repr> {
  /** y + h Σ b_i K_i, rounded. */
  readonly y1: V<R>;
  /** The stage slopes K_i (last fixed-point iterate). */
  readonly K: readonly V<R>[];
  /** Fixed-point sweeps spent (each = s field evaluations). */
  readonly sweeps: number;
  /** The last sweep changed K by at most `rounding floor` (a stagnated or contracted iteration). */
  readonly converged: boolean;
}

/** Stage points y + h Σ_j a_ij K_j (rounded). */
export function stagePoints<R extends Repr>(
  B: Backend<R>,
  C: GaussCoeffs<R>,
  y: V<R>,
  h: S<R>,
  K: readonly V<R>[],
): V<R>[] {
  return C.a.map((row) => row.reduce((acc, aij, j) => B.axpy(B.mul(h, aij), K[j]!, acc), y));
}

/**
 * One Gauss–Legendre step of size h from (t, y): K_i = f(t + c_i h, y + h Σ_j a_ij K_j) by fixed-point sweeps started
 * from K_i = f(t, y) (`f0`), until a sweep changes K by ≤ 16u·max‖K‖_∞ or stops shrinking the change (rounding
 * reached), at most `maxSweeps` (default 60). Converges when h·‖A‖·Lip(f) < 1; `converged` false says take a smaller h.
 */
export function gaussStep<R extends Repr>(
  B: Backend<R>,
  C: GaussCoeffs<R>,
  f: VectorField<R>,
  t: S<R>,
  y: V<R>,
  h: S<R>,
  f0: V<R>,
  maxSweeps = 60,
): ImplicitStepOut<R> {
  let K: V<R>[] = C.c.map(() => f0);
  let prev = Infinity;
  let sweeps = 0;
  let converged = false;
  const floor = 16 * B.toNumber(B.eps);
  while (sweeps < maxSweeps) {
    const Y = stagePoints(B, C, y, h, K);
    const next = Y.map((Yi, i) => f(B.add(t, B.mul(C.c[i]!, h)), Yi));
    sweeps++;
    if (!next.every((k) => B.allFinite(k))) break;
    const change = Math.max(...next.map((k, i) => B.toNumber(B.amax(B.vsub(k, K[i]!)))));
    const scale = Math.max(...next.map((k) => B.toNumber(B.amax(k))));
    K = next;
    if (change <= floor * scale || (change >= prev && prev <= 1e6 * floor * scale)) {
      converged = true;
      break;
    }
    prev = change;
  }
  const y1 = C.b.reduce((acc, bi, i) => B.axpy(B.mul(h, bi), K[i]!, acc), y);
  return { y1, K, sweeps, converged };
}

/** A symmetric bilinear form (x, y) ↦ xᵀSy over vector balls; Q(y) = yᵀSy is the quadratic it defines. */
export type BallForm<R extends Repr> = (x: VecBall<R>, y: VecBall<R>) => Ball<R>;

/**
 * A rigorous bound on |Q(y1) − Q(y)| for one Gauss–Legendre step (stage slopes K, stored result y1) and each
 * quadratic Q(z) = zᵀSz in `forms`, assuming only that Q is an invariant of the field: f(z)ᵀSz = 0 for all z.
 * With Y_i = y + hΣ_j a_ij K_j and y' = y + hΣ_i b_i K_i held as exact balls,
 *   Q(y') − Q(y) = 2hΣ_i b_i K_iᵀSY_i + h²Σ_ij m_ij K_iᵀSK_j,   m_ij = b_ib_j − b_ia_ij − b_ja_ji,
 * and K_iᵀSY_i = r_iᵀSY_i with r_i = K_i − f(Y_i) (the invariance), so
 *   |Q(y1) − Q(y)| ≤ 2hΣ|b_i||r_iᵀSY_i| + h²Σ|m_ij||K_iᵀSK_j| + |Q(y1) − Q(y')|,
 * every term enclosed in ball arithmetic (`fBall` must enclose the exact field on a ball). None of the terms contains
 * f(Y_i)ᵀSY_i, so a field for which Q is not invariant drifts beyond the bound. Returned as balls (take `upper`).
 */
export function gaussQuadraticDrift<R extends Repr>(
  K: BallArith<R>,
  C: GaussCoeffs<R>,
  fBall: (t: S<R>, Y: VecBall<R>) => VecBall<R>,
  forms: readonly BallForm<R>[],
  step: { readonly t: S<R>; readonly y: V<R>; readonly h: S<R>; readonly K: readonly V<R>[]; readonly y1: V<R> },
): Ball<R>[] {
  const H = K.exact(step.h);
  const Kb = step.K.map((k) => K.vexact(k));
  const y0 = K.vexact(step.y);
  const Y = C.a.map((row) => row.reduce((acc, aij, j) => K.vadd(acc, K.scal(K.mul(H, K.exact(aij)), Kb[j]!)), y0));
  const yExact = C.b.reduce((acc, bi, i) => K.vadd(acc, K.scal(K.mul(H, K.exact(bi)), Kb[i]!)), y0);
  const y1 = K.vexact(step.y1);
  const r = Y.map((Yi, i) => K.vsub(Kb[i]!, fBall(K.add(K.exact(step.t), K.mul(H, K.exact(C.c[i]!))).value, Yi)));
  const m = C.b.map((bi, i) =>
    C.b.map((bj, j) => {
      const [Bi, Bj] = [K.exact(bi), K.exact(bj)];
      return K.abs(K.sub(K.mul(Bi, Bj), K.add(K.mul(Bi, K.exact(C.a[i]![j]!)), K.mul(Bj, K.exact(C.a[j]![i]!)))));
    }),
  );
  return forms.map((S) => {
    let bound = K.abs(K.sub(S(y1, y1), S(yExact, yExact)));
    for (let i = 0; i < C.s; i++) {
      bound = K.add(bound, K.mul(K.mul(K.int(2), K.mul(H, K.abs(K.exact(C.b[i]!)))), K.abs(S(r[i]!, Y[i]!))));
      for (let j = 0; j < C.s; j++) bound = K.add(bound, K.mul(K.mul(K.sqr(H), m[i]![j]!), K.abs(S(Kb[i]!, Kb[j]!))));
    }
    return bound;
  });
}
