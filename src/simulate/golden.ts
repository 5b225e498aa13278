/**
 * Golden trajectories: short runs of the simulate specs below computed at dec:50 (decimal.js) and stored in
 * fixtures/golden/<case>.json. The engine must reproduce them digit for digit at dec:50 and within a derived rounding
 * (discrete) or integrator (flow) tolerance at dd, f64 and mpfr:50 — the last an independent implementation at the
 * same digits, which cross-checks the golden itself (golden.test.ts). Regenerate with
 * `npm run golden:update` (= `tsx src/simulate/goldenUpdate.ts [case …]`) after an intended engine change.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_VERSION } from '../theorem/fixtures.js';
import { simulate, type SimulationJson } from './simulate.js';

/** The backend goldens are computed on. */
export const GOLDEN_BACKEND = 'dec:50';

/** fixtures/golden/ (from this file's location, so it works from any cwd). */
export const GOLDEN_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/golden');

/**
 * The cases: simulate specs (public format, README.md "thm simulate"). Kept short (≤ 200 steps, a few saves) so that
 * dec:50 regeneration takes seconds.
 */
export const GOLDEN_CASES = {
  /** GD on the depth-2 linear network ½(aᵀb − 0.7)² (Beneventano & Woodworth 2025 setting), k = 2. */
  gd_linear2: {
    model: { kind: 'linear2', a: ['0.1', '0.2'], b: ['0.3', '-0.1'] },
    data: { x: [['1']], y: ['0.7'] },
    loss: 'square',
    stepper: { kind: 'gd', lr: '0.25' },
    steps: 120,
    save: { every: 30 },
    diagnostics: ['loss', 'gradNorm', 'sharpness', 'invariants'],
  },
  /** Gradient flow on the depth-3 scalar network ½(w₁w₂w₃ − 1)², started unbalanced. */
  gf_scalarNet: {
    model: { kind: 'scalarNet', w: ['0.5', '0.6', '0.7'] },
    data: { x: [['1']], y: ['1'] },
    loss: 'square',
    stepper: { kind: 'flow', rtol: '1e-12', atol: '1e-12' },
    t1: '4',
    save: { every: '1' },
    diagnostics: ['loss', 'gradNorm', 'invariants'],
  },
  /** Logistic GD on a separable set whose max-margin direction is (1, 1)/√2 (support vectors y·x = (1, 1), (2, 0)). */
  gd_logistic_separable: {
    model: { kind: 'linearClassifier', w: ['0', '0'] },
    data: {
      x: [
        ['1', '1'],
        ['-1', '-1'],
        ['2', '0'],
        ['-1', '-3'],
      ],
      y: ['1', '-1', '1', '-1'],
    },
    loss: 'logistic',
    stepper: { kind: 'gd', lr: '0.5' },
    steps: 200,
    save: { steps: [1, 10, 50, 100] },
    diagnostics: ['loss', 'gradNorm', 'margin', 'directionalGap'],
    reference: { w: ['1', '1'] },
  },
  /** Polyak heavy ball on F(θ) = ½θᵀAθ − bᵀθ with A ≻ 0 (λ ≈ 2.21, 0.79), η = 0.2, β = 0.5. */
  heavyBall_quadratic: {
    model: {
      kind: 'quadratic',
      A: [
        ['2', '0.5'],
        ['0.5', '1'],
      ],
      b: ['1', '0'],
      theta: ['1', '1'],
    },
    stepper: { kind: 'heavyBall', lr: '0.2', beta: '0.5' },
    steps: 100,
    save: { every: 25 },
    diagnostics: ['loss', 'gradNorm', 'sharpness'],
  },
} as const;

export type GoldenCase = keyof typeof GOLDEN_CASES;
export const GOLDEN_CASE_NAMES = Object.keys(GOLDEN_CASES) as GoldenCase[];

/** A golden file: engine version, backend, the spec and what `simulate` returned on it. */
export interface GoldenFile {
  readonly engine: string;
  readonly backend: string;
  readonly spec: unknown;
  readonly result: string;
  readonly trajectory: SimulationJson['trajectory'];
  readonly stats?: SimulationJson['stats'];
}

export function goldenPath(name: string): string {
  return path.join(GOLDEN_DIR, `${name}.json`);
}

/** Runs a case at dec:50. */
export function computeGolden(name: GoldenCase): GoldenFile {
  const spec = GOLDEN_CASES[name];
  const r = simulate(spec, { backend: GOLDEN_BACKEND });
  return {
    engine: ENGINE_VERSION,
    backend: r.backend,
    spec,
    result: r.result,
    trajectory: r.trajectory,
    ...(r.stats === undefined ? {} : { stats: r.stats }),
  };
}

export function readGolden(name: string): GoldenFile {
  return JSON.parse(fs.readFileSync(goldenPath(name), 'utf8')) as GoldenFile;
}

/** Writes atomically (temporary file + rename). */
export function writeGolden(name: string, g: GoldenFile): string {
  const file = goldenPath(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(g, null, 2)}\n`);
  fs.renameSync(tmp, file);
  return file;
}
