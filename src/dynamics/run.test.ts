import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { f64Backend } from '../numeric/f64.js';
import { quadratic } from '../objective/quadratic.js';
import { gd } from './gd.js';
import { run, RUN_MESSAGES } from './run.js';
import { logSpacedSteps } from './save.js';

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
