import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { constantStep } from './controller.js';
import { ballArith } from '../ball/ball.js';
import { gaussLegendre, gaussQuadraticDrift, gaussStep, type BallForm } from './gauss.js';
import { integrate } from './integrate.js';
import { rk4 } from './solvers.js';
import type { VectorField } from './types.js';
import type { DD } from '../numeric/dd.js';

const B = ddBackend();
const u = B.toNumber(B.eps);

describe('Gauss–Legendre coefficients', () => {
  it.each([2, 3] as const)('s = %i: B(2s), C(s) and b_i a_ij + b_j a_ji = b_i b_j to rounding', (s) => {
    const C = gaussLegendre(B, s);
    const pow = (x: DD['S'], k: number) => B.powi(x, k);
    for (let k = 1; k <= 2 * s; k++) {
      const sum = C.b.reduce((acc, bi, i) => B.add(acc, B.mul(bi, pow(C.c[i]!, k - 1))), B.zero);
      expect(Math.abs(B.toNumber(B.sub(sum, B.div(B.one, B.int(k)))))).toBeLessThan(64 * u);
    }
    // and not B(2s + 1): the order is exactly 2s
    const over = C.b.reduce((acc, bi, i) => B.add(acc, B.mul(bi, pow(C.c[i]!, 2 * s))), B.zero);
    expect(Math.abs(B.toNumber(B.sub(over, B.div(B.one, B.int(2 * s + 1)))))).toBeGreaterThan(1e-6);
    for (let i = 0; i < s; i++)
      for (let k = 1; k <= s; k++) {
        const sum = C.a[i]!.reduce((acc, aij, j) => B.add(acc, B.mul(aij, pow(C.c[j]!, k - 1))), B.zero);
        expect(Math.abs(B.toNumber(B.sub(sum, B.div(pow(C.c[i]!, k), B.int(k)))))).toBeLessThan(64 * u);
      }
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++) {
        const m = B.sub(B.mul(C.b[i]!, C.b[j]!), B.add(B.mul(C.b[i]!, C.a[i]![j]!), B.mul(C.b[j]!, C.a[j]![i]!)));
        expect(Math.abs(B.toNumber(m))).toBeLessThan(16 * u);
      }
  });
});

describe('gaussStep', () => {
  // Euler's free rigid body y' = (αy₂y₃, βy₃y₁, γy₁y₂), α + β + γ = 0: yᵀf(y) = (α + β + γ)y₁y₂y₃ = 0, so ‖y‖² is a
  // quadratic invariant of a nonlinear field
  const [al, be, ga] = [B.num('0.5'), B.num('-1.25'), B.num('0.75')];
  const f: VectorField<DD> = (_t, y) => {
    const [y1, y2, y3] = B.unpack(y) as [DD['S'], DD['S'], DD['S']];
    return B.pack([B.mul(al, B.mul(y2, y3)), B.mul(be, B.mul(y3, y1)), B.mul(ga, B.mul(y1, y2))]);
  };
  const y0 = B.vec(['0.8', '0.6', '0.3']);
  const h = B.num('0.125');
  const N = 40;

  it.each([2, 3] as const)('s = %i conserves ‖y‖² of the rigid body to rounding; explicit RK4 does not', (s) => {
    const C = gaussLegendre(B, s);
    let y = y0;
    for (let n = 0; n < N; n++) {
      const out = gaussStep(B, C, f, B.zero, y, h, f(B.zero, y));
      expect(out.converged).toBe(true);
      y = out.y1;
    }
    const q0 = B.toNumber(B.dot(y0, y0));
    const drift = Math.abs(B.toNumber(B.sub(B.dot(y, y), B.dot(y0, y0))));
    // per step: rounding of the stage sums and of the fixed point, a few u·‖y‖²
    expect(drift).toBeLessThan(N * 64 * u * q0);
    const ex = integrate(f, rk4, constantStep(B, h), { t1: B.mul(B.int(N), h), y0, saveAt: { t0: false } });
    expect(Math.abs(B.toNumber(B.sub(B.dot(ex.y, ex.y), B.dot(y0, y0))))).toBeGreaterThan(1e6 * N * 64 * u);
  });

  it.each([
    [2, 4],
    [3, 6],
  ] as const)('s = %i has order %i on the harmonic oscillator (error ratio for h → h/2)', (s, p) => {
    const osc: VectorField<DD> = (_t, y) => B.pack([B.at(y, 1), B.neg(B.at(y, 0))]);
    const C = gaussLegendre(B, s);
    const err = (n: number) => {
      const hh = B.div(B.one, B.int(n));
      let y = B.vec(['1', '0']);
      for (let i = 0; i < n; i++) y = gaussStep(B, C, osc, B.zero, y, hh, osc(B.zero, y)).y1;
      const exact = B.pack([
        B.num('0.540302305868139717400936607442976603732'),
        B.neg(B.num('0.841470984807896506652502321630298999622')),
      ]);
      return B.toNumber(B.nrm2(B.vsub(y, exact)));
    };
    const ratio = Math.log2(err(4) / err(8));
    expect(Math.abs(ratio - p)).toBeLessThan(0.3);
  });
});

describe('gaussQuadraticDrift: a rigorous per-step bound that assumes only the invariance', () => {
  const K = ballArith(B);
  const C = gaussLegendre(B, 3);
  const norm2: BallForm<DD> = (x, y) => K.dot(x, y);
  const rigid = (gamma: string) => {
    const [al, be, ga] = [B.num('0.5'), B.num('-1.25'), B.num(gamma)];
    const f: VectorField<DD> = (_t, y) => {
      const [y1, y2, y3] = B.unpack(y) as [DD['S'], DD['S'], DD['S']];
      return B.pack([B.mul(al, B.mul(y2, y3)), B.mul(be, B.mul(y3, y1)), B.mul(ga, B.mul(y1, y2))]);
    };
    const fBall = (_t: DD['S'], Y: { value: DD['V']; err: DD['V'] }) => {
      const [y1, y2, y3] = [0, 1, 2].map((i) => K.at(Y, i)) as [
        ReturnType<typeof K.at>,
        ReturnType<typeof K.at>,
        ReturnType<typeof K.at>,
      ];
      const comps = [
        K.mul(K.exact(al), K.mul(y2, y3)),
        K.mul(K.exact(be), K.mul(y3, y1)),
        K.mul(K.exact(ga), K.mul(y1, y2)),
      ];
      return { value: B.pack(comps.map((c) => c.value)), err: B.pack(comps.map((c) => c.err)) };
    };
    return { f, fBall };
  };
  const run = (gamma: string) => {
    const { f, fBall } = rigid(gamma);
    const h = B.num('0.125');
    let y = B.vec(['0.8', '0.6', '0.3']);
    let bound = K.exact(B.zero);
    const y0 = y;
    for (let n = 0; n < 16; n++) {
      const out = gaussStep(B, C, f, B.zero, y, h, f(B.zero, y));
      bound = K.add(bound, gaussQuadraticDrift(K, C, fBall, [norm2], { t: B.zero, y, h, K: out.K, y1: out.y1 })[0]!);
      y = out.y1;
    }
    const drift = K.abs(K.sub(K.dot(K.vexact(y), K.vexact(y)), K.dot(K.vexact(y0), K.vexact(y0))));
    return { drift, bound: K.upper(bound) };
  };

  it('α + β + γ = 0 (‖y‖² invariant): the drift lies within the bound, and the bound is at rounding level', () => {
    const { drift, bound } = run('0.75');
    expect(B.cmp(K.lower(drift), bound)).toBeLessThanOrEqual(0);
    expect(B.toNumber(bound)).toBeLessThan(1e-27);
  });

  it('α + β + γ = 1/1024 (not invariant): the drift exceeds the bound (the bound does not absorb a broken law)', () => {
    const { drift, bound } = run('0.7509765625');
    expect(B.cmp(K.lower(drift), bound)).toBe(1);
  });
});
