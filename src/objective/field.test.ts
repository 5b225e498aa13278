/**
 * fieldObjective: a user objective written once over a Field runs on backend scalars and on balls; the balls are its
 * error model. Containment is checked against the same code evaluated at 100 digits on exact (dyadic) points.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applicableDiagnostics,
  diagnosticHooks,
  gradWithError,
  hessianWithError,
  isMeasured,
  valueWithError,
} from '../diagnostics/index.js';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend, type Dec } from '../numeric/decimal.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { AnyBackend, Backend, Measured, Repr, S } from '../numeric/types.js';
import { fieldObjective, scalarField, type Field, type FieldObjectiveSpec } from './field.js';

/**
 * L·Huber_δ(x) = L·m(|x| − m/2), m = min(|x|, δ) (no branch); derivative L·clamp(x, −δ, δ); second derivative L·[|x| <
 * δ].
 */
const huber = (L: string, delta: string): FieldObjectiveSpec => ({
  dim: 1,
  value: <T>(f: Field<T>, [x]: readonly T[]) => {
    const a = f.abs(x!);
    const m = f.min(a, f.num(delta));
    return f.mul(f.num(L), f.mul(m, f.sub(a, f.mul(f.num('0.5'), m))));
  },
  grad: <T>(f: Field<T>, [x]: readonly T[]) => [f.mul(f.num(L), f.max(f.neg(f.num(delta)), f.min(x!, f.num(delta))))],
});

/** A 2-D objective using every field operation: softplus(θ₀θ₁) + √(θ₀² + 1)/(2 + θ₁²) + Huber_{0.3}(θ₀) + a sum. */
const mixed: FieldObjectiveSpec = {
  dim: 2,
  value: <T>(f: Field<T>, [x, y]: readonly T[]) => {
    const sp = f.log(f.add(f.int(1), f.exp(f.mul(x!, y!))));
    const q = f.div(f.sqrt(f.add(f.sqr(x!), f.int(1))), f.add(f.int(2), f.sqr(y!)));
    return f.sum([sp, q, huber('1', '0.3').value(f, [x!]), f.max(f.neg(y!), f.num('0.1'))]);
  },
  grad: <T>(f: Field<T>, [x, y]: readonly T[]) => {
    const s = f.div(f.int(1), f.add(f.int(1), f.exp(f.neg(f.mul(x!, y!))))); // σ(xy)
    const r = f.sqrt(f.add(f.sqr(x!), f.int(1)));
    const den = f.add(f.int(2), f.sqr(y!));
    const h = huber('1', '0.3').grad(f, [x!])[0]!;
    return [
      f.add(f.add(f.mul(s, y!), f.div(x!, f.mul(r, den))), h),
      f.sub(f.mul(s, x!), f.div(f.mul(f.mul(f.int(2), y!), r), f.sqr(den))),
    ];
  },
  hessian: <T>(f: Field<T>, [x, y]: readonly T[]) => {
    // only the softplus part's Hessian (enough to exercise the symmetrized ball Hessian): σ'(xy)[y², 1 + ..; ..]
    const s = f.div(f.int(1), f.add(f.int(1), f.exp(f.neg(f.mul(x!, y!)))));
    const ds = f.mul(s, f.sub(f.int(1), s));
    return [
      [f.mul(ds, f.sqr(y!)), f.add(s, f.mul(ds, f.mul(x!, y!)))],
      [f.add(f.mul(ds, f.mul(x!, y!)), s), f.mul(ds, f.sqr(x!))],
    ];
  },
};

const REF = decBackend(100);

/** |ref − mid| ≤ err, exactly (each side printed exactly and compared at 100 digits). */
function inside<R extends Repr>(B: Backend<R>, mid: S<R>, err: S<R>, ref: S<Dec>): boolean {
  const d = REF.abs(REF.sub(REF.num(B.show(mid)), ref));
  return REF.cmp(d, REF.num(B.show(err))) <= 0;
}

const dyadic = fc.integer({ min: -256, max: 256 }).map((k) => String(k / 64));

describe('fieldObjective', () => {
  for (const B of [f64Backend(), ddBackend()] as AnyBackend[]) {
    it(`error model balls contain the 100-digit value of the same code; midpoints are value/grad bit for bit (${B.id})`, () => {
      const F = fieldObjective(B, mixed);
      const G = fieldObjective<Dec>(REF, mixed);
      let nonzero = 0;
      fc.assert(
        fc.property(dyadic, dyadic, (a, b) => {
          const th = B.vec([a, b]);
          const thR = REF.vec([a, b]);
          const v = valueWithError(F, th);
          expect(B.cmp(v.value, F.value(th))).toBe(0);
          expect(inside(B, v.value, v.err, G.value(thR))).toBe(true);
          if (REF.cmp(REF.num(B.show(v.value)), G.value(thR)) !== 0) nonzero++;
          const g = gradWithError(F, th);
          expect(B.vshow(g.grad)).toEqual(B.vshow(F.grad(th)));
          const gR = G.grad(thR);
          for (let i = 0; i < 2; i++) expect(inside(B, B.at(g.grad, i), B.at(g.err, i), REF.at(gR, i))).toBe(true);
          const h = hessianWithError(F, th);
          const HR = G.hessian!(thR);
          for (let i = 0; i < 2; i++) {
            for (let j = 0; j < 2; j++) {
              // the exact Hessian is symmetric; the ball holds the symmetrized exact entries
              const sym = REF.mul(REF.num('0.5'), REF.add(REF.mget(HR, i, j), REF.mget(HR, j, i)));
              expect(inside(B, B.mget(h.H, i, j), B.mget(h.err, i, j), sym)).toBe(true);
            }
          }
        }),
        { seed: 19, numRuns: 60 },
      );
      // the containment check has teeth: the computed values do carry rounding error on most samples
      expect(nonzero).toBeGreaterThan(20);
    });
  }

  it('the Huber family: values, kinks by min/max, and gd + loss/gradNorm diagnostics through run', () => {
    const B = f64Backend();
    const F = fieldObjective(B, huber('2', '0.5'));
    expect(B.show(F.value(B.vec(['0.25'])))).toBe('0.0625'); // 2·½·0.25²
    expect(B.show(F.value(B.vec(['-3'])))).toBe('2.75'); // 2·0.5·(3 − 0.25)
    expect(B.vshow(F.grad(B.vec(['-3'])))).toEqual(['-1']);
    expect(F.hvp).toBeUndefined(); // no spec.hessian: no Hessian capability
    expect(applicableDiagnostics(F)).toEqual(['loss', 'gradNorm', 'norms']);
    const out = run(F, gd(B, { lr: B.num('0.25') }), B.vec(['3']), {
      steps: 4,
      save: { every: 1 },
      diagnostics: diagnosticHooks(['loss', 'gradNorm']),
    });
    // linear part: x ← x − 0.25·1 while x > 0.5
    expect(out.trajectory.map((p) => B.show(B.at(p.theta, 0)))).toEqual(['3', '2.75', '2.5', '2.25', '2']);
    const last = out.trajectory[4]!;
    const loss = last.loss as Measured<F64>;
    expect(isMeasured(loss)).toBe(true);
    expect(B.show(loss.value)).toBe('1.75');
    expect(B.cmp(loss.err, B.num('1e-14'))).toBeLessThan(0);
    expect(B.show((last.gradNorm as Measured<F64>).value)).toBe('1');
  });

  it('rejects a wrong θ length, a wrong gradient length and a bad dim, naming them', () => {
    const B = f64Backend();
    expect(() => fieldObjective(B, { ...huber('1', '1'), dim: 0 })).toThrow(/dim = 0 must be a positive integer/);
    expect(() => fieldObjective(B, huber('1', '1')).value(B.vec(['1', '2']))).toThrow(
      /θ has length 2, expected dim = 1/,
    );
    const bad = fieldObjective(B, { ...huber('1', '1'), grad: <T>(f: Field<T>) => [f.int(0), f.int(0)] });
    expect(() => bad.grad(B.vec(['1']))).toThrow(/spec.grad returned 2 entries, expected dim = 1/);
    expect(scalarField(B).sum([])).toBe(0);
  });
});
