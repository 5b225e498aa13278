/**
 * Runs the objective law suite (laws.ts) over every model in the registry (models/index.ts `MODELS`) on f64, dd and
 * dec:60: a model joins by being added to `MODELS`, a law by being added to `OBJECTIVE_LAWS`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../models/index.js';
import { linear2 } from '../models/linear2.js';
import { ddBackend } from '../numeric/dd.js';
import { decBackend } from '../numeric/decimal.js';
import { f64Backend } from '../numeric/f64.js';
import type { AnyBackend } from '../numeric/types.js';
import { OBJECTIVE_LAWS } from './laws.js';

const base = fc.readConfigureGlobal().numRuns ?? 100;
// decimal.js is ~1000× slower than f64: fewer runs at dec:60 keep the file fast (more via FC_NUM_RUNS).
const backends: { B: AnyBackend; runs: number }[] = [
  { B: f64Backend(), runs: base },
  { B: ddBackend(), runs: Math.max(10, Math.floor(base / 2)) },
  { B: decBackend(60), runs: Math.max(5, Math.floor(base / 8)) },
];

for (const [name, entry] of Object.entries(MODELS)) {
  describe(`objective of model ${name}`, () => {
    for (const law of OBJECTIVE_LAWS) {
      for (const { B, runs } of backends) {
        it(`satisfies: ${law.name} (${B.id})`, () => {
          fc.assert(
            fc.property(entry.cases, (k) => law.check(entry, k, B)),
            { numRuns: runs },
          );
        });
      }
    }
  });
}

describe('the objective law suite can fail', () => {
  it('rejects an objective whose gradient is off by a factor 2 (through a model whose vjp is doubled)', () => {
    const entry = MODELS.linear2;
    const broken = {
      ...entry,
      factory: (B: AnyBackend, s: { k: number }) => {
        const m = linear2(B, s);
        const { predictVjp: _fused, ...rest } = m;
        return { ...rest, vjp: (t: unknown, X: unknown, g: unknown) => B.scal(B.int(2), m.vjp(t, X, g)) };
      },
    };
    const law = OBJECTIVE_LAWS.find((l) => l.name.includes('gradient matches'))!;
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
    const B = f64Backend();
    expect(() => law.check(entry, k, B)).not.toThrow();
    expect(() => law.check(broken, k, B)).toThrow(/central difference/);
  });
});
