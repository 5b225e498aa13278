/**
 * Runs the model law suite (laws.ts) over every model in the registry (index.ts `MODELS`) on f64, dd and dec:60.
 * A model joins by being added to `MODELS`; a law joins by being added to `MODEL_LAWS`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { MODELS } from './index.js';
import { MODEL_LAWS, instantiate } from './laws.js';
import { scalarNet } from './scalarNet.js';

const ref: AnyBackend = decBackend(60);
const base = fc.readConfigureGlobal().numRuns ?? 100;
// decimal.js is ~1000× slower than f64: fewer runs at the reference keep the file fast (more via FC_NUM_RUNS).
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: base },
  { B: ddBackend(), runs: Math.max(10, Math.floor(base / 2)) },
  { B: ref, runs: Math.max(5, Math.floor(base / 8)) },
];

for (const [name, entry] of Object.entries(MODELS)) {
  describe(`model ${name}`, () => {
    for (const law of MODEL_LAWS) {
      for (const { B, runs } of backends) {
        if (law.cross && B === ref) continue;
        it(`satisfies: ${law.name} (${B.id})`, () => {
          fc.assert(
            fc.property(entry.cases, (k) => law.check(entry, k, B, ref)),
            { numRuns: runs },
          );
        });
      }
    }
  });
}

describe('the law suite can fail', () => {
  it('rejects a model whose vjp is off by a factor 2', () => {
    const entry = MODELS.scalarNet;
    const broken = {
      ...entry,
      factory: (B: AnyBackend, s: { depth: number }) => {
        const m = scalarNet(B, s);
        return { ...m, vjp: (t: unknown, X: unknown, g: unknown) => B.scal(B.int(2), m.vjp(t, X, g)) };
      },
    };
    const law = MODEL_LAWS.find((l) => l.name.startsWith('jvp and vjp are adjoint'))!;
    const k = {
      spec: { depth: 2 },
      X: [['1']],
      theta: ['1', '2'],
      u: ['1', '0'],
      v: ['0', '1'],
      g: ['1'],
      y: ['0'],
      c: '2',
    };
    expect(() => law.check(entry, k, f64Backend())).not.toThrow();
    expect(() => law.check(broken, k, f64Backend())).toThrow(/adjointness/);
  });

  it('rejects a wrong Hessian term at dec:60 through central differences', () => {
    const entry = MODELS.linear2;
    const broken = {
      ...entry,
      factory: (B: AnyBackend, s: { k: number }) => {
        const m = entry.factory(B, s);
        // drops the swap: returns (u_a; u_b) instead of (u_b; u_a)
        return {
          ...m,
          hvpWeighted: (_t: unknown, X: unknown, g: unknown, u: unknown) => B.scal(B.dot(B.flatten(X), g), u),
        };
      },
    };
    const law = MODEL_LAWS.find((l) => l.name.startsWith('hvpWeighted matches'))!;
    const k = {
      spec: { k: 1 },
      X: [['1']],
      theta: ['1', '2'],
      u: ['1', '0'],
      v: ['0', '1'],
      g: ['1'],
      y: ['0'],
      c: '2',
    };
    expect(() => law.check(entry, k, ref)).not.toThrow();
    expect(() => law.check(broken, k, ref)).toThrow(/central difference/);
  });

  it('rejects a fused predictVjp that differs from predict then vjp', () => {
    const entry = MODELS.linear2;
    const broken = {
      ...entry,
      factory: (B: AnyBackend, s: { k: number }) => {
        const m = entry.factory(B, s);
        return {
          ...m,
          predictVjp: (t: unknown, X: unknown, w: (f: unknown) => unknown) => {
            const r = m.predictVjp!(t, X, w);
            return { f: r.f, vjp: B.scal(B.num('1.0000000001'), r.vjp) };
          },
        };
      },
    };
    const law = MODEL_LAWS.find((l) => l.name.startsWith('predictVjp'))!;
    const k = {
      spec: { k: 1 },
      X: [['1']],
      theta: ['1', '2'],
      u: ['1', '0'],
      v: ['0', '1'],
      g: ['1'],
      y: ['0'],
      c: '2',
    };
    expect(() => law.check(entry, k, f64Backend())).not.toThrow();
    expect(() => law.check(broken, k, f64Backend())).toThrow(/predictVjp: vjp/);
  });

  it('rejects a majorant that does not bound the model (half of the model itself)', () => {
    const entry = MODELS.linear2;
    const broken = {
      ...entry,
      factory: (B: AnyBackend, s: { k: number }) => {
        const m = entry.factory(B, s);
        const half = (x: unknown) => B.scal(B.num('0.5'), x);
        const small = { ...m, predict: (t: unknown, X: unknown) => half(m.predict(t, X)) };
        return { ...m, majorant: () => small };
      },
    };
    const law = MODEL_LAWS.find((l) => l.name.startsWith('the declared majorant bounds'))!;
    const k = {
      spec: { k: 1 },
      X: [['1']],
      theta: ['1', '2'],
      u: ['1', '0'],
      v: ['0', '1'],
      g: ['1'],
      y: ['0'],
      c: '2',
    };
    expect(() => law.check(entry, k, f64Backend())).not.toThrow();
    expect(() => law.check(broken, k, f64Backend())).toThrow(/majorant \[f64\]: \|f\|\[0\] = 2 > majorant 1/);
  });

  it('builds the same instance on every backend from exact strings', () => {
    const k = { spec: { k: 2 }, X: [['0.5']], theta: ['0.125', '-1', '2', '0.5'], u: [], v: [], g: [], y: [], c: '1' };
    for (const { B } of backends) {
      const t = instantiate(B, MODELS.linear2, { ...k, u: k.theta, v: k.theta, g: ['1'], y: ['0'] });
      expect(B.show(B.at(t.model.predict(t.theta, t.X), 0))).toBe('-0.125');
    }
  });
});
