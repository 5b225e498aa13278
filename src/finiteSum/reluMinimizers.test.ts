import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { FINITE_SUMS } from './index.js';
import { isolateReluMinimizers, reluProjection } from './reluMinimizers.js';
import { certifyReluMinimum, EX5_PROBLEM, type ReluCertificate } from './reluSolutions.js';

type AnyB = Backend<Opaque>;
const entry = FINITE_SUMS.islamovEx5;
const B = f64Backend() as unknown as AnyB;
const fOf = (theta: readonly number[]): number => {
  const x = theta.map((v) => B.fromDouble(v));
  let s = 0;
  for (const c of entry.components) s += B.toNumber(c.value(B, x));
  return s / entry.components.length;
};
/** θ = (w_1, w_2, v_1, v_2) with the units exchanged. */
const swap = (t: readonly number[]) => [t[2]!, t[3]!, t[0]!, t[1]!, t[5]!, t[4]!];

describe('Example 5: the two minimizers isolated, and Proj(x, S)', () => {
  let memo: ReluCertificate | undefined;
  const cert = () => (memo ??= certifyReluMinimum(EX5_PROBLEM, { tol: 1e-2, fineTol: 1e-12, maxBoxes: 20000 }));
  const K = ballArith(f64Backend());

  it('S = {θ*, swap θ*}, each enclosed to 1e-5; θ* is balanced and f(θ*) is f*', () => {
    const m = isolateReluMinimizers(EX5_PROBLEM, cert());
    expect(m.mu).toBeGreaterThan(0);
    expect(m.rho).toBeLessThan(1e-5);
    for (const t of [...m.theta, ...m.thetaSwap]) expect(K.B.toNumber(t.err)).toBeLessThan(1e-5);
    const mid = m.theta.map((t) => t.value);
    // the enclosure of swap θ* is the swap of θ*'s
    expect(m.thetaSwap.map((t) => t.value)).toEqual(swap(mid));
    // balanced: |v_j| = ‖w_j‖ (up to the enclosure)
    for (let j = 0; j < 2; j++)
      expect(Math.abs(Math.abs(mid[4 + j]!) - Math.hypot(mid[2 * j]!, mid[2 * j + 1]!))).toBeLessThan(1e-5);
    // ∇f(θ*) = 0 and ‖mid − θ*‖ < 1e-5·√6, so f(mid) − f* ≤ ‖∇²f‖·‖mid − θ*‖²/2 < 1e-9 (‖∇²f‖ < 4 there)
    expect(fOf(mid)).toBeGreaterThanOrEqual(cert().fLower - 1e-13);
    expect(fOf(mid)).toBeLessThanOrEqual(cert().fUpper + 1e-9);
  });

  it('no point near θ* outside the enclosure is as low as f* (it is a strict local minimum)', () => {
    const m = isolateReluMinimizers(EX5_PROBLEM, cert());
    const mid = m.theta.map((t) => t.value);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e-2, max: 1e-2, noNaN: true }), { minLength: 6, maxLength: 6 }), (u) => {
        if (Math.max(...u.map(Math.abs)) < 1e-4) return true;
        return fOf(mid.map((v, k) => v + u[k]!)) > cert().fUpper;
      }),
      { numRuns: 300, seed: 61 },
    );
  });

  it('refuses a certificate with a box of another pattern, and a radius rho0 too small for the gap', () => {
    const c = cert();
    const alien: ReluCertificate = { ...c, boxes: [...c.boxes, { s: [1, 1], side: [0, 0], lo: [-1, -1], hi: [1, 1] }] };
    expect(() => isolateReluMinimizers(EX5_PROBLEM, alien)).toThrow(/not in the cone of b\*/);
    expect(() => isolateReluMinimizers(EX5_PROBLEM, c, 1e-9)).toThrow(/exceeds rho0 = 1e-9/);
  });

  it('Proj(x, S): the origin is equidistant (both candidates); otherwise the nearer one, swapped with x', () => {
    const m = isolateReluMinimizers(EX5_PROBLEM, cert());
    expect(reluProjection(m, [0, 0, 0, 0, 0, 0]).candidates).toEqual([0, 1]);
    const mid = m.theta.map((t) => t.value);
    expect(reluProjection(m, mid).candidates).toEqual([0]);
    fc.assert(
      fc.property(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 6, maxLength: 6 }), (x) => {
        const p = reluProjection(m, x);
        const q = reluProjection(m, swap(x));
        // a single candidate is strictly nearer (its upper end below the other's lower end)
        if (p.candidates.length === 1) {
          const [k, o] = p.candidates[0] === 0 ? ([0, 1] as const) : ([1, 0] as const);
          if (!(K.upper(p.dist2[k]) < K.lower(p.dist2[o]))) return false;
        }
        // swapping the units of x swaps the candidates (the swap is an isometry that maps S onto S)
        return (
          p.candidates
            .map((k) => 1 - k)
            .sort()
            .join() === [...q.candidates].sort().join()
        );
      }),
      { numRuns: 300, seed: 62 },
    );
  });
});
