/**
 * The `thm simulate` spec: plain JSON with every quantity an exact decimal string. `parseSimSpec` checks
 * its shape backend-independently (every error is one line naming the field, as an InputError → CLI exit 2).
 *
 * What each kind of model, closed-form objective and stepper takes is not listed here: `kind` selects an entry of the
 * one catalogue of its sort (models/index.ts `MODELS`, objective/closedForms.ts `CLOSED_FORMS`, dynamics/index.ts
 * `STEPPERS`, flow/index.ts `SOLVERS`, losses/index.ts `LOSSES`), and the entry's `json` part checks its own fields.
 * This file owns only the spec's frame: data, loss, steps or t1, saves, diagnostics, reference, and the limits below.
 * Documented in README.md ("thm simulate").
 */
import { STEPPER_ENTRIES } from '../dynamics/index.js';
import { checkStepperKeys, potentialField } from '../dynamics/json.js';
import { SOLVERS } from '../flow/index.js';
import {
  count,
  fail,
  isUnitLabel,
  mat,
  num,
  obj,
  oneOf,
  onlyKeys,
  positive,
  vec,
  type JsonObject,
} from '../json/read.js';
import { LOSSES, type LossKind } from '../losses/index.js';
import { MODEL_ENTRIES } from '../models/index.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import { CLOSED_FORM_ENTRIES } from '../objective/closedForms.js';
import type { PotentialSpec } from '../potentials/registry.js';
import { parseOracle, type OracleSpec } from './oracle.js';
import { parseExpectation } from './expectation.js';

// ---- limits (README.md "thm simulate")
// ---------------------------------------------------------------------------------

/** The largest `steps` (and flow `maxSteps`) a spec may ask for: beyond it a run is not a CLI job. */
export const MAX_STEPS = 10_000_000;
/** The most points a run may save (each holds θ and the diagnostics): bounds the memory of a trajectory. */
export const MAX_SAVED_POINTS = 100_000;

// ---- parsed spec
// ------------------------------------------------------------------------------------------------------

/** spec.model, parsed by its catalogue entry. */
export interface ModelPart {
  /** The entry's name ("linear2", "quadratic", …). */
  readonly kind: string;
  /** `model`: a MODELS entry (with data and a loss); `closedForm`: a CLOSED_FORMS entry (F given directly). */
  readonly family: 'model' | 'closedForm';
  /** The entry's own spec (what its `factory`/`make` takes). */
  readonly spec: unknown;
  /** θ₀ as exact strings, flat, in the model's declared block order. */
  readonly theta0: Num[];
  /** Entries of each row of data.x (models only). */
  readonly inputDim?: number;
  /** Outputs per sample when more than 1: each data.y entry is then a row of that many targets. */
  readonly outputDim?: number;
}

/** Gradient flow's options (the continuous driver, spec.stepper.kind = "flow"). */
export interface FlowOptions {
  readonly solver?: string;
  readonly rtol?: Num;
  readonly atol?: Num;
  readonly maxSteps?: number;
  /** Mirror flow (spec.stepper.kind = "mirrorFlow"): the potential; the flow runs on the dual variable ∇Φ(θ). */
  readonly potential?: PotentialSpec;
}

/** spec.stepper: a STEPPERS entry's name and its parsed spec, or "flow" and its FlowOptions. */
export interface StepperPart {
  readonly kind: string;
  readonly spec: unknown;
}

/** Discrete save policies (map to the run driver's) and flow save policies (times). */
export type DiscreteSave =
  { readonly final: true } | { readonly every: number } | { readonly steps: number[] } | { readonly logSpaced: number };
export type FlowSave = { readonly final: true } | { readonly every: Num } | { readonly times: Num[] };

/** A validated simulation spec (canonical: counts are numbers, quantities decimal strings). */
export interface SimSpec {
  readonly model: ModelPart;
  readonly data?: { readonly x: Num[][]; readonly y: Num[] };
  readonly loss?: LossKind;
  readonly reduction?: 'mean' | 'sum';
  readonly stepper: StepperPart;
  /** Discrete steppers only. */
  readonly steps?: number;
  /** Flow only: integrate on [0, t1]. */
  readonly t1?: Num;
  readonly save: DiscreteSave | FlowSave;
  readonly diagnostics: string[];
  /** Reference direction for directional diagnostics (e.g. the max-margin direction of a linear classifier). */
  readonly reference?: { readonly w: Num[] };
  /**
   * The Bregman oracle w* = argmin_{Xw = y} D_Φ(w, w₀) of a potential (linearClassifier, shallowLinearized or
   * diagonalLinear with the square loss; ./oracle.ts): every saved point then carries bregmanGap = ‖θ − w*‖∞ (the
   * diagonal network: ‖u⊙u − v⊙v − w*‖∞) with its bar (src/potentials/bregman.ts).
   */
  readonly oracle?: OracleSpec;
  /** "exact": E[loss] and E[θ] over every index path instead of one sampled path (./expectation.ts). */
  readonly expectation?: 'exact';
}

/** The stepper kind of gradient flow (the continuous driver; every other kind is a STEPPERS entry). */
export const FLOW = 'flow';

/** The stepper kind of mirror flow d/dt ∇Φ(θ) = −∇F(θ) (the continuous driver on the dual variable). */
export const MIRROR_FLOW = 'mirrorFlow';

const isFlow = (kind: string): boolean => kind === FLOW || kind === MIRROR_FLOW;

/** The flow options of a spec that runs gradient or mirror flow, undefined for a discrete stepper. */
export function flowOptions(spec: SimSpec): FlowOptions | undefined {
  return isFlow(spec.stepper.kind) ? (spec.stepper.spec as FlowOptions) : undefined;
}

// ---- parsing
// ----------------------------------------------------------------------------------------------------------

const FLOW_FIELDS = ['solver', 'rtol', 'atol', 'maxSteps'];
/** Solvers with an error estimate (adaptive steps); fixed-step ones (rk4) are not offered. */
const adaptiveSolvers = (): string[] => Object.keys(SOLVERS).filter((id) => SOLVERS[id]!.embeddedOrder !== undefined);

function parseModel(x: unknown): ModelPart {
  const p = 'spec.model';
  const o = obj(x, p);
  const kinds = [...Object.keys(MODEL_ENTRIES), ...Object.keys(CLOSED_FORM_ENTRIES)];
  const kind = oneOf(o.kind, `${p}.kind`, kinds, 'model kind');
  if (Object.hasOwn(MODEL_ENTRIES, kind)) {
    const entry = MODEL_ENTRIES[kind]!;
    onlyKeys(o, p, ['kind', ...entry.json.fields], kind);
    const { spec, theta0, inputDim, outputDim } = entry.json.parse(o, p);
    return { kind, family: 'model', spec, theta0, inputDim, ...(outputDim === undefined ? {} : { outputDim }) };
  }
  const entry = CLOSED_FORM_ENTRIES[kind]!;
  onlyKeys(o, p, ['kind', ...entry.json.fields], kind);
  const { spec, theta0 } = entry.json.parse(o, p);
  return { kind, family: 'closedForm', spec, theta0 };
}

/** A step count within MAX_STEPS. */
function capped(n: number, path: string): number {
  if (n > MAX_STEPS)
    fail(
      path,
      `${n} exceeds the limit of ${MAX_STEPS} steps per thm simulate run (run longer horizons from code with run())`,
    );
  return n;
}

/** Rejects a save policy that would keep more than MAX_SAVED_POINTS points. */
function savedPoints(n: number, path: string): void {
  if (n > MAX_SAVED_POINTS)
    fail(path, `saves about ${n} points, more than the limit of ${MAX_SAVED_POINTS} (save less often)`);
}

function parseFlow(o: JsonObject, p: string): FlowOptions {
  return {
    ...(o.solver === undefined ? {} : { solver: oneOf(o.solver, `${p}.solver`, adaptiveSolvers(), 'solver') }),
    ...(o.rtol === undefined ? {} : { rtol: positive(o.rtol, `${p}.rtol`, 'a relative tolerance') }),
    ...(o.atol === undefined ? {} : { atol: positive(o.atol, `${p}.atol`, 'an absolute tolerance') }),
    ...(o.maxSteps === undefined ? {} : { maxSteps: capped(count(o.maxSteps, `${p}.maxSteps`, 1), `${p}.maxSteps`) }),
  };
}

function parseStepper(x: unknown, nSamples: number): StepperPart {
  const p = 'spec.stepper';
  const o = obj(x, p);
  const kind = oneOf(o.kind, `${p}.kind`, [...Object.keys(STEPPER_ENTRIES), FLOW, MIRROR_FLOW], 'stepper kind');
  if (kind === FLOW) {
    checkStepperKeys(o, p, kind, FLOW_FIELDS);
    return { kind, spec: parseFlow(o, p) };
  }
  if (kind === MIRROR_FLOW) {
    checkStepperKeys(o, p, kind, [...FLOW_FIELDS, 'potential']);
    return { kind, spec: { ...parseFlow(o, p), potential: potentialField(o, p) } };
  }
  const entry = STEPPER_ENTRIES[kind]!;
  checkStepperKeys(o, p, kind, entry.json.fields);
  return { kind, spec: entry.json.parse(o, p, { nSamples }) };
}

export function parseSave(x: unknown, flow: boolean, steps: number, t1: Num | undefined): DiscreteSave | FlowSave {
  const p = 'spec.save';
  if (x === undefined) return { final: true };
  const o = obj(x, p);
  const keys = Object.keys(o);
  const allowed = flow ? ['final', 'every', 'times'] : ['final', 'every', 'steps', 'logSpaced'];
  if (keys.length !== 1 || !allowed.includes(keys[0]!)) {
    fail(
      p,
      `must have exactly one of ${allowed.map((k) => `"${k}"`).join(', ')} (${flow ? 'flow' : 'discrete steppers'}), got ${JSON.stringify(x)}`,
    );
  }
  const key = keys[0]!;
  if (key === 'final') {
    if (o.final !== true) fail(`${p}.final`, 'must be true');
    return { final: true };
  }
  if (flow) {
    if (key === 'every') {
      const every = positive(o.every, `${p}.every`, 'the time between saves');
      savedPoints(Math.ceil(Number(t1 ?? '0') / Number(every)) + 1, `${p}.every`);
      return { every };
    }
    if (Array.isArray(o.times)) savedPoints(o.times.length, `${p}.times`);
    return { times: vec(o.times, `${p}.times`) };
  }
  if (key === 'every') {
    const every = count(o.every, `${p}.every`, 1);
    // k = 0, every, 2·every, … ≤ steps, and the last step when it is not a multiple
    savedPoints(Math.floor(steps / every) + 1 + (steps % every === 0 ? 0 : 1), `${p}.every`);
    return { every };
  }
  if (key === 'logSpaced') {
    const m = count(o.logSpaced, `${p}.logSpaced`, 1);
    // ⌊10^{j/m}⌋ ≤ steps for j ≤ m·log10(steps): at most that many + 2 distinct points, and never more than steps + 1
    savedPoints(Math.min(steps + 1, Math.ceil(m * Math.log10(Math.max(steps, 1))) + 2), `${p}.logSpaced`);
    return { logSpaced: m };
  }
  if (!Array.isArray(o.steps)) fail(`${p}.steps`, `expected a list of step indices, got ${JSON.stringify(o.steps)}`);
  savedPoints(o.steps.length, `${p}.steps`);
  return {
    steps: o.steps.map((k, i) => {
      const n = count(k, `${p}.steps[${i}]`, 0);
      if (n > steps) fail(`${p}.steps[${i}]`, `${n} exceeds spec.steps = ${steps}`);
      return n;
    }),
  };
}

const TOP_FIELDS = [
  'model',
  'data',
  'loss',
  'reduction',
  'stepper',
  'steps',
  't1',
  'save',
  'diagnostics',
  'reference',
  'output',
  'noise',
  'oracle',
  'expectation',
];

/**
 * Validates a simulation spec (parsed JSON) and returns its canonical form. Throws an InputError whose one-line
 * message names the offending field (`spec.model.b: has length 3, expected 2 (same width as model.a)`).
 * Diagnostic names are checked against the registry later (`simulate`), since applicability depends on F.
 */
export function parseSimSpec(json: unknown): SimSpec {
  const o = obj(json, 'spec');
  onlyKeys(o, 'spec', TOP_FIELDS, 'a simulation spec');
  // "output": "moments" specs are parsed by ./moments.ts (simulateAny dispatches before this parser)
  if (o.output !== undefined) oneOf(o.output, 'spec.output', ['trajectory', 'moments'], 'output');
  if (o.output === 'moments') fail('spec.output', '"moments" specs are run by simulateAny (thm simulate does this)');
  if (o.noise !== undefined)
    fail(
      'spec.noise',
      'applies to "output": "moments" only (for sample paths give the stepper "noise" scale and a "seed")',
    );
  if (o.model === undefined) fail('spec.model', 'is required (e.g. {"kind": "linear2", "a": ["0.1"], "b": ["0.2"]})');
  const model = parseModel(o.model);

  let data: SimSpec['data'];
  let loss: SimSpec['loss'];
  let reduction: SimSpec['reduction'];
  if (model.family === 'closedForm') {
    for (const k of ['data', 'loss', 'reduction'] as const) {
      if (o[k] !== undefined)
        fail(
          `spec.${k}`,
          `a ${model.kind} model takes no data, loss or reduction (${CLOSED_FORM_ENTRIES[model.kind]!.doc})`,
        );
    }
  } else {
    if (o.data === undefined) fail('spec.data', 'is required: {"x": [[...], ...], "y": [...]}');
    const d = obj(o.data, 'spec.data');
    onlyKeys(d, 'spec.data', ['x', 'y'], 'data');
    const x = mat(d.x, 'spec.data.x', undefined, model.inputDim, `input dimension of ${model.kind}`);
    const C = model.outputDim;
    // C outputs per sample: one row of C targets per row of data.x, kept row-major (flat) like the predictions
    const y =
      C === undefined
        ? vec(d.y, 'spec.data.y', x.length, 'one target per row of data.x')
        : mat(d.y, 'spec.data.y', x.length, C, `${C} outputs of ${model.kind}`).flat();
    data = { x, y };
    const losses = Object.keys(LOSSES) as LossKind[];
    if (o.loss === undefined) fail('spec.loss', `is required (${losses.join(', ')})`);
    const l = oneOf(o.loss, 'spec.loss', losses, 'loss');
    if (LOSSES[l].targets === 'sign') {
      y.forEach((yi, i) => {
        if (!isUnitLabel(yi))
          fail(`spec.data.y[${i}]`, `${yi} is not a label ±1 (the ${l} loss takes labels "1" or "-1")`);
      });
    }
    loss = l;
    if (o.reduction !== undefined)
      reduction = oneOf(o.reduction, 'spec.reduction', ['mean', 'sum'] as const, 'reduction');
  }

  if (o.stepper === undefined) fail('spec.stepper', 'is required (e.g. {"kind": "gd", "lr": "0.05"})');
  const stepper = parseStepper(o.stepper, data?.x.length ?? 1);
  const flow = isFlow(stepper.kind);
  let steps: number | undefined;
  let t1: Num | undefined;
  if (flow) {
    if (o.steps !== undefined) fail('spec.steps', 'does not apply to gradient flow (give "t1", the end time)');
    if (o.t1 === undefined) fail('spec.t1', 'is required for gradient flow (the end time, e.g. "100")');
    t1 = num(o.t1, 'spec.t1');
    if (t1.startsWith('-')) fail('spec.t1', `${t1} must be ≥ 0`);
  } else {
    if (o.t1 !== undefined) fail('spec.t1', `only applies to gradient flow; ${stepper.kind} takes "steps"`);
    if (o.steps === undefined) fail('spec.steps', 'is required (a non-negative integer)');
    steps = capped(count(o.steps, 'spec.steps', 0), 'spec.steps');
  }
  const save = parseSave(o.save, flow, steps ?? 0, t1);

  let diagnostics: string[] = [];
  if (o.diagnostics !== undefined) {
    if (!Array.isArray(o.diagnostics))
      fail('spec.diagnostics', `expected a list of names, got ${JSON.stringify(o.diagnostics)}`);
    diagnostics = o.diagnostics.map((n, i) => {
      if (typeof n !== 'string' || n === '')
        fail(`spec.diagnostics[${i}]`, `expected a diagnostic name, got ${JSON.stringify(n)}`);
      return n;
    });
    const seen = new Set<string>();
    diagnostics.forEach((n, i) => {
      if (seen.has(n)) fail(`spec.diagnostics[${i}]`, `${JSON.stringify(n)} is listed twice`);
      seen.add(n);
    });
  }

  let reference: SimSpec['reference'];
  if (o.reference !== undefined) {
    const r = obj(o.reference, 'spec.reference');
    onlyKeys(r, 'spec.reference', ['w'], 'reference');
    reference = { w: vec(r.w, 'spec.reference.w', model.theta0.length, 'dim θ') };
  }

  const oracle: SimSpec['oracle'] =
    o.oracle === undefined ? undefined : parseOracle(o.oracle, model, loss, stepper, data);

  const expectation =
    o.expectation === undefined ? undefined : parseExpectation(o.expectation, model, stepper, loss, reduction);
  return {
    model,
    ...(data === undefined ? {} : { data }),
    ...(loss === undefined ? {} : { loss }),
    ...(reduction === undefined ? {} : { reduction }),
    stepper,
    ...(steps === undefined ? {} : { steps }),
    ...(t1 === undefined ? {} : { t1 }),
    save,
    diagnostics,
    ...(reference === undefined ? {} : { reference }),
    ...(oracle === undefined ? {} : { oracle }),
    ...(expectation === undefined ? {} : { expectation }),
  };
}

// ---- building
// ---------------------------------------------------------------------------------------------------------

/** Materialized pieces of a spec on backend B (see ./simulate.ts for how they are run). */
export interface Built<R extends Repr> {
  readonly theta0: V<R>;
  readonly X?: M<R>;
  readonly y?: V<R>;
  readonly reference?: V<R>;
  readonly t1?: S<R>;
}

/** Numbers of the spec on B: θ₀, data, reference direction, t1 (the only place spec strings become numbers here). */
export function materializeSpec<R extends Repr>(B: Backend<R>, spec: SimSpec): Built<R> {
  return {
    theta0: B.vec(spec.model.theta0),
    ...(spec.data === undefined ? {} : { X: B.mat(spec.data.x), y: B.vec(spec.data.y) }),
    ...(spec.reference === undefined ? {} : { reference: B.vec(spec.reference.w) }),
    ...(spec.t1 === undefined ? {} : { t1: B.num(spec.t1) }),
  };
}
