import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  hypothesisViolated,
  spec,
  type Ball,
  type Claim,
  type Num,
  type Opaque,
} from '../../src/index.js';
import { lrFromGfs, snInitArb, snRun, type SnInstance } from './gfs.lib.js';

/**
 * Instance + the constant c in the claimed factor 1 − c·η²ε²K_ij²: the theorem is c = 1; the negative control c = 1/2.
 */
interface Spec extends SnInstance {
  readonly c: Num;
}

const STEPS = 20;

// D ∈ [2, 4], π₀/y ∈ [1/8, 5/2] and η·φ(w₀) = v·2√2 with v ∈ [1/8, 1.5]: steps on both sides of η|ε_t| = √2.
const base = fc
  .record({
    init: snInitArb({ min: 2, max: 4 }, spec.dyadic({ min: '0.125', max: '2.5', bits: 5 })),
    v: spec.dyadic({ min: '0.125', max: '1.5', bits: 6 }),
  })
  .map(({ init, v }) => ({ w: init.w, y: init.y, lr: lrFromGfs(init.w, init.y, v) }));

export default defineTheorem<Spec>({
  id: 'scalar_net_gd_imbalance_factor_is_one_minus_lr2_eps2_kij2',
  title:
    'Scalar network Πw_i: GD multiplies every w_i² − w_j² by exactly 1 − η²ε_t²K_ij², K_ij = Π_{l≠i,j} w_l; for D = 2 the GFS sharpness decreases at a step iff η|ε_t| ≤ √2',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`L=\tfrac12(\textstyle\prod_i w_i-y)^2:\ (w_i^2-w_j^2)_{t+1}=\bigl(1-\eta^2\varepsilon_t^2K_{ij}(w_t)^2\bigr)(w_i^2-w_j^2)_t;\quad D=2:\ \varphi(w)=\sqrt{(w_1^2-w_2^2)^2+4y^2},\ \eta|\varepsilon_t|\le\sqrt2\implies\varphi(w_{t+1})\le\varphi(w_t),\ \eta|\varepsilon_t|>\sqrt2\implies\varphi(w_{t+1})\ge\varphi(w_t)`,
  refs: [
    {
      arxiv: '2305.13064',
      where:
        'setting: scalar networks with the squared loss, GFS sharpness (abstract); the exact recurrence is not read in the paper',
    },
    {
      key: 'docs/theorems/eos.md#e12-gd-imbalance-recurrence-for-scalar-networks',
      where: 'GD imbalance recurrence and the D = 2 criterion η|ε_t| ≤ √2 (derived)',
    },
    {
      key: 'docs/theorems/eos.md#e11-gfs-sharpness-in-closed-form',
      where: 'φ = √((w₁² − w₂²)² + 4y²) for D = 2 (derived)',
    },
  ],
  hypotheses: base.map((s) => ({ ...s, c: '1' })),
  violations: base.map((s) => ({ ...s, c: '0.5' })),
  budget: { ci: { runs: 80, negativeRuns: 50 } },
  evaluate(B, s) {
    const D = s.w.length;
    if (D < 2) return hypothesisViolated('w: depth D ≥ 2');
    const K = ballArith(B);
    const lr2 = K.sqr(K.num(s.lr));
    const c = K.num(s.c);
    const y = K.num(s.y);
    const tr = snRun(B, s, STEPS, undefined, B.num('1e8'));
    const out: Claim[] = [];
    const two = K.int(2);
    for (let t = 0; t + 1 < tr.thetas.length; t++) {
      const w0 = B.unpack(tr.thetas[t]!).map((x) => K.exact(x));
      const w1 = B.unpack(tr.thetas[t + 1]!).map((x) => K.exact(x));
      const a = w0.map((x) => K.sqr(x));
      const b = w1.map((x) => K.sqr(x));
      const e = tr.eps[t]!;
      const e2 = K.mul(lr2, K.sqr(e));
      const Dt = K.exact(tr.delta[t]!);
      // The step's backward error (structural) moves w_i² − w_j² by ≤ 2(|w_i| + |w_j|)Δ + 2Δ².
      const moved = (i: number, j: number) =>
        K.upper(K.add(K.mul(K.mul(two, K.add(K.abs(w1[i]!), K.abs(w1[j]!))), Dt), K.mul(two, K.sqr(Dt))));
      for (let i = 0; i < D; i++) {
        for (let j = i + 1; j < D; j++) {
          const Kij = w0.reduce((p, x, l) => (l === i || l === j ? p : K.mul(p, x)), K.int(1));
          const fac = K.sub(K.int(1), K.mul(c, K.mul(e2, K.sqr(Kij))));
          const lhs = K.widen(K.sub(b[i]!, b[j]!), moved(i, j));
          out.push(claims.eq(B, lhs, K.mul(fac, K.sub(a[i]!, a[j]!)), `imbalance_${i}${j}@${t}`));
        }
      }
      if (D === 2) {
        // φ = √(d² + 4y²) (docs/theorems/eos.md E11, D = 2), in ball arithmetic.
        const phi = (d: Ball<Opaque>) => K.sqrt(K.add(K.sqr(d), K.mul(K.int(4), K.sqr(y))));
        const p0 = phi(K.sub(a[0]!, a[1]!));
        const p1 = phi(K.widen(K.sub(b[0]!, b[1]!), moved(0, 1)));
        // Steps where η|ε_t| vs √2 is not certain are skipped (neither side certain). The ⟸ direction of P2.5 (strict
        // increase) is claimed as ≥ only: d_t = 0 (w₁² = w₂²) gives equality for any η.
        if (B.cmp(K.upper(e2), B.int(2)) < 0) out.push(claims.le(B, p1, p0, `phi_decreases_lr_eps_le_sqrt2@${t}`));
        else if (B.cmp(K.lower(e2), B.int(2)) > 0) out.push(claims.ge(B, p1, p0, `phi_increases_lr_eps_gt_sqrt2@${t}`));
      }
    }
    return {
      claims: out,
      observed: { lr: s.lr, steps: String(tr.thetas.length - 1), result: tr.reason ?? tr.result },
    };
  },
});
