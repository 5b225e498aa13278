import fc from 'fast-check';
import {
  ballAlgebra,
  ballArith,
  claims,
  defineTheorem,
  reluMlpJet,
  softRanks,
  spec,
  taylor,
  type Num,
} from '../../src/index.js';
import { reflectionArb } from './softrank.lib.js';

/**
 * Last-layer step on fixed features: X (B × m, one sample's features per row), W (C × m), targets Y with residual
 * rows R = XWᵀ − Y. `isotropic`: R = c·(B rows of an exact orthogonal C × C matrix), so RRᵀ = c²I_B (the
 * idealized case); the negative control draws Y freely.
 */
interface LastLayerSpec {
  readonly X: Num[][];
  readonly W: Num[][];
  readonly Y: Num[][];
  readonly isotropic: boolean;
}

const R = spec.rational;
const entry = spec.dyadic({ min: '-1', max: '1', bits: 6 });
const mat = (r: number, c: number) =>
  fc.array(fc.array(entry, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

function lastLayerArb(isotropic: boolean): fc.Arbitrary<LastLayerSpec> {
  return fc
    .record({ B: fc.integer({ min: 1, max: 3 }), C: fc.constantFrom(2, 4), m: fc.integer({ min: 1, max: 4 }) })
    .filter(({ B, C }) => B <= C)
    .chain(({ B, C, m }) =>
      fc.record({
        X: mat(B, m),
        W: mat(C, m),
        Q: reflectionArb(C),
        c: fc.integer({ min: 1, max: 8 }),
        Yfree: mat(B, C),
      }),
    )
    .map(({ X, W, Q, c, Yfree }) => {
      if (!isotropic) return { X, W, Y: Yfree, isotropic };
      const Xq = X.map((r) => r.map((x) => R.parseNum(x)));
      const Wq = W.map((r) => r.map((x) => R.parseNum(x)));
      const P = R.qmatmul(Xq, R.qtranspose(Wq));
      const scale = R.q(BigInt(c), 8n);
      const Y = P.map((row, i) => row.map((p, j) => R.sub(p, R.mul(scale, Q[i]![j]!))));
      return { X, W, Y: R.qmatToNum(Y), isotropic };
    });
}

export default defineTheorem<LastLayerSpec>({
  id: 'last_layer_eta_dir_is_2_participation_ratio_if_isotropic',
  title:
    'Last layer, square loss, ξ = B/tr K: when the residuals are isotropic (RᵀR = ρI), η_dir = −c_1/c_2 = 2·srank(K) = 2(tr K)²/‖K‖_F²',
  status: 'theorem',
  kind: 'invariant',
  claim: String.raw`R^\top R=\rho I_B,\ \xi_L=\frac{B}{\operatorname{tr}K}\implies \eta_{\rm dir}^{(L)}=\frac{2B\operatorname{tr}(RKR^\top)}{\xi_L\operatorname{tr}(RK^2R^\top)}=\frac{2(\operatorname{tr}K)^2}{\|K\|_F^2}`,
  refs: [
    { arxiv: '2502.13110', where: 'abstract (v2): higher last-layer soft rank; this link is derived, not read' },
    {
      key: 'docs/theorems/taylor.md#t7-the-last-layer-threshold-and-the-participation-ratio',
      where: '(I6) (derived)',
    },
  ],
  hypotheses: lastLayerArb(true),
  // Negative control: residuals not isotropic (Y drawn freely): η_dir differs from 2·srank in general.
  violations: lastLayerArb(false),
  budget: { ci: { runs: 60, negativeRuns: 30 } },
  evaluate(B, s) {
    const K = ballArith(B);
    const A = ballAlgebra(B);
    const n = s.X.length;
    const C = s.W.length;
    const m = s.X[0]!.length;
    const X = B.mat(s.X);
    if (B.isZero(B.nrm2(B.flatten(X)))) return { claims: [], inconclusive: 'features are 0' };
    // the last layer alone: F = XWᵀ (a one-layer "network"), square loss, mean over the batch
    const problem = { model: reluMlpJet([m, C]), loss: 'square', X, Y: B.mat(s.Y) };
    // G = (1/B)Rᵀ X with R = XWᵀ − Y (rows), as balls; ξ = B/tr K = B/‖X‖_F²
    const Rb = A.sub(A.gemm(A.exact(X), A.exact(B.mat(s.W)), false, true), A.exact(B.mat(s.Y)));
    const G = A.ratio(A.gemm(Rb, A.exact(X), true, false), 1, n);
    const trK = K.sqr(K.frobenius(K.mexact(X)));
    const xi = K.div(K.int(n), trK);
    const step = A.scal({ value: B.reshape(B.pack([xi.value]), 1, 1), err: B.reshape(B.pack([xi.err]), 1, 1) }, G);
    const c = taylor(B, problem, B.flatten(B.mat(s.W)), B.flatten(step.value), 2, B.flatten(step.err));
    if (K.containsZero(c[2]!)) return { claims: [], inconclusive: 'c_2 = 0 (zero residual or gradient)' };
    const etaDir = K.div(K.neg(c[1]!), c[2]!);
    const sr = softRanks(B, X).participation; // srank of H equals (tr K)²/‖K‖_F² with K the Gram matrix
    return {
      claims: [claims.eq(B, etaDir, K.mul(K.int(2), { value: sr.value, err: sr.err }), 'eta_dir = 2 srank(K)')],
      observed: { eta_dir: B.show(etaDir.value), srank: B.show(sr.value) },
    };
  },
});
