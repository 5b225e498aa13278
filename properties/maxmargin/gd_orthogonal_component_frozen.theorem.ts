/**
 * P_⊥w(t) = P_⊥w(0) for GD on any loss of a linear predictor (docs/theorems/maxmargin.md M2; setting of
 * Soudry et al. 2018, arXiv 1710.10345 eq. (2.2)): ∇L(w) = Σ_n ℓ'(x_nᵀw, y_n)·x_n ∈ span{x_n}, so every GD step
 * leaves the component of w in span{x_n}^⊥ unchanged — for every loss (square, logistic, exponential), every η, every
 * w(0), separable or not.
 *
 * STATUS: theorem (derived), exact. Instances: data x̃_n ∈ R^m embedded as x_n = Q[x̃_n; 0] ∈ R^d (d = m + r, Q an
 * exact rational orthogonal matrix), so span{x_n}^⊥ ⊇ span{q_{m+1}, …, q_d} (the last r columns of Q), exactly.
 *
 * Claim per step k and complement vector q: q̂ᵀŵ_k − q̂ᵀŵ_0 = 0 ± err_k. Error bar: with G the exact GD map,
 * r_s = ŵ_{s+1} − G(ŵ_s) and qᵀG(w) = qᵀw exactly (the theorem), qᵀŵ_k − qᵀŵ_0 = Σ_{s<k} qᵀr_s, so
 * err_k = Σ_{s<k}‖r_s‖ + the two dots' bars (ball arithmetic, with q's entry rounding), where
 * ‖r_s‖ ≤ η‖gradWithError bar‖ + η·2u·Σ_n|ℓ'_n|‖x_n‖ (the data's entry rounding moves x_n off the span by ≤ u‖x_n‖)
 * + 2u(‖ŵ_{s+1}‖ + η‖ĝ_s‖) (the axpy). No amplification: each step's rounding is measured at the computed point.
 * Divergence (η beyond the loss's stability threshold) ends the trajectory; the steps before it are still checked.
 *
 * NEGATIVE CONTROL: one data point pushed off the subspace, x_0 ← x_0 + ε·q_{m+1} (ε ∈ [1/4, 1]), while the claim
 * keeps q_{m+1} as a complement vector: the hypothesis "q ⊥ span{x_n}" is dropped and qᵀw must move.
 */
import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  gd,
  gradWithError,
  linearClassifier,
  logistic,
  exponential,
  square,
  objective,
  run,
  spec,
  type Claim,
  type Num,
} from '../../src/index.js';

const { add, mul, parseNum, toPlainNum } = spec.rational;

export interface FrozenSpec {
  readonly loss: 'square' | 'logistic' | 'exponential';
  /** Data in R^d (rows), exactly inside span of the first m columns of Q. */
  readonly X: Num[][];
  readonly y: Num[];
  /** Complement vectors q (unit, exact), claimed ⊥ every x_n. */
  readonly complement: Num[][];
  readonly lr: Num;
  readonly w0: Num[];
  readonly steps: number;
}

const STEPS = 15;
const entry = spec.dyadic({ min: '-1', max: '1', bits: 3 });

function instance(perturb: boolean): fc.Arbitrary<FrozenSpec> {
  return fc
    .record({ m: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 4 }) })
    .chain(({ m, r, n }) =>
      fc.record({
        m: fc.constant(m),
        Q: spec.orthogonal({ n: { min: m + r, max: m + r }, maxReflections: 2 }),
        Xt: fc.array(fc.array(entry, { minLength: m, maxLength: m }), { minLength: n, maxLength: n }),
        labels: fc.array(fc.constantFrom('1', '-1', '0.5'), { minLength: n, maxLength: n }),
        loss: fc.constantFrom<'square' | 'logistic' | 'exponential'>('square', 'logistic', 'exponential'),
        // "any η": from small to beyond the square loss's 2/σ² (divergence is allowed, the steps before it count)
        lr: spec.dyadic({ min: '0.0625', max: '2', bits: 4, minExcluded: false }),
        w0: fc.array(entry, { minLength: m + r, maxLength: m + r }),
        eps: spec.dyadic({ min: '0.25', max: '1', bits: 2 }),
      }),
    )
    .map(({ m, Q, Xt, labels, loss, lr, w0, eps }) => {
      const d = Q.length;
      const Qq = Q.map((row) => row.map((x) => parseNum(x)));
      const X = Xt.map((xt, i) => {
        const x = Array.from({ length: d }, (_, a) =>
          xt.reduce((s, v, j) => add(s, mul(Qq[a]![j]!, parseNum(v))), parseNum('0')),
        );
        // negative control: push the first point along the first complement column
        return i === 0 && perturb ? x.map((v, a) => add(v, mul(parseNum(eps), Qq[a]![m]!))) : x;
      });
      return {
        loss,
        X: X.map((x) => x.map((x) => toPlainNum(x))),
        y: labels.map((l) => (loss === 'square' ? l : l === '-1' ? '-1' : '1')),
        complement: Array.from({ length: d - m }, (_, j) => Q.map((row) => row[m + j]!)),
        lr,
        w0,
        steps: STEPS,
      };
    });
}

export default defineTheorem<FrozenSpec>({
  id: 'gd_orthogonal_component_frozen',
  title: 'GD on a linear predictor never changes the component of w orthogonal to the data (any loss, any η)',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`w(t+1)=w(t)-\eta\sum_n\ell'(x_n^\top w(t),y_n)\,x_n\implies P_\perp w(t)=P_\perp w(0)\ \ \forall t,\quad P_\perp=\text{projection onto }\operatorname{span}\{x_n\}^\perp`,
  refs: [
    {
      arxiv: '1710.10345',
      where: 'GD on a linear predictor, eq. (2.2) of the ICLR-2018 version (the gradient is Σ_n ℓ′(w⊤x_n)x_n)',
    },
    {
      key: 'docs/theorems/maxmargin.md#m2-the-component-orthogonal-to-the-data-is-frozen',
      where: 'P_⊥w(t) = P_⊥w(0) for every t, η and loss (derived)',
    },
  ],
  hypotheses: instance(false),
  violations: instance(true),
  budget: { ci: { runs: 60, negativeRuns: 20 } },
  evaluate(B, s) {
    const d = s.w0.length;
    const K = ballArith(B);
    const X = B.mat(s.X);
    const y = B.vec(s.y);
    const lossFn = s.loss === 'square' ? square(B) : s.loss === 'logistic' ? logistic(B) : exponential(B);
    const F = objective(B, linearClassifier(B, { d }), lossFn, { X, y }, { reduction: 'sum' });
    const lr = B.num(s.lr);
    const lrB = K.exact(lr); // the step the run used
    const sol = run(F, gd(B, { lr }), B.vec(s.w0), { steps: s.steps, save: { every: 1 } });
    const pts = sol.trajectory;
    const qs = s.complement.map((c) => K.vnum(c)); // the exact q (decimal entries)
    const norms = s.X.map((r) => K.norm2(K.vnum(r)));
    const twoU = K.mul(K.int(2), K.exact(B.eps));
    const q0 = qs.map((qv) => K.dot(qv, K.vexact(pts[0]!.theta)));
    const out: Claim[] = [];
    let acc = K.int(0); // Σ_{s<k} ‖r_s‖
    for (let k = 0; k + 1 < pts.length; k++) {
      const w = pts[k]!.theta;
      const w1 = pts[k + 1]!.theta;
      const g = gradWithError(F, w);
      const d1 = B.unpack(lossFn.d1(F.predict(w), y));
      const offSpan = K.sum(d1.map((l, n) => K.mul(K.abs(K.exact(l)), norms[n]!)));
      // Structural bar (the run's backward error, module comment): ‖r_s‖ ≤ η(‖gradWithError bar‖ + 2u·offSpan) + the
      // axpy.
      const rs = K.add(
        K.mul(lrB, K.add(K.norm2(K.vexact(g.err)), K.mul(twoU, offSpan))),
        K.mul(twoU, K.add(K.norm2(K.vexact(w1)), K.mul(lrB, K.norm2(K.vexact(g.grad))))),
      );
      acc = K.add(acc, rs);
      const moved = K.upper(acc);
      qs.forEach((qv, j) => {
        out.push(claims.eq(B, K.widen(K.dot(qv, K.vexact(w1)), moved), q0[j]!, `frozen_q${j}@${k + 1}`));
      });
    }
    return { claims: out, observed: { loss: s.loss, lr: s.lr, result: sol.result, steps: String(sol.steps) } };
  },
});
