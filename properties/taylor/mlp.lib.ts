/**
 * Instances for the Taylor theorems on bias-free ReLU MLPs (docs/theorems/taylor.md T1, T3): widths [n_0, …, n_L]
 * (L = 2 or 3, vector output n_L ∈ {1, 2}), a batch X (n × n_0), targets Y (n × n_L), layers W_k and a direction
 * Δ_k of the same shapes, all dyadic (2k + 1)/256 in (−1, 1) (exact on every backend; an exact zero of a
 * pre-activation is rare and gives an inconclusive sample, never a guessed mask).
 */
import fc from 'fast-check';
import {
  ballAlgebra,
  JetDomainError,
  type JetBall,
  exactDecimal,
  type Backend,
  type Evidence,
  type Num,
  type Repr,
  type TaylorProblem,
  type V,
} from '../../src/index.js';

export interface MlpStepSpec {
  readonly widths: number[];
  readonly X: Num[][];
  readonly Y: Num[][];
  readonly W: Num[][][];
  readonly D: Num[][][];
}

// odd numerators (2k + 1)/256, drawn without fast-check's bias toward small values: a first-layer pre-activation is
// a sum of n_0 (odd) products odd/2^16, so never 0; deeper exact cancellations are rare (and inconclusive, not guessed)
const entry = fc.noBias(fc.integer({ min: -128, max: 127 })).map((k) => exactDecimal((2 * k + 1) / 256));
const matrix = (r: number, c: number) =>
  fc.array(fc.array(entry, { minLength: c, maxLength: c }), { minLength: r, maxLength: r });

/** MLP step instances (module comment); `zeroBelowLast`: Δ_k = 0 for k < L (last-layer-only updates). */
export function mlpStepArb(zeroBelowLast = false): fc.Arbitrary<MlpStepSpec> {
  return fc
    .record({
      L: fc.integer({ min: 2, max: 3 }),
      n0: fc.constantFrom(1, 3),
      hidden: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 2 }),
      C: fc.integer({ min: 1, max: 2 }),
      n: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ L, n0, hidden, C, n }) => {
      const widths = [n0, ...hidden.slice(0, L - 1), C];
      const layers = widths.slice(1).map((d, k) => matrix(d, widths[k]!));
      const zeros = (r: number, c: number) => Array.from({ length: r }, () => Array<Num>(c).fill('0'));
      const dirs = widths
        .slice(1)
        .map((d, k) => (zeroBelowLast && k < L - 1 ? fc.constant(zeros(d, widths[k]!)) : matrix(d, widths[k]!)));
      return fc.record({
        widths: fc.constant(widths),
        X: matrix(n, n0),
        Y: matrix(n, C),
        W: fc.tuple(...layers),
        D: fc.tuple(...dirs),
      });
    });
}

/** The square-loss problem of an instance on B, with θ and Δ flattened in layer order. */
export function mlpProblem<R extends Repr>(
  B: Backend<R>,
  s: MlpStepSpec,
): { problem: TaylorProblem<R>; theta: V<R>; delta: V<R>; L: number } {
  return {
    problem: { model: 'reluMlp', spec: { widths: s.widths }, loss: 'square', X: B.mat(s.X), Y: B.mat(s.Y) },
    theta: B.vec(s.W.flat(2)),
    delta: B.vec(s.D.flat(2)),
    L: s.widths.length - 1,
  };
}

/** Runs f, turning a JetDomainError (a pre-activation at a kink within its bar) into an inconclusive sample. */
export function orKink(f: () => Evidence): Evidence {
  try {
    return f();
  } catch (e) {
    if (e instanceof JetDomainError) return { claims: [], inconclusive: e.message };
    throw e;
  }
}

/** Backpropagation in matrix-ball arithmetic: layer gradients G_k, deltas δ_k, inputs H_{k−1} (rows = samples). */
export function backprop<R extends Repr>(B: Backend<R>, s: MlpStepSpec) {
  const A = ballAlgebra(B);
  const n = s.X.length;
  const Ws = s.W.map((W) => A.exact(B.mat(W)));
  const H: JetBall<R>[] = [A.exact(B.mat(s.X))];
  const masks: JetBall<R>[] = [];
  const L = Ws.length;
  let Z: JetBall<R> = A.gemm(H[0]!, Ws[0]!, false, true);
  for (let k = 0; k < L - 1; k++) {
    // a pre-activation exactly 0 with radius 0 is fed only by inactive units (identically 0 nearby): mask 0 is exact
    const sg = A.signs(Z, `pre-activation of layer ${k + 1}`, A.exactZeros(Z));
    const M = A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg)));
    masks.push(M);
    H.push(A.hadamard(M, Z));
    Z = A.gemm(H[k + 1]!, Ws[k + 1]!, false, true);
  }
  // square loss, mean over n: δ_L = F − Y, δ_k = (δ_{k+1}W_{k+1}) ⊙ M_k, G_k = (1/n)δ_kᵀH_{k−1}
  const deltas: JetBall<R>[] = new Array<JetBall<R>>(L);
  deltas[L - 1] = A.sub(Z, A.exact(B.mat(s.Y)));
  for (let k = L - 2; k >= 0; k--) deltas[k] = A.hadamard(A.gemm(deltas[k + 1]!, Ws[k + 1]!), masks[k]!);
  const G = deltas.map((d, k) => A.ratio(A.gemm(d, H[k]!, true, false), 1, n));
  return { A, G, deltas, H, F: Z, Ws, n };
}

/**
 * (I3) directly: F_j = Σ_{|S| = j} F_S, where F_S is the forward pass with the masks of θ frozen and W_k replaced by
 * Δ_k for k ∈ S (matrix balls; rows = samples). Then F(θ − ηΔ) = Σ_j (−η)^j F_j on [0, η*).
 */
export function subsetOutputs<R extends Repr>(B: Backend<R>, s: MlpStepSpec): JetBall<R>[] {
  const A = ballAlgebra(B);
  const L = s.W.length;
  const Ws = s.W.map((W) => A.exact(B.mat(W)));
  const Ds = s.D.map((D) => A.exact(B.mat(D)));
  // the masks of θ (certified; exact zeros take mask 0, as in the jets)
  const masks: JetBall<R>[] = [];
  let Z = A.gemm(A.exact(B.mat(s.X)), Ws[0]!, false, true);
  for (let k = 0; k < L - 1; k++) {
    const sg = A.signs(Z, `pre-activation of layer ${k + 1}`, A.exactZeros(Z));
    const M = A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg)));
    masks.push(M);
    Z = A.gemm(A.hadamard(M, Z), Ws[k + 1]!, false, true);
  }
  const F: (JetBall<R> | null)[] = Array.from({ length: L + 1 }, () => null);
  for (let S = 0; S < 1 << L; S++) {
    let H = A.exact(B.mat(s.X));
    for (let k = 0; k < L; k++) {
      const z = A.gemm(H, (S >> k) & 1 ? Ds[k]! : Ws[k]!, false, true);
      H = k + 1 < L ? A.hadamard(masks[k]!, z) : z;
    }
    let j = 0;
    for (let t = S; t > 0; t >>= 1) j += t & 1;
    F[j] = F[j] === null ? H : A.add(F[j]!, H);
  }
  return F.map((x) => x!);
}
