import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import type { V } from '../numeric/types.js';
import type { Objective } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { gd, type GdState } from './gd.js';
import { run, RUN_MESSAGES } from './run.js';
import { logSpacedSteps } from './save.js';
import type { DiagnosticFn } from './types.js';

const B = f64Backend();
// F(θ) = ½·a·θ² in 1-D: gd gives θ_k = (1 − ηa)^k θ_0, exactly for these dyadic values.
const F = quadratic(B, { A: B.mat([['1']]) });
const theta0 = B.vec(['1']);
const half = gd(B, { lr: B.num('0.5') });

describe('run', () => {
  it('runs all steps and returns ok, with θ_k = (1 − η)^k θ_0 exactly for dyadic data', () => {
    const out = run(F, half, theta0, { steps: 10, save: { every: 1 } });
    expect(out.result).toBe('ok');
    expect(out.steps).toBe(10);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    out.trajectory.forEach((p) => expect(p.theta[0]).toBe(0.5 ** p.k));
    expect(out.message).toContain(RUN_MESSAGES.ok);
  });

  it("always saves k = 0 and the final step, whatever the policy ('final', every, at, logSpaced)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.oneof(
          fc.constant('final' as const),
          fc.integer({ min: 1, max: 50 }).map((every) => ({ every })),
          fc.integer({ min: 1, max: 5 }).map((logSpaced) => ({ logSpaced })),
        ),
        (steps, save) => {
          const ks = run(F, half, theta0, { steps, save }).trajectory.map((p) => p.k);
          expect(ks[0]).toBe(0);
          expect(ks[ks.length - 1]).toBe(steps);
          expect(new Set(ks).size).toBe(ks.length);
          expect([...ks].sort((a, b) => a - b)).toEqual(ks);
        },
      ),
    );
  });

  it('saves exactly the listed steps (plus 0 and the final one)', () => {
    const out = run(F, half, theta0, { steps: 20, save: { at: [15, 3, 3, 7] } });
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 3, 7, 15, 20]);
  });

  it('log-spaced steps are ⌊10^{j/m}⌋ deduplicated', () => {
    expect(logSpacedSteps(100, 1)).toEqual([1, 10, 100]);
    expect(logSpacedSteps(100, 4)).toEqual([1, 3, 5, 10, 17, 31, 56, 100]);
    expect(logSpacedSteps(12, 10)).toEqual([1, 2, 3, 5, 6, 7, 10, 12]);
  });

  it('evaluates diagnostics only at saved steps, with (F, θ, k)', () => {
    const seen: number[] = [];
    const out = run(F, half, theta0, {
      steps: 9,
      save: { every: 3 },
      diagnostics: {
        loss: (G, t, k) => {
          seen.push(k);
          return G.value(t);
        },
      },
    });
    expect(seen).toEqual([0, 3, 6, 9]);
    expect(out.trajectory.map((p) => p.loss)).toEqual([0.5, 0.5 * 0.25 ** 3, 0.5 * 0.25 ** 6, 0.5 * 0.25 ** 9]);
  });

  it("reports 'stopped' with the predicate's reason and saves the stopping step", () => {
    const out = run(F, half, theta0, {
      steps: 100,
      stop: (_F, t, k) => (Math.abs(t[0]!) < 1e-3 ? `|θ| < 1e-3 at ${k}` : undefined),
    });
    expect(out.result).toBe('stopped');
    expect(out.steps).toBe(10); // 2^-10 < 1e-3 < 2^-9
    expect(out.reason).toBe('|θ| < 1e-3 at 10');
    expect(out.message).toContain('|θ| < 1e-3 at 10');
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 10]);
  });

  it('checks the stop predicate at k = 0 too', () => {
    const out = run(F, half, theta0, { steps: 5, stop: () => 'immediately' });
    expect(out.result).toBe('stopped');
    expect(out.steps).toBe(0);
  });

  it("reports 'max_steps' when a stop predicate never fires, 'ok' when none was given", () => {
    const out = run(F, half, theta0, { steps: 5, stop: () => false });
    expect(out.result).toBe('max_steps');
    expect(out.message).toContain('increase `steps`');
    expect(run(F, half, theta0, { steps: 5 }).result).toBe('ok');
  });

  it("reports 'diverged' at the first non-finite step, keeps the last finite state, and does not throw", () => {
    // η = 3, a = 1: θ_k = (−2)^k overflows at k = 1024 (2^1024 = ∞)
    const out = run(F, gd(B, { lr: B.int(3) }), theta0, { steps: 5000, save: { every: 1000 } });
    expect(out.result).toBe('diverged');
    expect(out.steps).toBe(1024);
    expect(Number.isFinite(out.theta[0]!)).toBe(false);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1000, 1023]);
    expect(out.trajectory[2]!.theta[0]).toBe(-(2 ** 1023));
    expect(out.message).toContain('lower the learning rate');
  });

  it('diverged NaN is caught as well (∞ − ∞)', () => {
    const G = quadratic(B, {
      A: B.mat([
        ['1', '0'],
        ['0', '1'],
      ]),
    });
    const out = run(G, gd(B, { lr: B.num('Infinity') }), B.vec(['1', '-1']), { steps: 3 });
    expect(out.result).toBe('diverged');
    expect(out.steps).toBe(1);
  });

  it('rejects bad steps, θ_0 and save policies with errors naming the field', () => {
    for (const steps of [-1, 1.5, Infinity, NaN]) {
      expect(() => run(F, half, theta0, { steps })).toThrow(/steps = .* must be a finite non-negative integer/);
    }
    expect(() => run(F, half, B.vec(['1', '2']), { steps: 1 })).toThrow(/theta0 has length 2/);
    expect(() => run(F, half, B.vec(['NaN']), { steps: 1 })).toThrow(/theta0 has a non-finite entry/);
    expect(() => run(F, half, theta0, { steps: 3, save: { every: 0 } })).toThrow(/save.every/);
    expect(() => run(F, half, theta0, { steps: 3, save: { at: [4] } })).toThrow(/save.at contains 4/);
    expect(() => run(F, half, theta0, { steps: 3, save: { logSpaced: 1.5 } })).toThrow(/save.logSpaced/);
  });

  it('zero steps returns θ_0 with result ok', () => {
    const out = run(F, half, theta0, { steps: 0 });
    expect(out.result).toBe('ok');
    expect(out.trajectory.map((p) => p.k)).toEqual([0]);
    expect(out.theta).toEqual(theta0);
  });
});

describe('run: results, messages and setup checks', () => {
  it("appends the step and the detail to each result's message", () => {
    expect(run(F, half, theta0, { steps: 10 }).message).toBe(`ok at step 10: ${RUN_MESSAGES.ok}`);
    expect(run(F, half, theta0, { steps: 5, stop: () => undefined }).message).toBe(
      `max_steps at step 5 (stop condition not met within 5 steps): ${RUN_MESSAGES.max_steps}`,
    );
    expect(run(F, half, theta0, { steps: 5, stop: () => 'immediately' }).message).toBe(
      `stopped at step 0 (immediately): ${RUN_MESSAGES.stopped}`,
    );
    const wild = run(F, gd(B, { lr: B.int(3) }), theta0, { steps: 5000 });
    expect(wild.message).toBe(
      `diverged at step 1024 (first non-finite θ; last finite state k = 1023 is recorded): ${RUN_MESSAGES.diverged}`,
    );
  });

  it('carries `reason` only when the run stopped, and `fused` only when a fused path ran', () => {
    const ok = run(F, half, theta0, { steps: 3 });
    expect('reason' in ok).toBe(false);
    expect('fused' in ok).toBe(false);
    expect('reason' in run(F, half, theta0, { steps: 3, stop: () => false })).toBe(false);
    expect(run(F, half, theta0, { steps: 3, stop: () => 'now' }).reason).toBe('now');
  });

  it('reads only a non-empty string from `stop` as a reason (false and "" mean go on)', () => {
    for (const r of [false, '', undefined] as const) {
      const out = run(F, half, theta0, { steps: 4, stop: () => r });
      expect(out.result).toBe('max_steps');
      expect(out.steps).toBe(4);
    }
  });

  it('records θ_0 once when the first step already diverges', () => {
    const G = quadratic(B, { A: B.mat([['1']]) });
    const out = run(G, gd(B, { lr: B.num('Infinity') }), B.vec(['1']), { steps: 3 });
    expect(out.result).toBe('diverged');
    expect(out.trajectory.map((p) => p.k)).toEqual([0]);
    expect(out.trajectory[0]!.theta[0]).toBe(1);
  });

  it('records the last finite state once when the policy already saved it', () => {
    const out = run(F, gd(B, { lr: B.int(3) }), theta0, { steps: 5000, save: { at: [1023] } });
    expect(out.steps).toBe(1024);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1023]);
  });

  it('checks what the stepper and each diagnostic need from F before any step, naming who needs it', () => {
    const { hvp: _hvp, ...noHvp } = F;
    let stepped = 0;
    const needy = {
      ...half,
      name: 'needy',
      needs: ['hvp'] as const,
      step: (G: Objective<F64>, s: GdState<F64>, k: number) => {
        stepped++;
        return half.step(G, s, k);
      },
    };
    expect(() => run(noHvp, needy, theta0, { steps: 2 })).toThrow(/^run: stepper needy needs the objective's hvp/);
    const probe: DiagnosticFn<F64> = Object.assign((G: Objective<F64>, t: V<F64>) => G.value(t), {
      needs: ['hvp'] as const,
    });
    expect(() => run(noHvp, half, theta0, { steps: 2, diagnostics: { probe } })).toThrow(
      /^run: diagnostic probe needs the objective's hvp/,
    );
    expect(stepped).toBe(0);
    expect(run(F, needy, theta0, { steps: 2 }).theta[0]).toBe(0.25);
  });

  it('passes step the index of its incoming state: k = 0, 1, …, steps − 1', () => {
    const seen: number[] = [];
    const counting = {
      ...half,
      step: (G: Objective<F64>, s: GdState<F64>, k: number) => {
        seen.push(k);
        return half.step(G, s, k);
      },
    };
    run(F, counting, theta0, { steps: 5, save: { every: 2 } });
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });
});
