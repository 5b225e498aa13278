import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { decBackend } from '../numeric/decimal.js';
import { ddBackend } from '../numeric/dd.js';
import { f64Backend } from '../numeric/f64.js';
import type { Backend, Repr, S } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { expectCos, expectExp, expectQuadratic } from './expectations.js';
import { marginal, noiseOverLr, pointMass, propagate, sgdmSystem, sgdSystem, stepMoments } from './linearGaussian.js';
import { sgdmStationaryCovariance, sgdStationaryVariance } from './stationary.js';
import { svagCoefficients, svagNoiseFactor, svagProblem } from './svag.js';
import { cosSin } from './trig.js';

const B = decBackend(50) as unknown as Backend<Opaque>;
const n = (x: string) => B.num(x);

/** |a − b| ≤ tol·max(|b|, 1e-30) at dec:50. */
function close<R extends Repr>(Bk: Backend<R>, a: S<R>, b: S<R>, tol: string): boolean {
  const scale = Bk.max(Bk.abs(b), Bk.num('1e-30'));
  return Bk.cmp(Bk.abs(Bk.sub(a, b)), Bk.mul(Bk.num(tol), scale)) <= 0;
}

const oneD = (h: string, sigma2: string) => ({ H: B.mat([[h]]), xStar: B.vec(['0']), Sigma: B.mat([[sigma2]]) });

describe('1-D closed forms at dec:50 (docs/theorems/momentum.md M2)', () => {
  it('SGD: mean a^K x₀ and variance V(1 − a^{2K}), a = 1 − ηh, V = ησ²/(h(2 − ηh))', () => {
    const [lr, h, s2] = [n('0.3'), n('2'), n('0.5')];
    const sys = sgdSystem(B, oneD('2', '0.5'), lr);
    const K = 40;
    const out = propagate(B, sys, pointMass(B, sys, B.vec(['1.5'])), K);
    const a = B.sub(B.one, B.mul(lr, h));
    const V = sgdStationaryVariance(B, lr, h, s2);
    const m = out.last.moments;
    expect(close(B, B.at(m.mean, 0), B.mul(B.powi(a, K), n('1.5')), '1e-45')).toBe(true);
    expect(close(B, B.mget(m.cov, 0, 0), B.mul(V, B.sub(B.one, B.powi(a, 2 * K))), '1e-45')).toBe(true);
    // and the formula is not an identity of the recursion: a wrong V (factor 2 in place of 2 − ηh) is far off
    const wrong = B.div(B.mul(lr, s2), B.mul(h, B.int(2)));
    expect(close(B, B.mget(m.cov, 0, 0), wrong, '1e-3')).toBe(false);
  });

  it('SGDM: the closed-form covariance of (x, m) is the fixed point, and the recursion from rest converges to it', () => {
    const [lr, beta, h, s2] = [n('0.05'), n('0.9'), n('1.5'), n('2')];
    const sys = sgdmSystem(B, oneD('1.5', '2'), lr, beta);
    const P = sgdmStationaryCovariance(B, lr, beta, h, s2);
    const Pm = B.mat([
      [B.show(P.xx), B.show(P.xm)],
      [B.show(P.xm), B.show(P.mm)],
    ]);
    const next = stepMoments(B, sys, { mean: B.zeros(2), cov: Pm });
    for (const [i, j] of [
      [0, 0],
      [0, 1],
      [1, 1],
    ] as const)
      expect(close(B, B.mget(next.cov, i, j), B.mget(Pm, i, j), '1e-45')).toBe(true);
    // ρ(A) = √β ≈ 0.949 here (complex eigenvalues), so 2500 steps leave ρ^{5000} < 1e-100 of P_∞
    const out = propagate(B, sys, pointMass(B, sys, B.vec(['1'])), 2500, (k) => k === 2500);
    const V = B.mget(marginal(B, out.last.moments, 1).cov, 0, 0);
    expect(close(B, V, P.xx, '1e-40')).toBe(true);
    // with γ = η(1 − β): V = ησ²(1 + β)/(h(2(1 + β) − ηh(1 − β)))
    const eta = B.div(lr, B.sub(B.one, beta));
    const onePlus = B.add(B.one, beta);
    const normalized = B.div(
      B.mul(B.mul(eta, s2), onePlus),
      B.mul(h, B.sub(B.mul(B.int(2), onePlus), B.mul(B.mul(eta, h), B.sub(B.one, beta)))),
    );
    expect(close(B, P.xx, normalized, '1e-45')).toBe(true);
  });

  it('SGDM and SGD stationary variances differ by −β/(2(1 + β))·η²σ² + O(η³) at the same effective rate', () => {
    const [beta, h, s2] = [n('0.5'), n('1'), n('1')];
    const gap = (eta: S<Opaque>) => {
      const sgdV = sgdStationaryVariance(B, eta, h, s2);
      const sgdmV = sgdmStationaryCovariance(B, B.mul(eta, B.sub(B.one, beta)), beta, h, s2).xx;
      return B.div(B.sub(sgdmV, sgdV), B.mul(eta, eta));
    };
    const lead = B.neg(B.div(beta, B.mul(B.int(2), B.add(B.one, beta))));
    // (gap/η² − lead) = O(η): shrinks by ≈ 10 per decade of η
    const r1 = B.toNumber(B.abs(B.sub(gap(n('1e-3')), lead)));
    const r2 = B.toNumber(B.abs(B.sub(gap(n('1e-4')), lead)));
    expect(r1).toBeLessThan(1e-3);
    expect(r2 / r1).toBeGreaterThan(0.05);
    expect(r2 / r1).toBeLessThan(0.2);
  });

  it('d = 2, H = Q diag(h) Qᵀ, Σ = sI: the long-run covariance is Q diag(ηs/(h_i(2 − ηh_i))) Qᵀ', () => {
    // Q = [[3, 4], [−4, 3]]/5, h = (1, 3): H = [[2.92, −0.96], [−0.96, 1.08]]·… computed exactly below
    const Q = B.mat([
      ['0.6', '0.8'],
      ['-0.8', '0.6'],
    ]);
    const H = B.gemm(B.gemm(Q, B.diag(B.vec(['1', '3']))), Q, false, true);
    const lr = n('0.25');
    const s = n('0.5');
    const sys = sgdSystem(
      B,
      {
        H,
        xStar: B.vec(['1', '-2']),
        Sigma: B.mat([
          ['0.5', '0'],
          ['0', '0.5'],
        ]),
      },
      lr,
    );
    // |1 − ηh_i| ≤ 3/4: 400 steps leave (3/4)^{400}·|x*| < 1e-49 of the mean and (3/4)^{800} of the covariance
    const out = propagate(B, sys, pointMass(B, sys, B.vec(['0', '0'])), 400, (k) => k === 400);
    const V = B.vec([B.show(sgdStationaryVariance(B, lr, n('1'), s)), B.show(sgdStationaryVariance(B, lr, n('3'), s))]);
    const P = B.gemm(B.gemm(Q, B.diag(V)), Q, false, true);
    for (let i = 0; i < 2; i++) {
      expect(close(B, B.at(out.last.moments.mean, i), B.at(B.vec(['1', '-2']), i), '1e-40')).toBe(true);
      for (let j = 0; j < 2; j++)
        expect(close(B, B.mget(out.last.moments.cov, i, j), B.mget(P, i, j), '1e-40')).toBe(true);
    }
  });

  it('Σ ∝ 1/η: noiseOverLr divides Σ by η', () => {
    const S1 = noiseOverLr(B, B.mat([['2']]), n('0.125'));
    expect(B.mshow(S1)).toEqual([['16']]);
  });

  it('refuses shapes that do not match, naming the matrix', () => {
    const I2 = B.mat([
      ['1', '0'],
      ['0', '1'],
    ]);
    expect(() => sgdSystem(B, { H: I2, xStar: B.vec(['0', '0']), Sigma: B.mat([['1']]) }, n('0.1'))).toThrow(
      /Sigma is 1×1; it must be 2×2/,
    );
    expect(() => sgdSystem(B, { H: I2, b: B.vec(['0']), Sigma: I2 }, n('0.1'))).toThrow(/b has 1 entries; H is 2×2/);
  });

  it('diverges are reported past the SGD threshold (ηh > 2)', () => {
    const F = f64Backend() as unknown as Backend<Opaque>;
    const sys = sgdSystem(F, { H: F.mat([['1']]), xStar: F.vec(['0']), Sigma: F.mat([['1']]) }, F.num('2.5'));
    const out = propagate(F, sys, pointMass(F, sys, F.vec(['1'])), 5000);
    expect(out.diverged).toBe(true);
  });
});

describe('Gaussian expectations', () => {
  it('cos and sin agree with decimal.js at dec:50 over a range of magnitudes', () => {
    const D = Decimal.clone({ precision: 60 });
    for (const x of ['0', '0.01', '-0.5', '1', '3.14159', '-7.25', '100', '12345.678']) {
      const { cos, sin } = cosSin(B, n(x));
      const ax = Math.max(1, Math.abs(Number(x)));
      // accuracy: (2^j + 8)u + |x|u with 2^j ≤ 32|x|: within 1e-45·|x| at 50 digits
      const tol = new D(ax).times('1e-45');
      expect(new D(B.show(cos)).minus(D.cos(x)).abs().lte(tol)).toBe(true);
      expect(new D(B.show(sin)).minus(D.sin(x)).abs().lte(tol)).toBe(true);
    }
  });

  it('E[xᵀQx], E cos(aᵀx), E e^{aᵀx} of N(μ, P) match their closed forms', () => {
    const m = {
      mean: B.vec(['1', '-0.5']),
      cov: B.mat([
        ['2', '0.5'],
        ['0.5', '1'],
      ]),
    };
    const Q = B.mat([
      ['1', '2'],
      ['0', '3'],
    ]);
    // tr(QP) = 2 + 1 + 3 = 6 (Q₁₁P₁₁ + Q₁₂P₂₁ + Q₂₂P₂₂), μᵀQμ = 1 − 1 + 0.75 = 0.75
    expect(B.show(expectQuadratic(B, m, Q))).toBe('6.75');
    const a = B.vec(['1', '2']);
    // aᵀμ = 0, aᵀPa = 2 + 2 + 4 = 8
    expect(close(B, expectCos(B, m, a), B.exp(n('-4')), '1e-45')).toBe(true);
    expect(close(B, expectExp(B, m, a), B.exp(n('4')), '1e-45')).toBe(true);
    expect(() => expectCos(B, m, B.vec(['1']))).toThrow(/take the marginal/);
  });
});

describe('SVAG (docs/theorems/momentum.md M5)', () => {
  it('r₁ + r₂ = 1, r₁² + r₂² = ℓ; the problem has covariance ℓΣ and the factor [r₁C | r₂C] squares to ℓCCᵀ', () => {
    const ell = n('4');
    const { r1, r2 } = svagCoefficients(B, ell);
    expect(close(B, B.add(r1, r2), B.one, '1e-48')).toBe(true);
    expect(close(B, B.add(B.mul(r1, r1), B.mul(r2, r2)), ell, '1e-48')).toBe(true);
    const q = svagProblem(B, { H: B.mat([['1']]), xStar: B.vec(['0']), Sigma: B.mat([['0.75']]) }, ell);
    expect(close(B, B.mget(q.Sigma, 0, 0), n('3'), '1e-48')).toBe(true);
    const C = B.mat([
      ['1', '0'],
      ['0.5', '2'],
    ]);
    const Cs = svagNoiseFactor(B, C, ell);
    expect([B.rows(Cs), B.cols(Cs)]).toEqual([2, 4]);
    const CC = B.gemm(C, C, false, true);
    const CsCs = B.gemm(Cs, Cs, false, true);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        expect(close(B, B.mget(CsCs, i, j), B.mul(ell, B.mget(CC, i, j)), '1e-48')).toBe(true);
    expect(() => svagCoefficients(B, n('0.25'))).toThrow(/must be ≥ 1\/2/);
  });

  it('runs on dd as on dec:50 (one code path for every backend)', () => {
    const D2 = ddBackend() as unknown as Backend<Opaque>;
    const sys = sgdmSystem(
      D2,
      { H: D2.mat([['1']]), xStar: D2.vec(['0']), Sigma: D2.mat([['1']]) },
      D2.num('0.1'),
      D2.num('0.5'),
    );
    const out = propagate(D2, sys, pointMass(D2, sys, D2.vec(['1'])), 10);
    const ref = sgdmSystem(B, oneD('1', '1'), n('0.1'), n('0.5'));
    const outRef = propagate(B, ref, pointMass(B, ref, B.vec(['1'])), 10);
    const v = new Decimal(D2.show(D2.mget(out.last.moments.cov, 0, 0)));
    const w = new Decimal(B.show(B.mget(outRef.last.moments.cov, 0, 0)));
    expect(v.minus(w).abs().div(w).lt(1e-28)).toBe(true);
  });
});
