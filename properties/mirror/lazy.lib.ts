/**
 * The linearized shallow network (docs/theorems/mirror.md M6): instances with exact features, mirror descent on the
 * model itself, and its oracles (O1)/(O3) (M2 with X = Ψ, w₀ = 0).
 */
import fc from 'fast-check';
import {
  ballArith,
  bregmanProjection,
  claims,
  inconclusive,
  makePotential,
  mirrorDescent,
  objective,
  shallowInit,
  shallowLinearized,
  spec,
  square,
  type Backend,
  type Claim,
  type Evidence,
  type Num,
  type Opaque,
  type PotentialSpec,
  type ShallowActivation,
  type V,
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

/** A label-linearity instance: features and points as in `LazySpec`, two label vectors, one potential. */
export interface LinearitySpec {
  readonly activation: ShallowActivation;
  readonly c: Num;
  readonly width: number;
  readonly seed: number;
  readonly x: readonly Num[];
  readonly y1: readonly Num[];
  readonly y2: readonly Num[];
  readonly potential: PotentialSpec;
}

/** Instances with the potentials `potentials(n)`: widths, points and labels as in `lazyInstances`. */
export function linearityInstances(
  widths: readonly number[],
  potentials: (n: number) => readonly PotentialSpec[],
): fc.Arbitrary<LinearitySpec> {
  return fc
    .record({
      activation: fc.constantFrom<ShallowActivation>('relu', 'abs'),
      c: fc.constantFrom('1', '2'),
      width: fc.constantFrom(...widths),
      seed: fc.integer({ min: 0, max: 10_000 }),
      ks: fc.uniqueArray(fc.integer({ min: -1, max: 1 }), { minLength: 2, maxLength: 3 }),
      y1: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
      y2: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }),
      pick: fc.nat(),
    })
    .map((r): LinearitySpec => {
      const x = [...r.ks]
        .sort((a, b) => a - b)
        .map((k) => R.toPlainNum(R.div(R.mul(R.q(BigInt(k)), R.parseNum(r.c)), R.q(2n))));
      const lab = (ys: number[]) => ys.slice(0, x.length).map((k) => R.toPlainNum(R.q(BigInt(k), 8n)));
      const ps = potentials(r.width);
      return {
        activation: r.activation,
        c: r.c,
        width: r.width,
        seed: r.seed,
        x,
        y1: lab(r.y1),
        y2: lab(r.y2),
        potential: ps[r.pick % ps.length]!,
      };
    });
}

/** The grid the learned functions are compared on: −c … c in steps of c/4. */
export const gridOf = (c: Num): Num[] =>
  [-4, -3, -2, -1, 0, 1, 2, 3, 4].map((k) => R.toPlainNum(R.div(R.mul(R.q(BigInt(k)), R.parseNum(c)), R.q(4n))));

/**
 * The learned function of the (O1)/(O3) oracle on the grid, as balls: f_Y(t) = Ψ(t)ᵀa*(Y) with a*(Y) =
 * argmin_{Ψa = Y} D_Φ(a, 0) certified (M2) and Ψ(t) exact; null with a reason when no certificate.
 */
export function oracleFunction(
  B: Backend<Opaque>,
  s: Omit<LinearitySpec, 'y1' | 'y2'>,
  Y: readonly Num[],
): { value: V<Opaque>; err: V<Opaque> } | { reason: string } {
  const K = ballArith(B);
  const P = makePotential(B, s.potential);
  const o = bregmanProjection(P, { X: psiOf(s), y: Y, w0: Array.from({ length: s.width }, () => '0') });
  if (!o.ok) return { reason: o.reason };
  return K.gemv(K.mnum(psiOf({ ...s, x: gridOf(s.c) })), o.wStar);
}

/**
 * M6: for φ = x²/2 (gradient descent; its scaled version is the same potential) the oracle is Ψᵀ(ΨΨᵀ)⁻¹Y, so
 * f_{Y₁+Y₂} = f_{Y₁} + f_{Y₂} on the grid, exactly; claimed on the certified enclosures.
 */
export function labelLinearityClaims(B: Backend<Opaque>, s: LinearitySpec): Evidence {
  const K = ballArith(B);
  const sum = s.y1.map((a, i) => R.toPlainNum(R.add(R.parseNum(a), R.parseNum(s.y2[i]!))));
  const [f1, f2, f12] = [s.y1, s.y2, sum].map((Y) => oracleFunction(B, s, Y));
  for (const f of [f1, f2, f12]) if ('reason' in f!) return inconclusive(`no certified oracle: ${f.reason}`);
  const [a, b, ab] = [f1, f2, f12] as { value: V<Opaque>; err: V<Opaque> }[];
  const both = K.vadd(a!, b!);
  const out: Claim[] = gridOf(s.c).map((t, i) => claims.eq(B, K.at(ab!, i), K.at(both, i), `f_{Y1+Y2}(${t}) linear`));
  let defect = B.zero;
  for (let i = 0; i < B.dim(both.value); i++)
    defect = B.max(defect, B.abs(B.sub(B.at(ab!.value, i), B.at(both.value, i))));
  return { claims: out, observed: { defect: B.show(defect), width: String(s.width) } };
}
