import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import type { FiniteSumEntry } from './examples.js';
import { bilinearResidual, factorizationComponents } from './factorization.js';
import { FINITE_SUMS } from './index.js';
import { casesOf, FINITE_SUM_LAWS } from './laws.js';

type AnyB = Backend<Opaque>;

describe('matrix factorization components (Example 4)', () => {
  it('f_ij = ½(X_ij − w_iᵀs_j)² on the blocks of x = (w_1, …, w_n, s_1, …, s_m), here k = 2', () => {
    const B = decBackend(40) as unknown as AnyB;
    const comps = factorizationComponents(
      [
        ['1', '2', '3'],
        ['4', '5', '6'],
      ],
      2,
    );
    expect(comps.length).toBe(6);
    expect(comps[0]!.dim).toBe(10);
    // x: w_1 = (1, 2), w_2 = (3, 4), s_1 = (5, 6), s_2 = (7, 8), s_3 = (9, 10)
    const x = Array.from({ length: 10 }, (_, l) => B.int(l + 1));
    // f_23 = ½(6 − (3·9 + 4·10))² = ½·61²
    expect(B.toNumber(comps[5]!.value(B, x))).toBe(0.5 * 61 * 61);
    // ∇f_23: r = 61; w_2 block r·s_3 = (549, 610), s_3 block r·w_2 = (183, 244), zero elsewhere
    expect(comps[5]!.grad(B, x).map((g) => B.toNumber(g))).toEqual([0, 0, 549, 610, 0, 0, 0, 0, 183, 244]);
  });

  it('the law suite holds for a k = 2 instance (dec:60), as for the registered k = 1 entry', () => {
    const B = decBackend(60) as unknown as AnyB;
    // k = 2 (module comment with block norms ≤ 4√2): |b| ≤ 4√2(‖u_w‖ + ‖u_s‖) ≤ 8‖u‖, |c| ≤ ‖u‖²/2, so
    // |6bc| ≤ 24‖u‖³ and 12c² ≤ 3‖u‖⁴
    const entry: FiniteSumEntry = {
      ...FINITE_SUMS.islamovEx4,
      components: factorizationComponents([['0.5', '-1']], 2),
      derivBound: { 3: 24, 4: 3 },
      // ∇²f_ij(u_w, u_s) = (s(sᵀu_w + wᵀu_s) + r·u_s, w(sᵀu_w + wᵀu_s) + r·u_w), so ‖∇²f_ij‖ ≤ ‖w‖² + ‖s‖² + |r| ≤
      // 32 + 32 + (32 + 1) on [−4, 4]⁶ (an upper bound, not the sup: the law needs no more)
      smoothness: { L: '97', attainedBy: 0, attainedAt: ['4', '4', '-4', '-4', '0', '0'], box: '4' },
    };
    for (const law of FINITE_SUM_LAWS)
      fc.assert(
        fc.property(casesOf(entry), (k) => law.check(entry, k, B)),
        { numRuns: 15, seed: 4 },
      );
  });

  it('a wrong Hessian–vector product is caught by the law suite', () => {
    const B = decBackend(60) as unknown as AnyB;
    const good = bilinearResidual('f', 2, [0], [1], '1');
    const entry: FiniteSumEntry = {
      ...FINITE_SUMS.islamovEx4,
      components: [
        { ...good, hvp: (F, x, u) => good.hvp(F, x, u).map((v, l) => (l === 0 ? F.add(v, F.num('1e-20')) : v)) },
      ],
    };
    const law = FINITE_SUM_LAWS.find((l) => l.name.includes('⟨v, ∇²f_i(x)u⟩'))!;
    expect(() => law.check(entry, { i: 0, x: ['0.5', '-0.25'], u: ['1', '0.5'], v: ['1', '0'] }, B)).toThrow(
      /hvp vs central difference/,
    );
  });
});
