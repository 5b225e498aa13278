/**
 * The exact moments against sampling: N independent runs of the `sgd` / `sgdm` steppers (seeds 0 … N − 1) on a 2-D
 * quadratic with Gaussian gradient noise C ξ. For a direction a, aᵀx_K is exactly N(aᵀμ_K, aᵀP_Ka) (linear dynamics,
 * Gaussian noise), so over N runs
 *   z = (mean − aᵀμ)/√(aᵀPa/N) ~ N(0, 1)   and   W = Σ(aᵀx − mean)²/(aᵀPa) ~ χ²_{N−1}.
 * Rejection rules: |z| > 5.5 (P < 4e-8), and W outside [k − 2√(kt), k + 2√(kt) + 2t] with k = N − 1, t = 18
 * (Laurent & Massart 2000, Lemma 1: each side has P ≤ e^{−t} < 2e-8). Twelve such tests run here, so the false-alarm
 * probability of the whole file is below 12·4e-8 < 5e-7 (the seeds are fixed, so a run is reproducible).
 */
import { describe, expect, it } from 'vitest';
import { sgd, sgdm } from '../dynamics/sgd.js';
import type { Stepper, StepperState } from '../dynamics/types.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { V } from '../numeric/types.js';
import { quadratic } from '../objective/quadratic.js';
import { marginal, pointMass, propagate, sgdmSystem, sgdSystem, type Moments } from './linearGaussian.js';

const B = f64Backend();
const N = 3000;
const K = 12;
const Z_MAX = 5.5;
const T = 18;

const H = B.mat([
  ['1.5', '0.5'],
  ['0.5', '1'],
]);
const xStar = B.vec(['0.5', '-1']);
const C = B.mat([
  ['1', '0'],
  ['0.5', '0.75'],
]);
const Sigma = B.gemm(C, C, false, true);
const F = quadratic(B, { A: H, b: B.gemv(H, xStar) });
const x0 = B.vec(['2', '1']);
const dirs = [B.vec(['1', '0']), B.vec(['0', '1']), B.vec(['1', '1'])];

/** aᵀx_K over N seeded runs. */
function samples<St extends StepperState<F64>>(make: (seed: number) => Stepper<F64, St>): number[][] {
  const out: number[][] = dirs.map(() => []);
  for (let seed = 0; seed < N; seed++) {
    const st = make(seed);
    let s = st.init(F, x0);
    for (let k = 0; k < K; k++) s = st.step(F, s, k);
    const x = st.theta(s);
    dirs.forEach((a, i) => out[i]!.push(B.toNumber(B.dot(a, x))));
  }
  return out;
}

/** The two statistics for one direction; true when both accept. */
function accepts(xs: readonly number[], mean: number, variance: number): { z: number; w: number; ok: boolean } {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const z = (m - mean) / Math.sqrt(variance / xs.length);
  const w = xs.reduce((s, x) => s + (x - m) ** 2, 0) / variance;
  const k = xs.length - 1;
  const ok = Math.abs(z) <= Z_MAX && w >= k - 2 * Math.sqrt(k * T) && w <= k + 2 * Math.sqrt(k * T) + 2 * T;
  return { z, w, ok };
}

function exact(m: Moments<F64>, a: V<F64>): { mean: number; variance: number } {
  return { mean: B.toNumber(B.dot(a, m.mean)), variance: B.toNumber(B.dot(a, B.gemv(m.cov, a))) };
}

describe('exact moments against sampling (false-alarm probability < 5e-7, module comment)', () => {
  const lr = B.num('0.2');
  const beta = B.num('0.6');
  const sgdRuns = samples((seed) => sgd(B, { lr, seed, noiseFactor: C }));
  const sgdmRuns = samples((seed) => sgdm(B, { lr, beta, seed, noiseFactor: C }));
  const q = { H, xStar, Sigma };
  const sgdSys = sgdSystem(B, q, lr);
  const sgdmSys = sgdmSystem(B, q, lr, beta);
  const sgdK = propagate(B, sgdSys, pointMass(B, sgdSys, x0), K).last.moments;
  const sgdmK = marginal(B, propagate(B, sgdmSys, pointMass(B, sgdmSys, x0), K).last.moments, 2);

  it('SGD: mean and variance of aᵀx_K agree with the sample for three directions', () => {
    dirs.forEach((a, i) => {
      const e = exact(sgdK, a);
      expect(accepts(sgdRuns[i]!, e.mean, e.variance)).toMatchObject({ ok: true });
    });
  });

  it('SGDM (heavy-ball, state (x, m)): the same', () => {
    dirs.forEach((a, i) => {
      const e = exact(sgdmK, a);
      expect(accepts(sgdmRuns[i]!, e.mean, e.variance)).toMatchObject({ ok: true });
    });
  });

  it('the test has teeth: a variance 25% off, a mean 0.2 sd off, or SGD moments for SGDM runs are rejected', () => {
    const e = exact(sgdK, dirs[2]!);
    expect(accepts(sgdRuns[2]!, e.mean, 1.25 * e.variance).ok).toBe(false);
    expect(accepts(sgdRuns[2]!, e.mean, 0.8 * e.variance).ok).toBe(false);
    expect(accepts(sgdRuns[2]!, e.mean + 0.2 * Math.sqrt(e.variance), e.variance).ok).toBe(false);
    const wrong = exact(sgdK, dirs[0]!);
    expect(accepts(sgdmRuns[0]!, wrong.mean, wrong.variance).ok).toBe(false);
  });
});
