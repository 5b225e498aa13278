/**
 * Liang & Montúfar's example potentials (arXiv 2410.03988): φ(x) = x² + |x|³ and φ(x) = x² + x⁴. Both have
 * φ(0) = φ′(0) = 0, φ″ ≥ 2 everywhere, increasing in |x|.
 */
import type { Ball, BallArith } from '../ball/ball.js';
import type { Backend, Repr, S } from '../numeric/types.js';
import type { Potential } from './types.js';

const signed = <R extends Repr>(K: BallArith<R>, x: S<R>, b: Ball<R>): Ball<R> =>
  K.B.cmp(x, K.B.zero) < 0 ? K.neg(b) : b;

/**
 * φ(x) = x² + |x|³: φ′(x) = 2x + 3x|x|, φ″(x) = 2 + 6|x|, and (φ′)⁻¹(z) = sign(z)·t, t ≥ 0 the root of 3t² + 2t = |z|:
 * t = (√(1 + 3|z|) − 1)/3 = |z|/(1 + √(1 + 3|z|)), the second form free of cancellation at small |z|.
 */
export function squaredPlusCubic<R extends Repr>(B: Backend<R>): Potential<R> {
  const two = B.int(2);
  const three = B.int(3);
  return {
    B,
    name: 'squaredPlusCubic',
    params: {},
    domain: 'real',
    positiveCurvature: 'everywhere',
    value: (x) => {
      const a = B.map('abs', x);
      return B.vmul(B.map('square', x), B.vshift(a, B.one));
    },
    grad: (x) => B.vmul(x, B.vshift(B.scal(three, B.map('abs', x)), two)),
    // sign(z)·|z|/(1 + √(1 + 3|z|)) = z/(1 + √(1 + 3|z|)): the same quotient (division is odd), two kernels fewer
    gradInv: (z) => B.vdiv(z, B.vshift(B.map('sqrt', B.vshift(B.scal(three, B.map('abs', z)), B.one)), B.one)),
    hess: (x) => B.vshift(B.scal(B.int(6), B.map('abs', x)), two),
    ball: {
      grad: (K, x) => K.mul(K.exact(x), K.add(K.mul(K.int(3), K.exact(B.abs(x))), K.int(2))),
      gradInv: (K, z) => {
        const a = K.exact(B.abs(z));
        return signed(K, z, K.div(a, K.add(K.int(1), K.sqrt(K.add(K.int(1), K.mul(K.int(3), a))))));
      },
      hess: (K, x) => K.add(K.int(2), K.mul(K.int(6), K.exact(B.abs(x)))),
    },
  };
}

/**
 * φ(x) = x² + x⁴: φ′(x) = 2x + 4x³, φ″(x) = 2 + 12x², and (φ′)⁻¹(z) the real root t of 4t³ + 2t = z. For z ≥ 0
 * (odd extension below), Cardano on t³ + t/2 − z/4 = 0 gives t = P − 1/(6P), P = ∛(a + s), a = z/8,
 * s = √(a² + 1/216); since P⁶ − 1/216 = (a + s)² − 1/216 = 2a(a + s),
 *   t = (P² − 1/6)/P = 2a(a + s) / (P·(P⁴ + P²/6 + 1/36)),
 * a quotient of positive terms (the difference form loses every digit as z → 0). ∛ = exp(log(·)/3), a + s ≥ 1/√216.
 */
export function squaredPlusQuartic<R extends Repr>(B: Backend<R>): Potential<R> {
  const two = B.int(2);
  const c216 = B.div(B.one, B.int(216));
  const c36 = B.div(B.one, B.int(36));
  const sixth = B.div(B.one, B.int(6));
  const third = B.div(B.one, B.int(3));
  return {
    B,
    name: 'squaredPlusQuartic',
    params: {},
    domain: 'real',
    positiveCurvature: 'everywhere',
    value: (x) => {
      const x2 = B.map('square', x);
      return B.vmul(x2, B.vshift(x2, B.one));
    },
    grad: (x) => B.vmul(x, B.vshift(B.scal(B.int(4), B.map('square', x)), two)),
    gradInv: (z) => {
      const a = B.scal(B.num('0.125'), B.map('abs', z));
      const apS = B.vadd(a, B.map('sqrt', B.vshift(B.map('square', a), c216)));
      const P = B.map('exp', B.scal(third, B.map('log', apS)));
      const P2 = B.map('square', P);
      const den = B.vmul(P, B.vshift(B.vmul(P2, B.vshift(P2, sixth)), c36)); // P(P⁴ + P²/6 + 1/36)
      const t = B.vdiv(B.scal(two, B.vmul(a, apS)), den);
      return B.vmul(B.map('sign', z), t);
    },
    hess: (x) => B.vshift(B.scal(B.int(12), B.map('square', x)), two),
    ball: {
      grad: (K, x) => {
        const X = K.exact(x);
        return K.mul(X, K.add(K.mul(K.int(4), K.sqr(X)), K.int(2)));
      },
      gradInv: (K, z) => {
        const a = K.mul(K.num('0.125'), K.exact(B.abs(z)));
        const apS = K.add(a, K.sqrt(K.add(K.sqr(a), K.div(K.int(1), K.int(216)))));
        const P = K.exp(K.div(K.log(apS), K.int(3)));
        const P2 = K.sqr(P);
        const den = K.mul(P, K.add(K.mul(P2, K.add(P2, K.div(K.int(1), K.int(6)))), K.div(K.int(1), K.int(36))));
        return signed(K, z, K.div(K.mul(K.int(2), K.mul(a, apS)), den));
      },
      hess: (K, x) => K.add(K.int(2), K.mul(K.int(12), K.sqr(K.exact(x)))),
    },
  };
}
