import fc from 'fast-check';
import { claims, defineTheorem, hypothesisViolated, spec, type Claim, type Num } from '../../src/index.js';
import { etaFromGfs, snInitArb, snRun, type SnInstance } from './gfs.lib.js';

/** Instance + the constant c in the claimed factor 1 − c·η²ε²K_ij²: the theorem is c = 1; the negative control c = 1/2. */
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
  .map(({ init, v }) => ({ w: init.w, y: init.y, lr: etaFromGfs(init.w, init.y, v) }));

export default defineTheorem<Spec>({
  id: 'scalar_net_gd_imbalance_factor_is_one_minus_lr2_eps2_kij2',
  title: 'Scalar network Πw_i: GD multiplies every w_i² − w_j² by exactly 1 − η²ε_t²K_ij², K_ij = Π_{l≠i,j} w_l; for D = 2 the GFS sharpness decreases at a step iff η|ε_t| ≤ √2',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`L=\tfrac12(\textstyle\prod_i w_i-y)^2:\ (w_i^2-w_j^2)_{t+1}=\bigl(1-\eta^2\varepsilon_t^2K_{ij}(w_t)^2\bigr)(w_i^2-w_j^2)_t;\quad D=2:\ \varphi(w)=\sqrt{(w_1^2-w_2^2)^2+4y^2},\ \eta|\varepsilon_t|\le\sqrt2\implies\varphi(w_{t+1})\le\varphi(w_t),\ \eta|\varepsilon_t|>\sqrt2\implies\varphi(w_{t+1})\ge\varphi(w_t)`,
  refs: [
    { arxiv: '2305.13064', where: 'setting: scalar networks with the squared loss, GFS sharpness (abstract); the exact recurrence is not read in the paper' },
    { key: 'docs/theorems/eos.md#e12-gd-imbalance-recurrence-for-scalar-networks', where: 'GD imbalance recurrence and the D = 2 criterion η|ε_t| ≤ √2 (derived)' },
    { key: 'docs/theorems/eos.md#e11-gfs-sharpness-in-closed-form', where: 'φ = √((w₁² − w₂²)² + 4y²) for D = 2 (derived)' },
  ],
  hypotheses: base.map((s) => ({ ...s, c: '1' })),
  violations: base.map((s) => ({ ...s, c: '0.5' })),
  budget: { ci: { runs: 80, negativeRuns: 50 } },
  evaluate(B: import('../../src/index.js').AnyBackend, s) { // migration to ball arithmetic pending (issue #19)
    const D = s.w.length;
    if (D < 2) return hypothesisViolated('w: depth D ≥ 2');
    const eta = B.num(s.lr);
    const eta2 = B.mul(eta, eta);
    const c = B.num(s.c);
    const y = B.num(s.y);
    const u = B.eps;
    const tr = snRun(B, s, STEPS, undefined, B.num('1e8'));
    const out: Claim[] = [];
    const sq = (th: unknown) => (B.unpack(th) as unknown[]).map((x) => B.mul(x, x));
    for (let t = 0; t + 1 < tr.thetas.length; t++) {
      const w0 = B.unpack(tr.thetas[t]!) as unknown[];
      const a = sq(tr.thetas[t]!);
      const b = sq(tr.thetas[t + 1]!);
      const w1 = B.unpack(tr.thetas[t + 1]!) as unknown[];
      const e = tr.eps[t]!;
      const e2 = B.mul(eta2, B.mul(e, e));
      const Dt = tr.delta[t]!;
      for (let i = 0; i < D; i++) {
        for (let j = i + 1; j < D; j++) {
          const K = w0.reduce((p, x, l) => (l === i || l === j ? p : B.mul(p, x)), B.one);
          const K2 = B.mul(K, K);
          const fac = B.sub(B.one, B.mul(c, B.mul(e2, K2)));
          const d0 = B.sub(a[i]!, a[j]!);
          const d1 = B.sub(b[i]!, b[j]!);
          const rhs = B.mul(fac, d0);
          // lhs: squares and difference round by 3u(w_i² + w_j²); the step's backward error moves w_i² − w_j² by
          // ≤ 2(|w_i| + |w_j|)Δ + 2Δ². rhs: d₀'s rounding ×|fac|, the factor's sensitivity to ε̂ (2cη²|ε|K²·eEps)
          // and to K's D − 2 products (2cη²ε²K²·Du), 4 roundings; ×2 overall.
          const err = B.mul(B.int(2), [
            B.mul(B.mul(B.int(3), u), B.add(b[i]!, b[j]!)),
            B.add(B.mul(B.mul(B.int(2), B.add(B.abs(w1[i]!), B.abs(w1[j]!))), Dt), B.mul(B.int(2), B.mul(Dt, Dt))),
            B.mul(B.abs(fac), B.mul(B.mul(B.int(3), u), B.add(a[i]!, a[j]!))),
            B.mul(B.abs(d0), B.mul(B.mul(B.int(2), B.mul(c, B.mul(eta2, K2))), B.add(B.mul(B.abs(e), tr.eEps[t]!), B.mul(B.mul(B.int(D), u), B.mul(e, e))))),
            B.mul(B.mul(B.int(4), u), B.abs(rhs)),
          ].reduce((acc, x) => B.add(acc, x), B.zero));
          out.push(claims.eq(B, d1, rhs, err, `imbalance_${i}${j}@${t}`));
        }
      }
      if (D === 2) {
        // φ = √(d² + 4y²) (docs/theorems/eos.md E11, D = 2); its error: |d|/φ·(error of d) + 3uφ, for both ends.
        const phi = (d: unknown) => B.sqrt(B.add(B.mul(d, d), B.mul(B.int(4), B.mul(y, y))));
        const d0 = B.sub(a[0]!, a[1]!);
        const d1 = B.sub(b[0]!, b[1]!);
        const p0 = phi(d0);
        const p1 = phi(d1);
        const ed0 = B.mul(B.mul(B.int(3), u), B.add(a[0]!, a[1]!));
        const ed1 = B.add(B.mul(B.mul(B.int(3), u), B.add(b[0]!, b[1]!)), B.add(B.mul(B.mul(B.int(2), B.add(B.abs(w1[0]!), B.abs(w1[1]!))), Dt), B.mul(B.int(2), B.mul(Dt, Dt))));
        const err = B.mul(B.int(2), B.add(B.add(B.mul(B.div(B.abs(d0), p0), ed0), B.mul(B.div(B.abs(d1), p1), ed1)), B.mul(B.mul(B.int(3), u), B.add(p0, p1))));
        const lo = B.mul(eta2, B.mul(B.sub(B.abs(e), tr.eEps[t]!), B.sub(B.abs(e), tr.eEps[t]!)));
        const hi = B.mul(eta2, B.mul(B.add(B.abs(e), tr.eEps[t]!), B.add(B.abs(e), tr.eEps[t]!)));
        // Steps with η|ε̂_t| within eEps of √2 are skipped (neither side certain). The ⟸ direction of the D = 2 criterion (docs/theorems/eos.md E12) (strict
        // increase) is claimed as ≥ only: d_t = 0 (w₁² = w₂²) gives equality for any η.
        if (B.cmp(hi, B.int(2)) < 0) out.push(claims.le(B, p1, p0, err, `phi_decreases_eta_eps_le_sqrt2@${t}`));
        else if (B.cmp(B.abs(e), tr.eEps[t]!) > 0 && B.cmp(lo, B.int(2)) > 0) out.push(claims.ge(B, p1, p0, err, `phi_increases_eta_eps_gt_sqrt2@${t}`));
      }
    }
    return { claims: out, observed: { eta: s.lr, steps: String(tr.thetas.length - 1), result: tr.reason ?? tr.result } };
  },
});
