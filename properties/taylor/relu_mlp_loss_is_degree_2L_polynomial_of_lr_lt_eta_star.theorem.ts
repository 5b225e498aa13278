import fc from 'fast-check';
import {
  ballAlgebra,
  ballArith,
  certifyNoSignChange,
  certifySignChange,
  claims,
  defineTheorem,
  etaStar,
  lossAtBall,
  preactivationPolys,
  spec,
  taylor,
  type Claim,
  type JetBall,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { mlpProblem, mlpStepArb, orKink, subsetOutputs, type MlpStepSpec } from './mlp.lib.js';

/** An MLP step with the step size as a fraction: η = u·lo (below η*) or η = (1 + u)·hi (beyond it). */
interface StepSpec {
  readonly net: MlpStepSpec;
  readonly u: Num;
  readonly beyond: boolean;
}

/** Search range for η*: T = 16 (entries ≤ 1 in modulus; larger η are outside any step of interest here). */
const T = '16';

export default defineTheorem<StepSpec>({
  id: 'relu_mlp_loss_is_degree_2L_polynomial_of_lr_lt_eta_star',
  title:
    'Bias-free ReLU MLP, square loss: L(θ − ηΔ) = Σ_{j ≤ 2L} c_jη^j exactly for 0 < η < η* (the first activation sign change), with c_j = 0 for j > 2L',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`0<\eta<\eta^* \implies L(\theta-\eta\Delta)=\sum_{j=0}^{2L} c_j\eta^j,\qquad c_j=\tfrac{(-1)^j}{j!}\nabla^jL(\theta)[\Delta^{\otimes j}]`,
  refs: [
    {
      arxiv: '2502.13110',
      where: 'abstract (v2): Taylor coefficients of the minibatch loss; the polynomial form is derived',
    },
    {
      key: 'docs/theorems/taylor.md#t3-frozen-masks-exact-polynomials-and-η',
      where: 'frozen masks: degree ≤ L in η for the output, ≤ 2L for the square loss, on [0, η*) (derived)',
    },
  ],
  // η = u·lo with lo a certified lower bound of η* (bisection, src/jet/etaStar.ts): the hypothesis by construction.
  hypotheses: fc.record({ net: mlpStepArb(), u: spec.openUnit({ bits: 8 }), beyond: fc.constant(false) }),
  // Negative control: η = (1 + u)·hi beyond a certified sign change of a pre-activation: a mask flips and the
  // polynomial of η = 0's branch no longer is the loss.
  violations: fc.record({ net: mlpStepArb(), u: spec.openUnit({ bits: 8 }), beyond: fc.constant(true) }),
  budget: { ci: { runs: 40, negativeRuns: 20 } },
  evaluate(B, s) {
    return orKink(() => {
      const K = ballArith(B);
      const { problem, theta, delta, L } = mlpProblem(B, s.net);
      const polys = preactivationPolys(B, problem, theta, delta, L);
      const bracket = etaStar(B, polys, B.num(T));
      if (s.beyond && bracket.hi === null) return { claims: [], inconclusive: 'no sign change certified on [0, 16]' };
      const eta =
        s.beyond && bracket.hi !== null ? B.mul(B.add(B.one, B.num(s.u)), bracket.hi) : B.mul(B.num(s.u), bracket.lo);
      if (!s.beyond && !certifyNoSignChange(B, polys, eta)) {
        return { claims: [], inconclusive: 'η = u·lo could not be certified below η* (bisection limits)' };
      }
      if (s.beyond && !certifySignChange(B, polys, eta)) {
        return { claims: [], inconclusive: 'no sign change certified at η' };
      }
      if (B.isZero(eta)) return { claims: [], inconclusive: 'η* bracket starts at 0' };
      const c = taylor(B, problem, theta, delta, 2 * L + 2);
      const e = K.exact(eta);
      const poly = K.sum(c.slice(0, 2 * L + 1).map((cj, j) => K.mul(cj, K.powi(e, j))));
      // the loss at the point θ − ηΔ (a ball: the point's rounding), with the masks of that point
      const point = K.vsub(K.vexact(theta), K.scal(e, K.vexact(delta)));
      const lhs = lossAtBall(B, problem, point);
      const out: Claim[] = [claims.eq(B, lhs, poly, 'L(θ−ηΔ) = Σ c_j η^j')];
      // (I4): c_1, c_2, c_3 from the subset sums F_j of (I3) (forward passes with layers replaced by Δ_k), r = F_0 − Y
      const A = ballAlgebra(B);
      const Fj = subsetOutputs(B, s.net);
      const n = s.net.X.length;
      const r = A.sub(Fj[0]!, A.exact(B.mat(s.net.Y)));
      const ip = (x: JetBall<Opaque>, y: JetBall<Opaque>) => A.scalar(A.ratio(A.total(A.hadamard(x, y)), 1, n));
      const closed = [
        K.mul(K.num('0.5'), ip(r, r)),
        K.neg(ip(r, Fj[1]!)),
        K.add(K.mul(K.num('0.5'), ip(Fj[1]!, Fj[1]!)), ip(r, Fj[2]!)),
        K.neg(K.add(ip(Fj[1]!, Fj[2]!), L >= 3 ? ip(r, Fj[3]!) : K.int(0))),
      ];
      closed.forEach((cj, j) => out.push(claims.eq(B, c[j]!, cj, `c_${j} = (I4)`)));
      for (let j = 2 * L + 1; j < c.length; j++) out.push(claims.eq(B, c[j]!, K.int(0), `c_${j} = 0`));
      return {
        claims: out,
        observed: {
          eta: B.show(eta),
          eta_star_lo: B.show(bracket.lo),
          eta_star_hi: bracket.hi === null ? 'none' : B.show(bracket.hi),
        },
      };
    });
  },
});
