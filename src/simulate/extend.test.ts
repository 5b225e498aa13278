/**
 * The cost of a new stepper and a new model, measured (issue: "one catalogue per kind"): in a temporary copy of the
 * repository, a dummy stepper and a dummy model are added the way a contributor would (their own file plus a few
 * lines in their catalogue), the files that changed are counted, and then the law suites (on f64) and a real
 * `thm simulate` process run with the new kinds. Targets: ≤ 2 files for a stepper, ≤ 3 for a model, none under
 * src/simulate/ or src/diagnostics/.
 *
 * The dummies (test-only, never in the repository):
 * - stepper `decayGd`, gradient descent with weight decay λ: θ⁺ = (1 − ηλ)θ − η∇F(θ);
 * - model `squaredLinear`, f(w; x) = (wᵀx)²: ∇f = 2(wᵀx)x, ∇²f = 2xxᵀ, homogeneous of degree 2, its own majorant
 *   (a polynomial with coefficients ≥ 0 is bounded by itself on |w|, |x|).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

const STEPPER_FILE = `/** Gradient descent with weight decay λ: θ⁺ = (1 − ηλ)θ − η∇F(θ) (test-only dummy). */
import type { Backend, Repr, S } from '../numeric/types.js';
import type { Stepper, StepperState } from './types.js';

export function decayGd<R extends Repr>(B: Backend<R>, hyper: { readonly lr: S<R>; readonly decay: S<R> }): Stepper<R, StepperState<R>> {
  const shrink = B.sub(B.one, B.mul(hyper.lr, hyper.decay));
  const negLr = B.neg(hyper.lr);
  return {
    name: 'decayGd',
    params: { lr: B.show(hyper.lr), decay: B.show(hyper.decay) },
    init: (_F, theta) => ({ theta }),
    step: (F, s) => ({ theta: B.axpy(negLr, F.grad(s.theta), B.scal(shrink, s.theta)) }),
    theta: (s) => s.theta,
  };
}
`;

const STEPPER_IMPORTS = `import { decayGd } from './decayGd.js';
import { num as jsonNum } from '../json/read.js';
`;

const STEPPER_ENTRY = `
  decayGd: {
    name: 'decayGd',
    hyper: fc.record({ lr: lrArb, decay: sixteenths(0, 8) }),
    make: (B, s) => decayGd(B, { lr: B.num(s.lr), decay: B.num(s.decay) }),
    withLr: (s, lr) => ({ ...s, lr }),
    asGd: (lr) => ({ lr, decay: '0' }),
    errorGrowth: (s, L) => ({ gamma: Math.abs(1 - Number(s.lr) * Number(s.decay)) + Number(s.lr) * L, K: 2 }),
    json: { fields: ['lr', 'decay'], parse: (o, p) => ({ lr: lrField(o, p), decay: jsonNum(o.decay, \`\${p}.decay\`) }) },
  } satisfies StepperEntry<{ lr: Num; decay: Num }>,`;

const MODEL_FILE = `/** f(w; x) = (wᵀx)² (test-only dummy): ∇f = 2(wᵀx)x, Σ g_i∇²f_i u = 2Xᵀ(g ⊙ Xu). Homogeneity 2. */
import { vec } from '../json/read.js';
import type { Backend, Repr } from '../numeric/types.js';
import type { Model, ModelJson } from './types.js';

export function squaredLinear<R extends Repr>(B: Backend<R>, opts: { readonly d: number }): Model<R> {
  const d = opts.d;
  const two = B.int(2);
  const self: Model<R> = {
    B,
    kind: 'squaredLinear',
    dim: d,
    layout: [{ name: 'w', shape: [d] }],
    homogeneity: 2,
    majorant: () => self,
    predict: (w, X) => B.map('square', B.gemv(X, w)),
    jvp: (w, X, u) => B.scal(two, B.vmul(B.gemv(X, w), B.gemv(X, u))),
    vjp: (w, X, g) => B.gemv(X, B.scal(two, B.vmul(g, B.gemv(X, w))), true),
    hvpWeighted: (_w, X, g, u) => B.gemv(X, B.scal(two, B.vmul(g, B.gemv(X, u))), true),
  };
  return self;
}

export const squaredLinearJson: ModelJson<{ d: number }> = {
  fields: ['w'],
  parse(o, p) {
    const w = vec(o.w, \`\${p}.w\`);
    return { spec: { d: w.length }, theta0: w, inputDim: w.length };
  },
};
`;

const MODEL_IMPORTS = `import fc from 'fast-check';
import { squaredLinear, squaredLinearJson } from './squaredLinear.js';
`;

const MODEL_ENTRY = `
  squaredLinear: {
    factory: <R extends Repr>(B: Backend<R>, s: { d: number }) => squaredLinear(B, s),
    cases: casesFor(fc.record({ d: fc.integer({ min: 1, max: 3 }) }), (s) => ({ dim: s.d, inputDim: s.d })),
    degree: () => 2,
    json: squaredLinearJson,
  } satisfies ModelEntry<{ d: number }>,`;

/** Runs in the copy: the law suites over the registries, for the dummy entries only, on f64 (few runs). */
const LAW_SCRIPT = `import fc from 'fast-check';
import { STEPPERS } from './src/dynamics/index.js';
import { stepperLaws } from './src/dynamics/laws.js';
import { MODELS } from './src/models/index.js';
import { MODEL_LAWS } from './src/models/laws.js';
import { f64Backend } from './src/numeric/f64.js';
import { OBJECTIVE_LAWS } from './src/objective/laws.js';

const B = f64Backend();
let passed = 0;
const stepper = Object.values(STEPPERS).find((e) => e.name === 'decayGd');
for (const law of stepperLaws(B, stepper, { numRuns: 10 })) { law.run(); passed++; }
const entry = Object.entries(MODELS).find(([k]) => k === 'squaredLinear')[1];
for (const law of [...MODEL_LAWS, ...OBJECTIVE_LAWS].filter((l) => !l.cross)) {
  fc.assert(fc.property(entry.cases, (k) => law.check(entry, k, B)), { numRuns: 10, seed: 7 });
  passed++;
}
process.stdout.write(JSON.stringify({ passed }));
`;

/** Inserts `text` after the first line that starts with `anchor` (throws when absent). */
function insertAfter(file: string, anchor: string, text: string): void {
  const s = fs.readFileSync(file, 'utf8');
  const i = s.indexOf(`\n${anchor}`);
  if (i < 0) throw new Error(`${file}: no line starting with ${anchor}`);
  const eol = s.indexOf('\n', i + 1);
  fs.writeFileSync(file, s.slice(0, eol + 1) + text + s.slice(eol + 1));
}

/** Inserts `text` before the first import line. */
function insertImports(file: string, text: string): void {
  const s = fs.readFileSync(file, 'utf8');
  const i = s.search(/^import /m);
  fs.writeFileSync(file, s.slice(0, i) + text + s.slice(i));
}

/** Relative path → content hash of every file under dir. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
    }
  };
  walk(dir);
  return out;
}

/** Files added or changed between two snapshots. */
function touched(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after]
    .filter(([f, h]) => before.get(f) !== h)
    .map(([f]) => f)
    .sort();
}

function node(cwd: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd, encoding: 'utf8' });
}

describe('adding a stepper and a model (temporary copy of the repository)', () => {
  it('takes 2 files each, none under simulate/ or diagnostics/, and thm simulate and the law suites pick them up', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'thm-extend-'));
    try {
      fs.cpSync(path.join(ROOT, 'src'), path.join(tmp, 'src'), { recursive: true });
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(tmp, 'package.json'));
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
      const src = path.join(tmp, 'src');

      const s0 = snapshot(src);
      fs.writeFileSync(path.join(src, 'dynamics/decayGd.ts'), STEPPER_FILE);
      insertImports(path.join(src, 'dynamics/index.ts'), STEPPER_IMPORTS);
      insertAfter(path.join(src, 'dynamics/index.ts'), 'export const STEPPERS = {', `${STEPPER_ENTRY}\n`);
      const s1 = snapshot(src);
      fs.writeFileSync(path.join(src, 'models/squaredLinear.ts'), MODEL_FILE);
      insertImports(path.join(src, 'models/index.ts'), MODEL_IMPORTS);
      insertAfter(path.join(src, 'models/index.ts'), 'export const MODELS = {', `${MODEL_ENTRY}\n`);
      const s2 = snapshot(src);

      const stepperFiles = touched(s0, s1);
      const modelFiles = touched(s1, s2);
      expect(stepperFiles).toEqual(['dynamics/decayGd.ts', 'dynamics/index.ts']);
      expect(modelFiles).toEqual(['models/index.ts', 'models/squaredLinear.ts']);
      expect(stepperFiles.length).toBeLessThanOrEqual(2);
      expect(modelFiles.length).toBeLessThanOrEqual(3);
      for (const f of [...stepperFiles, ...modelFiles]) expect(f).not.toMatch(/^(simulate|diagnostics)\//);

      // The law suites enrol the new entries by registration (run here on f64 with few runs).
      fs.writeFileSync(path.join(tmp, 'laws.ts'), LAW_SCRIPT);
      const laws = node(tmp, ['laws.ts']);
      expect(laws.stderr).toBe('');
      expect(JSON.parse(laws.stdout).passed).toBeGreaterThanOrEqual(5);

      // A real thm simulate process in the copy runs both new kinds. f = w², F = ½f² = w⁴/2, ∇F = 2w³; with η = 1/4,
      // λ = 1/2: w₁ = (7/8)(1/2) − (1/4)(2/8) = 0.375, w₂ = (7/8)(0.375) − (1/4)·2·0.375³ = 0.3017578125 (exact in dd).
      const spec = {
        model: { kind: 'squaredLinear', w: ['0.5'] },
        data: { x: [['1']], y: ['0'] },
        loss: 'square',
        stepper: { kind: 'decayGd', lr: '0.25', decay: '0.5' },
        steps: 2,
        save: { every: 1 },
        diagnostics: ['loss', 'gradNorm', 'sharpness', 'norms', 'margin'],
      };
      const file = path.join(tmp, 'spec.json');
      fs.writeFileSync(file, JSON.stringify(spec));
      const p = node(tmp, ['src/cli/main.ts', 'simulate', '--spec', file, '--json']);
      expect(p.stderr).toBe('');
      expect(p.status).toBe(0);
      const r = JSON.parse(p.stdout) as {
        result: string;
        trajectory: { theta: string[]; loss: string; sharpness: { value: string; err: string } }[];
      };
      expect(r.result).toBe('ok');
      expect(r.trajectory.map((q) => q.theta[0])).toEqual(['0.5', '0.375', '0.3017578125']);
      expect(r.trajectory[0]!.loss).toBe('0.03125');
      // ∇²F = 6w² = 1.5 at w = 1/2, within the reported bar
      const s = r.trajectory[0]!.sharpness;
      expect(Math.abs(Number(s.value) - 1.5)).toBeLessThanOrEqual(Number(s.err));
      // and a typo in the new stepper's fields is one line naming it, like every other kind
      fs.writeFileSync(file, JSON.stringify({ ...spec, stepper: { kind: 'decayGd', lr: '0.25', decy: '0.5' } }));
      const bad = node(tmp, ['src/cli/main.ts', 'simulate', '--spec', file]);
      expect(bad.status).toBe(2);
      expect(bad.stderr.trim()).toMatch(
        /^thm simulate: spec\.stepper\.decy: unknown field \(decayGd takes kind, lr, decay\)$/,
      );
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
