import { describe, expect, it } from 'vitest';
import { ballArith, type Ball } from '../ball/ball.js';
import { finiteSum } from '../finiteSum/finiteSum.js';
import { FINITE_SUMS } from '../finiteSum/index.js';
import { ridgeLorentz } from '../finiteSum/components.js';
import type { Component } from '../finiteSum/types.js';
import { square } from '../losses/square.js';
import { linearClassifier } from '../models/linearClassifier.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend, S } from '../numeric/types.js';
import { objective } from '../objective/objective.js';
import type { Opaque } from '../theorem/types.js';
import { adagradNormMax, decSps, ngn, ngnDec, spsMax } from './adaptiveSgd.js';
import { run } from './run.js';
import type { Stepper, StepperState } from './types.js';
import { ballStepField } from './stepField.js';
import { numBall, ruleExactExpectation } from './stepRuleBalls.js';
import { adagradNormMaxRule, decSpsRule, ngnDecRule, ngnRule, spsMaxRule, type StepRule } from './stepRules.js';

const B = decBackend(40) as unknown as Backend<Opaque>;
type Sc = S<Opaque>;
const ex1 = FINITE_SUMS.islamovEx1.components;
const F1 = finiteSum(B, ex1);
const x0 = ['1.5', '-0.75'];
const path = [1, 0, 0, 1, 1];
const n = (s: string) => B.num(s);
const sq = (v: Sc[]) => v.reduce((s, a) => B.add(s, B.mul(a, a)), B.zero);

/**
 * The recurrences of arXiv 2410.12455 written out independently (AdaGrad-norm-max in the paper's squared form), run on
 * Example 1 along `path`: γ_k from (f_i, f_i* = 0, ‖∇f_i‖², k, running state).
 */
function byHand(gammaOf: (fi: Sc, q: Sc, k: number) => Sc): Sc[] {
  let x = B.vec(x0);
  for (let k = 0; k < path.length; k++) {
    const i = path[k]!;
    const g = F1.gradAt(i, x);
    const gamma = gammaOf(F1.valueAt(i, x), sq(B.unpack(g)), k);
    x = B.vsub(x, B.scal(gamma, g));
  }
  return B.unpack(x);
}

function expectClose(a: Sc[], b: Sc[], tol = '1e-35'): void {
  a.forEach((v, j) => expect(B.cmp(B.abs(B.sub(v, b[j]!)), n(tol)), `${B.show(v)} vs ${B.show(b[j]!)}`).toBe(-1));
}

const thetaAfter = (st: Stepper<Opaque, StepperState<Opaque>>) =>
  B.unpack(run(F1, st, B.vec(x0), { steps: path.length }).theta);

describe('adaptive SGD steppers follow the recurrences of arXiv 2410.12455 (Example 1, a fixed index path, dec:40)', () => {
  it('SPSmax (Algorithm 2): γ_k = min{(f_i − f_i*)/(c‖∇f_i‖²), γ_b}', () => {
    const [c, gb] = [n('0.75'), n('0.5')];
    const picked = new Set<string>();
    const want = byHand((fi, q) => {
      const ratio = B.div(fi, B.mul(c, q));
      picked.add(B.cmp(ratio, gb) < 0 ? 'ratio' : 'cap');
      return B.min(ratio, gb);
    });
    expectClose(thetaAfter(spsMax(B, { c, gammaB: gb, indices: path })), want);
    expect(picked).toEqual(new Set(['ratio', 'cap'])); // both branches of the min are exercised on this path
  });

  it('DecSPS: γ_k = min{(f_i − f_i*)/‖∇f_i‖², c_{k−1}γ_{k−1}}/c_k, c_k = c_0√(k + 1), c_{−1}γ_{−1} = c_0γ_b', () => {
    const [c0, gb] = [n('0.5'), n('2')];
    let prev = B.mul(c0, gb);
    const want = byHand((fi, q, k) => {
      const ck = B.mul(c0, B.sqrt(B.int(k + 1)));
      const gamma = B.div(B.min(B.div(fi, q), prev), ck);
      prev = B.mul(ck, gamma);
      return gamma;
    });
    expectClose(thetaAfter(decSps(B, { c0, gammaB: gb, indices: path })), want);
  });

  it('NGN (Algorithm 3) and its decreasing variant: γ_k = γ̃_k/(1 + (γ̃_k/(2f_i))‖∇f_i‖²)', () => {
    const g = n('1.25');
    const ngnGamma = (gt: Sc, fi: Sc, q: Sc) => B.div(gt, B.add(B.one, B.mul(B.div(gt, B.mul(B.int(2), fi)), q)));
    expectClose(
      thetaAfter(ngn(B, { lr: g, indices: path })),
      byHand((fi, q) => ngnGamma(g, fi, q)),
    );
    expectClose(
      thetaAfter(ngnDec(B, { lr: g, indices: path })),
      byHand((fi, q, k) => ngnGamma(B.div(g, B.sqrt(B.int(k + 1))), fi, q)),
    );
  });

  it('AdaGrad-norm-max (Algorithm 4): c_k² = max{c_{k−1}², ‖∇f_i‖²}, b_k² = b_{k−1}² + c_k², γ_k = γ/b_k', () => {
    const [g, b0] = [n('0.8'), n('0.25')];
    let c2 = B.zero;
    let b2 = B.mul(b0, b0);
    const want = byHand((_fi, q) => {
      c2 = B.max(c2, q);
      b2 = B.add(b2, c2);
      return B.div(g, B.sqrt(b2));
    });
    expectClose(thetaAfter(adagradNormMax(B, { lr: g, b0, indices: path })), want);
  });

  it('draws missing indices from the seed, records them in the state, and replays them as a given path', () => {
    const a = run(F1, spsMax(B, { c: n('1'), gammaB: n('1'), seed: 7 }), B.vec(x0), { steps: 12 });
    expect(a.state.indices.length).toBe(12);
    expect(new Set(a.state.indices)).toEqual(new Set([0, 1]));
    const replay = run(F1, spsMax(B, { c: n('1'), gammaB: n('1'), indices: a.state.indices }), B.vec(x0), {
      steps: 12,
    });
    expect(B.vshow(replay.theta)).toEqual(B.vshow(a.theta));
    expect(() => run(F1, ngn(B, { lr: n('1'), indices: [0] }), B.vec(x0), { steps: 2 })).toThrow(
      /ngn: step 1 needs index i_1 .* no seed/,
    );
  });
});

/** The message of the error `f` throws ('' when it does not throw). */
function messageOf(f: () => unknown): string {
  try {
    f();
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** f throws one line that matches re. */
function expectOneLine(f: () => unknown, re: RegExp): void {
  const m = messageOf(f);
  expect(m).toMatch(re);
  expect(m).not.toContain('\n');
}

describe('adaptive steppers refuse inputs outside their domain in one line naming the parameter (no clamping)', () => {
  it('γ_b, c, c_0, γ, b_{−1} ≤ 0', () => {
    for (const bad of ['0', '-0.5']) {
      expectOneLine(() => spsMax(B, { c: n(bad), gammaB: n('1') }), new RegExp(`^spsMax: c = ${bad} must be > 0`));
      expectOneLine(() => spsMax(B, { c: n('1'), gammaB: n(bad) }), /^spsMax: gammaB = .* must be > 0 \(the step cap/);
      expectOneLine(() => decSps(B, { c0: n(bad), gammaB: n('1') }), /^decSps: c0 = .* must be > 0/);
      expectOneLine(() => decSps(B, { c0: n('1'), gammaB: n(bad) }), /^decSps: gammaB = .* must be > 0/);
      expectOneLine(() => ngn(B, { lr: n(bad) }), /^ngn: lr = .* must be > 0 \(the NGN step-size parameter γ/);
      expectOneLine(() => ngnDec(B, { lr: n(bad) }), /^ngnDec: lr = .* must be > 0/);
      expectOneLine(() => adagradNormMax(B, { lr: n(bad), b0: n('1') }), /^adagradNormMax: lr = .* must be > 0/);
      expectOneLine(() => adagradNormMax(B, { lr: n('1'), b0: n(bad) }), /^adagradNormMax: b0 = .* must be > 0/);
    }
  });

  it('NGN on a function that goes negative: one line at the step that reaches f_i < 0', () => {
    // f = φ(x + y) − 1/2 < 0 for |x + y| < 1; from (2, 0) (f = 0.3) NGN with γ = 8 has γ_0 ≈ 4.75 and lands at
    // x + y ≈ 0.48, where f ≈ −0.31: step 1 refuses
    const shifted: Component = {
      ...ridgeLorentz('shifted', ['1', '1'], '0'),
      value: (F, x) => F.sub(ridgeLorentz('p', ['1', '1'], '0').value(F, x), F.num('0.5')),
      infimum: '-0.5',
    };
    const F = finiteSum(B, [shifted]);
    const m = messageOf(() => run(F, ngn(B, { lr: n('8'), indices: [0, 0, 0] }), B.vec(['2', '0']), { steps: 3 }));
    expect(m).toMatch(/^ngn: f_0\(x_1\) = -0\.3\d* < 0, but NGN needs every f_i ≥ 0/);
    expect(m).not.toContain('\n');
    const d = messageOf(() => run(F, ngnDec(B, { lr: n('8'), indices: [0, 0, 0] }), B.vec(['2', '0']), { steps: 3 }));
    expect(d).toMatch(/^ngnDec: f_0\(x_\d\) = .* < 0/);
  });

  it('SPS with an f_i* above f_i(x): one line saying f_i* is not a lower bound', () => {
    expectOneLine(
      () => run(F1, spsMax(B, { c: n('1'), gammaB: n('1'), fStar: n('0.9'), indices: [0] }), B.vec(x0), { steps: 1 }),
      /^spsMax: f_i\(x_k\) − f_i\* = .* < 0 at step 0 \(sample 0\): the given f_i\* is not a lower bound/,
    );
  });

  it('SPS without f_i*: one line naming what is missing (a model objective; a component with no infimum)', () => {
    const Fm = objective(B, linearClassifier(B, { d: 2 }), square(B), {
      X: B.mat([
        ['1', '0'],
        ['0', '1'],
      ]),
      y: B.vec(['1', '2']),
    });
    expectOneLine(
      () => run(Fm, spsMax(B, { c: n('1'), gammaB: n('1'), seed: 1 }), B.vec(['0', '0']), { steps: 1 }),
      /^spsMax needs f_i\* = inf f_i .* not a finite sum .*: give fStar/,
    );
    // with fStar given it runs
    expect(
      run(Fm, spsMax(B, { c: n('1'), gammaB: n('1'), seed: 1, fStar: B.zero }), B.vec(['0', '0']), { steps: 3 }).result,
    ).toBe('ok');
    expectOneLine(
      () =>
        run(Fm, decSps(B, { c0: n('1'), gammaB: n('1'), seed: 1, fStar: [B.zero] }), B.vec(['0', '0']), { steps: 1 }),
      /^decSps: fStar has 1 entries, expected one per sample \(n = 2\)/,
    );
    const noInf: Component = { ...ex1[1]!, name: 'ex1.f2-unknown', infimum: undefined };
    const F = finiteSum(B, [ex1[0]!, noInf]);
    expectOneLine(
      () => run(F, spsMax(B, { c: n('1'), gammaB: n('1'), seed: 1 }), B.vec(x0), { steps: 1 }),
      /^spsMax needs f_i\* .* component 1 \(ex1\.f2-unknown\) has no known infimum: give fStar/,
    );
    const R = ddBackend() as unknown as Backend<Opaque>;
    const K = ballArith(R);
    const rule = spsMaxRule(ballStepField(K), { c: K.num('1'), gammaB: K.num('1') });
    expectOneLine(
      () => ruleExactExpectation(R, [ex1[0]!, noInf], rule, { x0: [K.num('1'), K.num('0')], steps: 1 }, (x) => x[0]!),
      /^spsMax needs f_i\* .* component 1 \(ex1\.f2-unknown\) has no known infimum/,
    );
  });
});

describe('the same rules in ball arithmetic: exact expectations over all index paths', () => {
  const R = decBackend(60) as unknown as Backend<Opaque>;
  const D = ddBackend() as unknown as Backend<Opaque>;
  const K = ballArith(D);
  const FB = ballStepField(K);
  type AnyRule = StepRule<Ball<Opaque>, unknown>;
  type AnyStepper = Stepper<Opaque, StepperState<Opaque>>;
  const cases = [
    {
      name: 'spsMax',
      ball: (): AnyRule => spsMaxRule(FB, { c: K.num('0.75'), gammaB: K.num('0.5') }),
      back: (Bk: Backend<Opaque>, indices: number[]): AnyStepper =>
        spsMax(Bk, { c: Bk.num('0.75'), gammaB: Bk.num('0.5'), indices }),
    },
    {
      name: 'decSps',
      ball: (): AnyRule => decSpsRule(FB, { c0: K.num('0.5'), gammaB: K.num('2') }),
      back: (Bk: Backend<Opaque>, indices: number[]): AnyStepper =>
        decSps(Bk, { c0: Bk.num('0.5'), gammaB: Bk.num('2'), indices }),
    },
    {
      name: 'ngn',
      ball: (): AnyRule => ngnRule(FB, { lr: K.num('1.25') }),
      back: (Bk: Backend<Opaque>, indices: number[]): AnyStepper => ngn(Bk, { lr: Bk.num('1.25'), indices }),
    },
    {
      name: 'ngnDec',
      ball: (): AnyRule => ngnDecRule(FB, { lr: K.num('1.25') }),
      back: (Bk: Backend<Opaque>, indices: number[]): AnyStepper => ngnDec(Bk, { lr: Bk.num('1.25'), indices }),
    },
    {
      name: 'adagradNormMax',
      ball: (): AnyRule => adagradNormMaxRule(FB, { lr: K.num('0.8'), b0: K.num('0.25') }),
      back: (Bk: Backend<Opaque>, indices: number[]): AnyStepper =>
        adagradNormMax(Bk, { lr: Bk.num('0.8'), b0: Bk.num('0.25'), indices }),
    },
  ];
  for (const problem of ['islamovEx1', 'leastSquares3'] as const) {
    const comps = FINITE_SUMS[problem].components;
    const nS = comps.length;
    const steps = nS === 2 ? 3 : 2;
    for (const c of cases) {
      it(`${c.name} on ${problem}: the dd ball E[f(x_k)] contains the mean over all ${nS}^${steps} paths of the dec:60 stepper`, () => {
        const FR = finiteSum(R, comps);
        // (1.5, −0.75) lies on the minimizers of f_1 of leastSquares3 (a_1ᵀx = b_1): there the ball rules take the
        // hull of γ_k's range (a gradient within rounding of 0); DecSPS would carry that range on in its running
        // minimum, so it starts elsewhere
        const start = problem === 'leastSquares3' && c.name === 'decSps' ? ['1.25', '-0.5'] : ['1.5', '-0.75'];
        const got = ruleExactExpectation(D, comps, c.ball(), { x0: start.map((v) => numBall(D, v)), steps }, (x) =>
          K.div(
            comps.reduce((s: Ball<Opaque>, cc) => K.add(s, cc.value(K, x)), K.int(0)),
            K.int(nS),
          ),
        );
        expect(got.length).toBe(steps + 1);
        for (let k = 0; k <= steps; k++) {
          let s = R.zero;
          for (let p = 0; p < nS ** k; p++) {
            const idx = Array.from({ length: k }, (_, j) => Math.floor(p / nS ** (k - 1 - j)) % nS);
            s = R.add(s, FR.value(run(FR, c.back(R, idx), R.vec(start), { steps: k }).theta));
          }
          const ref = R.div(s, R.int(nS ** k));
          const b = got[k]!;
          const d = D.abs(D.sub(b.value, D.num(R.show(ref))));
          expect(
            D.cmp(d, D.add(b.err, D.num('1e-31'))),
            `k = ${k}: ${D.show(b.value)} ± ${D.show(b.err)} vs ${R.show(ref)}`,
          ).toBeLessThanOrEqual(0);
          expect(D.toNumber(b.err)).toBeLessThan(1e-25); // a rounding bar, not a vacuous one
        }
        // and a wrong statistic is caught: E[f(x_steps)] differs from E[f(x_{steps−1})] beyond the bars
        const last = got[steps]!;
        const prev = got[steps - 1]!;
        expect(D.cmp(D.abs(D.sub(last.value, prev.value)), D.add(last.err, prev.err))).toBe(1);
      });
    }
  }
});

describe('the adaptive stepper driver: reports, index paths and the objective it needs', () => {
  it('params: each factory shows its hyperparameters, plus seed and the given path when there are', () => {
    const opts = { seed: 42, indices: [1, 0, 1] };
    expect(spsMax(B, { c: n('0.75'), gammaB: n('0.5'), ...opts }).params).toEqual({
      c: '0.75',
      gammaB: '0.5',
      seed: '42',
      indices: '1,0,1',
    });
    expect(spsMax(B, { c: n('0.75'), gammaB: n('0.5') }).params).toEqual({ c: '0.75', gammaB: '0.5' });
    expect(decSps(B, { c0: n('2'), gammaB: n('0.5'), seed: 3 }).params).toEqual({ c0: '2', gammaB: '0.5', seed: '3' });
    expect(ngn(B, { lr: n('1.25'), indices: [0] }).params).toEqual({ lr: '1.25', indices: '0' });
    expect(ngnDec(B, { lr: n('1.25') }).params).toEqual({ lr: '1.25' });
    expect(adagradNormMax(B, { lr: n('0.8'), b0: n('0.25') }).params).toEqual({ lr: '0.8', b0: '0.25' });
  });

  it('a given index outside [0, n) or not an integer is refused at init, naming it', () => {
    for (const bad of [2, -1, 0.5]) {
      expect(() => ngn(B, { lr: n('1'), indices: [0, bad] }).init(F1, B.vec(x0))).toThrow(
        new RegExp(`^ngn: index ${bad} is not a sample index in \\[0, 2\\)$`),
      );
    }
    expect(ngn(B, { lr: n('1'), indices: [1, 0] }).init(F1, B.vec(x0)).indices).toEqual([1, 0]);
  });

  // f_i = F.subset([i]): an objective without `subset` is refused by name, at init and at a step
  const noSubset = { ...F1, subset: undefined };

  it('an objective without subset is refused at init and at a step, naming the capability', () => {
    const st = ngn(B, { lr: n('1'), indices: [0, 1] });
    expect(() => st.init(noSubset, B.vec(x0))).toThrow(/^ngn needs the objective's subset, which it does not have/);
    const s0 = st.init(F1, B.vec(x0));
    expect(() => st.step(noSubset, s0, 0)).toThrow(/^ngn needs the objective's subset, which it does not have/);
  });

  it('f_i without valueAndGrad: value and grad are called separately, with the same step', () => {
    const split = {
      ...F1,
      subset: (idx: readonly number[]) => ({ ...F1.subset(idx), valueAndGrad: undefined }),
    };
    const st = () => spsMax(B, { c: n('0.75'), gammaB: n('0.5'), indices: path });
    const a = run(F1, st(), B.vec(x0), { steps: path.length });
    const b = run(split, st(), B.vec(x0), { steps: path.length });
    expect(B.vshow(b.theta)).toEqual(B.vshow(a.theta));
  });
});
