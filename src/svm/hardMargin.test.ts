import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eigh } from '../linalg/eigh.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { dyadic } from '../spec/numbers.js';
import { type Q, parseNum } from '../spec/rational.js';
import { plantedSvmData } from '../spec/separable.js';
import { absorbExact, bruteForceSvm } from './exact.testkit.js';
import { absorbLabels, hardMarginSvm, type SvmSolution } from './hardMargin.js';

// Static imports: a missing or broken dd/dec backend fails this file rather than silently testing f64 only.
const backends: AnyBackend[] = [f64Backend(), ddBackend(), decBackend(50)];
// Fewer runs at dec:50 (decimal.js scalar ops are ~500× slower than f64).
const runs = (B: AnyBackend): number => (B.id.startsWith('dec') ? 15 : 60);

/** An exact rational as a backend scalar (one rounding: relative error ≤ u). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fromQ = (B: AnyBackend, a: Q): any => B.div(B.num(a.n.toString()), B.num(a.d.toString()));

/**
 * Forward-error bars on a correctly identified support S with linearly independent vectors: the refined α_S has
 * residual ‖G_SS α_S − 1‖ ≤ √|S|·tol (tol = the certificate's bound on each residual), so
 * ‖α_S − α*_S‖ ≤ √|S|·tol/λ_min(G_SS) and ‖ŵ − w*‖ = ‖Z_Sᵀ(α − α*)‖ ≤ √λ_max·‖α − α*‖, plus the rounding of
 * fl(Zᵀα) ≤ tol. λ_min is eigh's value minus its rigorous error bar.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function forwardBars(B: AnyBackend, X: string[][], y: string[], sol: SvmSolution<any>, S: readonly number[]): { w: any; alpha: any } {
  const Z = absorbLabels(B, B.mat(X), B.vec(y));
  const ZS = B.reshape(B.concat(S.map((i) => B.row(Z, i))), S.length, B.cols(Z));
  const e = eigh(B, B.gemm(ZS, ZS, false, true));
  const last = e.values.length - 1;
  const lmin = B.sub(e.values[last], e.errors[last]);
  const lmax = B.add(e.values[0], e.errors[0]);
  expect(B.cmp(lmin, B.zero)).toBe(1);
  const tol = sol.certificate.tolerance;
  const alpha = B.div(B.mul(B.sqrt(B.int(S.length)), tol), lmin);
  return { alpha, w: B.add(B.mul(alpha, B.sqrt(lmax)), tol) };
}
const forwardBar = (...a: Parameters<typeof forwardBars>) => forwardBars(...a).w;

describe('hardMarginSvm', () => {
  for (const B of backends) {
    describe(`on ${B.id}`, () => {
      it('recovers a planted ŵ, α, support and margin to the backend precision (independent check: explicit KKT formula)', () => {
        fc.assert(
          fc.property(plantedSvmData({ d: { min: 1, max: 3 }, offMargin: { min: 0, max: 5 } }), (spec) => {
            const r = hardMarginSvm(B, { X: B.mat(spec.X), y: B.vec(spec.y) });
            if (r.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(r)}`);
            expect(r.support).toEqual(spec.support);
            expect(r.marginSet).toEqual(spec.marginSet);
            expect(r.strictComplementarity).toBe(true);
            const c = r.certificate;
            for (const v of [c.dualFeasibility, c.primalFeasibility, c.complementarity]) expect(B.cmp(v, c.tolerance)).toBeLessThanOrEqual(0);
            const bar = forwardBar(B, spec.X, spec.y, r, spec.support);
            const err = B.nrm2(B.vsub(r.w, B.vec(spec.wHat)));
            expect(B.cmp(err, bar), `‖ŵ − ŵ_planted‖ = ${B.show(err)} > ${B.show(bar)}`).toBeLessThanOrEqual(0);
            // The rigorous (square-root) bar must also cover the true error.
            expect(B.cmp(err, r.wError)).toBeLessThanOrEqual(0);
            // margin = 1/‖ŵ‖: relative error ≤ ‖ŵ − w*‖/‖w*‖ + a few u.
            const gamma = B.num(spec.margin);
            const mErr = B.abs(B.sub(r.margin, gamma));
            const mBar = B.mul(gamma, B.add(B.mul(bar, gamma), B.mul(B.int(4), B.eps)));
            expect(B.cmp(mErr, mBar)).toBeLessThanOrEqual(0);
            const aErr = B.nrm2(B.vsub(r.alpha, B.vec(spec.alpha)));
            const aBar = forwardBars(B, spec.X, spec.y, r, spec.support).alpha;
            expect(B.cmp(aErr, aBar), `‖α − α*‖ = ${B.show(aErr)} > ${B.show(aBar)}`).toBeLessThanOrEqual(0);
          }),
          { numRuns: runs(B), seed: 20260101 },
        );
      });

      it('meets the issue targets for the measured certificate (≤ 1e-25 at dd, ≤ 1e-45 at dec:50) on planted data', () => {
        // The targets bound the measured KKT violations; f64 gets the analogous 1e-9 (u ≈ 1.1e-16 times the same
        // ~1e7 headroom the dd target leaves over u ≈ 1.2e-32).
        const target = B.num(B.id === 'dd' ? '1e-25' : B.id === 'dec:50' ? '1e-45' : '1e-9');
        fc.assert(
          fc.property(plantedSvmData({ d: { min: 1, max: 3 } }), (spec) => {
            const r = hardMarginSvm(B, { X: B.mat(spec.X), y: B.vec(spec.y) });
            if (r.kind !== 'ok') throw new Error(r.kind);
            const c = r.certificate;
            for (const v of [c.dualFeasibility, c.primalFeasibility, c.complementarity]) expect(B.cmp(v, target)).toBeLessThanOrEqual(0);
          }),
          { numRuns: runs(B), seed: 7 },
        );
      });

      it('agrees with an exact brute force over support subsets on tiny random sets (separable or not)', () => {
        const data = fc
          .record({ N: fc.integer({ min: 1, max: 5 }), d: fc.integer({ min: 1, max: 3 }) })
          .chain(({ N, d }) =>
            fc.record({
              X: fc.array(fc.array(dyadic({ min: '-2', max: '2', bits: 2 }), { minLength: d, maxLength: d }), { minLength: N, maxLength: N }),
              y: fc.array(fc.constantFrom('1', '-1'), { minLength: N, maxLength: N }),
            }),
          );
        let nonSeparableSeen = 0;
        fc.assert(
          fc.property(data, ({ X, y }) => {
            const exact = bruteForceSvm(absorbExact(X, y));
            const r = hardMarginSvm(B, { X: B.mat(X), y: B.vec(y) });
            if (exact === null) {
              nonSeparableSeen++;
              // Exactly non-separable: never 'ok'; on the dyadic grid the witness is resolved at every precision.
              expect(r.kind).toBe('not_separable');
              return;
            }
            if (r.kind !== 'ok') throw new Error(`brute force found ŵ but oracle said ${JSON.stringify(r)}`);
            const err = B.nrm2(B.vsub(r.w, B.pack(exact.w.map((a) => fromQ(B, a)))));
            expect(B.cmp(err, r.wError), `‖ŵ − w*‖ = ${B.show(err)} > wError ${B.show(r.wError)}`).toBeLessThanOrEqual(0);
            // Sharp check where the support is nondegenerate (G_SS of the exact support is nonsingular).
            if (exact.support.length > 0) {
              const bar = forwardBar(B, X, y, r, exact.support);
              expect(B.cmp(err, B.add(bar, B.mul(B.int(4), B.mul(B.eps, B.nrm2(r.w)))))).toBeLessThanOrEqual(0);
            }
            // ‖ŵ‖² vs the exact ‖w*‖²: |a² − b²| ≤ (2‖ŵ‖ + err)·err, plus rounding of nrm2, the square and fromQ:
            // relative ≤ 2γ_d + 2u ≤ 4(d + 2)u.
            const n2 = fromQ(B, exact.norm2);
            const nw = B.nrm2(r.w);
            const n2Bar = B.add(B.mul(B.add(B.add(nw, nw), err), err), B.mul(B.mul(B.int(4 * (X[0]!.length + 2)), B.eps), n2));
            expect(B.cmp(B.abs(B.sub(B.mul(r.normW, r.normW), n2)), n2Bar)).toBeLessThanOrEqual(0);
          }),
          { numRuns: runs(B) * 3, seed: 99 },
        );
        // Both branches were exercised (the generator hits non-separable sets often: random labels, N > d).
        expect(nonSeparableSeen).toBeGreaterThan(0);
      });

      it('reports a margin point that is not needed (α = 0 on the margin) as strictComplementarity = false', () => {
        fc.assert(
          fc.property(plantedSvmData({ d: { min: 1, max: 3 }, extraOnMargin: { min: 1, max: 2 } }), (spec) => {
            const r = hardMarginSvm(B, { X: B.mat(spec.X), y: B.vec(spec.y) });
            if (r.kind !== 'ok') throw new Error(r.kind);
            const err = B.nrm2(B.vsub(r.w, B.vec(spec.wHat)));
            expect(B.cmp(err, r.wError)).toBeLessThanOrEqual(0);
            expect(r.marginSet).toEqual(spec.marginSet);
            expect(r.strictComplementarity).toBe(false);
          }),
          { numRuns: runs(B), seed: 3 },
        );
      });

      it('handles duplicated points and N > d with a non-unique α but the unique ŵ (Soudry et al. Fig. 1 data)', () => {
        // x₁ = (0.5, 1.5), x₂ = (1.5, 0.5) labelled +1 and their negatives labelled −1 (duplicates after absorbing).
        const X = [['0.5', '1.5'], ['1.5', '0.5'], ['-0.5', '-1.5'], ['-1.5', '-0.5'], ['2', '3'], ['3', '1'], ['-2', '-2.5']];
        const y = ['1', '1', '-1', '-1', '1', '1', '-1'];
        const r = hardMarginSvm(B, { X: B.mat(X), y: B.vec(y) });
        if (r.kind !== 'ok') throw new Error(r.kind);
        expect(B.vshow(r.w).map(Number)).toEqual([0.5, 0.5]);
        expect(B.cmp(B.abs(B.sub(B.mul(r.normW, r.normW), B.num('0.5'))), B.mul(B.int(8), B.eps))).toBeLessThanOrEqual(0);
        expect(r.marginSet).toEqual([0, 1, 2, 3]);
        // Σ α over each duplicated pair is 0.25 (the paper's α = 0.125 on four support vectors is one choice).
        const a = B.unpack(r.alpha);
        for (const [i, j] of [[0, 2], [1, 3]] as const) {
          expect(B.cmp(B.abs(B.sub(B.add(a[i], a[j]), B.num('0.25'))), B.mul(B.int(8), B.eps))).toBeLessThanOrEqual(0);
        }
      });

      it('reports non-separable data with a convex-combination witness', () => {
        const X = [['1', '0'], ['0', '1'], ['-1', '-1'], ['3', '3']];
        const r = hardMarginSvm(B, { X: B.mat(X), y: B.vec(['1', '1', '1', '1']) });
        if (r.kind !== 'not_separable') throw new Error(r.kind);
        const lam = r.witness;
        expect(B.cmp(B.abs(B.sub(B.sum(lam), B.one)), B.mul(B.int(8), B.eps))).toBeLessThanOrEqual(0);
        for (const l of B.unpack(lam)) expect(B.cmp(l, B.zero)).toBeGreaterThanOrEqual(0);
        const h = B.gemv(B.mat(X), lam, true);
        expect(B.cmp(B.nrm2(h), r.marginUpperBound)).toBeLessThanOrEqual(0);
        // Opposite labels on one point: 1-D, x and −x both labelled +1.
        const r1 = hardMarginSvm(B, { X: B.mat([['2'], ['-0.5']]), y: B.vec(['1', '1']) });
        expect(r1.kind).toBe('not_separable');
        // A zero sample.
        const r0 = hardMarginSvm(B, { X: B.mat([['1', '1'], ['0', '0']]), y: B.vec(['1', '-1']) });
        expect(r0.kind).toBe('not_separable');
      });

      it('solves the one-point problem exactly: ŵ = x/‖x‖², α = 1/‖x‖²', () => {
        const r = hardMarginSvm(B, { X: B.mat([['3', '4']]), y: B.vec(['-1']) });
        if (r.kind !== 'ok') throw new Error(r.kind);
        const want = B.vec(['-0.12', '-0.16']);
        expect(B.cmp(B.amax(B.vsub(r.w, want)), B.mul(B.int(8), B.eps))).toBeLessThanOrEqual(0);
        expect(B.cmp(B.abs(B.sub(r.margin, B.int(5))), B.mul(B.int(40), B.eps))).toBeLessThanOrEqual(0);
      });

      it('rejects labels other than ±1 and mismatched shapes with errors that name the field', () => {
        expect(() => hardMarginSvm(B, { X: B.mat([['1']]), y: B.vec(['0.5']) })).toThrow(/y\[0\]/);
        expect(() => hardMarginSvm(B, { X: B.mat([['1'], ['2']]), y: B.vec(['1']) })).toThrow(/y has length/);
      });
    });
  }
});
