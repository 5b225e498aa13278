/**
 * Scaled potentials (Liang & Montúfar, arXiv 2410.03988, as described in its abstract and reviews): for a width n,
 * φ_n(x) = φ(c·x)/c² with c = √n, so φ_n′(x) = φ′(cx)/c, (φ_n′)⁻¹(z) = (φ′)⁻¹(cz)/c and φ_n″(x) = φ″(cx): the curvature
 * at 0 is φ″(0) at every width, while φ's non-quadratic part acts at displacements of order n^{−1/2}.
 */
import type { Ball } from '../ball/ball.js';
import type { Backend, Repr } from '../numeric/types.js';
import { curvatureRange, gradInvOn, gradOn, hullOf } from './enclose.js';
import type { Potential } from './types.js';

/**
 * φ_n for an integer width n ≥ 1. c is the backend's √n (exact when n is a perfect square), and φ_n is defined with
 * that c, so its three maps are exact derivatives and inverses of one another.
 */
export function scaled<R extends Repr>(B: Backend<R>, base: Potential<R>, width: number): Potential<R> {
  if (!(Number.isSafeInteger(width) && width >= 1)) {
    throw new RangeError(`scaled ${base.name}: width = ${width} must be an integer ≥ 1`);
  }
  const c = B.sqrt(B.int(width));
  const invC = B.div(B.one, c);
  const invC2 = B.div(B.one, B.mul(c, c));
  const up = (x: Parameters<typeof base.grad>[0]) => B.scal(c, x);
  return {
    B,
    name: base.name,
    params: { ...base.params, width: String(width) },
    domain: base.domain,
    positiveCurvature: base.positiveCurvature,
    value: (x) => B.scal(invC2, base.value(up(x))),
    grad: (x) => B.scal(invC, base.grad(up(x))),
    gradInv: (z) => B.scal(invC, base.gradInv(up(z))),
    hess: (x) => base.hess(up(x)),
    ball: {
      grad: (K, x) => K.div(gradOn(base, K, K.mul(K.exact(c), K.exact(x))), K.exact(c)),
      gradInv: (K, z) => K.div(gradInvOn(base, K, K.mul(K.exact(c), K.exact(z))), K.exact(c)),
      hess: (K, x): Ball<R> | null => {
        const y = K.mul(K.exact(c), K.exact(x));
        if (K.B.isZero(y.err)) return base.ball.hess(K, y.value);
        const r = curvatureRange(base, K, K.lower(y), K.upper(y));
        return r === null ? null : hullOf(K, r.min, r.max);
      },
    },
  };
}
