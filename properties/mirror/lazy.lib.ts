/**
 * The linearized shallow network (docs/theorems/mirror.md M6): instances with exact features, mirror descent on the
 * model itself, and its oracles (O1)/(O3) (M2 with X = Ψ, w₀ = 0).
 */
import fc from 'fast-check';
import {
  inconclusive,
  makePotential,
  mirrorDescent,
  objective,
  shallowInit,
  shallowLinearized,
  spec,
  square,
  type Backend,
  type Evidence,
  type Num,
  type Opaque,
  type PotentialSpec,
  type ShallowActivation,
} from '../../src/index.js';
import { curvatureFloor, limitClaims, powerOfTwoBelow, type MdPoint, type MdSpec } from './mirror.lib.js';

const R = spec.rational;

/** An instance: σ, c, width n = 4^j (so n^{−1/2} is exact), the seed of w, b, data (x, y), potential, step. */
export interface LazySpec {
  readonly activation: ShallowActivation;
  readonly c: Num;
  readonly width: number;
  readonly seed: number;
  readonly x: readonly Num[];
  readonly y: readonly Num[];
  /** The potential mirror descent runs with (scaled ones carry `width` = n). */
  readonly potential: PotentialSpec;
  /** The potential whose oracle the claims use: the same, or (negative control) another. */
  readonly claimed: PotentialSpec;
  readonly lr: Num;
  readonly maxSteps: number;
}

/** The paper's three potentials (x²/2 for gradient descent), unscaled or scaled to the width. */
export const lazyPotentials = (n: number): PotentialSpec[] => {
  const base: PotentialSpec[] = [{ name: 'squared' }, { name: 'squaredPlusCubic' }, { name: 'squaredPlusQuartic' }];
  return [...base, ...base.map((p) => ({ ...p, width: n }))];
};

/** The features' w, b of an instance (the stated law, `shallowInit`). */
export const featuresOf = (s: Pick<LazySpec, 'width' | 'c' | 'seed'>) => shallowInit(s.width, s.c, s.seed);

/** Ψ_ik = σ(w_k x_i − b_k)/√n exactly (n = 4^j), as decimal strings. */
export function psiOf(s: Pick<LazySpec, 'width' | 'c' | 'seed' | 'x' | 'activation'>): Num[][] {
  const { w, b } = featuresOf(s);
  const root = R.q(BigInt(Math.round(Math.sqrt(s.width))));
  return s.x.map((xi) =>
    w.map((wk, k) => {
      const z = R.sub(R.mul(R.parseNum(wk), R.parseNum(xi)), R.parseNum(b[k]!));
      const sig = s.activation === 'relu' ? R.max(z, R.ZERO) : R.abs(z);
      return R.toPlainNum(R.div(sig, root));
    }),
  );
}

/** ‖Ψ‖_F² as a double (step-size scale only). */
const froOf = (psi: Num[][]) => psi.flat().reduce((acc, v) => acc + Number(v) ** 2, 0);

/**
 * Instances: c ∈ {1, 2}, widths from `widths`, 2–3 distinct points of {−c/2, 0, c/2} (well inside (−c, c) and apart:
 * a well-conditioned ΨΨᵀ), labels k/8 with |k| ≤ 4, a potential of `lazyPotentials`, η = 2^−k ≤ φ″-floor/‖Ψ‖_F²
 * (≤ φ″-floor/λ_max(ΨΨᵀ): a contraction of the dual iteration).
 */
export function lazyInstances(
  widths: readonly number[],
  claimed: (p: PotentialSpec, n: number) => fc.Arbitrary<PotentialSpec>,
  maxSteps: number,
): fc.Arbitrary<LazySpec> {
  return fc
    .record({
      activation: fc.constantFrom<ShallowActivation>('relu', 'abs'),
      c: fc.constantFrom('1', '2'),
      width: fc.constantFrom(...widths),
      seed: fc.integer({ min: 0, max: 10_000 }),
      ks: fc.uniqueArray(fc.integer({ min: -1, max: 1 }), { minLength: 2, maxLength: 3 }),
      ys: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
      pick: fc.nat(),
    })
    .chain((r) => {
      const potential = lazyPotentials(r.width)[r.pick % 6]!;
      return claimed(potential, r.width).map((cl): LazySpec => {
        const x = [...r.ks]
          .sort((a, b) => a - b)
          .map((k) => R.toPlainNum(R.div(R.mul(R.q(BigInt(k)), R.parseNum(r.c)), R.q(2n))));
        const base = { activation: r.activation, c: r.c, width: r.width, seed: r.seed, x };
        const fro = froOf(psiOf(base));
        return {
          ...base,
          y: r.ys.slice(0, x.length).map((k) => R.toPlainNum(R.q(BigInt(k), 8n))),
          potential,
          claimed: cl,
          lr: powerOfTwoBelow(curvatureFloor(potential) / Math.max(fro, 1e-3)),
          maxSteps,
        };
      });
    });
}

/** Another potential than p (the negative controls' oracle; x²/2 scaled is x²/2 again, so not that one). */
export const otherPotential = (p: PotentialSpec, n: number): fc.Arbitrary<PotentialSpec> =>
  fc.constantFrom(...lazyPotentials(n).filter((o) => o.name !== p.name));

/**
 * Mirror descent on the linearized model itself (`shallowLinearized`, θ = a from 0, square loss, sum), until
 * ‖f − y‖ ≤ 1e-12 or maxSteps; then M4's finite-time claim against the claimed potential's oracle on Ψa = y.
 */
export function linearizedLimitClaims(B: Backend<Opaque>, s: LazySpec): Evidence {
  const { w, b } = featuresOf(s);
  const model = shallowLinearized(B, { width: s.width, activation: s.activation, w, b });
  const X = B.mat(s.x.map((x) => [x]));
  const y = B.vec(s.y);
  const F = objective(B, model, square(B), { X, y }, { reduction: 'sum' });
  const P = makePotential(B, s.potential);
  const st = mirrorDescent(B, { lr: B.num(s.lr), potential: P });
  let state = st.init(F, B.zeros(s.width));
  const tol = B.num('1e-12');
  let t = 0;
  while (t < s.maxSteps && B.cmp(B.nrm2(B.vsub(model.predict(state.theta, X), y)), tol) > 0) {
    state = st.step(F, state, t);
    t++;
    if (!B.allFinite(state.theta)) return inconclusive(`mirror descent diverged at step ${t} (η = ${s.lr})`);
  }
  const residual = B.nrm2(B.vsub(model.predict(state.theta, X), y));
  if (B.cmp(residual, tol) > 0) return inconclusive(`‖f − y‖ = ${B.show(residual)} > 1e-12 after ${t} steps`);
  const md: MdSpec = {
    potential: s.potential,
    claimed: s.claimed,
    X: psiOf(s),
    A: [],
    y: s.y,
    w0: Array.from({ length: s.width }, () => '0'),
    lr: s.lr,
    maxSteps: s.maxSteps,
  };
  const last: MdPoint = { t, theta: state.theta, dual: state.dual, acc: B.zeros(s.width) };
  const ev = limitClaims(B, md, P, makePotential(B, s.claimed), last);
  return { ...ev, observed: { ...(ev.observed ?? {}), width: String(s.width) } };
}
