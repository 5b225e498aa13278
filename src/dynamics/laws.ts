/**
 * The stepper law suite: properties every stepper in the registry (`STEPPERS`, ./index.ts)
 * must satisfy, on small exact least-squares problems. ./laws.test.ts runs every law over every registry entry, so a
 * stepper joins by being registered. Laws throw (via fc.assert) with the counterexample on failure.
 */
import fc from 'fast-check';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Backend, Num, Repr, V } from '../numeric/types.js';
import { samplesOf } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { objective } from '../objective/objective.js';
import { gd } from './gd.js';
import { run } from './run.js';
import type { StepperEntry } from './types.js';

/** An exact least-squares instance: F(θ) = (1/n) Σ ½(x_iᵀθ − y_i)², |X_ij| ≤ ½ (so L = ‖XᵀX/n‖∞ ≤ d/4 ≤ ¾). */
export interface LawProblem {
  readonly X: readonly (readonly Num[])[];
  readonly y: readonly Num[];
  readonly theta0: readonly Num[];
}

const eighths = (lo: number, hi: number) => fc.integer({ min: lo, max: hi }).map((k) => String(k / 8));

/** Problems with d ∈ [1, 3], n ∈ [1, 4], dyadic data (shrinks toward zeros and small sizes). */
export const lawProblemArb: fc.Arbitrary<LawProblem> = fc
  .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
  .chain(([d, n]) =>
    fc.record({
      X: fc.array(fc.array(eighths(-4, 4), { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
      y: fc.array(eighths(-8, 8), { minLength: n, maxLength: n }),
      theta0: fc.array(eighths(-8, 8), { minLength: d, maxLength: d }),
    }),
  );

/** A fixed, non-degenerate instance (distinct rows), for laws that need randomness to be visible. */
export const FIXED_PROBLEM: LawProblem = {
  X: [
    ['0.5', '-0.25'],
    ['0.125', '0.375'],
    ['-0.5', '0.25'],
    ['0.25', '0.5'],
  ],
  y: ['1', '-0.5', '0.25', '0.75'],
  theta0: ['0.5', '-1'],
};

export function materialize<R extends Repr>(B: Backend<R>, p: LawProblem): { F: Objective<R>; theta0: V<R> } {
  const X = B.mat(p.X);
  return {
    F: objective(B, linearClassifier(B, { d: B.cols(X) }), square(B), { X, y: B.vec(p.y) }),
    theta0: B.vec(p.theta0),
  };
}

/** ‖XᵀX/n‖∞ (exact in doubles for these dyadic data): a bound on the curvature L in the ∞-norm. */
export function curvatureBound(p: LawProblem): number {
  const X = p.X.map((r) => r.map(Number));
  const n = X.length;
  const d = X[0]!.length;
  let L = 0;
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Math.abs(X.reduce((a, r) => a + r[i]! * r[j]!, 0)) / n;
    L = Math.max(L, s);
  }
  return L;
}

/** Exact equality of two vectors (numerically: −0 = 0). */
export function sameVec<R extends Repr>(B: Backend<R>, x: V<R>, y: V<R>): boolean {
  if (B.dim(x) !== B.dim(y)) return false;
  for (let i = 0; i < B.dim(x); i++) if (B.cmp(B.at(x, i), B.at(y, i)) !== 0) return false;
  return true;
}

function trajectory<R extends Repr, Spec>(
  B: Backend<R>,
  entry: StepperEntry<Spec>,
  spec: Spec,
  p: LawProblem,
  steps: number,
) {
  const { F, theta0 } = materialize(B, p);
  const stepper = entry.make(B, spec, { dim: F.dim, nSamples: samplesOf(F) });
  return run(F, stepper, theta0, { steps, save: { every: 1 } }).trajectory.map((pt) => pt.theta);
}

function expectSameTrajectory<R extends Repr>(B: Backend<R>, a: V<R>[], b: V<R>[], what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: trajectories have ${a.length} and ${b.length} points`);
  a.forEach((x, k) => {
    if (!sameVec(B, x, b[k]!)) {
      throw new Error(`${what}: θ_${k} differs: [${B.vshow(x).join(', ')}] vs [${B.vshow(b[k]!).join(', ')}]`);
    }
  });
}

/** One law: a sentence and a check that throws on failure. */
export interface Law {
  readonly name: string;
  readonly run: () => void;
}

const STEPS = 6;

/** The laws every registered stepper must satisfy on backend B (exact laws hold on any backend). */
export function stepperLaws<R extends Repr, Spec>(
  B: Backend<R>,
  entry: StepperEntry<Spec>,
  options: { readonly numRuns?: number } = {},
): Law[] {
  const cfg = { numRuns: options.numRuns ?? 60 };
  const positiveLr = entry.positiveLr;
  const zeroLrLaw: Law | undefined =
    positiveLr === undefined
      ? undefined
      : {
          name: `${entry.name}: lr = 0 is refused in one line naming ${positiveLr} (on ${B.id})`,
          run: () =>
            fc.assert(
              fc.property(entry.hyper, lawProblemArb, (spec, p) => {
                let msg: string | null = null;
                try {
                  trajectory(B, entry, entry.withLr(spec, '0'), p, 1);
                } catch (e) {
                  msg = e instanceof Error ? e.message : String(e);
                }
                if (msg === null) throw new Error(`lr = 0 (${positiveLr}) was accepted`);
                if (!msg.includes(positiveLr) || msg.includes('\n'))
                  throw new Error(`lr = 0: the error does not name ${positiveLr} in one line: ${msg}`);
              }),
              cfg,
            ),
        };
  const laws: Law[] = [
    zeroLrLaw ?? {
      name: `${entry.name}: lr = 0 leaves θ at its rest point for every step (on ${B.id})`,
      run: () =>
        fc.assert(
          fc.property(entry.hyper, lawProblemArb, (spec, p) => {
            const s0 = entry.withLr(spec, '0');
            const thetas = trajectory(B, entry, s0, p, STEPS);
            const theta0 = B.vec(p.theta0);
            const rest = entry.restPoint ? entry.restPoint(B, s0, theta0) : theta0;
            expectSameTrajectory(B, thetas, [theta0, ...Array.from({ length: STEPS }, () => rest)], 'lr = 0');
          }),
          cfg,
        ),
    },
    {
      name: `${entry.name}: the same spec (and seed) gives the same trajectory (on ${B.id})`,
      run: () =>
        fc.assert(
          fc.property(entry.hyper, lawProblemArb, (spec, p) => {
            expectSameTrajectory(
              B,
              trajectory(B, entry, spec, p, STEPS),
              trajectory(B, entry, spec, p, STEPS),
              'rerun',
            );
          }),
          cfg,
        ),
    },
    {
      name: `${entry.name}: step is a function of its state (stepping one state twice gives equal states, θ unmodified)`,
      run: () =>
        fc.assert(
          fc.property(entry.hyper, lawProblemArb, (spec, p) => {
            const { F, theta0 } = materialize(B, p);
            const st = entry.make(B, spec, { dim: F.dim, nSamples: samplesOf(F) });
            let s = st.init(F, theta0);
            for (let k = 0; k < 3; k++) {
              const before = B.vshow(st.theta(s));
              const a = st.step(F, s, k);
              const b = st.step(F, s, k);
              expectSameTrajectory(B, [st.theta(a)], [st.theta(b)], `step ${k} twice`);
              if (B.vshow(st.theta(s)).join() !== before.join()) throw new Error(`step ${k} modified its input state`);
              s = a;
            }
          }),
          cfg,
        ),
    },
  ];
  const asGd = entry.asGd;
  if (asGd) {
    laws.push({
      name: `${entry.name}: its gd special case reproduces gd bit for bit (on ${B.id})`,
      run: () =>
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 16 }), lawProblemArb, (k16, p) => {
            const lr = String(k16 / 16);
            const { F, theta0 } = materialize(B, p);
            const ref = run(F, gd(B, { lr: B.num(lr) }), theta0, { steps: STEPS, save: { every: 1 } });
            const got = trajectory(B, entry, asGd(lr), p, STEPS);
            expectSameTrajectory(
              B,
              got,
              ref.trajectory.map((t) => t.theta),
              `${entry.name} as gd(lr = ${lr})`,
            );
          }),
          cfg,
        ),
    });
  }
  const stochastic = entry.stochastic;
  if (stochastic) {
    laws.push({
      name: `${entry.name}: different seeds give different trajectories (randomness is used)`,
      run: () =>
        fc.assert(
          fc.property(fc.nat({ max: 1_000_000 }), (seed) => {
            const a = trajectory(B, entry, stochastic.random('0.25', seed), FIXED_PROBLEM, STEPS);
            const b = trajectory(B, entry, stochastic.random('0.25', seed + 1), FIXED_PROBLEM, STEPS);
            return a.some((x, k) => !sameVec(B, x, b[k]!));
          }),
          { numRuns: 20 },
        ),
    });
  }
  return laws;
}

/**
 * gd equals explicit Euler on the gradient flow θ' = −∇F(θ) with dt = lr, step for step. The Euler step is written
 * independently as θ − dt·∇F(θ) (vsub of a scal); the two agree within one rounding of each operation:
 * |Δ| ≤ 2u(|θ| + dt|∇F|) componentwise (u = B.eps), and exactly in IEEE f64 (−(a·x) + y = y − a·x bit for bit).
 */
export function gdEqualsEulerLaw<R extends Repr>(B: Backend<R>, options: { readonly numRuns?: number } = {}): Law {
  return {
    name: `gd equals explicit Euler on the gradient flow with dt = lr, step for step (on ${B.id})`,
    run: () =>
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 16 }), lawProblemArb, (k16, p) => {
          const dt = B.num(String(k16 / 16));
          const { F, theta0 } = materialize(B, p);
          const out = run(F, gd(B, { lr: dt }), theta0, { steps: STEPS, save: { every: 1 } });
          const two = B.int(2);
          out.trajectory.slice(0, -1).forEach((pt, k) => {
            const g = F.grad(pt.theta);
            const euler = B.vsub(pt.theta, B.scal(dt, g)); // θ − dt·∇F(θ)
            const next = out.trajectory[k + 1]!.theta;
            const diff = B.map('abs', B.vsub(next, euler));
            const tol = B.scal(B.mul(two, B.eps), B.vadd(B.map('abs', pt.theta), B.scal(dt, B.map('abs', g))));
            for (let i = 0; i < B.dim(diff); i++) {
              if (B.cmp(B.at(diff, i), B.at(tol, i)) > 0) {
                throw new Error(`step ${k}: gd and Euler differ by ${B.show(B.at(diff, i))} > ${B.show(B.at(tol, i))}`);
              }
            }
            if (B.id === 'f64' && !sameVec(B, next, euler)) throw new Error(`step ${k}: f64 gd ≠ Euler bit for bit`);
          });
        }),
        { numRuns: options.numRuns ?? 60 },
      ),
  };
}

/** Steps of the f64-vs-reference law: short, so that the a-priori bound below stays far under O(1) disagreements. */
const TRACK_STEPS = 6;

/**
 * f64 tracks a higher-precision reference backend over k ≤ 6 steps within an a-priori rounding bound:
 *   ‖θ_k^{f64} − θ_k^{ref}‖∞ ≤ k·Γ^k·E·K·(u_{f64} + u_ref) + u_{f64}·S,
 * with S = 1 + max_j ‖θ_j^{ref}‖∞; E = 4(d + n + 8)(dS + 2) the rounding of one step in units of u (the gradient's two
 * length-≤max(d, n) dot products on terms ≤ dS/2 + 1, then ≤ 8 vector operations on terms ≤ dS + 2, with a factor 4
 * of slack); Γ (the ∞-norm of one step's Jacobian in the stepper's state) and K (momentum, mirror-map and noise
 * amplification) from the registry entry; the last term is the rounding of the reference to a double for the
 * comparison. The bound is required to be < 1e-6, so a real disagreement (different draws, a wrong kernel) fails.
 */
export function f64TracksReferenceLaw<Spec>(
  entry: StepperEntry<Spec>,
  ref: AnyBackend,
  options: { readonly numRuns?: number } = {},
): Law {
  const F64 = f64Backend();
  return {
    name: `${entry.name}: f64 tracks ${ref.id} over ${TRACK_STEPS} steps within k·Γ^k·E·K·u`,
    run: () =>
      fc.assert(
        fc.property(entry.hyper, lawProblemArb, (spec, p) => {
          const a = trajectory(F64, entry, spec, p, TRACK_STEPS);
          const b = trajectory(ref, entry, spec, p, TRACK_STEPS);
          if (a.length !== b.length) throw new Error(`trajectory lengths ${a.length} (f64) vs ${b.length} (${ref.id})`);
          const bd = b.map((x) => Array.from(ref.toNumbers(x)));
          const S = 1 + Math.max(...bd.map((x) => Math.max(0, ...x.map(Math.abs))));
          const d = p.theta0.length;
          const n = p.X.length;
          const L = curvatureBound(p);
          const { gamma, K } = entry.errorGrowth(spec, L, S);
          const u = 2 ** -53 + ref.toNumber(ref.eps);
          const E = 4 * (d + n + 8) * (d * S + 2);
          a.forEach((x, k) => {
            const bound = k * gamma ** k * E * K * u + 2 ** -53 * S;
            if (!(bound < 1e-6))
              throw new Error(`bound ${bound} at k = ${k} is vacuous; shorten the horizon or tighten Γ, K`);
            const xs = Array.from(F64.toNumbers(x));
            const err = Math.max(0, ...xs.map((v, i) => Math.abs(v - bd[k]![i]!)));
            if (!(err <= bound)) {
              throw new Error(
                `θ_${k}: f64 differs from ${ref.id} by ${err} > bound ${bound} (Γ = ${gamma}, K = ${K}, S = ${S})`,
              );
            }
          });
        }),
        { numRuns: options.numRuns ?? 40 },
      ),
  };
}
