/**
 * The jet law suite: for every model of `MODELS` × every loss of `LOSSES` (a new entry without a jet fails here), on
 * the model law suite's exact instances (dyadic θ, Δ, X; pre-activations ≠ 0), the Taylor coefficients c_j of
 * F(θ − ηΔ) (taylor.ts) satisfy:
 * 1. containment: each ball at f64/dd/dec:60 overlaps the dec:100 ball (rigorous bars on both sides);
 * 2. c_1 = −⟨∇F, Δ⟩ and c_2 = ½ΔᵀHΔ against the engine's gradient and Hessian with their own bars (errorModel);
 * 3. c_3 against the third central difference of the engine's F at dec:60;
 * 4. square loss: F(θ − ηΔ) is a polynomial of degree ≤ 2·deg (deg = the model's degree in θ): c_j ∋ 0 for j > 2·deg,
 *    and Σ c_j η^j equals the engine's F(θ − ηΔ) (η = 2^-10: pre-activations move by ≤ 14η < 1/64, no mask flips).
 * Every comparison is a ball overlap test: |a − b| ≤ r_a + r_b, with the radii rigorous (no tuned tolerance).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith, type Ball } from '../ball/index.js';
import { gradWithError, hessianWithError, valueWithError } from '../diagnostics/objectiveBounds.js';
import { LOSSES, lossFromId, type LossKind } from '../losses/index.js';
import { MODEL_ENTRIES, MODELS, type ModelCase } from '../models/index.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Num, Repr } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { JET_LOSSES, type JetLoss } from './losses.js';
import { taylor, type TaylorProblem } from './taylor.js';

const REF: AnyBackend = decBackend(100);
const ORDER = 9;

/** Targets for a loss: the case's y for real targets, their signs (0 ↦ +1) for margin losses. */
const targets = (loss: LossKind, y: readonly Num[]): Num[] =>
  LOSSES[loss].targets === 'sign' ? y.map((v) => (v.startsWith('-') ? '-1' : '1')) : [...y];

interface Setup {
  B: AnyBackend;
  problem: TaylorProblem<Repr>;
  theta: unknown;
  delta: unknown;
}

function setup(
  B: AnyBackend,
  kind: string,
  k: ModelCase<unknown>,
  loss: LossKind | JetLoss,
  lossName: LossKind,
): Setup {
  return {
    B,
    problem: { model: kind, spec: k.spec, loss, X: B.mat(k.X), y: B.vec(targets(lossName, k.y)) },
    theta: B.vec(k.theta),
    delta: B.vec(k.u),
  };
}

/** |a − b| ≤ r_a + r_b for balls on possibly different backends (compared on REF, exact conversions). */
function overlap(what: string, a: Ball<Repr>, Ba: AnyBackend, b: Ball<Repr>, Bb: AnyBackend, extra = REF.zero) {
  const R = REF;
  const d = R.abs(R.sub(R.num(Ba.show(a.value)), R.num(Bb.show(b.value))));
  const r = R.add(R.add(R.num(Ba.show(a.err)), R.num(Bb.show(b.err))), extra);
  if (!(R.cmp(d, r) <= 0)) {
    throw new Error(
      `${what}: ${Ba.show(a.value)} ± ${Ba.show(a.err)} [${Ba.id}] vs ${Bb.show(b.value)} ± ${Bb.show(b.err)} [${Bb.id}], |diff| = ${R.show(d)} > ${R.show(r)}`,
    );
  }
}

type Law = (kind: string, k: ModelCase<unknown>, loss: LossKind, B: AnyBackend, jl?: JetLoss) => void;

const containment: Law = (kind, k, loss, B, jl) => {
  const s = setup(B, kind, k, jl ?? loss, loss);
  const r = setup(REF, kind, k, loss, loss);
  const c = taylor(B, s.problem, s.theta, s.delta, ORDER);
  const ref = taylor(REF, r.problem, r.theta, r.delta, ORDER);
  c.forEach((cj, j) => overlap(`c_${j}`, cj, B, ref[j]!, REF));
};

/** The engine's objective on B for the case (model from MODELS, loss from LOSSES). */
function engine(B: AnyBackend, kind: string, k: ModelCase<unknown>, loss: LossKind) {
  return objective(B, MODEL_ENTRIES[kind]!.factory(B, k.spec), lossFromId(B, loss), {
    X: B.mat(k.X),
    y: B.vec(targets(loss, k.y)),
  });
}

const gradientAndHessian: Law = (kind, k, loss, B, jl) => {
  const s = setup(B, kind, k, jl ?? loss, loss);
  const c = taylor(B, s.problem, s.theta, s.delta, 2);
  const F = engine(B, kind, k, loss);
  const K = ballArith(B);
  const dVec = K.vexact(s.delta);
  const g = gradWithError(F, s.theta);
  overlap('c_1 vs −⟨∇F, Δ⟩', c[1]!, B, K.neg(K.dot(K.vof(g.grad, g.err), dVec)), B);
  const h = hessianWithError(F, s.theta);
  const Hd = K.gemv({ value: h.H, err: h.err }, dVec);
  overlap('c_2 vs ½ΔᵀHΔ', c[2]!, B, K.mul(K.num('0.5'), K.dot(dVec, Hd)), B);
};

const H_EXP = 40; // h = 2^-40: θ ± jhΔ are exact at dec:60 (dyadic θ, Δ with ≤ 44 significant digits)

const thirdDifference: Law = (kind, k, loss) => {
  const B: AnyBackend = decBackend(60);
  const s = setup(B, kind, k, loss, loss);
  const c = taylor(B, s.problem, s.theta, s.delta, ORDER);
  const F = engine(B, kind, k, loss);
  const h = B.powi(B.num('0.5'), H_EXP);
  const at = (m: number) => valueWithError(F, B.axpy(B.mul(B.int(-m), h), s.delta, s.theta));
  const [p2, p1, m1, m2] = [at(2), at(1), at(-1), at(-2)];
  // f(η) = Σ c_j η^j ⇒ [f(2h) − 2f(h) + 2f(−h) − f(−2h)]/(12h³) = c_3 + 5c_5h² + 21c_7h⁴ + 85c_9h⁶ + …
  const num = B.sub(B.sub(p2.value, B.mul(B.int(2), p1.value)), B.sub(m2.value, B.mul(B.int(2), m1.value)));
  const h3 = B.mul(B.int(12), B.powi(h, 3));
  const d3 = B.div(num, h3);
  const valueErr = B.div(B.add(B.add(p2.err, m2.err), B.mul(B.int(2), B.add(p1.err, m1.err))), h3);
  const h2 = B.mul(h, h);
  // truncation: the series terms listed (their sum doubled for the tail; |c_{j+2}|h² ≪ |c_j| here)
  const trunc = B.mul(
    B.int(2),
    B.add(
      B.add(B.mul(B.int(5), B.mul(B.abs(c[5]!.value), h2)), B.mul(B.int(21), B.mul(B.abs(c[7]!.value), B.mul(h2, h2)))),
      B.mul(B.int(85), B.mul(B.abs(c[9]!.value), B.powi(h2, 3))),
    ),
  );
  // rounding of the difference quotient itself: ≤ 8 operations on terms ≤ Σ|f|/(12h³)
  const sumF = B.add(B.add(B.abs(p2.value), B.abs(m2.value)), B.mul(B.int(2), B.add(B.abs(p1.value), B.abs(m1.value))));
  const qRound = B.mul(B.mul(B.int(8), B.eps), B.div(sumF, h3));
  overlap('c_3 vs third central difference', c[3]!, B, { value: d3, err: B.add(B.add(valueErr, trunc), qRound) }, B);
};

const polynomial: Law = (kind, k, loss, B) => {
  if (loss !== 'square') return;
  const deg = MODEL_ENTRIES[kind]!.degree(k.spec);
  const s = setup(B, kind, k, loss, loss);
  const order = 2 * deg + 2;
  const c = taylor(B, s.problem, s.theta, s.delta, order);
  const K = ballArith(B);
  for (let j = 2 * deg + 1; j <= order; j++) {
    if (!K.containsZero(c[j]!))
      throw new Error(`c_${j} = ${B.show(c[j]!.value)} ± ${B.show(c[j]!.err)} ∌ 0 (degree ${deg})`);
  }
  const eta = B.powi(B.num('0.5'), 10);
  const terms = c.slice(0, 2 * deg + 1).map((cj, j) => K.mul(cj, K.exact(B.powi(eta, j))));
  const F = engine(B, kind, k, loss);
  const v = valueWithError(F, B.axpy(B.neg(eta), s.delta, s.theta));
  overlap('Σ c_j η^j vs F(θ − ηΔ)', K.sum(terms), B, v, B);
};

const base = fc.readConfigureGlobal().numRuns ?? 100;
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: Math.max(5, Math.floor(base / 10)) },
  { B: ddBackend(), runs: Math.max(4, Math.floor(base / 20)) },
  { B: decBackend(60), runs: Math.max(3, Math.floor(base / 30)) },
];
const LAWS: { name: string; law: Law; onlyRef?: true }[] = [
  { name: 'each ball contains the dec:100 coefficients', law: containment },
  { name: 'c_1 = −⟨∇F, Δ⟩ and c_2 = ½ΔᵀHΔ (engine gradient and Hessian, with bars)', law: gradientAndHessian },
  { name: 'c_3 = third central difference of F (dec:60, h = 2^-40)', law: thirdDifference, onlyRef: true },
  { name: 'square loss: exact polynomial of degree ≤ 2·deg', law: polynomial },
];

for (const [kind, entry] of Object.entries(MODELS)) {
  describe(`jets of model ${kind}`, () => {
    for (const loss of Object.keys(LOSSES) as LossKind[]) {
      for (const { name, law, onlyRef } of LAWS) {
        for (const { B, runs } of onlyRef ? [backends[2]!] : backends) {
          it(`${loss}: ${name} (${B.id})`, () => {
            fc.assert(
              fc.property(entry.cases as unknown as fc.Arbitrary<ModelCase<unknown>>, (k) => law(kind, k, loss, B)),
              { numRuns: runs, seed: 1414 },
            );
          });
        }
      }
    }
  });
}

describe('the jet law suite can fail', () => {
  const k: ModelCase<unknown> = {
    spec: { widths: [2, 2, 1] },
    X: [
      ['1', '0.5'],
      ['-0.25', '1'],
    ],
    theta: ['0.5', '-1', '0.25', '1', '1', '-0.5'],
    u: ['1', '0.5', '0', '-1', '0.25', '1'],
    v: [],
    g: [],
    y: ['1', '-0.5'],
    c: '1',
  };
  it('rejects a square loss jet that drops the ½ (c_1 and c_2 are off by 2×)', () => {
    const broken: JetLoss = (J, f, Y) => {
      const r = J.sub(f, J.constant(Y));
      return J.mul(r, r);
    };
    expect(() => gradientAndHessian('deepLinear', k, 'square', ddBackend(), broken)).toThrow(/c_1 vs/);
    expect(() => containment('deepLinear', k, 'square', ddBackend(), broken)).toThrow(/c_0/);
  });
  it('rejects a logistic jet with the margin sign flipped (softplus(y·f): c_1 changes sign)', () => {
    const broken: JetLoss = (J, f, Y) => J.softplus(J.mul(J.constant(Y), f));
    const kl = { ...k, y: ['1', '-1'] };
    expect(() => gradientAndHessian('deepLinear', kl, 'logistic', ddBackend(), broken)).toThrow(/c_1 vs/);
  });
  it('every registered loss has a jet (JET_LOSSES mirrors LOSSES)', () => {
    expect(Object.keys(JET_LOSSES).sort()).toEqual(Object.keys(LOSSES).sort());
  });
});
