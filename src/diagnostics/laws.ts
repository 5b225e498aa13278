/**
 * The diagnostic law suite: laws every registered diagnostic (index.ts `DIAGNOSTICS`) must satisfy on
 * exact instances. laws.test.ts runs every law × every registered diagnostic × every backend; a new diagnostic joins
 * by being added to the registry, a new model by being added to models/index.ts `MODELS`.
 *
 * 1. Honest error bars (every diagnostic): on the SAME exact instance (dyadic inputs, exactly representable on f64, dd
 *    and dec), |value_B − value_dec60| ≤ err_B + err_dec60, with B's value and err carried to the reference exactly
 *    (`toRef`).
 * 2. sharpness of a diagonal quadratic ½θᵀdiag(λ)θ is max λ within err (exact: λ are dyadics).
 * 3. stableRank of a rank-1 layer W = xzᵀ is 1 within err.
 * 4. margin is invariant under θ → cθ (c > 0 dyadic, so cθ is exact): |γ(cθ) − γ(θ)| ≤ err(cθ) + err(θ).
 * Structural laws (2–4) name the diagnostic they constrain; they fail if it is missing from the registry.
 */
import fc from 'fast-check';
import { LOSSES, type LossKind } from '../losses/index.js';
import { MODELS, type ModelKind } from '../models/index.js';
import type { ModelCase, ModelEntry } from '../models/cases.js';
import { deepLinear } from '../models/deepLinear.js';
import { exactDecimal } from '../numeric/exact.js';
import type { AnyBackend, Backend, Measured, Num, Repr, S } from '../numeric/types.js';
import { objective, type Reduction } from '../objective/objective.js';
import { quadratic } from '../objective/quadratic.js';
import { DIAGNOSTICS } from './index.js';
import { isMeasured, type Diagnostic, type DiagnosticContext, type DiagnosticValue } from './types.js';

/** One exact law instance: an empirical risk of a registered model, or a diagonal quadratic. */
export type DiagnosticCase =
  | {
      readonly type: 'risk';
      readonly model: ModelKind;
      readonly mcase: ModelCase<unknown>;
      readonly loss: LossKind;
      readonly reduction: Reduction;
      /** Reference direction ŵ (dim θ), nonzero. */
      readonly direction: Num[];
    }
  | { readonly type: 'quadratic'; readonly diag: Num[]; readonly theta: Num[] };

const dyadic = fc.integer({ min: -16, max: 16 }).map((k) => exactDecimal(k / 8));

/** A registry entry, seen with its spec type forgotten (entries' members are methods, bivariant in Spec). */
function entryOf(kind: ModelKind): ModelEntry<unknown> {
  return MODELS[kind];
}

/** Risk cases over every registered model (labels ±1 for the margin losses). */
export const riskCases: fc.Arbitrary<DiagnosticCase> = fc
  .constantFrom(...(Object.keys(MODELS) as ModelKind[]))
  .chain((model) =>
    fc.record({
      model: fc.constant(model),
      mcase: entryOf(model).cases,
      loss: fc.constantFrom<LossKind>('square', 'logistic', 'exponential'),
      reduction: fc.constantFrom<Reduction>('mean', 'sum'),
    }),
  )
  .chain((r) =>
    fc.array(dyadic, { minLength: r.mcase.theta.length, maxLength: r.mcase.theta.length }).map((dir) => ({
      type: 'risk' as const,
      ...r,
      mcase:
        r.loss === 'square' ? r.mcase : { ...r.mcase, y: r.mcase.y.map((y: Num) => (y.startsWith('-') ? '-1' : '1')) },
      direction: dir.some((x) => Number(x) !== 0) ? dir : dir.map((_, i) => (i === 0 ? '1' : '0')),
    })),
  );

/** Diagonal quadratic cases (dims 1–5). */
export const quadraticCases: fc.Arbitrary<DiagnosticCase> = fc.integer({ min: 1, max: 5 }).chain((d) =>
  fc.record({
    type: fc.constant('quadratic' as const),
    diag: fc.array(dyadic, { minLength: d, maxLength: d }),
    theta: fc.array(dyadic, { minLength: d, maxLength: d }),
  }),
);

export const diagnosticCases: fc.Arbitrary<DiagnosticCase> = fc.oneof(
  { weight: 4, arbitrary: riskCases },
  { weight: 1, arbitrary: quadraticCases },
);

/** The context of a case on B (model, loss, data, θ, ŵ, an oracle ball; the rounding majorant is the model's own). */
export function instantiateCase<R extends Repr>(B: Backend<R>, c: DiagnosticCase): DiagnosticContext<R> {
  if (c.type === 'quadratic') {
    const A = B.diag(B.vec(c.diag));
    return { F: quadratic(B, { A }), theta: B.vec(c.theta) };
  }
  const model = entryOf(c.model).factory(B, c.mcase.spec);
  const F = objective(
    B,
    model,
    LOSSES[c.loss].make(B),
    { X: B.mat(c.mcase.X), y: B.vec(c.mcase.y) },
    { reduction: c.reduction },
  );
  // the reference direction doubles as the centre of an oracle enclosure (radius 1/16 each) for bregmanGap
  const oracle = { value: B.vec(c.direction), err: B.vec(c.direction.map(() => '0.0625')) };
  return { F, theta: B.vec(c.mcase.theta), direction: B.vec(c.direction), oracle };
}

/** Leaf-by-leaf walk of two diagnostic values of the same shape. */
export function zipLeaves<R extends Repr, Q extends Repr>(
  a: DiagnosticValue<R>,
  b: DiagnosticValue<Q>,
  path: string,
  visit: (x: Measured<R>, y: Measured<Q>, path: string) => void,
): void {
  if (isMeasured(a) || isMeasured(b)) {
    if (!isMeasured(a) || !isMeasured(b)) throw new Error(`${path}: one side is a measured value, the other is not`);
    visit(a, b, path);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length)
      throw new Error(`${path}: array shapes differ`);
    const bs: readonly DiagnosticValue<Q>[] = b;
    a.forEach((x: DiagnosticValue<R>, i) => zipLeaves(x, bs[i]!, `${path}[${i}]`, visit));
    return;
  }
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  if (ka.join('|') !== kb.join('|')) throw new Error(`${path}: keys differ (${ka.join(', ')} vs ${kb.join(', ')})`);
  const ra = a as Readonly<Record<string, DiagnosticValue<R>>>;
  const rb = b as Readonly<Record<string, DiagnosticValue<Q>>>;
  for (const k of ka) zipLeaves(ra[k]!, rb[k]!, `${path}.${k}`, visit);
}

/** The measured leaf of v (at `key` when given); throws naming `what` when the value has another shape. */
function measured<R extends Repr>(v: DiagnosticValue<R>, what: string, key?: string): Measured<R> {
  const leaf =
    key === undefined
      ? v
      : isMeasured(v) || Array.isArray(v)
        ? undefined
        : (v as Readonly<Record<string, DiagnosticValue<R> | undefined>>)[key];
  if (leaf === undefined || !isMeasured(leaf)) {
    throw new Error(`${what}: expected a value with an error bar${key === undefined ? '' : ` at key ${key}`}`);
  }
  return leaf;
}

/** Throws unless every leaf's err is finite and ≥ 0 and its value finite. */
function checkWellFormed<R extends Repr>(B: Backend<R>, v: DiagnosticValue<R>, what: string): void {
  zipLeaves(v, v, what, (x, _y, path) => {
    if (!B.isFinite(x.value) || !B.isFinite(x.err) || B.cmp(x.err, B.zero) < 0) {
      throw new Error(`${path} [${B.id}]: value ${B.show(x.value)}, err ${B.show(x.err)} is not finite with err ≥ 0`);
    }
  });
}

/**
 * A scalar of B on the reference, exactly for f64 and dd: peel off up to three doubles (x = d₀ + d₁ + … exactly,
 * since x − fl64(x) is exact in a double-double), each imported exactly by `fromDouble`; whatever is left (other
 * backends) is returned as `slack` (its magnitude, from its exact string).
 */
export function toRef<R extends Repr, Q extends Repr>(
  B: Backend<R>,
  ref: Backend<Q>,
  x: S<R>,
): { value: S<Q>; slack: S<Q> } {
  let acc = ref.zero;
  let r = x;
  for (let i = 0; i < 3 && !B.isZero(r); i++) {
    const dbl = B.toNumber(r);
    if (!Number.isFinite(dbl) || dbl === 0) break;
    acc = ref.add(acc, ref.fromDouble(dbl));
    r = B.sub(r, B.fromDouble(dbl));
  }
  return { value: acc, slack: B.isZero(r) ? ref.zero : ref.abs(ref.num(B.show(r))) };
}

/** Law 1: B's interval contains the reference value (module comment). Throws describing the first violation.
 * Returns false when there was nothing to compare (the diagnostic does not apply, or is undefined at this instance on
 * the reference), so that callers can discard such cases (fc.pre) and a diagnostic that always throws cannot pass. */
export function checkHonest<R extends Repr, Q extends Repr>(
  d: Diagnostic,
  c: DiagnosticCase,
  B: Backend<R>,
  ref: Backend<Q>,
): boolean {
  const ctxR = instantiateCase(ref, c);
  if (!d.applies(ctxR.F)) return false;
  let vr: DiagnosticValue<Q>;
  try {
    vr = d.compute(ctxR);
  } catch {
    return false; // undefined at this instance (zero layer, θ = 0): nothing to compare
  }
  const vb = d.compute(instantiateCase(B, c));
  checkWellFormed(B, vb, d.name);
  checkWellFormed(ref, vr, d.name);
  zipLeaves(vb, vr, d.name, (x, y, path) => {
    const v = toRef(B, ref, x.value);
    const e = toRef(B, ref, x.err);
    const tol = ref.add(ref.add(e.value, y.err), ref.add(v.slack, e.slack));
    const diff = ref.abs(ref.sub(v.value, y.value));
    if (ref.cmp(diff, tol) > 0) {
      throw new Error(
        `${path}: ${B.id} gives ${B.show(x.value)} ± ${B.show(x.err)}, ${ref.id} gives ${ref.show(y.value)} ± ${ref.show(y.err)}; ` +
          `|diff| = ${ref.show(diff)} > ${ref.show(tol)} (dishonest error bar)`,
      );
    }
  });
  return true;
}

/** Law 2: sharpness of ½θᵀdiag(λ)θ equals max λ within err. */
export function checkDiagonalSharpness(
  B: AnyBackend,
  diag: Num[],
  theta: Num[],
  d: Diagnostic = DIAGNOSTICS.sharpness,
): void {
  const F = quadratic(B, { A: B.diag(B.vec(diag)) });
  const s = measured(d.compute({ F, theta: B.vec(theta) }), `${d.name} of a quadratic`);
  const want = diag.map((x) => B.num(x)).reduce((m, x) => B.max(m, x));
  if (B.cmp(B.abs(B.sub(s.value, want)), s.err) > 0) {
    throw new Error(
      `sharpness [${B.id}] of diag(${diag.join(', ')}) = ${B.show(s.value)} ± ${B.show(s.err)}, expected ${B.show(want)}`,
    );
  }
}

/** Law 3: stableRank of the rank-1 first layer W1 = xzᵀ of a deep linear net is 1 within err (W2 = rest must be
 * nonzero: stableRank throws for a zero block, where it is undefined). */
export function checkRankOneStableRank(
  B: AnyBackend,
  x: Num[],
  z: Num[],
  rest: Num[],
  d: Diagnostic = DIAGNOSTICS.stableRank,
): void {
  const d0 = z.length;
  const d1 = x.length;
  const model = deepLinear(B, { widths: [d0, d1, 1] });
  const W1 = B.flatten(B.ger(B.vec(x), B.vec(z))); // k/8 · k'/8 = kk'/64: exact on every backend
  const theta = B.concat([W1, B.vec(rest)]);
  const F = objective(B, model, LOSSES.square.make(B), { X: B.mat([z.map(() => '1')]), y: B.vec(['1']) });
  const s = measured(d.compute({ F, theta }), `${d.name} of a deep linear net`, 'W1');
  if (B.cmp(B.abs(B.sub(s.value, B.one)), s.err) > 0) {
    throw new Error(`stableRank [${B.id}] of a rank-1 W1 = ${B.show(s.value)} ± ${B.show(s.err)}, expected 1`);
  }
}

/** Law 4: margin(cθ) = margin(θ) within the two bars, for homogeneous models. */
export function checkMarginScaling(
  c: DiagnosticCase,
  scale: Num,
  B: AnyBackend,
  d: Diagnostic = DIAGNOSTICS.margin,
): void {
  if (c.type !== 'risk') return;
  const ctx = instantiateCase(B, c);
  if (!d.applies(ctx.F) || B.isZero(B.nrm2(ctx.theta))) return;
  const m1 = measured(d.compute(ctx), d.name);
  const m2 = measured(d.compute({ ...ctx, theta: B.scal(B.num(scale), ctx.theta) }), `${d.name} at ${scale}·θ`);
  if (B.cmp(B.abs(B.sub(m1.value, m2.value)), B.add(m1.err, m2.err)) > 0) {
    throw new Error(
      `margin [${B.id}] not scale-invariant: ${B.show(m1.value)} ± ${B.show(m1.err)} vs ×${scale}: ${B.show(m2.value)} ± ${B.show(m2.err)}`,
    );
  }
}
