/**
 * `objective`: reductions, subsets, exact closed forms of the Hessian (docs/theorems/eos.md E2, E11) on every backend,
 * and non-polynomial losses against central differences at dec:60. The model × square-loss laws live in models/laws.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LOSSES, lossFromId } from '../losses/index.js';
import { linear2, linearClassifier, scalarNet } from '../models/index.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { exactDecimal } from '../numeric/exact.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend, Backend, Repr, S, V } from '../numeric/types.js';
import { objective, type DataObjective } from './objective.js';

const ref = decBackend(60);
const backends: AnyBackend[] = [f64Backend(), ddBackend(), ref];
const dy = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));

describe('objective reductions and subsets', () => {
  for (const B of backends) {
    it(`sum = n·mean for n = 4 and subset is the objective on those rows (${B.id})`, () => {
      // mean divides each entry by n once: exact for n = 4 in binary backends, one rounding (≤ u relative) in decimal
      const close = (a: unknown[], b: unknown[]) =>
        a.every((x, i) => B.cmp(B.abs(B.sub(x, b[i])), B.mul(B.mul(B.int(4), B.eps), B.abs(b[i]))) <= 0);
      const X = B.mat([
        ['1', '0.5'],
        ['-2', '1'],
        ['0.25', '0.25'],
        ['1', '-1'],
      ]);
      const y = B.vec(['1', '-1', '1', '-1']);
      const model = linearClassifier(B, { d: 2 });
      const w = B.vec(['0.5', '-0.75']);
      for (const kind of Object.keys(LOSSES)) {
        const loss = lossFromId(B, kind);
        const Fm = objective(B, model, loss, { X, y });
        const Fs = objective(B, model, loss, { X, y }, { reduction: 'sum' });
        expect(Fm.reduction).toBe('mean');
        expect(close([B.mul(B.int(4), Fm.value(w))], [Fs.value(w)])).toBe(true);
        expect(close(B.unpack(B.scal(B.int(4), Fm.grad(w))), B.unpack(Fs.grad(w)))).toBe(true);
        expect(close(B.unpack(B.scal(B.int(4), Fm.hvp(w, B.basis(2, 1)))), B.unpack(Fs.hvp(w, B.basis(2, 1))))).toBe(
          true,
        );
        const sub = Fm.subset([3, 1]);
        const direct = objective(B, model, loss, {
          X: B.mat([
            ['1', '-1'],
            ['-2', '1'],
          ]),
          y: B.vec(['-1', '-1']),
        });
        expect(sub.nSamples).toBe(2);
        expect(B.show(sub.value(w))).toBe(B.show(direct.value(w)));
        expect(Fs.subset([0]).reduction).toBe('sum');
      }
    });
  }

  it('names the offending argument on bad input', () => {
    const B = f64Backend();
    const model = linearClassifier(B, { d: 2 });
    const X = B.mat([['1', '0']]);
    expect(() => objective(B, model, lossFromId(B, 'square'), { X, y: B.vec(['1', '2']) })).toThrow(
      /data.y has length 2/,
    );
    expect(() => objective(B, model, lossFromId(ref, 'square') as never, { X, y: B.vec(['1']) })).toThrow(
      /loss is bound to backend dec:60/,
    );
    expect(() =>
      objective(B, model, lossFromId(B, 'square'), { X, y: B.vec(['1']) }, { reduction: 'max' as never }),
    ).toThrow(/reduction/);
    const F = objective(B, model, lossFromId(B, 'square'), { X, y: B.vec(['1']) });
    expect(() => F.subset([1])).toThrow(/index 1 is not a sample index/);
    expect(() => F.subset([])).toThrow(/indices is empty/);
    expect(() => F.grad(B.vec(['1']))).toThrow(/θ has length 1, expected dim θ = 2/);
  });
});

describe('exact Hessians of the canonical objectives', () => {
  for (const B of backends) {
    it(`linear2, L = ½(aᵀb − Φ)²: ∇²L = vvᵀ + εP with v = (b; a), P = [[0, I], [I, 0]] (docs/theorems/eos.md E2) (${B.id})`, () => {
      const F = objective(B, linear2(B, { k: 2 }), lossFromId(B, 'square'), { X: B.mat([['1']]), y: B.vec(['0.75']) });
      const theta = B.vec(['0.5', '-1', '2', '0.25']); // a = (0.5, −1), b = (2, 0.25): aᵀb = 0.75, ε = 0
      const theta2 = B.vec(['1', '-1', '2', '0.25']); // aᵀb = 1.75, ε = 1
      const H = (th: unknown) => B.mshow(F.hessian(th));
      expect(H(theta)).toEqual([
        ['4', '0.5', '1', '-2'],
        ['0.5', '0.0625', '0.125', '-0.25'],
        ['1', '0.125', '0.25', '-0.5'],
        ['-2', '-0.25', '-0.5', '1'],
      ]);
      expect(H(theta2)).toEqual([
        ['4', '0.5', '3', '-2'],
        ['0.5', '0.0625', '0.25', '0.75'],
        ['3', '0.25', '1', '-1'],
        ['-2', '0.75', '-1', '1'],
      ]);
    });
    it(`scalarNet, L = ½(w₁w₂w₃ − y)²: ∇²L = ggᵀ + εK (docs/theorems/eos.md E11) (${B.id})`, () => {
      const F = objective(B, scalarNet(B, { depth: 3 }), lossFromId(B, 'square'), {
        X: B.mat([['1']]),
        y: B.vec(['1']),
      });
      // w = (1, 2, 0.5): π = 1, ε = 0, g = (1, 0.5, 2); then w = (1, 2, 1): π = 2, ε = 1, g = (2, 1, 2), K =
      // [[0,1,2],[1,0,1],[2,1,0]]
      expect(B.mshow(F.hessian(B.vec(['1', '2', '0.5'])))).toEqual([
        ['1', '0.5', '2'],
        ['0.5', '0.25', '1'],
        ['2', '1', '4'],
      ]);
      expect(B.mshow(F.hessian(B.vec(['1', '2', '1'])))).toEqual([
        ['4', '3', '6'],
        ['3', '1', '3'],
        ['6', '3', '4'],
      ]);
      const { value, grad } = F.valueAndGrad(B.vec(['1', '2', '1']));
      expect(B.show(value)).toBe('0.5');
      expect(B.vshow(grad)).toEqual(['2', '1', '2']);
    });
  }
});

/**
 * Rounding magnitudes of ∇²F·u on the two paths compared below (hvp, and gemv of the assembled Hessian), and the number
 * k of roundings they accumulate together (first order, γ_n per length-n dot, Higham Lemma 3.1), w = 1/n or 1:
 * - linearClassifier: hvp = w·Xᵀ(ℓ''∘Xu) takes γ_d + 1 + γ_n + 1; a column H e_j (X e_j exact) 1 + γ_n + 1, then gemv
 * γ_d:
 *   k = 2(d + n + 2) on M = w|X|ᵀ(|ℓ''|∘|X||u|).
 * - linear2 (f = aᵀb·x, dim 2d): hvp d + n + 6 on M₁ = w|(b; a)|·Σx²|ℓ''|·(|b|ᵀ|u_a| + |a|ᵀ|u_b|) and n + 3 on
 *   M₂ = w·Σ|x||ℓ'|·|(u_b; u_a)|; the Hessian path 2d + n + 5 and 2d + n + 2: k = 3d + 2n + 11 on M₁ + M₂.
 */
function hvpMagnitude<R extends Repr>(
  B: Backend<R>,
  F: DataObjective<R>,
  th: V<R>,
  dir: V<R>,
): { mag: S<R>[]; k: number } {
  const { X, y } = F.data;
  const n = B.rows(X);
  const w = F.reduction === 'mean' ? B.div(B.one, B.int(n)) : B.one;
  const f = F.predict(th);
  const l1 = B.map('abs', F.loss.d1(f, y));
  const l2 = B.map('abs', F.loss.d2(f, y));
  const aX = B.reshape(B.map('abs', B.flatten(X)), n, B.cols(X));
  const au = B.map('abs', dir);
  if (F.model.kind === 'linearClassifier') {
    const d = B.cols(X);
    const m = B.scal(w, B.gemv(aX, B.vmul(l2, B.gemv(aX, au)), true));
    return { mag: Array.from({ length: d }, (_, i) => B.at(m, i)), k: 2 * (d + n + 2) };
  }
  if (F.model.kind !== 'linear2') throw new Error(`hvpMagnitude: no rounding count for ${F.model.kind}`);
  const d = B.dim(th) / 2;
  const at = B.map('abs', th);
  const [aa, ab, ua, ub] = [B.slice(at, 0, d), B.slice(at, d, 2 * d), B.slice(au, 0, d), B.slice(au, d, 2 * d)];
  const x = B.col(aX, 0);
  const s1 = B.mul(B.dot(B.vmul(x, x), l2), B.add(B.dot(ab, ua), B.dot(aa, ub)));
  const m1 = B.scal(B.mul(w, s1), B.concat([ab, aa]));
  const m2 = B.scal(B.mul(w, B.dot(x, l1)), B.concat([ub, ua]));
  const m = B.vadd(m1, m2);
  return { mag: Array.from({ length: 2 * d }, (_, i) => B.at(m, i)), k: 3 * d + 2 * n + 11 };
}

describe('non-polynomial losses: objective derivatives against central differences at dec:60', () => {
  const B: AnyBackend = ref;
  const h = B.num('1e-20');
  const cases = fc.record({
    d: fc.integer({ min: 1, max: 3 }),
    n: fc.integer({ min: 1, max: 3 }),
    seed: fc.array(dy, { minLength: 3 * 3 + 3 * 3 + 3 + 3, maxLength: 3 * 3 + 3 * 3 + 3 + 3 }),
    labels: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
    kind: fc.constantFrom('logistic', 'exponential'),
    reduction: fc.constantFrom<'mean' | 'sum'>('mean', 'sum'),
  });
  it('grad·u and hvp(θ, u) match central differences of value and grad (linear classifier and linear2)', () => {
    fc.assert(
      fc.property(cases, ({ d, n, seed, labels, kind, reduction }) => {
        const take = (k: number, off: number) => seed.slice(off, off + k);
        const Xs = Array.from({ length: n }, (_, i) => take(d, i * d));
        const y = B.vec(labels.slice(0, n).map((l) => (l ? '1' : '-1')));
        const w = B.vec(take(d, 9));
        const u = B.vec(take(d, 12));
        const lin = objective(B, linearClassifier(B, { d }), lossFromId(B, kind), { X: B.mat(Xs), y }, { reduction });
        const ab = B.vec(
          take(2 * d, 15)
            .concat(take(2 * d, 9))
            .slice(0, 2 * d),
        );
        const uab = B.vec(
          take(2 * d, 12)
            .concat(take(2 * d, 3))
            .slice(0, 2 * d),
        );
        const X1 = B.mat(Xs.map((r) => [r[0]!]));
        const l2 = objective(B, linear2(B, { k: d }), lossFromId(B, kind), { X: X1, y }, { reduction });
        // Bound for the derivatives of t ↦ F(θ + tu) up to order 3 on |t| ≤ h: along the segment f_i(θ + tu) =
        // f₀ + t f₁ + t² f₂ (f linear or quadratic in θ) with |f₀|, |f₁|, |f₂| ≤ 2·max_{t∈{−1,0,1}}|f_i(θ + tu)| =: 2μ,
        // so margins stay ≤ m̄ := 6μ + 1 and every term of ∂_t^k F (k ≤ 3) is ≤ e^{m̄}(1 + m̄)³ per sample: W =
        // n·e^{m̄}(1 + m̄)³.
        for (const [F, th, dir] of [
          [lin, w, u],
          [l2, ab, uab],
        ] as const) {
          const fPlus = F.predict(B.axpy(B.one, dir, th));
          const fMinus = F.predict(B.axpy(B.neg(B.one), dir, th));
          const f0 = F.predict(th);
          const mbar = Math.max(...[fPlus, fMinus, f0].flatMap((v) => Array.from(B.toNumbers(v), Math.abs))) * 6 + 1;
          const W = B.fromDouble(n * Math.exp(mbar) * (1 + mbar) ** 3);
          // truncation h²·W + rounding 16u·W/h (value and grad are sums of ≤ 3n operations accurate to a few ulps)
          const tol = B.mul(W, B.add(B.mul(h, h), B.div(B.mul(B.int(16), B.eps), h)));
          const fdV = B.div(B.sub(F.value(B.axpy(h, dir, th)), F.value(B.axpy(B.neg(h), dir, th))), B.add(h, h));
          const gu = B.dot(F.grad(th), dir);
          expect(B.cmp(B.abs(B.sub(fdV, gu)), tol)).toBeLessThanOrEqual(0);
          const fdG = B.scal(
            B.div(B.one, B.add(h, h)),
            B.vsub(F.grad(B.axpy(h, dir, th)), F.grad(B.axpy(B.neg(h), dir, th))),
          );
          const hv = F.hvp(th, dir);
          expect(B.cmp(B.amax(B.vsub(fdG, hv)), tol)).toBeLessThanOrEqual(0);
          // dense Hessian agrees with hvp up to rounding (same ℓ', ℓ''; ∇²F·u = w[Jᵀdiag(ℓ'')Ju + Σℓ'_i∇²f_i u]).
          // Counting roundings per path (Higham Lemma 3.1, dots of length n: γ_n; H e_j's J e_j is exact), |gemv(Ĥ,u) −
          // hvp| ≤ k·u·M with M = w(|J|ᵀ|ℓ''||J||u| + Σ|ℓ'_i||∇²f_i||u|) from hvpMagnitude (see its comment for k).
          // (k + 1: the vsub below, and the ≤ 10u relative rounding of M itself, times ku)
          const { mag, k } = hvpMagnitude(B, F, th, dir);
          const diff = B.vsub(B.gemv(F.hessian(th), dir), hv);
          mag.forEach((mi, i) => {
            const tolI = B.mul(B.mul(B.int(k + 1), B.eps), mi);
            expect(B.cmp(B.abs(B.at(diff, i)), tolI), `|(Ĥu − hvp)_${i}| ≤ ${k + 1}u·M_${i}`).toBeLessThanOrEqual(0);
          });
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('objective: input checks (mutation testing)', () => {
  const B = f64Backend();
  const model = linearClassifier(B, { d: 2 });
  const sq = lossFromId(B, 'square');
  const X = B.mat([
    ['1', '0'],
    ['0', '1'],
  ]);
  const y = B.vec(['1', '-1']);

  it("every entry point checks the length of θ itself (the message is the objective's, naming θ or u)", () => {
    const F = objective(B, model, sq, { X, y });
    const short = B.vec(['1']);
    const ok = B.vec(['1', '2']);
    for (const call of [
      () => F.value(short),
      () => F.grad(short),
      () => F.valueAndGrad(short),
      () => F.hvp(short, ok),
      () => F.hessian(short),
      () => F.predict(short),
    ]) {
      expect(call).toThrow(/^objective: θ has length 1, expected dim θ = 2$/);
    }
    expect(() => F.hvp(ok, short)).toThrow(/^objective: direction u has length 1, expected dim θ = 2$/);
  });

  it('a model or loss bound to another backend instance, or data without rows, is rejected naming it', () => {
    const other = f64Backend();
    expect(() => objective(B, linearClassifier(other, { d: 2 }), sq, { X, y })).toThrow(
      /^objective: model is bound to backend f64, not f64/,
    );
    expect(() => objective(B, model, sq, { X: B.reshape(B.pack([]), 0, 2), y: B.pack([]) })).toThrow(
      /^objective: data.X has no rows/,
    );
  });

  it('subset rejects negative, fractional and too large indices, naming the index', () => {
    const F = objective(B, model, sq, { X, y });
    expect(() => F.subset([0, -1])).toThrow(/^objective.subset: index -1 is not a sample index in \[0, 2\)$/);
    expect(() => F.subset([0.5])).toThrow(/^objective.subset: index 0.5 is not a sample index/);
    expect(() => F.subset([2])).toThrow(/index 2 is not a sample index/);
    expect(F.subset([1, 0, 1]).nSamples).toBe(3); // repeated indices are a valid minibatch (with replacement)
  });
});
