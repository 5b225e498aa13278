/**
 * Diagnostics and `DIAGNOSTICS`, the registry by name (what the CLI and theorems ask for, and what the diagnostic law
 * suite in laws.ts runs over: a new diagnostic joins every law by being added here).
 *
 * Plugging into the run driver: `run(F, stepper, θ0, { diagnostics: diagnosticHooks(['loss', 'sharpness']) })`
 * records each named diagnostic at every saved step, under its name, as a `DiagnosticValue` (JSON via
 * `diagnosticToJson(B, value)`).
 */
import type { DiagnosticFn } from '../dynamics/types.js';
import type { Model } from '../models/types.js';
import { hasCapability, requireCapabilities, type Capability } from '../objective/capabilities.js';
import type { Objective } from '../objective/objective.js';
import type { Repr, V } from '../numeric/types.js';
import { bregmanGapDiagnostic, hasBregmanCoordinates } from './bregmanGap.js';
import { directionalGapDiagnostic, isLinearPredictor } from './direction.js';
import { hasInvariants, invariantsDiagnostic } from './invariants.js';
import { gradNormDiagnostic, lossDiagnostic } from './loss.js';
import { hasMargin, marginDiagnostic } from './margin.js';
import { normsDiagnostic } from './norms.js';
import { hasObjectiveBounds } from './objectiveBounds.js';
import { sharpnessDiagnostic } from './sharpness.js';
import { hasSoftRankBlocks, softRankDiagnostic } from './softRank.js';
import { hasTaylorJet, taylorDiagnostic } from './taylor.js';
import {
  alignmentDiagnostic,
  hasAlignedPairs,
  hasMatrixBlocks,
  singularValuesDiagnostic,
  stableRankDiagnostic,
} from './spectral.js';
import type { Diagnostic, DiagnosticContext, DiagnosticValue } from './types.js';

export type { Diagnostic, DiagnosticContext, DiagnosticJson, DiagnosticValue } from './types.js';
export { diagnosticToJson, isMeasured } from './types.js';
export { lossDiagnostic, gradNormDiagnostic } from './loss.js';
export { sharpnessDiagnostic } from './sharpness.js';
export { normsDiagnostic } from './norms.js';
export { invariantsDiagnostic } from './invariants.js';
export { marginDiagnostic } from './margin.js';
export { singularValuesDiagnostic, stableRankDiagnostic, alignmentDiagnostic } from './spectral.js';
export { directionalGapDiagnostic } from './direction.js';
export { bregmanGapDiagnostic, hasBregmanCoordinates, isLinearInTheta } from './bregmanGap.js';
export { softRanks, softRankDiagnostic, type SoftRanks } from './softRank.js';
export { valueWithError, gradWithError, hessianWithError } from './objectiveBounds.js';
export { defaultMajorant } from './rounding.js';

/** A diagnostic's compute function; entries keep their own (generic) signature, so each entry's return type. */
type Compute = <R extends Repr>(ctx: DiagnosticContext<R>) => DiagnosticValue<R>;

/** A registered diagnostic whose `compute` keeps its specific return type (a ball, a record of balls …). */
export type TypedDiagnostic<C extends Compute> = Omit<Diagnostic, 'compute'> & { readonly compute: C };

const entry = <C extends Compute>(
  name: string,
  doc: string,
  applies: <R extends Repr>(F: Objective<R>) => boolean,
  compute: C,
): TypedDiagnostic<C> => ({ name, doc, applies, compute });

/** An entry whose compute calls objective members `needs` (it applies only when F has them, and `applies` holds). */
const needing = <C extends Compute>(
  needs: readonly Capability[],
  name: string,
  doc: string,
  applies: <R extends Repr>(F: Objective<R>) => boolean,
  compute: C,
): TypedDiagnostic<C> => ({
  name,
  doc,
  needs,
  applies: (F) => needs.every((c) => hasCapability(F, c)) && applies(F),
  compute: (<R extends Repr>(ctx: DiagnosticContext<R>) => {
    requireCapabilities(ctx.F, needs, `diagnostic ${name}`);
    return compute(ctx);
  }) as C,
});

/** Every diagnostic by name. */
export const DIAGNOSTICS = {
  loss: needing(['errorModel'], 'loss', 'F(θ) ± rounding bound', hasObjectiveBounds, lossDiagnostic),
  gradNorm: needing(['errorModel'], 'gradNorm', '‖∇F(θ)‖₂ ± rounding bound', hasObjectiveBounds, gradNormDiagnostic),
  sharpness: needing(
    ['hessianErrorModel'],
    'sharpness',
    'λ_max(∇²F(θ)) ± (eigensolver bound + Hessian rounding)',
    hasObjectiveBounds,
    sharpnessDiagnostic,
  ),
  norms: entry('norms', '‖θ_block‖₂ per layout block and ‖θ‖₂ ("total")', () => true, normsDiagnostic),
  invariants: entry(
    'invariants',
    'GF-conserved quantities: w_i² − w_j², aaᵀ − bbᵀ, D_l = W_{l+1}ᵀW_{l+1} − W_lW_lᵀ, neuron balance',
    hasInvariants,
    invariantsDiagnostic,
  ),
  margin: entry('margin', 'min_i y_i f(θ; x_i) / ‖θ‖^L for an L-homogeneous model', hasMargin, marginDiagnostic),
  singularValues: entry(
    'singularValues',
    'singular values of every matrix block',
    hasMatrixBlocks,
    singularValuesDiagnostic,
  ),
  stableRank: entry('stableRank', '‖W‖_F²/‖W‖₂² per matrix block', hasMatrixBlocks, stableRankDiagnostic),
  softRank: entry(
    'softRank',
    'soft ranks per matrix block: stable ‖W‖_F²/‖W‖₂², participation ‖W‖_F⁴/‖WᵀW‖_F², entropy exp H₁(p), nuclear ‖W‖_*²/‖W‖_F²',
    hasSoftRankBlocks,
    softRankDiagnostic,
  ),
  taylor: needing(
    ['errorModel'],
    'taylor',
    'c_0 … c_6 of F(θ − η∇F(θ)) = Σ c_j η^j (Taylor-mode jets; the exact gradient enclosed by its bar); needs an empirical risk of a model with a jet forward: every MODELS kind, not a closed form or a user objective',
    hasTaylorJet,
    taylorDiagnostic,
  ),
  alignment: entry(
    'alignment',
    "|⟨v_{l+1}, u_l⟩| between adjacent layers' top singular vectors",
    hasAlignedPairs,
    alignmentDiagnostic,
  ),
  directionalGap: {
    ...entry(
      'directionalGap',
      '‖w/‖w‖ − ŵ/‖ŵ‖‖ for a linear predictor (e.g. linearClassifier) and a given ŵ (ctx.direction)',
      isLinearPredictor,
      directionalGapDiagnostic,
    ),
    needsDirection: true,
  },
  bregmanGap: {
    ...entry(
      'bregmanGap',
      '‖θ − w*‖∞ for a given enclosure of the Bregman oracle w* = argmin_{Xw=y} D_Φ(w, θ₀) (ctx.oracle), models linear in θ (the diagonal network: ‖u⊙u − v⊙v − w*‖∞)',
      hasBregmanCoordinates,
      bregmanGapDiagnostic,
    ),
    needsOracle: true,
  },
} as const satisfies Record<string, TypedDiagnostic<Compute>>;

/** A registered diagnostic name. */
export type DiagnosticName = keyof typeof DIAGNOSTICS;

/** The registered names (for CLIs). */
export const DIAGNOSTIC_NAMES = Object.keys(DIAGNOSTICS) as DiagnosticName[];

/** The diagnostic with this name; throws a RangeError listing the known names otherwise. */
export function diagnosticByName(name: string): Diagnostic {
  if (!Object.prototype.hasOwnProperty.call(DIAGNOSTICS, name)) {
    throw new RangeError(`diagnostics: unknown diagnostic '${name}' (known: ${DIAGNOSTIC_NAMES.join(', ')})`);
  }
  return DIAGNOSTICS[name as DiagnosticName];
}

/** Names of the diagnostics that apply to F. */
export function applicableDiagnostics<R extends Repr>(F: Objective<R>): DiagnosticName[] {
  return DIAGNOSTIC_NAMES.filter((n) => DIAGNOSTICS[n].applies(F));
}

/** Extra context the hooks pass to every diagnostic. */
export interface HookOptions<R extends Repr> {
  readonly direction?: V<R>;
  readonly oracle?: { readonly value: V<R>; readonly err: V<R> };
  readonly majorant?: Model<R>;
}

/**
 * Hooks for `run`'s `diagnostics` option: { [name]: (F, θ_k, k) → DIAGNOSTICS[name].compute({ F, θ: θ_k, k, … }) }.
 * Throws (at construction) for an unknown name; each hook carries its diagnostic's `needs`, which `run` checks
 * against F before the first step.
 */
export function diagnosticHooks<R extends Repr, N extends string>(
  names: readonly N[],
  opts: HookOptions<R> = {},
): { readonly [K in N]: DiagnosticFn<R, DiagnosticValue<R>> } {
  const out: Record<string, DiagnosticFn<R, DiagnosticValue<R>>> = {};
  for (const name of names) {
    const d = diagnosticByName(name);
    const fn = (F: Objective<R>, theta: V<R>, k: number) =>
      d.compute({
        F,
        theta,
        k,
        ...(opts.direction === undefined ? {} : { direction: opts.direction }),
        ...(opts.oracle === undefined ? {} : { oracle: opts.oracle }),
        ...(opts.majorant === undefined ? {} : { majorant: opts.majorant }),
      });
    out[name] = d.needs === undefined ? fn : Object.assign(fn, { needs: d.needs });
  }
  return out as { readonly [K in N]: DiagnosticFn<R, DiagnosticValue<R>> };
}
