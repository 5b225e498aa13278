/**
 * `spec.oracle` of `thm simulate`: the Bregman oracle w* = argmin_{Xw = y} D_Φ(w, w₀) a run is measured against
 * (`bregmanGap`), for the models whose limit it is (docs/theorems/mirror.md):
 * - linearClassifier (X = data.x, w₀ = θ₀): mirror descent / mirror flow with Φ on under-determined least squares
 *   (Gunasekar et al. 2018);
 * - shallowLinearized (X = Ψ(data.x), the fixed features σ(w_k x − b_k)/√n exactly, w₀ = a(0)): the (O1) oracle with
 *   an unscaled potential, (O3) with a scaled one;
 * - diagonalLinear (X = data.x, w₀ = u₀ ⊙ u₀ − v₀ ⊙ v₀): gradient flow from u = v = α·1 is mirror flow on w with
 *   Q_α (Woodworth et al. 2020), `"bregman": "qAlpha"`.
 * `"bregman"` is a potential, `"stepper"` (the potential of the mirrorDescent / mirrorFlow stepper; squared for gd and
 * flow) or `"qAlpha"` (diagonalLinear from u = v = α·1). The square loss only: otherwise the limit is not the oracle.
 */
import { fail, obj, onlyKeys } from '../json/read.js';
import * as Q from '../numeric/rational.js';
import type { Num } from '../numeric/types.js';
import type { BregmanProblem } from '../potentials/bregman.js';
import { readPotential } from '../potentials/json.js';
import type { PotentialSpec } from '../potentials/registry.js';
import type { ModelPart, StepperPart } from './spec.js';

const P = 'spec.oracle';
const MODELS = ['linearClassifier', 'shallowLinearized', 'diagonalLinear'];

/** The canonical oracle of a spec: the potential, resolved ("stepper", "qAlpha" replaced by what they name). */
export interface OracleSpec {
  readonly bregman: PotentialSpec;
}

/** The potential of the stepper (`"bregman": "stepper"`). */
function stepperPotential(stepper: StepperPart): PotentialSpec {
  const s = stepper.spec as { readonly potential?: PotentialSpec };
  if (stepper.kind === 'mirrorDescent' || stepper.kind === 'mirrorFlow') return s.potential ?? { name: 'squared' };
  if (stepper.kind === 'gd' || stepper.kind === 'flow') return { name: 'squared' };
  return fail(
    `${P}.bregman`,
    `"stepper" takes the potential of a mirrorDescent, mirrorFlow, gd or flow stepper; ${stepper.kind} has none`,
  );
}

/** α of u(0) = v(0) = α·1 (`"bregman": "qAlpha"`). */
function qAlpha(model: ModelPart): PotentialSpec {
  if (model.kind !== 'diagonalLinear')
    fail(`${P}.bregman`, `"qAlpha" is the oracle of diagonalLinear (u = v = α·1), not of ${model.kind}`);
  const a = model.theta0[0]!;
  const same = model.theta0.every((t) => Q.eq(Q.parseNum(t), Q.parseNum(a)));
  if (!same || Q.sign(Q.parseNum(a)) <= 0)
    fail(`${P}.bregman`, '"qAlpha" needs u(0) = v(0) = α·1 with α > 0 (the model\'s "d" and "alpha")');
  return { name: 'woodworth', param: a };
}

/** Ψ_ik = σ(w_k x_i − b_k)/√n as exact decimals, or null when 1/√n has no finite decimal expansion. */
export function exactShallowFeatures(
  spec: { readonly width: number; readonly activation: string; readonly w: readonly Num[]; readonly b: readonly Num[] },
  x: readonly Num[],
): Num[][] | null {
  const root = Math.round(Math.sqrt(spec.width));
  if (root * root !== spec.width) return null;
  try {
    return x.map((xi) =>
      spec.w.map((wk, k) => {
        const z = Q.sub(Q.mul(Q.parseNum(wk), Q.parseNum(xi)), Q.parseNum(spec.b[k]!));
        const s = spec.activation === 'relu' ? Q.max(z, Q.ZERO) : Q.abs(z);
        return Q.toPlainNum(Q.div(s, Q.fromInt(root)));
      }),
    );
  } catch (e) {
    if (e instanceof RangeError) return null; // a quotient without a finite decimal expansion
    throw e;
  }
}

/** Validates `spec.oracle` against the model, loss and stepper (one-line InputErrors naming the field). */
export function parseOracle(
  x: unknown,
  model: ModelPart,
  loss: string | undefined,
  stepper: StepperPart,
  data: { readonly x: Num[][] } | undefined,
): OracleSpec {
  const r = obj(x, P);
  onlyKeys(r, P, ['bregman'], 'oracle');
  if (r.bregman === undefined)
    fail(`${P}.bregman`, 'is required (a potential, e.g. {"hypentropy": "0.5"}, or "stepper", or "qAlpha")');
  if (!MODELS.includes(model.kind) || loss !== 'square')
    fail(P, `the Bregman oracle needs the linear least-squares setting (${MODELS.join(', ')} with "square")`);
  let bregman: PotentialSpec;
  if (r.bregman === 'stepper') {
    if (model.kind === 'diagonalLinear')
      fail(`${P}.bregman`, 'diagonalLinear trains u and v, not w: its oracle is "qAlpha" (Q_α of u = v = α·1)');
    bregman = stepperPotential(stepper);
  } else if (r.bregman === 'qAlpha') bregman = qAlpha(model);
  else bregman = readPotential(r.bregman, `${P}.bregman`);
  if (model.kind === 'shallowLinearized' && data !== undefined) {
    const s = model.spec as Parameters<typeof exactShallowFeatures>[0];
    if (
      exactShallowFeatures(
        s,
        data.x.map((row) => row[0]!),
      ) === null
    )
      fail(
        P,
        `the shallowLinearized oracle needs exact features σ(w x − b)/√n: width ${s.width} must be a square whose root is 2^p·5^q (e.g. 64, 100, 1024)`,
      );
  }
  return { bregman };
}

/** The oracle's problem: X, y and w₀ in the coordinates the oracle lives in (module comment). */
export function oracleProblem(
  model: ModelPart,
  data: { readonly x: readonly Num[][]; readonly y: readonly Num[] },
): BregmanProblem {
  if (model.kind === 'shallowLinearized') {
    const X = exactShallowFeatures(
      model.spec as Parameters<typeof exactShallowFeatures>[0],
      data.x.map((row) => row[0]!),
    );
    if (X === null) throw new RangeError('the shallowLinearized oracle needs exact features (checked when parsed)');
    return { X, y: data.y, w0: model.theta0 };
  }
  if (model.kind === 'diagonalLinear') {
    const d = model.theta0.length / 2;
    const sq = (t: Num) => Q.mul(Q.parseNum(t), Q.parseNum(t));
    const w0 = model.theta0.slice(0, d).map((u, j) => Q.toPlainNum(Q.sub(sq(u), sq(model.theta0[d + j]!))));
    return { X: data.x, y: data.y, w0 };
  }
  return { X: data.x, y: data.y, w0: model.theta0 };
}
