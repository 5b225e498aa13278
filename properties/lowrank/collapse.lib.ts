/**
 * Helpers of the finite-horizon collapse theorems (docs/theorems/lowrank.md R7 Ji–Telgarsky, R12 Frei et al.): a
 * shadow-run estimate of a long trajectory's rounding error, and the orthogonal-data KKT point W̄ of
 * docs/theorems/lowrank.md R11.
 *
 * Trajectory error (why an estimate and not a bound): the deep linear risk is non-convex and the leaky-ReLU risk is
 * non-smooth, so no contraction argument bounds how per-step rounding propagates over 10³–10⁴ GD steps. Instead the
 * same exact spec is run on a second backend S (f64 when the backend under test is more precise, dd otherwise) and
 * Δ = ‖θ_B − θ_S‖ measured at each checkpoint. In the linear regime (Δ ≤ 1e-6·‖θ‖, checked: otherwise the sample is
 * inconclusive) rounding errors propagate linearly, so the less precise run's error is ≈ Δ and the more precise one's
 * ≈ Δ·u_B/u_S. τ = 10·that is used as the bar on θ (THEOREM-GUIDE: "inconclusive unless the estimate is clearly below
 * the claim's margin": the ×10 is that margin; the estimate is stated, not proven).
 */
import {
  ddBackend,
  f64Backend,
  type Backend,
  type Ball,
  type BallArith,
  type Num,
  type Repr,
  type S,
  type V,
  type VecBall,
} from '../../src/index.js';

/** Checkpoints 10^a·{1, 3} from `first` to `last` (inclusive, both in the list): 10, 30, 100, 300, 1000, … */
export function logCheckpoints(first: number, last: number): number[] {
  const out: number[] = [];
  for (let p = 1; p <= last; p *= 10) for (const c of [p, 3 * p]) if (c >= first && c <= last) out.push(c);
  return out;
}

/**
 * The shadow backend for B and τ(θ_B, θ_S) ≈ 10 × (rounding error of θ_B) (module comment); a string outside the
 * linear regime.
 */
export function shadowOf<R extends Repr>(
  B: Backend<R>,
): { S: Backend<Repr>; tauOf: (th: V<R>, thS: unknown) => S<R> | string } {
  const uB = B.toNumber(B.eps);
  const S: Backend<Repr> = uB < 1e-20 ? f64Backend() : ddBackend();
  const uS = S.toNumber(S.eps);
  const scale = B.num(String(uB < uS ? 10 * (uB / uS) : 10));
  return {
    S,
    tauOf: (th, thS) => {
      const delta = B.nrm2(B.vsub(th, B.vec(S.vshow(thS))));
      if (B.cmp(delta, B.mul(B.num('1e-6'), B.add(B.one, B.nrm2(th)))) > 0) {
        return `shadow run on ${S.id} deviates by ${B.show(delta)}: outside the linear regime of rounding propagation`;
      }
      // + 4u‖θ‖: the rounding of θ itself (the comparison cannot see below it when B is the less precise one)
      return B.add(B.mul(scale, delta), B.mul(B.mul(B.int(4), B.eps), B.nrm2(th)));
    },
  };
}

/**
 * τ_j ≈ 10 × (rounding error of θ_j on B), from a shadow run of the same spec on another backend (module comment).
 * `traj(B')` must return θ at the checkpoints on B'. Returns a reason (→ inconclusive) outside the linear regime.
 */
export function shadowTau<R extends Repr>(
  B: Backend<R>,
  thetas: readonly V<R>[],
  traj: (S: Backend<Repr>) => readonly unknown[] | null,
): { tau: S<R>[] } | { reason: string } {
  const { S, tauOf } = shadowOf(B);
  const sh = traj(S);
  if (sh === null || sh.length !== thetas.length) return { reason: `shadow run on ${S.id} diverged` };
  const tau: S<R>[] = [];
  for (let j = 0; j < thetas.length; j++) {
    const t = tauOf(thetas[j], sh[j]);
    if (typeof t === 'string') return { reason: `${t} (checkpoint ${j})` };
    tau.push(t);
  }
  return { tau };
}

/**
 * The KKT direction for orthogonal data and a balanced fixed second layer a_j = ±c (docs/theorems/lowrank.md R11,
 * derived): rows w₊ = Σ_i y_i s₊(i) x_i/‖x_i‖² for a_j > 0, w₋ = −Σ_i y_i s₋(i) x_i/‖x_i‖² for a_j < 0, with s₊(i) = 1
 * (y_i = +1), γ (y_i = −1) and s₋ the other way round (the common factor 2/((1 + γ²)) of λ_i is dropped: only the
 * direction matters). In ball arithmetic: W̄'s rows as one vector ball.
 */
export function kktDirectionBall<R extends Repr>(
  K: BallArith<R>,
  X: readonly (readonly Num[])[],
  y: readonly Num[],
  a: readonly Num[],
  gamma: Num,
): VecBall<R> {
  const B = K.B;
  const g = K.num(gamma);
  const one = K.int(1);
  const xs = X.map((r) => K.vnum(r));
  const d = X[0]!.length;
  let wp = K.vexact(B.zeros(d));
  let wm = K.vexact(B.zeros(d));
  xs.forEach((x, i) => {
    const pos = y[i] === '1';
    const inv = K.div(one, K.dot(x, x));
    // w₊ += y_i s₊(i) x_i/‖x_i‖², w₋ −= y_i s₋(i) x_i/‖x_i‖² (y_i = ±1 exact; s₊ = 1 or γ, s₋ the other way round)
    const cp = K.mul(pos ? one : K.neg(g), inv);
    const cm = K.mul(pos ? K.neg(g) : one, inv);
    wp = K.vadd(wp, K.scal(cp, x));
    wm = K.vadd(wm, K.scal(cm, x));
  });
  const rows = a.map((aj) => (aj.startsWith('-') ? wm : wp));
  return { value: B.concat(rows.map((r) => r.value)), err: B.concat(rows.map((r) => r.err)) };
}

/** ‖x/‖x‖ − y/‖y‖‖ for vector balls, in ball arithmetic (throws a BallDomainError when a norm's ball contains 0). */
export function unitGapBall<R extends Repr>(K: BallArith<R>, x: VecBall<R>, y: VecBall<R>): Ball<R> {
  const unit = (v: VecBall<R>) => K.scal(K.div(K.int(1), K.norm2(v)), v);
  return K.norm2(K.vsub(unit(x), unit(y)));
}
