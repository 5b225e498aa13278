import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/simulate.js';
import { f64Backend } from '../numeric/f64.js';
import { bregmanProjection } from './bregman.js';
import { makePotential, POTENTIALS } from './registry.js';

// Every registered potential is reachable from `thm simulate` through mirrorDescent's "potential" field.
const base = {
  model: { kind: 'linearClassifier', w: ['0.5', '0.25'] },
  data: { x: [['1', '0.5']], y: ['0.75'] },
  loss: 'square',
  steps: 20,
  save: { every: 10 },
  diagnostics: ['loss'],
};

/** A JSON potential for every registry entry, scaled and not. */
const potentials: unknown[] = Object.entries(POTENTIALS).flatMap(([name, e]) => {
  const p: unknown = e.param === null ? name : { [name]: name === 'pNorm' ? '3' : '0.5' };
  return [p, { scaled: p, width: 4 }];
});

describe('thm simulate with every potential', () => {
  it.each(potentials)('mirrorDescent with %j runs and decreases the loss', (potential) => {
    const r = simulate({ ...base, stepper: { kind: 'mirrorDescent', lr: '0.125', potential } }, { backend: 'dd' });
    expect(r.result).toBe('ok');
    const loss = r.trajectory.map((p) => Number(p.loss));
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]!);
  });

  it('names the field of a bad potential', () => {
    expect(() =>
      simulate(
        { ...base, stepper: { kind: 'mirrorDescent', lr: '0.1', potential: { pNorm: '1' } } },
        { backend: 'f64' },
      ),
    ).toThrow(/spec\.stepper\.potential\.pNorm: 1 must be > 1/);
  });
});

describe('thm simulate with "kind": "mirrorFlow"', () => {
  const sys = {
    x: [
      ['1', '0.5', '-0.25'],
      ['0.25', '-1', '0.5'],
    ],
    y: ['0.5', '-0.25'],
  };
  const spec = (stepper: object, t1: string) => ({
    model: { kind: 'linearClassifier', w: ['0.5', '0.25', '0.75'] },
    data: sys,
    loss: 'square',
    reduction: 'sum',
    stepper,
    t1,
    save: { final: true },
    diagnostics: [],
  });

  it('with the squared potential it is gradient flow (same end point within the tolerances)', () => {
    const tol = { rtol: '1e-12', atol: '1e-12' };
    const a = simulate(spec({ kind: 'mirrorFlow', potential: 'squared', ...tol }, '3'), { backend: 'f64' });
    const b = simulate(spec({ kind: 'flow', ...tol }, '3'), { backend: 'f64' });
    expect(a.result).toBe('ok');
    const [ta, tb] = [a.trajectory.at(-1)!.theta, b.trajectory.at(-1)!.theta];
    ta.forEach((v, j) => expect(Math.abs(Number(v) - Number(tb[j]))).toBeLessThanOrEqual(1e-9));
  });

  it('with hypentropy it converges to the Bregman projection of θ₀ (Gunasekar et al.: flow version)', () => {
    const r = simulate(
      spec({ kind: 'mirrorFlow', potential: { hypentropy: '0.5' }, rtol: '1e-12', atol: '1e-12' }, '400'),
      {
        backend: 'f64',
      },
    );
    expect(r.result).toBe('ok');
    const B = f64Backend();
    const o = bregmanProjection(makePotential(B, { name: 'hypentropy', param: '0.5' }), {
      X: sys.x,
      y: sys.y,
      w0: ['0.5', '0.25', '0.75'],
    });
    if (!o.ok) throw new Error(o.reason);
    r.trajectory
      .at(-1)!
      .theta.forEach((v, j) => expect(Math.abs(Number(v) - B.at(o.wStar.value, j))).toBeLessThanOrEqual(1e-8));
  });

  it("names the field: an unknown potential, θ₀ outside the negative entropy's domain", () => {
    expect(() => simulate(spec({ kind: 'mirrorFlow', potential: 'nope' }, '1'), { backend: 'f64' })).toThrow(
      /^spec\.stepper\.potential: unknown potential "nope"/,
    );
    const bad = {
      ...spec({ kind: 'mirrorFlow', potential: 'negEntropy' }, '1'),
      model: { kind: 'linearClassifier', w: ['1', '-1', '1'] },
    };
    expect(() => simulate(bad, { backend: 'f64' })).toThrow(
      /^spec\.model: negEntropy: x\[1\] = -1 is outside the domain x > 0/,
    );
  });
});

describe('thm simulate: "oracle": {"bregman": potential} adds bregmanGap = ‖θ − w*‖∞ with its bar', () => {
  const base = {
    model: { kind: 'linearClassifier', w: ['0.5', '0.25', '0.75'] },
    data: {
      x: [
        ['1', '0.5', '-0.25'],
        ['0.25', '-1', '0.5'],
      ],
      y: ['0.5', '-0.25'],
    },
    loss: 'square',
    reduction: 'sum',
    save: { every: 200 },
    diagnostics: [],
  };

  it("mirror descent shrinks the gap to its own oracle to the rounding floor, not to another potential's", () => {
    const stepper = { kind: 'mirrorDescent', lr: '0.25', potential: { hypentropy: '0.5' } };
    const own = simulate(
      { ...base, stepper, steps: 600, oracle: { bregman: { hypentropy: '0.5' } } },
      { backend: 'dd' },
    );
    const gaps = own.trajectory.map((p) => p.bregmanGap as { value: string; err: string });
    expect(Number(gaps[0]!.value)).toBeGreaterThan(1e-3);
    expect(Number(gaps.at(-1)!.value)).toBeLessThan(1e-25);
    expect(Number(gaps.at(-1)!.err)).toBeLessThan(1e-25);
    const other = simulate({ ...base, stepper, steps: 600, oracle: { bregman: 'squared' } }, { backend: 'dd' });
    const g = other.trajectory.at(-1)!.bregmanGap as { value: string; err: string };
    expect(Number(g.value) - Number(g.err)).toBeGreaterThan(1e-3);
  });

  it.each([
    [{ bregman: 'nope' }, /^spec\.oracle\.bregman: unknown potential "nope"/],
    [{ potential: 'squared' }, /^spec\.oracle\.potential: unknown field/],
    [{}, /^spec\.oracle\.bregman: is required/],
  ])('rejects "oracle": %j naming the field', (oracle, re) => {
    const stepper = { kind: 'gd', lr: '0.25' };
    expect(() => simulate({ ...base, stepper, steps: 1, oracle }, { backend: 'f64' })).toThrow(re);
  });

  it('"diagnostics": ["bregmanGap"] without "oracle" is an input error naming the field', () => {
    const stepper = { kind: 'gd', lr: '0.25' };
    expect(() => simulate({ ...base, stepper, steps: 1, diagnostics: ['bregmanGap'] }, { backend: 'f64' })).toThrow(
      /^spec\.diagnostics\[0\]: bregmanGap needs "oracle"/,
    );
    const listed = simulate(
      { ...base, stepper, steps: 1, diagnostics: ['bregmanGap'], oracle: { bregman: 'squared' } },
      { backend: 'f64' },
    );
    expect(listed.trajectory[0]!.bregmanGap).toHaveProperty('err');
  });

  it("needs the linear least-squares setting, and θ₀ inside the potential's domain", () => {
    const stepper = { kind: 'gd', lr: '0.25' };
    expect(() =>
      simulate({
        ...base,
        loss: 'logistic',
        data: { x: [['1', '0', '0']], y: ['1'] },
        stepper,
        steps: 1,
        oracle: { bregman: 'squared' },
      }),
    ).toThrow(/^spec\.oracle: the Bregman oracle needs the linear least-squares setting/);
    const neg = { ...base, model: { kind: 'linearClassifier', w: ['1', '-1', '1'] }, stepper, steps: 1 };
    expect(() => simulate({ ...neg, oracle: { bregman: 'negEntropy' } }, { backend: 'f64' })).toThrow(
      /^spec\.oracle: /,
    );
  });
});
