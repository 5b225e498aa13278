/**
 * `simulate(spec, { backend })`: run a validated simulation spec (./spec.ts) on one backend with the one discrete
 * driver (`run`) or the one continuous driver (`integrate` on the gradient-flow field) and return the trajectory as
 * JSON with exact decimal strings (the `thm simulate --json` output; README.md "thm simulate" documents the format).
 */
import { DIAGNOSTICS } from '../diagnostics/index.js';
import type { Diagnostic, DiagnosticContext, DiagnosticJson } from '../diagnostics/types.js';
import { diagnosticToJson } from '../diagnostics/types.js';
import { run, STEPPER_ENTRIES } from '../dynamics/index.js';
import type { SavePolicy, Stepper, StepperState } from '../dynamics/types.js';
import { inputError, isInputError } from '../errors.js';
import { defaultSolverId, gradientFlow, gradientFlowController, integrate, SOLVERS } from '../flow/index.js';
import type { SaveAt } from '../flow/types.js';
import { lossFromId } from '../losses/index.js';
import { MODEL_ENTRIES } from '../models/index.js';
import { backendFromId } from '../numeric/registry.js';
import type { AnyBackend, Backend, Num, Repr, S, V } from '../numeric/types.js';
import { CLOSED_FORM_ENTRIES } from '../objective/closedForms.js';
import { samplesOf } from '../objective/capabilities.js';
import { objective, type Objective } from '../objective/objective.js';
import { parseMomentsSpec, simulateMoments, wantsMoments, type MomentsJson } from './moments.js';
import { pid } from '../flow/controller.js';
import { BallDomainError } from '../ball/ball.js';
import { bregmanProjection } from '../potentials/bregman.js';
import { mirrorFlowField } from '../potentials/mirrorFlow.js';
import { makePotential } from '../potentials/registry.js';
import { oracleProblem } from './oracle.js';
import { simulateExpectation } from './expectation.js';
import {
  flowOptions,
  materializeSpec,
  parseSimSpec,
  type DiscreteSave,
  type FlowOptions,
  type FlowSave,
  type SimSpec,
} from './spec.js';

/** One saved point: k (discrete) or t (flow), F(θ) as an exact string, θ flat, then the requested diagnostics. */
export interface PointJson {
  readonly k?: number;
  readonly t?: Num;
  readonly loss: Num;
  readonly theta: Num[];
  /** A diagnostic's value, or null where it is undefined at this point (reason in SimulationJson.notes). */
  readonly [diagnostic: string]: DiagnosticJson | Num | Num[] | number | null | undefined;
}

/** The `--json` output. */
export interface SimulationJson {
  readonly backend: string;
  /** ok | diverged | max_steps | stopped (discrete) / ok | max_steps | step_too_small | diverged (flow). */
  readonly result: string;
  readonly message: string;
  readonly trajectory: PointJson[];
  /** Why some diagnostic is null at some points (one line per diagnostic and reason). */
  readonly notes?: string[];
  /** `"expectation": "exact"` only: n and the number n^K of index paths averaged over (points carry thetaErr). */
  readonly expectation?: { readonly samples: number; readonly paths: string };
  /** Flow only: the integrator's counters; errSum = Σ‖local error estimate‖₂ over accepted steps. */
  readonly stats?: {
    readonly solver: string;
    readonly rtol: Num;
    readonly atol: Num;
    readonly accepted: number;
    readonly rejected: number;
    readonly errSum: Num;
  };
}

export interface SimulateOptions {
  /** Backend id (f64 | dd | dec:N) or instance. Default "dd". */
  readonly backend?: string | AnyBackend;
}

/** The stepper of a discrete spec, from its STEPPERS entry (dispatch by kind). */
function buildStepper<R extends Repr>(B: Backend<R>, spec: SimSpec, F: Objective<R>): Stepper<R, StepperState<R>> {
  return STEPPER_ENTRIES[spec.stepper.kind]!.make(B, spec.stepper.spec, { dim: F.dim, nSamples: samplesOf(F) });
}

function savePolicy(save: DiscreteSave): SavePolicy {
  if ('final' in save) return 'final';
  if ('every' in save) return { every: save.every };
  if ('steps' in save) return { at: save.steps };
  return { logSpaced: save.logSpaced };
}

/** An engine error raised while building from a validated spec is still an input problem: one line, exit 2. */
function asInput<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isInputError(e)) throw e;
    if (e instanceof RangeError || e instanceof TypeError) throw inputError(`${what}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

/** The registry entries for the spec's names, checked to apply to F (errors name spec.diagnostics[i]). */
function pickDiagnostics<R extends Repr>(
  names: readonly string[],
  F: Objective<R>,
  hasReference: boolean,
  hasOracle: boolean,
): [string, Diagnostic][] {
  const registry = DIAGNOSTICS as Readonly<Record<string, Diagnostic>>;
  return names.map((name, i) => {
    const path = `spec.diagnostics[${i}]`;
    if (!Object.hasOwn(registry, name)) {
      throw inputError(
        `${path}: unknown diagnostic ${JSON.stringify(name)}; expected one of ${Object.keys(registry).join(', ')}`,
      );
    }
    const d = registry[name]!;
    if (!d.applies(F)) throw inputError(`${path}: ${name} does not apply to this model/objective (${d.doc})`);
    if (d.needsDirection === true && !hasReference)
      throw inputError(`${path}: ${name} needs "reference": {"w": [...]} in the spec`);
    if (d.needsOracle === true && !hasOracle)
      throw inputError(`${path}: ${name} needs "oracle": {"bregman": <potential>} in the spec`);
    return [name, d];
  });
}

/**
 * Runs a simulation spec (parsed JSON, validated here by `parseSimSpec`) and returns its JSON result. Input problems
 * throw an InputError naming the field; numerical outcomes (divergence, step budget) are results, not exceptions.
 */
export function simulate(specJson: unknown, options: SimulateOptions = {}): SimulationJson {
  const spec = parseSimSpec(specJson);
  return simulateOn(backendOf(options), spec);
}

function backendOf(options: SimulateOptions): AnyBackend {
  const backend = options.backend ?? 'dd';
  return typeof backend === 'string' ? asInput('--backend', () => backendFromId(backend)) : backend;
}

/** A spec with `"output": "moments"` (./moments.ts) gives exact moments; any other spec a trajectory (`simulate`). */
export function simulateAny(specJson: unknown, options: SimulateOptions = {}): SimulationJson | MomentsJson {
  if (!wantsMoments(specJson)) return simulate(specJson, options);
  const spec = parseMomentsSpec(specJson);
  const B = backendOf(options);
  return asInput('spec', () => simulateMoments(B, spec));
}

/**
 * The objective of a parsed spec on B (its MODELS entry + loss + data, or its CLOSED_FORMS entry), with θ₀ and the
 * rest.
 */
export function buildObjective<R extends Repr>(
  B: Backend<R>,
  spec: SimSpec,
): { F: Objective<R>; built: ReturnType<typeof materializeSpec<R>> } {
  const built = asInput('spec', () => materializeSpec(B, spec));
  const m = spec.model;
  if (m.family === 'closedForm')
    return { F: asInput('spec.model', () => CLOSED_FORM_ENTRIES[m.kind]!.make(B, m.spec)), built };
  const model = asInput('spec.model', () => MODEL_ENTRIES[m.kind]!.factory(B, m.spec));
  const loss = lossFromId(B, spec.loss!);
  const F = asInput('spec', () =>
    objective(B, model, loss, { X: built.X!, y: built.y! }, spec.reduction ? { reduction: spec.reduction } : {}),
  );
  return { F, built };
}

function simulateOn<R extends Repr>(B: Backend<R>, spec: SimSpec): SimulationJson {
  const { F, built } = buildObjective(B, spec);
  if (spec.expectation === 'exact') {
    // its own points (E[loss], E[θ] with bars); it checks spec.diagnostics itself (only "loss")
    const e = simulateExpectation(B, spec, savePolicy(spec.save as DiscreteSave));
    return { backend: B.id, ...e, trajectory: e.trajectory.map((p) => ({ ...p })) };
  }
  // a spec with an "oracle" always reports bregmanGap (the registry entry), listed or not
  const names =
    spec.oracle !== undefined && !spec.diagnostics.includes('bregmanGap')
      ? [...spec.diagnostics, 'bregmanGap']
      : spec.diagnostics;
  const diags = pickDiagnostics(names, F, built.reference !== undefined, spec.oracle !== undefined);
  const notes = new Set<string>();
  const withNotes = <T extends object>(x: T): T & { notes?: string[] } =>
    notes.size === 0 ? x : { ...x, notes: [...notes] };
  // spec.oracle: w* = argmin_{Xw = y} D_Φ(w, θ₀) once, certified; the bregmanGap diagnostic reads it from ctx.oracle
  let oracle: { value: V<R>; err: V<R> } | undefined;
  if (spec.oracle !== undefined) {
    const o = spec.oracle;
    const r = asInput('spec.oracle', () => {
      try {
        const P = makePotential(B, o.bregman);
        const prob = oracleProblem(spec.model, spec.data!);
        P.grad(B.vec(prob.w0)); // w₀ outside the potential's domain: its one-line RangeError
        return bregmanProjection(P, prob);
      } catch (e) {
        if (e instanceof BallDomainError) throw new RangeError(e.message, { cause: e });
        throw e;
      }
    });
    if (r.ok) oracle = r.wStar;
    else notes.add(`bregmanGap: ${r.reason}`);
  }
  const point = (theta: V<R>, at: { k: number } | { t: S<R> }): PointJson => {
    const ctx: DiagnosticContext<R> = {
      F,
      theta,
      ...('k' in at ? { k: at.k } : {}),
      ...(built.reference === undefined ? {} : { direction: built.reference }),
      ...(oracle === undefined ? {} : { oracle }),
    };
    const out: Record<string, unknown> = 'k' in at ? { k: at.k } : { t: B.show(at.t) };
    out.loss = B.show(F.value(theta));
    out.theta = B.vshow(theta);
    for (const [name, d] of diags) {
      if (d.needsOracle === true && oracle === undefined) {
        out[name] = null; // the oracle could not be certified: its reason is in notes
        continue;
      }
      let value;
      try {
        value = d.compute(ctx);
      } catch (e) {
        // A diagnostic undefined at this point (e.g. the margin at θ = 0) is recorded as null, its reason in notes.
        if (isInputError(e) || !(e instanceof Error)) throw e;
        notes.add(`${name}: ${e.message.split('\n')[0]}`);
        out[name] = null;
        continue;
      }
      const v = diagnosticToJson(B, value);
      // "loss" is always the plain string F(θ); asking for the diagnostic adds its error bar as lossErr.
      if (name === 'loss') out.lossErr = 'err' in v ? v.err : v;
      else out[name] = v;
    }
    return out as PointJson;
  };

  const fl: FlowOptions | undefined = flowOptions(spec);
  if (fl === undefined) {
    const stepper = asInput('spec.stepper', () => buildStepper(B, spec, F));
    const out = asInput('spec', () =>
      run(F, stepper, built.theta0, {
        steps: spec.steps!,
        save: savePolicy(spec.save as DiscreteSave),
        diagnostics: { point: (_F, theta, k) => point(theta, { k }) },
      }),
    );
    return withNotes({
      backend: B.id,
      result: out.result,
      message: out.message,
      trajectory: out.trajectory.map((p) => p.point),
    });
  }

  const solverId = fl.solver ?? defaultSolverId(B);
  const solver = SOLVERS[solverId]!;
  const tolerances = {
    ...(fl.rtol === undefined ? {} : { rtol: fl.rtol }),
    ...(fl.atol === undefined ? {} : { atol: fl.atol }),
  };
  // mirror flow runs on z = ∇Φ(θ) (its stiffness is that of H·diag(1/φ″), not H: the plain PI controller, no cap)
  const mirror =
    fl.potential === undefined ? undefined : asInput('spec.stepper', () => makePotential(B, fl.potential!));
  const controller = asInput('spec.stepper', () =>
    mirror === undefined ? gradientFlowController(F, solver, tolerances) : pid(B, tolerances),
  );
  const field = mirror === undefined ? gradientFlow(F) : mirrorFlowField(F, mirror);
  const y0 = mirror === undefined ? built.theta0 : asInput('spec.model', () => mirror.grad(built.theta0));
  const primal = (y: V<R>): V<R> => (mirror === undefined ? y : mirror.gradInv(y));
  const t1 = built.t1!;
  const save = spec.save as FlowSave;
  let saveAt: SaveAt<R> = {};
  if ('every' in save) {
    const dt = B.num(save.every);
    if (!(B.cmp(dt, B.zero) > 0)) throw inputError(`spec.save.every: ${save.every} rounds to 0 on ${B.id}`);
    saveAt = { every: dt };
  } else if ('times' in save) {
    saveAt = {
      ts: save.times.map((x, i) => {
        const t = B.num(x);
        if (B.cmp(t, B.zero) < 0 || B.cmp(t, t1) > 0)
          throw inputError(`spec.save.times[${i}]: ${x} lies outside [0, t1 = ${spec.t1}]`);
        return t;
      }),
    };
  }
  const sol = asInput('spec', () =>
    integrate(field, solver, controller, {
      t1,
      y0,
      saveAt,
      ...(fl.maxSteps === undefined ? {} : { maxSteps: fl.maxSteps }),
    }),
  );
  const trajectory = sol.ts.map((t, i) => point(primal(sol.ys[i] as V<R>), { t }));
  return withNotes({
    backend: B.id,
    result: sol.result,
    message: sol.message,
    trajectory,
    stats: {
      solver: solver.id,
      rtol: B.show(controller.rtol),
      atol: B.show(controller.atol),
      accepted: sol.stats.accepted,
      rejected: sol.stats.rejected,
      errSum: B.show(sol.stats.errSum),
    },
  });
}

/** Compact human-readable table of a result (the CLI without --json): one row per saved point. */
export function formatTable(r: SimulationJson): string {
  const short = (x: string): string => {
    const n = Number(x);
    return Number.isFinite(n)
      ? n
          .toPrecision(8)
          .replace(/(\.\d*?)0+(e|$)/, '$1$2')
          .replace(/\.(e|$)/, '$1')
      : x;
  };
  const cell = (v: unknown): string => {
    if (typeof v === 'string') return short(v);
    if (typeof v === 'number') return String(v);
    if (v === null) return '—';
    if (Array.isArray(v)) return `[${v.map(cell).join(' ')}]`;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.value === 'string' && typeof o.err === 'string')
        return `${short(o.value)}±${Number(o.err).toExponential(1)}`;
      return Object.entries(o)
        .map(([k, x]) => `${k}=${cell(x)}`)
        .join(' ');
    }
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects returned above; v is a primitive here
    return String(v);
  };
  const first = r.trajectory[0];
  const cols = first ? Object.keys(first) : ['k', 'loss', 'theta'];
  const rows = r.trajectory.map((p) => cols.map((c) => cell((p as Record<string, unknown>)[c])));
  const widths = cols.map((c, j) => Math.max(c.length, ...rows.map((row) => row[j]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, j) => c.padEnd(widths[j]!))
      .join('  ')
      .trimEnd();
  const head = `backend ${r.backend}  result ${r.result}${r.stats ? `  solver ${r.stats.solver} (${r.stats.accepted} steps)` : ''}${r.expectation ? `  exact expectation over ${r.expectation.paths} index paths` : ''}`;
  return [
    head,
    line(cols),
    ...rows.map(line),
    ...(r.result === 'ok' ? [] : [r.message]),
    ...(r.notes ?? []).map((n) => `note: ${n}`),
  ].join('\n');
}
