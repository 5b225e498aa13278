/**
 * `thm simulate` with `"output": "moments"`: the exact mean and covariance of SGD or heavy-ball SGDM on a quadratic
 * model with additive Gaussian gradient noise (src/moments/), per saved step, instead of one sample path. The spec's
 * frame is the trajectory spec's (model, stepper, steps, save); it adds "noise": {"gaussian": …} and "output".
 * README.md ("thm simulate", exact moments) documents the fields and the output.
 */
import { savePlan } from '../dynamics/save.js';
import type { SavePolicy } from '../dynamics/types.js';
import { count, fail, mat, num, obj, oneOf, onlyKeys, positive, type JsonObject } from '../json/read.js';
import { marginal, noiseOverLr, pointMass, propagate, sgdmSystem, sgdSystem } from '../moments/linearGaussian.js';
import { expectQuadratic } from '../moments/expectations.js';
import type { Backend, Num, Repr } from '../numeric/types.js';
import { quadraticJson } from '../objective/quadratic.js';
import { MAX_STEPS, parseSave, type DiscreteSave } from './spec.js';

/** A validated moments spec. */
export interface MomentsSpec {
  readonly A: readonly (readonly Num[])[];
  readonly b?: readonly Num[];
  readonly theta0: readonly Num[];
  readonly stepper: { readonly kind: 'sgd' | 'sgdm'; readonly lr: Num; readonly beta?: Num };
  /** Σ directly, or a factor C with Σ = CCᵀ; perLr: Σ/η (η the stepper's lr). */
  readonly noise: { readonly cov?: Num[][]; readonly factor?: Num[][]; readonly perLr: boolean };
  readonly steps: number;
  readonly save: DiscreteSave;
}

/** One saved point: k, the mean and covariance of θ_k, and E F(θ_k). */
export interface MomentPointJson {
  readonly k: number;
  readonly mean: Num[];
  readonly cov: Num[][];
  readonly expectedLoss: Num;
}

export interface MomentsJson {
  readonly backend: string;
  readonly output: 'moments';
  /** ok | diverged (a non-finite mean or covariance entry). */
  readonly result: 'ok' | 'diverged';
  readonly message: string;
  readonly trajectory: MomentPointJson[];
}

const TOP = ['model', 'stepper', 'noise', 'steps', 'save', 'output'];
const NOT_HERE =
  'does not apply to "output": "moments" (exact moments need no seed, minibatch noise is not Gaussian, and the gradient noise is spec.noise)';

/** True when a spec asks for moments (checked before the trajectory parser, which does not know these fields). */
export function wantsMoments(json: unknown): boolean {
  return typeof json === 'object' && json !== null && !Array.isArray(json) && (json as JsonObject).output === 'moments';
}

function symmetric(A: Num[][], path: string): void {
  for (let i = 0; i < A.length; i++)
    for (let j = i + 1; j < A.length; j++)
      if (A[i]![j] !== A[j]![i])
        fail(`${path}[${i}][${j}]`, `${A[i]![j]} ≠ ${path}[${j}][${i}] = ${A[j]![i]} (must be symmetric)`);
}

/** Validates a moments spec; every error is one line naming the field (an InputError). */
export function parseMomentsSpec(json: unknown): MomentsSpec {
  const o = obj(json, 'spec');
  onlyKeys(o, 'spec', TOP, 'a moments spec ("output": "moments")');
  const m = obj(o.model, 'spec.model');
  if (m.kind !== 'quadratic')
    fail(
      'spec.model.kind',
      `"output": "moments" needs {"kind": "quadratic", …} (moments are exact for linear-Gaussian dynamics only), got ${JSON.stringify(m.kind)}`,
    );
  onlyKeys(m, 'spec.model', ['kind', ...quadraticJson.fields], 'quadratic');
  const q = quadraticJson.parse(m, 'spec.model');
  const d = q.theta0.length;

  const s = obj(o.stepper, 'spec.stepper');
  const kind = oneOf(s.kind, 'spec.stepper.kind', ['sgd', 'sgdm'] as const, 'stepper kind for moments');
  for (const k of Object.keys(s)) {
    if (k === 'seed' || k === 'batch' || k === 'noise') fail(`spec.stepper.${k}`, NOT_HERE);
  }
  onlyKeys(s, 'spec.stepper', kind === 'sgd' ? ['kind', 'lr'] : ['kind', 'lr', 'beta'], kind);
  if (s.lr === undefined) fail('spec.stepper.lr', 'is required (the learning rate, e.g. "0.1")');
  const lr = positive(s.lr, 'spec.stepper.lr', 'the learning rate');
  if (kind === 'sgdm' && s.beta === undefined) fail('spec.stepper.beta', 'is required (the momentum β, e.g. "0.9")');
  const stepper = kind === 'sgd' ? { kind, lr } : { kind, lr, beta: num(s.beta, 'spec.stepper.beta') };

  if (o.noise === undefined)
    fail('spec.noise', 'is required for "output": "moments" (e.g. {"gaussian": {"cov": [["1"]]}})');
  const nz = obj(o.noise, 'spec.noise');
  onlyKeys(nz, 'spec.noise', ['gaussian'], 'noise');
  const g = obj(nz.gaussian, 'spec.noise.gaussian');
  onlyKeys(g, 'spec.noise.gaussian', ['cov', 'factor', 'perLr'], 'gaussian noise');
  if ((g.cov === undefined) === (g.factor === undefined))
    fail('spec.noise.gaussian', 'give exactly one of "cov" (Σ, d×d symmetric) and "factor" (C, d×r with Σ = CCᵀ)');
  let noise: MomentsSpec['noise'];
  if (g.perLr !== undefined && typeof g.perLr !== 'boolean')
    fail('spec.noise.gaussian.perLr', `must be true or false (Σ/η when true), got ${JSON.stringify(g.perLr)}`);
  const perLr = g.perLr === true;
  if (g.cov !== undefined) {
    const cov = mat(g.cov, 'spec.noise.gaussian.cov', d, d, 'size of model.A');
    symmetric(cov, 'spec.noise.gaussian.cov');
    noise = { cov, perLr };
  } else {
    noise = { factor: mat(g.factor, 'spec.noise.gaussian.factor', d), perLr };
  }

  if (o.steps === undefined) fail('spec.steps', 'is required (a non-negative integer)');
  const steps = count(o.steps, 'spec.steps', 0);
  if (steps > MAX_STEPS) fail('spec.steps', `${steps} exceeds the limit of ${MAX_STEPS} steps per thm simulate run`);
  const save = parseSave(o.save, false, steps, undefined) as DiscreteSave;
  return {
    A: q.spec.A,
    ...(q.spec.b === undefined ? {} : { b: q.spec.b }),
    theta0: q.theta0,
    stepper,
    noise,
    steps,
    save,
  };
}

function policy(save: DiscreteSave): SavePolicy {
  if ('final' in save) return 'final';
  if ('every' in save) return { every: save.every };
  if ('steps' in save) return { at: save.steps };
  return { logSpaced: save.logSpaced };
}

/** Runs a parsed moments spec on B. */
export function simulateMoments<R extends Repr>(B: Backend<R>, spec: MomentsSpec): MomentsJson {
  const H = B.mat(spec.A);
  const d = B.rows(H);
  const b = spec.b === undefined ? B.zeros(d) : B.vec(spec.b);
  const lr = B.num(spec.stepper.lr);
  let Sigma = spec.noise.cov !== undefined ? B.mat(spec.noise.cov) : B.mat(spec.noise.factor!);
  if (spec.noise.factor !== undefined) Sigma = B.gemm(Sigma, Sigma, false, true);
  if (spec.noise.perLr) Sigma = noiseOverLr(B, Sigma, lr);
  const q = { H, b, Sigma };
  const sys = spec.stepper.kind === 'sgd' ? sgdSystem(B, q, lr) : sgdmSystem(B, q, lr, B.num(spec.stepper.beta!));
  const plan = savePlan(policy(spec.save), spec.steps);
  const out = propagate(
    B,
    sys,
    pointMass(B, sys, B.vec(spec.theta0)),
    spec.steps,
    (k) => plan.has(k) || k === spec.steps,
  );
  const half = B.num('0.5');
  const trajectory = out.points.map((p): MomentPointJson => {
    const x = marginal(B, p.moments, d);
    // E F = ½E[θᵀHθ] − bᵀE θ
    const loss = B.sub(B.mul(half, expectQuadratic(B, x, H)), B.dot(b, x.mean));
    return { k: p.k, mean: B.vshow(x.mean), cov: B.mshow(x.cov), expectedLoss: B.show(loss) };
  });
  return {
    backend: B.id,
    output: 'moments',
    result: out.diverged ? 'diverged' : 'ok',
    message: out.diverged
      ? `the moments became non-finite at step ${out.last.k} (the ${sys.name} recursion is unstable for this lr and curvature: lower lr)`
      : `${spec.steps} steps of exact moment propagation (${sys.name})`,
    trajectory,
  };
}

/** The moments as a compact table (the CLI without --json): k, E F, mean, covariance rows. */
export function formatMoments(r: MomentsJson): string {
  const short = (x: string): string => {
    const n = Number(x);
    return Number.isFinite(n) ? String(Number(n.toPrecision(8))) : x;
  };
  const lines = [`backend ${r.backend}  result ${r.result}  output moments`, 'k  E[F]  mean  cov'];
  for (const p of r.trajectory) {
    const mean = `[${p.mean.map(short).join(' ')}]`;
    const cov = `[${p.cov.map((row) => row.map(short).join(' ')).join('; ')}]`;
    lines.push(`${p.k}  ${short(p.expectedLoss)}  ${mean}  ${cov}`);
  }
  if (r.result !== 'ok') lines.push(r.message);
  return lines.join('\n');
}
