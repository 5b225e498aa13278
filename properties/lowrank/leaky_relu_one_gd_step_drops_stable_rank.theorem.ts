import fc from 'fast-check';
import {
  ballArith,
  claims,
  defineTheorem,
  f64Backend,
  gaussians,
  gd,
  inconclusive,
  rngFromSeed,
  run,
  spec,
  type Backend,
  type Ball,
  type Claim,
  type M,
  type Num,
  type Repr,
} from '../../src/index.js';
import { leakyRisk } from './lowrank.lib.js';

/**
 * STATUS: phenomenon. Frei et al. 2023 (arXiv 2210.07082, abstract, CONFIRMED) prove that with a small enough
 * initialization variance "a single step of gradient descent suffices to drastically reduce the rank". Their
 * constants (initialization scale, step size, d vs n, the stable-rank bound) and possibly the activation of the GD
 * theorem (a smoothed leaky ReLU?) are NOT confirmed (docs/theorems/lowrank.md R9). What is checked here is the
 * heuristic of docs/theorems/lowrank.md R13 (heuristic, measured): srank(W⁽¹⁾) ≈ 2(1 + γ²)/(1 + γ)² for tiny
 * init on nearly-orthogonal data, asserted with a slack δ = 1/2, and srank ≤ 2 + δ at the later steps of a short run.
 *
 * Sizes: d ∈ {64, 96}, n ∈ {4, 6}, m ∈ {6, 8} in every profile (d/n ≥ 10): a counterexample is re-run by the referee at
 * dec:50 and dec:100 (~1–2 s per evaluation at these sizes); the d-in-the-thousands regime of the spec's measurements
 * is left to manual runs (it costs ~1 s per dd evaluation and minutes at dec:50).
 * Instance: Gaussian data x_i ∈ R^d (d ≫ n, seeded: the engine's RNG, drawn on f64), balanced labels, balanced fixed
 * second layer a_j = ±1/4, W⁽⁰⁾ = ω·N(0, 1) (seeded), GD step α on the logistic loss (mean).
 * Error bars: srank at the COMPUTED iterates in ball arithmetic (`srank` below). The iterates' own rounding is not
 * bounded (a pre-activation within rounding of the kink could switch φ' and move W⁽¹⁾ by O(α/n)); for this phenomenon
 * the margin δ = 1/2 is relied on instead, and a counterexample is still re-run at dec:50 and dec:100 by the referee.
 */
interface DropSpec {
  readonly d: number;
  readonly n: number;
  readonly m: number;
  readonly gamma: Num;
  readonly omega: Num;
  readonly lr: Num;
  readonly seed: number;
}

const DELTA = '0.5';
const LATER_STEPS = 5;

function arb(omega: fc.Arbitrary<Num>): fc.Arbitrary<DropSpec> {
  return fc.record({
    d: fc.constantFrom(64, 96),
    n: fc.constantFrom(4, 6),
    m: fc.constantFrom(6, 8),
    gamma: spec.dyadic({ min: '0.125', max: '0.875', bits: 3 }),
    omega,
    lr: fc.constantFrom('1', '2'),
    seed: spec.seed(),
  });
}

/**
 * srank(W) = ‖W‖_F²/λ_max(WWᵀ) of the computed W (held exactly) as a ball: the Gram matrix, its top eigenvalue and
 * ‖W‖_F² in ball arithmetic; null when λ_max(WWᵀ)'s ball contains 0 (srank undefined).
 */
function srank<R extends Repr>(B: Backend<R>, W: M<R>): Ball<R> | null {
  const K = ballArith(B);
  const Wb = K.mexact(W);
  const lam = K.eigenvalues(K.gemm(Wb, Wb, false, true))[0]!;
  if (K.containsZero(lam)) return null;
  const f = K.mflatten(Wb);
  return K.div(K.dot(f, f), lam);
}

export default defineTheorem<DropSpec>({
  id: 'leaky_relu_one_gd_step_drops_stable_rank',
  title:
    'Leaky-ReLU net, tiny init, nearly-orthogonal data: one GD step drops the stable rank to ≈ 2(1 + γ²)/(1 + γ)², and it stays ≤ 2 + δ',
  status: 'phenomenon',
  kind: 'upper',
  claim: String.raw`\|W^{(0)}\|_F \ll \alpha\|\nabla\hat L(W^{(0)})\|_F,\ d \gg n:\quad \mathrm{srank}(W^{(1)}) \le \frac{2(1+\gamma^2)}{(1+\gamma)^2} + \delta,\quad \mathrm{srank}(W^{(t)}) \le 2 + \delta\ (t \le 1 + T),\ \delta = \tfrac12`,
  refs: [
    {
      arxiv: '2210.07082',
      where:
        'Frei, Vardi, Bartlett, Srebro & Hu 2023, abstract (one GD step reduces the rank; constants NOT confirmed)',
    },
    {
      key: 'docs/theorems/lowrank.md#r13-one-gd-step-drops-the-stable-rank-empirical',
      where: 'srank(W⁽¹⁾) ≈ 2(1 + γ²)/(1 + γ)² for tiny init (heuristic, measured)',
    },
  ],
  hypotheses: arb(fc.constantFrom('1e-6', '1e-5')),
  // Negative control: large initialization ω ∈ {1/2, 1} (‖W⁽⁰⁾‖_F ≫ α‖∇L̂‖_F): no drop, srank(W⁽¹⁾) stays ≈
  // srank(W⁽⁰⁾).
  violations: arb(fc.constantFrom('0.5', '1')),
  budget: {
    ci: { runs: 10, negativeRuns: 4 },
    quick: { runs: 3, negativeRuns: 2 },
    nightly: { runs: 40, negativeRuns: 10 },
  },
  evaluate(B, s) {
    // The seeded draws are made on f64 and enter B as decimal strings, so every backend (and the referee's dec:50 and
    // dec:100 re-runs) sees the same instance up to its own entry rounding (gaussians' log/sqrt would otherwise differ
    // per backend). x_i = z_i/√d (unit-scale norms).
    const G = f64Backend();
    let rng = rngFromSeed(s.seed);
    const gX = gaussians(G, rng, s.n * s.d);
    rng = gX.rng;
    const gW = gaussians(G, rng, s.m * s.d);
    const Xs = G.vshow(G.scal(G.div(G.one, G.sqrt(G.int(s.d))), gX.value));
    const X = Array.from({ length: s.n }, (_, i) => Xs.slice(i * s.d, (i + 1) * s.d));
    const y = Array.from({ length: s.n }, (_, i) => (i % 2 === 0 ? '1' : '-1'));
    const a = Array.from({ length: s.m }, (_, j) => (j % 2 === 0 ? '0.25' : '-0.25'));
    const F = leakyRisk(B, a, s.d, s.gamma, X, y);
    const theta0 = B.scal(B.num(s.omega), B.vec(G.vshow(gW.value)));
    const sol = run(F, gd(B, { lr: B.num(s.lr) }), theta0, { steps: 1 + LATER_STEPS, save: { every: 1 } });
    if (sol.result === 'diverged') return { claims: [], inconclusive: sol.message };
    const K = ballArith(B);
    const g = K.num(s.gamma);
    const onePlus = K.add(K.int(1), g);
    const formula = K.div(K.mul(K.int(2), K.add(K.int(1), K.sqr(g))), K.sqr(onePlus)); // 2(1 + γ²)/(1 + γ)²
    const delta = K.num(DELTA);
    const W = (t: number) => B.reshape(sol.trajectory[t]!.theta, s.m, s.d);
    const s0 = srank(B, W(0));
    const s1 = srank(B, W(1));
    if (s1 === null) return inconclusive('W(1) is zero within its bar: srank undefined');
    const out: Claim[] = [claims.le(B, s1, K.add(formula, delta), 'srank(W1)<=formula+delta')];
    for (let t = 2; t < sol.trajectory.length; t++) {
      const st = srank(B, W(t));
      if (st !== null) out.push(claims.le(B, st, K.add(K.int(2), delta), `srank(W${t})<=2+delta`));
    }
    return {
      claims: out,
      observed: {
        srank0: s0 === null ? '—' : B.show(s0.value),
        srank1: B.show(s1.value),
        formula: B.show(formula.value),
      },
    };
  },
});
