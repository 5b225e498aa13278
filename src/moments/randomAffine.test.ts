import { describe, expect, it } from 'vitest';
import { exactExpectation } from '../finiteSum/expectation.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend, V } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { covarianceOf, leastSquaresSgd, leastSquaresSgdm, pointMassSecond, propagateSecond } from './randomAffine.js';

const B = decBackend(50) as unknown as Backend<Opaque>;
const X = B.mat([
  ['1', '0.5'],
  ['-0.25', '1.5'],
  ['2', '-1'],
]);
const y = B.vec(['1', '-0.5', '0.75']);
const x0 = B.vec(['0.5', '-1']);
const K = 5; // 3^5 = 243 index paths

describe('exact moments under finite-sum sampling (least squares, one uniform sample per step)', () => {
  for (const [name, sys] of [
    ['SGD', leastSquaresSgd(B, X, y, B.num('0.25'))],
    ['SGDM', leastSquaresSgdm(B, X, y, B.num('0.125'), B.num('0.5'))],
  ] as const) {
    it(`${name}: mean and second moment agree with exact enumeration of the 3^${K} index paths at dec:50`, () => {
      const m0 = pointMassSecond(B, sys, x0);
      const rec = propagateSecond(B, sys, m0, K);
      const dim = B.dim(m0.mean);
      const child = (s: V<Opaque>, i: number): V<Opaque> => B.vadd(B.gemv(sys.maps[i]!.A, s), sys.maps[i]!.c);
      for (let a = 0; a < dim; a++) {
        const Ea = exactExpectation(B, 3, K, m0.mean, child, (s) => B.at(s, a));
        for (let k = 0; k <= K; k++)
          expect(B.toNumber(B.abs(B.sub(Ea[k]!, B.at(rec[k]!.mean, a))))).toBeLessThan(1e-45);
        for (let b = a; b < dim; b++) {
          const Eab = exactExpectation(B, 3, K, m0.mean, child, (s) => B.mul(B.at(s, a), B.at(s, b)));
          for (let k = 0; k <= K; k++)
            expect(B.toNumber(B.abs(B.sub(Eab[k]!, B.mget(rec[k]!.second, a, b))))).toBeLessThan(1e-45);
        }
      }
      // the covariance of x is S − μμᵀ, positive on the diagonal once noise has entered
      const c = covarianceOf(B, rec[K]!, 2);
      expect(B.toNumber(B.mget(c.cov, 0, 0))).toBeGreaterThan(0);
    });
  }

  it('sampling noise: SGD started at the least-squares solution keeps its mean there but spreads (Cov > 0)', () => {
    // X has full column rank; x* solves XᵀX x = Xᵀy. E x_k = x* for all k (E over i of ∇f_i(x*) = 0), Cov x_k ≠ 0.
    const sys = leastSquaresSgd(B, X, y, B.num('0.25'));
    const XtX = B.gemm(X, X, true, false);
    const Xty = B.gemv(X, y, true);
    const det = B.sub(B.mul(B.mget(XtX, 0, 0), B.mget(XtX, 1, 1)), B.mul(B.mget(XtX, 0, 1), B.mget(XtX, 1, 0)));
    const xs = B.pack([
      B.div(B.sub(B.mul(B.mget(XtX, 1, 1), B.at(Xty, 0)), B.mul(B.mget(XtX, 0, 1), B.at(Xty, 1))), det),
      B.div(B.sub(B.mul(B.mget(XtX, 0, 0), B.at(Xty, 1)), B.mul(B.mget(XtX, 1, 0), B.at(Xty, 0))), det),
    ]);
    const rec = propagateSecond(B, sys, pointMassSecond(B, sys, xs), 5);
    const c = covarianceOf(B, rec[5]!, 2);
    expect(B.toNumber(B.amax(B.vsub(c.mean, xs)))).toBeLessThan(1e-45);
    expect(B.toNumber(B.mget(c.cov, 0, 0))).toBeGreaterThan(1e-3);
  });
});
