/**
 * Diagonal linear network f(θ; x) = xᵀ(u ⊙ u − v ⊙ v), θ = [u; v] ∈ R^{2d} (Woodworth et al., arXiv 2002.09277;
 * docs/theorems/mirror.md M5). Homogeneity 2. With s = Xᵀg: Jᵀg = [2u ⊙ s; −2v ⊙ s], J[du; dv] = X(2u ⊙ du − 2v ⊙ dv),
 * Σ_i g_i ∇²f_i [du; dv] = [2s ⊙ du; −2s ⊙ dv]. The effective weight w = u ⊙ u − v ⊙ v is `diagonalWeights`.
 */
import { count, fail, num, vec } from '../json/read.js';
import type { Backend, Num, Repr, V } from '../numeric/types.js';
import { checkData, checkDim, checkPositiveInt } from './blocks.js';
import type { Model, ModelJson } from './types.js';

export interface DiagonalLinearOptions {
  /** Input dimension d ≥ 1 (dim θ = 2d). */
  readonly d: number;
}

/** w = u ⊙ u − v ⊙ v for θ = [u; v]. */
export function diagonalWeights<R extends Repr>(B: Backend<R>, theta: V<R>): V<R> {
  const d = B.dim(theta) / 2;
  const u = B.slice(theta, 0, d);
  const v = B.slice(theta, d, 2 * d);
  return B.vsub(B.map('square', u), B.map('square', v));
}

/**
 * sign −1: the network; sign +1: xᵀ(u ⊙ u + v ⊙ v), which evaluated on |θ|, |X| bounds the sum of |monomials| of every
 * quantity the network computes (its rounding majorant, models/laws.ts), and is its own majorant.
 */
function diagonal<R extends Repr>(B: Backend<R>, d: number, sign: 1 | -1): Model<R> {
  const kind = 'diagonalLinear';
  const two = B.int(2);
  const vTwo = B.int(2 * sign);
  const split = (theta: V<R>) => [B.slice(theta, 0, d), B.slice(theta, d, 2 * d)] as const;
  const self: Model<R> = {
    B,
    kind,
    dim: 2 * d,
    layout: [
      { name: 'u', shape: [d] },
      { name: 'v', shape: [d] },
    ],
    homogeneity: 2,
    majorant: () => (sign > 0 ? self : diagonal(B, d, 1)),
    predict(theta, X) {
      checkDim(B, theta, 2 * d, 'θ', kind);
      checkData(B, X, d, kind);
      const [u, v] = split(theta);
      const w =
        sign < 0 ? B.vsub(B.map('square', u), B.map('square', v)) : B.vadd(B.map('square', u), B.map('square', v));
      return B.gemv(X, w);
    },
    jvp(theta, X, du) {
      checkDim(B, theta, 2 * d, 'θ', kind);
      checkDim(B, du, 2 * d, 'direction u', kind);
      checkData(B, X, d, kind);
      const [u, v] = split(theta);
      const [a, b] = split(du);
      return B.gemv(X, B.vadd(B.scal(two, B.vmul(u, a)), B.scal(vTwo, B.vmul(v, b))));
    },
    vjp(theta, X, g) {
      checkDim(B, theta, 2 * d, 'θ', kind);
      checkData(B, X, d, kind, g);
      const [u, v] = split(theta);
      const s = B.gemv(X, g, true);
      return B.concat([B.scal(two, B.vmul(u, s)), B.scal(vTwo, B.vmul(v, s))]);
    },
    hvpWeighted(theta, X, g, du) {
      checkDim(B, theta, 2 * d, 'θ', kind);
      checkDim(B, du, 2 * d, 'direction u', kind);
      checkData(B, X, d, kind, g);
      const s = B.gemv(X, g, true);
      const [a, b] = split(du);
      return B.concat([B.scal(two, B.vmul(s, a)), B.scal(vTwo, B.vmul(s, b))]);
    },
  };
  return self;
}

/** `diagonalLinear(B, { d })`: the network f(θ; X) = X(u ⊙ u − v ⊙ v). */
export function diagonalLinear<R extends Repr>(B: Backend<R>, opts: DiagonalLinearOptions): Model<R> {
  return diagonal(B, checkPositiveInt(opts.d, 'diagonalLinear: d'), -1);
}

/**
 * `thm simulate` form: {"kind": "diagonalLinear", "u": [d], "v": [d]}, or {"kind": "diagonalLinear", "d": n,
 * "alpha": "α"} for u(0) = v(0) = α·1 (Woodworth et al.'s initialization); data rows have d entries.
 */
export const diagonalLinearJson: ModelJson<DiagonalLinearOptions> = {
  fields: ['u', 'v', 'd', 'alpha'],
  parse(o, p) {
    if (o.alpha !== undefined || o.d !== undefined) {
      if (o.u !== undefined || o.v !== undefined) fail(p, 'give either "u" and "v", or "d" and "alpha", not both');
      if (o.d === undefined) fail(`${p}.d`, 'is required with "alpha" (the input dimension)');
      if (o.alpha === undefined) fail(`${p}.alpha`, 'is required with "d" (u(0) = v(0) = α·1)');
      const d = count(o.d, `${p}.d`, 1);
      const a: Num = num(o.alpha, `${p}.alpha`);
      return { spec: { d }, theta0: Array.from({ length: 2 * d }, () => a), inputDim: d };
    }
    const u = vec(o.u, `${p}.u`);
    const v = vec(o.v, `${p}.v`, u.length, `one entry per entry of u (${u.length})`);
    return { spec: { d: u.length }, theta0: [...u, ...v], inputDim: u.length };
  },
};
