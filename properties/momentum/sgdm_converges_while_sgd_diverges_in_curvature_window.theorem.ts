import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  pointMass,
  propagate,
  sgdmSystem,
  sgdSystem,
  spec,
  type Num,
} from '../../src/index.js';
import { heavyBallRho, heavyBallShape, oneDim, powerBounds, R } from './momentum.lib.js';

/**
 * Curvature h, β = 1 − 2^{−j}, SGD at the effective learning rate η = `lrEff` and heavy-ball SGDM at `lr`
 * γ = η(1 − β) (derived), noise σ², start x₀.
 */
interface WindowSpec {
  readonly h: Num;
  readonly beta: Num;
  readonly lrEff: Num;
  readonly lr: Num;
  readonly sigma2: Num;
  readonly x0: Num;
  readonly steps: number;
}

/** SGD's second moment is checked after SGD_STEPS steps (|1 − ηh| ≥ 5/4 here, so it has grown by ≥ (5/4)^16 > 35). */
const SGD_STEPS = 8;
const STEPS = 400;

const Q = (x: Num) => R.parseNum(x);
const plain = R.toPlainNum;

/** β = 1 − 2^{−j} (1 − β a power of two, so η = γ/(1 − β) stays a dyadic) and the rest from ηh. */
function build(h: Num, j: number, lrEffH: ReturnType<typeof Q>, sigma2: Num, x0: Num): WindowSpec {
  const oneMinus = R.div(R.ONE, R.fromInt(2 ** j));
  const lrEff = R.div(lrEffH, Q(h));
  return {
    h,
    beta: plain(R.sub(R.ONE, oneMinus)),
    lrEff: plain(lrEff),
    lr: plain(R.mul(lrEff, oneMinus)),
    sigma2,
    x0,
    steps: STEPS,
  };
}

const common = {
  h: fc.constantFrom<Num>('1', '2', '4'),
  j: fc.integer({ min: 1, max: 4 }),
  // little noise (curvature-dominated): with σ² ≤ 1/256 and η ≤ 2, SGD's variance after 8 steps is ≤ 8η²σ² ≤ 1/8, so in
  // the negative control (|1 − ηh| ≤ 3/4) E x_8² ≤ (3/4)^16·x₀² + 1/8 < 2x₀² for x₀ ≥ 1/2
  sigma2: spec.dyadic({ min: '0.000244140625', max: '0.00390625', bits: 12 }),
  x0: spec.dyadic({ min: '0.5', max: '2', bits: 4 }),
};

/** ηh = 2 + u·(2(1 + β)/(1 − β) − 2) = 2 + 4uβ/(1 − β), u ∈ [1/16, 15/16]: strictly inside the window. */
const inside = fc.record({ ...common, u: spec.dyadic({ min: '0.0625', max: '0.9375', bits: 4 }) }).map((s) => {
  const beta = R.sub(R.ONE, R.div(R.ONE, R.fromInt(2 ** s.j)));
  const lrEffH = R.add(R.fromInt(2), R.div(R.mul(R.mul(R.fromInt(4), Q(s.u)), beta), R.sub(R.ONE, beta)));
  return build(s.h, s.j, lrEffH, s.sigma2, s.x0);
});

/**
 * Just below the window (ηh ∈ [7/4, 2 − 1/64]: SGD stable) or just above it
 * (γh ∈ [2(1 + β)(1 + 1/64), 2(1 + β)(1 + 1/32)]: SGDM unstable).
 */
const outside = fc.oneof(
  fc
    .record({ ...common, w: spec.dyadic({ min: '0.015625', max: '0.25', bits: 6 }) })
    .map((s) => build(s.h, s.j, R.sub(R.fromInt(2), Q(s.w)), s.sigma2, s.x0)),
  fc.record({ ...common, w: spec.dyadic({ min: '0.015625', max: '0.03125', bits: 6 }) }).map((s) => {
    const oneMinus = R.div(R.ONE, R.fromInt(2 ** s.j));
    const lrH = R.mul(R.mul(R.fromInt(2), R.sub(R.fromInt(2), oneMinus)), R.add(R.ONE, Q(s.w)));
    return build(s.h, s.j, R.div(lrH, oneMinus), s.sigma2, s.x0);
  }),
);

export default defineTheorem<WindowSpec>({
  id: 'sgdm_converges_while_sgd_diverges_in_curvature_window',
  title:
    'For 2 < ηh < 2(1 + β)/(1 − β), SGD at η diverges (E x_k² grows) while heavy-ball SGDM at γ = η(1 − β) contracts (‖A^K‖ ≤ 1/2)',
  status: 'theorem',
  kind: 'upper',
  claim: String.raw`2<\eta h<\tfrac{2(1+\beta)}{1-\beta} \implies \mathbb E x_8^{2,\mathrm{SGD}}\ge 2x_0^2\ \wedge\ \|A_{\mathrm{HB}}^{K}\|_F\le\tfrac12`,
  refs: [
    {
      key: 'docs/theorems/momentum.md#m4-stability-thresholds-and-the-power-bound',
      where: 'the curvature-dominated window; Schur–Cohn test (derived)',
    },
    {
      arxiv: '2307.15196',
      where: 'eq. (1); the regime where momentum can help (abstract: large learning rates), read',
    },
  ],
  hypotheses: inside,
  // Negative control: just below the window SGD does not grow; just above it SGDM does not contract.
  violations: outside,
  witnesses: [build('1', 1, R.parseNum('3'), '0.00390625', '1')],
  evaluate(B, s) {
    const K = ballArith(B);
    const q = oneDim(B, s.h, s.sigma2);
    // SGD: E x_k² = μ_k² + V_k. Both recursions add or multiply nonnegative terms (μ_k² = a^{2k}x₀²), so the computed
    // value is within 8(k + 1)u of the exact one, relative.
    const sgd = sgdSystem(B, q, B.num(s.lrEff));
    const sg = propagate(B, sgd, pointMass(B, sgd, B.vec([s.x0])), SGD_STEPS).last.moments;
    const m2 = B.add(B.mul(B.at(sg.mean, 0), B.at(sg.mean, 0)), B.mget(sg.cov, 0, 0));
    const m2b = K.of(m2, B.mul(B.mul(B.int(8 * (SGD_STEPS + 1)), B.eps), B.abs(m2)));
    const x0 = K.num(s.x0);
    // SGDM: A^K from the mean recursion (x* = 0, so c = 0) applied to the two basis states.
    const sgdm = sgdmSystem(B, q, B.num(s.lr), B.num(s.beta));
    const col = (v: Num[]) =>
      propagate(B, sgdm, { mean: B.vec(v), cov: B.mzeros(2, 2) }, s.steps, (k) => k === s.steps).last.moments.mean;
    const c0 = col(['1', '0']);
    const c1 = col(['0', '1']);
    const fro = B.sqrt(B.add(B.dot(c0, c0), B.dot(c1, c1)));
    // Bar (M4): each gemv rounds by ≤ 2.01u‖A‖_F‖A^{j−1}v‖ ≤ 2.01u‖A‖_F b_{j−1}, reaching step K multiplied by
    // ≤ b_{K−j}; the two columns' errors add in the Frobenius norm (√2), and the sqrt adds u·‖A^K‖_F.
    const { t, normA } = heavyBallShape(Number(s.lr), Number(s.beta), Number(s.h));
    const bk = powerBounds(normA, Number(s.beta), heavyBallRho(t, Number(s.beta)), s.steps);
    let acc = 0;
    for (let j = 1; j <= s.steps; j++) acc += bk[s.steps - j]! * bk[j - 1]!;
    const u = B.toNumber(B.eps);
    const bar = (Math.SQRT2 * 2.01 * u * normA * acc + 2 * u * B.toNumber(fro)) * 1.01;
    return {
      claims: [
        claims.ge(B, m2b, K.mul(K.int(2), K.sqr(x0)), `sgd_second_moment_grows@${SGD_STEPS}`),
        claims.le(B, K.of(fro, B.fromDouble(bar)), K.num('0.5'), `sgdm_contracts@${s.steps}`),
      ],
      observed: {
        lrEff_h: B.show(B.mul(B.num(s.lrEff), B.num(s.h))),
        lr_h: B.show(B.mul(B.num(s.lr), B.num(s.h))),
        sgd_E_x2: B.show(m2),
        sgdm_norm_A_K: B.show(fro),
      },
    };
  },
});
