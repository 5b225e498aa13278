import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Matrix, solve as mlSolve } from 'ml-matrix';
import { f64Backend } from '../numeric/f64.js';
import { solve, cholesky, solveSPD } from './solve.js';
import { backends, within } from './backends.testkit.js';

describe.each(backends.map((B) => [B.id, B] as const))('solve on %s', (_id, B) => {
  // A = [[4, −2, 1], [−2, 4, −2], [1, −2, 4]] (SPD, κ₂ < 5), x = (1, −0.5, 0.25) ⇒ b = A x exactly.
  const A = B.mat([
    ['4', '-2', '1'],
    ['-2', '4', '-2'],
    ['1', '-2', '4'],
  ]);
  const x = ['1', '-0.5', '0.25'];
  const b = B.vec(['5.25', '-4.5', '3']);
  // Forward error ≤ κ·(backward error) ≈ κ·c·n·u; with κ < 5, n = 3: 5·3·10·u = 150u covers c = 10.
  const tol = B.mul(B.int(150), B.eps);

  it('solves a small system by LU with partial pivoting to ~κ·n·u', () => {
    const r = solve(B, A, b);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    x.forEach((xi, i) => expect(within(B, B.at(r.x, i), xi, tol)).toBe(true));
    // (A + ΔA)x̂ = b with |ΔA| ≤ γ_3n|L̂||Û| (Higham, ASNA 2nd ed., Thm 9.4), |L||U| = |A| here (no growth), plus
    // γ_n|A||x̂| for forming b − Ax̂: computed ‖r‖ ≤ (γ_9 + γ_3)‖|A||x|‖₂(1 + O(u)) = 12u·√56.8125 = 90.45u (90.5: the
    // O(u))
    expect(B.cmp(r.residual, B.mul(B.num('90.5'), B.eps)) <= 0).toBe(true);
  });

  it('pivots: solves [[0, 1], [1, 0]] x = (2, 3) exactly', () => {
    const r = solve(
      B,
      B.mat([
        ['0', '1'],
        ['1', '0'],
      ]),
      B.vec(['2', '3']),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(B.vshow(r.x)).toEqual(B.vshow(B.vec(['3', '2'])));
  });

  it('reports a singular matrix as a value, not a throw', () => {
    const r = solve(
      B,
      B.mat([
        ['1', '2'],
        ['2', '4'],
      ]),
      B.vec(['1', '1']),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/singular/);
    const z = solve(B, B.mzeros(2, 2), B.vec(['1', '1']));
    expect(z.ok).toBe(false);
  });

  it('factors an SPD matrix by Cholesky (L·Lᵀ = A) and solveSPD agrees with the LU solve', () => {
    const ch = cholesky(B, A);
    expect(ch.ok).toBe(true);
    if (!ch.ok) return;
    const LLt = B.gemm(ch.L, ch.L, false, true);
    // L̂L̂ᵀ = A + ΔA, |ΔA| ≤ γ_{n+1}|L̂||L̂ᵀ| (Higham Thm 10.3), and gemm adds γ_n|L̂||L̂ᵀ|: γ_{2n+1} = 7u times
    // |L||Lᵀ|, which equals |A| for this A (no cancellation in any a_ij = Σ l_ik l_jk); 7.001 covers the O(u) terms
    const chTol = (i: number, j: number) => B.mul(B.mul(B.num('7.001'), B.eps), B.abs(B.mget(A, i, j)));
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) expect(within(B, B.mget(LLt, i, j), B.mget(A, i, j), chTol(i, j))).toBe(true);
    expect(B.isZero(B.mget(ch.L, 0, 2))).toBe(true);
    const r = solveSPD(B, A, b);
    expect(r.ok).toBe(true);
    if (r.ok) x.forEach((xi, i) => expect(within(B, B.at(r.x, i), xi, tol)).toBe(true));
  });

  it('reports a matrix that is not positive definite as a value', () => {
    const r = cholesky(
      B,
      B.mat([
        ['1', '2'],
        ['2', '1'],
      ]),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not positive definite/);
    expect(solveSPD(B, B.mat([['-1']]), B.vec(['1'])).ok).toBe(false);
  });

  it('rejects mismatched dimensions with a message naming the argument', () => {
    expect(() => solve(B, A, B.vec(['1', '2']))).toThrow(/b has length 2/);
    expect(() => solve(B, B.mzeros(2, 3), B.vec(['1', '2']))).toThrow(/square/);
  });
});

describe('solve against ml-matrix (f64)', () => {
  const B = f64Backend();
  it('agrees with ml-matrix on random diagonally dominant systems', () => {
    // Row diagonal dominance: a_ii ≥ n + 1, Σ_{j≠i}|a_ij| ≤ n − 1, so ‖A⁻¹‖_∞ ≤ 1/2, κ_∞ ≤ (2n + 1)/2 and
    // ‖x‖_∞ ≤ ‖b‖_∞/2. Both solvers are backward stable (‖ΔA‖ ≤ c·n·u·‖A‖, c = 10 covers γ_3n with growth factor ≤ 2
    // under diagonal dominance), so each is within κ·c·n·u·‖x‖ of x and they agree to twice that.
    const sys = fc.integer({ min: 1, max: 8 }).chain((n) =>
      fc
        .tuple(
          fc.array(
            fc.array(
              fc.integer({ min: -64, max: 64 }).map((k) => k / 64),
              { minLength: n, maxLength: n },
            ),
            { minLength: n, maxLength: n },
          ),
          fc.array(
            fc.integer({ min: -100, max: 100 }).map((k) => k / 10),
            { minLength: n, maxLength: n },
          ),
        )
        .map(([a, bb]) => {
          a.forEach((row, i) => (row[i] = n + 1 + Math.abs(row[i]!)));
          return { a, bb };
        }),
    );
    fc.assert(
      fc.property(sys, ({ a, bb }) => {
        const r = solve(B, B.mat(a.map((row) => row.map(String))), B.vec(bb.map(String)));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const ml = mlSolve(new Matrix(a), Matrix.columnVector(bb)).getColumn(0);
        const n = a.length;
        const tol = 2 * ((2 * n + 1) / 2) * 10 * n * B.eps * (Math.max(...bb.map(Math.abs)) / 2);
        ml.forEach((v, i) => expect(Math.abs(r.x[i]! - v)).toBeLessThanOrEqual(tol));
      }),
      { numRuns: 200 },
    );
  });
});
