import { ballArith, claims, defineTheorem, hypothesisViolated, spec, type Claim, type Num } from '../../src/index.js';
import { instanceArb, l2Run, lipQ, type L2Instance } from './linear2.lib.js';

/**
 * Instance + the constant c under test in the claimed factor |1 − c·η²ε_t²|: the theorem is c = 1 (docs/theorems/eos.md
 * E3 (I1)); the negative control claims c = 1/2 and must be refuted.
 */
interface Spec extends L2Instance {
  readonly c: Num;
}

const STEPS = 60;

// η·max(λ₀, λ_GF) = u·1.9 with u ∈ (0, 1.4): stable, edge-of-stability and unstable steps alike (the identity holds
// for every η; large u makes η²ε_t² ≥ 1 happen, which ends the prefix of the trade-off bound).
const base = instanceArb(spec.unitInterval({ lo: '0', hi: '1.4', bits: 8 }), '1.9');

export default defineTheorem<Spec>({
  id: 'linear2_gd_imbalance_factor_is_abs_one_minus_lr2_eps2',
  title:
    'Depth-2 linear net: GD multiplies the imbalance Q = ‖a+b‖·‖a−b‖ by exactly |1 − η²ε_t²| per step, so Q_T ≤ Q₀·exp(−2η²Σ_t L_t) while η²ε_t² < 1',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`L=\tfrac12(a^\top b-\Phi)^2,\ \varepsilon_t=a_t^\top b_t-\Phi:\quad Q_{t+1}=|1-\eta^2\varepsilon_t^2|\,Q_t\ \ \forall\eta,t;\qquad \eta^2\varepsilon_t^2<1\ (t<T)\implies Q_T\le Q_0\exp\!\bigl(-2\eta^2\textstyle\sum_{t<T}L(a_t,b_t)\bigr)`,
  refs: [
    {
      arxiv: '2501.09137',
      where:
        'setting: objective (2), L(a,b) = ½(aᵀb − Φ)²; "GD decreases the imbalance" (abstract); exact factor not read in the paper',
    },
    {
      key: 'docs/theorems/eos.md#e3-gd-imbalance-recurrence',
      where: '(I1) Q_{t+1} = |1 − η²ε_t²|Q_t (derived: a⁺ ± b⁺ = (1 ∓ ηε)(a ± b))',
    },
    {
      key: 'docs/theorems/eos.md#e4-trade-off-accumulated-loss-shrinks-the-imbalance',
      where: 'log(Q₀/Q_T) ≥ 2η²Σ_t L_t (derived: −log(1 − x) ≥ x)',
    },
  ],
  hypotheses: base.map((s) => ({ ...s, c: '1' })),
  // Negative control: the factor 1 − η²ε²/2 (a plausible misremembered constant) must be refuted on some step.
  violations: base.map((s) => ({ ...s, c: '0.5' })),
  witnesses: [
    // k = 1, a₀ = 1, b₀ = 0 (‖a ± b‖ = 1), Φ = 1, η = 1/2: ε₀ = −1, factor 3/4.
    {
      init: { a: ['1'], b: ['0'], sumNorm: '1', diffNorm: '1', Q: '1', lambda: '1', m: '0', normGap: '1' },
      Phi: '1',
      lr: '0.5',
      c: '1',
    },
  ],
  budget: { ci: { runs: 100, negativeRuns: 50 } },
  evaluate(B, s) {
    const k = s.init.a.length;
    if (s.init.b.length !== k || k < 1) return hypothesisViolated('init: a and b must have the same length k ≥ 1');
    const K = ballArith(B);
    const lr = K.num(s.lr);
    const c = K.num(s.c);
    const lr2 = K.sqr(lr);
    const tr = l2Run(B, s, STEPS);
    const S = tr.states;
    const out: Claim[] = [];
    for (let t = 0; t + 1 < S.length; t++) {
      const x = S[t]!;
      const y = S[t + 1]!;
      const fac = K.abs(K.sub(K.int(1), K.mul(c, K.mul(lr2, K.sqr(x.eps)))));
      // lhs: Q̂_{t+1}'s ball widened by the step's backward error seen by Q (lipQ·Δ_t: structural); rhs in balls.
      out.push(claims.eq(B, K.widen(y.Q, lipQ(B, y, tr.delta[t]!)), K.mul(fac, x.Q), `Q_recurrence@${t}`));
    }
    // Trade-off (P1.6) on the longest prefix with η²ε_t² < 1 certainly.
    let T = 0;
    while (T + 1 < S.length && B.cmp(K.upper(K.mul(lr2, K.sqr(S[T]!.eps))), B.one) < 0) T++;
    if (T > 0) {
      // Q_T ≤ Q₀Π|f_t| + Σ_t (Π_{s>t}|f_s|)·lipQ·Δ_t with |f_s| ≤ 1 on the prefix: the perturbation is structural.
      let pert = B.zero;
      for (let t = 0; t < T; t++) pert = K.upper(K.add(K.exact(pert), K.exact(lipQ(B, S[t + 1]!, tr.delta[t]!))));
      const sumE2 = K.sum(S.slice(0, T).map((x) => K.sqr(x.eps))); // Σ ε_t² = 2 Σ L_t
      const rhs = K.mul(S[0]!.Q, K.exp(K.neg(K.mul(lr2, sumE2))));
      out.push(claims.le(B, K.widen(S[T]!.Q, pert), rhs, `tradeoff_T=${T}`));
    }
    return {
      claims: out,
      observed: {
        lr: s.lr,
        steps: String(S.length - 1),
        prefix: String(T),
        Q0: B.show(S[0]!.Q.value),
        QT: B.show(S.at(-1)!.Q.value),
      },
    };
  },
});
