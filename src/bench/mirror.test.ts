/**
 * The mirror benchmark cells at a small width (n = 64: √n = 8, so Ψ is exact and the oracle is certified):
 * mirror descent stops by its rule, its reported distance to the Bregman oracle agrees with an independent
 * certificate of the final iterate (`certifyIterate`: a box holding both a and w*), and the iterate is the projection
 * of its own potential, not gradient descent's (x²/2). Mirror flow on the full network reaches t1 and decreases the
 * loss (d/dt L = −∇Lᵀ(∇²Φ)⁻¹∇L ≤ 0 along a mirror flow).
 */
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { ddBackend } from '../numeric/dd.js';
import { bregmanData, bregmanProjection, certifyIterate } from '../potentials/bregman.js';
import { makePotential } from '../potentials/registry.js';
import { shallowInit } from '../models/shallow.js';
import {
  centred,
  MIRROR_C,
  MIRROR_POTENTIAL,
  MIRROR_SEED,
  MIRROR_Y,
  LADDER_WIDTHS,
  mdLadderCell,
  mdLinearizedProblem,
  mirrorWorkloads,
  mfShallowCell,
  mirrorStep,
  topEigenvalueBound,
} from './mirror.js';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

const lambdaMax = (G: number[][]) => Math.max(...new EigenvalueDecomposition(new Matrix(G)).realEigenvalues);

const WIDTH = 64;

describe('mirror benchmark cells', () => {
  it('topEigenvalueBound: ≥ λ_max (exact on small cases, also with negative entries) and tight for a Gram of ReLU features', () => {
    expect(
      topEigenvalueBound([
        [2, 1],
        [1, 2],
      ]),
    ).toBeCloseTo(3, 12);
    // λ_max = 3 also for the sign-flipped matrix (ρ(|G|) = 3 bounds it)
    expect(
      topEigenvalueBound([
        [1, -2],
        [-2, 1],
      ]),
    ).toBeGreaterThanOrEqual(3 - 1e-12);
    // |G| reducible (a zero block): the floor keeps v > 0 and the bound valid
    expect(
      topEigenvalueBound([
        [4, 0],
        [0, 1],
      ]),
    ).toBeGreaterThanOrEqual(4);
    const B = f64Backend();
    const pb = mdLinearizedProblem(B, WIDTH, 'none');
    const psi = [0, 1, 2, 3, 4].map((i) => Array.from(B.toNumbers(B.row(pb.Psi, i))));
    const G = psi.map((r) => psi.map((s) => r.reduce((t, v, k) => t + v * s[k]!, 0)));
    const lam = lambdaMax(G);
    const bound = topEigenvalueBound(G);
    expect(bound).toBeGreaterThanOrEqual(lam * (1 - 1e-12));
    expect(bound).toBeLessThan(lam * (1 + 1e-9));
  });

  it('mirrorStep: η·λ_max(ΨΨᵀ)/μ in (15/16, 15/8], a dyadic with 8 significant bits', () => {
    for (const G of [
      [
        [0.9, 0.1],
        [0.1, 0.2],
      ],
      [
        [3, 0],
        [0, 1e-3],
      ],
    ]) {
      // Ψ with ΨΨᵀ = G: the Cholesky factor's rows
      const l11 = Math.sqrt(G[0]![0]!);
      const l21 = G[1]![0]! / l11;
      const psi = [
        [l11, 0],
        [l21, Math.sqrt(G[1]![1]! - l21 * l21)],
      ];
      const eta = Number(mirrorStep(psi, 2));
      const q = (eta * lambdaMax(G)) / 2;
      expect(q).toBeLessThanOrEqual(15 / 8 + 1e-12);
      expect(q).toBeGreaterThan(15 / 16);
      const e = Math.ceil(-Math.log2(eta)) + 8;
      expect(Number.isInteger(eta * 2 ** e) && eta * 2 ** e < 2 ** 9).toBe(true);
    }
  });

  it('md-linearized: stops at ‖Ψa − y‖_∞ ≤ 2^−40 at the certified oracle of its own potential', () => {
    const B = f64Backend();
    const pb = mdLinearizedProblem(B, WIDTH);
    const { theta, steps, residual } = pb.solve(200_000);
    expect(steps).toBeLessThan(200_000);
    expect(B.cmp(residual, pb.tol)).toBeLessThanOrEqual(0);
    expect(pb.exact).not.toBeNull();
    expect(pb.oracle?.ok).toBe(true);
    if (pb.exact === null || pb.oracle === null || !pb.oracle.ok) return;
    const prob = { X: pb.exact, y: MIRROR_Y, w0: Array.from({ length: WIDTH }, () => '0') };
    // an independent certificate of the iterate: a and w* both lie in `box`, so |a_j − w*_j| ≤ 2·rad_j
    const cert = certifyIterate(pb.P, bregmanData(pb.P, prob), theta);
    if ('reason' in cert) throw new Error(cert.reason);
    const bound = 2 * B.toNumber(B.amax(cert.box.err));
    const reported = B.toNumber(B.amax(B.vsub(theta, pb.oracle.wStar.value)));
    expect(reported).toBeLessThanOrEqual(bound + B.toNumber(B.amax(pb.oracle.wStar.err)));
    // the tolerance makes the bound small (ρ ≤ √5·2^−40 against λ_min(ΨΨᵀ) of this instance), not vacuous
    expect(bound).toBeLessThan(1e-6);
    // negative control: gradient descent's limit (φ = x²/2) is a different point, far outside the box
    const gd = bregmanProjection(makePotential(B, { name: 'squared' }), prob);
    if (!gd.ok) throw new Error(gd.reason);
    const toGd = B.toNumber(B.amax(B.vsub(theta, gd.wStar.value)));
    expect(toGd).toBeGreaterThan(100 * bound);
  });

  it('md-linearized-ladder: each rung runs to the stopping rule at the certified oracle of its data; totals add up', () => {
    expect(LADDER_WIDTHS).toEqual([100, 1_000, 10_000, 100_000]);
    expect(Object.hasOwn(mirrorWorkloads, 'md-linearized-ladder-1e5')).toBe(true);
    const B = f64Backend();
    // 64: √n = 8, exact features; 10: 1/√10 has no finite decimal expansion, so the oracle takes the run's Ψ
    const cell = mdLadderCell(B, [64, 10]);
    const out = cell.run();
    expect(out.w64_oracle_data).toBe('exact');
    expect(out.w1e1_oracle_data).toBe('run');
    let total = 0;
    for (const [k, pb] of [
      ['w64', cell.problems[0]!],
      ['w1e1', cell.problems[1]!],
    ] as const) {
      expect(out[`${k}_converged`]).toBe('true');
      const steps = Number(out[`${k}_steps`]);
      expect(steps).toBeGreaterThan(0);
      total += steps;
      // an independent certificate of the final iterate (same data: exact features, else the run's Ψ as decimals)
      // bounds the reported distance
      const { theta } = pb.solve(200_000);
      const X = pb.exact ?? MIRROR_Y.map((_, i) => Array.from(B.toNumbers(B.row(pb.Psi, i))).map(String));
      const prob = { X, y: MIRROR_Y, w0: Array.from({ length: pb.width }, () => '0') };
      const cert = certifyIterate(pb.P, bregmanData(pb.P, prob), theta);
      if ('reason' in cert) throw new Error(cert.reason);
      const bound = 2 * B.toNumber(B.amax(cert.box.err)) + Number(out[`${k}_oracle_dist_err`]);
      expect(Number(out[`${k}_oracle_dist`])).toBeLessThanOrEqual(bound);
      expect(bound).toBeLessThan(1e-6);
    }
    expect(Number(out.total_steps)).toBe(total);
    expect(Number(out.total_cpu_ms)).toBeGreaterThanOrEqual(0);
  });

  it('mf-shallow: reaches t1 with the loss decreased; the centred potential vanishes at θ₀', () => {
    const B = ddBackend();
    const out = mfShallowCell(B, 16, '0.0625').run();
    expect(out.result).toBe('ok');
    expect(B.cmp(B.num(out.t1!), B.num('0.0625'))).toBe(0);
    expect(B.cmp(B.num(out.loss_t1!), B.num(out.loss0!))).toBeLessThan(0);
    expect(B.cmp(B.num(out.lazy!), B.zero)).toBeGreaterThan(0);
    const init = shallowInit(16, MIRROR_C, MIRROR_SEED);
    const theta0 = B.vec([...init.w, ...init.b, ...init.a]);
    const P = centred(B, makePotential(B, MIRROR_POTENTIAL), theta0);
    expect(B.cmp(B.amax(P.grad(theta0)), B.zero)).toBe(0);
    expect(B.cmp(B.amax(B.vsub(P.gradInv(B.zeros(48)), theta0)), B.zero)).toBe(0);
  });
});
