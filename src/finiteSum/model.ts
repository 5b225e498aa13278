/**
 * A registered finite sum (./index.ts `FINITE_SUMS`) as a `thm simulate` model: {"kind": "finiteSum", "name":
 * "islamovEx1", "theta": ["1.5", "-0.75"]} (README.md "thm simulate"). The objective is `finiteSum` over the entry's
 * components, so every stepper runs on it (SGD through `subset`) and `"expectation": "exact"` can enumerate its paths.
 */
import { fail, oneOf, vec, type JsonObject } from '../json/read.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import { finiteSum, type FiniteSum } from './finiteSum.js';
import { FINITE_SUM_ENTRIES } from './index.js';

export interface FiniteSumModelSpec {
  readonly name: string;
}

export const finiteSumJson = {
  fields: ['name', 'theta'] as const,
  parse(o: JsonObject, p: string): { spec: FiniteSumModelSpec; theta0: Num[] } {
    if (o.name === undefined) fail(`${p}.name`, `is required (one of ${Object.keys(FINITE_SUM_ENTRIES).join(', ')})`);
    const name = oneOf(o.name, `${p}.name`, Object.keys(FINITE_SUM_ENTRIES), 'finite sum');
    const d = FINITE_SUM_ENTRIES[name]!.components[0]!.dim;
    return { spec: { name }, theta0: vec(o.theta, `${p}.theta`, d, `dim of ${name}`) };
  },
};

export function finiteSumModel<R extends Repr>(B: Backend<R>, spec: FiniteSumModelSpec): FiniteSum<R> {
  return finiteSum(B, FINITE_SUM_ENTRIES[spec.name]!.components);
}
