import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ballArith } from '../ball/ball.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { certifyDisk, certifySolutionSet, solutionSetOn, type SolutionCertificate } from './certify.js';
import type { FiniteSumEntry } from './examples.js';
import { FINITE_SUMS } from './index.js';
import { casesOf } from './laws.js';

type AnyB = Backend<Opaque>;
const certified = Object.entries<FiniteSumEntry>(FINITE_SUMS).filter(([, e]) => e.certificate !== undefined);
const msgOf = (f: () => unknown): string => {
  try {
    f();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
};

describe('certified solution sets', () => {
  it('Examples 2, 3 and 6 carry a certificate', () => {
    expect(certified.map(([n]) => n).sort()).toEqual(['islamovEx2', 'islamovEx3', 'islamovEx6']);
  });

  for (const [name, entry] of certified) {
    it(`${name}: the radial description is the components (dd, sampled points)`, () => {
      const B = ddBackend() as unknown as AnyB;
      const cert = entry.certificate!;
      fc.assert(
        fc.property(casesOf(entry), (k) => {
          const x = k.x.map((v) => B.num(v));
          const t = cert.radial[k.i]!;
          const r = x.map((xi, j) => B.sub(xi, B.num(t.centre[j]!)));
          const q = B.add(B.mul(r[0]!, r[0]!), B.mul(r[1]!, r[1]!));
          return B.cmp(t.profile.psi(B, q), entry.components[k.i]!.value(B, x)) === 0;
        }),
        { numRuns: 100, seed: 12 },
      );
    });

    it(`${name}: the certificate is proved, and at dec:60 each minimizer is a zero of ∇f enclosed to 1e-50`, () => {
      const res = certifySolutionSet(entry);
      expect(res.outsideLower).toBeGreaterThan(res.fUpper);
      const B = decBackend(60) as unknown as AnyB;
      const K = ballArith(B);
      const S = solutionSetOn(B, entry);
      expect(S.minimizers.length).toBe(entry.certificate!.minimizers.length);
      for (const m of S.minimizers) {
        for (const c of m) expect(B.toNumber(c.err)).toBeLessThan(1e-50);
        const g = entry.components.map((c) => c.grad(K, m));
        for (let j = 0; j < 2; j++) expect(K.containsZero(K.add(g[0]![j]!, g[1]![j]!))).toBe(true);
      }
      // f* from the f64 proof bounds the dec:60 enclosure from above; dd's enclosure contains dec:60's midpoint
      expect(B.toNumber(K.upper(S.fStar))).toBeLessThanOrEqual(res.fUpper);
      const D = ddBackend() as unknown as AnyB;
      const Sd = solutionSetOn(D, entry);
      const gap = Math.abs(D.toNumber(Sd.fStar.value) - B.toNumber(S.fStar.value));
      expect(gap).toBeLessThanOrEqual(D.toNumber(Sd.fStar.err) + 1e-30);
    });
  }

  it("Example 6 agrees with the paper's f* ≈ 0.316988 at (0.159375, 0.159375) and (0.840625, 0.840625)", () => {
    const B = decBackend(60) as unknown as AnyB;
    const S = solutionSetOn(B, FINITE_SUMS.islamovEx6);
    // f* = 0.31698730: the paper's last digit is one off (0.316987 when rounded), so compare to 1e-6
    expect(Math.abs(B.toNumber(S.fStar.value) - 0.316988)).toBeLessThan(1e-6);
    const xs = S.minimizers.map((m) => B.toNumber(m[0]!.value)).sort();
    expect(Math.abs(xs[0]! - 0.159375)).toBeLessThan(5e-7);
    expect(Math.abs(xs[1]! - 0.840625)).toBeLessThan(5e-7);
  });

  it("the thresholds of docs/theorems/landscape.md LE4: δ/c is necessary and sufficient, below the theorems' α", () => {
    const B = decBackend(60) as unknown as AnyB;
    const K = ballArith(B);
    // sup ‖∇f_i‖ = sup_s 2sψ'(s²): √2·e^{−1/2} (at s² = 1/2) for 1 − e^{−q};
    // 9a√(b/3)/(8b²) (at s² = b/3) for 1 − a/(b + q)
    const gauss = K.mul(K.sqrt(K.int(2)), K.exp(K.num('-0.5')));
    const rational = (a: number, b: number) =>
      K.div(K.mul(K.int(9 * a), K.sqrt(K.div(K.int(b), K.int(3)))), K.int(8 * b * b));
    const cases = [
      { e: FINITE_SUMS.islamovEx2, delta: 8, G: [gauss, gauss], alphaMin: '8796687', paper: '8796687' },
      {
        e: FINITE_SUMS.islamovEx3,
        delta: 1,
        G: [rational(3, 4), rational(4, 4)],
        alphaMin: '131.49',
        paper: '1512.4586',
      },
      {
        e: FINITE_SUMS.islamovEx6,
        delta: 1,
        G: [rational(1, 1), rational(1, 1)],
        alphaMin: '20.685',
        paper: '41.369325',
      },
    ];
    for (const { e, delta, G, alphaMin, paper } of cases) {
      const S = solutionSetOn(B, e);
      let T = K.int(0); // δ max_{i,j} (1 − f_i*)/c_ij: necessary (far field)
      const suff: ReturnType<typeof K.int>[] = []; // δ + G_i D_ij/c_ij: needed where ⟨∇f_i, x − x_p⟩ < 0
      for (const m of S.minimizers) {
        e.components.forEach((f, i) => {
          const cij = K.sub(f.value(K, m), K.num(f.infimum!));
          T = K.max(T, K.div(K.mul(K.int(delta), K.sub(K.int(1), K.num(f.infimum!))), cij));
          const z = e.certificate!.radial[i]!.centre;
          const D = K.sqrt(K.add(K.sqr(K.sub(m[0]!, K.num(z[0]!))), K.sqr(K.sub(m[1]!, K.num(z[1]!)))));
          suff.push(K.add(K.int(delta), K.div(K.mul(G[i]!, D), cij)));
        });
      }
      for (const x of suff) expect(B.cmp(K.upper(x), K.lower(T)) < 0, `${e.name}: δ + GD/c below δ/c`).toBe(true);
      expect(B.cmp(K.upper(T), B.num(alphaMin)) < 0, `${e.name}: δ/c = ${B.show(T.value)} < ${alphaMin}`).toBe(true);
      // the paper's lower end relative to the exact threshold: 1 (Example 2, up to rounding), ≈ 2 and ≈ 11.5
      const ratio = B.toNumber(K.div(K.num(paper), T).value);
      expect(ratio).toBeGreaterThanOrEqual(1);
      if (e.name === 'islamovEx6') expect(Math.abs(ratio - 2)).toBeLessThan(1e-5);
      if (e.name === 'islamovEx3') expect(ratio).toBeGreaterThan(11);
    }
  });

  it('Proj(x, S) is decided exactly by the side of the bisector, and both minimizers on it', () => {
    const S = solutionSetOn(ddBackend() as unknown as AnyB, FINITE_SUMS.islamovEx6);
    expect(S.candidates(['0', '0'])).toEqual([0]);
    expect(S.candidates(['2', '-0.5'])).toEqual([1]);
    expect(S.candidates(['0.25', '0.75'])).toEqual([0, 1]);
    expect(S.candidates(['0.25', '0.7500000000000000000000000000001'])).toEqual([1]);
    const S3 = solutionSetOn(ddBackend() as unknown as AnyB, FINITE_SUMS.islamovEx3);
    expect(S3.candidates(['-1', '-1'])).toEqual([0]);
  });

  describe('a wrong certificate is refused', () => {
    const ex3 = FINITE_SUMS.islamovEx3;
    const ex6 = FINITE_SUMS.islamovEx6;
    const with3 = (c: Partial<SolutionCertificate>) => ({ ...ex3, certificate: { ...ex3.certificate!, ...c } });
    it("Example 3's local minimum offered as S: the global one is never excluded", () => {
      const local = { centre: ['0.258876387', '0.258876387'], radius: '0.1', mu: '0.05' };
      expect(msgOf(() => certifyDisk(ex3.components, local))).toBe(''); // it is a strict local minimum ...
      const msg = msgOf(() => certifySolutionSet(with3({ minimizers: [local], maxSquares: 3000 })));
      expect(msg).toMatch(/more than 3000 squares/); // ... but not the global one
    });
    it('a curvature bound that is not true on the disk', () => {
      const d = { ...ex3.certificate!.minimizers[0]!, mu: '0.5' };
      expect(msgOf(() => certifySolutionSet(with3({ minimizers: [d] })))).toMatch(/below the stated mu = 0.5/);
    });
    it('a centre too far from the minimizer for its radius', () => {
      const d = { centre: ['2.3', '2.3'], radius: '0.1', mu: '0.1' };
      expect(msgOf(() => certifySolutionSet(with3({ minimizers: [d] })))).toMatch(/too large for radius/);
    });
    it('a box too small for the outside bound', () => {
      expect(msgOf(() => certifySolutionSet(with3({ box: ['-0.5', '3'] })))).toMatch(/enlarge the box/);
    });
    it('two minimizers without the mirror, or a mirror that does not map one disk onto the other', () => {
      const c = ex6.certificate!;
      const noMirror = { ...ex6, certificate: { ...c, mirror: undefined } };
      expect(msgOf(() => certifySolutionSet(noMirror))).toMatch(/needs exactly two and a mirror/);
      const skew = { ...ex6, certificate: { ...c, mirror: '1.0001' } };
      expect(msgOf(() => certifySolutionSet(skew))).toMatch(/does not map/);
      // only one of the two symmetric minimizers: the other is never excluded
      const one = {
        ...ex6,
        certificate: { ...c, minimizers: [c.minimizers[0]!], mirror: undefined, maxSquares: 3000 },
      };
      expect(msgOf(() => certifySolutionSet(one))).toMatch(/more than 3000 squares/);
    });
  });
});
