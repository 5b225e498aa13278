/**
 * Closed-form objectives a `thm simulate` spec can name as its model (F(θ) given directly: no data, no loss), and
 * `CLOSED_FORMS`, the catalogue simulate dispatches on by `kind`. An entry keeps its spec part (fields and parser)
 * next to its constructor; a new closed form is its own file plus its entry here.
 */
import type { JsonObject } from '../json/read.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import type { Objective } from './objective.js';
import { quadraticFromSpec, quadraticJson, type QuadraticSpec } from './quadratic.js';
import { finiteSumJson, finiteSumModel, type FiniteSumModelSpec } from '../finiteSum/model.js';

export interface ClosedFormEntry<Spec> {
  /** One line: what F is (shown in messages). */
  readonly doc: string;
  /** Its part of a simulate spec: fields of spec.model besides "kind", and the parser to (spec, θ₀). */
  readonly json: {
    readonly fields: readonly string[];
    parse(o: JsonObject, path: string): { readonly spec: Spec; readonly theta0: Num[] };
  };
  make<R extends Repr>(B: Backend<R>, spec: Spec): Objective<R>;
}

export const CLOSED_FORMS = {
  quadratic: {
    doc: 'F(θ) = ½θᵀAθ − bᵀθ',
    json: quadraticJson,
    make: (B, spec) => quadraticFromSpec(B, spec),
  } satisfies ClosedFormEntry<QuadraticSpec>,
  finiteSum: {
    doc: 'F(θ) = (1/n) Σ f_i(θ), a registered finite sum (src/finiteSum FINITE_SUMS)',
    json: finiteSumJson,
    make: (B, spec) => finiteSumModel(B, spec),
  } satisfies ClosedFormEntry<FiniteSumModelSpec>,
};

/** The catalogue by name, for code that dispatches on a `kind` read from input (check `Object.hasOwn` first). */
export const CLOSED_FORM_ENTRIES: Readonly<Record<string, ClosedFormEntry<unknown>>> = CLOSED_FORMS;
