/**
 * Benchmark cells for the mirror-descent issue (section 4, "Performance"): univariate shallow ReLU networks in the
 * lazy setting (src/models/shallow.ts), features w = ±1, b ~ Unif[−3/4, 3/4] (`shallowInit`, seed 1), output weights
 * from 0, five points x = −1, −1/2, 0, 1/2, 1 with labels |x|/2, square loss (sum), potential φ(x) = x² + |x|³ (one
 * of the two non-quadratic potentials of Liang & Montúfar, arXiv 2410.03988; its (φ′)⁻¹ needs one square root).
 * c = 3/4 against points in [−1, 1] keeps λ_max/λ_min(ΨΨᵀ) near 400 (c = 2 gives about 3000): the step count of
 * mirror descent grows with it.
 *
 * - `md-linearized-w1e4` (and `md-linearized-w1e5`, f64 only: the width ladder's top rung): mirror descent on the
 *   linearized model (θ = a) with η ≈ (15/8)·φ″_min/λ_max(ΨΨᵀ) (`mirrorStep` derives why the residual contracts),
 *   run until ‖Ψa − y‖_∞ ≤ tol = 2^−40 ≈ 9.1e−13 (on every backend: equal step counts, so the rows compare the
 *   cost of a step; at dd the iterate is as close to the oracle as the tolerance allows) or a step cap. `final`: the
 *   steps taken, the residual, and the distance max_j |a_j − w*_j| to the Bregman oracle w* = argmin_{Ψa = y} D_Φ(a, 0)
 *   (Gunasekar et al. 2018: the limit of mirror descent), with the oracle's certified radius as its bar. The oracle is
 *   certified once per cell, outside the timed run.
 * - `md-linearized-ladder-1e5` (f64): the same run at widths 10², 10³, 10⁴, 10⁵ in one row (the target: the
 *   width ladder to 10⁵ fits the `nightly` profile), with each width's steps, wall and CPU time, and its distance to
 *   the certified oracle. At 10³ and 10⁵, 1/√n has no finite decimal expansion, so the oracle is certified for the
 *   run's own Ψ (`OracleData` "exactOrRun"; `oracle_data` names which).
 * - `mf-shallow-w1024`: mirror flow d/dt ∇Φ(θ − θ₀) = −∇L(θ) on the full network θ = [w; b; a] (all trained), with
 *   Φ = Σ φ(θ_k − θ_k(0)) as in the paper's Theorem 2 (unscaled potential, centred at the initialization: Theorem 2
 *   is about mirror flow on all parameters, which the linearized cells do not exercise), from t = 0
 *   to t = 1, with the flow's default solver and PI controller. `final`: the loss at 0 and at t1, the laziness
 *   √n·max|θ(t1) − θ₀|, the accepted/rejected steps and the controller's summed local error estimate.
 */
import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import { mirrorDescent } from '../dynamics/mirrorDescent.js';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { shallowInit, shallowLinearized, shallowNet } from '../models/shallow.js';
import type { AnyBackend, Backend, Num, Repr, V } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { bregmanProjection } from '../potentials/bregman.js';
import { mirrorFlow } from '../potentials/mirrorFlow.js';
import { makePotential } from '../potentials/registry.js';
import type { MirrorPotential } from '../potentials/types.js';

/** One benchmark cell (same shape as ExtraCell in ./extra.ts). */
export interface MirrorBenchCell {
  run: () => Record<string, string>;
  units: number;
  unitName: string;
}

/** The fixed instance: points, labels (k/8), bias half-width c, feature seed. */
export const MIRROR_X: readonly Num[] = ['-1', '-0.5', '0', '0.5', '1'];
export const MIRROR_Y: readonly Num[] = ['0.5', '0.25', '0', '0.25', '0.5'];
export const MIRROR_C = '0.75';
export const MIRROR_SEED = 1;
export const MIRROR_POTENTIAL = { name: 'squaredPlusCubic' } as const;

/** Stopping tolerance of the residual ‖Ψa − y‖_∞: 2^−40 on every backend (module comment). */
export const mdToleranceExponent = (_B: AnyBackend): number => 40;
const D100 = Decimal.clone({ precision: 100 });
const tolNum = (B: AnyBackend) => B.num(new D100(2).pow(-mdToleranceExponent(B)).toFixed());

/**
 * Ψ_ik = σ(w_k x_i − b_k)/√n as exact decimals when √n = 2^p·5^q (1/√n a terminating decimal), else null: the
 * oracle's data must be exact.
 */
export function exactFeatures(width: number, w: readonly Num[], b: readonly Num[], x: readonly Num[]): Num[][] | null {
  const root = Math.round(Math.sqrt(width));
  if (root * root !== width) return null;
  let r = root;
  while (r % 2 === 0) r /= 2;
  while (r % 5 === 0) r /= 5;
  if (r !== 1) return null;
  // inputs are short decimals (x: ≤ 2 digits, b: ≤ 27 significant digits): 80 digits keep every step exact
  const D = Decimal.clone({ precision: 80 });
  return x.map((xi) =>
    w.map((wk, k) => {
      const z = new D(wk).times(xi).minus(b[k]!);
      return (z.isNegative() ? new D(0) : z).div(root).toFixed();
    }),
  );
}

/**
 * ρ(|G|) ≤ max_i (|G|v)_i/v_i for every v > 0 (Collatz–Wielandt: diag(v)⁻¹|G|diag(v) has the same spectrum and its
 * row sums are these ratios), and λ_max(G) ≤ ρ(|G|) for symmetric G. v from power iteration on |G| started at 1
 * (stays positive) makes the bound close to λ_max when G ≥ 0, as the Gram matrix of ReLU/|·| features is.
 */
export function topEigenvalueBound(G: readonly (readonly number[])[]): number {
  const A = G.map((r) => r.map(Math.abs));
  const times = (v: readonly number[]) => A.map((r) => r.reduce((s, a, j) => s + a * v[j]!, 0));
  let v = A.map(() => 1);
  for (let k = 0; k < 1000; k++) {
    const w = times(v);
    const top = Math.max(...w);
    if (!(top > 0)) return 0;
    // a floor keeps v > 0 (a reducible |G| could send entries to 0); any positive v gives a valid bound
    v = w.map((x) => Math.max(x / top, 1e-12));
  }
  const w = times(v);
  return Math.max(...w.map((x, i) => x / v[i]!));
}

/** φ″ ≥ MU_PHI everywhere for x² + |x|³ (φ″ = 2 + 6|x|). */
const MU_PHI = 2;

/**
 * The step: the largest η = m·2^−e with m < 2⁸ (exact on every backend) and η ≤ (15/8)·μ/λ̄, μ = min φ″, λ̄ ≥
 * λ_max(ΨΨᵀ) from `topEigenvalueBound`. Why it converges: with r_k = Ψθ_k − y and θ = (∇Φ)⁻¹(z) (its derivative
 * diag(1/φ″) ≼ I/μ), r_{k+1} = (I − ηΨD_kΨᵀ)r_k with D_k = diag(1/φ″(ξ_j)) from the mean value theorem, so the
 * spectrum of ηΨD_kΨᵀ lies in (0, ηλ_max/μ] ⊂ (0, 15/8] and ‖r_{k+1}‖₂ < ‖r_k‖₂ (the top mode shrinks by ≥ 7/8, the
 * bottom one by 1 − ηλ_min/φ″_max). The old rule η ≤ μ/‖Ψ‖_F² (a power of two) took 4× as many steps here. λ̄ is
 * computed in doubles from the doubles of Ψ (relative error ≲ n·2^−53 ≤ 10^−10 against the 1/16 left below 2).
 */
export function mirrorStep(psiDoubles: readonly (readonly number[])[], mu: number): Num {
  const G = psiDoubles.map((r) => psiDoubles.map((s) => r.reduce((t, v, k) => t + v * s[k]!, 0)));
  const target = (15 / 8) * (mu / topEigenvalueBound(G));
  const e = 7 - Math.floor(Math.log2(target)); // target·2^e ∈ [2⁷, 2⁸)
  const m = Math.floor(target * 2 ** e);
  return new D100(m).div(new D100(2).pow(e)).toFixed();
}

/**
 * Which data the oracle is certified for: `exact` the features σ(w x − b)/√n as exact decimals (none when 1/√n has no
 * finite decimal expansion), `exactOrRun` those else the run's own Ψ as the backend prints it (for f64 the shortest
 * decimal that reads back as the same double: the oracle of the data the run used, within half an ulp of the exact
 * features entrywise, as the exact-data oracle is of the run's Ψ), `none` no oracle.
 */
export type OracleData = 'exact' | 'exactOrRun' | 'none';

/** The linearized instance at one width: Ψ, the objective, the stepper, and the certified oracle (`OracleData`). */
export function mdLinearizedProblem(B: AnyBackend, width: number, oracleData: OracleData = 'exact') {
  const { w, b } = shallowInit(width, MIRROR_C, MIRROR_SEED);
  const shallow = shallowLinearized(B, { width, activation: 'relu', w, b });
  // f = Ψ(x)ᵀa: the features once (`features`), then the linear model on them (one gemv each way per step)
  const Psi = shallow.features(B.mat(MIRROR_X.map((x) => [x])));
  const model = linearClassifier(B, { d: width });
  const y = B.vec(MIRROR_Y);
  const F = objective(B, model, square(B), { X: Psi, y }, { reduction: 'sum' });
  const P = makePotential(B, MIRROR_POTENTIAL);
  const psiD = MIRROR_X.map((_, i) => B.unpack(B.row(Psi, i)).map((v) => B.toNumber(v)));
  const lr = mirrorStep(psiD, MU_PHI);
  const st = mirrorDescent(B, { lr: B.num(lr), potential: P });
  const tol = tolNum(B);
  const exact = oracleData === 'none' ? null : exactFeatures(width, w, b, MIRROR_X);
  const X =
    exact ??
    (oracleData === 'exactOrRun' ? MIRROR_X.map((_, i) => B.unpack(B.row(Psi, i)).map((v) => B.show(v))) : null);
  const t0 = performance.now();
  const oracle =
    X === null ? null : bregmanProjection(P, { X, y: MIRROR_Y, w0: Array.from({ length: width }, () => '0') });
  const oracleMs = performance.now() - t0;
  if (oracle !== null && !oracle.ok) throw new Error(`md-linearized: ${oracle.reason}`);
  const oracleSource: 'exact' | 'run' | null = X === null ? null : exact !== null ? 'exact' : 'run';
  const resInf = (theta: ReturnType<typeof B.zeros>) => B.amax(B.vsub(model.predict(theta, Psi), y));
  /** Mirror descent from a = 0 until ‖Ψa − y‖_∞ ≤ tol or maxSteps. */
  const solve = (maxSteps: number) => {
    let s = st.init(F, B.zeros(width));
    let t = 0;
    let r = resInf(s.theta);
    while (t < maxSteps && B.cmp(r, tol) > 0) {
      s = st.step(F, s, t);
      t++;
      r = resInf(s.theta);
    }
    return { theta: s.theta, steps: t, residual: r };
  };
  return { B, width, P, Psi, lr, tol, exact, oracle, oracleSource, oracleMs, solve };
}

/** Linearized mirror descent to ‖Ψa − y‖_∞ ≤ tol (module comment). */
export function mdLinearizedCell(
  B: AnyBackend,
  width: number,
  maxSteps = 200_000,
  oracleData: OracleData = 'exact',
): MirrorBenchCell {
  const pb = mdLinearizedProblem(B, width, oracleData);
  const { oracle } = pb;
  return {
    run: () => {
      const { theta, steps, residual } = pb.solve(maxSteps);
      const out: Record<string, string> = {
        steps: String(steps),
        lr: pb.lr,
        tol: `2^-${mdToleranceExponent(B)}`,
        residual_inf: B.show(residual),
        a_max: B.show(B.amax(theta)),
      };
      if (oracle !== null && oracle.ok) {
        out.oracle_dist = B.show(B.amax(B.vsub(theta, oracle.wStar.value)));
        out.oracle_dist_err = B.show(B.amax(oracle.wStar.err));
      }
      return out;
    },
    units: 1,
    unitName: 'runs_per_s',
  };
}

/** The width ladder of `md-linearized-ladder-1e5` (module comment). */
export const LADDER_WIDTHS: readonly number[] = [100, 1_000, 10_000, 100_000];

/** `w1e4` for 10⁴, else the width itself. */
const widthLabel = (n: number): string => {
  const e = Math.round(Math.log10(n));
  return 10 ** e === n ? `w1e${e}` : `w${n}`;
};

/**
 * The width ladder in one row: `mdLinearizedCell`'s run at each width in turn, with its steps, wall and CPU time, and
 * its distance to the certified oracle (`exactOrRun` data: `oracle_data` says which). The oracles are certified when
 * the cell is built, outside the timed run; `oracle_ms` is their total time.
 */
export function mdLadderCell(B: AnyBackend, widths: readonly number[] = LADDER_WIDTHS, maxSteps = 200_000) {
  const problems = widths.map((n) => mdLinearizedProblem(B, n, 'exactOrRun'));
  const oracleMs = problems.reduce((s, pb) => s + pb.oracleMs, 0);
  const run = (): Record<string, string> => {
    const out: Record<string, string> = {};
    let steps = 0;
    let wall = 0;
    let cpu = 0;
    for (const pb of problems) {
      const k = widthLabel(pb.width);
      const t = performance.now();
      const c0 = process.cpuUsage();
      const r = pb.solve(maxSteps);
      const c = process.cpuUsage(c0);
      const ms = performance.now() - t;
      const cpuMs = (c.user + c.system) / 1000;
      steps += r.steps;
      wall += ms;
      cpu += cpuMs;
      out[`${k}_steps`] = String(r.steps);
      out[`${k}_converged`] = String(B.cmp(r.residual, pb.tol) <= 0);
      out[`${k}_wall_ms`] = ms.toFixed(0);
      out[`${k}_cpu_ms`] = cpuMs.toFixed(0);
      if (pb.oracle !== null && pb.oracle.ok) {
        out[`${k}_oracle_data`] = pb.oracleSource ?? '';
        out[`${k}_oracle_dist`] = B.show(B.amax(B.vsub(r.theta, pb.oracle.wStar.value)));
        out[`${k}_oracle_dist_err`] = B.show(B.amax(pb.oracle.wStar.err));
      }
    }
    out.tol = `2^-${mdToleranceExponent(B)}`;
    out.total_steps = String(steps);
    out.total_wall_ms = wall.toFixed(0);
    out.total_cpu_ms = cpu.toFixed(0);
    out.oracle_ms = oracleMs.toFixed(0);
    return out;
  };
  return { run, units: 1, unitName: 'runs_per_s', problems };
}

/** Φ(θ) = Σ φ(θ_k − θ0_k): the unscaled potential centred at the initialization (∇Φ(θ₀) = 0). */
export function centred<R extends Repr>(B: Backend<R>, P: MirrorPotential<R>, theta0: V<R>): MirrorPotential<R> {
  return {
    name: `${P.name}(θ − θ₀)`,
    params: P.params,
    grad: (theta) => P.grad(B.vsub(theta, theta0)),
    gradInv: (z) => B.vadd(theta0, P.gradInv(z)),
  };
}

export const MF_T1 = '1';

/** Full-network mirror flow on [0, t1] (module comment). */
export function mfShallowCell(B: AnyBackend, width: number, t1: Num = MF_T1): MirrorBenchCell {
  const init = shallowInit(width, MIRROR_C, MIRROR_SEED);
  const model = shallowNet(B, { width, activation: 'relu' });
  const X = B.mat(MIRROR_X.map((x) => [x]));
  const F = objective(B, model, square(B), { X, y: B.vec(MIRROR_Y) }, { reduction: 'sum' });
  const theta0 = B.vec([...init.w, ...init.b, ...init.a]);
  const P = centred(B, makePotential(B, MIRROR_POTENTIAL), theta0);
  return {
    run: () => {
      const sol = mirrorFlow(F, P, theta0, { t1 });
      const moved = B.amax(B.vsub(sol.theta, theta0));
      return {
        t1: B.show(sol.dual.t),
        result: sol.dual.result,
        loss0: B.show(F.value(theta0)),
        loss_t1: B.show(F.value(sol.theta)),
        lazy: B.show(B.mul(B.sqrt(B.int(width)), moved)),
        accepted: String(sol.dual.stats.accepted),
        rejected: String(sol.dual.stats.rejected),
        err_sum: B.show(sol.dual.stats.errSum),
      };
    },
    units: 1,
    unitName: 'runs_per_s',
  };
}

/** Entries for the extraWorkloads registry (src/bench/extra.ts). */
export const mirrorWorkloads: Record<string, (B: AnyBackend) => MirrorBenchCell> = {
  'md-linearized-w1e4': (B) => mdLinearizedCell(B, 10_000),
  'md-linearized-w1e5': (B) => mdLinearizedCell(B, 100_000, 200_000, 'none'),
  'md-linearized-ladder-1e5': (B) => mdLadderCell(B),
  'mf-shallow-w1024': (B) => mfShallowCell(B, 1024),
};
