/**
 * The hyperbolic potentials: hypentropy(β) (Ghai, Hazan & Singer 2020) and Woodworth et al.'s Q_α (arXiv 2002.09277,
 * the potential of diagonal linear networks), which is hypentropy with β = 2α² plus the constant 2α².
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Backend, Repr, S, V } from '../numeric/types.js';
import { requirePositiveParam } from './domain.js';
import type { Potential } from './types.js';

/**
 * asinh(t) elementwise from kernels: asinh(t) = sign(t) · log1p(a + a²/(1 + √(1 + a²))), a = |t|. The log1p form has
 * no cancellation for small |t| (asinh(t) ≈ t). Range: a² must not overflow (|t| < ~1e154 in f64 and dd).
 */
export function vasinh<R extends Repr>(B: Backend<R>, t: V<R>): V<R> {
  const a = B.map('abs', t);
  const a2 = B.map('square', a);
  const q = B.vdiv(a2, B.vshift(B.map('sqrt', B.vshift(a2, B.one)), B.one));
  return B.vmul(B.map('sign', t), B.map('log1p', B.vadd(a, q)));
}

/**
 * sinh(z) elementwise from kernels: sinh(z) = (expm1(z) − expm1(−z))/2. Both terms have the sign of z, so there is no
 * cancellation near 0, and it overflows to ±∞ exactly when sinh does.
 */
export function vsinh<R extends Repr>(B: Backend<R>, z: V<R>): V<R> {
  const half = B.num('0.5');
  return B.scal(half, B.vsub(B.map('expm1', z), B.map('expm1', B.map('neg', z))));
}

/** asinh(t) for an exact t, enclosed: log(|t| + √(1 + t²)) in balls (absolute error ~u even near 0), signed. */
export function asinhBall<R extends Repr>(K: BallArith<R>, t: S<R>): Ball<R> {
  const { B } = K;
  const a = K.exact(B.abs(t));
  const core = K.log(K.add(a, K.sqrt(K.add(K.int(1), K.sqr(a)))));
  return B.cmp(t, B.zero) < 0 ? K.neg(core) : core;
}

/** sinh(z) for an exact z, enclosed: (e^z − e^{−z})/2 in balls. */
export function sinhBall<R extends Repr>(K: BallArith<R>, z: S<R>): Ball<R> {
  const e = K.exact(z);
  return K.mul(K.num('0.5'), K.sub(K.exp(e), K.exp(K.neg(e))));
}

/**
 * The hyperbolic family with scale β > 0 (a backend number) and constant c: φ(x) = x·asinh(x/β) − √(x² + β²) + c,
 * φ′(x) = asinh(x/β), (φ′)⁻¹(z) = β·sinh(z), φ″(x) = 1/√(x² + β²) (decreasing in |x|).
 */
function hyperbolic<R extends Repr>(
  B: Backend<R>,
  name: string,
  params: Readonly<Record<string, string>>,
  beta: S<R>,
  plusBeta: boolean,
): Potential<R> {
  const betaSq = B.mul(beta, beta);
  const invBeta = B.div(B.one, beta);
  const hess = (x: V<R>) => B.map('recip', B.map('sqrt', B.vshift(B.map('square', x), betaSq)));
  return {
    B,
    name,
    params,
    domain: 'real',
    positiveCurvature: 'everywhere',
    // x·asinh(x/β) − √(x² + β²) (+ β for Q_α, written −x²/(β + √(x² + β²)): no cancellation at x ≈ 0)
    value: (x) => {
      const r = B.map('sqrt', B.vshift(B.map('square', x), betaSq));
      const lin = B.vmul(x, vasinh(B, B.scal(invBeta, x)));
      return plusBeta ? B.vsub(lin, B.vdiv(B.map('square', x), B.vshift(r, beta))) : B.vsub(lin, r);
    },
    grad: (x) => vasinh(B, B.scal(invBeta, x)),
    gradInv: (z) => B.scal(beta, vsinh(B, z)),
    hess,
    ball: {
      grad: (K, x) => {
        const t = K.div(K.exact(x), K.exact(beta));
        return K.widen(asinhBall(K, t.value), t.err); // asinh is 1-Lipschitz
      },
      gradInv: (K, z) => K.mul(K.exact(beta), sinhBall(K, z)),
      hess: (K, x) => {
        const X = K.exact(x);
        const b = K.exact(beta);
        return K.div(K.int(1), K.sqrt(K.add(K.sqr(X), K.sqr(b))));
      },
    },
  };
}

/** Hypentropy, β > 0: φ(x) = x·asinh(x/β) − √(x² + β²) (the β the backend reads from the string). */
export function hypentropy<R extends Repr>(B: Backend<R>, beta: S<R>): Potential<R> {
  requirePositiveParam(B, 'hypentropy', 'beta', beta);
  return hyperbolic(B, 'hypentropy', { beta: B.show(beta) }, beta, false);
}

/**
 * Woodworth et al.'s Q_α per coordinate, α > 0: φ(x) = α²·q(x/α²), q(s) = 2 − √(4 + s²) + s·asinh(s/2), so
 * φ′(x) = asinh(x/(2α²)), (φ′)⁻¹(z) = 2α²·sinh(z), φ″(x) = 1/√(x² + 4α⁴), φ(0) = φ′(0) = 0. It is hypentropy with
 * β = 2α² (computed in the backend: exact for dyadic α) plus the constant β.
 */
export function woodworth<R extends Repr>(B: Backend<R>, alpha: S<R>): Potential<R> {
  requirePositiveParam(B, 'woodworth', 'alpha', alpha);
  const beta = B.mul(B.int(2), B.mul(alpha, alpha));
  return hyperbolic(B, 'woodworth', { alpha: B.show(alpha) }, beta, true);
}
