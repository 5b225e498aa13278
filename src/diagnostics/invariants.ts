/**
 * `invariants`: the quantities gradient flow conserves (and GD drifts by O(η²)), by the family the model declares
 * (`Model.invariants`, models/types.ts):
 * - scalarFactors, e.g. scalarNet (docs/theorems/eos.md E10): w_i² − w_{i+1}², i = 0 … D−2 (consecutive pairs determine
 * all pairs);
 * - factorPair, e.g. linear2 (docs/theorems/eos.md E2): ‖a‖² − ‖b‖², the matrix C = aaᵀ − bbᵀ (entries and ‖C‖_F) and
 * the imbalance
 *   Q = ‖a + b‖·‖a − b‖ = ‖aaᵀ − bbᵀ‖_*;
 * - layerBalance, e.g. deepLinear (docs/theorems/lowrank.md R2): D_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ, l = 1 … L−1, with
 * entries, ‖D_l‖_F, tr D_l, λ_max(D_l), λ_min(D_l);
 * - neuronBalance, e.g. twoLayer with both layers trained (docs/theorems/lowrank.md R8, Du–Hu–Lee 2018): per-neuron
 * balance ‖u_j‖² + c_j² − v_j². Bars: a difference of two rounded squares/dot products of length n is within
 * γ_{n+2}·(sum of the two magnitudes); gemm entries within γ_n(|P|ᵀ|P| + |Q||Q|ᵀ); eigenvalues add the eigensolver
 * bound + ‖E‖_F (Weyl). All × MARGIN.
 */
import { eigh } from '../linalg/eigh.js';
import type { InvariantFamily, Model } from '../models/types.js';
import type { Objective } from '../objective/objective.js';
import type { Backend, M, Measured, Repr, S, V } from '../numeric/types.js';
import { isDataObjective } from './objectiveBounds.js';
import { blockVec, gamma, ku, mabs, margin, matrixBlocks, normUpper, vabs } from './rounding.js';
import type { DiagnosticContext, DiagnosticValue } from './types.js';

/** The model of F when it declares conserved quantities (`Model.invariants`). */
function invariantModel<R extends Repr>(F: Objective<R>): Model<R> | null {
  return isDataObjective(F) && F.model.invariants !== undefined ? F.model : null;
}

/** True when F's model has conserved quantities listed in the module comment. */
export function hasInvariants<R extends Repr>(F: Objective<R>): boolean {
  return invariantModel(F) !== null;
}

const FAMILIES: readonly InvariantFamily[] = ['scalarFactors', 'factorPair', 'layerBalance', 'neuronBalance'];

const meas = <R extends Repr>(value: S<R>, err: S<R>): Measured<R> => ({ value, err });

/** Entries of a matrix with an entrywise bound as nested Measured arrays. */
function entries<R extends Repr>(B: Backend<R>, A: M<R>, E: M<R>): Measured<R>[][] {
  const out: Measured<R>[][] = [];
  for (let i = 0; i < B.rows(A); i++) {
    const row: Measured<R>[] = [];
    for (let j = 0; j < B.cols(A); j++) row.push(meas(B.mget(A, i, j), B.mget(E, i, j)));
    out.push(row);
  }
  return out;
}

/** ‖A‖_F with bar ‖E‖_F + nrm2 rounding. */
function frob<R extends Repr>(B: Backend<R>, A: M<R>, E: M<R>): Measured<R> {
  const v = B.flatten(A);
  const value = B.nrm2(v);
  return meas(value, B.add(normUpper(B, B.flatten(E)), margin(B, B.mul(ku(B, B.dim(v) + 8), value))));
}

function scalarNetInv<R extends Repr>(B: Backend<R>, theta: V<R>): DiagnosticValue<R> {
  const w = B.unpack(theta);
  const sq = w.map((x) => B.mul(x, x));
  const consecutive: Measured<R>[] = [];
  for (let i = 0; i + 1 < w.length; i++) {
    const value = B.sub(sq[i]!, sq[i + 1]!);
    consecutive.push(meas(value, margin(B, B.mul(ku(B, 2), B.add(B.add(sq[i]!, sq[i + 1]!), B.abs(value))))));
  }
  return { consecutive };
}

function linear2Inv<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>): DiagnosticValue<R> {
  const a = blockVec(B, model, theta, 'a');
  const b = blockVec(B, model, theta, 'b');
  const k = B.dim(a);
  const aa = B.dot(a, a);
  const bb = B.dot(b, b);
  const nd = B.sub(aa, bb);
  const normDiff = meas(nd, margin(B, B.mul(gamma(B, k + 2), B.add(B.add(aa, bb), B.abs(nd)))));
  const Pa = B.ger(a, a);
  const Pb = B.ger(b, b);
  const C = B.reshape(B.vsub(B.flatten(Pa), B.flatten(Pb)), k, k);
  // entry: (a_ia_j(1+δ1) − b_ib_j(1+δ2))(1+δ3): ≤ 2u(|a_ia_j| + |b_ib_j|) to first order.
  const E = B.reshape(B.scal(margin(B, ku(B, 3)), B.vadd(vabs(B, B.flatten(Pa)), vabs(B, B.flatten(Pb)))), k, k);
  const p = B.nrm2(B.vadd(a, b));
  const q = B.nrm2(B.vsub(a, b));
  const Q = B.mul(p, q);
  return {
    normDiff,
    matrix: entries(B, C, E),
    matrixFrobenius: frob(B, C, E),
    imbalanceQ: meas(Q, margin(B, B.mul(ku(B, 2 * k + 22), Q))),
  };
}

function deepLinearInv<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>): DiagnosticValue<R> {
  const Ws = matrixBlocks(B, model, theta);
  const out: Record<string, DiagnosticValue<R>> = {};
  const half = B.num('0.5');
  for (let l = 0; l + 1 < Ws.length; l++) {
    const W = Ws[l]!.W;
    const Wn = Ws[l + 1]!.W;
    const d = B.rows(W);
    const P = B.gemm(Wn, Wn, true, false);
    const Qm = B.gemm(W, W, false, true);
    const Draw = B.flatten(B.reshape(B.vsub(B.flatten(P), B.flatten(Qm)), d, d));
    const D = B.reshape(B.scal(half, B.vadd(Draw, B.flatten(B.transpose(B.reshape(Draw, d, d))))), d, d);
    const g = gamma(B, Math.max(B.rows(Wn), B.cols(W)) + 4);
    const mag = B.vadd(
      B.flatten(B.gemm(mabs(B, Wn), mabs(B, Wn), true, false)),
      B.flatten(B.gemm(mabs(B, W), mabs(B, W), false, true)),
    );
    const E = B.reshape(B.scal(B.add(g, g), B.vadd(mag, vabs(B, B.flatten(D)))), d, d);
    const Ev = B.flatten(E);
    const diag = Array.from({ length: d }, (_, i) => B.mget(D, i, i));
    const diagE = Array.from({ length: d }, (_, i) => B.mget(E, i, i));
    const tr = B.sum(B.pack(diag));
    const trErr = margin(B, B.add(B.sum(B.pack(diagE)), B.mul(gamma(B, d + 1), B.sum(vabs(B, B.pack(diag))))));
    const eig = eigh(B, D);
    const eF = normUpper(B, Ev);
    out[`D${l + 1}`] = {
      entries: entries(B, D, E),
      frobenius: frob(B, D, E),
      trace: meas(tr, trErr),
      lambdaMax: meas(eig.values[0]!, B.add(eig.errors[0]!, eF)),
      lambdaMin: meas(eig.values[d - 1]!, B.add(eig.errors[d - 1]!, eF)),
    };
  }
  return out;
}

function twoLayerInv<R extends Repr>(B: Backend<R>, model: Model<R>, theta: V<R>): DiagnosticValue<R> {
  const ub = model.layout.find((b) => b.name === 'u')!;
  const [m, d] = [ub.shape[0]!, ub.shape[1]!];
  const U = B.reshape(blockVec(B, model, theta, 'u'), m, d);
  const hasC = model.layout.some((b) => b.name === 'c');
  const c = hasC ? B.unpack(blockVec(B, model, theta, 'c')) : null;
  const v = B.unpack(blockVec(B, model, theta, 'v'));
  const g = gamma(B, d + 4);
  const neuronBalance: Measured<R>[] = [];
  for (let j = 0; j < m; j++) {
    const row = B.row(U, j);
    let inc = B.dot(row, row);
    if (c !== null) inc = B.add(inc, B.mul(c[j]!, c[j]!));
    const out = B.mul(v[j]!, v[j]!);
    const value = B.sub(inc, out);
    neuronBalance.push(meas(value, margin(B, B.mul(g, B.add(B.add(inc, out), B.abs(value))))));
  }
  return { neuronBalance };
}

/** invariants: the model's conserved quantities (module comment) with error bars. */
export function invariantsDiagnostic<R extends Repr>(ctx: DiagnosticContext<R>): DiagnosticValue<R> {
  const { F, theta } = ctx;
  const B = F.B;
  const model = invariantModel(F);
  if (model === null) {
    const kind = isDataObjective(F) ? `model ${F.model.kind}` : 'a closed-form objective';
    throw new Error(`invariants: ${kind} declares no conserved quantities (Model.invariants: ${FAMILIES.join(', ')})`);
  }
  switch (model.invariants!) {
    case 'scalarFactors':
      return scalarNetInv(B, blockVec(B, model, theta, 'w'));
    case 'factorPair':
      return linear2Inv(B, model, theta);
    case 'layerBalance':
      return deepLinearInv(B, model, theta);
    case 'neuronBalance':
      return twoLayerInv(B, model, theta);
  }
}
