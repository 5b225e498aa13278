/**
 * The synthetic task and runs of the training phenomenon (docs/theorems/taylor.md T11): a teacher ReLU net labels
 * n_s random inputs; students are `reluMlp`s with the width pattern n_k = ⌈n·k^r⌉, edge-of-chaos initialization
 * W_k ~ N(0, 2/n_{k−1}), trained by the normalized depthwise scaling of `depthwiseGd` (here in ball arithmetic).
 * Every number is made in doubles from a seed and rounded to a multiple of 2⁻¹² (exact decimal strings: the same
 * instance on every backend).
 */
import {
  ballAlgebra,
  ballArith,
  JetDomainError,
  jetOps,
  lossOfParams,
  f64Backend,
  gaussians,
  mlpWidths,
  objective,
  reluMlp,
  rngFromSeed,
  square,
  type Backend,
  type Ball,
  type JetBall,
  type M,
  type Num,
  type Opaque,
} from '../../src/index.js';

/** A vector of the f64 backend. */
type V64 = ReturnType<ReturnType<typeof f64Backend>['vec']>;

export interface EosTask {
  readonly seed: number;
  /** Input width n_0, output width C, samples n_s, depth L, base width n. */
  readonly d0: number;
  readonly C: number;
  readonly samples: number;
  readonly depth: number;
  readonly n: number;
}

const grid = 4096;
const exact = (x: number): Num => String(Math.round(x * grid) / grid);

/** n standard normals from a seeded stream (doubles). */
function normals(seed: number, n: number): number[] {
  const F = f64Backend();
  return F.unpack(gaussians(F, rngFromSeed(seed), n).value).map((x) => F.toNumber(x));
}

/** Edge-of-chaos layers for widths w: W_k entries N(0, 2/n_{k−1}), rounded to 2⁻¹². */
function initLayers(seed: number, w: readonly number[]): Num[] {
  const out: Num[] = [];
  w.slice(1).forEach((d, k) => {
    const z = normals(seed * 101 + k + 1, d * w[k]!);
    out.push(...z.map((x) => exact(x * Math.sqrt(2 / w[k]!))));
  });
  return out;
}

/** Inputs X (n_s × d0, N(0, 1)) and the teacher's targets (a 2-layer ReLU net of width 8, scaled to unit size). */
export function eosData(t: EosTask): { X: Num[][]; Y: Num[][] } {
  const xs = normals(t.seed * 7 + 3, t.samples * t.d0).map((x) => Number(exact(x)));
  const X = Array.from({ length: t.samples }, (_, i) => xs.slice(i * t.d0, (i + 1) * t.d0));
  const u = normals(t.seed * 7 + 4, 8 * t.d0);
  const v = normals(t.seed * 7 + 5, t.C * 8);
  const Y = X.map((x) =>
    Array.from({ length: t.C }, (_, c) => {
      let f = 0;
      for (let j = 0; j < 8; j++) {
        let z = 0;
        for (let i = 0; i < t.d0; i++) z += u[j * t.d0 + i]! * x[i]!;
        f += v[c * 8 + j]! * Math.max(z, 0);
      }
      return exact(f / Math.sqrt(8 * t.d0));
    }),
  );
  return { X: X.map((r) => r.map(exact)), Y };
}

export interface EosRun {
  readonly widths: number[];
  readonly X: M<Opaque>;
  readonly Y: M<Opaque>;
  /** Saved points: step k, the layers W_k as matrix balls (the exact iterate lies in them), the loss ball. */
  readonly points: { k: number; W: JetBall<Opaque>[]; loss: Ball<Opaque> }[];
}

/**
 * Trains the student of pattern r for `steps` steps of normalized depthwise GD at lr, in matrix-ball arithmetic: every
 * saved W_k encloses the exact iterate of the exact recurrence (T11), so every precision describes the same
 * trajectory (beyond the edge of stability the iteration amplifies rounding, and unenclosed iterates of two precisions
 * part). Square loss, mean over the n_s samples: Δ_L = F − Y, Δ_{k−1} = (Δ_kW_k) ⊙ M_{k−1}, and the step is
 * W_k ← W_k − η·Δ_kᵀH_{k−1}/(‖Δ_k‖_F‖H_{k−1}‖_F) (ξ_k = n_s/(‖D_k‖‖H_{k−1}‖) times G_k = Δ_kᵀH_{k−1}/n_s). A mask
 * needs a certified sign (else JetDomainError: the run cannot be enclosed there), except a pre-activation exactly 0
 * with no radius, fed only by exactly-0 (inactive) units, which is 0 for the exact iterate too and takes mask 0 (the
 * relu'(0) = 0 convention of the engine); a layer with ‖Δ_k‖‖H_{k−1}‖ = 0 does not move.
 */
export function eosRun(B: Backend<Opaque>, t: EosTask, r: 0 | 1 | 2, lr: Num, steps: number, every: number): EosRun {
  const A = ballAlgebra(B);
  const K = ballArith(B);
  const widths = mlpWidths({ input: t.d0, n: t.n, r, depth: t.depth, output: t.C });
  const data = eosData(t);
  const X = B.mat(data.X);
  const Y = B.mat(data.Y);
  const n = data.X.length;
  const L = widths.length - 1;
  const flat = initLayers(t.seed, widths);
  let o = 0;
  let W: JetBall<Opaque>[] = widths.slice(1).map((d, k) => {
    const m = A.exact(B.reshape(B.vec(flat.slice(o, o + d * widths[k]!)), d, widths[k]!));
    o += d * widths[k]!;
    return m;
  });
  const eta = K.num(lr);
  const points: EosRun['points'] = [];
  for (let step = 0; step <= steps; step++) {
    const H: JetBall<Opaque>[] = [A.exact(X)];
    const masks: JetBall<Opaque>[] = [];
    let Z = A.gemm(H[0]!, W[0]!, false, true);
    for (let k = 0; k + 1 < L; k++) {
      const sg = A.signs(Z, `pre-activation of layer ${k + 1} at step ${step}`, A.exactZeros(Z));
      const M = A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg)));
      masks.push(M);
      H.push(A.hadamard(M, Z));
      Z = A.gemm(H[k + 1]!, W[k + 1]!, false, true);
    }
    const R = A.sub(Z, A.exact(Y));
    if (step % every === 0 || step === steps) {
      const loss = A.scalar(A.ratio(A.total(A.hadamard(R, R)), 1, 2 * n));
      points.push({ k: step, W, loss });
    }
    if (step === steps) break;
    const D: JetBall<Opaque>[] = new Array<JetBall<Opaque>>(L);
    D[L - 1] = R;
    for (let k = L - 2; k >= 0; k--) D[k] = A.hadamard(masks[k]!, A.gemm(D[k + 1]!, W[k + 1]!));
    W = W.map((Wk, k) => {
      const den = K.mul(K.frobenius(D[k]!), K.frobenius(H[k]!));
      // a dead layer (Δ_k or H_{k−1} exactly 0: the midpoint 0, the radius only the underflow allowance) stays put
      if (B.isZero(den.value)) return Wk;
      if (K.containsZero(den)) throw new JetDomainError(`‖Δ_${k + 1}‖‖H_${k}‖ at step ${step} is not certified > 0`);
      const c = K.div(eta, den);
      const cb = { value: B.reshape(B.pack([c.value]), 1, 1), err: B.reshape(B.pack([c.err]), 1, 1) };
      return A.sub(Wk, A.scal(cb, A.gemm(D[k]!, H[k]!, true, false)));
    });
  }
  return { widths, X, Y, points };
}

/** The last hidden layer's features H_{L−1} (samples × n_{L−1}) at the layers W, as a matrix ball. */
function lastFeatures(B: Backend<Opaque>, X: M<Opaque>, W: readonly JetBall<Opaque>[]): JetBall<Opaque> {
  const A = ballAlgebra(B);
  let H = A.exact(X);
  for (let k = 0; k + 1 < W.length; k++) {
    const Z = A.gemm(H, W[k]!, false, true);
    const sg = A.signs(Z, `pre-activation of layer ${k + 1}`, A.exactZeros(Z));
    H = A.hadamard(A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg))), Z);
  }
  return H;
}

/**
 * The participation ratio srank(H) = ‖H‖_F⁴/‖HᵀH‖_F² (T4) of the last hidden features at W, in ball arithmetic (so it
 * encloses the value at the exact iterate); 0 when every feature is exactly 0 (a dead layer: rank 0).
 */
export function lastFeatureSoftRank(B: Backend<Opaque>, run: EosRun, W: readonly JetBall<Opaque>[]): Ball<Opaque> {
  const A = ballAlgebra(B);
  const K = ballArith(B);
  const H = lastFeatures(B, run.X, W);
  // every midpoint exactly 0 (radii only the underflow allowance): features of exactly-0 units
  if (B.unpack(B.flatten(H.value)).every((x) => B.isZero(x))) return K.int(0);
  const f2 = K.sqr(K.frobenius(H));
  const g = K.frobenius(A.gemm(H, H, true, false));
  if (K.containsZero(g)) throw new JetDomainError('the last features are not certified nonzero');
  return K.div(K.sqr(f2), K.sqr(g));
}

/**
 * A certified lower bound on the effective sharpness λ_max(P^{1/2}∇²F P^{1/2}) at the exact iterate, P = diag(ξ_k on
 * block k) its step's scales (T11): for any v supported on block k, vᵀP^{1/2}HP^{1/2}v = ξ_k·vᵀH_kkv ≤ λ_max‖v‖², so
 * ξ_k·vᵀHv/‖v‖² is a lower bound whatever v is. v is the block's top eigenvector estimate (power iteration on
 * H_kk + ρI at the midpoint, plain Hessian-vector products); vᵀHv = 2c_2 of the jet of F(W − tv) with W the ball
 * iterate (src/jet: masks frozen, as in the a.e. Hessian). The best block wins.
 */
export function effectiveSharpnessLower(B: Backend<Opaque>, run: EosRun, W: readonly JetBall<Opaque>[]): Ball<Opaque> {
  const A = ballAlgebra(B);
  const K = ballArith(B);
  const widths = run.widths;
  // v only has to be some vector (any v gives a lower bound): the power iteration runs in doubles, at the midpoint
  const F64 = f64Backend();
  const toF64 = (m: M<Opaque>) => F64.mat(B.mshow(m));
  const mid = F64.concat(W.map((w) => F64.flatten(toF64(w.value))));
  const F = objective(F64, reluMlp(F64, { widths }), square(F64), {
    X: toF64(run.X),
    y: F64.flatten(toF64(run.Y)),
  });
  // ξ_k at the ball iterate: n/(‖D_k‖‖H_{k−1}‖) = 1/(w‖D_k‖‖H_{k−1}‖), D from the output weights F − Y
  const H: JetBall<Opaque>[] = [A.exact(run.X)];
  const masks: JetBall<Opaque>[] = [];
  let Z = A.gemm(H[0]!, W[0]!, false, true);
  for (let k = 0; k + 1 < W.length; k++) {
    const sg = A.signs(Z, `pre-activation of layer ${k + 1}`, A.exactZeros(Z));
    masks.push(A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg))));
    H.push(A.hadamard(masks[k]!, Z));
    Z = A.gemm(H[k + 1]!, W[k + 1]!, false, true);
  }
  let D = A.sub(Z, A.exact(run.Y));
  const xi: Ball<Opaque>[] = new Array<Ball<Opaque>>(W.length);
  for (let k = W.length - 1; k >= 0; k--) {
    xi[k] = K.div(K.int(B.rows(run.X)), K.mul(K.frobenius(D), K.frobenius(H[k]!)));
    if (k > 0) D = A.hadamard(masks[k - 1]!, A.gemm(D, W[k]!));
  }
  const problem = { model: 'reluMlp', spec: { widths }, loss: 'square', X: run.X, Y: run.Y };
  let best: Ball<Opaque> | null = null;
  let o = 0;
  W.forEach((Wk, k) => {
    const n = B.rows(Wk.value) * B.cols(Wk.value);
    const D64 = F64;
    const embed = (x: V64) => D64.concat([D64.zeros(o), x, D64.zeros(F.dim - o - n)]);
    const Hkk = (x: V64) => D64.slice(F.hvp(mid, embed(x)), o, o + n);
    let u = D64.fill(n, D64.one);
    const rho = 2 * (D64.toNumber(D64.nrm2(Hkk(u))) / D64.toNumber(D64.nrm2(u)));
    for (let i = 0; i < 30; i++) {
      const w = D64.axpy(D64.fromDouble(rho), u, Hkk(u));
      const nw = D64.toNumber(D64.nrm2(w));
      if (!(nw > 0 && Number.isFinite(nw))) break;
      u = D64.scal(D64.fromDouble(1 / nw), w);
    }
    const v = B.vec(D64.vshow(u)); // exact: a double prints exactly
    const J = jetOps(A, 2);
    const params = W.map((Wj, j) =>
      j === k ? J.line(Wj, A.neg(A.exact(B.reshape(v, B.rows(Wj.value), B.cols(Wj.value))))) : J.constant(Wj),
    );
    const c2 = lossOfParams(J, problem, params).c[2];
    const vHv = c2 === null || c2 === undefined ? K.int(0) : K.mul(K.int(2), A.scalar(c2));
    const cand = K.div(K.mul(vHv, xi[k]!), K.dot(K.vexact(v), K.vexact(v)));
    if (best === null || B.cmp(K.lower(cand), K.lower(best)) > 0) best = cand;
    o += n;
  });
  return best!;
}
