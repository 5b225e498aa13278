/**
 * A user objective needs only value and grad; what else a stepper, flow or diagnostic calls is a declared capability,
 * checked at setup with an InputError naming the member and who needs it. No behaviour is chosen from field names.
 */
import { describe, expect, it } from 'vitest';
import {
  applicableDiagnostics,
  diagnosticHooks,
  gradWithError,
  hessianWithError,
  normsDiagnostic,
  valueWithError,
} from '../diagnostics/index.js';
import { gd } from '../dynamics/gd.js';
import { run } from '../dynamics/run.js';
import { sgd } from '../dynamics/sgd.js';
import { isInputError } from '../errors.js';
import { gfLimit } from '../flow/gfLimit.js';
import { gradientFlowController } from '../flow/gradientFlow.js';
import { dopri5 } from '../flow/solvers.js';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { Backend, Repr, V } from '../numeric/types.js';
import { hasCapability, missingCapabilities, requireCapabilities } from './capabilities.js';
import { isDataObjective, objective, type Objective } from './objective.js';
import { quadratic } from './quadratic.js';

const B = f64Backend();

/** F(θ) = ½‖θ‖² written by hand: only the required members; counts gradient calls. */
function bare<R extends Repr>(Bk: Backend<R>) {
  const calls = { grad: 0 };
  const F: Objective<R> = {
    B: Bk,
    dim: 2,
    value: (th: V<R>) => Bk.mul(Bk.num('0.5'), Bk.dot(th, th)),
    grad: (th: V<R>) => {
      calls.grad++;
      return th;
    },
  };
  return { F, calls };
}

/** The thrown error, for asserting on its kind and message. */
function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('a user objective with only value and grad', () => {
  it('runs under gd (which needs nothing else)', () => {
    const { F, calls } = bare(B);
    const out = run(F, gd(B, { lr: B.num('0.5') }), B.vec(['1', '-2']), { steps: 3 });
    expect(out.result).toBe('ok');
    expect(B.vshow(out.theta)).toEqual(['0.125', '-0.25']); // θ ← θ/2 three times
    expect(calls.grad).toBe(3);
  });

  it('minibatch sgd: run names subset and says what to add, before any step', () => {
    const { F, calls } = bare(B);
    const e = thrown(() =>
      run(F, sgd(B, { lr: B.num('0.5'), seed: 1, batchSize: 1 }), B.vec(['1', '1']), { steps: 5 }),
    );
    expect(isInputError(e)).toBe(true);
    expect(e.message).toMatch(
      /^run: stepper sgd needs the objective's subset, which it does not have: add nSamples .* and subset\(indices\)/,
    );
    expect(calls.grad).toBe(0);
    // full-batch sgd declares nothing and runs
    expect(run(F, sgd(B, { lr: B.num('0.5'), seed: 1 }), B.vec(['1', '1']), { steps: 1 }).result).toBe('ok');
  });

  it('a diagnostic that needs an error model fails at run setup, naming errorModel and the diagnostic', () => {
    const { F, calls } = bare(B);
    const e = thrown(() =>
      run(F, gd(B, { lr: B.num('0.5') }), B.vec(['1', '1']), {
        steps: 5,
        diagnostics: diagnosticHooks(['norms', 'gradNorm']),
      }),
    );
    expect(isInputError(e)).toBe(true);
    expect(e.message).toMatch(
      /^run: diagnostic gradNorm needs the objective's errorModel, .*add errorModel: \{ value\(θ\) → ball, grad\(θ\) → vector ball \}.*fieldObjective/,
    );
    expect(calls.grad).toBe(0);
    const s = thrown(() =>
      run(F, gd(B, { lr: B.num('0.5') }), B.vec(['1', '1']), { steps: 1, diagnostics: diagnosticHooks(['sharpness']) }),
    );
    expect(s.message).toMatch(/diagnostic sharpness needs the objective's hessianErrorModel.*errorModel\.hessian\(θ\)/);
    // the diagnostics that need nothing of F still apply
    expect(applicableDiagnostics(F)).toEqual(['norms']);
  });

  it('valueWithError / gradWithError / hessianWithError and the flows name the member they need', () => {
    const { F } = bare(B);
    const th = B.vec(['1', '1']);
    for (const [f, who, member] of [
      [() => valueWithError(F, th), 'valueWithError', 'errorModel'],
      [() => gradWithError(F, th), 'gradWithError', 'errorModel'],
      [() => hessianWithError(F, th), 'hessianWithError', 'hessianErrorModel'],
      [() => gfLimit(F, th), 'gfLimit', 'hvp'],
      [() => gradientFlowController(F, dopri5), 'the gradient-flow sharpness cap', 'hvp'],
    ] as const) {
      const e = thrown(f);
      expect(isInputError(e), who).toBe(true);
      expect(e.message.startsWith(`${who}`), e.message).toBe(true);
      expect(e.message).toContain(`needs the objective's ${member}`);
    }
    expect(missingCapabilities(F, ['hvp', 'hessian', 'subset', 'valueAndGrad'])).toEqual([
      'hvp',
      'hessian',
      'subset',
      'valueAndGrad',
    ]);
  });

  it('a user-supplied error model is what valueWithError and gradWithError return', () => {
    const { F } = bare(B);
    const G: Objective<F64> = {
      ...F,
      errorModel: {
        value: (th) => ({ value: F.value(th), err: B.num('0.001') }),
        grad: (th) => ({ value: F.grad(th), err: B.fill(2, B.num('0.002')) }),
      },
    };
    const th = B.vec(['1', '2']);
    expect(B.show(valueWithError(G, th).err)).toBe('0.001');
    expect(B.vshow(gradWithError(G, th).err)).toEqual(['0.002', '0.002']);
    expect(hasCapability(G, 'errorModel')).toBe(true);
    expect(hasCapability(G, 'hessianErrorModel')).toBe(false);
    expect(applicableDiagnostics(G)).toEqual(['loss', 'gradNorm', 'norms']);
  });
});

describe('no behaviour chosen by field names', () => {
  it('a user objective with fields A, b, c gets no quadratic error model', () => {
    const A = B.mat([
      ['2', '0'],
      ['0', '1'],
    ]);
    const Fq = quadratic(B, { A });
    // the same function, written by a user who happens to name its parts A, b, c
    const user = {
      B,
      dim: 2,
      A,
      b: B.zeros(2),
      c: B.zero,
      value: Fq.value,
      grad: Fq.grad,
      hvp: Fq.hvp,
      hessian: Fq.hessian,
    };
    const th = B.vec(['1', '1']);
    const e = thrown(() => valueWithError(user, th));
    expect(isInputError(e)).toBe(true);
    expect(e.message).toMatch(/^valueWithError needs the objective's errorModel/);
    expect(() => gradWithError(user, th)).toThrow(/gradWithError needs the objective's errorModel/);
    expect(() => hessianWithError(user, th)).toThrow(/hessianWithError needs the objective's hessianErrorModel/);
    expect(applicableDiagnostics(user)).toEqual(['norms']);
    // the library's quadratic carries its tag and its error model as members
    expect(Fq.kind).toBe('quadratic');
    expect(B.show(valueWithError(Fq, th).value)).toBe('1.5');
    expect(applicableDiagnostics(Fq)).toEqual(['loss', 'gradNorm', 'sharpness', 'norms']);
  });

  it('a user objective with model, loss, data and predict fields is not an empirical risk', () => {
    const model = linearClassifier(B, { d: 2 });
    const loss = square(B);
    const data = {
      X: B.mat([
        ['1', '0'],
        ['0', '1'],
      ]),
      y: B.vec(['1', '-1']),
    };
    const R = objective(B, model, loss, data);
    expect(isDataObjective(R)).toBe(true);
    expect(R.kind).toBe('empiricalRisk');
    const user = { B, dim: 2, model, loss, data, reduction: 'mean', predict: R.predict, value: R.value, grad: R.grad };
    expect(isDataObjective(user)).toBe(false);
    expect(() => valueWithError(user, B.vec(['1', '1']))).toThrow(/valueWithError needs the objective's errorModel/);
    // norms per model block only for the tagged risk: the user object gets the single "total"
    expect(Object.keys(normsDiagnostic({ F: user, theta: B.vec(['1', '1']) }))).toEqual(['total']);
    expect(Object.keys(normsDiagnostic({ F: R, theta: B.vec(['1', '1']) }))).toEqual(['w', 'total']);
    expect(applicableDiagnostics(user)).not.toContain('directionalGap');
    expect(applicableDiagnostics(R)).toContain('directionalGap');
  });

  it('requireCapabilities returns F typed with the members it checked', () => {
    const Fq = quadratic(B, { A: B.eye(1) });
    const H = requireCapabilities<F64, 'hvp' | 'subset'>(Fq, ['hvp', 'subset'], 'test');
    expect(B.vshow(H.hvp(B.vec(['1']), B.vec(['3'])))).toEqual(['3']);
    expect(H.nSamples).toBe(1);
  });
});
