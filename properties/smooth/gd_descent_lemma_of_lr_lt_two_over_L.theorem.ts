import fc from 'fast-check';
import {
  claims, defineTheorem, gd, quadratic, run, spec,
  type AnyBackend, type Claim, type Num, type Objective, type Stepper,
} from '../../src/index.js';

/** Instance: a quadratic F(θ) = ½θᵀAθ with an exactly prescribed spectrum, a start point, and u with η = u·2/L. */
interface DescentSpec {
  readonly quad: spec.SpectralQuadraticSpec;
  readonly u: Num;
}

const STEPS = 30;

/** The GD stepper under test; a test swaps in a broken one to show the theorem has teeth. */
export type MakeStepper = (B: AnyBackend, lr: unknown) => Stepper<any>;
const realGd: MakeStepper = (B, lr) => gd(B, { lr });

const quad = spec.spectralQuadratic({
  n: { min: 1, max: 5 },
  // L = max eigenvalue ≥ 1/16 > 0, so η = u·2/L is defined; PSD keeps the lemma's L = λ_max (A §5.1).
  eigenvalues: spec.dyadic({ min: '0.0625', max: '8', bits: 4 }),
  maxReflections: 2,
});

/** Builds the theorem around a GD stepper (the catalogue uses the real one). */
export function descentLemma(makeStepper: MakeStepper = realGd) {
  return defineTheorem<DescentSpec>({
    id: 'gd_descent_lemma_of_lr_lt_two_over_L',
    title: 'GD with η < 2/L decreases an L-smooth function by at least η(1 − ηL/2)‖∇F‖² per step',
    status: 'theorem',
    kind: 'tight',
    claim: String.raw`0<\eta=u\cdot\tfrac{2}{L},\ u\in(0,1) \implies F(\theta_{k+1}) \le F(\theta_k) - \eta\bigl(1-\tfrac{\eta L}{2}\bigr)\|\nabla F(\theta_k)\|^2 \le F(\theta_k)`,
    refs: [
      { key: 'Nesterov2018', where: 'Lectures on Convex Optimization, Lemma 1.2.3 and eq. (1.2.19)' },
      { key: 'theorems-A', where: '§5.1 (descent lemma), §5.2 (quadratics: equality along the top eigenvector)' },
    ],
    // η = u·2/L with u ∈ (0, 1): the hypothesis holds by construction.
    hypotheses: fc.record({ quad, u: spec.openUnit({ bits: 8 }) }),
    // Negative control: u ∈ (1, 1.5), i.e. η > 2/L. The smoothness inequality itself still holds for any η,
    // but the decrease it promises (1 − ηL/2 > 0) does not: F must be seen to increase.
    violations: fc.record({ quad, u: spec.unitInterval({ lo: '1', hi: '1.5', bits: 8 }) }),
    // Equality case (A §5.2): θ₀ on the top eigenvector of a diagonal A.
    witnesses: [
      {
        quad: {
          A: { eigenvalues: ['2', '1'], eigenvectors: [['1', '0'], ['0', '1']], matrix: [['2', '0'], ['0', '1']] },
          theta0: ['1', '0'],
          coords: ['1', '0'],
        },
        u: '0.5',
      },
    ],
    evaluate(B: AnyBackend, s) { // migration to ball arithmetic pending (issue #19)
      const A = B.mat(s.quad.A.matrix);
      const L = B.num(s.quad.A.eigenvalues[0]!);
      const F: Objective<any> = quadratic(B, { A, L });
      const eta = B.mul(B.num(s.u), B.div(B.int(2), L));
      const sol = run(F, makeStepper(B, eta), B.vec(s.quad.theta0), { steps: STEPS, save: { every: 1 } });
      if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
      const n = B.rows(A);
      const u = B.eps;
      const absA = B.reshape(B.map('abs', B.flatten(A)), n, n);
      // T(x) = |x|ᵀ|A||x| bounds the rounding of ½xᵀAx (γ_{n+1}·T/2) and the effect of A's own rounding (u·T/2).
      const T = (x: unknown) => {
        const ax = B.map('abs', x);
        return B.dot(ax, B.gemv(absA, ax));
      };
      const half = B.num('0.5');
      const descent = B.mul(eta, B.sub(B.one, B.mul(half, B.mul(eta, L)))); // η(1 − ηL/2)
      const out: Claim[] = [];
      const pts = sol.trajectory;
      for (let k = 0; k + 1 < pts.length; k++) {
        const th = pts[k]!.theta;
        const th1 = pts[k + 1]!.theta;
        const g = F.grad(th);
        const gn = B.nrm2(g);
        const G = B.nrm2(B.gemv(absA, B.map('abs', th)));
        // Δ bounds ‖computed θ⁺ − (θ − η∇F_exact(θ))‖: A's rounding and the gemv in g (η(n+1)u·G), the axpy (2u(‖θ‖+η‖g‖)).
        const Delta = B.mul(u, B.add(B.mul(B.mul(eta, G), B.int(n + 1)), B.mul(B.int(2), B.add(B.nrm2(th), B.mul(eta, gn)))));
        const Ath1 = B.nrm2(F.grad(th1));
        // F(exact θ⁺) − F(computed θ⁺) ≤ ‖Aθ⁺‖Δ + LΔ²/2.
        const stepErr = B.add(B.mul(Ath1, Delta), B.mul(L, B.mul(Delta, Delta)));
        const evalErr = B.mul(u, B.mul(B.int(n + 3), B.add(T(th), T(th1))));
        // ‖g‖² and the rhs arithmetic: 2γ_{n+2}‖g‖G·η + (n+6)u·η‖g‖².
        const rhsErr = B.mul(u, B.mul(eta, B.add(B.mul(B.int(2 * (n + 2)), B.mul(gn, G)), B.mul(B.int(n + 6), B.mul(gn, gn)))));
        // Factor 2 covers γ_m ≤ 1.01·m·u and the neglected O(u²) products.
        const errDec = B.mul(B.int(2), B.add(evalErr, stepErr));
        const errLemma = B.mul(B.int(2), B.add(B.add(evalErr, stepErr), rhsErr));
        const F0 = F.value(th);
        const F1 = F.value(th1);
        out.push(claims.le(B, F1, B.sub(F0, B.mul(descent, B.mul(gn, gn))), errLemma, `descent_lemma@${k}`));
        out.push(claims.le(B, F1, F0, errDec, `decrease@${k}`));
      }
      return { claims: out, observed: { L: B.show(L), eta: B.show(eta), F_final: B.show(F.value(sol.theta)) } };
    },
  });
}

export default descentLemma();
