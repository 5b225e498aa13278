/**
 * The squared potential (mirror descent = GD), the negative entropy (exponentiated gradient) and the p-norm
 * potential |x|^p/p.
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Backend, Num, Repr, S, V } from '../numeric/types.js';
import { requirePositive } from './domain.js';
import type { Potential } from './types.js';

/** φ(x) = x²/2: ∇Φ = id, so mirror descent is `gd` bit for bit. */
export function squared<R extends Repr>(B: Backend<R>): Potential<R> {
  const half = B.num('0.5');
  return {
    B,
    name: 'squared',
    params: {},
    domain: 'real',
    positiveCurvature: 'everywhere',
    value: (x) => B.scal(half, B.map('square', x)),
    grad: (x) => x,
    gradInv: (z) => z,
    hess: (x) => B.fill(B.dim(x), B.one),
    ball: { grad: (K, x) => K.exact(x), gradInv: (K, z) => K.exact(z), hess: (K) => K.int(1) },
  };
}

/** φ(x) = x·log x − x on x > 0: φ′ = log, (φ′)⁻¹ = exp, φ″(x) = 1/x. Entries ≤ 0 are a domain error. */
export function negEntropy<R extends Repr>(B: Backend<R>): Potential<R> {
  const name = 'negEntropy';
  return {
    B,
    name,
    params: {},
    domain: 'positive',
    positiveCurvature: 'everywhere',
    value: (x) => {
      requirePositive(B, name, x);
      return B.vmul(x, B.vshift(B.map('log', x), B.neg(B.one)));
    },
    grad: (x) => {
      requirePositive(B, name, x);
      return B.map('log', x);
    },
    gradInv: (z) => B.map('exp', z),
    hess: (x) => {
      requirePositive(B, name, x);
      return B.map('recip', x);
    },
    ball: {
      grad: (K, x) => K.log(K.exact(x)),
      gradInv: (K, z) => K.exp(K.exact(z)),
      hess: (K, x) => K.div(K.int(1), K.exact(x)),
    },
  };
}

/**
 * |a_j|^k for a ≥ 0 elementwise, with 0^k = 0 (k > 0): exp(k·log a) on the entries > 0; the zero entries are sent
 * through log 1 = 0 and masked, so no backend ever sees log 0.
 */
export function vpowAbs<R extends Repr>(B: Backend<R>, a: V<R>, k: S<R>): V<R> {
  const mask = B.map('step', a); // 1 where a > 0
  const safe = B.vadd(a, B.vshift(B.map('neg', mask), B.one)); // a where a > 0, else 1
  return B.vmul(B.map('exp', B.scal(k, B.map('log', safe))), mask);
}

/** |x|^k for an exact x ≠ 0, enclosed: exp(k·log|x|). */
function powAbsBall<R extends Repr>(K: BallArith<R>, x: S<R>, k: Ball<R>): Ball<R> {
  return K.exp(K.mul(k, K.log(K.exact(K.B.abs(x)))));
}

/** The sign of an exact x applied to a ball. */
const signed = <R extends Repr>(K: BallArith<R>, x: S<R>, b: Ball<R>): Ball<R> =>
  K.B.cmp(x, K.B.zero) < 0 ? K.neg(b) : b;

/**
 * φ(x) = |x|^p/p, p > 1: φ′(x) = sign(x)|x|^{p−1}, (φ′)⁻¹(z) = sign(z)|z|^{1/(p−1)}, φ″(x) = (p − 1)|x|^{p−2}
 * (monotone in |x|). φ″(0) = 0 for p > 2 (curvature claimed positive only away from 0) and +∞ for p < 2.
 * p is the backend's reading of the string (exact for dyadic p).
 */
export function pNorm<R extends Repr>(B: Backend<R>, pStr: Num): Potential<R> {
  const p = B.num(pStr);
  if (!(B.isFinite(p) && B.cmp(p, B.one) > 0)) {
    throw new RangeError(`pNorm: p = ${pStr} must be finite and > 1 (|x|^p/p is not strictly convex for p ≤ 1)`);
  }
  const pm1 = B.sub(p, B.one);
  const pm2 = B.sub(p, B.int(2));
  const q = B.div(B.one, pm1);
  const invP = B.div(B.one, p);
  const c2 = B.cmp(pm2, B.zero); // sign of p − 2
  const signedPow = (x: V<R>, k: S<R>) => B.vmul(B.map('sign', x), vpowAbs(B, B.map('abs', x), k));
  return {
    B,
    name: 'pNorm',
    params: { p: B.show(p) },
    domain: 'real',
    positiveCurvature: c2 > 0 ? 'awayFromZero' : 'everywhere',
    value: (x) => B.scal(invP, vpowAbs(B, B.map('abs', x), p)),
    grad: (x) => signedPow(x, pm1),
    gradInv: (z) => signedPow(z, q),
    hess: (x) => {
      const a = B.map('abs', x);
      if (c2 === 0) return B.fill(B.dim(x), B.one);
      if (c2 > 0) return B.scal(pm1, vpowAbs(B, a, pm2));
      // p < 2: (p − 1)/|x|^{2−p}, +∞ at 0 (the backend's 1/0)
      return B.vdiv(B.fill(B.dim(x), pm1), vpowAbs(B, a, B.neg(pm2)));
    },
    ball: {
      grad: (K, x) => (B.isZero(x) ? K.int(0) : signed(K, x, powAbsBall(K, x, K.sub(K.exact(p), K.int(1))))),
      gradInv: (K, z) =>
        B.isZero(z) ? K.int(0) : signed(K, z, powAbsBall(K, z, K.div(K.int(1), K.sub(K.exact(p), K.int(1))))),
      hess: (K, x) => {
        const k1 = K.sub(K.exact(p), K.int(1));
        if (c2 === 0) return K.int(1);
        if (B.isZero(x)) return c2 > 0 ? K.int(0) : null;
        return K.mul(k1, powAbsBall(K, x, K.sub(K.exact(p), K.int(2))));
      },
    },
  };
}
