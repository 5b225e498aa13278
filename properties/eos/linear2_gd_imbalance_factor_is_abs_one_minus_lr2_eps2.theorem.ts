import fc from 'fast-check';
import { claims, defineTheorem, hypothesisViolated, spec, type Claim, type Num } from '../../src/index.js';
import { bsum, instanceArb, l2Run, lipQ, type L2Instance } from './linear2.lib.js';

/**
 * Instance + the constant c under test in the claimed factor |1 − c·η²ε_t²|: the theorem is c = 1 (docs/theorems/eos.md E3
 * (I1)); the negative control claims c = 1/2 and must be refuted.
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
  title: 'Depth-2 linear net: GD multiplies the imbalance Q = ‖a+b‖·‖a−b‖ by exactly |1 − η²ε_t²| per step, so Q_T ≤ Q₀·exp(−2η²Σ_t L_t) while η²ε_t² < 1',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`L=\tfrac12(a^\top b-\Phi)^2,\ \varepsilon_t=a_t^\top b_t-\Phi:\quad Q_{t+1}=|1-\eta^2\varepsilon_t^2|\,Q_t\ \ \forall\eta,t;\qquad \eta^2\varepsilon_t^2<1\ (t<T)\implies Q_T\le Q_0\exp\!\bigl(-2\eta^2\textstyle\sum_{t<T}L(a_t,b_t)\bigr)`,
  refs: [
    { arxiv: '2501.09137', where: 'setting: objective (2), L(a,b) = ½(aᵀb − Φ)²; "GD decreases the imbalance" (abstract); exact factor not read in the paper' },
    { key: 'docs/theorems/eos.md#e3-gd-imbalance-recurrence', where: '(I1) Q_{t+1} = |1 − η²ε_t²|Q_t (derived: a⁺ ± b⁺ = (1 ∓ ηε)(a ± b))' },
    { key: 'docs/theorems/eos.md#e4-trade-off-accumulated-loss-shrinks-the-imbalance', where: 'log(Q₀/Q_T) ≥ 2η²Σ_t L_t (derived: −log(1 − x) ≥ x)' },
  ],
  hypotheses: base.map((s) => ({ ...s, c: '1' })),
  // Negative control: the factor 1 − η²ε²/2 (a plausible misremembered constant) must be refuted on some step.
  violations: base.map((s) => ({ ...s, c: '0.5' })),
  witnesses: [
    // k = 1, a₀ = 1, b₀ = 0 (‖a ± b‖ = 1), Φ = 1, η = 1/2: ε₀ = −1, factor 3/4.
    { init: { a: ['1'], b: ['0'], sumNorm: '1', diffNorm: '1', Q: '1', lambda: '1', m: '0', normGap: '1' }, Phi: '1', lr: '0.5', c: '1' },
  ],
  budget: { ci: { runs: 100, negativeRuns: 50 } },
  evaluate(B: import('../../src/index.js').AnyBackend, s) { // migration to ball arithmetic pending (issue #19)
    const k = s.init.a.length;
    if (s.init.b.length !== k || k < 1) return hypothesisViolated('init: a and b must have the same length k ≥ 1');
    const eta = B.num(s.lr);
    const c = B.num(s.c);
    const eta2 = B.mul(eta, eta);
    const u = B.eps;
    const tr = l2Run(B, s, STEPS);
    const S = tr.states;
    const out: Claim[] = [];
    for (let t = 0; t + 1 < S.length; t++) {
      const x = S[t]!;
      const y = S[t + 1]!;
      const e2 = B.mul(eta2, B.mul(x.eps, x.eps));
      const fac = B.abs(B.sub(B.one, B.mul(c, e2)));
      const rhs = B.mul(fac, x.Q);
      // lhs: Q̂_{t+1} evaluation (eQ) + the step's backward error seen by Q (lipQ·Δ_t).
      // rhs: Q̂_t's evaluation error times the factor, the factor's sensitivity to ε̂ (2cη²|ε|·eEps·Q, ×2 for
      // the second-order term), and 4 roundings of the factor and product.
      const err = bsum(B, [
        y.eQ,
        lipQ(B, y, tr.delta[t]!),
        B.mul(fac, x.eQ),
        B.mul(B.int(4), B.mul(B.mul(c, eta2), B.mul(B.abs(x.eps), B.mul(x.eEps, x.Q)))),
        B.mul(B.mul(B.int(4), u), rhs),
      ]);
      out.push(claims.eq(B, y.Q, rhs, err, `Q_recurrence@${t}`));
    }
    // Trade-off (docs/theorems/eos.md E4) on the longest prefix with η²ε_t² < 1 certainly (η²(|ε̂| + eEps)² < 1).
    let T = 0;
    while (T + 1 < S.length) {
      const x = S[T]!;
      const hi = B.add(B.abs(x.eps), x.eEps);
      if (B.cmp(B.mul(eta2, B.mul(hi, hi)), B.one) >= 0) break;
      T++;
    }
    if (T > 0) {
      let sumE2 = B.zero; // Σ ε_t² = 2 Σ L_t
      let sens = B.zero; // Σ 2|ε_t|·eEps_t: error of Σ ε̂_t²
      let pert = B.zero; // Σ lipQ·Δ_t: Q_T ≤ Q₀Π|f_t| + Σ_t (Π_{s>t}|f_s|)·lipQ·Δ_t with |f_s| ≤ 1 on the prefix
      for (let t = 0; t < T; t++) {
        const x = S[t]!;
        sumE2 = B.add(sumE2, B.mul(x.eps, x.eps));
        sens = B.add(sens, B.mul(B.int(2), B.mul(B.abs(x.eps), B.add(x.eEps, x.eEps))));
        pert = B.add(pert, lipQ(B, S[t + 1]!, tr.delta[t]!));
      }
      const q0 = S[0]!;
      const qT = S[T]!;
      const rhs = B.mul(q0.Q, B.exp(B.neg(B.mul(eta2, sumE2))));
      // rhs: Q̂₀'s error, exp's argument error η²·sens (×2: second order), ~(2T + 8) roundings in the sums/exp.
      const err = bsum(B, [
        qT.eQ, pert, q0.eQ,
        B.mul(B.int(2), B.mul(rhs, B.mul(eta2, sens))),
        B.mul(B.mul(B.int(2 * T + 8), u), rhs),
      ]);
      out.push(claims.le(B, qT.Q, rhs, err, `tradeoff_T=${T}`));
    }
    return {
      claims: out,
      observed: { eta: s.lr, steps: String(S.length - 1), prefix: String(T), Q0: B.show(S[0]!.Q), QT: B.show(S.at(-1)!.Q) },
    };
  },
});
