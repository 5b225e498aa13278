/**
 * The step-size rules of ./stepRules.ts called directly, on f64 (`backendStepField`): what they do at the edges of
 * their formulas (a zero gradient takes the cap instead of dividing by 0), and their one-line errors naming the rule
 * and the parameter.
 */
import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { f64Backend } from '../numeric/f64.js';
import { backendStepField } from './stepField.js';
import { adagradNormMaxRule, decSpsRule, ngnDecRule, ngnRule, spsMaxRule, type SampleInfo } from './stepRules.js';

const F = backendStepField(f64Backend());
const info = (fi: number, fiStar: number | undefined, grad: number[], k = 0, i = 0): SampleInfo<number> => ({
  i,
  k,
  fi,
  fiStar,
  grad,
});

function oneLine(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(isInputError(e), String(e)).toBe(true);
    const m = (e as Error).message;
    expect(m).not.toContain('\n');
    return m;
  }
  throw new Error('expected an InputError');
}

describe('a zero gradient takes the cap (the step is 0 whatever γ_k is; no 0/0)', () => {
  it('SPSmax: γ_k = γ_b at a minimizer of f_i (gap 0, ∇f_i = 0) and for a positive gap', () => {
    const rule = spsMaxRule(F, { c: 0.5, gammaB: 0.25 });
    expect(rule.next(null, info(0.5, 0.5, [0, 0])).gamma).toBe(0.25);
    expect(rule.next(null, info(1, 0, [0])).gamma).toBe(0.25);
  });

  it('DecSPS: the running bound m stays m_{k−1}, and γ_k = m_{k−1}/(c_0√(k + 1))', () => {
    const rule = decSpsRule(F, { c0: 2, gammaB: 0.5 });
    expect(rule.aux0).toBe(1); // c_{−1}γ_{−1} = c_0γ_b
    const out = rule.next(1, info(0, 0, [0, 0], 3));
    expect(out.aux).toBe(1);
    expect(out.gamma).toBe(1 / (2 * 2)); // c_3 = 2√4
  });

  it('NGN and decreasing NGN: f_i = 0 with ∇f_i = 0 gives γ_k = γ (resp. γ/√(k + 1))', () => {
    expect(ngnRule(F, { lr: 0.5 }).next(null, info(0, undefined, [0, 0])).gamma).toBe(0.5);
    expect(ngnDecRule(F, { lr: 0.5 }).next(null, info(0, undefined, [0], 3)).gamma).toBe(0.25);
  });
});

describe('one-line errors name the rule and what is wrong', () => {
  it('a missing f_i* names the sample (SPSmax, DecSPS)', () => {
    expect(oneLine(() => spsMaxRule(F, { c: 1, gammaB: 1 }).next(null, info(1, undefined, [1], 0, 3)))).toMatch(
      /^spsMax: f_i\* of sample 3 is missing \(the rule needs f_i\* = inf f_i for every sample\)$/,
    );
    expect(oneLine(() => decSpsRule(F, { c0: 1, gammaB: 1 }).next(1, info(1, undefined, [1], 0, 2)))).toMatch(
      /^decSps: f_i\* of sample 2 is missing/,
    );
  });

  it('an f_i* above f_i(x_k) is not a lower bound (DecSPS names itself)', () => {
    expect(oneLine(() => decSpsRule(F, { c0: 1, gammaB: 1 }).next(1, info(0, 1, [1], 4, 1)))).toMatch(
      /^decSps: f_i\(x_k\) − f_i\* = -1 < 0 at step 4 \(sample 1\): the given f_i\* is not a lower bound of f_i/,
    );
  });

  it('decreasing NGN refuses f_i < 0 under its own name', () => {
    expect(oneLine(() => ngnDecRule(F, { lr: 1 }).next(null, info(-1, undefined, [1], 2, 0)))).toMatch(
      /^ngnDec: f_0\(x_2\) = -1 < 0, but NGN needs every f_i ≥ 0/,
    );
  });

  it('non-positive parameters: the message says which parameter of which algorithm', () => {
    const cases: [() => unknown, RegExp][] = [
      [() => spsMaxRule(F, { c: 0, gammaB: 1 }), /^spsMax: c = 0 must be > 0 \(the constant c of the SPSmax step size/],
      [() => spsMaxRule(F, { c: 1, gammaB: 0 }), /^spsMax: gammaB = 0 must be > 0 \(the step cap γ_b of Algorithm 2\)/],
      [
        () => decSpsRule(F, { c0: 0, gammaB: 1 }),
        /^decSps: c0 = 0 must be > 0 \(the scale c_0 of c_k = c_0√\(k \+ 1\)/,
      ],
      [() => decSpsRule(F, { c0: 1, gammaB: -1 }), /^decSps: gammaB = -1 must be > 0 \(the initial step cap γ_b/],
      [() => ngnRule(F, { lr: 0 }), /^ngn: lr = 0 must be > 0 \(the NGN step-size parameter γ of Algorithm 3\)/],
      [() => ngnDecRule(F, { lr: 0 }), /^ngnDec: lr = 0 must be > 0 \(the NGN step-size parameter γ of γ̃_k/],
      [
        () => adagradNormMaxRule(F, { lr: 0, b0: 1 }),
        /^adagradNormMax: lr = 0 must be > 0 \(the step-size parameter γ/,
      ],
      [() => adagradNormMaxRule(F, { lr: 1, b0: 0 }), /^adagradNormMax: b0 = 0 must be > 0 \(the initial accumulator/],
    ];
    for (const [f, re] of cases) expect(oneLine(f)).toMatch(re);
  });

  it('each rule carries the name its messages and reports use', () => {
    expect(adagradNormMaxRule(F, { lr: 1, b0: 1 }).name).toBe('adagradNormMax');
    expect(ngnDecRule(F, { lr: 1 }).name).toBe('ngnDec');
  });
});
