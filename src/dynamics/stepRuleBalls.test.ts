/**
 * ./stepRuleBalls.ts: exact starting points are radius-0 balls, and f_i* is looked up only for rules that use it.
 */
import { describe, expect, it } from 'vitest';
import { ballArith, type Ball } from '../ball/ball.js';
import { FINITE_SUMS } from '../finiteSum/index.js';
import type { Component } from '../finiteSum/types.js';
import { ddBackend, type DD } from '../numeric/dd.js';
import { ddExactDecimal } from '../numeric/ddIO.js';
import { decBackend } from '../numeric/decimal.js';
import type { Backend } from '../numeric/types.js';
import type { Opaque } from '../theorem/types.js';
import { f64Backend } from '../numeric/f64.js';
import { abs, cmp, parseNum, sign, sub } from '../numeric/rational.js';
import { ballStepField } from './stepField.js';
import { numBall, ruleExactExpectation } from './stepRuleBalls.js';
import { ngnRule, spsMaxRule } from './stepRules.js';

const D = ddBackend();
const K = ballArith(D);
const FB = ballStepField(K);
const ex1 = FINITE_SUMS.islamovEx1.components;

describe('numBall', () => {
  it('a dyadic decimal is held exactly: radius 0', () => {
    const b = numBall(D, '1.5');
    expect(D.show(b.value)).toBe('1.5');
    expect(D.isZero(b.err)).toBe(true);
  });

  // 0.1 is not a dyadic rational: no binary backend holds it, although f64 and dd show num('0.1') as "0.1"
  it('0.1 is held by no binary backend: a ball of positive radius that contains 0.1 (dd; and on f64)', () => {
    const F64 = f64Backend();
    expect(numBall(F64, '0.1').err).toBeGreaterThan(0);
    const b = numBall(D, '0.1');
    const exact = (x: typeof b.value) => parseNum(ddExactDecimal(x.hi, x.lo));
    const gap = abs(sub(exact(b.value), parseNum('0.1')));
    expect(sign(gap)).toBe(1);
    expect(cmp(gap, exact(b.err))).toBeLessThanOrEqual(0);
  });

  // 2^-60 is a double, but its 43 significant digits do not fit dec:40, which rounds it
  it('a double that a decimal backend must round is not claimed exact (dec:40, 2^-60)', () => {
    const E = decBackend(40) as unknown as Backend<Opaque>;
    const b = numBall(E, '0.000000000000000000867361737988403547205962240695953369140625');
    expect(E.isZero(b.err)).toBe(false);
    expect(E.isZero(numBall(E, '0.375').err)).toBe(true);
  });

  it('a dyadic that needs more than a double (1 + 2^-60) is not claimed exact on dd (conservative)', () => {
    expect(D.isZero(numBall(D, '1.000000000000000000867361737988403547205962240695953369140625').err)).toBe(false);
  });
});

describe('f_i* in ruleExactExpectation', () => {
  const noInf = (c: Component, name: string): Component => ({ ...c, name, infimum: undefined });
  const first = (x: readonly Ball<DD>[]) => x[0]!;

  it('a rule that does not use f_i* (NGN) runs on components with no known infimum, with the same result', () => {
    const opts = { x0: [numBall(D, '1.5'), numBall(D, '-0.75')], steps: 2 };
    const rule = () => ngnRule(FB, { lr: K.num('0.5') });
    const withInf = ruleExactExpectation(D, ex1, rule(), opts, first);
    const without = ruleExactExpectation(D, [noInf(ex1[0]!, 'a'), noInf(ex1[1]!, 'b')], rule(), opts, first);
    expect(without.map((b) => D.show(b.value))).toEqual(withInf.map((b) => D.show(b.value)));
  });

  it('a rule that uses f_i* names the first component without one, component 0 included', () => {
    const rule = spsMaxRule(FB, { c: K.num('1'), gammaB: K.num('1') });
    expect(() =>
      ruleExactExpectation(
        D,
        [noInf(ex1[0]!, 'ex1.f1-unknown'), ex1[1]!],
        rule,
        { x0: [K.int(1), K.int(0)], steps: 1 },
        first,
      ),
    ).toThrow(
      /^spsMax needs f_i\* = inf f_i for every sample, but component 0 \(ex1\.f1-unknown\) has no known infimum$/,
    );
  });
});
