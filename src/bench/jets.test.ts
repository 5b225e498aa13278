/**
 * The jet benchmark's checkable value: with Δ = ∇L(θ), c_1 = −⟨∇L, Δ⟩ = −‖∇L‖² (the first-order Taylor identity),
 * checked with bars on a small instance of the same construction, and c_j = 0 for j > 2L (the square loss of an
 * L-layer ReLU MLP with frozen masks is a polynomial of degree 2L in η).
 */
import { describe, expect, it } from 'vitest';
import { ballAlgebra, plainAlgebra } from '../jet/algebra.js';
import { taylor } from '../jet/taylor.js';
import { ddBackend } from '../numeric/dd.js';
import type { AnyBackend } from '../numeric/types.js';
import { gradMlpCell, jetMlpCell, mlpGradient, mlpInstance, mlpTaylorSetup } from './jets.js';

const WIDTHS = [3, 5, 6, 2];
const N = 4;

describe('jet benchmark cells', () => {
  it('c_1 = −⟨∇L, Δ⟩ = −‖∇L‖²: the series ball and the gradient ball overlap, and c_7 = c_8 = 0', () => {
    const B: AnyBackend = ddBackend();
    const s = mlpInstance(WIDTHS, N);
    const A = ballAlgebra(B);
    const G = mlpGradient(A, s);
    const { problem, theta, delta } = mlpTaylorSetup(B, A, s, G);
    const c = taylor(B, problem, theta, delta, 8);
    // Δ_k = mid(G_k) exactly; −Σ_k ⟨G_k, Δ_k⟩ in ball arithmetic contains −⟨∇L, Δ⟩, which c_1's ball contains too
    const ref = A.scalar(A.neg(G.map((g) => A.total(A.hadamard(g, A.exact(A.mid(g))))).reduce((x, y) => A.add(x, y))));
    const gap = B.abs(B.sub(c[1]!.value, ref.value));
    const allowed = B.add(c[1]!.err, ref.err);
    expect(B.cmp(gap, allowed)).toBeLessThanOrEqual(0);
    // the bars are dd-tight, not vacuous
    expect(B.toNumber(allowed) / Math.abs(B.toNumber(c[1]!.value))).toBeLessThan(1e-25);
    expect(B.toNumber(c[1]!.value)).toBeLessThan(0);
    for (const j of [7, 8]) expect(B.isZero(c[j]!.value) && B.isZero(c[j]!.err)).toBe(true);
  });

  it("the cells' finals agree: c_1 = −‖g̃‖² up to |⟨∇L − g̃, g̃⟩| (g̃ the plain dd gradient, bounded by the ball one)", () => {
    const B: AnyBackend = ddBackend();
    const jet = jetMlpCell(B, WIDTHS, N).run();
    const grad = gradMlpCell(B, WIDTHS, N).run();
    // |∇L − g̃| ≤ rad(G) + |mid(G) − g̃| componentwise (G the ball gradient)
    const A = ballAlgebra(B);
    const s = mlpInstance(WIDTHS, N);
    const G = mlpGradient(A, s);
    const gt = mlpGradient(plainAlgebra(B), s);
    const flat = (ms: readonly ReturnType<typeof A.mid>[]) => B.concat(ms.map((m) => B.flatten(m)));
    const g = flat(gt);
    const dev = B.vadd(flat(G.map((x) => A.rad(x))), B.map('abs', B.vsub(flat(G.map((x) => A.mid(x))), g)));
    const normSq = B.dot(g, g);
    // plus the rounding of the plain ‖g̃‖² (a sum of d squares: ≤ 2d·u·‖g̃‖²)
    const bound = B.add(
      B.add(B.num(jet.c1_err!), B.dot(dev, B.map('abs', g))),
      B.mul(B.mul(B.int(2 * B.dim(g)), B.eps), normSq),
    );
    const gap = B.abs(B.add(B.num(jet.c1!), B.num(grad.grad_norm_sq!)));
    expect(B.cmp(gap, bound)).toBeLessThanOrEqual(0);
    expect(B.toNumber(bound) / B.toNumber(normSq)).toBeLessThan(1e-25);
  });
});
