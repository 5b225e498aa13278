import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  gd,
  quadratic,
  run,
  spec,
  type Backend,
  type Claim,
  type Num,
  type Opaque,
  type S,
  type Stepper,
  type V,
} from '../../src/index.js';

/** Instance: a quadratic F(θ) = ½θᵀAθ with an exactly prescribed spectrum, a start point, and u with η = u·2/L. */
interface DescentSpec {
  readonly quad: spec.SpectralQuadraticSpec;
  readonly u: Num;
}

const STEPS = 30;

/** The GD stepper under test; a test swaps in a broken one to show the theorem has teeth. */
export type MakeStepper = (B: Backend<Opaque>, lr: S<Opaque>) => Stepper<Opaque>;
const realGd: MakeStepper = (B, lr) => gd(B, { lr });

const quad = spec.spectralQuadratic({
  n: { min: 1, max: 5 },
  // L = max eigenvalue ≥ 1/16 > 0, so η = u·2/L is defined; PSD keeps the lemma's L = λ_max (docs/theorems/smooth.md
  // S1).
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
      { key: 'docs/theorems/smooth.md#s1-descent-lemma', where: 'descent lemma (read: Lemma 1.2.3; the step derived)' },
      {
        key: 'docs/theorems/smooth.md#s2-quadratics-the-equality-case',
        where: 'quadratics: equality along the top eigenvector (derived)',
      },
    ],
    // η = u·2/L with u ∈ (0, 1): the hypothesis holds by construction.
    hypotheses: fc.record({ quad, u: spec.openUnit({ bits: 8 }) }),
    // Negative control: u ∈ (1, 1.5), i.e. η > 2/L. The smoothness inequality itself still holds for any η,
    // but the decrease it promises (1 − ηL/2 > 0) does not: F must be seen to increase.
    violations: fc.record({ quad, u: spec.unitInterval({ lo: '1', hi: '1.5', bits: 8 }) }),
    // Equality case (docs/theorems/smooth.md S2): θ₀ on the top eigenvector of a diagonal A.
    witnesses: [
      {
        quad: {
          A: {
            eigenvalues: ['2', '1'],
            eigenvectors: [
              ['1', '0'],
              ['0', '1'],
            ],
            matrix: [
              ['2', '0'],
              ['0', '1'],
            ],
          },
          theta0: ['1', '0'],
          coords: ['1', '0'],
        },
        u: '0.5',
      },
    ],
    evaluate(B, s) {
      const K = ballArith(B);
      const A = B.mat(s.quad.A.matrix);
      const L = B.num(s.quad.A.eigenvalues[0]!);
      const F = quadratic(B, { A, L });
      const lr = B.mul(B.num(s.u), B.div(B.int(2), L));
      const sol = run(F, makeStepper(B, lr), B.vec(s.quad.theta0), { steps: STEPS, save: { every: 1 } });
      if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
      const n = B.rows(A);
      // The exact A (its decimal entries) as a ball; F(x) = ½xᵀAx and ∇F(x) = Ax of the exact A at a computed point x.
      const Ab = K.mnum(s.quad.A.matrix);
      const half = K.num('0.5');
      const x = (v: V<Opaque>) => K.vexact(v);
      const Fb = (v: V<Opaque>) => K.mul(half, K.dot(x(v), K.gemv(Ab, x(v))));
      const Lb = K.num(s.quad.A.eigenvalues[0]!);
      const lrB = K.exact(lr); // the step the run used
      const descent = K.mul(lrB, K.sub(K.int(1), K.mul(half, K.mul(lrB, Lb)))); // η(1 − ηL/2)
      const absA = B.reshape(B.map('abs', B.flatten(A)), n, n);
      const out: Claim[] = [];
      const pts = sol.trajectory;
      for (let k = 0; k + 1 < pts.length; k++) {
        const th = pts[k]!.theta;
        const th1 = pts[k + 1]!.theta;
        const g = K.gemv(Ab, x(th));
        // Structural bar (the run's backward error, not arithmetic here): Δ bounds ‖computed θ⁺ − (θ − η∇F(θ))‖, from
        // A's rounding and the gemv in the stepper's gradient (η(n+1)u·‖|A||θ|‖) and its axpy (2u(‖θ‖ + η‖g‖)); then
        // F(exact θ⁺) ≤ F(computed θ⁺) + ‖Aθ⁺‖Δ + LΔ²/2 (Taylor, ∇²F = A ⪯ L).
        const G = K.norm2(x(B.gemv(absA, B.map('abs', th))));
        const steps = K.add(
          K.mul(K.mul(lrB, G), K.int(n + 1)),
          K.mul(K.int(2), K.add(K.norm2(x(th)), K.mul(lrB, K.norm2(g)))),
        );
        const Delta = K.mul(K.exact(B.eps), steps);
        const stepErr = K.add(K.mul(K.norm2(K.gemv(Ab, x(th1))), Delta), K.mul(Lb, K.sqr(Delta)));
        const F0 = Fb(th);
        const F1 = K.widen(Fb(th1), K.upper(stepErr));
        out.push(claims.le(B, F1, K.sub(F0, K.mul(descent, K.dot(g, g))), `descent_lemma@${k}`));
        out.push(claims.le(B, F1, F0, `decrease@${k}`));
      }
      return { claims: out, observed: { L: B.show(L), lr: B.show(lr), F_final: B.show(F.value(sol.theta)) } };
    },
  });
}

export default descentLemma();
