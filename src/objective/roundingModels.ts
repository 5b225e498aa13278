/**
 * The error models (errorModel.ts) of the library's structured objectives: F(θ), ∇F(θ) and the dense ∇²F(θ) with
 * componentwise bounds on their rounding error, for an empirical risk `objective(B, model, loss, data)` and a
 * closed-form `quadratic`. Each objective carries its model as its `errorModel` member.
 *
 * Empirical risk F = w Σ_i ℓ(f_i, y_i) (w = 1/n or 1), f̂ = fl(predict):
 *  - prediction: |f̂_i − f_i| ≤ δ_i := γ_K·M_i, M = majorant.predict(|θ|, |X|) = Σ|monomials| of f_i (models/laws.ts);
 *  - loss: |ℓ̂_i − ℓ(f_i)| ≤ e0_i, |ℓ̂'_i − ℓ'(f_i)| ≤ e1_i, |ℓ̂''_i − ℓ''(f_i)| ≤ e2_i (diagnostics/lossErrors.ts);
 *  - value: |F̂ − F| ≤ w(Σ e0_i + γ_n Σ|ℓ̂_i|) + u|F̂|;
 *  - gradient: ∇F = w Jᵀℓ'; |fl(Jᵀĝ) − Jᵀĝ| ≤ γ_{2K} |J|ᵀ|ĝ| and |Jᵀ(ĝ − ℓ')| ≤ |J|ᵀe1, with |J| ≤ J_maj, so
 *    |∇̂F − ∇F| ≤ w·vjp_maj(γ_{2K}|ĝ| + e1) + u|∇̂F|;
 *  - Hessian column j: w[Jᵀdiag(ℓ'')J e_j + Σ_i ℓ'_i∇²f_i e_j], each product rounded within γ_{3K} of its majorant:
 *    |Ĥe_j − He_j| ≤ w[vjp_maj((γ_{3K}|ℓ̂''| + e2) ⊙ jvp_maj(e_j)) + hvpW_maj(γ_{3K}|ℓ̂'| + e1, e_j)] + u|Ĥe_j|.
 * Quadratic ½θᵀAθ − bᵀθ + c: value within γ_{2d+4}(|θ|ᵀ|A||θ| + |b|ᵀ|θ| + |c|), gradient within γ_{d+2}(|A||θ| + |b|),
 * Hessian A exactly.
 * Every final bound carries MARGIN (diagnostics/rounding.ts).
 */
import { lossBounds } from '../diagnostics/lossErrors.js';
import { defaultMajorant, depthBound, gamma, ku, mabs, margin, vabs } from '../diagnostics/rounding.js';
import type { Model } from '../models/types.js';
import type { Backend, M, Repr, S, V } from '../numeric/types.js';
import type { ErrorModel } from './errorModel.js';
import type { DataObjective } from './objective.js';

interface Risk<R extends Repr> {
  B: Backend<R>;
  F: DataObjective<R>;
  maj: Model<R>;
  absTheta: V<R>;
  absX: M<R>;
  K: number;
  w: S<R>;
  n: number;
}

function risk<R extends Repr>(F: DataObjective<R>, theta: V<R>, majorant?: Model<R>): Risk<R> {
  const B = F.B;
  const n = F.nSamples;
  return {
    B,
    F,
    maj: majorant ?? defaultMajorant(F.model),
    absTheta: vabs(B, theta),
    absX: mabs(B, F.data.X),
    K: depthBound(F.model, n, B.cols(F.data.X)),
    w: F.reduction === 'mean' ? B.div(B.one, B.int(n)) : B.one,
    n,
  };
}

/** Computed predictions and the loss bounds at them. */
function lossesAt<R extends Repr>(r: Risk<R>, theta: V<R>) {
  const { B, F } = r;
  const fhat = F.model.predict(theta, F.data.X);
  const delta = B.scal(B.mul(B.int(2), gamma(B, r.K)), r.maj.predict(r.absTheta, r.absX));
  return lossBounds(B, F.loss, fhat, delta, F.data.y);
}

/** The empirical risk's error model (module comment); throws naming the loss or model when it has none. */
export function riskErrorModel<R extends Repr>(F: DataObjective<R>): ErrorModel<R> {
  const B = F.B;
  return {
    value(theta, opts = {}) {
      const value = F.value(theta);
      const r = risk(F, theta, opts.majorant);
      const lb = lossesAt(r, theta);
      const sumAbs = B.sum(vabs(B, lb.value));
      const e = B.add(B.sum(lb.valueErr), B.mul(gamma(B, r.n + 2), sumAbs));
      return { value, err: margin(B, B.add(B.mul(r.w, e), B.mul(B.eps, B.abs(value)))) };
    },
    grad(theta, opts = {}) {
      const grad = F.grad(theta);
      const r = risk(F, theta, opts.majorant);
      const lb = lossesAt(r, theta);
      const weights = B.vadd(B.scal(gamma(B, 2 * r.K), vabs(B, lb.d1)), lb.d1Err);
      const e = B.vadd(B.scal(r.w, r.maj.vjp(r.absTheta, r.absX, weights)), B.scal(B.eps, vabs(B, grad)));
      return { value: grad, err: B.scal(B.int(2), e) };
    },
    /**
     * The dense Hessian, symmetrized as H_s = (Ĥ + Ĥᵀ)/2 (exactly symmetric, as the eigensolver requires), with an
     * entrywise bound E ≥ |H_s − ∇²F(θ)| (module comment; symmetrizing adds (E_ij + E_ji)/2 + 2u|H_s,ij|).
     */
    hessian(theta, opts = {}) {
      const d = F.dim;
      const Hs = symmetrize(B, F.hessian(theta));
      const r = risk(F, theta, opts.majorant);
      const lb = lossesAt(r, theta);
      const g3 = gamma(B, 3 * r.K);
      const half = B.num('0.5');
      const w2 = B.vadd(B.scal(g3, vabs(B, lb.d2)), lb.d2Err);
      const w1 = B.vadd(B.scal(g3, vabs(B, lb.d1)), lb.d1Err);
      const cols: V<R>[] = [];
      for (let j = 0; j < d; j++) {
        const ej = B.basis(d, j);
        const gn = B.vmul(w2, r.maj.jvp(r.absTheta, r.absX, ej));
        cols.push(B.vadd(r.maj.vjp(r.absTheta, r.absX, gn), r.maj.hvpWeighted(r.absTheta, r.absX, w1, ej)));
      }
      // rows of Ecols are the column bounds, i.e. Ecols = Eᵀ; symmetrizing needs E + Eᵀ, so orientation is irrelevant.
      const Ecols = B.flatten(B.reshape(B.concat(cols), d, d));
      const Esym = B.scal(half, B.vadd(Ecols, B.flatten(B.transpose(B.reshape(B.concat(cols), d, d)))));
      const abs = vabs(B, B.flatten(Hs));
      // w·E + u|Ĥ| (the reduction) + 2u|H_s| (symmetrization), times MARGIN.
      const e = B.vadd(B.scal(r.w, Esym), B.scal(ku(B, 3), abs));
      return { value: Hs, err: B.reshape(B.scal(B.int(2), e), d, d) };
    },
  };
}

/** (H + Hᵀ)/2, exactly symmetric. */
function symmetrize<R extends Repr>(B: Backend<R>, H: M<R>): M<R> {
  const d = B.rows(H);
  return B.reshape(B.scal(B.num('0.5'), B.vadd(B.flatten(H), B.flatten(B.transpose(H)))), d, d);
}

/** What the quadratic's error model reads (quadratic.ts passes its own parts, not an object to inspect). */
export interface QuadraticParts<R extends Repr> {
  readonly B: Backend<R>;
  readonly A: M<R>;
  readonly b: V<R>;
  readonly c: S<R>;
  value(theta: V<R>): S<R>;
  grad(theta: V<R>): V<R>;
}

/** The quadratic's error model (module comment); its Hessian A is exact and symmetric (checked by `quadratic`). */
export function quadraticErrorModel<R extends Repr>(q: QuadraticParts<R>): ErrorModel<R> {
  const { B, A, b, c } = q;
  const d = B.rows(A);
  const absA = mabs(B, A);
  const absB = vabs(B, b);
  return {
    value(theta) {
      const value = q.value(theta);
      const at = vabs(B, theta);
      const s = B.add(B.add(B.dot(at, B.gemv(absA, at)), B.dot(absB, at)), B.abs(c));
      return { value, err: margin(B, B.mul(gamma(B, 2 * d + 4), s)) };
    },
    grad(theta) {
      const grad = q.grad(theta);
      const e = B.vadd(B.gemv(absA, vabs(B, theta)), absB);
      return { value: grad, err: B.scal(B.add(gamma(B, d + 2), gamma(B, d + 2)), e) };
    },
    hessian(theta) {
      if (B.dim(theta) !== d) throw new RangeError(`quadratic: θ has length ${B.dim(theta)}, expected ${d}`);
      return { value: A, err: B.mzeros(d, d) };
    },
  };
}
