import { describe, expect, it } from 'vitest';
import { simulate } from '../simulate/simulate.js';
import { POTENTIALS } from './registry.js';

// Every registered potential is reachable from `thm simulate` through mirrorDescent's "potential" field.
const base = {
  model: { kind: 'linearClassifier', w: ['0.5', '0.25'] },
  data: { x: [['1', '0.5']], y: ['0.75'] },
  loss: 'square',
  steps: 20,
  save: { every: 10 },
  diagnostics: ['loss'],
};

/** A JSON potential for every registry entry, scaled and not. */
const potentials: unknown[] = Object.entries(POTENTIALS).flatMap(([name, e]) => {
  const p: unknown = e.param === null ? name : { [name]: name === 'pNorm' ? '3' : '0.5' };
  return [p, { scaled: p, width: 4 }];
});

describe('thm simulate with every potential', () => {
  it.each(potentials)('mirrorDescent with %j runs and decreases the loss', (potential) => {
    const r = simulate({ ...base, stepper: { kind: 'mirrorDescent', lr: '0.125', potential } }, { backend: 'dd' });
    expect(r.result).toBe('ok');
    const loss = r.trajectory.map((p) => Number(p.loss));
    expect(loss[loss.length - 1]!).toBeLessThan(loss[0]!);
  });

  it('names the field of a bad potential', () => {
    expect(() =>
      simulate(
        { ...base, stepper: { kind: 'mirrorDescent', lr: '0.1', potential: { pNorm: '1' } } },
        { backend: 'f64' },
      ),
    ).toThrow(/spec\.stepper\.potential\.pNorm: 1 must be > 1/);
  });
});
