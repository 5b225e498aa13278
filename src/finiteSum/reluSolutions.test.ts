import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { FINITE_SUMS } from './index.js';
import {
  boxLowerBound,
  certifyReluMinimum,
  EX5_PROBLEM,
  gBall,
  type DirectionBox,
  type ReluProblem,
} from './reluSolutions.js';

type AnyB = Backend<Opaque>;
const entry = FINITE_SUMS.islamovEx5;
/** f of the catalogue's Example 5 (mean of its components) at θ = (W row by row, v), in f64. */
const fOf = (theta: readonly number[]): number => {
  const B = f64Backend() as unknown as AnyB;
  const x = theta.map((v) => B.fromDouble(v));
  let s = 0;
  for (const c of entry.components) s += B.toNumber(c.value(B, x));
  return s / entry.components.length;
};
/** The balanced lift of (s, b): v_j = s_j√‖b_j‖, w_j = b_j/√‖b_j‖ (0 for b_j = 0), as θ = (w_1, w_2, v_1, v_2). */
const lift = (s: readonly number[], b: readonly number[]): number[] => {
  const out = [0, 0, 0, 0, 0, 0];
  for (let j = 0; j < 2; j++) {
    const nb = Math.hypot(b[2 * j]!, b[2 * j + 1]!);
    if (nb === 0) continue;
    out[2 * j] = b[2 * j]! / Math.sqrt(nb);
    out[2 * j + 1] = b[2 * j + 1]! / Math.sqrt(nb);
    out[4 + j] = s[j]! * Math.sqrt(nb);
  }
  return out;
};
const gMid = (s: readonly (1 | -1)[], b: readonly number[]) => {
  const K = ballArith(f64Backend());
  const g = gBall(EX5_PROBLEM, s, b);
  return [K.lower(g), K.upper(g)] as const;
};
// f64 rounding of the catalogue's f (about 20 operations on numbers below 10): far below this
const F64_BAR = 1e-13;
const num = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
const sign = fc.constantFrom<1 | -1>(1, -1);

describe('Example 5: the certified minimum (balanced reformulation, branch-and-bound in ball arithmetic)', () => {
  it('the data are the catalogue entry: f at a balanced lift is g_s(b) (sampled s, b)', () => {
    fc.assert(
      fc.property(sign, sign, fc.array(num(-8, 8), { minLength: 4, maxLength: 4 }), (s0, s1, b) => {
        const [lo, hi] = gMid([s0, s1], b);
        const f = fOf(lift([s0, s1], b));
        return f >= lo - F64_BAR && f <= hi + F64_BAR;
      }),
      { numRuns: 200, seed: 51 },
    );
  });

  it('balance: f(W, v) ≥ g_s(b) with b_j = |v_j|w_j, s_j = sign v_j (sampled θ in [−4, 4]⁶)', () => {
    fc.assert(
      fc.property(fc.array(num(-4, 4), { minLength: 6, maxLength: 6 }), (t) => {
        const s = [t[4]! >= 0 ? 1 : -1, t[5]! >= 0 ? 1 : -1] as const;
        const b = [0, 1].flatMap((j) => [Math.abs(t[4 + j]!) * t[2 * j]!, Math.abs(t[4 + j]!) * t[2 * j + 1]!]);
        return fOf(t) >= gMid(s, b)[0] - F64_BAR;
      }),
      { numRuns: 200, seed: 52 },
    );
  });

  const boxBoundHolds = (Pb: ReluProblem, numRuns: number) => {
    const box = fc
      .tuple(sign, sign, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), num(-1, 0.9), num(-1, 0.9))
      .chain(([s0, s1, k0, k1, a0, a1]) =>
        fc.tuple(
          fc.constant<DirectionBox>({ s: [s0, s1], side: [k0, k1], lo: [a0, a1], hi: [a0 + 0.1, a1 + 0.1] }),
          num(0, 1),
          num(0, 1),
          num(0, 12),
          num(0, 12),
        ),
      );
    return fc.check(
      fc.property(box, ([B, u0, u1, r0, r1]) => {
        const t = [B.lo[0] + 0.1 * u0, B.lo[1] + 0.1 * u1];
        const d = [0, 1].map((j) => {
          const k = B.side[j]!;
          return k === 0 ? [1, t[j]!] : k === 1 ? [-1, t[j]!] : k === 2 ? [t[j]!, 1] : [t[j]!, -1];
        });
        const b = [r0 * d[0]![0]!, r0 * d[0]![1]!, r1 * d[1]![0]!, r1 * d[1]![1]!];
        return boxLowerBound(Pb, B).lower <= gMid(B.s, b)[1];
      }),
      { numRuns, seed: 53 },
    );
  };

  it('each box bound is below g at sampled points of the box (r ≤ rMax), for every side and sign pattern', () => {
    expect(boxBoundHolds(EX5_PROBLEM, 150).failed).toBe(false);
  });

  it('the same check catches a wrong bound: the bounds of λ = 0.04 exceed g (λ = 0.01) at some sampled point', () => {
    expect(boxBoundHolds({ ...EX5_PROBLEM, lambda: '0.04' }, 150).failed).toBe(true);
  });

  // about 3000 boxes, 2–3 s: computed once, by the first test that needs it
  let memo: ReturnType<typeof certifyReluMinimum> | undefined;
  const certified = () => (memo ??= certifyReluMinimum(EX5_PROBLEM, { tol: 1e-2, fineTol: 1e-12, maxBoxes: 20000 }));

  it('f* is enclosed to 1e-12 and no sampled point of θ ∈ [−4, 4]⁶ or near the minimizer goes below it', () => {
    const cert = certified();
    expect(cert.fUpper - cert.fLower).toBeLessThanOrEqual(1e-12);
    expect(cert.fLower).toBeGreaterThan(0.27);
    // f at the best point (the catalogue's f, in f64) is f*: within the enclosure up to f64 rounding
    const theta = lift(cert.best.s, cert.best.b);
    expect(Math.abs(fOf(theta) - cert.fUpper)).toBeLessThan(F64_BAR);
    fc.assert(
      fc.property(
        fc.array(num(-4, 4), { minLength: 6, maxLength: 6 }),
        fc.array(num(-1e-3, 1e-3), { minLength: 6, maxLength: 6 }),
        (far, near) => fOf(far) >= cert.fLower - F64_BAR && fOf(theta.map((v, k) => v + near[k]!)) >= cert.fLower,
      ),
      { numRuns: 500, seed: 54 },
    );
  });

  it('the minimizer is the balanced pair with one unit per sign; the swap of units is a minimizer too', () => {
    const cert = certified();
    const { s, b } = cert.best;
    expect([...s].sort()).toEqual([-1, 1]);
    const [lo, hi] = gMid([s[1], s[0]], [b[2], b[3], b[0], b[1]]);
    expect(lo).toBeLessThanOrEqual(cert.fUpper);
    expect(hi).toBeGreaterThanOrEqual(cert.fLower);
    // every box left is of a mixed sign pattern (the patterns (1, 1) and (−1, −1) are excluded: their bound > f*)
    for (const box of cert.boxes) expect(box.s[0] * box.s[1]).toBe(-1);
  });

  it('refuses a gap it cannot close within the budget, naming tol and maxBoxes', () => {
    expect(() => certifyReluMinimum(EX5_PROBLEM, { tol: 1e-3, fineTol: 1e-12, maxBoxes: 200 })).toThrow(
      /tol = 0.001 after maxBoxes = 200/,
    );
  });

  it('a wrong problem is refused: labels and inputs of different lengths, λ ≤ 0', () => {
    const bad: ReluProblem = { ...EX5_PROBLEM, ys: [1, -1] };
    expect(() => certifyReluMinimum(bad, { tol: 1e-2, fineTol: 1e-12, maxBoxes: 100 })).toThrow(/3 inputs for 2/);
    const zero: ReluProblem = { ...EX5_PROBLEM, lambda: '0' };
    expect(() => certifyReluMinimum(zero, { tol: 1e-2, fineTol: 1e-12, maxBoxes: 100 })).toThrow(/lambda = 0/);
  });

  it('at dec:60 the best point has f within the f64 enclosure (the enclosure is not an f64 artefact)', () => {
    const cert = certified();
    const B = decBackend(60) as unknown as AnyB;
    const x = lift(cert.best.s, cert.best.b).map((v) => B.fromDouble(v));
    let s = B.num('0');
    for (const c of entry.components) s = B.add(s, c.value(B, x));
    const f = B.toNumber(B.div(s, B.num('3')));
    // the lift's f64 rounding moves f by at most ‖∇f‖·1e-15 ≈ 1e-15
    expect(f).toBeGreaterThanOrEqual(cert.fLower - 1e-14);
    expect(f).toBeLessThanOrEqual(cert.fUpper + 1e-14);
  });
});
