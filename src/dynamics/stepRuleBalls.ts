/**
 * Exact expectations of SGD with an adaptive step-size rule (./stepRules.ts) on a finite sum, in ball arithmetic:
 * every node of the tree of index paths is a vector of balls x_k (and the rule's running state, also balls), stepped by
 * the same rule the Backend stepper uses, so E[stat(x_k)] = n^{−k} Σ_paths stat(x_k(path))
 * (src/finiteSum/expectation.ts) comes with a rigorous rounding bar and no sampling error.
 */
import { ballArith, type Ball } from '../ball/ball.js';
import { inputError } from '../errors.js';
import { exactExpectation } from '../finiteSum/expectation.js';
import type { Component } from '../finiteSum/types.js';
import { exactDecimal } from '../numeric/exact.js';
import { cmp, parseNum } from '../numeric/rational.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import { ballStepField } from './stepField.js';
import { ruleStep, type StepRule } from './stepRules.js';

/**
 * An exact decimal as a ball: radius 0 when the backend holds it exactly (a dyadic x_0 such as 1.5), else `K.num`'s
 * representation bar. Exact starting points let the rules see an exact zero (a start on a minimizer of some f_i) as 0
 * instead of a ball around 0. Exact means: x is a double (so a binary backend of at least double precision holds it)
 * and B shows num(x) back as x (a decimal backend shows its exact value, so a double it had to round is caught). That
 * B shows num(x) as x alone is not enough: f64 and dd show the shortest literal that reads back, "0.1" for 0.1.
 */
export function numBall<R extends Repr>(B: Backend<R>, x: Num): Ball<R> {
  const K = ballArith(B);
  const v = B.num(x);
  const q = parseNum(x);
  const d = Number(x);
  const isDouble = Number.isFinite(d) && cmp(parseNum(exactDecimal(d)), q) === 0;
  return isDouble && cmp(parseNum(B.show(v)), q) === 0 ? K.exact(v) : K.num(x);
}

/** A node of the index tree: x_k and the rule's running state after k steps. */
export interface RuleNode<R extends Repr, A> {
  readonly x: readonly Ball<R>[];
  readonly aux: A;
}

/**
 * The child of a node: one step of `rule` with sample i (f_i* from each component's `infimum`; a rule that needs it on
 * a component without one is refused up front by `ruleExactExpectation`).
 */
export function ruleBallChild<R extends Repr, A>(
  B: Backend<R>,
  components: readonly Component[],
  rule: StepRule<Ball<R>, A>,
): (node: RuleNode<R, A>, i: number, k: number) => RuleNode<R, A> {
  const K = ballArith(B);
  const F = ballStepField(K);
  const stars = components.map((c) => (c.infimum === undefined ? undefined : K.num(c.infimum)));
  return (node, i, k) => {
    const c = components[i]!;
    const out = ruleStep(F, rule, node.x, node.aux, {
      i,
      k,
      fi: c.value(K, node.x),
      fiStar: stars[i],
      grad: c.grad(K, node.x),
    });
    return { x: out.x, aux: out.aux };
  };
}

/**
 * E[stat(x_k)] for k = 0, …, steps of SGD with `rule` from x_0 on f = (1/n) Σ f_i (i_k i.i.d. uniform), every
 * quantity a ball. Throws one line when the rule needs f_i* and a component has no known infimum, and (from
 * exactExpectation) when n^steps exceeds the cap.
 */
export function ruleExactExpectation<R extends Repr, A>(
  B: Backend<R>,
  components: readonly Component[],
  rule: StepRule<Ball<R>, A>,
  opts: { readonly x0: readonly Ball<R>[]; readonly steps: number },
  stat: (x: readonly Ball<R>[], k: number) => Ball<R>,
): Ball<R>[] {
  if (rule.needsFiStar) {
    const j = components.findIndex((c) => c.infimum === undefined);
    if (j >= 0)
      throw inputError(
        `${rule.name} needs f_i* = inf f_i for every sample, but component ${j} (${components[j]!.name}) has no known infimum`,
      );
  }
  return exactExpectation(
    ballArith(B),
    components.length,
    opts.steps,
    { x: opts.x0, aux: rule.aux0 },
    ruleBallChild(B, components, rule),
    (node, k) => stat(node.x, k),
  );
}
