import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import type { M, V } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { gd } from './gd.js';
import { heavyBall } from './heavyBall.js';
import { euclidean, hypentropy, mirrorDescent, separablePotential, vasinh, vsinh } from './mirrorDescent.js';
import { nesterov } from './nesterov.js';
import { run } from './run.js';
import { sgd, sgdm } from './sgd.js';

const B = f64Backend();
const u = 2 ** -53;
// 1-D F(θ) = ½θ²: with dyadic η, β and θ_0 every iterate below is a short dyadic, so double recurrences are exact.
const F1 = quadratic(B, { A: B.mat([['1']]) });
/** F(θ) = (1/n) Σ_i ½(x_iᵀθ − y_i)²: a linear predictor with the square loss. */
const leastSquares = (X: M<F64>, y: V<F64>) => objective(B, linearClassifier(B, { d: B.cols(X) }), square(B), { X, y });
const thetas = (xs: readonly { theta: readonly number[] }[]) => xs.map((p) => p.theta[0]);

describe('steppers follow their update equations', () => {
  it('gd: θ_{k+1} = θ_k − η∇F(θ_k)', () => {
    const out = run(F1, gd(B, { lr: B.num('0.25') }), B.vec(['1']), { steps: 6, save: { every: 1 } });
    expect(thetas(out.trajectory)).toEqual(Array.from({ length: 7 }, (_, k) => 0.75 ** k));
  });

  it('heavyBall: θ_{k+1} = θ_k − η∇F(θ_k) + β(θ_k − θ_{k−1}), from rest', () => {
    const eta = 0.25;
    const beta = 0.5;
    const want = [1, 1];
    for (let k = 1; k <= 6; k++) want.push(want[k]! - eta * want[k]! + beta * (want[k]! - want[k - 1]!));
    const out = run(F1, heavyBall(B, { lr: B.num('0.25'), beta: B.num('0.5') }), B.vec(['1']), {
      steps: 6,
      save: { every: 1 },
    });
    expect(thetas(out.trajectory)).toEqual(want.slice(1));
  });

  it('nesterov: y = θ_k + β(θ_k − θ_{k−1}), θ_{k+1} = y − η∇F(y), from rest', () => {
    const eta = 0.25;
    const beta = 0.5;
    const want = [1, 1];
    for (let k = 1; k <= 6; k++) {
      const y = want[k]! + beta * (want[k]! - want[k - 1]!);
      want.push(y - eta * y);
    }
    const out = run(F1, nesterov(B, { lr: B.num('0.25'), beta: B.num('0.5') }), B.vec(['1']), {
      steps: 6,
      save: { every: 1 },
    });
    expect(thetas(out.trajectory)).toEqual(want.slice(1));
  });

  it('sgdm (full batch, no noise): m_{k+1} = βm_k + g_k, θ_{k+1} = θ_k − γm_{k+1}, m_0 = 0', () => {
    const gamma = 0.25;
    const beta = 0.5;
    let m = 0;
    const want = [1];
    for (let k = 0; k < 6; k++) {
      m = beta * m + want[k]!;
      want.push(want[k]! - gamma * m);
    }
    const out = run(F1, sgdm(B, { lr: B.num('0.25'), beta: B.num('0.5'), seed: 1 }), B.vec(['1']), {
      steps: 6,
      save: { every: 1 },
    });
    expect(thetas(out.trajectory)).toEqual(want);
  });

  it('sgdm (γ, β) and the EMA form with η = γ/(1 − β) give the same iterates', () => {
    // EMA form m̃ ← βm̃ + (1 − β)g, θ ← θ − ηm̃, with m̃ = (1 − β)m: exact here (dyadic β = 1/2, γ = 1/8, η = 1/4)
    let mt = 0;
    const ema = [1];
    for (let k = 0; k < 6; k++) {
      mt = 0.5 * mt + 0.5 * ema[k]!;
      ema.push(ema[k]! - 0.25 * mt);
    }
    const out = run(F1, sgdm(B, { lr: B.num('0.125'), beta: B.num('0.5'), seed: 0 }), B.vec(['1']), {
      steps: 6,
      save: { every: 1 },
    });
    expect(thetas(out.trajectory)).toEqual(ema);
  });

  it('sgd with batch size 1 and no noise takes, at each step, a gd step on one sample, and visits every sample', () => {
    const X = B.mat([
      ['1', '0'],
      ['0', '1'],
      ['1', '1'],
    ]);
    const y = B.vec(['1', '2', '-1']);
    const F = leastSquares(X, y);
    const st = sgd(B, { lr: B.num('0.5'), batchSize: 1, seed: 5 });
    let s = st.init(F, B.vec(['0.5', '-0.5']));
    const used = new Set<number>();
    for (let k = 0; k < 40; k++) {
      const next = st.step(F, s, k);
      const i = [0, 1, 2].find((j) => {
        const Fj = F.subset([j]);
        return (
          B.vshow(gd(B, { lr: B.num('0.5') }).step(Fj, { theta: s.theta }, k).theta).join() ===
          B.vshow(next.theta).join()
        );
      });
      expect(i).toBeDefined();
      used.add(i!);
      s = next;
    }
    expect(used.size).toBe(3);
  });

  it('sgd gradient noise has covariance CCᵀ: on F ≡ 0 the steps are −ηCξ (sample covariance within 5 standard errors)', () => {
    const F0 = quadratic(B, {
      A: B.mat([
        ['0', '0'],
        ['0', '0'],
      ]),
    });
    const C = B.mat([
      ['1', '0'],
      ['0.5', '2'],
    ]);
    const S = [
      [1, 0.5],
      [0.5, 4.25],
    ]; // CCᵀ
    const n = 4000;
    const out = run(F0, sgd(B, { lr: B.one, noiseFactor: C, seed: 9 }), B.vec(['0', '0']), {
      steps: n,
      save: { every: 1 },
    });
    const d = out.trajectory.slice(1).map((p, k) => [0, 1].map((i) => out.trajectory[k]!.theta[i]! - p.theta[i]!));
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) {
        const c = d.reduce((a, x) => a + x[i]! * x[j]!, 0) / n;
        const se = Math.sqrt((S[i]![i]! * S[j]![j]! + S[i]![j]! ** 2) / n); // Var(x_i x_j) for a centred Gaussian
        expect(Math.abs(c - S[i]![j]!)).toBeLessThan(5 * se);
      }
    }
  });

  it('sgd and sgdm reject a bad batch size or noise factor, naming it', () => {
    const F = leastSquares(B.mat([['1'], ['2']]), B.vec(['0', '1']));
    expect(() => sgd(B, { lr: B.one, batchSize: 3, seed: 0 }).init(F, B.vec(['0']))).toThrow(/batchSize 3/);
    expect(() => sgdm(B, { lr: B.one, beta: B.zero, batchSize: 0, seed: 0 }).init(F, B.vec(['0']))).toThrow(
      /batchSize 0/,
    );
    expect(() => sgd(B, { lr: B.one, noiseFactor: B.eye(2), seed: 0 }).init(F, B.vec(['0']))).toThrow(
      /noiseFactor has 2 rows/,
    );
  });
});

describe('mirror descent and its potentials', () => {
  it('vasinh matches Math.asinh within 10u relative over 600 orders of magnitude (derived: ≈ 8 roundings, condition ≤ 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e150, max: 1e150, noNaN: true }), (t) => {
        const got = vasinh(B, B.vec([String(t)]))[0]!;
        expect(Math.abs(got - Math.asinh(t))).toBeLessThanOrEqual(10 * u * Math.abs(Math.asinh(t)));
      }),
    );
  });

  it('vsinh matches Math.sinh within 6u relative for |z| ≤ 700 (two expm1, one subtraction of same-sign terms)', () => {
    fc.assert(
      fc.property(fc.double({ min: -700, max: 700, noNaN: true }), (z) => {
        const got = vsinh(B, B.vec([String(z)]))[0]!;
        expect(Math.abs(got - Math.sinh(z))).toBeLessThanOrEqual(6 * u * Math.abs(Math.sinh(z)));
      }),
    );
  });

  it('hypentropy round trip β·sinh(asinh(x/β)) returns x within (14 + 8|z|)u|x|, z = asinh(x/β)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: 1, max: 64 }), (x, k) => {
        const beta = k / 16;
        const p = hypentropy(B, B.num(String(beta)));
        const z = p.grad(B.vec([String(x)]))[0]!;
        const back = p.gradInv(B.vec([String(z)]))[0]!;
        expect(Math.abs(back - x)).toBeLessThanOrEqual(
          // + underflow: in the subnormal range each of the ~4 roundings on the way is absolute (2^-1075, times β ≤ 4)
          (14 + 8 * Math.abs(z)) * u * Math.abs(x) + 16 * Number.MIN_VALUE * Math.max(1, beta),
        );
      }),
    );
  });

  it('hypentropy rejects β ≤ 0', () => {
    expect(() => hypentropy(B, B.zero)).toThrow(/beta = 0/);
  });

  it('mirror descent with ½‖·‖² is gd bit for bit', () => {
    const F = leastSquares(
      B.mat([
        ['0.5', '0.25'],
        ['-0.25', '1'],
      ]),
      B.vec(['1', '0']),
    );
    const a = run(F, gd(B, { lr: B.num('0.5') }), B.vec(['1', '2']), { steps: 20 });
    const b = run(F, mirrorDescent(B, { lr: B.num('0.5'), potential: euclidean(B) }), B.vec(['1', '2']), { steps: 20 });
    expect(Array.from(b.theta)).toEqual(Array.from(a.theta));
  });

  it('mirror descent with a user potential φ′ = log, (φ′)⁻¹ = exp is exponentiated gradient θ⁺ = θ ⊙ e^{−η∇F} (within 4u per step)', () => {
    const negEntropy = separablePotential<F64>({
      name: 'negEntropy',
      dphi: (x) => B.map('log', x),
      dphiInv: (z) => B.map('exp', z),
    });
    const F = leastSquares(B.mat([['1', '2']]), B.vec(['1']));
    const st = mirrorDescent(B, { lr: B.num('0.125'), potential: negEntropy });
    let s = st.init(F, B.vec(['0.5', '0.25']));
    for (let k = 0; k < 10; k++) {
      const want = B.vmul(s.theta, B.map('exp', B.scal(B.num('-0.125'), F.grad(s.theta))));
      s = st.step(F, s, k);
      // log then exp of the carried dual vs one exp of the multiplier: a few roundings, condition ≤ |log θ| + 1
      s.theta.forEach((x, i) =>
        expect(Math.abs(x - want[i]!)).toBeLessThanOrEqual(4 * u * (2 + Math.abs(Math.log(x))) * x * (k + 1)),
      );
    }
  });

  it('mirror descent with hypentropy keeps ∇Φ(θ_k) − ∇Φ(θ_0) in the row span of X (Gunasekar et al. 2018 invariant)', () => {
    // X = [1 2]: the null space is spanned by (2, −1); z_0 = ∇Φ(0) = 0 and z_{k+1} = fl(z_k + Δ_k), Δ_k = fl(−η∇F(θ_k))
    // with ∇F = r̂·(1, 2)/n, so Δ_k ∝ (1, 2) up to γ_3 per entry (×x_j, /n, ×η): ⟨z, (2, −1)⟩ moves by ≤ 4γ_3·η|∇F_0|
    // per step from Δ and by u(2|z_{k+1,0}| + |z_{k+1,1}|) from the sums, |z_{k+1,j}| ≤ (1 + 51u)Σ_{t≤k}|Δ_{t,j}| (≤ 50
    // additions).
    const F = leastSquares(B.mat([['1', '2']]), B.vec(['1']));
    const out = run(
      F,
      mirrorDescent(B, { lr: B.num('0.25'), potential: hypentropy(B, B.num('0.5')) }),
      B.vec(['0', '0']),
      {
        steps: 50,
        save: { every: 1 },
      },
    );
    const dual = out.state.dual;
    const eta = 0.25;
    const g3 = (3 * u) / (1 - 3 * u);
    let budget = 0;
    let sum0 = 0; // Σ_t |Δ_{t,0}|
    let sum1 = 0;
    for (const p of out.trajectory.slice(0, -1)) {
      const g = F.grad(p.theta);
      sum0 += eta * Math.abs(g[0]!);
      sum1 += eta * Math.abs(g[1]!);
      budget += 4 * g3 * eta * Math.abs(g[0]!) + u * (1 + 51 * u) * (2 * sum0 + sum1);
    }
    // (1 + 1e-13): the rounding of this budget's ~400 operations and of 2z_0 − z_1 itself
    expect(Math.abs(2 * dual[0]! - dual[1]!)).toBeLessThanOrEqual(budget * (1 + 1e-13));
    // It interpolates, at the rate of the mean value theorem: θ_{k+1} − θ_k = −ηr_kβ·cosh(ξ)∘x, so r_k = xᵀθ_k − 1
    // obeys r_{k+1} = (1 − a_k)r_k, a_k = ηβΣx_j²cosh ξ_j ∈ [ηβ‖x‖², ηβ(cosh s* + 4cosh 2s*)] = [0.625, 0.777] (z =
    // s·(1, 2), s ↑ s* = 0.3704). Per step r picks up ≤ 0.777·(3u + u) + 1.15u (θ = β·sinh z to 3u with Math.expm1 ≤ 1
    // ulp, r̂ to u, z's sum ≤ u·z*) and θ_k's own 3u: |r_k| ≤ 0.375^k + 4.26u/0.625 + 3u < 0.375^k + 10u; F̂ = ½r̂²,
    // |r̂| ≤ |r| + u (+ 2u for ½r̂²).
    out.trajectory.forEach((p, k) => {
      expect(F.value(p.theta), `F(θ_${k})`).toBeLessThanOrEqual(0.5 * (0.375 ** k + 11 * u) ** 2 * (1 + 2 * u));
    });
  });
});
