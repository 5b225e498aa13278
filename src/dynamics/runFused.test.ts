/**
 * `run` with `fuse: true`: the stretches between save points, what a fused path may leave to the stepper, and the
 * contract `run` checks on each fused call. The registry's only real path is dd-only (fused.test.ts); here a test
 * entry, registered for the length of this file and binding only to a stepper named `test-fused-gd`, hands out a
 * test path on f64 so the driver's bookkeeping is checked exactly.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { f64Backend, type F64 } from '../numeric/f64.js';
import { quadratic } from '../objective/quadratic.js';
import { FUSED_PATHS, type FusedEntry, type FusedPath } from './fused.js';
import { gd, type GdState } from './gd.js';
import { run, RUN_MESSAGES } from './run.js';
import type { Stepper } from './types.js';

type R = F64;
const B = f64Backend();
// F(θ) = ½θ² in 1-D: gd with η = 1/2 gives θ_k = 2^−k exactly, η = 3 gives (−2)^k (∞ first at k = 1024)
const F = quadratic(B, { A: B.mat([['1']]) });
const theta0 = B.vec(['1']);

/** gd under a name no real fused path binds to: only the test entry below fuses it. */
const TEST_STEPPER = 'test-fused-gd';
const named = (lr: string): Stepper<R, GdState<R>> => ({ ...gd(B, { lr: B.num(lr) }), name: TEST_STEPPER });
const half = named('0.5');

/** What the test entry binds to (set by each test). */
let current: FusedPath<GdState<R>> | undefined;
const testEntry: FusedEntry = {
  name: 'test-entry',
  stepper: TEST_STEPPER,
  objective: 'logisticSum',
  error: { kind: 'lossDerivative', driftSteps: 0 },
  supports: () => true,
  bind: <S>() => current as FusedPath<S> | undefined,
};
// FUSED_PATHS is the registry run consults (fused.ts: "one line in FUSED_PATHS"); the entry is removed after the file
beforeAll(() => {
  (FUSED_PATHS as FusedEntry[]).unshift(testEntry);
});
afterAll(() => {
  const i = FUSED_PATHS.indexOf(testEntry);
  if (i >= 0) (FUSED_PATHS as FusedEntry[]).splice(i, 1);
});

/** A test path: takes min(asked, cap) steps of `stepper` (bit-identical to stepping), recording what it was asked. */
function stepping(stepper: typeof half, cap = Infinity): FusedPath<GdState<R>> & { readonly asked: number[] } {
  const asked: number[] = [];
  return {
    name: 'test-stepping',
    error: { kind: 'lossDerivative', driftSteps: 3 },
    asked,
    advance(state, steps) {
      asked.push(steps);
      let s = state;
      const n = Math.min(steps, cap);
      for (let i = 0; i < n; i++) s = stepper.step(F, s, i);
      return { state: s, steps: n };
    },
  };
}

/** A path that answers one call with (θ, steps) regardless of what was asked. */
function answering(theta: number, steps: number): FusedPath<GdState<R>> {
  return {
    name: 'test-broken',
    error: { kind: 'lossDerivative', driftSteps: 0 },
    advance: () => ({ state: { theta: [theta] }, steps }),
  };
}

beforeEach(() => {
  current = undefined;
});

describe('run with fuse: true', () => {
  it('fuses every stretch of ≥ 2 steps between save points and steps the one-step ones', () => {
    const path = stepping(half);
    current = path;
    // stretches 0→5, 5→7, 7→8, 8→10: the path is asked 5, 2 and 2 steps; 7→8 is one stepper step
    const out = run(F, half, theta0, { steps: 10, save: { at: [5, 7, 8] }, fuse: true });
    expect(path.asked).toEqual([5, 2, 2]);
    expect(out.fused).toEqual({ name: 'test-stepping', steps: 9, error: { kind: 'lossDerivative', driftSteps: 3 } });
    expect(out.result).toBe('ok');
    expect(out.steps).toBe(10);
    expect(out.message).toBe(`ok at step 10: ${RUN_MESSAGES.ok}`);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 5, 7, 8, 10]);
    out.trajectory.forEach((p) => expect(p.theta[0]).toBe(0.5 ** p.k));
    expect(out.theta[0]).toBe(0.5 ** 10);
  });

  it('asks for one stretch up to the budget when the policy saves nothing in between', () => {
    const path = stepping(half);
    current = path;
    const out = run(F, half, theta0, { steps: 7, fuse: true });
    expect(path.asked).toEqual([7]);
    expect(out.fused?.steps).toBe(7);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 7]);
    expect(out.theta[0]).toBe(0.5 ** 7);
  });

  it('clamps a stretch to the budget when the next save point lies beyond it', () => {
    const path = stepping(half);
    current = path;
    // every 4 with 10 steps: stretches 0→4, 4→8, 8→10 (the policy's next point, 12, is past the budget)
    const out = run(F, half, theta0, { steps: 10, save: { every: 4 }, fuse: true });
    expect(path.asked).toEqual([4, 4, 2]);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 4, 8, 10]);
    expect(out.theta[0]).toBe(0.5 ** 10);
  });

  it('steps what the path leaves of a stretch, and counts only the path’s steps as fused', () => {
    const path = stepping(half, 3);
    current = path;
    const out = run(F, half, theta0, { steps: 10, save: { at: [6] }, fuse: true });
    // 0→6: path 3, stepper 3; 6→10: path 3, stepper 1
    expect(path.asked).toEqual([6, 4]);
    expect(out.fused?.steps).toBe(6);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 6, 10]);
    out.trajectory.forEach((p) => expect(p.theta[0]).toBe(0.5 ** p.k));
  });

  it('never calls the path for one-step stretches (save every step), and steps with the incoming index k', () => {
    const path = stepping(half);
    current = path;
    const seen: number[] = [];
    const counting: typeof half = {
      ...half,
      step: (G, s, k) => {
        seen.push(k);
        return half.step(G, s, k);
      },
    };
    const out = run(F, counting, theta0, { steps: 4, save: { every: 1 }, fuse: true });
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(path.asked).toEqual([]);
    expect(out.fused?.steps).toBe(0);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1, 2, 3, 4]);
  });

  it('is off unless asked, and off with a stop predicate (checked on every state)', () => {
    const path = stepping(half);
    current = path;
    for (const fuse of [undefined, false]) {
      const out = run(F, half, theta0, { steps: 6, ...(fuse === undefined ? {} : { fuse }) });
      expect('fused' in out).toBe(false);
      expect(out.theta[0]).toBe(0.5 ** 6);
    }
    const stopped = run(F, half, theta0, {
      steps: 20,
      fuse: true,
      stop: (_G, t) => (t[0]! < 0.1 ? 'small' : undefined),
    });
    expect('fused' in stopped).toBe(false);
    expect(stopped.steps).toBe(4); // 2^−4 < 0.1 < 2^−3
    expect(path.asked).toEqual([]);
  });

  it('reports divergence in a stepped part at the first non-finite step, recording the last finite state once', () => {
    const wild = named('3');
    current = stepping(wild, 0); // leaves every step to the stepper
    const out = run(F, wild, theta0, { steps: 5000, save: { every: 1000 }, fuse: true });
    expect(out.result).toBe('diverged');
    expect(out.steps).toBe(1024);
    expect(out.message).toContain('diverged at step 1024 (first non-finite θ; last finite state k = 1023 is recorded)');
    expect(out.message).toContain(RUN_MESSAGES.diverged);
    expect(out.trajectory.map((p) => p.k)).toEqual([0, 1000, 1023]);
    expect(out.trajectory[2]!.theta[0]).toBe(-(2 ** 1023));
    expect(Number.isFinite(out.theta[0]!)).toBe(false);

    // the last finite state already saved (save every step): not recorded twice
    const every = run(F, wild, theta0, { steps: 5000, save: { every: 1 }, fuse: true });
    expect(every.steps).toBe(1024);
    const ks = every.trajectory.map((p) => p.k);
    expect(ks.length).toBe(1024);
    expect(ks[ks.length - 1]).toBe(1023);
    expect(new Set(ks).size).toBe(ks.length);
  });
});

describe('the fused-path contract run checks', () => {
  const broken = (theta: number, steps: number) => () => {
    current = answering(theta, steps);
    return run(F, half, theta0, { steps: 10, fuse: true });
  };

  it('accepts 0 to `steps` steps with a finite θ', () => {
    expect(broken(0.25, 0)().fused?.steps).toBe(0);
    expect(broken(0.25, 10)().fused?.steps).toBe(10);
  });

  it('is an internal error (not an input error) when the path takes more steps than asked', () => {
    expect(broken(0.25, 11)).toThrow(
      /^run: fused path test-broken broke its contract on a 10-step stretch \(took 11\)$/,
    );
  });

  it('is an internal error for a negative or fractional step count', () => {
    expect(broken(0.25, -1)).toThrow(/broke its contract on a 10-step stretch \(took -1\)/);
    expect(broken(0.25, 1.5)).toThrow(/broke its contract on a 10-step stretch \(took 1.5\)/);
  });

  it('is an internal error when the path returns a non-finite θ (divergence is the stepper’s to report)', () => {
    expect(broken(Infinity, 3)).toThrow(/broke its contract on a 10-step stretch \(took 3\)/);
    expect(broken(NaN, 3)).toThrow(/broke its contract/);
  });
});
