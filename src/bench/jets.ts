/**
 * Benchmark cells for the Taylor-jet issue (item 3, "Performance"): a 3-layer bias-free ReLU MLP of widths
 * (8, 32, 72, 4), batch 16, mean square loss, deterministic dyadic data and weights (exact on every backend).
 *
 * - `jet6-mlp-8-32-72-4`: c_0 … c_6 of L(θ − ηΔ), Δ = ∇L(θ) (computed once, outside the timing, and then taken as
 *   the exact direction), in ball arithmetic (`taylor`, rigorous bars).
 * - `grad-mlp-8-32-72-4`: one plain backpropagation of the same loss (the reference cost; no bars).
 *
 * `final` carries checkable values: c_1 (and its bar) for the jet, ‖∇L‖² for the gradient; since Δ = ∇L,
 * c_1 = −⟨∇L, Δ⟩ = −‖∇L‖² up to the gradient's rounding (jets.test.ts checks it with bars on a small instance).
 */
import type { AnyBackend, Backend, Num, Repr, V } from '../numeric/types.js';
import { dyadicDecimal } from '../numeric/exact.js';
import type { JetAlgebra } from '../jet/algebra.js';
import { plainAlgebra } from '../jet/algebra.js';
import { reluMlpJet } from '../jet/models.js';
import { taylor, type TaylorProblem } from '../jet/taylor.js';
import { minstd } from './workloads.js';

/** One benchmark cell (same shape as ExtraCell in ./extra.ts). */
export interface JetBenchCell {
  run: () => Record<string, string>;
  units: number;
  unitName: string;
}

export const JET_BENCH_WIDTHS: readonly number[] = [8, 32, 72, 4];
export const JET_BENCH_BATCH = 16;
export const JET_BENCH_ORDER = 6;

/** An MLP instance: X (n × n_0) and Y (n × n_L) in [−1, 1), layers W_k (n_k × n_{k−1}) in [−1/2, 1/2), dyadic. */
export interface MlpInstance {
  readonly widths: readonly number[];
  readonly X: Num[][];
  readonly Y: Num[][];
  readonly W: Num[][][];
}

/** Seeded dyadic instance (minstd draws u/2^k: exact decimals, exact in doubles). */
export function mlpInstance(widths: readonly number[], n: number, seed = 20250214): MlpInstance {
  const count =
    n * (widths[0]! + widths[widths.length - 1]!) + widths.slice(1).reduce((s, d, k) => s + d * widths[k]!, 0);
  const u = minstd(seed, count);
  let o = 0;
  const mat = (r: number, c: number, k: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => dyadicDecimal(BigInt(u[o++]!), k)));
  const X = mat(n, widths[0]!, 11);
  const Y = mat(n, widths[widths.length - 1]!, 11);
  const W = widths.slice(1).map((d, k) => mat(d, widths[k]!, 12));
  return { widths, X, Y, W };
}

/**
 * Backpropagation of the mean square loss L = (1/n)Σ_i ½‖F(x_i) − y_i‖² over a jet algebra (plain or ball):
 * δ_L = F − Y, δ_k = (δ_{k+1}W_{k+1}) ⊙ 1[Z_k > 0], G_k = (1/n)δ_kᵀH_{k−1}. Masks are certified signs (a kink
 * throws a JetDomainError).
 */
export function mlpGradient<R extends Repr, T>(A: JetAlgebra<R, T>, s: MlpInstance): T[] {
  const B = A.B;
  const n = s.X.length;
  const Ws = s.W.map((W) => A.exact(B.mat(W)));
  const H: T[] = [A.exact(B.mat(s.X))];
  const masks: T[] = [];
  const L = Ws.length;
  let Z = A.gemm(H[0]!, Ws[0]!, false, true);
  for (let k = 0; k < L - 1; k++) {
    const sg = A.signs(Z, `pre-activation of layer ${k + 1}`);
    // mask = (sign + 1)/2 ∈ {0, 1}, exact
    const M = A.exact(B.reshape(B.scal(B.num('0.5'), B.vshift(B.flatten(sg), B.one)), B.rows(sg), B.cols(sg)));
    masks.push(M);
    H.push(A.hadamard(M, Z));
    Z = A.gemm(H[k + 1]!, Ws[k + 1]!, false, true);
  }
  const deltas: T[] = new Array<T>(L);
  deltas[L - 1] = A.sub(Z, A.exact(B.mat(s.Y)));
  for (let k = L - 2; k >= 0; k--) deltas[k] = A.hadamard(A.gemm(deltas[k + 1]!, Ws[k + 1]!), masks[k]!);
  return deltas.map((d, k) => A.ratio(A.gemm(d, H[k]!, true, false), 1, n));
}

/** ‖G‖² = Σ_k ‖G_k‖²_F as a 1×1 coefficient. */
export function gradNormSq<R extends Repr, T>(A: JetAlgebra<R, T>, G: readonly T[]): T {
  return G.map((g) => A.total(A.hadamard(g, g))).reduce((s, x) => A.add(s, x));
}

/** The Taylor problem of an instance, θ (layers flattened in order) and the flat midpoints of a gradient. */
export function mlpTaylorSetup<R extends Repr, T>(
  B: Backend<R>,
  A: JetAlgebra<R, T>,
  s: MlpInstance,
  G: readonly T[],
): { problem: TaylorProblem<R>; theta: V<R>; delta: V<R> } {
  return {
    problem: { model: reluMlpJet(s.widths), loss: 'square', X: B.mat(s.X), Y: B.mat(s.Y) },
    theta: B.vec(s.W.flat(2)),
    delta: B.concat(G.map((g) => B.flatten(A.mid(g)))),
  };
}

/** Order-6 jet of L(θ − η∇L(θ)) with bars (module comment). */
export function jetMlpCell(B: AnyBackend, widths = JET_BENCH_WIDTHS, n = JET_BENCH_BATCH): JetBenchCell {
  const s = mlpInstance(widths, n);
  const P = plainAlgebra(B);
  const { problem, theta, delta } = mlpTaylorSetup(B, P, s, mlpGradient(P, s));
  return {
    run: () => {
      const c = taylor(B, problem, theta, delta, JET_BENCH_ORDER);
      return {
        c0: B.show(c[0]!.value),
        c1: B.show(c[1]!.value),
        c1_err: B.show(c[1]!.err),
        c6: B.show(c[JET_BENCH_ORDER]!.value),
        c6_err: B.show(c[JET_BENCH_ORDER]!.err),
      };
    },
    units: 1,
    unitName: 'series_per_s',
  };
}

/** One plain gradient of the same loss (the reference cost). */
export function gradMlpCell(B: AnyBackend, widths = JET_BENCH_WIDTHS, n = JET_BENCH_BATCH): JetBenchCell {
  const s = mlpInstance(widths, n);
  const P = plainAlgebra(B);
  return {
    run: () => ({ grad_norm_sq: B.show(B.mget(gradNormSq(P, mlpGradient(P, s)), 0, 0)) }),
    units: 1,
    unitName: 'grads_per_s',
  };
}

/** Entries for the extraWorkloads registry (src/bench/extra.ts). */
export const jetWorkloads: Record<string, (B: AnyBackend) => JetBenchCell> = {
  'jet6-mlp-8-32-72-4': (B) => jetMlpCell(B),
  'grad-mlp-8-32-72-4': (B) => gradMlpCell(B),
};
