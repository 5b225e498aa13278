/**
 * The `thm simulate` spec: plain JSON with every quantity an exact decimal string. `parseSimSpec` checks
 * its shape backend-independently (every error is one line naming the field, as an InputError → CLI exit 2);
 * `buildSimulation` turns a parsed spec into engine objects on one backend (objective, θ₀, stepper or flow set-up,
 * save policy, diagnostics context). Documented in README.md ("thm simulate").
 */
import { checkNum, isSpecial } from '../numeric/exact.js';
import type { Backend, M, Num, Repr, S, V } from '../numeric/types.js';
import { inputError } from '../errors.js';

// ---- JSON types (after validation) ----------------------------------------------------------------------------------

export type Activation = 'relu' | 'leakyRelu' | 'abs' | 'identity';

/** Model part of a spec; theta (θ₀) is given by the model's own parameter blocks. */
export type ModelSpec =
  | { readonly kind: 'linear2'; readonly a: Num[]; readonly b: Num[] }
  | { readonly kind: 'scalarNet'; readonly w: Num[] }
  | { readonly kind: 'linearClassifier'; readonly w: Num[] }
  | { readonly kind: 'deepLinear'; readonly W: Num[][][] }
  | {
      readonly kind: 'twoLayer';
      readonly activation: Activation;
      readonly alpha?: Num;
      readonly u: Num[][];
      readonly c?: Num[];
      readonly v: Num[];
      /** Which layers are trained (default both); untrained blocks are fixed at the spec's values. */
      readonly train: { readonly first: boolean; readonly second: boolean };
    }
  /** F(θ) = ½θᵀAθ − bᵀθ (no data, no loss); theta is θ₀. */
  | { readonly kind: 'quadratic'; readonly A: Num[][]; readonly b?: Num[]; readonly theta: Num[] };

export type ModelKindName = ModelSpec['kind'];
export const MODEL_KINDS: readonly ModelKindName[] = ['linear2', 'scalarNet', 'linearClassifier', 'deepLinear', 'twoLayer', 'quadratic'];

export type Potential = 'euclidean' | { readonly hypentropy: Num };

export type StepperSpec =
  | { readonly kind: 'gd'; readonly lr: Num }
  | { readonly kind: 'heavyBall' | 'nesterov'; readonly lr: Num; readonly beta: Num }
  | { readonly kind: 'sgd'; readonly lr: Num; readonly seed: number; readonly batch?: number; readonly noise?: Num }
  | { readonly kind: 'sgdm'; readonly lr: Num; readonly beta: Num; readonly seed: number; readonly batch?: number; readonly noise?: Num }
  | { readonly kind: 'mirrorDescent'; readonly lr: Num; readonly potential: Potential }
  | { readonly kind: 'flow'; readonly solver?: string; readonly rtol?: Num; readonly atol?: Num; readonly maxSteps?: number };

export type StepperKindName = StepperSpec['kind'];
export const STEPPER_KINDS: readonly StepperKindName[] = ['gd', 'heavyBall', 'nesterov', 'sgd', 'sgdm', 'mirrorDescent', 'flow'];
export const SOLVER_IDS = ['dopri5', 'verner65', 'fehlberg78'] as const;

/** Discrete save policies (map to the run driver's) and flow save policies (times). */
export type DiscreteSave = { readonly final: true } | { readonly every: number } | { readonly steps: number[] } | { readonly logSpaced: number };
export type FlowSave = { readonly final: true } | { readonly every: Num } | { readonly times: Num[] };

/** A validated simulation spec (canonical: counts are numbers, quantities decimal strings). */
export interface SimSpec {
  readonly model: ModelSpec;
  readonly data?: { readonly x: Num[][]; readonly y: Num[] };
  readonly loss?: 'square' | 'logistic' | 'exponential';
  readonly reduction?: 'mean' | 'sum';
  readonly stepper: StepperSpec;
  /** Discrete steppers only. */
  readonly steps?: number;
  /** Flow only: integrate on [0, t1]. */
  readonly t1?: Num;
  readonly save: DiscreteSave | FlowSave;
  readonly diagnostics: string[];
  /** Reference direction for directional diagnostics (e.g. the max-margin direction of a linear classifier). */
  readonly reference?: { readonly w: Num[] };
}

// ---- validation helpers -----------------------------------------------------------------------------------------------

function fail(path: string, what: string): never {
  throw inputError(`${path}: ${what}`);
}

type Obj = Record<string, unknown>;

function obj(x: unknown, path: string): Obj {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) fail(path, `expected an object, got ${JSON.stringify(x)}`);
  return x as Obj;
}

function onlyKeys(o: Obj, path: string, allowed: readonly string[], hint: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) fail(`${path}.${k}`, `unknown field (${hint} takes ${allowed.join(', ')})`);
  }
}

function num(x: unknown, path: string): Num {
  if (typeof x === 'number') fail(path, `JS number ${x}; write it as an exact decimal string ("${x}")`);
  if (typeof x !== 'string') fail(path, `expected an exact decimal string, got ${JSON.stringify(x)}`);
  try {
    checkNum(x, path);
  } catch {
    fail(path, `${JSON.stringify(x)} is not an exact decimal string (write numbers like "0.125" or "-3e-2")`);
  }
  if (isSpecial(x)) fail(path, `${JSON.stringify(x)} is not finite (specs hold finite values only)`);
  return x;
}

function vec(x: unknown, path: string, len?: number, what?: string): Num[] {
  if (!Array.isArray(x)) fail(path, `expected a list of exact decimal strings, got ${JSON.stringify(x)}`);
  if (x.length === 0) fail(path, 'is empty (need at least one entry)');
  if (len !== undefined && x.length !== len) fail(path, `has length ${x.length}, expected ${len}${what ? ` (${what})` : ''}`);
  return x.map((e, i) => num(e, `${path}[${i}]`));
}

function mat(x: unknown, path: string, rows?: number, cols?: number, what?: string): Num[][] {
  if (!Array.isArray(x)) fail(path, `expected a list of rows, got ${JSON.stringify(x)}`);
  if (x.length === 0) fail(path, 'has no rows');
  if (rows !== undefined && x.length !== rows) fail(path, `has ${x.length} rows, expected ${rows}${what ? ` (${what})` : ''}`);
  const first = Array.isArray(x[0]) ? x[0].length : undefined;
  const c = cols ?? first;
  return x.map((r, i) => vec(r, `${path}[${i}]`, c, cols !== undefined ? what : 'rows of a matrix have equal length'));
}

/** A count: a JSON integer or a string of digits (both accepted; the canonical form is a number). */
function count(x: unknown, path: string, min: number): number {
  const n = typeof x === 'number' ? x : typeof x === 'string' && /^[+-]?\d+$/.test(x) ? Number(x) : NaN;
  if (!Number.isSafeInteger(n)) fail(path, `${JSON.stringify(x)} must be an integer`);
  if (n < min) fail(path, `${JSON.stringify(x)} must be ${min === 0 ? 'a non-negative' : `an`} integer${min > 0 ? ` ≥ ${min}` : ''}`);
  return n;
}

function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, `expected true or false, got ${JSON.stringify(x)}`);
  return x;
}

function oneOf<T extends string>(x: unknown, path: string, allowed: readonly T[], what: string): T {
  if (typeof x !== 'string' || !allowed.includes(x as T)) {
    fail(path, `unknown ${what} ${JSON.stringify(x)}; expected one of ${allowed.join(', ')}`);
  }
  return x as T;
}

// ---- parsing ----------------------------------------------------------------------------------------------------------

const MODEL_FIELDS: Record<ModelKindName, readonly string[]> = {
  linear2: ['kind', 'a', 'b'],
  scalarNet: ['kind', 'w'],
  linearClassifier: ['kind', 'w'],
  deepLinear: ['kind', 'W'],
  twoLayer: ['kind', 'activation', 'alpha', 'u', 'c', 'v', 'train'],
  quadratic: ['kind', 'A', 'b', 'theta'],
};

function parseModel(x: unknown): ModelSpec {
  const p = 'spec.model';
  const o = obj(x, p);
  const kind = oneOf(o.kind, `${p}.kind`, MODEL_KINDS, 'model kind');
  onlyKeys(o, p, MODEL_FIELDS[kind], kind);
  switch (kind) {
    case 'linear2': {
      const a = vec(o.a, `${p}.a`);
      return { kind, a, b: vec(o.b, `${p}.b`, a.length, 'same width as model.a') };
    }
    case 'scalarNet': {
      const w = vec(o.w, `${p}.w`);
      if (w.length < 2) fail(`${p}.w`, `has length ${w.length}; a scalar network needs depth ≥ 2`);
      return { kind, w };
    }
    case 'linearClassifier':
      return { kind, w: vec(o.w, `${p}.w`) };
    case 'deepLinear': {
      if (!Array.isArray(o.W) || o.W.length === 0) fail(`${p}.W`, 'expected a non-empty list of layer matrices (W[0] is the first layer)');
      const W: Num[][][] = [];
      o.W.forEach((Wl, l) => {
        const prevRows = l === 0 ? undefined : W[l - 1]!.length;
        W.push(mat(Wl, `${p}.W[${l}]`, undefined, prevRows, prevRows === undefined ? undefined : `columns = rows of W[${l - 1}]`));
      });
      const last = W[W.length - 1]!;
      if (last.length !== 1) fail(`${p}.W[${W.length - 1}]`, `has ${last.length} rows; the last layer must have 1 row (scalar output)`);
      return { kind, W };
    }
    case 'twoLayer': {
      const activation = oneOf(o.activation, `${p}.activation`, ['relu', 'leakyRelu', 'abs', 'identity'] as const, 'activation');
      let alpha: Num | undefined;
      if (activation === 'leakyRelu') {
        if (o.alpha === undefined) fail(`${p}.alpha`, 'is required for leakyRelu (e.g. "0.1")');
        alpha = num(o.alpha, `${p}.alpha`);
      } else if (o.alpha !== undefined) fail(`${p}.alpha`, `only applies to leakyRelu (activation is ${activation})`);
      const u = mat(o.u, `${p}.u`);
      const m = u.length;
      const c = o.c === undefined ? undefined : vec(o.c, `${p}.c`, m, 'one bias per row of model.u');
      const v = vec(o.v, `${p}.v`, m, 'one output weight per row of model.u');
      let train = { first: true, second: true };
      if (o.train !== undefined) {
        const t = obj(o.train, `${p}.train`);
        onlyKeys(t, `${p}.train`, ['first', 'second'], 'train');
        train = {
          first: t.first === undefined ? true : bool(t.first, `${p}.train.first`),
          second: t.second === undefined ? true : bool(t.second, `${p}.train.second`),
        };
        if (!train.first && !train.second) fail(`${p}.train`, 'trains no layer (set first or second to true)');
      }
      return { kind, activation, ...(alpha === undefined ? {} : { alpha }), u, ...(c === undefined ? {} : { c }), v, train };
    }
    case 'quadratic': {
      const A = mat(o.A, `${p}.A`);
      const d = A.length;
      if (A[0]!.length !== d) fail(`${p}.A`, `is ${d}×${A[0]!.length}; it must be square`);
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) {
          if (A[i]![j] !== A[j]![i]) fail(`${p}.A[${i}][${j}]`, `${A[i]![j]} ≠ A[${j}][${i}] = ${A[j]![i]} (A must be symmetric, written identically)`);
        }
      }
      const b = o.b === undefined ? undefined : vec(o.b, `${p}.b`, d, 'size of model.A');
      return { kind, A, ...(b === undefined ? {} : { b }), theta: vec(o.theta, `${p}.theta`, d, 'size of model.A') };
    }
  }
}

/** Input dimension a model expects of each row of data.x. */
function inputDim(m: ModelSpec): number {
  switch (m.kind) {
    case 'linear2':
    case 'scalarNet':
      return 1;
    case 'linearClassifier':
      return m.w.length;
    case 'deepLinear':
      return m.W[0]![0]!.length;
    case 'twoLayer':
      return m.u[0]!.length;
    case 'quadratic':
      return 0;
  }
}

/** dim θ of a parsed model. */
export function thetaDim(m: ModelSpec): number {
  switch (m.kind) {
    case 'linear2':
      return 2 * m.a.length;
    case 'scalarNet':
    case 'linearClassifier':
      return m.w.length;
    case 'deepLinear':
      return m.W.reduce((s, Wl) => s + Wl.length * Wl[0]!.length, 0);
    case 'twoLayer': {
      const mm = m.u.length;
      return (m.train.first ? mm * m.u[0]!.length + (m.c ? mm : 0) : 0) + (m.train.second ? mm : 0);
    }
    case 'quadratic':
      return m.theta.length;
  }
}

const STEPPER_FIELDS: Record<StepperKindName, readonly string[]> = {
  gd: ['kind', 'lr'],
  heavyBall: ['kind', 'lr', 'beta'],
  nesterov: ['kind', 'lr', 'beta'],
  sgd: ['kind', 'lr', 'seed', 'batch', 'noise'],
  sgdm: ['kind', 'lr', 'beta', 'seed', 'batch', 'noise'],
  mirrorDescent: ['kind', 'lr', 'potential'],
  flow: ['kind', 'solver', 'rtol', 'atol', 'maxSteps'],
};

function parseStepper(x: unknown, nSamples: number): StepperSpec {
  const p = 'spec.stepper';
  const o = obj(x, p);
  const kind = oneOf(o.kind, `${p}.kind`, STEPPER_KINDS, 'stepper kind');
  onlyKeys(o, p, STEPPER_FIELDS[kind], kind);
  const lr = (): Num => num(o.lr, `${p}.lr`);
  const beta = (): Num => num(o.beta, `${p}.beta`);
  const stoch = () => {
    const batch = o.batch === undefined || o.batch === 'full' ? undefined : count(o.batch, `${p}.batch`, 1);
    if (batch !== undefined && batch > nSamples) fail(`${p}.batch`, `${batch} exceeds the number of samples (${nSamples})`);
    if (o.seed === undefined) fail(`${p}.seed`, 'is required for stochastic steppers (a non-negative integer, e.g. 42)');
    return {
      seed: count(o.seed, `${p}.seed`, 0),
      ...(batch === undefined ? {} : { batch }),
      ...(o.noise === undefined ? {} : { noise: num(o.noise, `${p}.noise`) }),
    };
  };
  switch (kind) {
    case 'gd':
      return { kind, lr: lr() };
    case 'heavyBall':
    case 'nesterov':
      return { kind, lr: lr(), beta: beta() };
    case 'sgd':
      return { kind, lr: lr(), ...stoch() };
    case 'sgdm':
      return { kind, lr: lr(), beta: beta(), ...stoch() };
    case 'mirrorDescent': {
      let potential: Potential;
      if (o.potential === undefined || o.potential === 'euclidean') potential = 'euclidean';
      else {
        const q = obj(o.potential, `${p}.potential`);
        onlyKeys(q, `${p}.potential`, ['hypentropy'], 'potential ("euclidean" or {"hypentropy": β})');
        potential = { hypentropy: num(q.hypentropy, `${p}.potential.hypentropy`) };
      }
      return { kind, lr: lr(), potential };
    }
    case 'flow':
      return {
        kind,
        ...(o.solver === undefined ? {} : { solver: oneOf(o.solver, `${p}.solver`, SOLVER_IDS, 'solver') }),
        ...(o.rtol === undefined ? {} : { rtol: num(o.rtol, `${p}.rtol`) }),
        ...(o.atol === undefined ? {} : { atol: num(o.atol, `${p}.atol`) }),
        ...(o.maxSteps === undefined ? {} : { maxSteps: count(o.maxSteps, `${p}.maxSteps`, 1) }),
      };
  }
}

function parseSave(x: unknown, flow: boolean, steps: number): DiscreteSave | FlowSave {
  const p = 'spec.save';
  if (x === undefined) return { final: true };
  const o = obj(x, p);
  const keys = Object.keys(o);
  const allowed = flow ? ['final', 'every', 'times'] : ['final', 'every', 'steps', 'logSpaced'];
  if (keys.length !== 1 || !allowed.includes(keys[0]!)) {
    fail(p, `must have exactly one of ${allowed.map((k) => `"${k}"`).join(', ')} (${flow ? 'flow' : 'discrete steppers'}), got ${JSON.stringify(x)}`);
  }
  const key = keys[0]!;
  if (key === 'final') {
    if (o.final !== true) fail(`${p}.final`, 'must be true');
    return { final: true };
  }
  if (flow) {
    if (key === 'every') return { every: num(o.every, `${p}.every`) };
    return { times: vec(o.times, `${p}.times`) };
  }
  if (key === 'every') return { every: count(o.every, `${p}.every`, 1) };
  if (key === 'logSpaced') return { logSpaced: count(o.logSpaced, `${p}.logSpaced`, 1) };
  if (!Array.isArray(o.steps)) fail(`${p}.steps`, `expected a list of step indices, got ${JSON.stringify(o.steps)}`);
  return {
    steps: o.steps.map((k, i) => {
      const n = count(k, `${p}.steps[${i}]`, 0);
      if (n > steps) fail(`${p}.steps[${i}]`, `${n} exceeds spec.steps = ${steps}`);
      return n;
    }),
  };
}

const TOP_FIELDS = ['model', 'data', 'loss', 'reduction', 'stepper', 'steps', 't1', 'save', 'diagnostics', 'reference'];

/**
 * Validates a simulation spec (parsed JSON) and returns its canonical form. Throws an InputError whose one-line
 * message names the offending field (`spec.model.b: has length 3, expected 2 (same width as model.a)`).
 * Diagnostic names are checked against the registry later (`buildSimulation`), since applicability depends on F.
 */
export function parseSimSpec(json: unknown): SimSpec {
  const o = obj(json, 'spec');
  onlyKeys(o, 'spec', TOP_FIELDS, 'a simulation spec');
  if (o.model === undefined) fail('spec.model', 'is required (e.g. {"kind": "linear2", "a": ["0.1"], "b": ["0.2"]})');
  const model = parseModel(o.model);
  const closedForm = model.kind === 'quadratic';

  let data: SimSpec['data'];
  let loss: SimSpec['loss'];
  let reduction: SimSpec['reduction'];
  if (closedForm) {
    for (const k of ['data', 'loss', 'reduction'] as const) {
      if (o[k] !== undefined) fail(`spec.${k}`, 'a quadratic model takes no data, loss or reduction (F(θ) = ½θᵀAθ − bᵀθ)');
    }
  } else {
    if (o.data === undefined) fail('spec.data', 'is required: {"x": [[...], ...], "y": [...]}');
    const d = obj(o.data, 'spec.data');
    onlyKeys(d, 'spec.data', ['x', 'y'], 'data');
    const x = mat(d.x, 'spec.data.x', undefined, inputDim(model), `input dimension of ${model.kind}`);
    const y = vec(d.y, 'spec.data.y', x.length, 'one target per row of data.x');
    data = { x, y };
    if (o.loss === undefined) fail('spec.loss', 'is required (square, logistic or exponential)');
    loss = oneOf(o.loss, 'spec.loss', ['square', 'logistic', 'exponential'] as const, 'loss');
    if (o.reduction !== undefined) reduction = oneOf(o.reduction, 'spec.reduction', ['mean', 'sum'] as const, 'reduction');
  }

  if (o.stepper === undefined) fail('spec.stepper', 'is required (e.g. {"kind": "gd", "lr": "0.05"})');
  const stepper = parseStepper(o.stepper, data?.x.length ?? 1);
  const flow = stepper.kind === 'flow';
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
    steps = count(o.steps, 'spec.steps', 0);
  }
  const save = parseSave(o.save, flow, steps ?? 0);

  let diagnostics: string[] = [];
  if (o.diagnostics !== undefined) {
    if (!Array.isArray(o.diagnostics)) fail('spec.diagnostics', `expected a list of names, got ${JSON.stringify(o.diagnostics)}`);
    diagnostics = o.diagnostics.map((n, i) => {
      if (typeof n !== 'string' || n === '') fail(`spec.diagnostics[${i}]`, `expected a diagnostic name, got ${JSON.stringify(n)}`);
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
    reference = { w: vec(r.w, 'spec.reference.w', thetaDim(model), 'dim θ') };
  }

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
  };
}

// ---- building ---------------------------------------------------------------------------------------------------------

/** θ₀ as exact strings, flat, in the model's declared block order. */
export function theta0Nums(m: ModelSpec): Num[] {
  switch (m.kind) {
    case 'linear2':
      return [...m.a, ...m.b];
    case 'scalarNet':
    case 'linearClassifier':
      return [...m.w];
    case 'deepLinear':
      return m.W.flatMap((Wl) => Wl.flat());
    case 'twoLayer':
      return [...(m.train.first ? [...m.u.flat(), ...(m.c ?? [])] : []), ...(m.train.second ? m.v : [])];
    case 'quadratic':
      return [...m.theta];
  }
}

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
    theta0: B.vec(theta0Nums(spec.model)),
    ...(spec.data === undefined ? {} : { X: B.mat(spec.data.x), y: B.vec(spec.data.y) }),
    ...(spec.reference === undefined ? {} : { reference: B.vec(spec.reference.w) }),
    ...(spec.t1 === undefined ? {} : { t1: B.num(spec.t1) }),
  };
}
